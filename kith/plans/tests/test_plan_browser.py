"""In real Chromium: Alice starts Jayden's plan, adds a goal in his words and an action, marks the
action done in place (htmx, no page change), records a review with scaling, and reads the chart
and an earlier version. axe-core checks each page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from kith.people.models import Child
from kith.plans.models import Plan, PlanReview
from kith.testing.browser import axe_violations, browser, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def fill_date(page: Any, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def test_alice_builds_jaydens_plan_and_reviews_it(browser: Any, live_server: Any, jayden: Child) -> None:
    page = browser.new_page()
    checked: dict[str, list[dict[str, Any]]] = {}
    sign_in(page, live_server.url, "alice")
    base = f"{live_server.url}/children/{jayden.pk}/plan/"
    page.goto(base)
    page.get_by_role("button", name="Start a plan").click()
    checked["start"] = axe_violations(page)
    page.get_by_role("radio", name="Child in need plan").check()
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_text("Child in need plan started").wait_for()
    checked["new plan"] = axe_violations(page)

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("The goal, in the family's own words").fill("I want Mum to be happy again")
    page.get_by_label("Whose words are these?").fill("Jay")
    page.get_by_role("button", name="Add the goal").click()
    page.get_by_text("Goal added").wait_for()

    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_role("link", name="Enter who will do this").count() == 1
    checked["action with errors"] = axe_violations(page)
    page.get_by_label("What will be done").fill("Walk Jay to school each morning")
    page.get_by_role("radio", name="Someone in the family", exact=True).check()
    page.get_by_label("Their name, or the agency's").fill("Chloé Smith")
    plan = Plan.objects.get()
    due = timezone.localdate() + timedelta(days=30)
    fill_date(page, "by_date", due.day, due.month, due.year)
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("Action added").wait_for()

    address = page.url
    action = plan.actions.get()
    page.locator(f"#id_action-{action.pk}-status").select_option("done")
    page.locator(f"#action-{action.pk}").get_by_role("button", name="Save").click()
    page.get_by_text("Action now done").wait_for()
    assert page.url == address  # swapped in place by htmx
    checked["plan with actions"] = axe_violations(page)

    page.get_by_role("button", name="Record a review").click()
    page.locator("#id_attendees-0-attended_2").check()  # Jay did not come
    page.locator("#id_attendees-0-views_brought_by").fill("Jay drew a picture of his morning")
    page.locator("#id_attendees-1-attended_1").check()
    page.locator("#id_attendees-2-attended_1").check()
    page.locator("#id_scaling-0-score").fill("7")
    page.locator("#id_scaling-0-reason").fill("Mornings are better")
    page.locator("#id_scaling-1-score").fill("6")
    checked["review form"] = axe_violations(page)
    page.get_by_role("button", name="Record the review").click()
    page.get_by_text("recorded").first.wait_for()
    assert PlanReview.objects.count() == 1

    page.get_by_role("link", name="Scaling over time").first.click()
    page.locator("svg[role=img]").wait_for()
    assert page.locator("svg g[data-series]").count() == 2
    checked["scaling"] = axe_violations(page)

    page.goto(f"{base}{plan.pk}/versions/2/")
    page.get_by_text("Goal added: I want Mum to be happy again").first.wait_for()
    checked["version"] = axe_violations(page)
    page.close()
    assert {name: found for name, found in checked.items() if found} == {}
