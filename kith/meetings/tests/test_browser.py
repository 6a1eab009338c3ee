"""In real Chromium: Alice plans and records a strategy discussion, plans the initial conference
from what is due, invites the school, records its report and the day it was shared with the
family, records the conference and a decision in place, and adds an action that goes into
Jayden's plan. axe-core checks each page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from kith.core.models import User
from kith.core.rules import add_working_days
from kith.meetings.models import Meeting
from kith.people.models import Child
from kith.plans.actions import do_start_plan
from kith.plans.models import PlanAction
from kith.testing.browser import axe_violations, browser, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def fill_date(page: Any, name: str, on: date) -> None:
    page.locator(f"#id_{name}_0").fill(str(on.day))
    page.locator(f"#id_{name}_1").fill(str(on.month))
    page.locator(f"#id_{name}_2").fill(str(on.year))


def test_alice_walks_a_strategy_discussion_to_a_conference_with_a_report_shared(
    browser: Any, live_server: Any, jayden: Child, alice: User
) -> None:
    today = timezone.localdate()
    strategy_on = add_working_days(today, -12)
    conference_on = add_working_days(today, -1)
    do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 1), by=alice)
    page = browser.new_page()
    checked: dict[str, list[dict[str, Any]]] = {}
    base = f"{live_server.url}/children/{jayden.pk}/meetings/"
    sign_in(page, live_server.url, "alice")

    page.goto(base)
    checked["list"] = axe_violations(page)
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_role("radio", name="Strategy discussion").check()
    fill_date(page, "held_on", strategy_on)
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_text("Strategy discussion planned").wait_for()
    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "held_on", strategy_on)
    page.get_by_role("button", name="Record the meeting").click()
    page.get_by_text("Strategy discussion recorded").wait_for()

    page.goto(base)
    page.get_by_text("Initial conference due by").wait_for()
    page.get_by_role("link", name=re.compile(r"Plan it\W+initial conference")).click()
    fill_date(page, "held_on", add_working_days(strategy_on, -1))  # before the strategy discussion
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_text("The conference must be on or after the strategy discussion").first.wait_for()
    checked["plan form with errors"] = axe_violations(page)
    fill_date(page, "held_on", conference_on)
    page.get_by_role("button", name="Plan the meeting").click()
    page.get_by_text("Initial child protection conference planned").wait_for()
    conference_url = page.url

    # No one has been added yet, so the form to add someone is open.
    page.get_by_role("radio", name="Agency").check()
    page.get_by_label("Agency (for an agency)").fill("Riverside Primary School")
    page.get_by_role("button", name="Add to the meeting").click()
    page.get_by_text("Riverside Primary School added to the meeting").wait_for()
    assert page.url.startswith(conference_url)  # in place
    page.get_by_text("Did not contribute").wait_for()  # the conference was yesterday

    page.get_by_role("link", name="Add their contribution").click()
    page.get_by_role("radio", name="Structured report").check()
    page.get_by_label("What are they worried about?").fill("Jayden arrives hungry most mornings")
    fill_date(page, "received_on", add_working_days(conference_on, -4))
    fill_date(page, "shared_with_family_on", add_working_days(conference_on, -2))
    page.get_by_role("button", name="Add the contribution").click()
    page.get_by_text("Contribution from Riverside Primary School added").wait_for()
    assert page.get_by_text("Shared before the meeting").count() == 1
    checked["meeting page"] = axe_violations(page)

    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "held_on", conference_on)
    page.get_by_role("radio", name="The child needs a child protection plan").check()
    page.get_by_role("button", name="Record the meeting").click()
    page.get_by_text("Select the category of abuse").first.wait_for()
    page.get_by_text("Select whether Riverside Primary School attended").first.wait_for()
    checked["record form with errors"] = axe_violations(page)
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    page.get_by_role("radio", name="Sent apologies").check()
    page.get_by_role("button", name="Record the meeting").click()
    page.get_by_text("Initial child protection conference recorded").wait_for()

    page.get_by_label("What was decided?").fill("Jayden needs a child protection plan")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Enter the reason for this decision").first.wait_for()
    checked["decision with errors"] = axe_violations(page)
    page.get_by_label("Why?").fill("He has often gone without breakfast and the school is worried")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded").wait_for()

    page.get_by_label("What needs to happen?").fill("Breakfast club every school day")
    page.get_by_role("radio", name="An agency").check()
    page.get_by_label("Their name").fill("Riverside Primary School")
    fill_date(page, "action_by_date", today + timedelta(days=14))
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("Action added to the plan").wait_for()
    checked["after the conference"] = axe_violations(page)
    page.close()

    conference = Meeting.objects.get(kind="initial_cp_conference")
    assert (conference.status, conference.cp_decision, conference.category_of_abuse) == ("held", "plan", "NEG")
    assert PlanAction.objects.get(source_meeting_id=conference.pk).what == "Breakfast club every school day"
    assert {name: found for name, found in checked.items() if found} == {}
