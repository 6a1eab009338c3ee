"""In real Chromium: Bob opens his team's dashboard, follows the overdue figure for the family
network meeting to the children behind it, opens Jayden's standards, and on to his record.
axe-core checks each page."""

from __future__ import annotations

from typing import Any

import pytest

from kith.core.models import User
from kith.people.models import Child
from kith.testing.browser import axe_violations, browser, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def test_bob_goes_from_his_team_dashboard_to_a_child(browser: Any, live_server: Any, jayden: Child, bob: User) -> None:
    page = browser.new_page()
    checked: dict[str, list[dict[str, Any]]] = {}
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/standards/")
    page.get_by_role("heading", name="Practice standards: Riverside").wait_for()
    checked["dashboard"] = axe_violations(page)

    row = page.locator("#standards-now tr").filter(has_text="RN-01")
    row.get_by_role("link", name="overdue: RN-01").click()
    page.get_by_role("heading", name="RN-01").wait_for()
    checked["children behind a figure"] = axe_violations(page)

    page.get_by_role("link", name="Jayden Smith", exact=True).click()
    page.wait_for_url(f"**/children/{jayden.pk}/")
    page.goto(f"{live_server.url}/standards/children/{jayden.pk}/")
    page.get_by_role("heading", name="Practice standards").wait_for()
    assert page.locator("td").filter(has_text="RN-01").count() == 1
    checked["child's standards"] = axe_violations(page)
    page.get_by_role("link", name="Audit this case").click()
    page.get_by_role("button", name="Grade the audit").click()
    page.get_by_text("There is a problem").wait_for()
    checked["audit with errors"] = axe_violations(page)
    page.close()
    assert {name: found for name, found in checked.items() if found} == {}
