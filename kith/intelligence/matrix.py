"""The vulnerability matrix: factors with their evidence, and patterns stated in words.

The matrix is configuration (matrix.toml beside this module, or the file a council names): each
factor is a cause (one of the ten adverse childhood experiences, or another vulnerability), a
symptom, an outcome or a protective factor, and lists its sources - rows of a partner feed, or
something in Kith's own record - with a look-back window.

The output is *evidence*: one row per record that shows a factor for a child, saying which
factor, which agency, when, what the record says, which partner record it came from, how that
record was linked to the child (and through which parent, when the record is about a parent).
Patterns are read off the evidence and put in words ("four or more of the ten adverse childhood
experience categories", "symptoms with no identified cause", "a trusted adult is recorded").
There is no score and no prediction anywhere: a child's profile is the list of what is recorded
and where it came from.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kith.intelligence.engine import Engine
from kith.intelligence.feeds import FEEDS_BY_NAME, Feed
from kith.intelligence.load import FeedStore, stored_rows

DEFAULT_MATRIX = Path(__file__).with_name("matrix.toml")
GROUPS = ("ace", "vulnerability", "symptom", "outcome", "protective")
GROUP_TITLES = {
    "ace": "Causes: adverse childhood experiences",
    "vulnerability": "Causes: other vulnerabilities",
    "symptom": "Symptoms",
    "outcome": "Outcomes",
    "protective": "Protective factors",
}
ABOUT = ("child", "parent", "child_or_parent")
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in", "not in", "is true", "is false")
KITH_AGENCY = "Children's services (Kith)"
PARENTAL_KINDS = ("parent", "step_parent", "carer")
CLOSE_KINDS = ("parent", "step_parent", "sibling", "half_sibling", "grandparent")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

EVIDENCE_SCHEMA = pa.schema(
    [
        ("child_id", pa.int64()),
        ("factor", pa.string()),
        ("factor_group", pa.string()),
        ("agency", pa.string()),
        ("source", pa.string()),  # a feed's name, or "kith"
        ("record_ref", pa.string()),  # the feed's record id, or the Kith record
        ("event_on", pa.date32()),
        ("words", pa.string()),
        ("via_person_id", pa.int64()),  # the parent a record is about, when it is
        ("via", pa.string()),  # how that person is related to the child
        ("person_ref", pa.string()),  # the partner's person reference the record was linked through
        ("match_key", pa.string()),
        ("match_weight", pa.float64()),
    ]
)
PATTERNS_SCHEMA = pa.schema(
    [
        ("child_id", pa.int64()),
        ("pattern", pa.string()),
        ("kind", pa.string()),
        ("words", pa.string()),
        ("cohort", pa.bool_()),
    ]
)


class MatrixConfigError(Exception):
    """The matrix configuration has a mistake; the message says where."""


# --- Configuration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    column: str
    operator: str
    value: Any = None


@dataclass(frozen=True)
class Source:
    feed: str = ""
    kith: str = ""
    about: str = "child"
    where: tuple[Condition, ...] = ()
    words: str = ""
    min_records: int = 1

    @property
    def label(self) -> str:
        return self.feed or f"kith {self.kith}"


@dataclass(frozen=True)
class Factor:
    code: str
    group: str
    title: str
    lookback_days: int
    sources: tuple[Source, ...] = ()
    note: str = ""
    local: bool = False  # added by the council to the strategy's list


@dataclass(frozen=True)
class Pattern:
    code: str
    kind: str
    words: str
    cohort: bool = False
    at_least: dict[str, int] = field(default_factory=dict)
    none_of: tuple[str, ...] = ()
    any_factor: tuple[str, ...] = ()
    no_factor: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatrixConfig:
    factors: tuple[Factor, ...]
    patterns: tuple[Pattern, ...]
    family_hubs: dict[str, str]
    leave_out_open: bool = True

    def factor(self, code: str) -> Factor:
        return next(f for f in self.factors if f.code == code)


# The columns each of Kith's own sources offers to `where` and `words`.
KITH_SOURCES: dict[str, tuple[str, ...]] = {
    "child_protection": ("category_of_abuse", "starts_on", "ends_on"),
    "care": ("starts_on", "ends_on"),
    "disability": ("disabilities",),
    "parents_separated": ("partnership_status", "ends_on"),
    "bereavement": ("relationship", "date_of_death"),
    "trusted_adult": ("given_name", "family_name", "kind", "starts_on"),
}


def derived_columns(feed: Feed) -> tuple[str, ...]:
    return ("age_at_event", "attendance_percent") if feed.name == "school_attendance" else ("age_at_event",)


def _fail(where: str, problem: str) -> MatrixConfigError:
    return MatrixConfigError(f"{where}: {problem}")


def _source(factor_code: str, raw: dict[str, Any]) -> Source:
    where = f"factor {factor_code}, source {raw.get('feed') or raw.get('kith') or '?'}"
    if bool(raw.get("feed")) == bool(raw.get("kith")):
        raise _fail(where, "give either feed or kith")
    if raw.get("feed"):
        feed = FEEDS_BY_NAME.get(raw["feed"])
        if feed is None:
            raise _fail(where, f"there is no feed called {raw['feed']}")
        columns = (*feed.column_names, *derived_columns(feed))
    else:
        if raw["kith"] not in KITH_SOURCES:
            raise _fail(where, f"Kith has no source called {raw['kith']} (there are: {', '.join(KITH_SOURCES)})")
        columns = KITH_SOURCES[raw["kith"]]
    about = raw.get("about", "child")
    if about not in ABOUT:
        raise _fail(where, f"about must be one of {', '.join(ABOUT)}")
    conditions = []
    for item in raw.get("where", []):
        if not isinstance(item, list) or len(item) not in (2, 3) or item[0] not in columns or item[1] not in OPERATORS:
            raise _fail(
                where,
                f"{item!r} is not [column, operator, value] with a column of the source "
                f"and one of {', '.join(OPERATORS)}",
            )
        conditions.append(Condition(item[0], item[1], item[2] if len(item) == 3 else None))
    words = str(raw.get("words", ""))
    unknown = [name for name in PLACEHOLDER.findall(words) if name not in columns]
    if not words or unknown:
        raise _fail(where, f"words must describe the record; unknown columns: {', '.join(unknown) or 'none'}")
    return Source(
        feed=raw.get("feed", ""),
        kith=raw.get("kith", ""),
        about=about,
        where=tuple(conditions),
        words=words,
        min_records=int(raw.get("min_records", 1)),
    )


def _pattern(raw: dict[str, Any], codes: set[str]) -> Pattern:
    where = f"pattern {raw.get('code', '?')}"
    at_least = {str(k): int(v) for k, v in raw.get("at_least", {}).items()}
    for name in (*at_least, *raw.get("none_of", [])):
        if name not in (*GROUPS, "agencies"):
            raise _fail(where, f"{name} is not a group ({', '.join(GROUPS)}) or agencies")
    for code in (*raw.get("any_factor", []), *raw.get("no_factor", [])):
        if code not in codes:
            raise _fail(where, f"there is no factor {code}")
    if not at_least and not raw.get("any_factor"):
        raise _fail(where, "say what must be present (at_least or any_factor)")
    if raw.get("kind") not in ("concern", "protective") or not raw.get("words"):
        raise _fail(where, "kind must be concern or protective, and words must say what the pattern means")
    return Pattern(
        code=raw["code"],
        kind=raw["kind"],
        words=raw["words"],
        cohort=bool(raw.get("cohort", False)),
        at_least=at_least,
        none_of=tuple(raw.get("none_of", [])),
        any_factor=tuple(raw.get("any_factor", [])),
        no_factor=tuple(raw.get("no_factor", [])),
    )


def parse_config(text: str) -> MatrixConfig:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MatrixConfigError(f"The matrix file is not valid TOML: {error}") from None
    default_lookback = int(raw.get("matrix", {}).get("default_lookback_days", 730))
    factors = []
    for item in raw.get("factor", []):
        code = item.get("code", "?")
        if item.get("group") not in GROUPS or not item.get("title"):
            raise _fail(f"factor {code}", f"group must be one of {', '.join(GROUPS)} and title must be given")
        factors.append(
            Factor(
                code=code,
                group=item["group"],
                title=item["title"],
                lookback_days=int(item.get("lookback_days", default_lookback)),
                sources=tuple(_source(code, s) for s in item.get("source", [])),
                note=item.get("note", ""),
                local=bool(item.get("local", False)),
            )
        )
    codes = [f.code for f in factors]
    if len(set(codes)) != len(codes):
        raise MatrixConfigError("Two factors have the same code.")
    patterns = tuple(_pattern(p, set(codes)) for p in raw.get("pattern", []))
    return MatrixConfig(
        factors=tuple(factors),
        patterns=patterns,
        family_hubs={str(k): str(v) for k, v in raw.get("family_hubs", {}).items()},
        leave_out_open=bool(raw.get("cohorts", {}).get("leave_out_open", True)),
    )


def load_config(path: Path | None = None) -> MatrixConfig:
    return parse_config((path or DEFAULT_MATRIX).read_text())


# --- Evidence --------------------------------------------------------------------------------------


def _condition(table: ir.Table, condition: Condition) -> ir.BooleanValue:
    column = table[condition.column]
    operator, value = condition.operator, condition.value
    if operator == "is true":
        return column.fill_null(False)
    if operator == "is false":
        return ~column.fill_null(True)
    if operator == "in":
        return column.isin(list(value))
    if operator == "not in":
        return ~column.isin(list(value))
    compare = {
        "=": column.__eq__,
        "!=": column.__ne__,
        "<": column.__lt__,
        "<=": column.__le__,
        ">": column.__gt__,
        ">=": column.__ge__,
    }
    return compare[operator](value).fill_null(False)


def _words(table: ir.Table, template: str) -> ir.StringValue:
    """The template with each {column} replaced by the record's value (codes read as words)."""
    pieces: list[ir.StringValue] = []
    for n, part in enumerate(PLACEHOLDER.split(template)):
        if n % 2 == 0:
            if part:
                pieces.append(ibis.literal(part))
        else:
            pieces.append(table[part].cast("string").re_replace("_", " ").fill_null("not recorded"))
    return ibis.literal("").join(pieces) if pieces else ibis.literal("")


