"""Reads that assemble the child's record page and "My work" from a handful of queries.

Both pages are read far more often than anything else in Kith, so they read plain values
(no model instances beyond the child the access check already loaded) and put dates and codes
into words here instead of in the template. Each page's body is drawn from what was read and
kept, keyed on everything it shows (see RecordPage): opening a page again, unchanged, costs its
queries but not its drawing. The record's chronology and facts are themselves kept under the
record's version (`record_rows`), so an unchanged record costs one statement for them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kith.core.codes import label_for
from kith.core.models import User
from kith.journey.chronology import (
    Rows,
    as_optional_date,
    chronology_entries,
    read_chronology,
    read_now,
    record_now_from,
)
from kith.journey.codes import ChildSeen, Stage
from kith.journey.dates import long_date
from kith.journey.rules import Due, VisitDue, next_visit_due
from kith.people.access import child_url
from kith.people.codes import Disability, Ethnicity, Sex
from kith.people.family import FAMILY_WRITES_WHERE
from kith.people.family_rules import GenogramStatus
from kith.people.models import Child, Person

CHRONOLOGY_ON_PAGE = 30
# Bodies kept drawn in each process; an entry is a few kilobytes of rows and markup.
BODIES_KEPT = 256


@dataclass(frozen=True)
class Rendering:
    """What a kept body's markup depends on besides its data: the language dates and codes are
    written in, and where its links point."""

    language: str | None
    urlconf: str | None
    script_prefix: str


def rendering() -> Rendering:
    return Rendering(language=get_language(), urlconf=get_urlconf(), script_prefix=get_script_prefix())


def born(person: Person) -> str:
    if person.date_of_birth:
        return long_date(person.date_of_birth)
    if person.expected_date_of_birth:
        return f"Unborn: expected {long_date(person.expected_date_of_birth)}"
    return "Not known"


@dataclass(frozen=True)
class RecordPage:
    """Everything the body of a child's record page shows, as plain values, and nothing else.

    The body is drawn from this alone (no request, no user, no model instance), so two equal
    RecordPages draw the same markup, and `record_body` keeps what it drew keyed on the whole
    RecordPage. The key is the data itself: the child as loaded on every request, and rows read
    afresh whenever the record's version has moved (`record_rows`: every audited change, and
    every change in the admin, moves it), so a kept body is never out of date. What the viewer
    may do (casework, management) is part of the key, so people with different access never
    share a body; whether they may open the record at all is decided, and the view audited,
    before this is read.
    """

    child_id: int
    la_child_id: str
    is_restricted: bool
    is_open: bool
    lead_practitioner: str
    team: str
    full_name: str
    preferred_name: str
    known_as: str
    born: str
    sex: str
    ethnicity: str
    first_language: str
    needs_interpreter: bool
    nhs_number: str
    disabilities: tuple[str, ...]
    died: str
    now: Rows
    chronology: Rows
    full_chronology: bool
    viewer_is_casework: bool
    viewer_is_manager: bool
    rendering: Rendering


def record_page(child: Child, *, viewer: User, full_chronology: bool, version: RecordVersion) -> RecordPage:
    """Read the record for `viewer`: two statements where the rows kept under `version` (read
    first, `record_version`) are not current, besides the child (with their person, team and lead
    practitioner) that the access check loaded."""
    person = child.person
    now, chronology = record_rows(child, None if full_chronology else CHRONOLOGY_ON_PAGE, version)
    return RecordPage(
        child_id=child.pk,
        la_child_id=child.la_child_id,
        is_restricted=child.is_restricted,
        is_open=child.is_open,
        lead_practitioner=str(child.lead_practitioner or ""),
        team=str(child.team or ""),
        full_name=person.full_name,
        preferred_name=person.preferred_name,
        known_as=person.known_as,
        born=born(person),
        sex=label_for(Sex, person.sex),
        ethnicity=label_for(Ethnicity, person.ethnicity),
        first_language=person.first_language,
        needs_interpreter=person.needs_interpreter,
        nhs_number=person.nhs_number,
        disabilities=tuple(label_for(Disability, code) for code in person.disabilities if code in Disability.values),
        died=long_date(person.date_of_death),
        now=now,
        chronology=chronology,
        full_chronology=full_chronology,
        viewer_is_casework=viewer.is_casework,
        viewer_is_manager=viewer.is_manager,
        rendering=rendering(),
    )


# The record's version: the newest change audited for the child, for no child in particular (an
# import, a new user), to any family (kith.people.family: a relative's name or a relationship
# shows among the people around the child, and may be changed from another child's record),
# and in the admin (a worker's or team's name). Every write of the record is audited, so a new
# version follows every change the record's rows could show; core's migration 0003 indexes the
# changes by child, so each part is one index probe.
RECORD_VERSION_SQL = f"""SELECT
  (SELECT MAX(id) FROM core_auditevent WHERE child_id = %s AND action IN ('create', 'update')),
  (SELECT MAX(id) FROM core_auditevent WHERE child_id IS NULL AND action IN ('create', 'update')),
  (SELECT MAX(id) FROM core_auditevent WHERE {FAMILY_WRITES_WHERE}),
  (SELECT MAX(id) FROM django_admin_log)"""  # noqa: S608 - constants only
ROWS_KEPT = 2048


class RecordVersion(NamedTuple):
    child: int | None
    no_child: int | None
    families: int | None  # kith.people.family.families_version, read in the same statement
    admin: int | None


def record_version(child_id: int) -> RecordVersion:
    """Read before anything kept under it is read, so that a write committed in between gives
    rows newer than their key, never older."""
    with connection.cursor() as cursor:
        cursor.execute(RECORD_VERSION_SQL, [child_id])
        return RecordVersion(*(cursor.fetchone() or (None,) * 4))


def record_rows(child: Child, limit: int | None, version: RecordVersion) -> tuple[Rows, Rows]:
    """The record as it stands and its chronology, as read. A page of the chronology is kept
    under the record's version (one statement of index probes). The whole chronology, which can
    run to thousands of entries, is read afresh."""
    if limit is None:
        return _read_rows(child.pk, child.person_id, None)
    return _kept_rows(connection.settings_dict["NAME"], child.pk, child.person_id, limit, version)


def _read_rows(child_id: int, person_id: int, limit: int | None) -> tuple[Rows, Rows]:
    return (
        read_now(child_id=child_id, person_id=person_id),
        read_chronology(child_id=child_id, person_id=person_id, limit=limit),
    )


@lru_cache(maxsize=ROWS_KEPT)
def _kept_rows(database: str, child_id: int, person_id: int, limit: int, version: RecordVersion) -> tuple[Rows, Rows]:
    return _read_rows(child_id, person_id, limit)


def forget_kept_rows() -> None:
    """For tests, whose rolled-back ids are used again and whose factories write unaudited."""
    _kept_rows.cache_clear()


def record_body(page: RecordPage) -> SafeString:
    """The body of the record page, drawn from `page` alone (see RecordPage). The whole
    chronology is drawn afresh each time: it can run to thousands of entries, too big to keep."""
    return _draw_record(page) if page.full_chronology else _kept_record(page)


def _draw_record(page: RecordPage) -> SafeString:
    now = record_now_from(page.now)
    context = {
        "page": page,
        "current_stages": now.stages,
        "address": now.address,
        "latest_words": now.latest_words,
        "people": now.people,
        "lives_with": now.lives_with,
        "worker_changes": now.worker_changes,
        "entries": chronology_entries(page.chronology),
    }
    return render_to_string("journey/_record.html", context)


_kept_record = lru_cache(maxsize=BODIES_KEPT)(_draw_record)


def child_record(child: Child, *, viewer: User, full_chronology: bool, version: RecordVersion) -> dict[str, Any]:
    """The context of the child's record page."""
    page = record_page(child, viewer=viewer, full_chronology=full_chronology, version=version)
    return {"child": child, "person": child.person, "body": record_body(page)}


