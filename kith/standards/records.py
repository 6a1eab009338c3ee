"""The standards for "My work" and the child's record, computed on every read.

For the lead engineer to include:

- `standards_for_caseload(user, today)` → `CaseloadStandards`: each of the user's allocated open
  children with the standards due soon or overdue for them, the most pressing first, in two
  queries (the standards in force; the results with the children's names). Drawn by
  `standards/_my_work.html` with the context variable `standards_work`.
- `actions_for(user)` → the learning and supervision actions the user owns that are still to do
  (one query); drawn by `standards/_my_actions.html` with the context variable `practice_actions`.
- `standards_for_child(child, today)` → `ChildStandards`: every standard that applies to the
  child, met or not, with the due date and a link to the evidence or the missing step, in two
  queries. Drawn by `standards/_record.html` with the context variable `child_standards`.

The results are computed on every read: a visit recorded now shows the standard met on the next
page. Only their markup is kept (`caseload_section`, `record_section`), keyed on the results
themselves, so a page whose results are unchanged is not drawn again and any change is a new key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

from kith.core.models import User
from kith.journey.records import rendering
from kith.people.models import Child
from kith.standards.engine import Result, Scope, Spec, evaluate
from kith.standards.measures import MeasureError, Within, default_urls
from kith.standards.models import Pillar, PracticeAction, Standard, Status

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


INFO_FIELDS = (
    "code", "measure", "stages", "min_age", "max_age", "due_soon_working_days",
    "title", "pillar", "evidence_url", "missing_url",
)  # fmt: skip


def standard_infos() -> list[tuple[StandardInfo, Spec]]:
    """The standards in force as rows need them: one query of plain values; each standard's
    parsed measure and links are kept by those values, so a changed standard is read afresh."""
    pairs = []
    for row in Standard.objects.active().values_list(*INFO_FIELDS):
        try:
            pairs.append(_info((*row[:2], tuple(row[2]), *row[3:])))
        except MeasureError:
            continue  # as standards_in_force: a measure that no longer parses is left out
    return pairs


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


def row_for(standard: Standard, spec: Spec, result: Result) -> StandardRow:
    return row_of(StandardInfo.of(standard, spec), result)


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


def standards_for_caseload(user: User, today: date) -> CaseloadStandards:
    """The user's allocated open children with what is due soon or overdue, most pressing first."""
    if not user.is_casework:
        return CaseloadStandards()
    pairs = standard_infos()
    if not pairs:
        return CaseloadStandards()
    by_code = {info.code: info for info, _ in pairs}
    scope = Scope("practitioner", ids=(user.pk,), viewer=user.pk)
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


def standards_for_child(child: Child, today: date) -> ChildStandards:
    """Every standard that applies to the child today, with its due date and link."""
    pairs = standard_infos()
    by_code = {info.code: info for info, _ in pairs}
    scope = Scope("children", ids=(child.pk,), include_restricted=True)
    results = evaluate([spec for _, spec in pairs], scope, [today]) if pairs else []
    rows = [row_of(by_code[r.code], r) for r in results]
    position = {info.code: n for n, (info, _) in enumerate(pairs)}
    rows.sort(key=lambda r: position[r.code])
    return ChildStandards(child.pk, rows, child_link("standards:child", child.pk))


def actions_for(user: User) -> list[PracticeAction]:
    """Actions from supervision, oversight and audits the user still has to do, soonest first."""
    return list(
        PracticeAction.objects.still_to_do()
        .filter(owner=user)
        .select_related("child__person")
        .order_by("due_on", "pk")[:50]
    )


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
    key = tuple((c.child_id, c.name, c.url, tuple(c.rows)) for c in work.children)
    return _kept("standards/_my_work.html", "standards_work", work, key)


def record_section(found: ChildStandards) -> SafeString:
    """The "Practice standards" section of the child's record (`standards/_record.html`)."""
    return _kept("standards/_record.html", "child_standards", found, (found.child_id, found.url, tuple(found.rows)))


@receiver(setting_changed)
def _forget_kept_sections(**kwargs: object) -> None:
    """Settings only change in tests, which then start afresh (see kith.journey.records)."""
    _kept_sections.clear()
