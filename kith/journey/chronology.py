"""The reads behind the child's record page: two SQL statements returning plain rows.

The child's record is the most-opened page in Kith. Its chronology gathers every dated event
(visits, stage starts and ends, allocations, moves of address and household) with one
UNION ALL over the sources instead of one ORM query each; everything else the page shows about
the record as it stands (the current stages with their legal statuses and placements, changes
of worker, the current address, the child's latest words, the people around the child and who
they live with) comes from a second. Plain SQL costs a fraction of building and compiling the
same queries through the ORM on every request, and rows cost a fraction of model instances. The
rows are kept as read (`Rows`) so that the page can be keyed on them (kith.journey.records), and
put into words by `chronology_entries` and `record_now_from`. The SQL runs unchanged on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.db import connection

from kith.core.codes import label_for
from kith.journey.codes import ChildSeen, ClosureReason, LegalStatus, PlacementType, Stage
from kith.journey.dates import short_date
from kith.journey.rules import ChronologyEntry
from kith.journey.sources import describe, other_arms
from kith.people.codes import RelationshipKind, RelationshipNature

ALL = 1_000_000
# Rows as a raw cursor returns them: plain values, so they can be compared and hashed.
Rows = tuple[tuple[Any, ...], ...]

# The record's own arms; the other apps' arms (assessments, plans, meetings, the child's own
# words, returns) are added from kith.journey.sources, so the chronology stays one statement.
JOURNEY_ARMS = """
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
    SELECT al.starts_on, 'allocation',
           (SELECT u.first_name || ' ' || u.last_name FROM core_user u WHERE u.id = al.practitioner_id),
           (SELECT t.name FROM core_team t WHERE t.id = al.team_id), '', NULL, 2
      FROM journey_allocation al
     WHERE al.child_id = %(child)s
    UNION ALL
    SELECT ad.starts_on, 'address', ad.line_1 || ', ' || ad.town || ' ' || ad.postcode, '', '', NULL, 4
      FROM people_address ad WHERE ad.person_id = %(person)s
    UNION ALL
    SELECT m.starts_on, 'household', h.name, '', '', NULL, 5
      FROM people_householdmember m JOIN people_household h ON h.id = m.household_id
     WHERE m.person_id = %(person)s
"""


@cache
def chronology_sql() -> str:
    arms = " UNION ALL ".join((JOURNEY_ARMS, *other_arms()))
    return (
        f"SELECT on_date, kind, a, b, words FROM ({arms}) AS chronology "  # noqa: S608 - fixed SQL, no input
        "ORDER BY on_date DESC, rank, seq DESC NULLS LAST LIMIT %(limit)s"
    )


# The record as it stands, in one statement: `part` says what each row is, and the rows come in
# a fixed order so that the same record reads as the same rows. Columns a row does not use are
# empty. The NULLs of the first arm and of the DISTINCT arm are cast, because
# PostgreSQL would otherwise type them as text there and refuse to match them with dates.
#   facts      n: allocations so far, a: current address, b: latest words, on_date: said on
#   stage      n: episode id, code: stage, on_date: started (open episodes only)
#   legal      n: episode id, code: legal status, on_date: since (open periods of open looked-after
#              episodes)
#   placement  n: episode id, code: placement type, on_date: since
#   person     n: 1 when the child is the relationship's from_person, code: kind, code2: nature,
#              a, b: the other person's names, flag1: parental responsibility, flag2: trusted
#              adult, ended: the relationship's end, died: the other person's date of death
#   home       a, b: names of someone in the child's current household, on_date: their birth
NOW_SQL = """
SELECT 'facts' AS part,
       (SELECT COUNT(*) FROM journey_allocation WHERE child_id = %(child)s) AS n,
       '' AS code, '' AS code2,
       (SELECT visited_on FROM journey_visit WHERE child_id = %(child)s AND child_words <> ''
         ORDER BY visited_on DESC, recorded_at DESC LIMIT 1) AS on_date,
       (SELECT line_1 || ', ' || town || ' ' || postcode FROM people_address
         WHERE person_id = %(person)s AND ends_on IS NULL ORDER BY starts_on DESC LIMIT 1) AS a,
       (SELECT child_words FROM journey_visit WHERE child_id = %(child)s AND child_words <> ''
         ORDER BY visited_on DESC, recorded_at DESC LIMIT 1) AS b,
       FALSE AS flag1, FALSE AS flag2, CAST(NULL AS DATE) AS ended, CAST(NULL AS DATE) AS died
