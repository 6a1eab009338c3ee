"""Reads that assemble the child's record page and "My work" from a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects

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


@dataclass(frozen=True)
class RecordSources:
    """Every dated row on a child's record, read once: one query per source."""

    visits: list[Visit]
    visits_truncated: bool
    episodes: list[Episode]
    allocations: list[Allocation]
    addresses: list[Address]
    households: list[HouseholdMember]


def record_sources(child: Child, *, visit_limit: int | None) -> RecordSources:
    visits_qs = Visit.objects.filter(child=child).order_by("-visited_on", "-recorded_at")
    visits = list(visits_qs[: visit_limit + 1] if visit_limit else visits_qs)
    truncated = visit_limit is not None and len(visits) > visit_limit
    return RecordSources(
        visits=visits[:visit_limit] if visit_limit else visits,
        visits_truncated=truncated,
        episodes=list(Episode.objects.filter(child=child).order_by("-starts_on", "-id")),
        allocations=list(Allocation.objects.filter(child=child).select_related("practitioner", "team")),
        addresses=list(Address.objects.filter(person_id=child.person_id)),
        households=list(HouseholdMember.objects.filter(person_id=child.person_id).select_related("household")),
    )


def chronology_for(sources: RecordSources, *, limit: int | None) -> list[ChronologyEntry]:
    """Every dated event on the record, newest first."""
    entries: list[ChronologyEntry] = []
    for n, v in enumerate(sources.visits):
        seen = ChildSeen(v.child_seen).label if v.child_seen in ChildSeen.values else v.child_seen
        detail = v.analysis or v.what_i_saw
        entries.append(ChronologyEntry(v.visited_on, "visit", f"Visit: {seen.lower()}", detail, v.child_words, -n))
    for e in sources.episodes:
        entries.append(ChronologyEntry(e.starts_on, "episode", f"{_stage_label(e.stage)} started", e.summary))
        if e.ends_on:
            reason = e.get_closure_reason_display() if e.closure_reason else ""
            entries.append(ChronologyEntry(e.ends_on, "episode", f"{_stage_label(e.stage)} ended", reason))
    for a in sources.allocations:
        entries.append(ChronologyEntry(a.starts_on, "allocation", f"Allocated to {a.practitioner}", str(a.team)))
    for addr in sources.addresses:
        entries.append(ChronologyEntry(addr.starts_on, "address", "Moved address", str(addr)))
    for m in sources.households:
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


def _latest_words(child: Child, sources: RecordSources) -> Visit | None:
    for visit in sources.visits:
        if visit.child_words:
            return visit
    if not sources.visits_truncated:
        return None
    return Visit.objects.for_child(child.pk).exclude(child_words="").order_by("-visited_on", "-recorded_at").first()


def child_record(child: Child, *, today: date, full_chronology: bool) -> dict[str, Any]:
    sources = record_sources(child, visit_limit=None if full_chronology else CHRONOLOGY_ON_PAGE)
    current = [e for e in sources.episodes if e.ends_on is None]
    if any(e.stage == Stage.LOOKED_AFTER for e in current):
        prefetch_related_objects(
            current,
            Prefetch("legal_statuses", LegalStatusPeriod.objects.filter(ends_on__isnull=True)),
            Prefetch("placements", Placement.objects.filter(ends_on__isnull=True)),
        )
    address = next((a for a in sources.addresses if a.ends_on is None), None)
    return {
        "child": child,
        "person": child.person,
        "current_episodes": current,
        "address": address,
        "latest_words": _latest_words(child, sources),
        "people": people_around(child),
        "entries": chronology_for(sources, limit=None if full_chronology else CHRONOLOGY_ON_PAGE),
        "full_chronology": full_chronology,
        "worker_changes": max(len(sources.allocations) - 1, 0),
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
