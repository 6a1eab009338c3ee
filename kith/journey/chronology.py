"""The chronology and the record's headline facts, each read with one SQL statement.

The child's record is the most-opened page in Kith. Its chronology gathers every dated event
(visits, stage starts and ends, allocations, moves of address and household) with one
UNION ALL over the sources instead of one ORM query each, and the headline facts (changes of
worker, current address, the child's latest words) with one statement of scalar subqueries.
The SQL is plain and runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from kith.core.codes import label_for
from kith.journey.codes import ChildSeen, ClosureReason, Stage
from kith.journey.rules import ChronologyEntry

ALL = 1_000_000

CHRONOLOGY_SQL = """
SELECT on_date, kind, a, b, words FROM (
    SELECT v.visited_on AS on_date, 'visit' AS kind, v.child_seen AS a,
           CASE WHEN v.analysis <> '' THEN v.analysis ELSE v.what_i_saw END AS b,
           v.child_words AS words, v.recorded_at AS seq, 0 AS rank
      FROM journey_visit v WHERE v.child_id = %(child)s
    UNION ALL
    SELECT e.starts_on, 'started', e.stage, e.summary, '', NULL, 1
      FROM journey_episode e WHERE e.child_id = %(child)s
    UNION ALL
    SELECT e.ends_on, 'ended', e.stage, e.closure_reason, '', NULL, 3
      FROM journey_episode e WHERE e.child_id = %(child)s AND e.ends_on IS NOT NULL
    UNION ALL
    SELECT al.starts_on, 'allocation', u.first_name || ' ' || u.last_name, t.name, '', NULL, 2
      FROM journey_allocation al
      JOIN core_user u ON u.id = al.practitioner_id
      JOIN core_team t ON t.id = al.team_id
     WHERE al.child_id = %(child)s
    UNION ALL
    SELECT ad.starts_on, 'address', ad.line_1 || ', ' || ad.town || ' ' || ad.postcode, '', '', NULL, 4
      FROM people_address ad WHERE ad.person_id = %(person)s
    UNION ALL
    SELECT m.starts_on, 'household', h.name, '', '', NULL, 5
      FROM people_householdmember m JOIN people_household h ON h.id = m.household_id
     WHERE m.person_id = %(person)s
) AS chronology
ORDER BY on_date DESC, rank, seq DESC NULLS LAST
LIMIT %(limit)s
"""

FACTS_SQL = """
SELECT
    (SELECT COUNT(*) FROM journey_allocation WHERE child_id = %(child)s),
    (SELECT line_1 || ', ' || town || ' ' || postcode FROM people_address
      WHERE person_id = %(person)s AND ends_on IS NULL ORDER BY starts_on DESC LIMIT 1),
    (SELECT child_words FROM journey_visit WHERE child_id = %(child)s AND child_words <> ''
      ORDER BY visited_on DESC, recorded_at DESC LIMIT 1),
    (SELECT visited_on FROM journey_visit WHERE child_id = %(child)s AND child_words <> ''
      ORDER BY visited_on DESC, recorded_at DESC LIMIT 1)
"""


def _as_date(value: date | str) -> date:
    # SQLite hands back ISO strings from a raw cursor; PostgreSQL hands back dates.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _entry(on: date | str, kind: str, a: str, b: str, words: str) -> ChronologyEntry:
    on_date = _as_date(on)
    if kind == "visit":
        return ChronologyEntry(on_date, kind, f"Visit: {label_for(ChildSeen, a).lower()}", b or "", words or "")
    if kind == "started":
        return ChronologyEntry(on_date, "episode", f"{label_for(Stage, a)} started", b or "")
    if kind == "ended":
        return ChronologyEntry(
            on_date, "episode", f"{label_for(Stage, a)} ended", label_for(ClosureReason, b) if b else ""
        )
    if kind == "allocation":
        return ChronologyEntry(on_date, kind, f"Allocated to {a}", b or "")
    if kind == "address":
        return ChronologyEntry(on_date, kind, "Moved address", a)
    return ChronologyEntry(on_date, kind, f"Joined {a or 'a household'}", "")


def chronology(*, child_id: int, person_id: int, limit: int | None) -> list[ChronologyEntry]:
    """Every dated event on the record, newest first. Within one day: visits (latest recorded
    first), then a stage starting, an allocation, the stage before it ending, moves."""
    params = {"child": child_id, "person": person_id, "limit": limit or ALL}
    with connection.cursor() as cursor:
        cursor.execute(CHRONOLOGY_SQL, params)
        return [_entry(*row) for row in cursor.fetchall()]


@dataclass(frozen=True)
class ChildWords:
    child_words: str
    visited_on: date


@dataclass(frozen=True)
class RecordFacts:
    allocations: int
    address: str | None
    latest_words: ChildWords | None

    @property
    def worker_changes(self) -> int:
        return max(self.allocations - 1, 0)


def record_facts(*, child_id: int, person_id: int) -> RecordFacts:
    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL, {"child": child_id, "person": person_id})
        allocations, address, words, said_on = cursor.fetchone()
    latest = ChildWords(words, _as_date(said_on)) if words else None
    return RecordFacts(allocations=allocations, address=address, latest_words=latest)
