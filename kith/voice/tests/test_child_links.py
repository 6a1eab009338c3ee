"""A child's link opens only that child's pages: guessed, tampered, ended and stopped links say so
kindly and show nothing of anyone; tries are limited across processes; another child's
identifiers lead nowhere; and no staff navigation or worker notes ever reach a child's page."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kith.core.models import AuditAction, AuditEvent, User
from kith.journey.actions import do_record_visit
from kith.people.models import Child
from kith.voice.child_actions import (
    Speaker,
    do_make_child_link,
    do_record_child_view,
    do_revoke_child_link,
)
from kith.voice.child_session import LINK_KEY
from kith.voice.images import clean_image
from kith.voice.models import ChildLink, LinkAttempt, Via
from kith.voice.rules import LINK_ATTEMPTS_MOST
from kith.voice.tests.conftest import open_link, png_bytes

pytestmark = pytest.mark.django_db

STAFF_WORDS = ("My work", "Find a child", "Sign out", "Reasons given")
CHILD_PAGES = (
    "/me/",
    "/me/houses/",
    "/me/houses/worries/",
    "/me/feelings/",
    "/me/people/",
    "/me/wishes/",
    "/me/not-safe/",
    "/me/about/",
    "/me/said/",
    "/me/advocate/",
)


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_jaydens_link_opens_his_pages(jayden: Child, alice: User) -> None:
    client, token = open_link(jayden, alice)
    html = page(client, "/me/")
    assert "Hello Jay" in html
    assert token not in html
    link = ChildLink.objects.get()
    assert (link.times_used, link.last_used_at is not None) == (1, True)
    event = AuditEvent.objects.filter(object_type="child_link", action=AuditAction.VIEW).get()
    assert (event.user, event.child_id, event.detail["from"]) == (None, jayden.pk, "child_link")


def test_opening_a_link_gives_the_browser_a_new_session(jayden: Child, alice: User) -> None:
    client = Client()
    client.get("/me/")  # a session may exist before the link is opened
    client.cookies["sessionid"] = "planted-by-someone-else"
    client, _ = open_link(jayden, alice, client=client)
    assert client.cookies["sessionid"].value != "planted-by-someone-else"
    assert client.session[LINK_KEY] == ChildLink.objects.get().pk


@pytest.mark.parametrize("token", [secrets.token_urlsafe(24), "a", "x" * 200, "%00", "' OR 1=1 --"])
def test_a_guessed_token_opens_nothing(jayden: Child, alice: User, token: str) -> None:
    do_make_child_link(child=jayden, days=28, by=alice)
    client = Client()
    response = client.get(f"/me/start/{token}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This link does not work" in html
    assert "Jay" not in html and "Alice" not in html
    assert "0800 000 0000" in html and "0800 1111" in html  # whom to call instead
    assert client.get("/me/").status_code == 404


@pytest.mark.parametrize("address", ["/me/start//", "/me/start/../../admin/", "/me/start/a/b/"])
def test_a_malformed_link_is_not_found(jayden: Child, alice: User, address: str) -> None:
    do_make_child_link(child=jayden, days=28, by=alice)
    response = Client().get(address)
    assert response.status_code == 404
    assert "Jay" not in response.content.decode()


def test_a_tampered_token_opens_nothing(jayden: Child, alice: User) -> None:
    made = do_make_child_link(child=jayden, days=28, by=alice)
    for tampered in (
        made.token[:-1] + ("A" if made.token[-1] != "A" else "B"),
        made.token[1:],
        made.token + "x",
        made.token.upper(),
        made.link.token_hash,  # the stored hash is not a token
    ):
        response = Client().get(f"/me/start/{tampered}/")
        assert response.status_code == 404, tampered
        assert "Jay" not in response.content.decode()


def test_tries_are_limited_across_processes(jayden: Child, alice: User) -> None:
    """Each worker process has its own cache, so the count is in the database: two clients (as
    two processes would be) from one address share it."""
    made = do_make_child_link(child=jayden, days=28, by=alice)
    first, second = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="203.0.113.9")
    for n in range(LINK_ATTEMPTS_MOST):
        client = first if n % 2 else second
        assert client.get(f"/me/start/{secrets.token_urlsafe(24)}/").status_code == 404
    refused = first.get(f"/me/start/{made.token}/")  # even the right token waits now
    assert refused.status_code == 429
    assert "Please wait a few minutes" in refused.content.decode()
    assert "Jay" not in refused.content.decode()
    assert LinkAttempt.objects.filter(key="203.0.113.9").count() == LINK_ATTEMPTS_MOST
    assert Client(REMOTE_ADDR="198.51.100.7").get(f"/me/start/{made.token}/").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert first.get(f"/me/start/{made.token}/").status_code == 302


def test_an_expired_link_says_so_kindly_and_whom_to_ask(jayden: Child, alice: User) -> None:
    made = do_make_child_link(child=jayden, days=7, by=alice)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().get(f"/me/start/{made.token}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has ended" in html
    assert "Ask Alice for a new link" in html
    assert "0800 000 0000" in html
    assert "Jay" not in html


def test_a_link_stopped_while_open_stops_at_the_next_page(jayden: Child, alice: User, settings: object) -> None:
    settings.KITH_DUTY_PHONE = "0300 123 4567"  # type: ignore[attr-defined]
    client, _ = open_link(jayden, alice)
    do_revoke_child_link(link=ChildLink.objects.get(), by=alice)
    response = client.get("/me/houses/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has been stopped" in html
    assert "Alice has stopped this link" in html
    assert "0300 123 4567" in html
    assert client.get("/me/").status_code == 404  # the session has forgotten the link


def test_a_link_that_expires_while_open_ends_at_the_next_page(jayden: Child, alice: User) -> None:
    client, _ = open_link(jayden, alice, days=1)
    ChildLink.objects.update(expires_at=timezone.now() + timedelta(minutes=1))
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = client.get("/me/")
    assert response.status_code == 410
    assert "This link has ended" in response.content.decode()


def test_jaydens_link_never_shows_mia(jayden: Child, mia: Child, alice: User) -> None:
    """Mia's things exist, and Jayden's link asks for them by their ids: nothing comes back."""
    mias = Speaker(child=mia, via=Via.LINK, worker=alice, link=do_make_child_link(child=mia, days=7, by=alice).link)
    drawing = do_record_child_view(
        speaker=mias,
        kind="dreams",
        words="Mia's secret dream",
        drawing=clean_image(png_bytes()),
        drawing_source="photo",
    )
    from kith.voice.models import Explanation

    explanation = Explanation.objects.create(
        child=mia,
        audience="child",
        source_kind="meeting",
        source_id=1,
        title="Mia's conference",
        sections=[{"key": "what", "heading": "What happened", "text": "Mia's words", "picture": "people"}],
        is_released_to_child=True,
        created_by=alice,
        created_at=timezone.now(),
    )
    client, _ = open_link(jayden, alice)
    assert client.get(f"/me/said/{drawing.pk}/drawing/").status_code == 404
    assert client.get(f"/me/explanations/{explanation.pk}/").status_code == 404
    for url in CHILD_PAGES:
        html = page(client, url)
        assert "Mia" not in html and "secret dream" not in html, url
    # The child's pages take no child id: the staff pages for Mia ask a stranger to sign in.
    response = client.get(f"/children/{mia.pk}/voice/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_no_staff_navigation_or_worker_notes_on_any_child_page(jayden: Child, alice: User) -> None:
    do_record_visit(
        child=jayden,
        details={
            "visited_on": date(2026, 11, 2),
            "child_seen": "seen_alone",
            "what_i_saw": "Kitchen untidy",
            "child_words": "",
            "analysis": "WORKER-NOTE: worried about mum's new partner",
        },
        by=alice,
    )
    client, _ = open_link(jayden, alice)
    for url in CHILD_PAGES:
        html = page(client, url)
        for word in STAFF_WORDS:
            assert word not in html, (url, word)
        assert "WORKER-NOTE" not in html and "Kitchen untidy" not in html, url
        assert "KT000001" not in html and "9990001006" not in html, url  # no record ids or NHS number
        assert "Ahmed" not in html, url  # the worker's first name only


def test_child_pages_are_never_cached_or_indexed(jaydens_link: Client) -> None:
    response = jaydens_link.get("/me/")
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Content-Language"] == "en-gb"


def test_a_browser_without_a_link_is_told_how_to_get_one(db: object) -> None:
    response = Client().get("/me/houses/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert Client().post("/me/not-safe/").status_code in (403, 404)  # no session: nothing raised
