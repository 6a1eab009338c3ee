"""Loading partner feed files into the store, and removing what has passed its retention period.

A file is checked in three steps, and nothing is lost on the way:

1. The file as a whole: a CSV file's header or a Parquet file's schema must have exactly the
   feed's declared columns (a Parquet column must also be of a type that can hold its values).
   A file that does not match is rejected whole, with the reason, and nothing is stored.
2. Each row: required values present, dates real dates, codes from the feed's list, NHS numbers
   with a correct check digit, postcodes and pupil numbers well formed, no record id twice in the
   file. A row that fails is quarantined with every reason it failed, and counted.
3. Against what is stored, by the feed's natural key: a new record is added, a record already
   stored with the same details is left alone, a record sent again with different details
   replaces the old one. Loading the same file twice changes nothing (the second time is also
   recognised at once by the file's SHA-256).

Rows already past the feed's retention period when they arrive are not stored (and counted).
`remove_expired` removes stored rows, and quarantined rows, once they pass it.

The store is a directory: `manifest.json` (every load and removal, with counts), `feeds/<feed>/`
(the stored rows, typed, with the load they came in) and `quarantine/<feed>/` (rejected rows as
sent, with their reasons).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from kith.intelligence.engine import Engine, dataset_parts
from kith.intelligence.feeds import FEEDS, Column, Feed

LoadStatus = Literal["loaded", "rejected", "already_loaded"]
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"
UPN = r"^[A-Z][0-9]{11}[0-9A-Z]$"
TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")
SEP = "; "
ARROW_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "code": pa.string(),
    "nhs_number": pa.string(),
    "upn": pa.string(),
    "postcode": pa.string(),
    "date": pa.date32(),
    "int": pa.int64(),
    "bool": pa.bool_(),
}
IBIS_TYPES = {"date": "date", "int": "int64", "bool": "boolean"}


@dataclass
class LoadReport:
    """What happened to one file: the counts and reasons the partnership page shows."""

    feed: str
    file_name: str
    sha256: str
    loaded_on: date
    status: LoadStatus
    reason: str = ""
    rows_in_file: int = 0
    rows_added: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    rows_quarantined: int = 0
    rows_past_retention: int = 0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def load_id(self) -> str:
        return self.sha256[:16]

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"loaded_on": self.loaded_on.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoadReport:
        return cls(**(data | {"loaded_on": date.fromisoformat(data["loaded_on"])}))


@dataclass
class RemovalReport:
    """Rows removed because they passed their feed's retention period."""

    feed: str
    removed_on: date
    cutoff: date
    rows_removed: int
    quarantined_rows_removed: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"removed_on": self.removed_on.isoformat(), "cutoff": self.cutoff.isoformat()}


class FeedStore:
    """The directory holding stored feed rows, quarantined rows and the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def rows_dir(self, feed: Feed) -> Path:
        return self.root / "feeds" / feed.name

    def quarantine_dir(self, feed: Feed) -> Path:
        return self.root / "quarantine" / feed.name

    def manifest(self) -> dict[str, list[dict[str, Any]]]:
        try:
            data = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            return {"loads": [], "removals": []}
        return {"loads": list(data.get("loads", [])), "removals": list(data.get("removals", []))}

    def _save(self, manifest: dict[str, list[dict[str, Any]]]) -> None:
        staging = self.manifest_path.with_suffix(".json.new")
        staging.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        os.replace(staging, self.manifest_path)

    def record(self, *, load: LoadReport | None = None, removal: RemovalReport | None = None) -> None:
        manifest = self.manifest()
        if load is not None:
            manifest["loads"].append(load.as_json())
        if removal is not None:
            manifest["removals"].append(removal.as_json())
        self._save(manifest)

    def loads(self) -> list[LoadReport]:
        return [LoadReport.from_json(entry) for entry in self.manifest()["loads"]]

    def earlier_load(self, feed: Feed, sha256: str) -> LoadReport | None:
        for report in self.loads():
            if report.feed == feed.name and report.sha256 == sha256 and report.status == "loaded":
                return report
        return None


def stored_schema(feed: Feed) -> pa.Schema:
    """Stored rows: the feed's columns, typed, and where each row came from."""
    fields = [(c.name, ARROW_TYPES[c.kind]) for c in feed.columns]
    return pa.schema([*fields, ("_load_id", pa.string()), ("_loaded_on", pa.date32()), ("_row_hash", pa.string())])