UNION ALL
SELECT 'stage', e.id, e.stage, '', e.starts_on, '', '', FALSE, FALSE, NULL, NULL
  FROM journey_episode e WHERE e.child_id = %(child)s AND e.ends_on IS NULL
UNION ALL
SELECT 'legal', ls.episode_id, ls.legal_status, '', ls.starts_on, '', '', FALSE, FALSE, NULL, NULL
  FROM journey_legalstatusperiod ls JOIN journey_episode e ON e.id = ls.episode_id
 WHERE e.child_id = %(child)s AND e.ends_on IS NULL AND e.stage = 'lac' AND ls.ends_on IS NULL
UNION ALL
SELECT 'placement', pl.episode_id, pl.placement_type, '', pl.starts_on, '', '', FALSE, FALSE, NULL, NULL
  FROM journey_placement pl JOIN journey_episode e ON e.id = pl.episode_id
 WHERE e.child_id = %(child)s AND e.ends_on IS NULL AND e.stage = 'lac' AND pl.ends_on IS NULL
UNION ALL
SELECT 'person', CASE WHEN r.from_person_id = %(person)s THEN 1 ELSE 0 END, r.kind, r.nature, NULL,
       o.legal_given_name, o.legal_family_name, r.has_parental_responsibility, r.is_trusted_adult,
       r.ends_on, o.date_of_death
  FROM people_relationship r
  JOIN people_person o
    ON o.id = CASE WHEN r.from_person_id = %(person)s THEN r.to_person_id ELSE r.from_person_id END
 WHERE r.from_person_id = %(person)s OR r.to_person_id = %(person)s
UNION ALL
SELECT DISTINCT 'home', 0, '', '', p.date_of_birth, p.legal_given_name, p.legal_family_name,
       FALSE, FALSE, CAST(NULL AS DATE), CAST(NULL AS DATE)
  FROM people_householdmember me
  JOIN people_householdmember m ON m.household_id = me.household_id
  JOIN people_person p ON p.id = m.person_id
 WHERE me.person_id = %(person)s AND me.ends_on IS NULL AND m.ends_on IS NULL AND m.person_id <> %(person)s
 ORDER BY 1, 2, 3, 4, 6, 7
