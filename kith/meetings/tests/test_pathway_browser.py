"""In real Chromium, the whole pathway: Alice records a strategy discussion and an initial
conference with the school's report shared with the family beforehand, starts the child
protection plan with an action, holds the first review with scaling, and downloads the
explanation for Jayden as a PDF. axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from kith.core.rules import add_working_days
from kith.people.models import Child
from kith.plans.models import Plan, PlanReview
from kith.testing.browser import axe_violations, browser, sign_in
from kith.voice.models import Explanation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def fill_date(page: Any, name: str, on: date) -> None:
    page.locator(f"#id_{name}_0").fill(str(on.day))
    page.locator(f"#id_{name}_1").fill(str(on.month))
    page.locator(f"#id_{name}_2").fill(str(on.year))


def record_strategy_and_conference(page: Any, base: str, checked: dict[str, Any], today: date) -> date:
    strategy_on, conference_on = add_working_days(today, -14), add_working_days(today, -3)
    page.goto(f"{base}meetings/")
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_role("radio", name="Strategy discussion").check()
    fill_date(page, "held_on", strategy_on)
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "held_on", strategy_on)
    page.get_by_role("button", name="Record the meeting").click()
    page.get_by_text("Strategy discussion recorded").wait_for()

    page.goto(f"{base}meetings/")
    page.get_by_role("link", name=re.compile(r"Plan it\W+initial conference")).click()
    fill_date(page, "held_on", conference_on)
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_text("Initial child protection conference planned").wait_for()
    page.get_by_role("radio", name="Agency").check()
    page.get_by_label("Agency (for an agency)").fill("Riverside Primary School")
    page.get_by_role("button", name="Add to the meeting").click()
    page.get_by_role("link", name="Add their contribution").click()
    page.get_by_role("radio", name="Structured report").check()
    page.get_by_label("What are they worried about?").fill("Jayden arrives hungry most mornings")
    fill_date(page, "received_on", add_working_days(conference_on, -5))
    fill_date(page, "shared_with_family_on", add_working_days(conference_on, -3))
    page.get_by_role("button", name="Add the contribution").click()
    page.get_by_text("Shared before the meeting").wait_for()
    checked["conference with the report shared"] = axe_violations(page)

    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "held_on", conference_on)
    page.get_by_role("radio", name="The child needs a child protection plan").check()
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    page.get_by_role("radio", name="Attended").first.check()
    page.get_by_role("button", name="Record the meeting").click()
    page.get_by_text("Initial child protection conference recorded").wait_for()
    page.get_by_label("What was decided?").fill("Jayden needs a child protection plan")
    page.get_by_label("Why?").fill("He often goes without breakfast and the school is worried")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded").wait_for()
    checked["conference recorded"] = axe_violations(page)
    return conference_on


def start_plan_with_an_action(page: Any, base: str, checked: dict[str, Any], conference_on: date) -> None:
    page.goto(f"{base}plan/")
    page.get_by_role("button", name="Start a plan").click()
    page.get_by_role("radio", name="Child protection plan").check()
    page.get_by_role("radio", name="Neglect").check()
    fill_date(page, "starts_on", conference_on)
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_text("Child protection plan started").wait_for()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done").fill("Breakfast club every school day")
    page.get_by_role("radio", name="An agency").check()
    page.get_by_label("Their name, or the agency's").fill("Riverside Primary School")
    fill_date(page, "by_date", add_working_days(timezone.localdate(), 10))
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("Action added").wait_for()
    checked["plan with an action"] = axe_violations(page)


def hold_the_first_review(page: Any, checked: dict[str, Any]) -> None:
    page.get_by_role("button", name="Record a review").click()
    page.locator("#id_attendees-0-attended_2").check()
    page.locator("#id_attendees-0-views_brought_by").fill("Jayden drew his breakfast table")
    for row in range(1, page.locator("[id^=id_attendees-][id$=-attended_1]").count()):
        page.locator(f"#id_attendees-{row}-attended_1").check()
    page.locator("#id_scaling-0-score").fill("6")
    page.locator("#id_scaling-0-reason").fill("He has breakfast most days now")
    checked["review form"] = axe_violations(page)
    page.get_by_role("button", name="Record the review").click()
    page.get_by_text("recorded").first.wait_for()


def test_strategy_discussion_to_first_review_and_the_explanation_pdf(
    browser: Any, live_server: Any, jayden: Child
) -> None:
    today = timezone.localdate()
    page = browser.new_page()
    checked: dict[str, Any] = {}
    base = f"{live_server.url}/children/{jayden.pk}/"
    sign_in(page, live_server.url, "alice")

    conference_on = record_strategy_and_conference(page, base, checked, today)
    start_plan_with_an_action(page, base, checked, conference_on)
    hold_the_first_review(page, checked)
    review = PlanReview.objects.get()
    page.goto(f"{base}plan/reviews/{review.pk}/")
    checked["review"] = axe_violations(page)

    page.get_by_role("button", name="Write explanations for the child and parents").click()
    page.get_by_text("Explanations drafted").wait_for()
    checked["explanation"] = axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.close()

    assert Plan.objects.get().kind == "child_protection"
    assert Explanation.objects.filter(child=jayden, source_kind="plan_review").count() == 2
    assert {name: found for name, found in checked.items() if found} == {}