def quarantine_schema(feed: Feed) -> pa.Schema:
    """Quarantined rows: the values as sent (text), the reasons, and the load."""
    fields = [(c.name, pa.string()) for c in feed.columns]
    return pa.schema([*fields, ("_reasons", pa.string()), ("_load_id", pa.string()), ("_loaded_on", pa.date32())])


def stored_rows(engine: Engine, store: FeedStore, feed: Feed) -> ir.Table:
    return engine.read_dataset(store.rows_dir(feed), stored_schema(feed))


# --- The file as a whole ---------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _parquet_type_fits(column: Column, found: pa.DataType) -> bool:
    if pa.types.is_string(found) or pa.types.is_large_string(found) or pa.types.is_null(found):
        return True
    if column.kind == "date":
        return pa.types.is_date(found) or pa.types.is_timestamp(found)
    if column.kind == "bool":
        return pa.types.is_boolean(found)
    if column.kind in ("int", "text", "code"):
        return pa.types.is_integer(found)
    return False


def _describe_type(found: pa.DataType) -> str:
    if pa.types.is_floating(found):
        return "a decimal number"
    if pa.types.is_integer(found):
        return "a whole number"
    if pa.types.is_boolean(found):
        return "true or false"
    if pa.types.is_date(found) or pa.types.is_timestamp(found):
        return "a date"
    return str(found)


KIND_WORDS = {
    "text": "text",
    "code": "a code",
    "nhs_number": "an NHS number",
    "upn": "a unique pupil number",
    "postcode": "a postcode",
    "date": "a date",
    "int": "a whole number",
    "bool": "true or false",
}


def file_problem(feed: Feed, path: Path) -> str:
    """Why the file cannot be loaded as this feed, or "" when its columns match."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        return "The file must be a CSV file (.csv) or a Parquet file (.parquet)."
    if path.stat().st_size == 0:
        return "The file is empty."
    types: dict[str, pa.DataType] = {}
    if suffix == ".csv":
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle), [])
        except (UnicodeDecodeError, csv.Error):
            return "The file could not be read as CSV text (UTF-8)."
        names = [name.strip() for name in header]
    else:
        try:
            schema = pq.read_schema(path)
        except (pa.ArrowInvalid, OSError):
            return "The file could not be read as Parquet."
        names = list(schema.names)
        types = {f.name: f.type for f in schema}
    problems = []
    missing = [c.name for c in feed.columns if c.name not in names]
    extra = [name for name in names if name not in feed.column_names]
    if missing:
        problems.append(f"it has no column {', '.join(missing)}")
    if extra:
        problems.append(f"it has columns the feed does not declare: {', '.join(extra)}")
    if len(set(names)) != len(names):
        problems.append("a column name appears more than once")
    for column in feed.columns:
        found = types.get(column.name)
        if found is not None and not _parquet_type_fits(column, found):
            problems.append(
                f"column {column.name} holds {_describe_type(found)} but should hold {KIND_WORDS[column.kind]}"
            )
    if not problems:
        return ""
    return f"The file does not match the {feed.title.lower()} feed: {'; '.join(problems)}."


def read_as_text(engine: Engine, feed: Feed, path: Path) -> ir.Table:
    """The file's rows with every declared column as text, and `_extra` holding any value a CSV
    row had beyond its header's columns."""
    if path.suffix.lower() == ".csv":
        raw = engine.read_csv_text(path)
        extras = [name for name in raw.columns if name not in feed.column_names]
        spill = ibis.coalesce(*[raw[name].cast("string") for name in extras]) if extras else ibis.null("string")
        return raw.select(*[raw[c.name].cast("string").name(c.name) for c in feed.columns], _extra=spill)
    raw = engine.read_parquet(path)
    columns = []
    for column in feed.columns:
        value = raw[column.name]
        if value.type().is_timestamp():
            value = value.cast("date")
        columns.append(value.cast("string").name(column.name))
    return raw.select(*columns, _extra=ibis.null("string"))


# --- Each row ----------------------------------------------------------------------------------


def trimmed(value: ir.StringValue) -> ir.StringValue:
    """Leading and trailing white space removed. (Ibis's strip() compiles for Spark to a TRIM
    whose character list Spark reads as including "v" and "f": "false" would become "alse".)"""
    return value.re_replace(r"^\s+|\s+$", "")


def _cleaned(value: ir.StringValue) -> ir.StringValue:
    text = trimmed(value)
    return ibis.ifelse(text == "", ibis.null("string"), text)


