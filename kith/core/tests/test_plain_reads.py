"""The reads every request makes, written as plain SQL: they must give exactly what the ORM
gives, and the session and user they find must be the right ones or none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from kith.conftest import PASSWORD
from kith.core.actions import record_view_event
from kith.core.backends import UserBackend
from kith.core.models import AuditAction, AuditEvent, User
from kith.people.access import CHILD_WITH_PERSON
from kith.people.models import Child

pytestmark = pytest.mark.django_db

PERSON_FIELDS = [f.attname for f in Child._meta.get_field("person").related_model._meta.concrete_fields]  # type: ignore[union-attr]


def test_the_child_read_in_plain_sql_equals_the_orms(jayden: Child) -> None:
    jayden.person.disabilities = ["MOB", "HAND"]
    jayden.person.save()
    orm = Child.objects.with_person().get(pk=jayden.pk)
    plain = CHILD_WITH_PERSON.one("t.id = %s", [jayden.pk])
    assert isinstance(plain, Child)
    for field in Child._meta.concrete_fields:
        assert getattr(plain, field.attname) == getattr(orm, field.attname), field.attname
    for name in PERSON_FIELDS:
        assert getattr(plain.person, name) == getattr(orm.person, name), name
    assert plain.person.disabilities == ["MOB", "HAND"]  # JSON decoded, as the ORM does
    assert plain.team == orm.team and plain.team.name == orm.team.name  # type: ignore[union-attr]
    assert plain.lead_practitioner == orm.lead_practitioner
    assert plain.created_at == orm.created_at and plain.created_at.tzinfo is not None


def test_a_child_with_no_team_or_worker_reads_as_none(jayden: Child) -> None:
    Child.objects.filter(pk=jayden.pk).update(team=None, lead_practitioner=None)
    plain = CHILD_WITH_PERSON.one("t.id = %s", [jayden.pk])
    assert isinstance(plain, Child)
    assert plain.team is None and plain.lead_practitioner is None
    assert CHILD_WITH_PERSON.one("t.id = %s", [jayden.pk + 1000]) is None


def test_the_user_backend_finds_active_users_only(alice: User) -> None:
    backend = UserBackend()
    found = backend.get_user(alice.pk)
    assert found == alice and found is not None
    assert found.role == alice.role and found.team_id == alice.team_id and found.password == alice.password
    assert backend.get_user(alice.pk + 1000) is None
    assert backend.get_user("not a number") is None
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert backend.get_user(alice.pk) is None


def test_a_signed_in_session_is_read_and_an_expired_one_is_not(alice: User) -> None:
    client = Client()
    client.post("/sign-in/", {"username": "alice", "password": PASSWORD})
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_view_event_is_saved_as_the_orm_would_save_it(alice: User) -> None:
    record_view_event(
        user_id=alice.pk,
        child_id=7,
        child_team_id=3,
        object_type="child",
        object_id=7,
        reason="A reason",
        detail={"path": "/children/7/"},
    )
    event = AuditEvent.objects.get(child_id=7)
    assert event.user == alice and event.action == AuditAction.VIEW
    assert event.child_team_id == 3 and event.reason == "A reason"
    assert event.detail == {"path": "/children/7/"}
    assert abs(event.at - timezone.now()) < timedelta(minutes=1)
