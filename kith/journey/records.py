"""Reads that assemble the child's record page and "My work" from a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery

from kith.core.models import User
from kith.journey.codes import ChildSeen, Stage
from kith.journey.models import Allocation, Episode, LegalStatusPeriod, Placement, Visit
from kith.journey.rules import ChronologyEntry, VisitDue, chronology, next_visit_due
from kith.people.codes import Disability
from kith.people.models import Address, Child, HouseholdMember, Relationship

CHRONOLOGY_ON_PAGE = 30
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


def _stage_label(stage: str) -> str:
    return Stage(stage).label if stage in Stage.values else stage


def chronology_for(child: Child, *, limit: int | None) -> list[ChronologyEntry]:
    """Every dated event on the record, newest first: one query per source, each bounded."""
    per_source = limit if limit else None
    person_id = child.person_id
    entries: list[ChronologyEntry] = []
    visits = Visit.objects.filter(child=child).order_by("-visited_on", "-recorded_at")
    for n, v in enumerate(visits[:per_source] if per_source else visits):
        seen = ChildSeen(v.child_seen).label if v.child_seen in ChildSeen.values else v.child_seen
        entries.append(
            ChronologyEntry(
                v.visited_on, "visit", f"Visit: {seen.lower()}", v.analysis or v.what_i_saw, v.child_words, order=-n
            )
        )
    episodes = Episode.objects.filter(child=child).order_by("-starts_on")
    for e in episodes[:per_source] if per_source else episodes:
        entries.append(ChronologyEntry(e.starts_on, "episode", f"{_stage_label(e.stage)} started", e.summary))
        if e.ends_on:
            reason = e.get_closure_reason_display() if e.closure_reason else ""
            entries.append(ChronologyEntry(e.ends_on, "episode", f"{_stage_label(e.stage)} ended", reason))
    allocations = Allocation.objects.filter(child=child).select_related("practitioner", "team")
    for a in allocations[:per_source] if per_source else allocations:
        entries.append(ChronologyEntry(a.starts_on, "allocation", f"Allocated to {a.practitioner}", str(a.team)))
    for addr in Address.objects.filter(person_id=person_id)[:per_source]:
        entries.append(ChronologyEntry(addr.starts_on, "address", "Moved address", str(addr)))
    for m in HouseholdMember.objects.filter(person_id=person_id).select_related("household")[:per_source]:
        entries.append(ChronologyEntry(m.starts_on, "household", f"Joined {m.household}", ""))
    return chronology(entries, limit)


@dataclass(frozen=True)
class PersonAround:
    name: str
    relationship: str
    nature: str
    has_parental_responsibility: bool
    is_trusted_adult: bool
    is_current: bool
    is_deceased: bool


def people_around(child: Child) -> list[PersonAround]:
    person_id = child.person_id
    around = []
    for r in Relationship.objects.involving(person_id).order_by("ends_on", "kind"):
        other = r.to_person if r.from_person_id == person_id else r.from_person
        label = (
            r.get_kind_display() if r.from_person_id != person_id else INVERSE_KIND.get(r.kind, r.get_kind_display())
        )
        around.append(
            PersonAround(
                name=other.full_name,
                relationship=label,
                nature=r.get_nature_display(),
                has_parental_responsibility=r.has_parental_responsibility and r.from_person_id != person_id,
                is_trusted_adult=r.is_trusted_adult,
                is_current=r.ends_on is None,
                is_deceased=other.date_of_death is not None,
            )
        )
    return around


def child_record(child: Child, *, today: date, full_chronology: bool) -> dict[str, Any]:
    latest_words = (
        Visit.objects.filter(child=child).exclude(child_words="").order_by("-visited_on", "-recorded_at").first()
    )
    current = list(
        Episode.objects.filter(child=child)
        .open()
        .order_by("-starts_on")
        .prefetch_related(
            Prefetch("legal_statuses", LegalStatusPeriod.objects.filter(ends_on__isnull=True)),
            Prefetch("placements", Placement.objects.filter(ends_on__isnull=True)),
        )
    )
    addresses = list(Address.objects.filter(person_id=child.person_id, ends_on__isnull=True)[:1])
    worker_changes = Allocation.objects.filter(child=child).count() - 1
    return {
        "child": child,
        "person": child.person,
        "current_episodes": current,
        "address": addresses[0] if addresses else None,
        "latest_words": latest_words,
        "people": people_around(child),
        "entries": chronology_for(child, limit=None if full_chronology else CHRONOLOGY_ON_PAGE),
        "full_chronology": full_chronology,
        "worker_changes": max(worker_changes, 0),
        "disabilities": [Disability(code).label for code in child.person.disabilities if code in Disability.values],
    }


@dataclass(frozen=True)
class CaseloadRow:
    child: Child
    stage_label: str
    stage_started_on: date | None
    last_seen_on: date | None
    visit: VisitDue


def my_work(user: User, *, today: date) -> list[CaseloadRow]:
    """The user's allocated open children, the most pressing visit first. One query."""
    open_episode = Episode.objects.filter(child=OuterRef("pk"), ends_on__isnull=True).order_by("-starts_on")
    children = (
        Child.objects.filter(lead_practitioner=user, is_open=True)
        .select_related("person")
        .annotate(
            stage_started_on=Subquery(open_episode.values("starts_on")[:1]),
            last_seen_on=Max("visits__visited_on", filter=~Q(visits__child_seen=ChildSeen.NOT_SEEN)),
        )
    )
    rows = [
        CaseloadRow(
            child=c,
            stage_label=_stage_label(c.current_stage),
            stage_started_on=c.stage_started_on,
            last_seen_on=c.last_seen_on,
            visit=next_visit_due(
                stage=c.current_stage, stage_started_on=c.stage_started_on, last_seen_on=c.last_seen_on, today=today
            ),
        )
        for c in children
    ]
    return sorted(rows, key=lambda r: (r.visit.due_on is None, r.visit.due_on or today))
