"""The standards for "My work" and the child's record.

- `standards_for_caseload(user, today)` → `CaseloadStandards`: each of the user's allocated open
  children with the standards due soon or overdue for them, the most pressing first. Drawn by
  `standards/_my_work.html` (`caseload_section`).
- `actions_for(user)` → the learning and supervision actions the user owns that are still to do
  (one query); drawn by `standards/_my_actions.html` with the context variable `practice_actions`.
- `standards_for_child(child, today)` → `ChildStandards`: every standard that applies to the
  child, met or not, with the due date and a link to the evidence or the missing step. Drawn by
  `standards/_record.html` (`record_section`).

A visit recorded now shows the standard met on the next page. Each page reads the standards in
force and the marks of the children it covers (kith.standards.kept), two queries on "My work" and
one on the record; what the engine made of them, the rows and their markup are kept under those
and worked out again only when a write has marked a child, the standards changed or the day turned.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

from kith.core.models import User
from kith.journey.records import rendering
from kith.people.models import Child
from kith.standards.engine import Result, Scope, Spec, as_date, evaluate
from kith.standards.kept import CHILD_MARKS_COLUMNS, kept, marks
from kith.standards.measures import MeasureError, Within, default_urls
from kith.standards.models import Pillar, Standard, Status

TAG_COLOURS = {Status.MET: "green", Status.DUE_SOON: "yellow", Status.OVERDUE: "red", Status.NOT_APPLICABLE: "grey"}
ORDER = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.MET: 2}


@lru_cache(maxsize=4096)
def _url(name: str, child_id: int, urlconf: str | None, prefix: str) -> str:
    try:
        return reverse(name, args=[child_id], urlconf=urlconf)
    except NoReverseMatch:
        return ""


def child_link(name: str, child_id: int) -> str:
    return _url(name, child_id, get_urlconf(), get_script_prefix()) if name else ""


@dataclass(frozen=True)
class StandardRow:
    """One standard for one child, as a page shows it."""

    code: str
    title: str
    pillar: str
    status: str
    due_on: date | None
    evidence_on: date | None
    link: str  # the evidence when met, the missing step otherwise
    link_text: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[Status(self.status)]

    @property
    def is_met(self) -> bool:
        return self.status == Status.MET


@dataclass(frozen=True)
class StandardInfo:
    """What a row needs of a standard, worked out once per page rather than once per row."""

    code: str
    title: str
    pillar: str
    evidence: str  # URL names taking the child's id
    missing: str
    is_one_off: bool  # within(...): a step done once

    @classmethod
    def of(cls, standard: Standard, spec: Spec) -> StandardInfo:
        evidence, missing = default_urls(spec.measure)
        return cls(
            code=standard.code,
            title=standard.title,
            pillar=str(Pillar(standard.pillar).label),
            evidence=standard.evidence_url or evidence,
            missing=standard.missing_url or missing,
            is_one_off=isinstance(spec.measure, Within),
        )


# The standards in force (Standard.objects.active()) with what rows need of them, in plain SQL:
# read on every page, where the ORM would cost more to build the query than to run it.
STANDARDS_SQL = (
    "SELECT code, measure, stages, min_age, max_age, due_soon_working_days, title, pillar, evidence_url, "
    "missing_url FROM standards_standard WHERE is_active = %s ORDER BY position, code"
)
STANDARDS_AND_MARKS_SQL = STANDARDS_SQL.replace(
    " FROM standards_standard", f", {CHILD_MARKS_COLUMNS} FROM standards_standard"
)
Pairs = tuple[tuple[StandardInfo, Spec], ...]
Rows = tuple[tuple[Any, ...], ...]


def standard_infos() -> tuple[Pairs, Rows]:
    """The standards in force as rows need them, and the plain values they were made from (a
    cheap key for what is kept from them): one query; each standard's parsed measure and links are
    kept by those values, so a changed standard is read afresh."""
    with connection.cursor() as cursor:
        cursor.execute(STANDARDS_SQL, [True])
        return _pairs(cursor.fetchall())


def standards_and_marks(child_id: int) -> tuple[Pairs, Rows, tuple[Any, ...]]:
    """`standard_infos()` and the newest marks of the child and of everyone, in one query (the
    record reads both on every load): the marks ride on each standard's row. With no standard in
    force there is nothing to work out, so no marks are needed."""
    with connection.cursor() as cursor:
        cursor.execute(STANDARDS_AND_MARKS_SQL, [child_id, True])
        rows = cursor.fetchall()
    return (*_pairs([row[:-2] for row in rows]), (tuple(rows[0][-2:]) if rows else ()))


def _pairs(rows: Sequence[Sequence[Any]]) -> tuple[Pairs, Rows]:
    return _pairs_of_rows(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=64)
def _pairs_of_rows(rows: Rows) -> tuple[Pairs, Rows]:
    """Kept by the rows as read (the stages as JSON text): the same standards are parsed once."""
    plain = tuple((*row[:2], tuple(_stages(row[2])), *row[3:]) for row in rows)
    return _pairs_of(plain), plain


def _stages(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value)  # JSON text where the driver leaves it so


def _pairs_of(rows: Rows) -> Pairs:
    pairs = []
    for row in rows:
        try:
            pairs.append(_info(row))
        except MeasureError:
            continue  # as standards_in_force: a measure that no longer parses is left out
    return tuple(pairs)


@lru_cache(maxsize=256)
def _info(row: tuple[Any, ...]) -> tuple[StandardInfo, Spec]:
    spec = Spec.from_key(row[:6])
    title, pillar, evidence_url, missing_url = row[6:]
    evidence, missing = default_urls(spec.measure)
    info = StandardInfo(
        code=spec.code,
        title=title,
        pillar=str(Pillar(pillar).label),
        evidence=evidence_url or evidence,
        missing=missing_url or missing,
        is_one_off=isinstance(spec.measure, Within),
    )
    return info, spec


def row_of(info: StandardInfo, result: Result) -> StandardRow:
    met = result.status == Status.MET
    # A one-off step done late cannot be done again: the link shows when it was done.
    done_late = info.is_one_off and result.evidence_on is not None
    return StandardRow(
        code=info.code,
        title=info.title,
        pillar=info.pillar,
        status=result.status,
        due_on=result.due_on,
        evidence_on=result.evidence_on,
        link=child_link(info.evidence if met or done_late else info.missing, result.child_id),
        link_text="See the record" if met else ("Done late: see the record" if done_late else "Do this now"),
    )


def _sorted(rows: list[StandardRow]) -> list[StandardRow]:
    return sorted(rows, key=lambda r: (ORDER.get(Status(r.status), 3), r.due_on or date.max, r.code))


@dataclass(frozen=True)
class ChildWork:
    child_id: int
    name: str
    url: str
    rows: list[StandardRow]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.status == Status.OVERDUE)


@dataclass(frozen=True)
class CaseloadStandards:
    children: list[ChildWork] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(child.overdue for child in self.children)

    @property
    def due_soon(self) -> int:
        return sum(1 for child in self.children for r in child.rows if r.status == Status.DUE_SOON)

    @property
    def is_empty(self) -> bool:
        return not self.children

    @cached_property
    def section(self) -> SafeString:
        """Drawn once for each object: a kept one is kept under the rendering it was drawn in."""
        key = tuple((c.child_id, c.name, c.url, tuple(c.rows)) for c in self.children)
        return _kept("standards/_my_work.html", "standards_work", self, key)


def standards_for_caseload(user: User, today: date) -> CaseloadStandards:
    """The user's allocated open children with what is due soon or overdue, most pressing first."""
    if not user.is_casework:
        return CaseloadStandards()
    pairs, plain = standard_infos()
    if not pairs:
        return CaseloadStandards()
    scope = Scope("practitioner", ids=(user.pk,), viewer=user.pk)
    return kept(("caseload", plain, marks(scope, today)), lambda: _caseload(pairs, scope, today))


