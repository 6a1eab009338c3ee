"""Who can open a child's record: Alice's team can, Charlie (another team) gets "page not found",
Dana (a partner agency) must give a reason first, a restricted record is for named people only."""

from __future__ import annotations

import pytest
from django.test import Client

from kith.core.models import AccessGrant, AuditAction, AuditEvent
from kith.people.models import Child

pytestmark = pytest.mark.django_db


def test_alice_opens_her_teams_child_and_the_view_is_audited(as_alice: Client, jayden: Child) -> None:
    response = as_alice.get(f"/children/{jayden.pk}/")
    assert response.status_code == 200
    assert b"Jayden Smith" in response.content
    event = AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.VIEW).latest("id")
    assert event.user.username == "alice"
    assert event.object_type == "child"


def test_bob_the_manager_opens_his_teams_child(as_bob: Client, jayden: Child) -> None:
    assert as_bob.get(f"/children/{jayden.pk}/").status_code == 200


def test_charlie_from_another_team_gets_page_not_found(as_charlie: Client, jayden: Child) -> None:
    response = as_charlie.get(f"/children/{jayden.pk}/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Jayden" not in response.content
    for url in ("visits/new/", "details/", "stages/new/", "audit/"):
        assert as_charlie.get(f"/children/{jayden.pk}/{url}").status_code == 404


def test_a_child_that_does_not_exist_is_page_not_found(as_alice: Client) -> None:
    assert as_alice.get("/children/999999/").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(jayden: Child) -> None:
    response = Client().get(f"/children/{jayden.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_dana_must_give_a_reason_which_bob_then_sees(as_dana: Client, as_bob: Client, jayden: Child) -> None:
    response = as_dana.get(f"/children/{jayden.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/children/{jayden.pk}/reason/"

    too_short = as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "need it"})
    assert too_short.status_code == 200
    assert b"Reason must be 10 characters or more" in too_short.content
    assert not AccessGrant.objects.exists()

    empty = as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": ""})
    assert b"Enter why you need to open this record" in empty.content

    given = as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School nurse follow-up after A&E visit"})
    assert given.status_code == 302
    assert as_dana.get(f"/children/{jayden.pk}/").status_code == 200
    view = AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.VIEW, user__username="dana").get()
    assert view.reason == "School nurse follow-up after A&E visit"

    reasons = as_bob.get("/access-reasons/")
    assert reasons.status_code == 200
    assert b"School nurse follow-up after A&amp;E visit" in reasons.content
    assert b"Dana Doyle" in reasons.content


def test_practitioners_cannot_see_the_reasons_page(as_alice: Client) -> None:
    assert as_alice.get("/access-reasons/").status_code == 403


def test_restricted_record_is_for_named_people_only(
    as_alice: Client, as_bob: Client, as_dana: Client, mia: Child
) -> None:
    assert as_alice.get(f"/children/{mia.pk}/").status_code == 200
    # Bob manages the team, but is not named: the record does not exist for him.
    assert as_bob.get(f"/children/{mia.pk}/").status_code == 404
    # Dana cannot even give a reason for it.
    assert as_dana.get(f"/children/{mia.pk}/").status_code == 404
    assert as_dana.get(f"/children/{mia.pk}/reason/").status_code == 404
    assert b"KT000002" not in as_dana.get("/children/search/?q=Mia Jones").content
    assert b"KT000002" not in as_bob.get("/children/search/?q=Mia Jones").content
    assert b"KT000002" in as_alice.get("/children/search/?q=Mia Jones").content


def test_managers_read_the_audit_trail_and_practitioners_cannot(
    as_alice: Client, as_bob: Client, jayden: Child
) -> None:
    as_alice.get(f"/children/{jayden.pk}/")
    trail = as_bob.get(f"/children/{jayden.pk}/audit/")
    assert trail.status_code == 200
    assert b"Alice Ahmed" in trail.content
    assert as_alice.get(f"/children/{jayden.pk}/audit/").status_code == 404


def test_lists_of_reasons_and_audit_events_take_a_fixed_number_of_queries(
    as_bob: Client, as_dana: Client, jayden: Child
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(12):
        as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": f"Health visitor follow-up number {n}"})
        as_dana.get(f"/children/{jayden.pk}/")
    with CaptureQueriesContext(connection) as reasons:
        assert as_bob.get("/access-reasons/").status_code == 200
    with CaptureQueriesContext(connection) as trail:
        assert as_bob.get(f"/children/{jayden.pk}/audit/").status_code == 200
    assert len(reasons) <= 3
    assert len(trail) <= 5


def test_dana_may_read_after_giving_a_reason_but_not_change_the_record(as_dana: Client, jayden: Child) -> None:
    from kith.journey.models import Visit

    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "Police safeguarding check after an incident"})
    record = as_dana.get(f"/children/{jayden.pk}/").content.decode()
    assert "Record a visit" not in record
    assert "Changes are made by the child's team" in record
    for url in ("visits/new/", "details/", "stages/new/", "allocate/"):
        response = as_dana.get(f"/children/{jayden.pk}/{url}")
        assert response.status_code == 403
        assert b"You cannot change this record" in response.content
    assert as_dana.post(f"/children/{jayden.pk}/visits/new/", {"child_seen": "seen"}).status_code == 403
    assert not Visit.objects.exists()
