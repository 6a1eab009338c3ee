"""The worker's side: Jayden's words (his own first) and Alice's answers, links shown once and
stopped, safety alerts acted on, the duty page, advocacy tracked. Charlie (another team) finds
none of it; Dana (partner agency) must give a reason and cannot change anything."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kith.core.models import AuditAction, AuditEvent, User
from kith.people.models import Child
from kith.voice.child_actions import (
    Speaker,
    do_make_child_link,
    do_raise_safety_alert,
    do_record_child_view,
    do_request_advocate,
)
from kith.voice.images import clean_image
from kith.voice.models import AdvocacyRequest, ChildLink, ChildView, SafetyAlert
from kith.voice.rules import token_hash
from kith.voice.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def voice_url(child: Child, rest: str = "") -> str:
    return f"/children/{child.pk}/voice/{rest}"


@pytest.fixture
def said(speaker: Speaker) -> ChildView:
    return do_record_child_view(speaker=speaker, kind="worries", words="Mum cries a lot", pictures=["family"])


# --- The voice page ------------------------------------------------------------------------------------


def test_alice_reads_jaydens_own_words_first(as_alice: Client, jayden: Child, said: ChildView) -> None:
    response = as_alice.get(voice_url(jayden))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Mum cries a lot") < html.index("The house of worries")
    assert "Chose pictures:</strong> Family" in html
    assert ">New<" in html
    event = AuditEvent.objects.filter(object_type="child_voice").latest("id")
    assert (event.user.username, event.action) == ("alice", AuditAction.VIEW)


def test_the_voice_page_is_read_in_a_bounded_number_of_queries(
    as_alice: Client, jayden: Child, speaker: Speaker, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        do_record_child_view(speaker=speaker, kind="dreams", words=f"Dream {n}")
        do_make_child_link(child=jayden, days=7, by=speaker.worker)
    do_raise_safety_alert(speaker=speaker)
    do_request_advocate(child=jayden, words="", asked_by_child=False, by=speaker.worker)
    with django_assert_max_num_queries(14):
        assert as_alice.get(voice_url(jayden)).status_code == 200


def test_charlie_finds_nothing_of_jaydens_voice(as_charlie: Client, jayden: Child, said: ChildView) -> None:
    for url in (
        voice_url(jayden),
        voice_url(jayden, f"said/{said.pk}/"),
        voice_url(jayden, f"said/{said.pk}/drawing/"),
    ):
        assert as_charlie.get(url).status_code == 404, url
    assert as_charlie.post(voice_url(jayden, "links/"), {"days": "28"}).status_code == 404
    assert as_charlie.post(voice_url(jayden, "hand-over/")).status_code == 404
    assert ChildLink.objects.count() == 1  # only the one Jayden used


def test_dana_gives_a_reason_first_and_cannot_make_links(as_dana: Client, jayden: Child) -> None:
    response = as_dana.get(voice_url(jayden))
    assert response.status_code == 302 and "reason" in response["Location"]
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School nurse follow-up"})
    assert as_dana.post(voice_url(jayden, "links/"), {"days": "28"}).status_code in (302, 403)
    assert not ChildLink.objects.exists()


# --- Links ---------------------------------------------------------------------------------------------


def test_a_new_link_is_shown_once_in_a_copy_box(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(voice_url(jayden, "links/"), {"days": "14"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    address = re.search(r'value="(http://testserver/me/start/([\w-]+)/)"', html)
    assert address is not None
    link = ChildLink.objects.get()
    assert link.token_hash == token_hash(address.group(2))
    assert (link.expires_at - link.made_at) == timedelta(days=14)
    assert "Copy the link" in html and "readonly" in html
    assert address.group(2) not in as_alice.get(voice_url(jayden)).content.decode()  # never shown again


def test_a_link_must_have_a_length_of_life(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(voice_url(jayden, "links/"), {"days": "365"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode() or "Select how long" in response.content.decode()
    assert not ChildLink.objects.exists()


def test_alice_stops_a_link(as_alice: Client, jayden: Child, alice: User) -> None:
    link = do_make_child_link(child=jayden, days=28, by=alice).link
    response = as_alice.post(voice_url(jayden, f"links/{link.pk}/stop/"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_by == alice
    assert "Stop this link" not in as_alice.get(voice_url(jayden)).content.decode()


def test_a_link_of_another_child_cannot_be_stopped_from_jaydens_page(
    as_alice: Client, jayden: Child, mia: Child, alice: User
) -> None:
    link = do_make_child_link(child=mia, days=28, by=alice).link
    assert as_alice.post(voice_url(jayden, f"links/{link.pk}/stop/")).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


# --- You said, we did ----------------------------------------------------------------------------------


def test_alice_answers_jayden(as_alice: Client, jayden: Child, said: ChildView, alice: User) -> None:
    page = as_alice.get(voice_url(jayden, f"said/{said.pk}/")).content.decode()
    assert "Mum cries a lot" in page
    response = as_alice.post(voice_url(jayden, f"said/{said.pk}/"), {"response": "We found mum a nurse", "version": 1})
    assert response.status_code == 302
    said.refresh_from_db()
    assert (said.response, said.responded_by, said.seen_by) == ("We found mum a nurse", alice, alice)
    assert "We did:</strong> We found mum a nurse" in as_alice.get(voice_url(jayden)).content.decode()


def test_an_answer_must_have_words(as_alice: Client, jayden: Child, said: ChildView) -> None:
    response = as_alice.post(voice_url(jayden, f"said/{said.pk}/"), {"response": " ", "version": 1})
    assert response.status_code == 400
    assert "Enter what you did about it" in response.content.decode()


def test_two_answers_at_once_do_not_overwrite(as_alice: Client, as_bob: Client, jayden: Child, said: ChildView) -> None:
    assert as_bob.post(voice_url(jayden, f"said/{said.pk}/"), {"response": "Bob's", "version": 1}).status_code == 302
    response = as_alice.post(voice_url(jayden, f"said/{said.pk}/"), {"response": "Alice's", "version": 1})
    assert response.status_code == 409
    said.refresh_from_db()
    assert said.response == "Bob's"


def test_dana_cannot_answer(as_dana: Client, jayden: Child, said: ChildView) -> None:
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School nurse follow-up"})
    response = as_dana.post(voice_url(jayden, f"said/{said.pk}/"), {"response": "Hi", "version": 1})
    assert response.status_code in (302, 403)
    said.refresh_from_db()
    assert said.response == ""


def test_alice_marks_what_jayden_said_as_seen(as_alice: Client, jayden: Child, said: ChildView, alice: User) -> None:
    assert as_alice.post(voice_url(jayden, f"said/{said.pk}/seen/")).status_code == 302
    said.refresh_from_db()
    assert said.seen_by == alice


def test_a_drawing_is_shown_to_staff_as_an_image(as_alice: Client, jayden: Child, speaker: Speaker) -> None:
    view = do_record_child_view(
        speaker=speaker, kind="dreams", drawing=clean_image(png_bytes()), drawing_source="canvas"
    )
    response = as_alice.get(voice_url(jayden, f"said/{view.pk}/drawing/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert (
        f'src="/children/{jayden.pk}/voice/said/{view.pk}/drawing/"' in as_alice.get(voice_url(jayden)).content.decode()
    )


# --- Safety alerts and the duty page -------------------------------------------------------------------


def test_jaydens_alert_is_first_on_his_page_and_alice_acts_on_it(
    as_alice: Client, jayden: Child, speaker: Speaker, said: ChildView, alice: User
) -> None:
    alert = do_raise_safety_alert(speaker=speaker)
    html = as_alice.get(voice_url(jayden)).content.decode()
    assert html.index("said they do not feel safe") < html.index("Mum cries a lot")
    url = voice_url(jayden, f"alerts/{alert.pk}/")
    response = as_alice.post(url, {"action_taken": "", "version": alert.version})
    assert response.status_code == 400 and "Enter what you have done" in response.content.decode()
    response = as_alice.post(url, {"action_taken": "Rang school, saw Jay with his teacher", "version": alert.version})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == alice
    response = as_alice.post(url, {"action_taken": "Again", "version": alert.version - 1})
    assert response.status_code in (200, 409)  # already acted on: the page says who and what


def test_the_duty_page_lists_waiting_alerts_for_the_team(
    as_bob: Client, as_charlie: Client, as_dana: Client, jayden: Child, speaker: Speaker
) -> None:
    alert = do_raise_safety_alert(speaker=speaker)
    html = as_bob.get("/duty/").content.decode()
    assert "Jay Smith" in html and f"/children/{jayden.pk}/voice/alerts/{alert.pk}/" in html
    assert "Jay" not in as_charlie.get("/duty/").content.decode()
    assert as_dana.get("/duty/").status_code == 403
    assert Client().get("/duty/").status_code == 302


def test_the_duty_page_is_read_in_a_bounded_number_of_queries(
    as_bob: Client, jayden: Child, alice: User, django_assert_max_num_queries: Any
) -> None:
    from kith.conftest import make_child, open_child

    for n in range(8):
        child = open_child(make_child("Kid", f"Number{n}", f"KT1000{n:02d}", alice), alice)
        link = do_make_child_link(child=child, days=7, by=alice).link
        do_raise_safety_alert(speaker=Speaker(child=child, via="link", worker=alice, link=link))
    with django_assert_max_num_queries(8):
        response = as_bob.get("/duty/")
    assert response.content.decode().count("I have acted on this") == 8


def test_an_alert_of_another_child_is_not_found_under_jayden(
    as_alice: Client, jayden: Child, mia: Child, alice: User
) -> None:
    link = do_make_child_link(child=mia, days=7, by=alice).link
    alert = do_raise_safety_alert(speaker=Speaker(child=mia, via="link", worker=alice, link=link))
    assert as_alice.get(voice_url(jayden, f"alerts/{alert.pk}/")).status_code == 404
    assert SafetyAlert.objects.get().acknowledged_at is None


# --- Advocacy ------------------------------------------------------------------------------------------


def test_alice_asks_for_an_advocate_then_records_who_was_allocated(
    as_alice: Client, jayden: Child, alice: User
) -> None:
    url = f"/children/{jayden.pk}/advocacy/new/"
    assert as_alice.post(url, {}).status_code == 400
    assert as_alice.post(url, {"asked_by_child": "child", "words": "Review in March"}).status_code == 302
    request = AdvocacyRequest.objects.get()
    assert (request.asked_by_child, request.requested_by) == (True, alice)
    assert as_alice.post(url, {"asked_by_child": "worker"}).status_code == 400  # one open request at a time
    today = timezone.localdate()
    allocate = f"/children/{jayden.pk}/advocacy/{request.pk}/allocate/"
    date_fields = {"allocated_on_0": today.day, "allocated_on_1": today.month, "allocated_on_2": today.year}
    response = as_alice.post(allocate, {"advocate_name": "", **date_fields, "version": request.version})
    assert response.status_code == 400 and "Enter the advocate&#x27;s name" in response.content.decode()
    response = as_alice.post(
        allocate, {"advocate_name": "Sam Lee", "advocate_organisation": "Voices", **date_fields, "version": 1}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.advocate_name) == ("allocated", "Sam Lee")
    assert "Sam Lee" in as_alice.get(voice_url(jayden)).content.decode()
    close = f"/children/{jayden.pk}/advocacy/{request.pk}/close/"
    closed_fields = {"closed_on_0": today.day, "closed_on_1": today.month, "closed_on_2": today.year}
    response = as_alice.post(close, {"reason": "Review done", **closed_fields, "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "closed"


def test_charlie_cannot_ask_for_jaydens_advocate(as_charlie: Client, jayden: Child) -> None:
    response = as_charlie.post(f"/children/{jayden.pk}/advocacy/new/", {"asked_by_child": "child"})
    assert response.status_code == 404
    assert not AdvocacyRequest.objects.exists()
