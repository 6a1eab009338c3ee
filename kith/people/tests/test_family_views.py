"""The family pages: genogram, ecomap and network, editing in place, exports, access and audit."""

from __future__ import annotations

from typing import Any

import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from kith.core.models import AuditAction, AuditEvent
from kith.people.models import Child, Connection, NetworkMember, Relationship

pytestmark = pytest.mark.django_db


def family_url(child: Child, rest: str = "") -> str:
    return f"/children/{child.pk}/family/{rest}"


def mum_id(child: Child) -> int:
    return Relationship.objects.get(to_person=child.person, kind="parent").from_person_id


def relative(anchor: int, **changes: Any) -> dict[str, Any]:
    data = {
        "anchor": anchor,
        "relation": "parent",
        "existing": "",
        "given_name": "Iris",
        "family_name": "Smith",
        "sex": "2",
        "born": "about 1962",
        "descent": "biological",
        "partnership_status": "",
        "twin": "",
        "emotional_tie": "",
    }
    data.update(changes)
    return data


def test_alice_sees_jaydens_genogram_drawn_with_words_and_legend(as_alice: Client, jayden: Child) -> None:
    response = as_alice.get(family_url(jayden))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'data-subject="true"' in html
    assert "The genogram in words" in html and "What the shapes and lines mean" in html
    assert "Chloé Smith is the birth parent of Jay Smith" in html
    event = AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.VIEW).latest("id")
    assert event.object_type == "genogram"


