"""Personas shared by every app's tests, built through actions, never raw SQL.

Alice is a practitioner in the Riverside team and Bob manages it. Charlie practises in the
Hillside team: Riverside's children are "page not found" to him. Dana works for a partner
agency: she may open a record after giving a reason. Erin is a performance analyst.
Jayden Smith is open to Riverside (child in need, allocated to Alice). Mia Jones is a
restricted record that only Alice is named on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from kith.core import dbtriggers
from kith.core.actions import do_create_user
from kith.core.models import Role, Service, Team, User
from kith.journey.actions import do_allocate, do_open_episode
from kith.journey.codes import Stage
from kith.journey.records import forget_kept_rows
from kith.people.actions import do_add_relationship, do_create_child, do_create_person, do_name_on_restricted_record
from kith.people.family import forget_kept_statuses
from kith.people.models import Child
from kith.standards.kept import forget_kept

PASSWORD = "correct horse battery staple"
CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def _no_kept_results() -> None:
    """Each test starts with nothing kept (standards results, genogram statuses, record rows): its
    rolled-back ids are used again by the next test, and factories write records without the
    audit events that would mark them."""
    forget_kept()
    forget_kept_statuses()
    forget_kept_rows()


@pytest.fixture(autouse=True)
def _require_postgres_when_asked(request: pytest.FixtureRequest) -> None:
    """Under KITH_REQUIRE_POSTGRES the suite must really be talking to PostgreSQL."""
    if os.environ.get("KITH_REQUIRE_POSTGRES") and "django_db_setup" in request.fixturenames:
        assert connection.vendor == "postgresql", "KITH_REQUIRE_POSTGRES is set but the database is not PostgreSQL"


@pytest.fixture(autouse=True)
def _audit_log_stays_append_only(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with Django emptying every table. On SQLite that is a DELETE,
    which the audit log's triggers refuse, so they are lifted for that flush and put back
    before the next test that uses the database. PostgreSQL's TRUNCATE does not fire them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or connection.vendor != "sqlite":
        yield
        return
    transactional = bool(marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    with connection.cursor() as cursor:
        dbtriggers.execute(cursor, "sqlite", create=True)
    yield
    if transactional:
        with connection.cursor() as cursor:
            dbtriggers.execute(cursor, "sqlite", create=False)


def make_user(username: str, role: Role, team: Team | None, first: str, last: str) -> User:
    return do_create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last, role=role, team=team, by=None
    )


@pytest.fixture
def service(db: Any) -> Service:
    return Service.objects.create(name="Children's social care")


@pytest.fixture
def riverside(service: Service) -> Team:
    return Team.objects.create(name="Riverside", service=service)


@pytest.fixture
def hillside(db: Any) -> Team:
    other = Service.objects.create(name="Early help")
    return Team.objects.create(name="Hillside", service=other)


@pytest.fixture
def alice(riverside: Team) -> User:
    return make_user("alice", Role.PRACTITIONER, riverside, "Alice", "Ahmed")


@pytest.fixture
def bob(riverside: Team) -> User:
    return make_user("bob", Role.TEAM_MANAGER, riverside, "Bob", "Baker")


@pytest.fixture
def charlie(hillside: Team) -> User:
    return make_user("charlie", Role.PRACTITIONER, hillside, "Charlie", "Chen")


@pytest.fixture
def dana(db: Any) -> User:
    return make_user("dana", Role.PARTNER, None, "Dana", "Doyle")


@pytest.fixture
def erin(db: Any) -> User:
    return make_user("erin", Role.ANALYST, None, "Erin", "Evans")


def make_child(given: str, family: str, la_id: str, by: User, **extra: Any) -> Child:
    fields = {"legal_given_name": given, "legal_family_name": family, "date_of_birth": date(2015, 3, 27), **extra}
    return do_create_child(person_fields=fields, la_child_id=la_id, by=by)


def open_child(child: Child, practitioner: User, stage: str = Stage.CHILD_IN_NEED, on: date | None = None) -> Child:
    starts = on or date(2026, 9, 1)
    assert practitioner.team is not None
    do_allocate(child=child, practitioner=practitioner, team=practitioner.team, starts_on=starts, by=practitioner)
    do_open_episode(child=child, stage=stage, starts_on=starts, by=practitioner)
    child.refresh_from_db()
    return child


@pytest.fixture
def jayden(alice: User) -> Child:
    child = make_child("Jayden", "Smith", "KT000001", alice, nhs_number="9990001006", preferred_name="Jay")
    mum = do_create_person(
        person_fields={"legal_given_name": "Chloé", "legal_family_name": "Smith", "date_of_birth": date(1990, 5, 1)},
        by=alice,
    )
    do_add_relationship(
        from_person=mum,
        to_person=child.person,
        kind="parent",
        nature="biological",
        has_parental_responsibility=True,
        child=child,
        by=alice,
    )
    return open_child(child, alice)


@pytest.fixture
def mia(alice: User) -> Child:
    child = open_child(make_child("Mia", "Jones", "KT000002", alice), alice)
    do_name_on_restricted_record(child=child, user=alice, by=alice)
    return child


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(alice: User) -> Client:
    return signed_in(alice)


@pytest.fixture
def as_bob(bob: User) -> Client:
    return signed_in(bob)


@pytest.fixture
def as_charlie(charlie: User) -> Client:
    return signed_in(charlie)


@pytest.fixture
def as_dana(dana: User) -> Client:
    return signed_in(dana)
