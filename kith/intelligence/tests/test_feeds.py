"""Partner feeds: the registry, whole-file rejection, quarantine, idempotent loads and retention."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kith.intelligence.engine import Engine
from kith.intelligence.feeds import FEEDS, add_months, feed_named
from kith.intelligence.load import (
    FeedStore,
    load_file,
    load_files,
    quarantine_schema,
    remove_expired,
    stored_rows,
)

TODAY = date(2026, 11, 23)
POLICE = feed_named("police_notifications")
HEADER = list(POLICE.column_names)


def police_row(record_id: str, **changes: str) -> dict[str, str]:
    row = {
        "record_id": record_id,
        "person_ref": "N1",
        "given_name": "Jayden",
        "family_name": "Smith",
        "date_of_birth": "2015-03-27",
        "sex": "1",
        "postcode": "kb3 1ab",
        "nhs_number": "9990001006",
        "notification_type": "domestic_abuse",
        "occurred_on": "2026-05-01",
        "role": "child_in_household",
        "offence": "",
        "outcome": "",
        "exploitation_concern": "no",
    }
    return row | changes


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header or HEADER, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def stored(engine: Engine, store: FeedStore) -> list[dict[str, object]]:
    return sorted(engine.to_arrow(stored_rows(engine, store, POLICE)).to_pylist(), key=lambda r: str(r["record_id"]))


# --- The registry ---------------------------------------------------------------------------------


@pytest.mark.parametrize("feed", FEEDS, ids=lambda f: f.name)
def test_each_feed_declares_its_agency_lawful_basis_retention_and_schema(feed: object) -> None:
    """Every feed says who owns it, why it may be shared, how long it is kept and what it holds."""
    assert feed.agency and feed.lawful_basis and "Article 6" in feed.lawful_basis  # type: ignore[attr-defined]
    assert 12 <= feed.retention_months <= 72  # type: ignore[attr-defined]
    assert feed.column(feed.event_date).kind == "date"  # type: ignore[attr-defined]
    assert all(feed.column(key).required for key in feed.natural_key)  # type: ignore[attr-defined]
    for name in ("record_id", "person_ref", "given_name", "family_name", "date_of_birth", "postcode"):
        assert name in feed.column_names  # type: ignore[attr-defined]


def test_the_registry_covers_the_partners_the_strategy_names() -> None:
    assert {f.name for f in FEEDS} == {
        "school_attendance",
        "school_exclusions",
        "police_notifications",
        "health_events",
        "housing_homelessness",
        "youth_justice",
        "adult_services",
    }
    codes = POLICE.column("notification_type").codes
    assert set(codes) == {"domestic_abuse", "missing_episode", "arrest"}
    assert set(feed_named("health_events").column("event_type").codes) == {
        "ed_attendance",
        "maternity_booking",
        "health_visiting",
    }
    assert set(feed_named("adult_services").column("service").codes) >= {"mental_health", "substance_misuse"}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 23), -24, date(2024, 11, 23)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2026, 1, 15), 2, date(2026, 3, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- Whole files ---------------------------------------------------------------------------------


def test_a_file_missing_a_column_is_rejected_with_the_reason(tmp_path: Path, engine: Engine) -> None:
    store = FeedStore(tmp_path / "store")
    path = write_csv(tmp_path / "police.csv", [police_row("P1")], header=[c for c in HEADER if c != "occurred_on"])
    report = load_file(engine, store, POLICE, path, today=TODAY)
    assert report.status == "rejected"
    assert report.reason == "The file does not match the police notifications feed: it has no column occurred_on."
    assert stored(engine, store) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("police.txt", b"record_id\n1\n", "The file must be a CSV file (.csv) or a Parquet file (.parquet)."),
        ("police.csv", b"", "The file is empty."),
        ("police.parquet", b"not parquet at all", "The file could not be read as Parquet."),
        ("police.csv", b"\xff\xfe\x00bad", "The file could not be read as CSV text (UTF-8)."),
    ],
)
def test_files_that_cannot_be_read_are_rejected(
    tmp_path: Path, engine: Engine, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = load_file(engine, FeedStore(tmp_path / "store"), POLICE, path, today=TODAY)
    assert (report.status, report.reason) == ("rejected", reason)


def test_extra_columns_are_refused_so_partners_send_only_what_was_agreed(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "police.csv", [police_row("P1") | {"religion": "x"}], header=[*HEADER, "religion"])
    report = load_file(engine, FeedStore(tmp_path / "store"), POLICE, path, today=TODAY)
    assert report.status == "rejected"
    assert "it has columns the feed does not declare: religion" in report.reason


def test_a_parquet_column_of_the_wrong_type_is_rejected(tmp_path: Path, engine: Engine) -> None:
    columns = {name: pa.array(["x"], pa.string()) for name in HEADER}
    columns["occurred_on"] = pa.array([1.5], pa.float64())
    path = tmp_path / "police.parquet"
    pq.write_table(pa.table(columns), path)
    report = load_file(engine, FeedStore(tmp_path / "store"), POLICE, path, today=TODAY)
    assert report.status == "rejected"
    assert "column occurred_on holds a decimal number but should hold a date" in report.reason


def test_a_typed_parquet_file_loads(tmp_path: Path, engine: Engine) -> None:
    row = police_row("P1")
    columns = {name: pa.array([row[name] or None], pa.string()) for name in HEADER}
    columns["occurred_on"] = pa.array([date(2026, 5, 1)], pa.date32())
    columns["exploitation_concern"] = pa.array([False], pa.bool_())
    path = tmp_path / "police.parquet"
    pq.write_table(pa.table(columns), path)
    store = FeedStore(tmp_path / "store")
    report = load_file(engine, store, POLICE, path, today=TODAY)
    assert (report.status, report.rows_added) == ("loaded", 1)
    assert stored(engine, store)[0]["postcode"] == "KB3 1AB"


# --- Rows -------------------------------------------------------------------------------------------


def test_bad_rows_are_quarantined_with_every_reason_and_counted(tmp_path: Path, engine: Engine) -> None:
    rows = [
        police_row("P1"),
        police_row("P2", given_name="", date_of_birth="2015-02-30", nhs_number="1234567890"),
        police_row("P3", notification_type="burglary", occurred_on="2030-01-01", postcode="nowhere"),
        police_row("P4", sex="7", exploitation_concern="maybe"),
        police_row("P5"),
        police_row("P5", given_name="Other"),
    ]
    store = FeedStore(tmp_path / "store")
    report = load_file(engine, store, POLICE, write_csv(tmp_path / "police.csv", rows), today=TODAY)
    assert (report.status, report.rows_in_file, report.rows_added, report.rows_quarantined) == ("loaded", 6, 1, 5)
    assert report.quarantine_reasons == {
        "date_of_birth must be a real date in the form YYYY-MM-DD": 1,
        "exploitation_concern must be true or false": 1,
        "given_name is missing": 1,
        "nhs_number is not a valid NHS number": 1,
        "notification_type must be one of: domestic_abuse, missing_episode, arrest": 1,
        "occurred_on is in the future": 1,
        "postcode is not a valid postcode": 1,
        "record_id appears more than once in this file": 2,
        "sex must be one of: 0, 1, 2, 9": 1,
    }
    held = engine.to_arrow(engine.read_dataset(store.quarantine_dir(POLICE), quarantine_schema(POLICE)))
    assert sorted(held.column("record_id").to_pylist()) == ["P2", "P3", "P4", "P5", "P5"]
    assert (
        "given_name is missing"
        in dict(zip(held["record_id"].to_pylist(), held["_reasons"].to_pylist(), strict=True))["P2"]
    )


def test_values_are_tidied_as_they_are_typed(tmp_path: Path, engine: Engine) -> None:
    rows = [police_row("P1", postcode=" kb3  1ab ", nhs_number="999 000 1006", exploitation_concern="YES")]
    store = FeedStore(tmp_path / "store")
    load_file(engine, store, POLICE, write_csv(tmp_path / "police.csv", rows), today=TODAY)
    row = stored(engine, store)[0]
    assert (row["postcode"], row["nhs_number"], row["exploitation_concern"]) == ("KB3 1AB", "9990001006", True)
    assert row["offence"] is None  # an empty value is a missing value


# --- Loading twice -----------------------------------------------------------------------------------


def test_loading_the_same_file_twice_changes_nothing(tmp_path: Path, engine: Engine) -> None:
    store = FeedStore(tmp_path / "store")
    path = write_csv(tmp_path / "police.csv", [police_row("P1"), police_row("P2", person_ref="N2")])
    first = load_file(engine, store, POLICE, path, today=TODAY)
    before = stored(engine, store)
    again = load_file(engine, store, POLICE, path, today=date(2026, 11, 24))
    assert (first.rows_added, again.status, again.rows_added) == (2, "already_loaded", 0)
    assert stored(engine, store) == before
    assert "already loaded on 23 November 2026" in again.reason


def test_records_sent_again_in_another_file_are_left_alone_or_replaced(tmp_path: Path, engine: Engine) -> None:
    """The natural key decides: the same record with the same details changes nothing; with
    different details it replaces the one stored."""
    store = FeedStore(tmp_path / "store")
    load_file(engine, store, POLICE, write_csv(tmp_path / "a.csv", [police_row("P1"), police_row("P2")]), today=TODAY)
    later = [police_row("P1"), police_row("P2", role="victim"), police_row("P3")]
    report = load_file(engine, store, POLICE, write_csv(tmp_path / "b.csv", later), today=TODAY)
    assert (report.rows_unchanged, report.rows_replaced, report.rows_added) == (1, 1, 1)
    rows = stored(engine, store)
    assert [(r["record_id"], r["role"]) for r in rows] == [
        ("P1", "child_in_household"),
        ("P2", "victim"),
        ("P3", "child_in_household"),
    ]


def test_files_are_matched_to_feeds_by_name(tmp_path: Path, engine: Engine) -> None:
    store = FeedStore(tmp_path / "store")
    good = write_csv(tmp_path / "police_notifications_2026-11.csv", [police_row("P1")])
    stray = write_csv(tmp_path / "minutes.csv", [police_row("P1")])
    reports = {r.file_name: r for r in load_files(engine, store, [good, stray], today=TODAY)}
    assert reports["police_notifications_2026-11.csv"].status == "loaded"
    assert reports["minutes.csv"].status == "rejected"
    assert sorted(r["status"] for r in store.manifest()["loads"]) == ["loaded", "rejected"]


# --- Retention ------------------------------------------------------------------------------------------


def test_records_already_past_retention_are_not_stored(tmp_path: Path, engine: Engine) -> None:
    store = FeedStore(tmp_path / "store")
    rows = [police_row("OLD", occurred_on="2024-11-22"), police_row("KEPT", occurred_on="2024-11-23")]
    report = load_file(engine, store, POLICE, write_csv(tmp_path / "police.csv", rows), today=TODAY)
    assert (report.rows_past_retention, report.rows_added) == (1, 1)
    assert [r["record_id"] for r in stored(engine, store)] == ["KEPT"]


def test_stored_and_quarantined_rows_are_removed_when_they_pass_retention(tmp_path: Path, engine: Engine) -> None:
    """Police notifications are kept 24 months: on 2 March 2028 a record of 1 March 2026 goes; on
    24 November 2028 a record of 23 November 2026 goes, with the rows quarantined that day."""
    store = FeedStore(tmp_path / "store")
    rows = [
        police_row("P1", occurred_on="2026-03-01"),
        police_row("P2", occurred_on="2026-11-23"),
        police_row("BAD", sex="7"),
    ]
    load_file(engine, store, POLICE, write_csv(tmp_path / "police.csv", rows), today=TODAY)
    assert remove_expired(engine, store, today=date(2028, 3, 1)) == []
    removed = remove_expired(engine, store, today=date(2028, 3, 2))
    assert [(r.feed, r.rows_removed, r.cutoff) for r in removed] == [("police_notifications", 1, date(2026, 3, 2))]
    assert [r["record_id"] for r in stored(engine, store)] == ["P2"]
    assert remove_expired(engine, store, today=date(2028, 11, 23)) == []
    removed = remove_expired(engine, store, today=date(2028, 11, 24))
    assert [(r.rows_removed, r.quarantined_rows_removed) for r in removed] == [(1, 1)]
    assert stored(engine, store) == []
    assert store.manifest()["removals"][0]["cutoff"] == "2026-03-02"


def test_a_removed_record_does_not_come_back_when_its_file_is_sent_again(tmp_path: Path, engine: Engine) -> None:
    store = FeedStore(tmp_path / "store")
    path = write_csv(tmp_path / "police.csv", [police_row("P1", occurred_on="2026-03-01")])
    load_file(engine, store, POLICE, path, today=TODAY)
    remove_expired(engine, store, today=date(2028, 3, 2))
    assert load_file(engine, store, POLICE, path, today=date(2028, 3, 2)).status == "already_loaded"
    assert stored(engine, store) == []