@dataclass(frozen=True)
class CaseloadRow:
    child_id: int
    name: str
    url: str
    stage_label: str
    stage_started_on: date | None
    last_seen_on: date | None
    visit: VisitDue


# One row per open child allocated to the user: when the current stage started and when the
# child was last seen. Plain SQL, like the chronology's: building this query through the ORM
# (subqueries, an EXISTS, the joins) cost more than running it.
CASELOAD_SQL = """
SELECT c.id, p.legal_given_name, p.legal_family_name, c.current_stage,
       (SELECT e.starts_on FROM journey_episode e
         WHERE e.child_id = c.id AND e.ends_on IS NULL ORDER BY e.starts_on DESC LIMIT 1),
       (SELECT v.visited_on FROM journey_visit v
         WHERE v.child_id = c.id AND v.child_seen <> %(not_seen)s ORDER BY v.visited_on DESC LIMIT 1)
  FROM people_child c JOIN people_person p ON p.id = c.person_id
 WHERE c.lead_practitioner_id = %(user)s AND c.is_open
   AND (NOT c.is_restricted
        OR EXISTS (SELECT 1 FROM people_restrictedaccess ra WHERE ra.child_id = c.id AND ra.user_id = %(user)s))
 ORDER BY c.id
"""


def read_caseload(user: User) -> Rows:
    """The user's allocated open children, one query. A restricted record stays out unless the
    user is named on it, even if they are its lead practitioner: restricted means named people
    only."""
    with connection.cursor() as cursor:
        cursor.execute(CASELOAD_SQL, {"user": user.pk, "not_seen": ChildSeen.NOT_SEEN.value})
        return tuple(cursor.fetchall())