def _nhs_ok(value: ir.StringValue) -> ir.BooleanValue:
    """Ten digits whose last is the modulus 11 check digit of the first nine."""
    digits = [value.substr(i, 1).try_cast("int64") for i in range(10)]
    total = sum((d * (10 - i) for i, d in enumerate(digits[:9])), ibis.literal(0))
    check = (11 - total % 11) % 11
    return value.re_search(r"^[0-9]{10}$") & (check == digits[9])


def _postcode(value: ir.StringValue) -> ir.StringValue:
    """Upper case with one space before the last three characters ("kb3  1ab" -> "KB3 1AB")."""
    squeezed = value.upper().re_replace(r"\s+", "")
    return ibis.ifelse(
        squeezed.length() > 3, squeezed.substr(0, squeezed.length() - 3) + " " + squeezed.right(3), squeezed
    )


def _codes_words(column: Column) -> str:
    shown = column.codes if len(column.codes) <= 8 else (*column.codes[:8], "...")
    return ", ".join(shown)


def typed_value(column: Column, value: ir.StringValue) -> ir.Value:
    """The column's value typed and tidied (NULL where it cannot be read)."""
    if column.kind == "date":
        return ibis.ifelse(value.re_search(ISO_DATE), value.try_cast("date"), ibis.null("date"))
    if column.kind == "int":
        return ibis.ifelse(value.re_search(r"^-?[0-9]{1,9}$"), value.try_cast("int64"), ibis.null("int64"))
    if column.kind == "bool":
        lowered = value.lower()
        return ibis.cases(
            (lowered.isin(TRUE_WORDS), ibis.literal(True)),
            (lowered.isin(FALSE_WORDS), ibis.literal(False)),
            else_=ibis.null("boolean"),
        )
    if column.kind == "nhs_number":
        return value.re_replace(r"\s+", "")
    if column.kind == "upn":
        return value.upper()
    if column.kind == "postcode":
        return _postcode(value)
    return value


def value_problems(column: Column, value: ir.StringValue, typed: ir.Value, today: date) -> list[ir.StringValue]:
    """What is wrong with the column's value, one expression a check (NULL where it passes)."""
    name = column.name
    problems: list[ir.StringValue] = []

    def problem(condition: ir.BooleanValue, words: str) -> None:
        problems.append(ibis.ifelse(condition, ibis.literal(words), ibis.null("string")))

    if column.required:
        problem(value.isnull(), f"{name} is missing")
    if column.kind == "date":
        problem(value.notnull() & typed.isnull(), f"{name} must be a real date in the form YYYY-MM-DD")
        problem(typed > ibis.literal(today), f"{name} is in the future")
    elif column.kind == "int":
        problem(value.notnull() & typed.isnull(), f"{name} must be a whole number")
        if column.minimum is not None and column.maximum is not None:
            outside = (typed < column.minimum) | (typed > column.maximum)
            problem(outside, f"{name} must be between {column.minimum} and {column.maximum}")
    elif column.kind == "bool":
        problem(value.notnull() & typed.isnull(), f"{name} must be true or false")
    elif column.kind == "code":
        problem(value.notnull() & ~value.isin(column.codes), f"{name} must be one of: {_codes_words(column)}")
    elif column.kind == "nhs_number":
        problem(typed.notnull() & ~_nhs_ok(typed), f"{name} is not a valid NHS number")
    elif column.kind == "upn":
        problem(typed.notnull() & ~typed.re_search(UPN), f"{name} is not a valid unique pupil number")
    elif column.kind == "postcode":
        problem(typed.notnull() & ~typed.re_search(POSTCODE), f"{name} is not a valid postcode")
    else:
        problem(value.length() > 200, f"{name} must be 200 characters or fewer")
    return problems


