"""Jayden on his own pages: the Three Houses in words, pictures, a drawing or a photo; how he
feels; who matters to him; what he wants; "I do not feel safe"; what is happening; his worker's
answers; asking for an advocate; and pages for his age band."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from kith.core.models import AuditEvent, User
from kith.people.models import Child, NetworkMember
from kith.voice.child_actions import do_respond_to_view
from kith.voice.models import AdvocacyRequest, ChildView, Explanation, SafetyAlert
from kith.voice.tests.conftest import jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data)


# --- Home and bands ------------------------------------------------------------------------------------


def test_home_greets_the_child_and_offers_every_page(jaydens_link: Client) -> None:
    html = jaydens_link.get("/me/").content.decode()
    for words in (
        "Hello Jay",
        "I do not feel safe",
        "My three houses",
        "How I feel",
        "People who matter to me",
        "What I want",
        "What is happening",
        "Ask for an advocate",
    ):
        assert words in html
    assert "?band=13%2B" in html and "?lang=ar" in html  # the band and language choosers


def test_the_age_band_starts_from_the_childs_age_and_can_be_changed(jaydens_link: Client) -> None:
    from kith.voice.rules import age_band_for

    jayden_band = age_band_for(date(2015, 3, 27), timezone.localdate())
    html = jaydens_link.get("/me/houses/worries/").content.decode()
    assert {"4-7": "kith-band-young", "8-12": "kith-band-middle", "13+": "kith-band-older"}[jayden_band] in html
    response = jaydens_link.get("/me/houses/worries/?band=4-7")
    assert response.status_code == 302 and response["Location"] == "/me/houses/worries/"
    html = jaydens_link.get("/me/houses/worries/").content.decode()
    assert "kith-band-young" in html
    assert "What makes you sad or scared?" in html
    assert "Your worker can write down what you say." in html
    jaydens_link.get("/me/?band=13%2B")
    assert "What worries you?" in jaydens_link.get("/me/houses/worries/").content.decode()
    jaydens_link.get("/me/?band=nonsense")
    assert "What worries you?" in jaydens_link.get("/me/houses/worries/").content.decode()


# --- The Three Houses ----------------------------------------------------------------------------------


def test_jayden_puts_words_and_pictures_in_the_house_of_worries(jaydens_link: Client, jayden: Child) -> None:
    response = post(
        jaydens_link, "/me/houses/worries/", {"words": "Shouting at night", "pictures": ["shouting", "sleep"]}
    )
    assert response.status_code == 302 and response["Location"] == "/me/houses/?done=thanks"
    view = ChildView.objects.get()
    assert (view.child, view.kind, view.words, view.pictures) == (
        jayden,
        "worries",
        "Shouting at night",
        ["shouting", "sleep"],
    )
    assert "Thank you. Alice will read what you said." in jaydens_link.get(response["Location"]).content.decode()
    assert "Thank you" not in jaydens_link.get("/me/houses/").content.decode()
    event = AuditEvent.objects.filter(object_type="child_view").get()
    assert event.user is None and event.detail["from"] == "child_link"


def test_a_drawing_from_the_canvas_is_kept(jaydens_link: Client) -> None:
    drawing = "data:image/png;base64," + base64.b64encode(png_bytes((64, 48))).decode()
    response = post(jaydens_link, "/me/houses/dreams/", {"drawing": drawing})
    assert response.status_code == 302
    view = ChildView.objects.get()
    assert view.has_drawing and view.drawing.source == "canvas"
    image = jaydens_link.get(f"/me/said/{view.pk}/drawing/")
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(("content", "name"), [(png_bytes(), "drawing.png"), (jpeg_bytes(), "photo.jpg")])
def test_a_photo_of_a_drawing_is_kept(jaydens_link: Client, content: bytes, name: str) -> None:
    photo = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = jaydens_link.post("/me/houses/good-things/", {"photo": photo})
    assert response.status_code == 302
    assert ChildView.objects.get().drawing.source == "photo"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a" + b"\x00" * 40, "drawing.png", "The photo must be a JPG or PNG"),
        (b"<svg onload=alert(1)>", "drawing.jpg", "The photo must be a JPG or PNG"),
        (b"\xff\xd8\xff" + b"\x00" * (3 * 1024 * 1024), "big.jpg", "The photo must be smaller than 3 MB"),
    ],
)
def test_a_photo_that_is_not_a_small_png_or_jpeg_is_refused(
    jaydens_link: Client, content: bytes, name: str, message: str
) -> None:
    response = jaydens_link.post("/me/houses/good-things/", {"photo": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not ChildView.objects.exists()


def test_an_empty_house_asks_for_something(jaydens_link: Client) -> None:
    response = post(jaydens_link, "/me/houses/worries/", {"words": "  "})
    assert response.status_code == 400
    assert "Write, choose a picture or draw something" in response.content.decode()
    response = post(jaydens_link, "/me/houses/worries/", {"pictures": ["not-a-picture"]})
    assert response.status_code == 400
    assert "Choose from the pictures on the page" in response.content.decode()
    response = post(jaydens_link, "/me/houses/worries/", {"drawing": "data:image/png;base64,AAAA"})
    assert response.status_code == 400
    assert "Your drawing could not be saved" in response.content.decode()
    assert jaydens_link.get("/me/houses/attic/").status_code == 404


# --- How I feel, who matters, what I want --------------------------------------------------------------


def test_jayden_says_how_he_feels_with_a_face(jaydens_link: Client) -> None:
    html = jaydens_link.get("/me/feelings/").content.decode()
    assert html.count('type="radio"') == 5
    assert post(jaydens_link, "/me/feelings/", {"feeling": "2", "words": "Tired"}).status_code == 302
    view = ChildView.objects.get()
    assert (view.kind, view.feeling, view.words) == ("feeling", 2, "Tired")
    response = post(jaydens_link, "/me/feelings/", {"feeling": "9"})
    assert response.status_code == 400 and "Choose a face" in response.content.decode()


def test_people_who_matter_to_jayden_reach_his_family_network(jaydens_link: Client, jayden: Child) -> None:
    data = {"name_1": "Nan", "how_1": "my nan", "trusted_1": "on", "name_2": "Kai", "how_2": "best friend"}
    assert post(jaydens_link, "/me/people/", data).status_code == 302
    descriptions = sorted(NetworkMember.objects.filter(child=jayden).values_list("description", flat=True))
    assert descriptions == ["Kai — best friend (the child told us)", "Nan — my nan (the child told us)"]
    response = post(jaydens_link, "/me/people/", {"how_1": "my teacher"})
    assert response.status_code == 400 and "Write their name" in response.content.decode()
    response = post(jaydens_link, "/me/people/", {})
    assert response.status_code == 400
    assert "Write the name of someone who is important to you" in response.content.decode()


def test_what_jayden_wants_and_wants_said_at_his_meeting(jaydens_link: Client) -> None:
    data = {"wishes": "Live with nan", "for_meeting": "I want to be there"}
    assert post(jaydens_link, "/me/wishes/", data).status_code == 302
    assert sorted(ChildView.objects.values_list("kind", "words")) == [
        ("for_meeting", "I want to be there"),
        ("wishes", "Live with nan"),
    ]
    response = post(jaydens_link, "/me/wishes/", {"wishes": " "})
    assert response.status_code == 400
    assert "Write what you want to happen" in response.content.decode()


def test_too_many_words_are_refused_kindly(jaydens_link: Client) -> None:
    response = post(jaydens_link, "/me/wishes/", {"wishes": "x" * 4001})
    assert response.status_code == 400
    assert "Your words must be 4000 characters or fewer" in response.content.decode()


# --- "I do not feel safe" ------------------------------------------------------------------------------


def test_i_do_not_feel_safe_alerts_at_once_and_says_who_to_contact(jaydens_link: Client, jayden: Child) -> None:
    response = jaydens_link.post("/me/not-safe/")
    assert response.status_code == 302 and response["Location"] == "/me/not-safe/"
    alert = SafetyAlert.objects.get()
    assert (alert.child, alert.acknowledged_at) == (jayden, None)
    html = jaydens_link.get("/me/not-safe/").content.decode()
    assert "Thank you for telling us" in html
    assert "Alice" in html
    assert "0800 000 0000" in html and "0800 1111" in html and "999" in html
    response = post(jaydens_link, "/me/not-safe/words/", {"words": "He is shouting again"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.words == "He is shouting again"
    assert "Thank you. We have added what you wrote." in jaydens_link.get(response["Location"]).content.decode()
    assert jaydens_link.post("/me/not-safe/").status_code == 302  # pressed again: the same alert
    assert SafetyAlert.objects.get().presses == 2
    response = post(jaydens_link, "/me/not-safe/words/", {"words": ""})
    assert response.status_code == 400 and "Write what is happening" in response.content.decode()


def test_the_not_safe_button_is_on_every_page(jaydens_link: Client) -> None:
    for url in (
        "/me/",
        "/me/houses/",
        "/me/houses/dreams/",
        "/me/feelings/",
        "/me/people/",
        "/me/wishes/",
        "/me/about/",
        "/me/said/",
        "/me/advocate/",
    ):
        html = jaydens_link.get(url).content.decode()
        assert 'action="/me/not-safe/"' in html and "I do not feel safe" in html, url


# --- What is happening ---------------------------------------------------------------------------------


def test_what_is_happening_with_nothing_planned_yet(jaydens_link: Client) -> None:
    html = jaydens_link.get("/me/about/").content.decode()
    assert "Alice is your worker" in html
    assert "There is no meeting planned at the moment." in html
    assert "You do not have a plan at the moment." in html
    assert "Nothing yet." in html


def test_what_is_happening_with_a_plan_a_meeting_and_an_explanation(
    jaydens_link: Client, jayden: Child, alice: User
) -> None:
    from kith.meetings.actions import do_plan_meeting
    from kith.plans.actions import do_add_plan_goal, do_start_plan

    today = timezone.localdate()
    plan = do_start_plan(child=jayden, kind="child_in_need", starts_on=today, by=alice)
    do_add_plan_goal(plan=plan, words="Jay gets to school on time", whose_words="Jay and mum", by=alice)
    do_plan_meeting(child=jayden, kind="cin_review", held_on=today + timedelta(days=10), by=alice)
    do_plan_meeting(child=jayden, kind="strategy_discussion", held_on=today + timedelta(days=2), by=alice)
    released = Explanation.objects.create(
        child=jayden,
        audience="child",
        source_kind="meeting",
        source_id=1,
        title="Your review",
        sections=[{"key": "what", "heading": "What happened", "text": "We talked about school.", "picture": "people"}],
        is_released_to_child=True,
        created_by=alice,
        created_at=timezone.now(),
    )
    Explanation.objects.create(
        child=jayden,
        audience="child",
        source_kind="meeting",
        source_id=2,
        title="A draft not yet released",
        sections=[],
        created_by=alice,
        created_at=timezone.now(),
    )
    html = jaydens_link.get("/me/about/").content.decode()
    assert "a meeting to check how your plan is going" in html
    assert "strategy" not in html.lower()  # a professionals' meeting is not listed
    assert "a plan to help you and your family" in html
    assert "Jay gets to school on time" in html
    assert "Your review" in html and "A draft not yet released" not in html
    explanation = jaydens_link.get(f"/me/explanations/{released.pk}/").content.decode()
    assert "We talked about school." in explanation


# --- You said, we did ----------------------------------------------------------------------------------


def test_jayden_sees_alices_answer_next_time_and_it_is_new_once(
    jaydens_link: Client, alice: User, jayden: Child
) -> None:
    post(jaydens_link, "/me/wishes/", {"wishes": "See my dad more"})
    assert "Alice has not answered yet." in jaydens_link.get("/me/said/").content.decode()
    view = ChildView.objects.get()
    do_respond_to_view(view=view, response="We have asked your dad to visit on Saturdays", expected_version=1, by=alice)
    assert "Alice has answered you." in jaydens_link.get("/me/").content.decode()
    html = jaydens_link.get("/me/said/").content.decode()
    assert "See my dad more" in html and "We have asked your dad to visit on Saturdays" in html
    assert ">New<" in html
    assert ">New<" not in jaydens_link.get("/me/said/").content.decode()
    assert "Alice has answered you." not in jaydens_link.get("/me/").content.decode()


def test_what_i_said_is_read_in_a_bounded_number_of_queries(
    jaydens_link: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        post(jaydens_link, "/me/wishes/", {"wishes": f"Wish {n}"})
    with django_assert_max_num_queries(8):
        assert jaydens_link.get("/me/said/").status_code == 200


# --- Advocacy ------------------------------------------------------------------------------------------


def test_jayden_asks_for_an_advocate_and_sees_it_is_being_found(jaydens_link: Client, jayden: Child) -> None:
    assert "An independent advocate helps you" in jaydens_link.get("/me/advocate/").content.decode() or (
        "An advocate" in jaydens_link.get("/me/advocate/").content.decode()
    )
    assert post(jaydens_link, "/me/advocate/", {"words": "For my review"}).status_code == 302
    request = AdvocacyRequest.objects.get()
    assert (request.child, request.asked_by_child, request.words) == (jayden, True, "For my review")
    html = jaydens_link.get("/me/advocate/").content.decode()
    assert "Alice is finding one for you" in html
    assert post(jaydens_link, "/me/advocate/", {"words": "again"}).status_code == 200  # shown, not asked twice
    assert AdvocacyRequest.objects.count() == 1
