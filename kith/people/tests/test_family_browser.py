"""In real Chromium: Alice adds Jayden's grandmother from the genogram page, without leaving it,
sees her drawn, and reaches her row in words from the drawing by keyboard. axe-core checks each
page state."""

from __future__ import annotations

from typing import Any

import pytest

from kith.people.models import Child
from kith.testing.browser import axe_violations, browser, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def test_alice_adds_a_grandmother_from_the_genogram_and_sees_her_drawn(
    browser: Any, live_server: Any, jayden: Child
) -> None:
    page = browser.new_page()
    checked: dict[str, list[dict[str, Any]]] = {}
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/children/{jayden.pk}/family/")
    page.get_by_role("heading", name="Genogram", exact=True).wait_for()
    checked["genogram"] = axe_violations(page)
    address = page.url

    page.get_by_label("Who are they related to?").select_option(label="Chloé Smith")
    page.get_by_role("radio", name="Their parent").check()
    page.get_by_label("First name").fill("Iris")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_role("radio", name="Female").check()
    page.get_by_label("Date of birth (optional)").fill("about 1962")
    page.get_by_role("button", name="Add to the genogram").click()

    page.get_by_text("Added to the genogram").wait_for()
    assert page.url == address  # htmx swapped the page in place: no navigation away
    drawn = page.locator("svg [data-person]").filter(has_text="Iris Smith")
    assert drawn.count() == 1
    assert "born about 1962" in page.locator("#in-words").locator("..").inner_text()
    checked["genogram after adding"] = axe_violations(page)

    # Keyboard: the people in the drawing are links to their rows in words.
    link = page.locator("svg a").filter(has_text="Iris Smith")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash.startsWith('#person-')")

    page.get_by_label("First name").fill("")
    page.get_by_role("button", name="Add to the genogram").click()
    page.get_by_text("There is a problem").wait_for()
    checked["form with errors"] = axe_violations(page)
    page.close()
    assert {name: found for name, found in checked.items() if found} == {}
