"""The synthetic partner feeds: deterministic, consistent with the borough, noisy, with the truth."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from kith.intelligence.feeds import FEEDS
from kith.intelligence.names import NICKNAMES
from kith.intelligence.synthetic import generate, nhs_number, typo
from kith.intelligence.tests.conftest import TODAY, World

NICKNAMES_KNOWN = {nick for nicks in NICKNAMES.values() for nick in nicks}


def digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def test_the_same_export_and_seed_give_the_same_files(world: World, tmp_path: Path) -> None:
    again = generate(
        world.export, tmp_path / "again", rows=3000, seed=1, today=TODAY, truth_path=tmp_path / "truth.parquet"
    )
    assert digest(tmp_path / "again") == digest(world.feeds)
    assert pq.read_table(again.truth).equals(world.truth)
    generate(world.export, tmp_path / "other", rows=3000, seed=2, today=TODAY)
    assert digest(tmp_path / "other") != digest(world.feeds)


def test_every_feed_is_written_with_its_declared_columns(world: World) -> None:
    for feed in FEEDS:
        table = pacsv.read_csv(world.feeds / f"{feed.name}.csv")
        assert table.column_names == list(feed.column_names)
        assert table.num_rows == world.summary.rows[feed.name] > 0


def test_the_truth_names_the_kith_person_behind_every_partner_reference(world: World) -> None:
    truth = world.truth.to_pylist()
    refs = {(r["feed"], r["person_ref"]) for r in truth}
    for feed in FEEDS:
        table = pacsv.read_csv(
            world.feeds / f"{feed.name}.csv", convert_options=pacsv.ConvertOptions(strings_can_be_null=False)
        )
        assert {(feed.name, ref) for ref in table.column("person_ref").to_pylist()} <= refs
    strangers = [r for r in truth if r["person_id"] is None]
    assert 0 < len(strangers) < len(truth) * 0.1


def test_partner_records_carry_realistic_noise(world: World) -> None:
    persons = {p["person_id"]: p for p in pq.read_table(world.export / "persons.parquet").to_pylist()}
    truth = {(r["feed"], r["person_ref"]): r["person_id"] for r in world.truth.to_pylist()}
    kinds = {"nickname or known-as": 0, "swapped": 0, "typo": 0, "no nhs number": 0, "no date of birth": 0}
    for feed in ("health_events", "police_notifications", "school_attendance"):
        rows = pacsv.read_csv(
            world.feeds / f"{feed}.csv", convert_options=pacsv.ConvertOptions(strings_can_be_null=False)
        ).to_pylist()
        for row in {r["person_ref"]: r for r in rows}.values():
            person = persons.get(truth[(feed, row["person_ref"])])
            if person is None:
                continue
            given, family = str(row["given_name"]), str(row["family_name"])
            if given == person["family_name"] and family == person["given_name"]:
                kinds["swapped"] += 1
            elif given != person["given_name"] and (
                given == person["preferred_name"] or given.upper() in NICKNAMES_KNOWN
            ):
                kinds["nickname or known-as"] += 1
            elif given != person["given_name"] or family != person["family_name"]:
                kinds["typo"] += 1
            if feed == "health_events" and not row["nhs_number"]:
                kinds["no nhs number"] += 1
            if not row["date_of_birth"]:
                kinds["no date of birth"] += 1
    assert all(count > 0 for count in kinds.values()), kinds


@pytest.mark.parametrize("word", ["Jayden", "Olivia", "Muhammad"])
def test_a_typo_changes_one_or_two_letters(word: str) -> None:
    import random

    rng = random.Random(3)
    for _ in range(20):
        changed = typo(rng, word)
        assert abs(len(changed) - len(word)) <= 1


def test_synthetic_nhs_numbers_are_valid_and_never_the_boroughs() -> None:
    for n in range(200):
        number = nhs_number(n)
        total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
        assert number.startswith("998") and int(number[9]) == (11 - total % 11) % 11
