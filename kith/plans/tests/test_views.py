"""The plan pages with personas: Alice works with Jayden and changes his plan; Bob, her manager,
does too; Charlie in another team gets "not found"; Dana from a partner agency gives a reason,
then reads but cannot change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from kith.assessments.models import ScalingScore
from kith.core.models import AuditAction, AuditEvent, User
from kith.people.models import Child
from kith.plans.actions import (
    do_add_plan_action,
    do_add_plan_goal,
    do_close_plan,
    do_start_plan,
)
from kith.plans.models import Plan, PlanAction, PlanGoal, PlanReview, current_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def plan(jayden: Child, alice: User) -> Plan:
    plan = do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 1), by=alice)
    goal = do_add_plan_goal(plan=plan, words="Mum gets us to school on time", whose_words="Jay", by=alice)
    do_add_plan_action(
        plan=plan,
        what="Walk Jay to school each morning",
        owner_kind="family_member",
        owner_name="Chloé Smith",
        by_date=date(2026, 11, 20),
        goal=goal,
        by=alice,
    )
    do_add_plan_action(
        plan=plan,
        what="Check in with Jay each Monday",
        owner_kind="agency",
        owner_name="Riverside Primary School",
        by_date=date(2026, 12, 18),
        by=alice,
        source="Core group, 10 November 2026",
    )
    return plan


def url(child: Child, rest: str = "") -> str:
    return f"/children/{child.pk}/plan/{rest}"


def day(prefix: str, on: date | None) -> dict[str, Any]:
    if on is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": on.day, f"{prefix}_1": on.month, f"{prefix}_2": on.year}


def action_data(plan: Plan, **changes: Any) -> dict[str, Any]:
    data = {
        "what": "Ring Jay's nan about Sundays",
        "owner_kind": "practitioner",
        "owner_name": "Alice Ahmed",
        "owner_person": "",
        "goal": "",
        "status": "not_started",
        "version": plan.version,
        **day("by_date", date(2026, 12, 4)),
    }
    data.update(changes)
    return data


def formset(prefix: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def review_data(plan: Plan, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **day("held_on", date(2026, 11, 20)),
        **day("next_review_on", date(2027, 2, 19)),
        "summary": "Mornings are calmer. Jay is getting to school on time most days.",
        "version": plan.version,
        **formset(
            "attendees",
            [
                {"name": "Jayden Smith", "role": "child", "attended": "no", "views_brought_by": "Jay wrote a letter"},
                {"name": "Chloé Smith", "role": "parent_carer", "attended": "yes"},
                {"name": "", "role": "", "views_brought_by": ""},
            ],
        ),
        **formset(
            "scaling",
            [
                {"who": "child", "name": "Jayden Smith", "score": "6", "reason": "Mum is not shouting as much"},
                {"who": "parent_carer", "name": "Chloé Smith", "score": "7", "reason": "Routines help"},
                {"who": "practitioner", "name": "Alice Ahmed", "score": "", "reason": ""},
            ],
        ),
    }
    for action in plan.actions.all():
        data[f"action_{action.pk}_status"] = "done" if action.owner_kind == "family_member" else "in_progress"
        data[f"action_{action.pk}_note"] = ""
    for goal in plan.goals.all():
        data[f"goal_{goal.pk}_status"] = "working"
        data[f"goal_{goal.pk}_note"] = "Nearly there"
    data.update(changes)
    return data


# --- the plan page ------------------------------------------------------------------------------


def test_alice_sees_jaydens_plan_goals_first_then_who_does_what_by_when(as_alice: Client, plan: Plan) -> None:
    response = as_alice.get(url(plan.child))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Goals, in the family") < html.index("Who will do what") < html.index("Safety plan")
    assert "&ldquo;Mum gets us to school on time&rdquo;" in html and "in the words of</span> Jay" in html
    assert "Chloé Smith" in html and "Walk Jay to school each morning" in html and "20 Nov 2026" in html
    assert "Overdue" in html  # 20 November has passed and it is not done
    assert "From Core group, 10 November 2026" in html
    assert "1 December 2026" in html and "Due soon" in html  # child in need review: 3 months
    assert f"/children/{plan.child.pk}/plan/{plan.pk}/versions/" in html
    event = AuditEvent.objects.filter(child_id=plan.child.pk, action=AuditAction.VIEW).latest("id")
    assert event.object_type == "plan"


def test_with_no_plan_the_page_offers_to_start_one(as_alice: Client, jayden: Child) -> None:
    response = as_alice.get(url(jayden))
    assert response.status_code == 200
    assert b"has no open plan" in response.content and b"Start a plan" in response.content


# The bounds include reading the session, which lives in the database.


def test_the_plan_page_costs_the_same_however_long_the_plan(
    as_alice: Client, plan: Plan, alice: User, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(13):
        assert as_alice.get(url(plan.child)).status_code == 200
    for n in range(15):
        goal = do_add_plan_goal(plan=plan, words=f"Goal {n}", whose_words="Jay", by=alice)
        do_add_plan_action(
            plan=plan,
            what=f"Step {n}",
            owner_kind="agency",
            owner_name="School",
            by_date=date(2026, 12, 1),
            goal=goal,
            by=alice,
        )
    with django_assert_max_num_queries(13):
        assert as_alice.get(url(plan.child)).status_code == 200


# --- starting -----------------------------------------------------------------------------------


def test_alice_starts_a_child_protection_plan_with_its_category(as_alice: Client, jayden: Child) -> None:
    data = {"kind": "child_protection", "category_of_abuse": "NEG", **day("starts_on", date(2026, 11, 20))}
    response = as_alice.post(url(jayden, "start/"), data)
    assert response.status_code == 302
    plan = current_plan(jayden)
    assert plan is not None and plan.kind == "child_protection" and plan.category_of_abuse == "NEG"


def test_a_child_protection_plan_with_no_category_is_refused(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(
        url(jayden, "start/"), {"kind": "child_protection", **day("starts_on", date(2026, 11, 20))}
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content and b"Select the category of abuse" in response.content
    assert not Plan.objects.exists()


def test_a_category_chosen_then_another_kind_picked_is_dropped(as_alice: Client, jayden: Child) -> None:
    data = {"kind": "early_help", "category_of_abuse": "PHY", **day("starts_on", date(2026, 11, 20))}
    assert as_alice.post(url(jayden, "start/"), data).status_code == 302
    assert Plan.objects.get().category_of_abuse == ""


def test_a_second_open_plan_is_refused(as_alice: Client, plan: Plan) -> None:
    data = {"kind": "early_help", **day("starts_on", date(2026, 11, 20))}
    response = as_alice.post(url(plan.child, "start/"), data)
    assert response.status_code == 400
    assert b"already has an open plan" in response.content
    assert Plan.objects.count() == 1


def test_starting_with_no_date_and_no_kind_names_both(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(url(jayden, "start/"), day("starts_on", None))
    assert response.status_code == 400
    assert b"Select the kind of plan" in response.content and b"Enter the date the plan started" in response.content


# --- goals and actions --------------------------------------------------------------------------


def test_alice_adds_a_goal_in_the_familys_words(as_alice: Client, plan: Plan) -> None:
    data = {"words": "I want to see my nan on Sundays", "whose_words": "Jay", "version": plan.version}
    response = as_alice.post(url(plan.child, f"{plan.pk}/goals/add/"), data, follow=True)
    assert response.status_code == 200
    assert "&ldquo;I want to see my nan on Sundays&rdquo;" in response.content.decode()
    bad = as_alice.post(url(plan.child, f"{plan.pk}/goals/add/"), {"words": "", "whose_words": "", "version": 1})
    assert bad.status_code == 400
    assert (
        b"Enter the goal in the family&#x27;s own words" in bad.content
        and b"Enter whose words these are" in bad.content
    )


def test_alice_changes_a_goal_and_a_stale_form_is_a_conflict(as_alice: Client, plan: Plan) -> None:
    goal = PlanGoal.objects.get(plan=plan)
    page = url(plan.child, f"{plan.pk}/goals/{goal.pk}/")
    assert as_alice.get(page).status_code == 200
    data = {"words": "Mum gets us to school", "whose_words": "Jay", "status": "achieved", "version": plan.version}
    assert as_alice.post(page, data).status_code == 302
    stale = as_alice.post(page, {**data, "status": "working"})
    assert stale.status_code == 409
    assert b"Someone else changed this plan after you opened it" in stale.content
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_alice_adds_an_action_saying_who_what_and_by_when(as_alice: Client, plan: Plan, jayden: Child) -> None:
    page = url(jayden, f"{plan.pk}/actions/add/")
    form = as_alice.get(page)
    assert form.status_code == 200 and b"Jayden Smith (the child)" in form.content and b"Chlo" in form.content
    response = as_alice.post(page, action_data(plan, owner_person=jayden.person_id))
    assert response.status_code == 302
    action = PlanAction.objects.get(what="Ring Jay's nan about Sundays")
    assert action.owner_kind == "practitioner" and action.owner_person_id == jayden.person_id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner_name": ""}, "Enter who will do this"),
        ({"owner_kind": ""}, "Select who will do this"),
        ({"what": ""}, "Enter what will be done"),
        (day("by_date", None), "Enter the date this will be done by"),
        (day("by_date", date(2026, 11, 2)), "Date to be done by must be today or in the future"),
        ({"by_date_1": "13"}, "Date to be done by must be a real date"),
        (day("by_date", date(2026, 8, 1)) | {"status": "done"}, "on or after the plan started, 1 September 2026"),
    ],
)
def test_an_action_with_no_owner_or_a_bad_date_is_refused(
    as_alice: Client, plan: Plan, changes: dict[str, Any], message: str
) -> None:
    response = as_alice.post(url(plan.child, f"{plan.pk}/actions/add/"), action_data(plan, **changes))
    assert response.status_code == 400
    assert b"There is a problem" in response.content and message in response.content.decode()
    assert plan.actions.count() == 2


def test_an_action_already_done_may_have_a_past_date(as_alice: Client, plan: Plan) -> None:
    data = action_data(plan, status="done", **day("by_date", date(2026, 10, 1)))
    assert as_alice.post(url(plan.child, f"{plan.pk}/actions/add/"), data).status_code == 302


def test_alice_changes_an_action(as_alice: Client, plan: Plan) -> None:
    action = plan.actions.get(owner_kind="agency")
    page = url(plan.child, f"{plan.pk}/actions/{action.pk}/")
    assert as_alice.get(page).status_code == 200
    data = action_data(plan, what="Check in each Monday and Friday", owner_kind="agency", owner_name="School")
    assert as_alice.post(page, data).status_code == 302
    action.refresh_from_db()
    assert action.what == "Check in each Monday and Friday"


def test_an_old_overdue_action_can_be_changed_without_moving_its_date(as_alice: Client, plan: Plan) -> None:
    action = plan.actions.get(owner_kind="family_member")  # due 20 November, now past
    data = action_data(
        plan,
        what="Walk Jay to school",
        owner_kind="family_member",
        owner_name="Chloé",
        **day("by_date", action.by_date),
    )
    assert as_alice.post(url(plan.child, f"{plan.pk}/actions/{action.pk}/"), data).status_code == 302


def test_the_status_changes_in_place_with_htmx(as_alice: Client, plan: Plan) -> None:
    action = plan.actions.get(owner_kind="family_member")
    page = url(plan.child, f"{plan.pk}/actions/{action.pk}/status/")
    prefix = f"action-{action.pk}"
    response = as_alice.post(
        page, {f"{prefix}-status": "done", f"{prefix}-version": plan.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == date(2026, 11, 23)
    stale = as_alice.post(page, {f"{prefix}-status": "in_progress", f"{prefix}-version": 1}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 200  # htmx swaps only 2xx: the conflict is shown in place
    assert b"Someone else changed this plan" in stale.content
    assert as_alice.post(page, {f"{prefix}-status": "in_progress", f"{prefix}-version": 1}).status_code == 409
    bad = as_alice.post(page, {f"{prefix}-status": "finished", f"{prefix}-version": plan.version + 1})
    assert bad.status_code == 400


def test_the_plan_page_has_a_status_form_per_action_posting_with_htmx(as_alice: Client, plan: Plan) -> None:
    html = as_alice.get(url(plan.child)).content.decode()
    for action in plan.actions.all():
        assert f'hx-post="/children/{plan.child.pk}/plan/{plan.pk}/actions/{action.pk}/status/"' in html


# --- the safety plan ----------------------------------------------------------------------------


def safety_data(plan: Plan, rows: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    data = {
        "rules": "Jay is never left alone with Dean\n\nArguments stop when the children are in the room",
        "triggers": "Jay is late for school",
        "fallbacks": "Jay stays with Aunt Grace that night",
        "version": plan.version,
        **formset("network", rows),
    }
    data.update(changes)
    return data


def test_alice_writes_the_safety_plan(as_alice: Client, plan: Plan) -> None:
    page = url(plan.child, f"{plan.pk}/safety-plan/")
    assert as_alice.get(page).status_code == 200
    rows = [
        {"network_member": "", "name": "Aunt Grace", "part": "Has Jay to stay"},
        {"network_member": "", "name": "", "part": ""},
    ]
    response = as_alice.post(page, safety_data(plan, rows), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jay is never left alone with Dean" in html and "Arguments stop when the children are in the room" in html
    assert "Aunt Grace" in html and "Has Jay to stay" in html and "Jay is late for school" in html
    assert plan.safety_rules.count() == 2


def test_a_safety_network_row_with_a_part_but_no_one_is_refused(as_alice: Client, plan: Plan) -> None:
    rows = [{"network_member": "", "name": "", "part": "Has Jay to stay"}]
    response = as_alice.post(url(plan.child, f"{plan.pk}/safety-plan/"), safety_data(plan, rows))
    assert response.status_code == 400
    assert b"Enter who in the network, or choose them" in response.content


# --- reviews ------------------------------------------------------------------------------------


def test_the_review_form_lists_the_child_the_parents_and_the_practitioner(as_alice: Client, plan: Plan) -> None:
    response = as_alice.get(url(plan.child, f"{plan.pk}/reviews/add/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Jayden Smith"' in html and 'value="Chloé Smith"' in html and 'value="Alice Ahmed"' in html
    assert "Walk Jay to school each morning" in html and "Goal 1: Mum gets us to school on time" in html
    assert "the next review is due by" in html


def test_alice_records_a_review_with_attendees_progress_and_scaling(as_alice: Client, plan: Plan) -> None:
    response = as_alice.post(url(plan.child, f"{plan.pk}/reviews/add/"), review_data(plan))
    assert response.status_code == 302
    review = PlanReview.objects.get()
    assert review.attendees.count() == 2  # the empty row is left out
    assert review.action_progress.count() == 2 and review.goal_progress.get().note == "Nearly there"
    scores = ScalingScore.objects.filter(context="plan_review", context_id=review.pk)
    assert sorted(scores.values_list("name", "score")) == [("Chloé Smith", 7), ("Jayden Smith", 6)]
    plan.refresh_from_db()
    assert plan.next_review_on == date(2027, 2, 19)
    page = as_alice.get(url(plan.child, f"reviews/{review.pk}/"))
    assert page.status_code == 200 and b"Jay wrote a letter" in page.content and b"Mum is not shouting" in page.content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (day("next_review_on", date(2026, 11, 19)), "Date of the next review must be after the date of the review"),
        (day("next_review_on", None), "Enter the date of the next review"),
        (day("held_on", date(2026, 11, 30)), "Date of the review must be today or in the past"),
        ({"attendees-0-views_brought_by": ""}, "Enter how the child&#x27;s views were brought to the review"),
        ({"attendees-1-attended": ""}, "Select whether Chloé Smith came to the review"),
        ({"scaling-0-score": "11"}, "Score must be a number from 0 to 10"),
        ({"scaling-0-score": "lots"}, "Score must be a number from 0 to 10"),
        ({"scaling-1-score": "", "scaling-1-reason": "Better"}, "Enter a score from 0 to 10"),
    ],
)
def test_bad_reviews_are_refused_with_the_field_named(
    as_alice: Client, plan: Plan, changes: dict[str, Any], message: str
) -> None:
    response = as_alice.post(url(plan.child, f"{plan.pk}/reviews/add/"), review_data(plan, **changes))
    assert response.status_code == 400
    assert b"There is a problem" in response.content and message in response.content.decode()
    assert not PlanReview.objects.exists() and not ScalingScore.objects.exists()


def test_a_review_of_a_closed_plan_is_refused(as_alice: Client, plan: Plan, alice: User) -> None:
    data = review_data(plan)
    do_close_plan(plan=plan, ends_on=date(2026, 11, 23), reason="Moved away", expected_version=plan.version, by=alice)
    response = as_alice.post(url(plan.child, f"{plan.pk}/reviews/add/"), data)
    assert response.status_code == 400
    assert b"You cannot review a closed plan" in response.content
    assert as_alice.get(url(plan.child, f"{plan.pk}/reviews/add/")).status_code == 400
    assert not PlanReview.objects.exists()


def test_a_review_on_a_stale_plan_is_a_conflict(as_alice: Client, plan: Plan) -> None:
    response = as_alice.post(url(plan.child, f"{plan.pk}/reviews/add/"), review_data(plan, version=1))
    assert response.status_code == 409
    assert b"Someone else changed this plan after you opened it" in response.content


def test_the_review_page_costs_the_same_however_long_the_plan(
    as_alice: Client, plan: Plan, alice: User, django_assert_max_num_queries: Any
) -> None:
    page = url(plan.child, f"{plan.pk}/reviews/add/")
    with django_assert_max_num_queries(9):
        assert as_alice.get(page).status_code == 200
    for n in range(15):
        do_add_plan_action(
            plan=plan, what=f"Step {n}", owner_kind="agency", owner_name="School", by_date=date(2026, 12, 1), by=alice
        )
    with django_assert_max_num_queries(9):
        assert as_alice.get(page).status_code == 200


# --- closing and versions -----------------------------------------------------------------------


def test_alice_closes_the_plan_and_it_stays_on_the_record(as_alice: Client, plan: Plan) -> None:
    page = url(plan.child, f"{plan.pk}/close/")
    assert as_alice.get(page).status_code == 200
    missing = as_alice.post(page, {**day("ends_on", date(2026, 11, 23)), "reason": "", "version": plan.version})
    assert missing.status_code == 400 and b"Enter why the plan is ending" in missing.content
    data = {**day("ends_on", date(2026, 11, 23)), "reason": "Goals met; the family agree", "version": plan.version}
    response = as_alice.post(page, data, follow=True)
    assert response.status_code == 200
    assert b"Closed" in response.content and b"Goals met; the family agree" in response.content
    assert b"Record a review" not in response.content
    assert as_alice.get(url(plan.child)).status_code == 200  # now "no open plan", with the earlier one listed
    assert as_alice.get(url(plan.child, f"{plan.pk}/goals/add/")).status_code == 400


def test_every_version_is_listed_and_any_can_be_shown_as_it_was(as_alice: Client, plan: Plan) -> None:
    listing = as_alice.get(url(plan.child, f"{plan.pk}/versions/"))
    assert listing.status_code == 200
    assert b"Version 4" in listing.content and b"Child in need plan started" in listing.content
    first = as_alice.get(url(plan.child, f"{plan.pk}/versions/1/"))
    assert first.status_code == 200 and b"No goals yet" in first.content
    second = as_alice.get(url(plan.child, f"{plan.pk}/versions/2/"))
    html = second.content.decode()
    assert "Goal added: Mum gets us to school on time" in html and "Walk Jay" not in html
    assert as_alice.get(url(plan.child, f"{plan.pk}/versions/9/")).status_code == 404


def test_the_versions_and_scaling_pages_cost_the_same_however_many_changes(
    as_alice: Client, plan: Plan, alice: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        do_add_plan_goal(plan=plan, words=f"Goal {n}", whose_words="Jay", by=alice)
    with django_assert_max_num_queries(6):
        assert as_alice.get(url(plan.child, f"{plan.pk}/versions/")).status_code == 200
    with django_assert_max_num_queries(6):
        assert as_alice.get(url(plan.child, f"{plan.pk}/versions/7/")).status_code == 200
    with django_assert_max_num_queries(5):
        assert as_alice.get(url(plan.child, "scaling/")).status_code == 200


# --- scaling ------------------------------------------------------------------------------------


def test_the_scaling_page_has_a_chart_and_a_table_of_every_score(as_alice: Client, plan: Plan) -> None:
    as_alice.post(url(plan.child, f"{plan.pk}/reviews/add/"), review_data(plan))
    response = as_alice.get(url(plan.child, "scaling/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Every score, oldest first" in html and "Mum is not shouting as much" in html and "Plan review" in html


def test_the_scaling_page_says_when_no_one_has_been_asked(as_alice: Client, jayden: Child) -> None:
    response = as_alice.get(url(jayden, "scaling/"))
    assert response.status_code == 200 and b"No one has been asked to scale yet" in response.content


# --- who may see and change ---------------------------------------------------------------------


def every_page(plan: Plan) -> list[str]:
    goal, action = plan.goals.get(), plan.actions.first()
    assert action is not None
    return [
        url(plan.child),
        url(plan.child, f"{plan.pk}/"),
        url(plan.child, "scaling/"),
        url(plan.child, f"{plan.pk}/versions/"),
        url(plan.child, f"{plan.pk}/versions/1/"),
        url(plan.child, "start/"),
        url(plan.child, f"{plan.pk}/goals/add/"),
        url(plan.child, f"{plan.pk}/goals/{goal.pk}/"),
        url(plan.child, f"{plan.pk}/actions/add/"),
        url(plan.child, f"{plan.pk}/actions/{action.pk}/"),
        url(plan.child, f"{plan.pk}/safety-plan/"),
        url(plan.child, f"{plan.pk}/reviews/add/"),
        url(plan.child, f"{plan.pk}/close/"),
    ]


def test_charlie_in_another_team_gets_not_found_everywhere(as_charlie: Client, plan: Plan) -> None:
    for page in every_page(plan):
        assert as_charlie.get(page).status_code == 404, page
    action = plan.actions.first()
    assert action is not None
    status_url = url(plan.child, f"{plan.pk}/actions/{action.pk}/status/")
    assert as_charlie.post(status_url, {}).status_code == 404


def test_another_childs_plan_is_not_found_under_this_child(as_alice: Client, plan: Plan, mia: Child) -> None:
    assert as_alice.get(url(mia, f"{plan.pk}/")).status_code == 404
    assert as_alice.get(url(mia, f"{plan.pk}/versions/")).status_code == 404


def test_dana_from_a_partner_agency_gives_a_reason_then_reads_but_cannot_change(as_dana: Client, plan: Plan) -> None:
    response = as_dana.get(url(plan.child))
    assert response.status_code == 302 and "/reason/" in response["Location"]
    as_dana.post(f"/children/{plan.child.pk}/reason/", {"reason": "School safeguarding lead checking the plan"})
    page = as_dana.get(url(plan.child))
    assert page.status_code == 200
    assert b"Walk Jay to school each morning" in page.content
    assert b"Add an action" not in page.content and b"hx-post" not in page.content
    for change in every_page(plan)[5:]:
        assert as_dana.get(change).status_code == 403, change
        assert as_dana.post(change, {}).status_code == 403, change
    assert Plan.objects.get().version == plan.version


def test_bob_the_team_manager_can_change_the_plan(as_bob: Client, plan: Plan) -> None:
    data = {"words": "Jay sleeps in his own bed", "whose_words": "Chloé", "version": plan.version}
    assert as_bob.post(url(plan.child, f"{plan.pk}/goals/add/"), data).status_code == 302
