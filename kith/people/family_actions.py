"""Every write about a child's family network: relatives, relationships, trusted adults, ecomap
connections, network members and genogram reviews. Each is one transaction with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.errors import Refused
from kith.core.models import AuditAction, User
from kith.people.actions import EditConflict, do_create_person
from kith.people.codes import RelationshipKind, RelationshipNature
from kith.people.family_rules import parent_age_worry, would_be_own_ancestor
from kith.people.models import Child, Connection, GenogramReview, NetworkMember, Person, Relationship

__all__ = [
    "EditConflict",
    "NeedsConfirmation",
    "RelationshipRefused",
    "do_add_connection",
    "do_add_network_member",
    "do_add_relative",
    "do_change_connection",
    "do_change_network_member",
    "do_change_relationship",
    "do_end_relationship",
    "do_mark_trusted_adult",
    "do_record_genogram_review",
]


class RelationshipRefused(Refused):
    """The relationship cannot be recorded: `field` is the form field at fault."""


class NeedsConfirmation(Refused):
    """The relationship is possible but unlikely: ask the user to confirm before saving."""


# How the new person is related to the person they are added beside (the "anchor").
PARENT, CHILD, PARTNER, SIBLING, OTHER = "parent", "child", "partner", "sibling", "other"
DESCENT_KIND = {
    "biological": (RelationshipKind.PARENT, RelationshipNature.BIOLOGICAL),
    "adopted": (RelationshipKind.PARENT, RelationshipNature.ADOPTIVE),
    "step": (RelationshipKind.STEP_PARENT, RelationshipNature.SOCIAL),
    "fostered": (RelationshipKind.FOSTER_CARER, RelationshipNature.SOCIAL),
}


@dataclass(frozen=True)
class NewTie:
    """What is known about a new relationship, from the form."""

    relation: str  # PARENT, CHILD, PARTNER, SIBLING or OTHER, from the anchor's side
    descent: str = "biological"  # for PARENT and CHILD: biological, adopted, step, fostered
    partnership_status: str = ""
    twin: str = ""
    emotional_tie: str = ""
    tie_direction: str = "both"
    starts_on: date | None = None
    starts_on_accuracy: str = "exact"
    ends_on: date | None = None
    ends_on_accuracy: str = "exact"
    is_trusted_adult: bool = False
    has_parental_responsibility: bool = False


def _audit(*, child: Child, by: User, action: AuditAction, object_type: str, object_id: int, **detail: Any) -> None:
    record_audit_event(
        user=by,
        action=action,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail or None,
    )


def _parents_map(people: set[int]) -> dict[int, set[int]]:
    """Recorded parents of everyone reachable upwards from `people` (one query per generation)."""
    parents_of: dict[int, set[int]] = {}
    frontier = set(people)
    for _ in range(12):
        rows = Relationship.objects.filter(
            to_person_id__in=frontier, kind__in=(RelationshipKind.PARENT, RelationshipKind.STEP_PARENT)
        ).values_list("from_person_id", "to_person_id")
        frontier = set()
        for parent, child in rows:
            parents_of.setdefault(child, set()).add(parent)
            frontier.add(parent)
        frontier -= set(parents_of)
        if not frontier:
            break
    return parents_of


def _check_parent_link(parent: Person, child: Person, *, confirmed: bool) -> None:
    if would_be_own_ancestor(parent_id=parent.pk, child_id=child.pk, parents_of=_parents_map({parent.pk})):
        raise RelationshipRefused(
            "relation", f"{parent} cannot be a parent of {child}: {child} is already one of {parent}'s ancestors"
        )
    worry = parent_age_worry(parent_born=parent.date_of_birth, child_born=child.date_of_birth)
    if worry and not confirmed:
        raise NeedsConfirmation("confirm", worry)


def _check_partnership(a: Person, b: Person) -> None:
    existing = Relationship.objects.filter(
        Q(from_person=a, to_person=b) | Q(from_person=b, to_person=a),
        kind=RelationshipKind.PARTNER,
        ends_on__isnull=True,
    )
    if existing.exists():
        raise RelationshipRefused("relation", f"{a} and {b} already have a partnership recorded. Change that one")


def _pair(anchor: Person, other: Person, tie: NewTie) -> tuple[Person, Person, str, str]:
    """(from, to, kind, nature) for the new relationship."""
    if tie.relation in (PARENT, CHILD):
        kind, nature = DESCENT_KIND.get(tie.descent, DESCENT_KIND["biological"])
        parent, child = (other, anchor) if tie.relation == PARENT else (anchor, other)
        return parent, child, kind, nature
    if tie.relation == PARTNER:
        return anchor, other, RelationshipKind.PARTNER, RelationshipNature.SOCIAL
    if tie.relation == SIBLING:
        return anchor, other, RelationshipKind.SIBLING, RelationshipNature.BIOLOGICAL
    return other, anchor, RelationshipKind.OTHER, RelationshipNature.SOCIAL


def do_add_relative(
    *,
    child: Child,
    anchor: Person,
    tie: NewTie,
    by: User,
    person: Person | None = None,
    person_fields: dict[str, Any] | None = None,
    confirmed: bool = False,
) -> Relationship:
    """Add someone to the child's family beside `anchor`: an existing person, or a new one.

    Refused: a relationship with oneself, a second current partnership between the same two
    people, and anything that would make someone their own ancestor. A parent born after the
    child, or less than 12 years before, needs `confirmed`.
    """
    with transaction.atomic():
        other = person or do_create_person(person_fields=person_fields or {}, by=by, child=child)
        if other.pk == anchor.pk:
            raise RelationshipRefused("person", "A person cannot have a relationship with themselves")
        source, target, kind, nature = _pair(anchor, other, tie)
        if kind in (RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.FOSTER_CARER):
            _check_parent_link(source, target, confirmed=confirmed or kind != RelationshipKind.PARENT)
        if kind == RelationshipKind.PARTNER:
            _check_partnership(source, target)
        relationship = _create_relationship(source, target, kind, nature, tie)
        if tie.relation == SIBLING:
            _share_parents(anchor, other)
        _audit(child=child, by=by, action=AuditAction.CREATE, object_type="relationship", object_id=relationship.pk)
    return relationship


def _share_parents(anchor: Person, sibling: Person) -> None:
    """A brother or sister has the same birth parents as the person they are added beside (a
    half-sibling is added as the child of the parent they share)."""
    parents = Relationship.objects.filter(
        to_person=anchor, kind=RelationshipKind.PARENT, nature=RelationshipNature.BIOLOGICAL
    ).values_list("from_person_id", flat=True)
    for parent_id in parents:
        if not Relationship.objects.filter(
            from_person_id=parent_id, to_person=sibling, kind=RelationshipKind.PARENT
        ).exists():
            Relationship.objects.create(
                from_person_id=parent_id,
                to_person=sibling,
                kind=RelationshipKind.PARENT,
                nature=RelationshipNature.BIOLOGICAL,
            )


def _create_relationship(source: Person, target: Person, kind: str, nature: str, tie: NewTie) -> Relationship:
    try:
        with transaction.atomic():
            return Relationship.objects.create(
                from_person=source,
                to_person=target,
                kind=kind,
                nature=nature,
                has_parental_responsibility=tie.has_parental_responsibility,
                is_trusted_adult=tie.is_trusted_adult,
                starts_on=tie.starts_on,
                starts_on_accuracy=tie.starts_on_accuracy,
                ends_on=tie.ends_on,
                ends_on_accuracy=tie.ends_on_accuracy,
                partnership_status=tie.partnership_status if kind == RelationshipKind.PARTNER else "",
                twin=tie.twin if kind == RelationshipKind.SIBLING else "",
                emotional_tie=tie.emotional_tie,
                tie_direction=tie.tie_direction,
            )
    except IntegrityError as error:  # the database's own checks, e.g. ends before it starts
        raise RelationshipRefused("ends_on", "The relationship must end after it starts") from error


RELATIONSHIP_CHANGEABLE = {
    "partnership_status",
    "twin",
    "emotional_tie",
    "tie_direction",
    "starts_on",
    "starts_on_accuracy",
    "ends_on",
    "ends_on_accuracy",
    "is_trusted_adult",
    "has_parental_responsibility",
}


def do_change_relationship(
    *, relationship: Relationship, changes: dict[str, Any], expected_version: int, child: Child, by: User
) -> Relationship:
    """Change a relationship unless someone else changed it since `expected_version` was read."""
    unknown = set(changes) - RELATIONSHIP_CHANGEABLE
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    before = {name: getattr(relationship, name) for name in changes}
    ends, starts = changes.get("ends_on", relationship.ends_on), changes.get("starts_on", relationship.starts_on)
    if ends and starts and ends < starts:
        raise RelationshipRefused("ends_on", "The date the relationship ended must be after it started")
    with transaction.atomic():
        updated = Relationship.objects.filter(pk=relationship.pk, version=expected_version).update(
            **changes, version=F("version") + 1
        )
        if updated != 1:
            raise EditConflict
        changed = {k: [str(before[k]), str(v)] for k, v in changes.items() if before[k] != v}
        _audit(
            child=child,
            by=by,
            action=AuditAction.UPDATE,
            object_type="relationship",
            object_id=relationship.pk,
            changed=changed,
        )
    relationship.refresh_from_db()
    return relationship


def do_end_relationship(
    *, relationship: Relationship, ends_on: date, accuracy: str, expected_version: int, child: Child, by: User
) -> Relationship:
    """A relationship ended: it stays on the record (and the genogram) with its end date."""
    return do_change_relationship(
        relationship=relationship,
        changes={"ends_on": ends_on, "ends_on_accuracy": accuracy},
        expected_version=expected_version,
        child=child,
        by=by,
    )


def do_mark_trusted_adult(*, child: Child, person: Person, is_trusted: bool, by: User) -> Relationship:
    """Mark (or unmark) someone as an adult the child trusts, on their relationship with the child."""
    if person.pk == child.person_id:
        raise RelationshipRefused("person", "A child cannot be their own trusted adult")
    with transaction.atomic():
        relationship = (
            Relationship.objects.select_for_update()
            .filter(from_person=person, to_person_id=child.person_id)
            .order_by("ends_on", "pk")
            .first()
        )
        if relationship is None:
            relationship = Relationship.objects.create(
                from_person=person,
                to_person_id=child.person_id,
                kind=RelationshipKind.OTHER,
                nature=RelationshipNature.SOCIAL,
                is_trusted_adult=is_trusted,
            )
        else:
            Relationship.objects.filter(pk=relationship.pk).update(
                is_trusted_adult=is_trusted, version=F("version") + 1
            )
            relationship.refresh_from_db()
        _audit(
            child=child,
            by=by,
            action=AuditAction.UPDATE,
            object_type="trusted_adult",
            object_id=relationship.pk,
            is_trusted_adult=is_trusted,
        )
    return relationship


def _versioned_update(
    model: type[Connection] | type[NetworkMember], pk: int, version: int, changes: dict[str, Any]
) -> None:
    updated = model.objects.filter(pk=pk, version=version).update(**changes, version=F("version") + 1)
    if updated != 1:
        raise EditConflict


def do_add_connection(*, child: Child, fields: dict[str, Any], by: User) -> Connection:
    """Add someone or something in the child's world to the ecomap."""
    with transaction.atomic():
        connection = Connection.objects.create(child=child, **fields)
        _audit(child=child, by=by, action=AuditAction.CREATE, object_type="connection", object_id=connection.pk)
    return connection