def age_between(born: ir.DateValue, on: ir.DateValue) -> ir.IntegerValue:
    before_birthday = (on.month() * 100 + on.day()) < (born.month() * 100 + born.day())
    return on.year() - born.year() - ibis.ifelse(before_birthday, 1, 0)


@dataclass
class Kith:
    """The export's tables on the engine."""

    persons: ir.Table
    children: ir.Table
    addresses: ir.Table
    relationships: ir.Table
    episodes: ir.Table
    decisions: ir.Table

    def parent_of(self) -> ir.Table:
        """(parent person, child) for every current parental relationship to a child in Kith."""
        r = self.relationships
        current = r.filter(r["kind"].isin(PARENTAL_KINDS) & r["ends_on"].isnull())
        joined = current.inner_join(self.children, current["to_person_id"] == self.children["person_id"])
        return joined.select(
            parent_person_id=current["from_person_id"], child_id=self.children["child_id"], via=current["kind"]
        )


def kith_source(kith: Kith, name: str) -> ir.Table:
    """One of Kith's own sources: child_id, event_on, record_ref, via_person_id, via and its columns."""
    children, persons, r, e = kith.children, kith.persons, kith.relationships, kith.episodes
    none_int, none_text = ibis.null("int64"), ibis.null("string")
    if name in ("child_protection", "care"):
        rows = e.filter(e["stage"] == ("cp" if name == "child_protection" else "lac"))
        return rows.select(
            child_id=rows["child_id"],
            event_on=rows["starts_on"],
            record_ref="Kith episode " + rows["episode_id"].cast("string"),
            via_person_id=none_int,
            via=none_text,
            category_of_abuse=rows["category_of_abuse"],
            starts_on=rows["starts_on"],
            ends_on=rows["ends_on"],
        )
    if name == "disability":
        joined = children.inner_join(persons, "person_id")
        rows = joined.filter(joined["disabilities"].fill_null("") != "")
        return rows.select(
            child_id=rows["child_id"],
            event_on=ibis.null("date"),
            record_ref="Kith person " + rows["person_id"].cast("string"),
            via_person_id=none_int,
            via=none_text,
            disabilities=rows["disabilities"],
        )
    if name == "parents_separated":
        parents = kith.parent_of()
        ended = r.filter(
            (r["kind"] == "partner")
            & (r["ends_on"].notnull() | r["partnership_status"].isin(("separated", "divorced")))
        )
        one = parents.view()
        other = parents.view()
        joined = ended.inner_join(one, ended["from_person_id"] == one["parent_person_id"]).inner_join(
            other, (ended["to_person_id"] == other["parent_person_id"]) & (one["child_id"] == other["child_id"])
        )
        rows = joined.select(
            child_id=one["child_id"],
            event_on=ended["ends_on"],
            record_ref="Kith relationship of persons "
            + ended["from_person_id"].cast("string")
            + " and "
            + ended["to_person_id"].cast("string"),
            via_person_id=ended["from_person_id"],
            via=ibis.literal("parent"),
            partnership_status=ibis.ifelse(
                ended["partnership_status"].fill_null("") == "", "ended", ended["partnership_status"]
            ),
            ends_on=ended["ends_on"],
        )
        return rows.distinct()
    if name == "bereavement":
        close = r.filter(r["kind"].isin(CLOSE_KINDS))
        towards = close.select(
            relative=close["from_person_id"], child_person=close["to_person_id"], relationship=close["kind"]
        )
        back = close.filter(close["kind"].isin(("sibling", "half_sibling"))).select(
            relative=close["to_person_id"], child_person=close["from_person_id"], relationship=close["kind"]
        )
        pairs = ibis.union(towards, back)
        joined = pairs.inner_join(children, pairs["child_person"] == children["person_id"]).inner_join(
            persons, pairs["relative"] == persons["person_id"]
        )
        rows = joined.filter(joined["is_deceased"].fill_null(False) | joined["date_of_death"].notnull())
        return rows.select(
            child_id=rows["child_id"],
            event_on=rows["date_of_death"],
            record_ref="Kith person " + rows["relative"].cast("string"),
            via_person_id=rows["relative"],
            via=rows["relationship"],
            relationship=rows["relationship"],
            date_of_death=rows["date_of_death"],
        )
    if name == "trusted_adult":
        trusted = r.filter(r["is_trusted_adult"].fill_null(False) & r["ends_on"].isnull())
        joined = trusted.inner_join(children, trusted["to_person_id"] == children["person_id"]).inner_join(
            persons, trusted["from_person_id"] == persons["person_id"]
        )
        return joined.select(
            child_id=joined["child_id"],
            event_on=ibis.null("date"),  # a current relationship: no look-back applies
            record_ref="Kith relationship with person " + trusted["from_person_id"].cast("string"),
            via_person_id=trusted["from_person_id"],
            via=trusted["kind"],
            given_name=joined["given_name"],
            family_name=joined["family_name"],
            kind=trusted["kind"],
            starts_on=trusted["starts_on"],
        )
    raise KeyError(name)


