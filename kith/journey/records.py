"""Reads that assemble the child's record page and "My work" from a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects

from kith.core.codes import label_for
from kith.core.models import User
from kith.journey.chronology import chronology, record_facts
from kith.journey.codes import ChildSeen, Stage
from kith.journey.models import Episode, LegalStatusPeriod, Placement, Visit
from kith.journey.rules import VisitDue, next_visit_due
from kith.people.codes import Disability, RelationshipKind, RelationshipNature
from kith.people.models import Child, HouseholdMember, Relationship, RestrictedAccess

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
    """The child's relationships, read from the child's side; plain values, no model objects."""
    person_id = child.person_id
    rows = (
        Relationship.objects.involving(person_id)
        .order_by("ends_on", "kind")
        .values_list(
            "from_person_id",
            "kind",
            "nature",
            "has_parental_responsibility",
            "is_trusted_adult",
            "ends_on",
            "from_person__legal_given_name",
            "from_person__legal_family_name",
            "from_person__date_of_death",
            "to_person__legal_given_name",
            "to_person__legal_family_name",
            "to_person__date_of_death",
        )
    )
    around = []
    for from_id, kind, nature, has_pr, trusted, ends_on, fg, ff, fdied, tg, tf, tdied in rows:
        child_is_from = from_id == person_id
        kind_label = label_for(RelationshipKind, kind)
        around.append(
            PersonAround(
                name=f"{tg} {tf}" if child_is_from else f"{fg} {ff}",
                relationship=INVERSE_KIND.get(kind, kind_label) if child_is_from else kind_label,
                nature=label_for(RelationshipNature, nature),
                has_parental_responsibility=has_pr and not child_is_from,
                is_trusted_adult=trusted,
                is_current=ends_on is None,
                is_deceased=(tdied if child_is_from else fdied) is not None,
            )
        )
    return around


def lives_with(child: Child) -> list[str]:
    """Who shares the child's current household, by name."""
    rows = (
        HouseholdMember.objects.filter(
            ends_on__isnull=True,
            household__members__person_id=child.person_id,
            household__members__ends_on__isnull=True,
        )
        .exclude(person_id=child.person_id)
        .order_by("person__date_of_birth")
        .values_list("person__legal_given_name", "person__legal_family_name")
        .distinct()
    )
    return [f"{given} {family}" for given, family in rows]


def child_record(child: Child, *, full_chronology: bool) -> dict[str, Any]:
    """Everything the child's record page shows: five queries (seven for a looked-after child)."""
    current = list(Episode.objects.filter(child=child).open().order_by("-starts_on", "-id"))
    if any(e.stage == Stage.LOOKED_AFTER for e in current):
        prefetch_related_objects(
            current,
            Prefetch("legal_statuses", LegalStatusPeriod.objects.filter(ends_on__isnull=True)),
            Prefetch("placements", Placement.objects.filter(ends_on__isnull=True)),
        )
    facts = record_facts(child_id=child.pk, person_id=child.person_id)
    limit = None if full_chronology else CHRONOLOGY_ON_PAGE
    return {
        "child": child,
        "person": child.person,
        "current_episodes": current,
        "address": facts.address,
        "latest_words": facts.latest_words,
        "people": people_around(child),
        "lives_with": lives_with(child),
        "entries": chronology(child_id=child.pk, person_id=child.person_id, limit=limit),
        "full_chronology": full_chronology,
        "worker_changes": facts.worker_changes,
        "disabilities": [
            label_for(Disability, code) for code in child.person.disabilities if code in Disability.values
        ],
    }


@dataclass(frozen=True)
class CaseloadRow:
    child: Child
    stage_label: str
    stage_started_on: date | None
    last_seen_on: date | None
    visit: VisitDue


def my_work(user: User, *, today: date) -> list[CaseloadRow]:
    """The user's allocated open children, the most pressing visit first. One query.

    A restricted record stays out of the list unless the user is named on it, even if they
    are its lead practitioner: restricted means named people only."""
    open_episode = Episode.objects.filter(child=OuterRef("pk"), ends_on__isnull=True).order_by("-starts_on")
    last_seen = (
        Visit.objects.filter(child=OuterRef("pk")).exclude(child_seen=ChildSeen.NOT_SEEN).order_by("-visited_on")
    )
    named = RestrictedAccess.objects.filter(child=OuterRef("pk"), user=user)
    children = (
        Child.objects.filter(lead_practitioner=user)
        .open()
        .filter(Q(is_restricted=False) | Q(Exists(named)))
        .select_related("person")
        .annotate(
            stage_started_on=Subquery(open_episode.values("starts_on")[:1]),
            last_seen_on=Subquery(last_seen.values("visited_on")[:1]),
        )
    )
    rows = [
        CaseloadRow(
            child=c,
            stage_label=label_for(Stage, c.current_stage),
            stage_started_on=c.stage_started_on,
            last_seen_on=c.last_seen_on,
            visit=next_visit_due(
                stage=c.current_stage, stage_started_on=c.stage_started_on, last_seen_on=c.last_seen_on, today=today
            ),
        )
        for c in children
    ]
    return sorted(rows, key=lambda r: (r.visit.due_on is None, r.visit.due_on or today))