def do_change_connection(
    *, connection: Connection, changes: dict[str, Any], expected_version: int, child: Child, by: User
) -> Connection:
    with transaction.atomic():
        _versioned_update(Connection, connection.pk, expected_version, changes)
        _audit(
            child=child,
            by=by,
            action=AuditAction.UPDATE,
            object_type="connection",
            object_id=connection.pk,
            changed=sorted(changes),
        )
    connection.refresh_from_db()
    return connection


def do_add_network_member(*, child: Child, fields: dict[str, Any], by: User, today: date) -> NetworkMember:
    """Add someone who is, or could be, part of the child's support or safety network."""
    with transaction.atomic():
        member = NetworkMember.objects.create(child=child, starts_on=today, **fields)
        _audit(child=child, by=by, action=AuditAction.CREATE, object_type="network_member", object_id=member.pk)
    return member


def do_change_network_member(
    *, member: NetworkMember, changes: dict[str, Any], expected_version: int, child: Child, by: User
) -> NetworkMember:
    with transaction.atomic():
        _versioned_update(NetworkMember, member.pk, expected_version, changes)
        _audit(
            child=child,
            by=by,
            action=AuditAction.UPDATE,
            object_type="network_member",
            object_id=member.pk,
            changed=sorted(changes),
        )
    member.refresh_from_db()
    return member


def do_record_genogram_review(
    *,
    child: Child,
    reviewed_on: date,
    mothers_side_explored: bool,
    fathers_side_explored: bool,
    no_siblings: bool,
    note: str,
    by: User,
) -> GenogramReview:
    """The practitioner went through the genogram with the family and says what was explored."""
    with transaction.atomic():
        review = GenogramReview.objects.create(
            child=child,
            reviewed_on=reviewed_on,
            reviewed_by=by,
            mothers_side_explored=mothers_side_explored,
            fathers_side_explored=fathers_side_explored,
            no_siblings=no_siblings,
            note=note,
            created_at=timezone.now(),
        )
        _audit(child=child, by=by, action=AuditAction.CREATE, object_type="genogram_review", object_id=review.pk)
    return review
