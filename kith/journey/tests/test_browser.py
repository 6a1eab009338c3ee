"""In real Chromium: Alice signs in, finds Jayden by a misspelt name, records a visit with his
words, and sees them at the top of the chronology. axe-core checks every page she passes.

Chromium is Debian's (/usr/bin/chromium): no browser is downloaded. Outside CI the test is
skipped when Chromium is missing; with CI=true a missing Chromium fails the run.
"""

from __future__ import annotations

from typing import Any

import pytest

from kith.conftest import PASSWORD
from kith.people.models import Child
from kith.testing.browser import axe_violations, browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def test_alice_finds_jayden_records_a_visit_and_sees_his_words_first(
    browser: Any, live_server: Any, jayden: Child
) -> None:
    page = browser.new_page()
    checked: dict[str, list[dict[str, Any]]] = {}

    page.goto(f"{live_server.url}/sign-in/")
    checked["sign in"] = axe_violations(page)
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work").wait_for()
    checked["my work"] = axe_violations(page)

    page.get_by_role("link", name="Find a child").click()
    # Typing is enough: htmx fetches the results (no Search click), under the strict CSP.
    page.get_by_label("Find a child").fill("Jaydn Smiht")
    page.get_by_role("link", name="Jayden Smith").wait_for(timeout=10_000)
    assert "q=Jaydn" in page.url  # the results are bookmarkable
    checked["search results"] = axe_violations(page)
    page.get_by_role("link", name="Jayden Smith").click()
    page.get_by_role("heading", name="Jayden Smith").wait_for()
    checked["child record"] = axe_violations(page)

    page.get_by_role("button", name="Record a visit").click()
    checked["record a visit"] = axe_violations(page)
    page.get_by_label("Seen alone").check()
    page.get_by_label("The child's own words (optional)").fill("I feel safe when Nan is there")
    page.get_by_label("What you saw (optional)").fill("Jayden showed me his new bike")
    page.get_by_role("button", name="Save visit").click()

    page.get_by_text("Visit saved").wait_for()
    first_entry = page.locator(".kith-chronology__item").first
    assert "I feel safe when Nan is there" in first_entry.inner_text()
    checked["child record after the visit"] = axe_violations(page)

    page.goto(f"{live_server.url}/children/{jayden.pk}/visits/new/")
    page.get_by_role("button", name="Save visit").click()
    page.get_by_text("There is a problem").wait_for()
    checked["visit form with errors"] = axe_violations(page)
    page.close()

    assert {name: found for name, found in checked.items() if found} == {}
