"""In real Chromium on a phone-sized screen (390 by 844): Jayden uses his own pages in each age
band, draws in the house of dreams with his finger, says how he feels by keyboard, and presses
"I do not feel safe"; the pages read right to left in Arabic; Alice reads his words and answers
them, and Jayden sees her answer. axe-core checks each page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from kith.core.models import User
from kith.people.models import Child
from kith.testing.browser import axe_violations, browser, sign_in
from kith.voice.child_actions import do_make_child_link
from kith.voice.models import ChildView, SafetyAlert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DREAMS_QUESTION = {"4-7": "What would you wish for?", "8-12": "What are your dreams?", "13+": "What do you hope for?"}


def phone_on_link(browser: Any, live_server: Any, child: Child, worker: User) -> tuple[Any, Any]:
    made = do_make_child_link(child=child, days=28, by=worker)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/me/start/{made.token}/")
    page.get_by_role("heading", name="Hello Jay").wait_for()
    return context, page


def draw_a_line(page: Any) -> None:
    canvas = page.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + 30 + step * 20, box["y"] + 30 + step * 12)
    page.mouse.up()


@pytest.mark.parametrize("band", ["4-7", "8-12", "13+"])
def test_jayden_uses_his_pages_on_a_phone(
    browser: Any, live_server: Any, jayden: Child, alice: User, band: str
) -> None:
    context, page = phone_on_link(browser, live_server, jayden, alice)
    checked: dict[str, list[dict[str, Any]]] = {}
    page.goto(f"{live_server.url}/me/?band={quote(band)}")
    page.get_by_role("heading", name="Hello Jay").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    checked["home"] = axe_violations(page)

    page.get_by_role("link", name="My three houses").click()
    page.get_by_role("link", name="House of dreams").click()
    page.get_by_label(DREAMS_QUESTION[band]).wait_for()
    page.locator("canvas").wait_for(state="visible")  # the drawing space appears once its script runs
    draw_a_line(page)
    page.get_by_label("Food").check()
    checked["house of dreams"] = axe_violations(page)
    page.get_by_role("button", name="Put it in the house").click()
    page.get_by_text("Thank you. Alice will read what you said.").wait_for()
    view = ChildView.objects.get(kind="dreams")
    assert view.has_drawing and view.pictures == ["food"]
    assert bytes(view.drawing.content).startswith(b"\x89PNG")

    page.goto(f"{live_server.url}/me/feelings/")
    first = page.get_by_role("radio").first
    first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("radio").nth(2).is_checked()
    checked["how I feel"] = axe_violations(page)
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Thank you. Alice will read what you said.").wait_for()
    assert ChildView.objects.get(kind="feeling").feeling == 3

    page.get_by_role("button", name="I do not feel safe").click()
    page.get_by_role("heading", name="Thank you for telling us").wait_for()
    assert page.get_by_text("0800 1111").is_visible()
    checked["not safe"] = axe_violations(page)
    page.get_by_label("Do you want to tell us what is happening?").fill("Shouting downstairs")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Thank you. We have added what you wrote.").wait_for()
    alert = SafetyAlert.objects.get()
    assert (alert.child_id, alert.words, alert.age_band) == (jayden.pk, "Shouting downstairs", band)
    context.close()
    assert {name: found for name, found in checked.items() if found} == {}


def test_the_arabic_pages_read_right_to_left(browser: Any, live_server: Any, jayden: Child, alice: User) -> None:
    context, page = phone_on_link(browser, live_server, jayden, alice)
    checked: dict[str, list[dict[str, Any]]] = {}
    page.get_by_role("link", name="العربية").click()
    page.get_by_role("heading", name="مرحبًا Jay").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    heading = page.get_by_role("heading", name="مرحبًا Jay")
    assert heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
    box = heading.bounding_box()
    assert 390 - (box["x"] + box["width"]) < 40  # the heading starts at the right
    checked["home"] = axe_violations(page)

    page.goto(f"{live_server.url}/me/houses/worries/")
    food = page.get_by_label("الطعام")
    label = page.locator("label[for]").filter(has_text="الطعام")
    assert food.bounding_box()["x"] > label.locator(".kith-picture-label").bounding_box()["x"]  # box at the right
    food.check()
    assert food.is_checked()
    checked["house of worries"] = axe_violations(page)
    page.get_by_role("button", name="ضعها في البيت").click()
    page.get_by_text("شكرًا لك. ستصل كلماتك إلى Alice.").wait_for()

    page.get_by_role("button", name="لا أشعر بالأمان").click()
    page.get_by_role("heading", name="شكرًا لأنك أخبرتنا").wait_for()
    phone = page.locator(".kith-phone").filter(has_text="0800").first
    assert phone.evaluate("p => getComputedStyle(p).direction") == "ltr"  # numbers keep their order
    checked["not safe"] = axe_violations(page)
    assert SafetyAlert.objects.get().language == "ar"
    context.close()
    assert {name: found for name, found in checked.items() if found} == {}


def test_alice_reads_jaydens_words_and_he_sees_her_answer(
    browser: Any, live_server: Any, jayden: Child, alice: User
) -> None:
    child_context, child = phone_on_link(browser, live_server, jayden, alice)
    child.get_by_role("link", name="What I want").first.click()
    child.get_by_label("What do you want to happen?").fill("I want to see my dad at weekends")
    child.get_by_role("button", name="Send").click()
    child.get_by_text("Thank you. Alice will read what you said.").wait_for()

    checked: dict[str, list[dict[str, Any]]] = {}
    staff = browser.new_page()
    sign_in(staff, live_server.url, "alice")
    staff.goto(f"{live_server.url}/children/{jayden.pk}/voice/")
    staff.get_by_text("I want to see my dad at weekends").wait_for()
    checked["voice page"] = axe_violations(staff)
    staff.get_by_role("link", name="Answer: you said, we did").click()
    staff.get_by_label("What did you do about it?").fill("I have asked your dad, and he will come on Saturdays.")
    checked["answer"] = axe_violations(staff)
    staff.get_by_role("button", name="Send the answer").click()
    staff.get_by_text("Answer sent.").wait_for()
    staff.close()

    child.goto(f"{live_server.url}/me/")
    child.get_by_text("Alice has answered you.").wait_for()
    child.get_by_role("link", name="See what happened").click()
    child.get_by_text("I have asked your dad, and he will come on Saturdays.").wait_for()
    assert child.get_by_text("New", exact=True).is_visible()
    checked["what I said"] = axe_violations(child)
    child_context.close()
    assert {name: found for name, found in checked.items() if found} == {}