def checked_rows(feed: Feed, raw: ir.Table, today: date) -> ir.Table:
    """Every row with its typed values, `_reasons` (empty when the row is good) and `_row_hash`.

    Built in three steps (tidy, type, check) so each value is tidied and typed once, however
    many checks read it."""
    key = [raw[name] for name in feed.natural_key]
    cleaned = raw.select(
        *[raw[c.name] for c in feed.columns],
        **{f"_clean_{c.name}": _cleaned(raw[c.name]) for c in feed.columns},
        _extra=raw["_extra"],
        _repeats=raw[feed.natural_key[0]].count().over(ibis.window(group_by=key)),
    )
    typed = cleaned.mutate(**{f"_typed_{c.name}": typed_value(c, cleaned[f"_clean_{c.name}"]) for c in feed.columns})
    problems: list[ir.StringValue] = []
    for column in feed.columns:
        problems += value_problems(column, typed[f"_clean_{column.name}"], typed[f"_typed_{column.name}"], today)
    for first, second in feed.ordered:
        later = typed[f"_typed_{first}"] > typed[f"_typed_{second}"]
        problems.append(ibis.ifelse(later, ibis.literal(f"{first} must not be greater than {second}"), None))
    problems.append(
        ibis.ifelse(typed["_extra"].notnull(), ibis.literal("the row has more values than the file has columns"), None)
    )
    repeated = f"{', '.join(feed.natural_key)} appears more than once in this file"
    problems.append(ibis.ifelse(typed["_repeats"] > 1, ibis.literal(repeated), None))
    canonical = ibis.literal("\x1f").join(
        [typed[f"_typed_{c.name}"].cast("string").fill_null("") for c in feed.columns]
    )
    return typed.select(
        *[typed[c.name] for c in feed.columns],
        *[typed[f"_typed_{c.name}"] for c in feed.columns],
        _reasons=ibis.literal(SEP).join(problems),
        _row_hash=canonical.hexdigest("md5"),
    )


# --- Loading ---------------------------------------------------------------------------------


def load_file(engine: Engine, store: FeedStore, feed: Feed, path: Path, *, today: date) -> LoadReport:
    """Load one partner file into the store (see the module's docstring for what is checked)."""
    sha = file_sha256(path)
    report = LoadReport(feed=feed.name, file_name=path.name, sha256=sha, loaded_on=today, status="loaded")
    earlier = store.earlier_load(feed, sha)
    if earlier is not None:
        report.status = "already_loaded"
        report.reason = f"This file was already loaded on {earlier.loaded_on:%d %B %Y}: nothing has changed."
        report.rows_unchanged = earlier.rows_in_file - earlier.rows_quarantined
        store.record(load=report)
        return report
    problem = file_problem(feed, path)
    rows: ir.Table | None = None
    if not problem:
        try:
            rows = engine.materialise("checked", checked_rows(feed, read_as_text(engine, feed, path), today))
            _count(engine, feed, rows, report)
        except Exception as error:  # the engine's reader found the file malformed
            problem = f"The file could not be read: {str(error).splitlines()[0][:300]}"
    if problem or rows is None:
        report.status = "rejected"
        report.reason = problem
        store.record(load=report)
        return report
    if report.rows_quarantined:
        _quarantine(engine, store, feed, rows, report)
    _store_good_rows(engine, store, feed, rows, report)
    store.record(load=report)
    return report


def _count(engine: Engine, feed: Feed, rows: ir.Table, report: LoadReport) -> None:
    """Rows in the file, quarantined, and good but already past retention: one pass."""
    bad = rows["_reasons"] != ""
    expired = ~bad & (rows[f"_typed_{feed.event_date}"] < ibis.literal(feed.retention_cutoff(report.loaded_on)))
    counted = engine.to_arrow(
        rows.aggregate(total=rows.count(), bad=bad.cast("int64").sum(), expired=expired.cast("int64").sum())
    ).to_pylist()[0]
    report.rows_in_file = int(counted["total"] or 0)
    report.rows_quarantined = int(counted["bad"] or 0)
    report.rows_past_retention = int(counted["expired"] or 0)


def _quarantine(engine: Engine, store: FeedStore, feed: Feed, rows: ir.Table, report: LoadReport) -> None:
    bad = rows.filter(rows["_reasons"] != "")
    reasons = bad.select(reason=bad["_reasons"].split(SEP).unnest())
    counted = engine.to_arrow(reasons.group_by("reason").aggregate(rows=reasons.count()).order_by("reason"))
    report.quarantine_reasons = {r["reason"]: int(r["rows"]) for r in counted.to_pylist()}
    kept = bad.select(
        *[bad[c.name] for c in feed.columns],
        _reasons=bad["_reasons"],
        _load_id=ibis.literal(report.load_id),
        _loaded_on=ibis.literal(report.loaded_on),
    )
    engine.append_part(kept, store.quarantine_dir(feed))