def linked_feed_rows(engine: Engine, store: FeedStore, feed: Feed, links: ir.Table) -> ir.Table:
    """A feed's stored rows (with the derived columns) that are linked to someone in Kith, with
    the Kith person and the link's key and weight. Computed once and kept for every factor."""
    rows = stored_rows(engine, store, feed)
    derived = {"age_at_event": age_between(rows["date_of_birth"], rows[feed.event_date])}
    if feed.name == "school_attendance":
        percent = (rows["sessions_possible"] - rows["sessions_missed"]) * 100 / rows["sessions_possible"]
        derived["attendance_percent"] = percent.floor().cast("int64")
    rows = rows.mutate(**derived)
    linked = links.filter((links["status"] == "linked") & (links["feed"] == feed.name))
    joined = rows.inner_join(linked.select("person_ref", "person_id", "match_key", "match_weight"), "person_ref")
    return engine.materialise(f"linked_{feed.name}", joined)


def feed_source_rows(feed: Feed, linked: ir.Table, kith: Kith, about: str) -> ir.Table:
    """A feed's linked rows for the children they concern: child_id, event_on, record_ref,
    via_person_id, via, the link's key and weight, and the feed's columns."""
    columns = [*feed.column_names, *derived_columns(feed), "person_id", "match_key", "match_weight"]
    parts = []
    if about in ("child", "child_or_parent"):
        as_child = linked.inner_join(kith.children.select("child_id", "person_id"), "person_id")
        parts.append(as_child.select(*columns, "child_id", via_person_id=ibis.null("int64"), via=ibis.null("string")))
    if about in ("parent", "child_or_parent"):
        parents = kith.parent_of()
        as_parent = linked.inner_join(parents, linked["person_id"] == parents["parent_person_id"])
        parts.append(as_parent.select(*columns, "child_id", via_person_id=as_parent["person_id"], via=as_parent["via"]))
    found = ibis.union(*parts) if len(parts) > 1 else parts[0]
    return found.mutate(event_on=found[feed.event_date], record_ref=found["record_id"])