def _caseload(pairs: Pairs, scope: Scope, today: date) -> CaseloadStandards:
    by_code = {info.code: info for info, _ in pairs}
    results = evaluate([spec for _, spec in pairs], scope, [today], with_names=True)
    children: dict[int, tuple[str, list[StandardRow]]] = {}
    for result in results:
        _, rows = children.setdefault(result.child_id, (result.name, []))
        if result.status != Status.MET:
            info = by_code[result.code]
            if not (info.is_one_off and result.evidence_on is not None):  # done late: nothing left to do
                rows.append(row_of(info, result))
    work = [
        ChildWork(child_id, name, child_link("standards:child", child_id), _sorted(rows))
        for child_id, (name, rows) in children.items()
        if rows
    ]
    work.sort(key=lambda c: (-c.overdue, min((r.due_on or date.max) for r in c.rows), c.name))
    return CaseloadStandards(work)


@dataclass(frozen=True)
class ChildStandards:
    child_id: int
    rows: list[StandardRow]
    url: str

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.status == Status.OVERDUE)

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.status == Status.MET)

    @cached_property
    def section(self) -> SafeString:
        """Drawn once for each object, as CaseloadStandards.section."""
        return _kept("standards/_record.html", "child_standards", self, (self.child_id, self.url, tuple(self.rows)))