def _store_good_rows(engine: Engine, store: FeedStore, feed: Feed, rows: ir.Table, report: LoadReport) -> None:
    good = rows.filter(rows["_reasons"] == "")
    typed = good.select(
        *[good[f"_typed_{c.name}"].cast(IBIS_TYPES.get(c.kind, "string")).name(c.name) for c in feed.columns],
        _load_id=ibis.literal(report.load_id),
        _loaded_on=ibis.literal(report.loaded_on),
        _row_hash=good["_row_hash"],
    )
    current = typed.filter(typed[feed.event_date] >= ibis.literal(feed.retention_cutoff(report.loaded_on)))
    if not dataset_parts(store.rows_dir(feed)):
        # Nothing stored yet for this feed: every good row is new.
        report.rows_added = report.rows_in_file - report.rows_quarantined - report.rows_past_retention
        if report.rows_added:
            engine.append_part(current, store.rows_dir(feed))
        return
    stored = stored_rows(engine, store, feed)
    known = stored.select(*feed.natural_key, _old_hash=stored["_row_hash"])
    compared = engine.materialise(
        "compared", current.left_join(known, list(feed.natural_key)).select(*current.columns, "_old_hash")
    )
    status = ibis.cases(
        (compared["_old_hash"].isnull(), "added"),
        (compared["_old_hash"] == compared["_row_hash"], "unchanged"),
        else_="replaced",
    )
    counts = engine.to_arrow(compared.group_by(status.name("status")).aggregate(n=compared.count()))
    by_status = {r["status"]: int(r["n"]) for r in counts.to_pylist()}
    report.rows_added = by_status.get("added", 0)
    report.rows_replaced = by_status.get("replaced", 0)
    report.rows_unchanged = by_status.get("unchanged", 0)
    incoming = compared.filter(status != "unchanged").select(*current.columns)
    if report.rows_replaced:
        replaced = compared.filter(status == "replaced").select(*feed.natural_key)
        engine.replace_dataset(stored.anti_join(replaced, list(feed.natural_key)).union(incoming), store.rows_dir(feed))
    elif report.rows_added:
        engine.append_part(incoming, store.rows_dir(feed))


def feed_for_file(path: Path) -> Feed | None:
    """The feed a file belongs to, from its name: `<feed name>*.csv` or `<feed name>*.parquet`."""
    for feed in sorted(FEEDS, key=lambda f: -len(f.name)):
        if path.name.startswith(feed.name):
            return feed
    return None


def load_files(engine: Engine, store: FeedStore, paths: Iterable[Path], *, today: date) -> list[LoadReport]:
    """Load each file into the feed its name begins with; a file named for no feed is rejected."""
    reports = []
    for path in sorted(paths):
        feed = feed_for_file(path)
        if feed is None:
            names = ", ".join(f.name for f in FEEDS)
            report = LoadReport(
                feed="",
                file_name=path.name,
                sha256=file_sha256(path),
                loaded_on=today,
                status="rejected",
                reason=f"The file name must begin with the name of a feed ({names}).",
            )
            store.record(load=report)
            reports.append(report)
            continue
        reports.append(load_file(engine, store, feed, path, today=today))
    return reports


# --- Retention ---------------------------------------------------------------------------------


def remove_expired(
    engine: Engine, store: FeedStore, *, today: date, remaining: dict[str, int] | None = None
) -> list[RemovalReport]:
    """Remove stored and quarantined rows older than each feed's retention period. `remaining`,
    if given, is filled with the rows each feed keeps."""
    reports = []
    for feed in FEEDS:
        cutoff = ibis.literal(feed.retention_cutoff(today))
        removed = removed_held = kept = 0
        if dataset_parts(store.rows_dir(feed)):
            stored = stored_rows(engine, store, feed)
            expired = (stored[feed.event_date] < cutoff).cast("int64")
            counted = engine.to_arrow(stored.aggregate(total=stored.count(), expired=expired.sum())).to_pylist()[0]
            removed = int(counted["expired"] or 0)
            kept = int(counted["total"] or 0) - removed
            if removed:
                engine.replace_dataset(stored.filter(stored[feed.event_date] >= cutoff), store.rows_dir(feed))
        if dataset_parts(store.quarantine_dir(feed)):
            held = engine.read_dataset(store.quarantine_dir(feed), quarantine_schema(feed))
            removed_held = engine.count(held.filter(held["_loaded_on"] < cutoff))
            if removed_held:
                engine.replace_dataset(held.filter(held["_loaded_on"] >= cutoff), store.quarantine_dir(feed))
        if remaining is not None:
            remaining[feed.name] = kept
        if removed or removed_held:
            report = RemovalReport(feed.name, today, feed.retention_cutoff(today), removed, removed_held)
            store.record(removal=report)
            reports.append(report)
    return reports
