"""Every write about people: children, persons, relationships. Atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, User
from kith.people.models import Child, Person, Relationship
from kith.people.rules import normalise_name, phonetic_key


class EditConflict(Exception):
    """Someone else changed the record after the user opened it."""


def _search_fields(person: Person) -> None:
    person.search_name = normalise_name(
        person.legal_given_name, person.legal_family_name, person.preferred_name, person.other_names
    )
    person.search_phonetic = phonetic_key(person.search_name)


def do_create_child(*, person_fields: dict[str, Any], la_child_id: str, by: User) -> Child:
    """Make a person and their child record."""
    now = timezone.now()
    with transaction.atomic():
        person = Person(**person_fields, updated_at=now)
        _search_fields(person)
        person.save()
        child = Child.objects.create(person=person, la_child_id=la_child_id, created_at=now)
        record_audit_event(
            user=by, action=AuditAction.CREATE, child_id=child.pk, object_type="child", object_id=child.pk
        )
    return child


def do_create_person(*, person_fields: dict[str, Any], by: User, child: Child | None = None) -> Person:
    with transaction.atomic():
        person = Person(**person_fields, updated_at=timezone.now())
        _search_fields(person)
        person.save()
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=child.pk if child else None,
            child_team_id=child.team_id if child else None,
            object_type="person",
            object_id=person.pk,
        )
    return person


def do_update_person(
    *, person: Person, changes: dict[str, Any], expected_version: int, child: Child | None, by: User
) -> Person:
    """Change a person's details unless someone else saved them since `expected_version` was read.

    The version check and the update are one UPDATE statement, so two people saving at once
    cannot both win: the second gets EditConflict and nothing of theirs is written.
    """
    before = {field: getattr(person, field) for field in changes}
    for field, value in changes.items():
        setattr(person, field, value)
    _search_fields(person)
    values = {**changes, "search_name": person.search_name, "search_phonetic": person.search_phonetic}
    with transaction.atomic():
        updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise EditConflict
        changed = {k: [str(before[k]), str(v)] for k, v in changes.items() if before[k] != v}
        record_audit_event(
            user=by,
            action=AuditAction.UPDATE,
            child_id=child.pk if child else None,
            child_team_id=child.team_id if child else None,
            object_type="person",
            object_id=person.pk,
            detail={"changed": changed},
        )
    person.refresh_from_db()
    return person


def do_add_relationship(
    *,
    from_person: Person,
    to_person: Person,
    kind: str,
    nature: str,
    has_parental_responsibility: bool = False,
    is_trusted_adult: bool = False,
    starts_on: date | None = None,
    child: Child | None = None,
    by: User,
) -> Relationship:
    with transaction.atomic():
        relationship = Relationship.objects.create(
            from_person=from_person,
            to_person=to_person,
            kind=kind,
            nature=nature,
            has_parental_responsibility=has_parental_responsibility,
            is_trusted_adult=is_trusted_adult,
            starts_on=starts_on,
        )
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=child.pk if child else None,
            child_team_id=child.team_id if child else None,
            object_type="relationship",
            object_id=relationship.pk,
        )
    return relationship


def do_name_on_restricted_record(*, child: Child, user: User, by: User) -> None:
    """Restrict a record (if it was not) and name someone who may see it."""
    with transaction.atomic():
        Child.objects.filter(pk=child.pk).update(is_restricted=True)
        child.named_access.get_or_create(user=user)
        child.is_restricted = True
        record_audit_event(
            user=by,
            action=AuditAction.UPDATE,
            child_id=child.pk,
            child_team_id=child.team_id,
            object_type="restriction",
            object_id=user.pk,
        )