def standards_for_child(child: Child, today: date) -> ChildStandards:
    """Every standard that applies to the child today, with its due date and link."""
    pairs, plain, marks = standards_and_marks(child.pk)
    return kept(("child", child.pk, today, plain, marks), lambda: _child(pairs, child.pk, today))


def _child(pairs: Pairs, child_id: int, today: date) -> ChildStandards:
    by_code = {info.code: info for info, _ in pairs}
    scope = Scope("children", ids=(child_id,), include_restricted=True)
    results = evaluate([spec for _, spec in pairs], scope, [today]) if pairs else []
    rows = [row_of(by_code[r.code], r) for r in results]
    position = {info.code: n for n, (info, _) in enumerate(pairs)}
    rows.sort(key=lambda r: position[r.code])
    return ChildStandards(child_id, rows, child_link("standards:child", child_id))


@dataclass(frozen=True)
class ActionToDo:
    """An action the user still has to do, as "My work" lists it."""

    pk: int
    what: str
    due_on: date
    version: int
    child_name: str  # empty when the action is not about one child


ACTIONS_SQL = """SELECT a.id, a.what, a.due_on, a.version, pe.legal_given_name, pe.legal_family_name
FROM standards_practiceaction a LEFT JOIN people_child c ON c.id = a.child_id
LEFT JOIN people_person pe ON pe.id = c.person_id
WHERE a.owner_id = %s AND a.done_on IS NULL ORDER BY a.due_on, a.id LIMIT 50"""


def actions_for(user: User) -> list[ActionToDo]:
    """Actions from supervision, oversight and audits the user still has to do, soonest first
    (PracticeAction.objects.still_to_do() of theirs, in plain SQL: read on every "My work")."""
    with connection.cursor() as cursor:
        cursor.execute(ACTIONS_SQL, [user.pk])
        rows = cursor.fetchall()
    return [
        ActionToDo(pk, what, as_date(due_on), version, f"{given} {family}" if given is not None else "")  # type: ignore[arg-type]
        for pk, what, due_on, version, given, family in rows
    ]


# --- Kept markup ---------------------------------------------------------------------------------

SECTIONS_KEPT = 1024
_kept_sections: dict[tuple[Any, ...], SafeString] = {}


def _kept(template: str, name: str, value: object, key: tuple[Any, ...]) -> SafeString:
    """`template` drawn with `value` as `name`, kept keyed on `key` (everything the markup shows of
    `value`) and on what else the markup depends on: the language and where links point."""
    full = (template, key, rendering())
    markup = _kept_sections.get(full)
    if markup is None:
        markup = render_to_string(template, {name: value})
        if len(_kept_sections) >= SECTIONS_KEPT:
            _kept_sections.clear()  # simpler than LRU: a process draws few distinct sections at once
        _kept_sections[full] = markup
    return markup


def caseload_section(work: CaseloadStandards) -> SafeString:
    """The "Practice standards due" section of My work (`standards/_my_work.html`)."""
    return work.section


def record_section(found: ChildStandards) -> SafeString:
    """The "Practice standards" section of the child's record (`standards/_record.html`)."""
    return found.section


@receiver(setting_changed)
def _forget_kept_sections(**kwargs: object) -> None:
    """Settings only change in tests, which then start afresh (see kith.journey.records)."""
    _kept_sections.clear()