def caseload_rows(children: Rows, *, today: date) -> list[CaseloadRow]:
    """The children of `read_caseload` with their visits due, the most pressing first."""
    rows = []
    for pk, given, family, stage, started_on, seen_on in children:
        started, seen = as_optional_date(started_on), as_optional_date(seen_on)
        rows.append(
            CaseloadRow(
                child_id=pk,
                name=f"{given} {family}",
                url=child_url(pk),
                stage_label=label_for(Stage, stage),
                stage_started_on=started,
                last_seen_on=seen,
                visit=next_visit_due(stage=stage, stage_started_on=started, last_seen_on=seen, today=today),
            )
        )
    return sorted(rows, key=lambda r: (r.visit.due_on is None, r.visit.due_on or today))


@dataclass(frozen=True)
class CaseloadPage:
    """Everything the caseload on "My work" shows: kept drawn like a RecordPage, for the same
    reasons. The rows are the user's own, read on every request, and the visits due are
    counted from `today`, so a new day, visit, stage or allocation is a new key."""

    children: Rows
    today: date
    rendering: Rendering


@lru_cache(maxsize=BODIES_KEPT)
def caseload_body(page: CaseloadPage) -> SafeString:
    rows = caseload_rows(page.children, today=page.today)
    overdue = sum(1 for row in rows if row.visit.status is Due.OVERDUE)
    return render_to_string("journey/_caseload.html", {"rows": rows, "overdue": overdue})


def my_work_body(user: User, *, today: date) -> SafeString | None:
    """The caseload on "My work", or None when nothing is allocated to the user."""
    children = read_caseload(user)
    if not children:
        return None
    return caseload_body(CaseloadPage(children=children, today=today, rendering=rendering()))


@dataclass(frozen=True)
class SectionsPage:
    """The links to the rest of the record and the genogram's status: the same for a child from
    one load to the next until their name or genogram changes, so kept drawn like a RecordPage."""

    child_id: int
    known_as: str
    meets_minimum: bool
    last_reviewed_on: date | None
    is_review_overdue: bool
    rendering: Rendering


@lru_cache(maxsize=BODIES_KEPT)
def _sections_body(page: SectionsPage) -> SafeString:
    return render_to_string("journey/_record_sections.html", asdict(page))


def sections_body(child: Child, genogram: GenogramStatus) -> SafeString:
    """The "More about" links of the child's record."""
    page = SectionsPage(
        child_id=child.pk,
        known_as=child.person.known_as,
        meets_minimum=genogram.meets_minimum,
        last_reviewed_on=genogram.last_reviewed_on,
        is_review_overdue=genogram.is_review_overdue,
        rendering=rendering(),
    )
    return _sections_body(page)


@receiver(setting_changed)
def _forget_kept_bodies(**kwargs: Any) -> None:
    """A setting can change what a body shows (a council's labels, the language) without changing
    the data it was kept under. Settings only change in tests, which then start afresh."""
    _kept_record.cache_clear()
    forget_kept_rows()
    caseload_body.cache_clear()
    _sections_body.cache_clear()