def evidence(linked: dict[str, ir.Table], kith: Kith, config: MatrixConfig, *, today: date) -> ir.Table:
    """Every record that shows a factor for a child, within the factor's look-back (EVIDENCE_SCHEMA).
    `linked` holds each feed's linked rows (`linked_feed_rows`)."""
    parts = []
    for factor in config.factors:
        earliest = today - timedelta(days=factor.lookback_days)
        for source in factor.sources:
            if source.feed and source.feed not in linked:
                continue  # nothing from this partner yet
            if source.feed:
                feed = FEEDS_BY_NAME[source.feed]
                rows = feed_source_rows(feed, linked[feed.name], kith, source.about)
                agency, origin = feed.agency, feed.name
                rows = rows.mutate(person_ref_out=rows["person_ref"])
            else:
                rows = kith_source(kith, source.kith)
                agency, origin = KITH_AGENCY, "kith"
                rows = rows.mutate(
                    person_ref_out=ibis.null("string"),
                    match_key=ibis.literal("kith"),
                    match_weight=ibis.null("float64"),
                )
            for condition in source.where:
                rows = rows.filter(_condition(rows, condition))
            in_window = rows["event_on"].isnull() | ((rows["event_on"] >= earliest) & (rows["event_on"] <= today))
            rows = rows.filter(in_window)
            if source.min_records > 1:
                rows = rows.mutate(_records=rows["record_ref"].count().over(ibis.window(group_by=rows["child_id"])))
                rows = rows.filter(rows["_records"] >= source.min_records)
            parts.append(
                rows.select(
                    child_id=rows["child_id"].cast("int64"),
                    factor=ibis.literal(factor.code),
                    factor_group=ibis.literal(factor.group),
                    agency=ibis.literal(agency),
                    source=ibis.literal(origin),
                    record_ref=rows["record_ref"].cast("string"),
                    event_on=rows["event_on"].cast("date"),
                    words=_words(rows, source.words),
                    via_person_id=rows["via_person_id"].cast("int64"),
                    via=rows["via"].cast("string"),
                    person_ref=rows["person_ref_out"].cast("string"),
                    match_key=rows["match_key"].cast("string"),
                    match_weight=rows["match_weight"].cast("float64").round(4),
                )
            )
    if not parts:
        return ibis.memtable(EVIDENCE_SCHEMA.empty_table())
    return ibis.union(*parts).distinct()


