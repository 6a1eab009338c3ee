"""Writes about the child's pages: each audited, what the child says audited as the child's own
(no user, "from the child's link"), no lost edits, and nothing kept that should not be."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from PIL import Image

from kith.core.models import AuditAction, AuditEvent, User
from kith.people.models import Child, NetworkMember
from kith.voice.child_actions import (
    EditConflict,
    ImportantPerson,
    Speaker,
    VoiceRefused,
    attempts_refused,
    do_acknowledge_safety_alert,
    do_add_alert_words,
    do_allocate_advocate,
    do_close_advocacy,
    do_give_back,
    do_hand_over,
    do_make_child_link,
    do_mark_responses_read,
    do_mark_view_seen,
    do_raise_safety_alert,
    do_record_child_view,
    do_record_failed_attempt,
    do_record_important_people,
    do_refuse_give_back,
    do_request_advocate,
    do_respond_to_view,
    do_revoke_child_link,
)
from kith.voice.images import clean_image
from kith.voice.models import AdvocacyRequest, ChildLink, ChildView, LinkAttempt, SafetyAlert
from kith.voice.rules import DrawingProblem, token_hash
from kith.voice.tests.conftest import jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db


def last_event(**filters: object) -> AuditEvent:
    return AuditEvent.objects.filter(**filters).latest("id")


# --- Links ---------------------------------------------------------------------------------------------


def test_a_link_keeps_only_the_hash_of_its_token(jayden: Child, alice: User) -> None:
    made = do_make_child_link(child=jayden, days=28, by=alice)
    assert len(made.token) >= 22  # at least 128 bits in URL-safe base64
    link = ChildLink.objects.get()
    assert link.token_hash == token_hash(made.token)
    assert (link.expires_at - link.made_at) == timedelta(days=28)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM voice_childlink")
        assert made.token not in repr(cursor.fetchall())
    event = last_event(object_type="child_link")
    assert (event.user, event.action, event.child_id) == (alice, AuditAction.CREATE, jayden.pk)
    assert made.token not in repr(event.detail)


def test_every_link_has_its_own_token(jayden: Child, alice: User) -> None:
    tokens = {do_make_child_link(child=jayden, days=7, by=alice).token for _ in range(20)}
    assert len(tokens) == 20


def test_stopping_a_link_is_audited_once(jayden: Child, alice: User, bob: User) -> None:
    link = do_make_child_link(child=jayden, days=7, by=alice).link
    do_revoke_child_link(link=link, by=bob)
    do_revoke_child_link(link=link, by=alice)
    link.refresh_from_db()
    assert link.revoked_by == bob
    assert not link.is_active(timezone.now())
    assert AuditEvent.objects.filter(object_type="child_link", action=AuditAction.UPDATE).count() == 1


def test_failed_tries_are_counted_in_the_database_and_old_ones_forgotten(db: object) -> None:
    now = timezone.now()
    LinkAttempt.objects.create(scope="link", key="10.0.0.1", at=now - timedelta(days=2))
    for _ in range(3):
        do_record_failed_attempt(scope="link", key="10.0.0.1", now=now)
    assert LinkAttempt.objects.count() == 3  # the two-day-old try was forgotten
    assert attempts_refused(scope="link", key="10.0.0.1", now=now, most=3)
    assert not attempts_refused(scope="link", key="10.0.0.1", now=now + timedelta(minutes=11), most=3)
    assert not attempts_refused(scope="link", key="10.0.0.2", now=now, most=3)


# --- What the child says -------------------------------------------------------------------------------


def test_what_the_child_says_is_kept_and_audited_as_theirs(speaker: Speaker) -> None:
    view = do_record_child_view(speaker=speaker, kind="worries", words="  Mum shouts  ", pictures=["shouting", "home"])
    assert (view.words, view.pictures, view.via, view.link_id) == (
        "Mum shouts",
        ["shouting", "home"],
        "link",
        speaker.link.pk if speaker.link else None,
    )
    assert view.said_on == timezone.localdate()
    event = last_event(object_type="child_view")
    assert event.user is None
    assert event.action == AuditAction.CREATE
    assert event.detail["from"] == "child_link"
    assert event.detail["kind"] == "worries"


def test_a_drawing_is_kept_apart_from_the_view(speaker: Speaker) -> None:
    drawing = clean_image(png_bytes())
    view = do_record_child_view(speaker=speaker, kind="dreams", drawing=drawing, drawing_source="canvas")
    assert view.has_drawing
    assert bytes(view.drawing.content).startswith(b"\x89PNG")
    assert view.drawing.source == "canvas"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({}, "words"),
        ({"words": "   "}, "words"),
        ({"pictures": ["a-secret-picture"]}, "pictures"),
        ({"feeling": 6}, "feeling"),
        ({"kind": "gossip", "words": "hi"}, "kind"),
    ],
)
def test_nothing_or_nonsense_is_refused(speaker: Speaker, changes: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"kind": "worries", **changes}
    with pytest.raises(VoiceRefused) as refused:
        do_record_child_view(speaker=speaker, **arguments)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert not ChildView.objects.exists()


def test_people_who_matter_join_the_family_network_to_be_asked(speaker: Speaker, jayden: Child, alice: User) -> None:
    view = do_record_important_people(
        speaker=speaker,
        people=[ImportantPerson("Nan", "my nan", True), ImportantPerson("Mr Patel", "my teacher", False)],
        words="Nan makes tea",
    )
    members = list(NetworkMember.objects.filter(child=jayden).order_by("pk"))
    assert [m.description for m in members] == [
        "Nan — my nan (the child told us)",
        "Mr Patel — my teacher (the child told us)",
    ]
    assert {m.status for m in members} == {"to_ask"}
    assert members[0].part == "The child says they trust this person."
    assert view.people[0]["network_member_id"] == members[0].pk
    assert view.words == "Nan — my nan\nMr Patel — my teacher\nNan makes tea"
    assert AuditEvent.objects.filter(object_type="network_member", user=alice).count() == 2
    assert last_event(object_type="child_view").user is None


def test_no_names_no_people(speaker: Speaker) -> None:
    with pytest.raises(VoiceRefused):
        do_record_important_people(speaker=speaker, people=[ImportantPerson("  ", "someone", False)])
    assert not NetworkMember.objects.exists()


# --- "I do not feel safe" ------------------------------------------------------------------------------


def test_not_feeling_safe_raises_an_alert_at_once(speaker: Speaker) -> None:
    alert = do_raise_safety_alert(speaker=speaker)
    assert (alert.presses, alert.acknowledged_at, alert.via) == (1, None, "link")
    event = last_event(object_type="safety_alert")
    assert (event.user, event.action, event.detail["from"]) == (None, AuditAction.CREATE, "child_link")


def test_pressing_again_adds_to_the_waiting_alert(speaker: Speaker) -> None:
    first = do_raise_safety_alert(speaker=speaker)
    again = do_raise_safety_alert(speaker=speaker)
    assert again.pk == first.pk
    assert again.presses == 2
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        later = do_raise_safety_alert(speaker=speaker)
    assert later.pk != first.pk


def test_the_child_adds_words_to_their_alert(speaker: Speaker) -> None:
    alert = do_raise_safety_alert(speaker=speaker)
    do_add_alert_words(alert=alert, speaker=speaker, words="He is back")
    do_add_alert_words(alert=alert, speaker=speaker, words="I am in my room")
    assert alert.words == "He is back\n\nI am in my room"
    with pytest.raises(VoiceRefused):
        do_add_alert_words(alert=alert, speaker=speaker, words=" ")


def test_acting_on_an_alert_says_what_was_done_and_only_once(speaker: Speaker, alice: User, bob: User) -> None:
    alert = do_raise_safety_alert(speaker=speaker)
    version = alert.version
    with pytest.raises(VoiceRefused):
        do_acknowledge_safety_alert(alert=alert, action_taken="", expected_version=version, by=alice)
    done = do_acknowledge_safety_alert(alert=alert, action_taken="Rang school", expected_version=version, by=alice)
    assert (done.acknowledged_by, done.action_taken, done.acknowledged_on) == (alice, "Rang school", date.today())
    with pytest.raises(EditConflict):
        do_acknowledge_safety_alert(alert=alert, action_taken="Visited", expected_version=done.version, by=bob)
    assert last_event(object_type="safety_alert").user == alice


def test_words_added_after_the_page_was_opened_stop_the_acknowledgement(speaker: Speaker, alice: User) -> None:
    alert = do_raise_safety_alert(speaker=speaker)
    opened = alert.version
    do_add_alert_words(alert=SafetyAlert.objects.get(pk=alert.pk), speaker=speaker, words="Please come")
    with pytest.raises(EditConflict):
        do_acknowledge_safety_alert(alert=alert, action_taken="Rang", expected_version=opened, by=alice)


# --- You said, we did ----------------------------------------------------------------------------------


def test_answering_marks_seen_and_is_new_to_the_child(speaker: Speaker, alice: User, bob: User) -> None:
    view = do_record_child_view(speaker=speaker, kind="wishes", words="See my dad")
    answered = do_respond_to_view(view=view, response="We asked your dad", expected_version=view.version, by=alice)
    assert (answered.responded_by, answered.seen_by, answered.response_read_at) == (alice, alice, None)
    with pytest.raises(EditConflict):
        do_respond_to_view(view=view, response="Other", expected_version=view.version - 1, by=bob)
    with pytest.raises(VoiceRefused):
        do_respond_to_view(view=answered, response=" ", expected_version=answered.version, by=alice)
    assert do_mark_responses_read(speaker=speaker) == 1
    assert do_mark_responses_read(speaker=speaker) == 0
    answered.refresh_from_db()
    assert answered.response_read_at is not None


def test_marking_seen_twice_keeps_the_first(speaker: Speaker, alice: User, bob: User) -> None:
    view = do_record_child_view(speaker=speaker, kind="feeling", feeling=2)
    do_mark_view_seen(view=view, by=alice)
    do_mark_view_seen(view=view, by=bob)
    assert view.seen_by == alice
    assert AuditEvent.objects.filter(object_type="child_view", action=AuditAction.UPDATE).count() == 1


# --- Advocacy ------------------------------------------------------------------------------------------


def test_advocacy_from_request_to_allocated_to_closed(jayden: Child, alice: User) -> None:
    today = timezone.localdate()
    request = do_request_advocate(child=jayden, words="For my review", asked_by_child=True, by=alice)
    with pytest.raises(VoiceRefused):
        do_request_advocate(child=jayden, words="", asked_by_child=False, by=alice)
    with pytest.raises(VoiceRefused) as too_soon:
        do_allocate_advocate(
            request=request,
            name="Sam Lee",
            organisation="",
            allocated_on=today + timedelta(days=1),
            expected_version=request.version,
            by=alice,
            today=today,
        )
    assert too_soon.value.field == "allocated_on"
    allocated = do_allocate_advocate(
        request=request,
        name="Sam Lee",
        organisation="Voices",
        allocated_on=today,
        expected_version=request.version,
        by=alice,
        today=today,
    )
    assert (allocated.status, allocated.advocate_name, allocated.allocated_by) == ("allocated", "Sam Lee", alice)
    with pytest.raises(VoiceRefused):
        do_allocate_advocate(
            request=allocated,
            name="Other",
            organisation="",
            allocated_on=today,
            expected_version=allocated.version,
            by=alice,
            today=today,
        )
    closed = do_close_advocacy(
        request=allocated,
        reason="Review done",
        closed_on=today,
        expected_version=allocated.version,
        by=alice,
        today=today,
    )
    assert closed.status == "closed"
    assert AdvocacyRequest.objects.filter(child=jayden).open().count() == 0
    assert [
        e.detail.get("status") for e in AuditEvent.objects.filter(object_type="advocacy_request").order_by("id")
    ] == [
        None,
        "allocated",
        "closed",
    ]


def test_the_child_asks_for_an_advocate_on_their_pages(speaker: Speaker) -> None:
    request = do_request_advocate(child=speaker.child, words="", asked_by_child=True, by=None, speaker=speaker)
    assert (request.asked_by_child, request.requested_by, request.via) == (True, None, "link")
    assert last_event(object_type="advocacy_request").user is None


def test_a_stale_advocacy_change_is_refused(jayden: Child, alice: User) -> None:
    today = timezone.localdate()
    request = do_request_advocate(child=jayden, words="", asked_by_child=False, by=alice)
    with pytest.raises(EditConflict):
        do_close_advocacy(
            request=request, reason="x", closed_on=today, expected_version=request.version + 1, by=alice, today=today
        )


# --- Hand-over -----------------------------------------------------------------------------------------


def test_hand_over_and_give_back_are_audited(jayden: Child, alice: User) -> None:
    do_hand_over(child=jayden, by=alice)
    do_refuse_give_back(child=jayden, by=alice)
    do_give_back(child=jayden, by=alice)
    events = list(AuditEvent.objects.filter(object_type="hand_over").order_by("id"))
    assert [(e.action, e.user) for e in events] == [
        (AuditAction.CREATE, alice),
        (AuditAction.REFUSED, alice),
        (AuditAction.UPDATE, alice),
    ]
    assert LinkAttempt.objects.filter(scope="give_back", key=str(alice.pk)).count() == 1


# --- Pictures the child sends --------------------------------------------------------------------------


def test_a_photo_keeps_its_picture_but_not_where_it_was_taken() -> None:
    photo = jpeg_bytes(with_location=True)
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)
    cleaned = clean_image(photo)
    assert cleaned.content_type == "image/jpeg"
    kept = Image.open(io.BytesIO(cleaned.content))
    assert kept.size == (30, 20)
    assert not kept.getexif()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"GIF89a" + b"\x00" * 50, "not_image"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "not_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 1024 * 1024), "too_big"),
    ],
)
def test_what_is_not_a_png_or_jpeg_picture_is_refused(content: bytes, code: str) -> None:
    with pytest.raises(DrawingProblem) as refused:
        clean_image(content)
    assert refused.value.code == code