def test_alice_adds_a_grandmother_and_sees_her_drawn(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(family_url(jayden, "add/"), relative(mum_id(jayden)), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Added to the genogram" in html
    grandmother = Relationship.objects.get(to_person_id=mum_id(jayden), kind="parent").from_person
    assert grandmother.date_of_birth_accuracy == "about"
    assert f'data-person="{grandmother.pk}"' in html
    assert "born about 1962" in html


def test_htmx_errors_come_back_in_place_with_the_fields_named(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(
        family_url(jayden, "add/"),
        relative(mum_id(jayden), given_name="", born="next year"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps only 2xx responses
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter their first name" in html
    assert "Date of birth must be a real date, a year, or about a year" in html


def test_without_htmx_errors_are_a_400(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(family_url(jayden, "add/"), relative(mum_id(jayden), given_name=""))
    assert response.status_code == 400


def test_a_parent_too_young_asks_for_confirmation_then_saves(as_alice: Client, jayden: Child) -> None:
    data = relative(jayden.person_id, given_name="Kay", born="2006")
    response = as_alice.post(family_url(jayden, "add/"), data)
    assert response.status_code == 400
    assert b"younger than 12" in response.content and b"Yes, these dates are right" in response.content
    response = as_alice.post(family_url(jayden, "add/"), {**data, "confirm": "on"})
    assert response.status_code == 302


def test_making_jayden_his_mothers_parent_is_refused(as_alice: Client, jayden: Child) -> None:
    data = relative(mum_id(jayden), existing=jayden.person_id)
    response = as_alice.post(family_url(jayden, "add/"), data)
    assert response.status_code == 400
    assert b"ancestors" in response.content


def test_a_person_from_another_family_cannot_be_linked(as_alice: Client, jayden: Child, mia: Child) -> None:
    response = as_alice.post(family_url(jayden, "add/"), relative(mum_id(jayden), existing=mia.person_id))
    assert response.status_code == 400  # not among the choices offered


def test_charlie_in_another_team_gets_not_found(as_charlie: Client, jayden: Child) -> None:
    for url in (family_url(jayden), family_url(jayden, "ecomap/"), family_url(jayden, "network/")):
        assert as_charlie.get(url).status_code == 404
    assert as_charlie.post(family_url(jayden, "add/"), relative(mum_id(jayden))).status_code == 404


def test_dana_from_a_partner_agency_gives_a_reason_and_then_can_read_but_not_change(
    as_dana: Client, jayden: Child
) -> None:
    response = as_dana.get(family_url(jayden))
    assert response.status_code == 302 and "/reason/" in response["Location"]
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School safeguarding lead checking who collects"})
    assert as_dana.get(family_url(jayden)).status_code == 200
    assert as_dana.post(family_url(jayden, "add/"), relative(mum_id(jayden))).status_code == 403


def test_alice_changes_and_ends_a_relationship_and_a_stale_form_is_a_conflict(as_alice: Client, jayden: Child) -> None:
    relationship = Relationship.objects.get(to_person=jayden.person, kind="parent")
    url = family_url(jayden, f"relationships/{relationship.pk}/")
    assert as_alice.get(url).status_code == 200
    data = {"emotional_tie": "close", "tie_direction": "both", "starts_on": "", "ends_on": "", "version": 1}
    assert as_alice.post(url, data).status_code == 302
    stale = as_alice.post(url, {**data, "emotional_tie": "distant"})
    assert stale.status_code == 409 and b"Someone else changed this" in stale.content
    bad = as_alice.post(url, {**data, "version": 2, "starts_on": "2020", "ends_on": "2019"})
    assert bad.status_code == 400 and b"must be after it started" in bad.content


def test_alice_marks_and_unmarks_a_trusted_adult(as_alice: Client, jayden: Child) -> None:
    url = family_url(jayden, f"trusted/{mum_id(jayden)}/")
    as_alice.post(url, {"trusted": "yes"})
    assert Relationship.objects.get(from_person_id=mum_id(jayden), to_person=jayden.person).is_trusted_adult
    as_alice.post(url, {"trusted": "no"})
    assert not Relationship.objects.get(from_person_id=mum_id(jayden), to_person=jayden.person).is_trusted_adult


def test_the_ecomap_shows_connections_and_takes_new_ones(as_alice: Client, jayden: Child) -> None:
    data = {
        "name": "Riverside Primary",
        "kind": "school",
        "detail": "Year 6",
        "strength": "strong",
        "support_flow": "to_centre",
    }
    assert as_alice.post(family_url(jayden, "ecomap/add/"), data).status_code == 302
    response = as_alice.get(family_url(jayden, "ecomap/"))
    html = response.content.decode()
    connection = Connection.objects.get(child=jayden)
    assert f'data-tie="tie-{connection.pk}"' in html and "Riverside Primary" in html
    bad = as_alice.post(family_url(jayden, "ecomap/add/"), {**data, "name": "", "strength": ""})
    assert bad.status_code == 400
    assert b"Enter the name of the person, group or agency" in bad.content
    assert b"Select how strong the connection is" in bad.content


def test_the_network_records_who_is_still_to_be_found(as_alice: Client, jayden: Child) -> None:
    data = {"person": "", "description": "Dad's sister, name not known", "role": "support", "status": "to_find"}
    assert as_alice.post(family_url(jayden, "network/add/"), data).status_code == 302
    member = NetworkMember.objects.get(child=jayden)
    assert member.status == "to_find" and member.person is None
    html = as_alice.get(family_url(jayden, "network/")).content.decode()
    assert "Dad&#x27;s sister, name not known" in html and "1 still to be found" in html
    bad = as_alice.post(family_url(jayden, "network/add/"), {**data, "description": "", "email": "not-an-email"})
    assert b"Choose who they are, or describe them" in bad.content
    assert b"Enter an email address in the correct format" in bad.content


def test_the_genogram_review_shows_on_the_page(as_alice: Client, jayden: Child) -> None:
    html = as_alice.get(family_url(jayden)).content.decode()
    assert "Never reviewed" in html and "Not yet" in html
    data = {
        "reviewed_on_0": "1",
        "reviewed_on_1": "11",
        "reviewed_on_2": "2026",
        "fathers_side_explored": "on",
        "no_siblings": "on",
    }
    assert as_alice.post(family_url(jayden, "review/"), data).status_code == 302
    html = as_alice.get(family_url(jayden)).content.decode()
    assert "1 November 2026 by Alice Ahmed" in html


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [("svg", "image/svg+xml", b"<svg"), ("png", "image/png", b"\x89PNG"), ("pdf", "application/pdf", b"%PDF")],
)
def test_exports_are_files_and_audited(
    as_alice: Client, jayden: Child, fmt: str, content_type: str, magic: bytes
) -> None:
    for diagram in ("genogram", "ecomap"):
        response = as_alice.get(family_url(jayden, f"{diagram}.{fmt}"))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response.content.startswith(magic)
        assert "attachment" in response["Content-Disposition"]
        if fmt == "svg":
            ET.fromstring(response.content)
    assert AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.EXPORT, detail__format=fmt).count() == 2


def test_an_unknown_export_is_not_found(as_alice: Client, jayden: Child) -> None:
    assert as_alice.get(family_url(jayden, "genogram.docx")).status_code == 404


def test_the_genogram_page_reads_in_a_bounded_number_of_queries(
    as_alice: Client, jayden: Child, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        as_alice.post(
            family_url(jayden, "add/"),
            relative(jayden.person_id, relation="sibling", given_name=f"Sib{n}", born=f"{2010 + n % 5}"),
        )
    with django_assert_max_num_queries(22):
        assert as_alice.get(family_url(jayden)).status_code == 200


def test_alice_records_that_a_network_member_agreed_and_a_stale_form_is_a_conflict(
    as_alice: Client, jayden: Child
) -> None:
    data = {"person": "", "description": "Nan's neighbour", "role": "support", "status": "asked"}
    as_alice.post(family_url(jayden, "network/add/"), data)
    member = NetworkMember.objects.get(child=jayden)
    url = family_url(jayden, f"network/{member.pk}/")
    assert as_alice.get(url).status_code == 200
    assert as_alice.post(url, {**data, "status": "agreed", "version": 1}).status_code == 302
    member.refresh_from_db()
    assert (member.status, member.version) == ("agreed", 2)
    stale = as_alice.post(url, {**data, "status": "declined", "version": 1})
    assert stale.status_code == 409


def test_trusted_adults_are_drawn_on_the_ecomap(as_alice: Client, jayden: Child) -> None:
    as_alice.post(family_url(jayden, f"trusted/{mum_id(jayden)}/"), {"trusted": "yes"})
    html = as_alice.get(family_url(jayden, "ecomap/")).content.decode()
    assert 'data-strength="strong"' in html and "Trusted adult (parent)" in html


def test_trusted_adults_and_relationship_changes_are_made_in_place_with_htmx(as_alice: Client, jayden: Child) -> None:
    html = as_alice.get(family_url(jayden)).content.decode()
    assert f'hx-post="/children/{jayden.pk}/family/trusted/' in html
    assert f'hx-get="/children/{jayden.pk}/family/relationships/' in html
    response = as_alice.post(
        family_url(jayden, f"trusted/{mum_id(jayden)}/"), {"trusted": "yes"}, HTTP_HX_REQUEST="true", follow=True
    )
    assert b"Trusted adult" in response.content and b'id="main-content"' in response.content
