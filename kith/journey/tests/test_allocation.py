"""Bob allocates his team's children; history is kept so changes of worker can be counted."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from kith.conftest import make_user
from kith.core.models import Role, Team, User
from kith.journey.models import Allocation
from kith.people.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def frank(riverside: Team) -> User:
    return make_user("frank", Role.PRACTITIONER, riverside, "Frank", "Fisher")


def allocation_data(practitioner: User, on: date) -> dict[str, object]:
    return {"practitioner": practitioner.pk, "starts_on_0": on.day, "starts_on_1": on.month, "starts_on_2": on.year}


def test_bob_moves_jayden_to_frank_and_history_is_kept(as_bob: Client, jayden: Child, frank: User) -> None:
    url = f"/children/{jayden.pk}/allocate/"
    assert as_bob.get(url).status_code == 200
    response = as_bob.post(url, allocation_data(frank, timezone.localdate()))
    assert response.status_code == 302
    jayden.refresh_from_db()
    assert jayden.lead_practitioner == frank
    assert Allocation.objects.filter(child=jayden).count() == 2
    assert Allocation.objects.filter(child=jayden, ends_on__isnull=True).get().practitioner == frank
    assert (
        b'Changes of worker</dt><dd class="govuk-summary-list__value">1'
        in as_bob.get(f"/children/{jayden.pk}/").content
    )


def test_allocation_before_the_current_one_started_is_refused(as_bob: Client, jayden: Child, frank: User) -> None:
    response = as_bob.post(f"/children/{jayden.pk}/allocate/", allocation_data(frank, date(2026, 1, 1)))
    assert response.status_code == 400
    assert b"Allocated from must be on or after the start of the current allocation" in response.content
    assert Allocation.objects.filter(child=jayden).count() == 1


def test_bob_cannot_allocate_to_another_teams_practitioner(as_bob: Client, jayden: Child, charlie: User) -> None:
    response = as_bob.post(f"/children/{jayden.pk}/allocate/", allocation_data(charlie, timezone.localdate()))
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content


def test_practitioners_cannot_allocate(as_alice: Client, jayden: Child, frank: User) -> None:
    assert (
        as_alice.post(f"/children/{jayden.pk}/allocate/", allocation_data(frank, timezone.localdate())).status_code
        == 403
    )


def test_other_teams_get_page_not_found(as_charlie: Client, jayden: Child) -> None:
    assert as_charlie.get(f"/children/{jayden.pk}/allocate/").status_code == 404
