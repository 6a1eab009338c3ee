"""Alice hands her signed-in device to Jayden: the browser shows only Jayden's pages, every staff
address leads back to them, and only Alice's password gives it back (wrong ones are counted,
refused after a few, and audited)."""

from __future__ import annotations

import pytest
from django.test import Client

from kith.conftest import PASSWORD
from kith.core.models import AuditAction, AuditEvent, User
from kith.people.models import Child
from kith.voice.child_actions import do_make_child_link
from kith.voice.models import ChildView
from kith.voice.rules import GIVE_BACK_ATTEMPTS_MOST

pytestmark = pytest.mark.django_db

STAFF_ADDRESSES = ("/", "/sign-out/", "/admin/", "/duty/", "/children/1/", "/access-reasons/")


@pytest.fixture
def handed_over(as_alice: Client, jayden: Child) -> Client:
    response = as_alice.post(f"/children/{jayden.pk}/voice/hand-over/")
    assert response.status_code == 302 and response["Location"] == "/me/"
    return as_alice


def test_handing_over_shows_jaydens_pages_without_staff_navigation(handed_over: Client, alice: User) -> None:
    html = handed_over.get("/me/").content.decode()
    assert "Hello Jay" in html
    assert "My work" not in html and "Find a child" not in html and "Sign out" not in html
    assert "Give back to Alice" in html
    event = AuditEvent.objects.filter(object_type="hand_over").get()
    assert (event.user, event.action) == (alice, AuditAction.CREATE)


@pytest.mark.parametrize("address", STAFF_ADDRESSES)
def test_every_staff_address_leads_back_to_the_childs_pages(handed_over: Client, jayden: Child, address: str) -> None:
    for method in (handed_over.get, handed_over.post):
        response = method(address.replace("/children/1/", f"/children/{jayden.pk}/"))
        assert response.status_code == 302, address
        assert response["Location"] == "/me/"


def test_what_jayden_says_on_the_handed_over_device_is_his_and_audited(handed_over: Client, alice: User) -> None:
    assert handed_over.post("/me/feelings/", {"feeling": "4"}).status_code == 302
    view = ChildView.objects.get()
    assert (view.via, view.handed_over_by, view.link) == ("hand_over", alice, None)
    event = AuditEvent.objects.filter(object_type="child_view").get()
    assert event.user is None
    assert event.detail["from"] == "hand_over" and event.detail["handed_over_by"] == alice.pk


def test_another_childs_link_cannot_be_opened_on_the_handed_over_device(
    handed_over: Client, mia: Child, alice: User
) -> None:
    made = do_make_child_link(child=mia, days=7, by=alice)
    response = handed_over.get(f"/me/start/{made.token}/")
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert "Mia" not in handed_over.get("/me/").content.decode()


def test_only_alices_password_gives_the_device_back(handed_over: Client, jayden: Child, alice: User) -> None:
    response = handed_over.post("/me/give-back/", {"password": ""})
    assert response.status_code == 400 and "Enter your password" in response.content.decode()
    response = handed_over.post("/me/give-back/", {"password": "jaydens guess"})
    assert response.status_code == 400 and "The password is not right" in response.content.decode()
    refused = AuditEvent.objects.filter(object_type="hand_over", action=AuditAction.REFUSED).get()
    assert refused.user == alice
    assert handed_over.get("/")["Location"] == "/me/"

    response = handed_over.post("/me/give-back/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == f"/children/{jayden.pk}/voice/"
    assert handed_over.get("/").status_code == 200
    given_back = AuditEvent.objects.filter(object_type="hand_over", action=AuditAction.UPDATE).get()
    assert given_back.user == alice
    assert handed_over.get("/me/").status_code == 404  # no longer on Jayden's pages


def test_wrong_passwords_are_refused_after_a_few(handed_over: Client) -> None:
    for _ in range(GIVE_BACK_ATTEMPTS_MOST):
        assert handed_over.post("/me/give-back/", {"password": "guess"}).status_code == 400
    response = handed_over.post("/me/give-back/", {"password": PASSWORD})
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert handed_over.get("/")["Location"] == "/me/"


def test_give_back_is_not_there_on_a_childs_own_link(jaydens_link: Client) -> None:
    assert jaydens_link.get("/me/give-back/").status_code == 404
    assert "Give back" not in jaydens_link.get("/me/").content.decode()


def test_charlie_cannot_hand_over_jayden(as_charlie: Client, jayden: Child) -> None:
    assert as_charlie.post(f"/children/{jayden.pk}/voice/hand-over/").status_code == 404
    assert as_charlie.get("/me/").status_code == 404


def test_hand_over_needs_a_post(as_alice: Client, jayden: Child) -> None:
    assert as_alice.get(f"/children/{jayden.pk}/voice/hand-over/").status_code == 405
    assert as_alice.get("/").status_code == 200
