"""Linkage: measured against the synthetic truth, explained link by link, and kept to decisions."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pytest

from kith.intelligence.engine import Engine
from kith.intelligence.export import EXPORT_TABLES, write_table
from kith.intelligence.linkage import COMPARISONS, LINKS_SCHEMA
from kith.intelligence.pipeline import RunPaths, run
from kith.intelligence.synthetic import score_links
from kith.intelligence.tests.conftest import TODAY, DuckRun, QuietSink, World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_precision_and_recall_against_the_synthetic_truth(world: World, duck_run: DuckRun) -> None:
    """At least 0.99 of links are right and 0.95 of partner records that are someone in Kith are
    linked, despite typos, nicknames, swapped names, moves, missing identifiers and strangers."""
    score = score_links(world.truth, duck_run.results.table("links"), duck_run.results.table("subjects"))
    assert score.subjects > 500
    assert score.precision >= 0.99, score
    assert score.recall >= 0.95, score


def test_every_link_carries_its_weight_and_the_comparisons_that_produced_it(duck_run: DuckRun) -> None:
    links = duck_run.results.table("links").to_pylist()
    assert links
    for link in links:
        lines = link["comparisons"].splitlines()
        assert [line.split("|")[0] for line in lines] == [c.title for c in COMPARISONS]
        weights = [float(line.split("|")[2]) for line in lines]
        assert link["match_weight"] is not None
        assert all(line.split("|")[1] for line in lines)
        # The match weight is the prior plus the comparisons' weights: nothing else goes in.
        prior = link["match_weight"] - sum(weights)
        assert prior == pytest.approx(
            links[0]["match_weight"] - sum(float(x.split("|")[2]) for x in links[0]["comparisons"].splitlines()),
            abs=0.05,
        )


def test_an_nhs_number_or_pupil_number_decides_where_both_sides_have_it(world: World, duck_run: DuckRun) -> None:
    links = duck_run.results.table("links").to_pylist()
    keys = {link["match_key"] for link in links if link["status"] == "linked"}
    assert {"nhs_number", "upn", "probabilistic"} <= keys
    for link in links:
        if link["match_key"] == "nhs_number":
            assert "NHS number|the same|" in link["comparisons"]


def test_uncertain_records_go_to_review_with_their_candidates(duck_run: DuckRun) -> None:
    review = [link for link in duck_run.results.table("links").to_pylist() if link["status"] == "review"]
    assert review
    assert {link["match_key"] for link in review} == {"uncertain"}
    firsts = [link for link in review if link["rank"] == 0]
    assert firsts and all(link["match_weight"] < 10 or link["rank"] == 0 for link in review)


def test_each_partner_record_links_to_one_person_at_most(duck_run: DuckRun) -> None:
    linked = [
        (lk["feed"], lk["person_ref"]) for lk in duck_run.results.table("links").to_pylist() if lk["status"] == "linked"
    ]
    assert len(linked) == len(set(linked))


def _person(export: pa.Table, **match: object) -> dict[str, object]:
    return next(row for row in export.to_pylist() if all(row[k] == v for k, v in match.items()))


def test_named_cases_twins_nicknames_swapped_names_and_a_move(world: World, tmp_path: Path) -> None:
    """Hand-written partner records of known people in the small borough, linked as they should be."""
    import pyarrow.parquet as pq

    persons = pq.read_table(world.export / "persons.parquet")
    addresses = pq.read_table(world.export / "addresses.parquet").to_pylist()
    relationships = pq.read_table(world.export / "relationships.parquet").to_pylist()
    twins = [r for r in relationships if r["kind"] == "sibling"]
    by_id = {p["person_id"]: p for p in persons.to_pylist()}
    pair = next(
        (by_id[r["from_person_id"]], by_id[r["to_person_id"]])
        for r in twins
        if by_id[r["from_person_id"]]["date_of_birth"] == by_id[r["to_person_id"]]["date_of_birth"]
        and by_id[r["from_person_id"]]["given_name"] != by_id[r["to_person_id"]]["given_name"]
    )
    first, second = pair
    current = {a["person_id"]: a["postcode"] for a in addresses if a["ends_on"] is None}
    movers = {}
    for a in addresses:
        movers.setdefault(a["person_id"], []).append(a)
    mover = next(
        by_id[pid] for pid, rows in movers.items() if len(rows) > 1 and by_id.get(pid, {}).get("date_of_birth")
    )
    old_postcode = next(a["postcode"] for a in movers[mover["person_id"]] if a["ends_on"] is not None)
    swapped = next(
        p
        for p in persons.to_pylist()
        if p["date_of_birth"] and p["person_id"] not in (first["person_id"], second["person_id"], mover["person_id"])
    )

    def row(ref: str, person: dict[str, object], **changes: object) -> dict[str, object]:
        base = {
            "record_id": f"X{ref}",
            "person_ref": f"XREF{ref}",
            "given_name": person["given_name"],
            "family_name": person["family_name"],
            "date_of_birth": person["date_of_birth"].isoformat(),
            "sex": person["sex"],
            "postcode": current.get(person["person_id"], ""),
            "nhs_number": "",
            "notification_type": "missing_episode",
            "occurred_on": "2026-10-01",
            "role": "missing_person",
            "offence": "",
            "outcome": "",
            "exploitation_concern": "false",
        }
        return base | changes

    extra = [
        row("1", first),  # a twin, by name
        row("2", second),  # the other twin
        row("3", swapped, given_name=swapped["family_name"], family_name=swapped["given_name"]),
        row("4", mover, postcode=old_postcode),
    ]
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for path in world.files():
        (feeds / path.name).write_bytes(path.read_bytes())
    with (feeds / "police_notifications_extra.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(extra[0]))
        writer.writeheader()
        writer.writerows(extra)
    engine = Engine.duckdb(threads=2)
    try:
        results = run(
            engine,
            RunPaths(tmp_path / "store", world.export, tmp_path / "run"),
            today=TODAY,
            inbox=sorted(feeds.glob("*.csv")),
            sink=QuietSink(),
        )
    finally:
        engine.close()
    linked = {lk["person_ref"]: lk for lk in results.table("links").to_pylist() if lk["status"] == "linked"}
    assert linked["XREF1"]["person_id"] == first["person_id"]
    assert linked["XREF2"]["person_id"] == second["person_id"]
    assert linked["XREF3"]["person_id"] == swapped["person_id"]
    assert "first and last names swapped" in linked["XREF3"]["comparisons"]
    assert linked["XREF4"]["person_id"] == mover["person_id"]
    assert "postcode|an earlier address Kith has" in linked["XREF4"]["comparisons"]


def test_later_runs_keep_to_practitioners_decisions(world: World, duck_run: DuckRun, tmp_path: Path) -> None:
    """A rejected link is never made again; a confirmed suggestion is linked."""
    links = duck_run.results.table("links").to_pylist()
    rejected = next(lk for lk in links if lk["status"] == "linked" and lk["match_key"] == "probabilistic")
    confirmed = next(lk for lk in links if lk["status"] == "review" and lk["rank"] == 0)
    export = tmp_path / "export"
    export.mkdir()
    for path in world.export.glob("*.parquet"):
        (export / path.name).write_bytes(path.read_bytes())
    decisions = [
        {
            "feed": rejected["feed"],
            "person_ref": rejected["person_ref"],
            "person_id": rejected["person_id"],
            "decision": "rejected",
        },
        {
            "feed": confirmed["feed"],
            "person_ref": confirmed["person_ref"],
            "person_id": confirmed["person_id"],
            "decision": "confirmed",
        },
    ]
    write_table(export, "link_decisions", pa.Table.from_pylist(decisions, schema=EXPORT_TABLES["link_decisions"]))
    engine = Engine.duckdb(threads=2)
    try:
        # The store from the first run is reused: its files are already loaded.
        results = run(
            engine, RunPaths(duck_run.store, export, tmp_path / "run"), today=TODAY, inbox=[], sink=QuietSink()
        )
    finally:
        engine.close()
    after = results.table("links").to_pylist()
    assert not [
        lk
        for lk in after
        if (lk["feed"], lk["person_ref"], lk["person_id"])
        == (rejected["feed"], rejected["person_ref"], rejected["person_id"])
    ]
    now = [lk for lk in after if (lk["feed"], lk["person_ref"]) == (confirmed["feed"], confirmed["person_ref"])]
    assert [(lk["person_id"], lk["status"], lk["match_key"]) for lk in now] == [
        (confirmed["person_id"], "linked", "confirmed")
    ]
    assert now[0]["match_weight"] == confirmed["match_weight"]


def test_links_schema_has_no_score_about_a_person() -> None:
    """Weights explain a link between two records; nothing rates a person."""
    assert not [name for name in LINKS_SCHEMA.names if "score" in name or "risk" in name]
