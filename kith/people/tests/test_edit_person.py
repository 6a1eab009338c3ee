"""Changing a person's details: checks on identifiers and dates, and no lost updates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kith.core.models import AuditAction, AuditEvent
from kith.people.models import Child, Person

pytestmark = pytest.mark.django_db


def form_data(person: Person, **changes: Any) -> dict[str, Any]:
    dob = person.date_of_birth
    data = {
        "legal_given_name": person.legal_given_name,
        "legal_family_name": person.legal_family_name,
        "preferred_name": person.preferred_name,
        "other_names": "",
        "date_of_birth_0": dob.day if dob else "",
        "date_of_birth_1": dob.month if dob else "",
        "date_of_birth_2": dob.year if dob else "",
        "sex": person.sex,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "first_language": "",
        "nhs_number": person.nhs_number,
        "upn": "",
        "version": person.version,
    }
    data.update(changes)
    return data


def test_alice_changes_the_preferred_name_and_it_is_audited(as_alice: Client, jayden: Child) -> None:
    url = f"/children/{jayden.pk}/details/"
    assert as_alice.get(url).status_code == 200
    response = as_alice.post(url, form_data(jayden.person, preferred_name="JJ", first_language="Polish"))
    assert response.status_code == 302
    person = Person.objects.get(pk=jayden.person_id)
    assert person.preferred_name == "JJ"
    assert person.version == 2
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="person").latest("id")
    assert event.detail["changed"]["preferred_name"] == ["Jay", "JJ"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nhs_number": "9990001007"}, b"Enter a real NHS number"),
        ({"upn": "A999000123001"}, b"Enter a real unique pupil number"),
        ({"date_of_birth_2": "2099"}, b"Date of birth must be today or in the past"),
        ({"legal_given_name": ""}, b"Enter the legal first name"),
        ({"date_of_birth_1": "13"}, b"Date of birth must be a real date"),
    ],
)
def test_bad_input_is_refused_naming_the_field(as_alice: Client, jayden: Child, changes: dict, message: bytes) -> None:
    response = as_alice.post(f"/children/{jayden.pk}/details/", form_data(jayden.person, **changes))
    assert response.status_code == 200
    assert message in response.content
    assert b"There is a problem" in response.content
    assert Person.objects.get(pk=jayden.person_id).version == 1  # nothing half-saved


def test_an_expected_date_of_birth_is_allowed_in_the_future_for_an_unborn_child(
    as_alice: Client, jayden: Child
) -> None:
    data = form_data(jayden.person, date_of_birth_0="", date_of_birth_1="", date_of_birth_2="")
    data.update({"expected_date_of_birth_0": "1", "expected_date_of_birth_1": "3", "expected_date_of_birth_2": "2027"})
    assert as_alice.post(f"/children/{jayden.pk}/details/", data).status_code == 302
    assert Person.objects.get(pk=jayden.person_id).is_unborn


def test_a_concurrent_edit_is_refused_not_overwritten(as_alice: Client, as_bob: Client, jayden: Child) -> None:
    stale = form_data(jayden.person, preferred_name="From Alice")
    assert (
        as_bob.post(f"/children/{jayden.pk}/details/", form_data(jayden.person, preferred_name="From Bob")).status_code
        == 302
    )
    response = as_alice.post(f"/children/{jayden.pk}/details/", stale)
    assert response.status_code == 409
    assert b"Someone else changed these details after you opened them" in response.content
    assert Person.objects.get(pk=jayden.person_id).preferred_name == "From Bob"


def test_charlie_cannot_change_another_teams_child(as_charlie: Client, jayden: Child) -> None:
    response = as_charlie.post(f"/children/{jayden.pk}/details/", form_data(jayden.person, preferred_name="X"))
    assert response.status_code == 404
    assert Person.objects.get(pk=jayden.person_id).preferred_name == "Jay"