def patterns(evidence: ir.Table, config: MatrixConfig) -> ir.Table:
    """The configured patterns each child's evidence shows (PATTERNS_SCHEMA)."""
    measures: dict[str, ir.Value] = {
        group: evidence["factor"].nunique(where=evidence["factor_group"] == group) for group in GROUPS
    }
    measures["agencies"] = evidence["agency"].nunique(where=evidence["source"] != "kith")
    named = {code for p in config.patterns for code in (*p.any_factor, *p.no_factor)}
    for code in sorted(named):
        measures[f"has_{code}"] = (evidence["factor"] == code).cast("int64").max()
    counts = evidence.group_by("child_id").aggregate(**measures)
    parts = []
    for pattern in config.patterns:
        holds = ibis.literal(True)
        for name, least in pattern.at_least.items():
            holds &= counts[name] >= least
        for name in pattern.none_of:
            holds &= counts[name] == 0
        if pattern.any_factor:
            present = [counts[f"has_{code}"] == 1 for code in pattern.any_factor]
            any_present = present[0]
            for more in present[1:]:
                any_present |= more
            holds &= any_present
        for code in pattern.no_factor:
            holds &= counts[f"has_{code}"] == 0
        found = counts.filter(holds)
        parts.append(
            found.select(
                child_id=found["child_id"],
                pattern=ibis.literal(pattern.code),
                kind=ibis.literal(pattern.kind),
                words=ibis.literal(pattern.words),
                cohort=ibis.literal(pattern.cohort),
            )
        )
    return ibis.union(*parts)