"""

# How a relationship reads from the other end: if the child is a parent of someone, that person
# is the child's child. Symmetric kinds (sibling, partner, friend...) read the same both ways.
INVERSE_KIND = {
    "parent": "Child",
    "step_parent": "Step-child",
    "grandparent": "Grandchild",
    "aunt_uncle": "Niece or nephew",
    "carer": "Cared for",
    "foster_carer": "Foster child",
    "professional": "Professional support",
}


def _as_date(value: date | str) -> date:
    # SQLite hands back ISO strings from a raw cursor; PostgreSQL hands back dates.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def as_optional_date(value: date | str | None) -> date | None:
    return None if value is None else _as_date(value)


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
    if kind == "household":
        return ChronologyEntry(on_date, kind, f"Joined {a or 'a household'}", "")
    described = describe(kind, a or "", b or "")
    title, detail = described if described else (kind.replace("_", " ").capitalize(), b or "")
    return ChronologyEntry(on_date, kind, title, detail, words or "")


def read_chronology(*, child_id: int, person_id: int, limit: int | None) -> Rows:
    """Every dated event on the record, newest first. Within one day: visits (latest recorded
    first), then a stage starting, an allocation, the stage before it ending, moves."""
    params = {"child": child_id, "person": person_id, "limit": limit or ALL}
    with connection.cursor() as cursor:
        cursor.execute(chronology_sql(), params)
        return tuple(cursor.fetchall())


def chronology_entries(rows: Rows) -> list[ChronologyEntry]:
    return [_entry(*row) for row in rows]


@dataclass(frozen=True)
class ChildWords:
    child_words: str
    visited_on: date


@dataclass(frozen=True)
class CurrentStage:
    """An open episode, with its open legal statuses and placements in words."""

    episode_id: int
    stage: str
    starts_on: date
    legal_statuses: list[str] = field(default_factory=list)
    placements: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return label_for(Stage, self.stage)


@dataclass(frozen=True)
class PersonAround:
    name: str
    relationship: str
    nature: str
    has_parental_responsibility: bool
    is_trusted_adult: bool
    is_current: bool
    is_deceased: bool


@dataclass
class RecordNow:
    """The record as it stands: the facts at the top of the page and the people around the child."""

    allocations: int = 0
    address: str | None = None
    latest_words: ChildWords | None = None
    stages: list[CurrentStage] = field(default_factory=list)
    people: list[PersonAround] = field(default_factory=list)
    lives_with: list[str] = field(default_factory=list)

    @property
    def worker_changes(self) -> int:
        return max(self.allocations - 1, 0)


def _nulls_last(value: date | None) -> tuple[bool, date]:
    return (value is None, value or date.min)


def read_now(*, child_id: int, person_id: int) -> Rows:
    with connection.cursor() as cursor:
        cursor.execute(NOW_SQL, {"child": child_id, "person": person_id})
        return tuple(cursor.fetchall())


def record_now_from(rows: Rows) -> RecordNow:
    """The rows of NOW_SQL as the page lists them: current stages newest first, the people
    around the child by the end of the relationship (current ones last), kind and name, the
    household by age and name."""
    now = RecordNow()
    stages: dict[int, CurrentStage] = {}
    people: list[tuple[tuple[bool, date], str, str, PersonAround]] = []
    home: list[tuple[tuple[bool, date], str]] = []
    for part, n, code, code2, on_date, a, b, flag1, flag2, ended, died in rows:
        if part == "facts":
            now.allocations, now.address = n, a
            now.latest_words = ChildWords(b, _as_date(on_date)) if b else None
        elif part == "stage":
            stages[n] = CurrentStage(episode_id=n, stage=code, starts_on=_as_date(on_date))
        elif part == "person":
            ends_on = as_optional_date(ended)
            around = _person_around(bool(n), code, code2, a, b, flag1, flag2, ends_on, died)
            people.append((_nulls_last(ends_on), code, around.name, around))
        elif part == "home":
            home.append((_nulls_last(as_optional_date(on_date)), f"{a} {b}"))
    _add_legal_statuses_and_placements(stages, rows)
    now.stages = sorted(stages.values(), key=lambda stage: (stage.starts_on, stage.episode_id), reverse=True)
    now.people = [person for *_, person in sorted(people, key=lambda item: item[:3])]
    now.lives_with = [name for _, name in sorted(home)]
    return now


def _add_legal_statuses_and_placements(stages: dict[int, CurrentStage], rows: Rows) -> None:
    """Each open looked-after episode's legal statuses and placements, latest first, in words."""
    extras = [(_as_date(row[4]), row[0], row[1], row[2]) for row in rows if row[0] in ("legal", "placement")]
    for since, part, episode_id, code in sorted(extras, reverse=True):
        if part == "legal":
            line = f"{label_for(LegalStatus, code)} ({code}) since {short_date(since)}"
            stages[episode_id].legal_statuses.append(line)
        else:
            line = f"{label_for(PlacementType, code)} ({code}) since {short_date(since)}"
            stages[episode_id].placements.append(line)


def _person_around(
    child_is_from: bool,
    kind: str,
    nature: str,
    given: str,
    family: str,
    has_pr: bool,
    trusted: bool,
    ends_on: date | None,
    died: date | str | None,
) -> PersonAround:
    kind_label = label_for(RelationshipKind, kind)
    return PersonAround(
        name=f"{given} {family}",
        relationship=INVERSE_KIND.get(kind, kind_label) if child_is_from else kind_label,
        nature=label_for(RelationshipNature, nature),
        has_parental_responsibility=bool(has_pr) and not child_is_from,
        is_trusted_adult=bool(trusted),
        is_current=ends_on is None,
        is_deceased=died is not None,
    )
