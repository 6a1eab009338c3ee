"""The assessment pages with personas: Alice practises in Riverside and Bob manages it; Charlie
is in Hillside and gets "not found"; Dana from a partner agency reads after giving a reason but
never changes anything."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from django.test import Client, override_settings

from kith.assessments.actions import do_add_statement, do_authorise_assessment, do_record_assessment_scaling
from kith.assessments.models import Assessment, DangerStatement, HarmStatement, NextStep, SafetyGoal, ScalingScore
from kith.assessments.tests.helpers import TODAY, add_danger_with_goal, make_ready, start, submitted
from kith.conftest import make_user, signed_in
from kith.core.models import AuditAction, AuditEvent, Role, User
from kith.people.models import Child

pytestmark = pytest.mark.django_db


def url(child: Child, rest: str = "") -> str:
    return f"/children/{child.pk}/assessments/{rest}"


def page(assessment: Assessment, rest: str = "") -> str:
    return f"/children/{assessment.child_id}/assessments/{assessment.pk}/{rest}"


def date_fields(name: str, on: date) -> dict[str, Any]:
    return {f"{name}_0": on.day, f"{name}_1": on.month, f"{name}_2": on.year}


def html(response: Any) -> str:
    """The page's text with HTML entities read as characters ("What's", not "What's")."""
    return unescape(response.content.decode())


# --- The list and starting one ---------------------------------------------------------------------


def test_alice_sees_jaydens_assessments_with_due_dates_and_time_left(
    as_alice: Client, jayden: Child, alice: User
) -> None:
    start(jayden, alice, starts_on=date(2026, 11, 2))
    response = as_alice.get(url(jayden))
    assert response.status_code == 200
    text = html(response)
    assert "Child and family assessment" in text and "7 Jan 2027" in text
    assert "On track" in text and "30 working days left" in text and "In progress" in text
    assert AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.VIEW, object_type="assessments").exists()


def test_an_overdue_assessment_says_how_late_it_is(as_alice: Client, jayden: Child, alice: User) -> None:
    start(jayden, alice, starts_on=date(2026, 9, 1))  # due 3 Nov 2026
    text = html(as_alice.get(url(jayden)))
    assert "Overdue" in text and "14 working days overdue" in text


def test_the_list_query_count_does_not_grow_with_assessments(
    as_alice: Client, jayden: Child, alice: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        Assessment.objects.create(
            child=jayden,
            kind="early_help",
            starts_on=date(2025, 1, 1 + n),
            due_on=date(2025, 3, 1),
            status="authorised",
            authorised_on=date(2025, 2, 1),
            authorised_by=alice,
            created_by=alice,
            created_at=jayden.created_at,
        )
    with django_assert_max_num_queries(8):
        response = as_alice.get(url(jayden))
    assert html(response).count("Early help assessment<span") == 20


def test_alice_starts_an_assessment(as_alice: Client, jayden: Child) -> None:
    data = {"kind": "child_and_family", **date_fields("starts_on", date(2026, 11, 2))}
    response = as_alice.post(url(jayden, "new/"), data)
    assessment = Assessment.objects.get(child=jayden)
    assert response.status_code == 302 and response["Location"] == page(assessment)
    assert assessment.due_on == date(2027, 1, 7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "child_and_family", **date_fields("starts_on", date(2026, 11, 24))},
            "Start date must be today or in the past",
        ),
        ({**date_fields("starts_on", TODAY)}, "Select which assessment to start"),
        (
            {"kind": "child_and_family", "starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2026"},
            "Start date must be a real date",
        ),
    ],
)
def test_starting_with_bad_input_says_what_to_fix(
    as_alice: Client, jayden: Child, data: dict[str, Any], message: str
) -> None:
    response = as_alice.post(url(jayden, "new/"), data)
    assert response.status_code == 400
    assert message in html(response) and "There is a problem" in html(response)
    assert not Assessment.objects.exists()


def test_a_second_open_assessment_of_the_same_kind_is_refused(as_alice: Client, jayden: Child, alice: User) -> None:
    start(jayden, alice)
    response = as_alice.post(url(jayden, "new/"), {"kind": "child_and_family", **date_fields("starts_on", TODAY)})
    assert response.status_code == 400
    assert "Jay already has a child and family assessment that is not yet authorised" in html(response)


# --- The assessment page and its mapping --------------------------------------------------------------


def test_the_assessment_page_shows_the_mapping_in_the_councils_words(
    as_alice: Client, jayden: Child, alice: User
) -> None:
    assessment = start(jayden, alice)
    add_danger_with_goal(assessment, alice)
    text = html(as_alice.get(page(assessment)))
    for words in ("What are we worried about?", "What's working well?", "What needs to happen?", "Danger statements"):
        assert words in text
    assert "Jay will keep missing school" in text and "Jay goes to school every day" in text
    with override_settings(KITH_PRACTICE_LABELS={"worried": "What worries us?", "danger_plural": "Worry statements"}):
        text = html(as_alice.get(page(assessment)))
    assert "What worries us?" in text and "Worry statements" in text and "What are we worried about?" not in text


def test_the_page_query_count_does_not_grow_with_the_mapping(
    as_alice: Client, jayden: Child, alice: User, django_assert_max_num_queries: Any
) -> None:
    assessment = start(jayden, alice)
    for n in range(8):
        add_danger_with_goal(assessment, alice)
        do_add_statement(assessment=assessment, kind="harm", fields={"text": f"Harm {n}"}, by=alice)
        do_add_statement(
            assessment=assessment,
            kind="next_step",
            fields={"what": f"Step {n}", "owner": "Nan", "due_on": TODAY},
            by=alice,
        )
        do_record_assessment_scaling(
            assessment=assessment, asked_on=TODAY, who="agency", name=f"Agency {n}", score=n, reason="", by=alice
        )
    with django_assert_max_num_queries(20):
        response = as_alice.get(page(assessment))
    assert response.status_code == 200 and html(response).count("Harm ") >= 8


def test_alice_adds_a_harm_statement_in_place_with_htmx(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    response = as_alice.post(
        page(assessment, "mapping/harm/add/"),
        {"harm-text": "Jay missed 9 days of school"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert response.status_code == 200
    assert "Jay missed 9 days of school" in html(response) and "Added to the mapping" in html(response)
    assert HarmStatement.objects.get(assessment=assessment).created_by == alice


def test_a_next_step_without_an_owner_says_enter_who_will_do_this(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    data = {"next_step-what": "Family network meeting", "next_step-owner": "", **date_fields("next_step-due_on", TODAY)}
    response = as_alice.post(page(assessment, "mapping/next_step/add/"), data)
    assert response.status_code == 400 and "Enter who will do this" in html(response)
    htmx = as_alice.post(page(assessment, "mapping/next_step/add/"), data, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "Enter who will do this" in html(htmx)  # htmx swaps only 2xx
    assert not NextStep.objects.exists()


def test_a_goal_needs_its_danger_statement(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    response = as_alice.post(page(assessment, "mapping/goal/add/"), {"goal-danger": "", "goal-text": "Safe"})
    assert response.status_code == 400 and "Select the danger statement this goal answers" in html(response)
    danger = add_danger_with_goal(assessment, alice)
    response = as_alice.post(page(assessment, "mapping/goal/add/"), {"goal-danger": danger.pk, "goal-text": "Calm"})
    assert response.status_code == 302
    assert list(SafetyGoal.objects.filter(danger=danger).values_list("text", flat=True))[-1] == "Calm"


def test_alice_removes_a_statement_and_a_danger_with_goals_stays(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    danger = add_danger_with_goal(assessment, alice)
    refused = as_alice.post(page(assessment, f"mapping/danger/{danger.pk}/remove/"))
    assert refused.status_code == 409 and "Remove the goals paired with this danger statement first" in html(refused)
    goal = SafetyGoal.objects.get(danger=danger)
    assert as_alice.post(page(assessment, f"mapping/goal/{goal.pk}/remove/")).status_code == 302
    assert as_alice.post(page(assessment, f"mapping/danger/{danger.pk}/remove/")).status_code == 302
    assert DangerStatement.objects.current().count() == 0
    assert "Jay will keep missing school" not in html(as_alice.get(page(assessment)))


def test_an_unknown_kind_of_statement_is_not_found(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    assert as_alice.post(page(assessment, "mapping/worry/add/"), {}).status_code == 404


def test_next_steps_are_marked_done(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    step = do_add_statement(
        assessment=assessment, kind="next_step", fields={"what": "Meet", "owner": "Nan", "due_on": TODAY}, by=alice
    )
    assert as_alice.post(page(assessment, f"next-steps/{step.pk}/done/"), {"done": "yes"}).status_code == 302
    assert NextStep.objects.get(pk=step.pk).done_on == TODAY


# --- Sections, factors, scaling ----------------------------------------------------------------------------


def test_alice_writes_the_assessment_and_a_stale_form_is_a_conflict(
    as_alice: Client, jayden: Child, alice: User
) -> None:
    assessment = start(jayden, alice)
    assert as_alice.get(page(assessment, "change/")).status_code == 200
    data = {
        "child_development": "Meeting milestones",
        "parenting_capacity": "Warm",
        "family_environment": "Small flat",
        "analysis": "Loved; mornings are hard",
        "decision": "Child in need plan",
        "recommendation": "Family network meeting",
        "version": 1,
    }
    assert as_alice.post(page(assessment, "change/"), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.analysis == "Loved; mornings are hard"
    stale = as_alice.post(page(assessment, "change/"), {**data, "analysis": "Other"})
    assert stale.status_code == 409 and "Someone else changed this assessment" in html(stale)


def test_factors_are_chosen_in_groups_and_checked(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    text = html(as_alice.get(page(assessment, "factors/")))
    assert "Alcohol misuse" in text and "Abuse or neglect" in text and "24A: Child criminal exploitation" in text
    bad = as_alice.post(page(assessment, "factors/"), {"group_0": ["1B"], "group_9": ["21"], "version": 1})
    assert bad.status_code == 400 and "Select either 'No factors identified'" in html(bad)
    good = as_alice.post(page(assessment, "factors/"), {"group_0": ["1B"], "group_6": ["16A"], "version": 1})
    assert good.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).factors == ["1B", "16A"]
    assert "1B" in html(as_alice.get(page(assessment)))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"score": "11"}, "Score must be a number from 0 to 10"),
        ({"score": ""}, "Select a score from 0 to 10"),
        ({"name": ""}, "Enter the name of the person or agency asked"),
        (date_fields("asked_on", date(2026, 11, 24)), "Date asked must be today or in the past"),
        (
            date_fields("asked_on", date(2026, 10, 1)),
            "Date asked must be the same as or after the start of the assessment",
        ),
    ],
)
def test_scaling_with_bad_input_says_what_to_fix(
    as_alice: Client, jayden: Child, alice: User, changes: dict[str, Any], message: str
) -> None:
    assessment = start(jayden, alice)
    data = {**date_fields("asked_on", TODAY), "who": "child", "name": "Jay", "score": "6", "reason": "", **changes}
    response = as_alice.post(page(assessment, "scaling/"), data)
    assert response.status_code == 400 and message in html(response)
    assert not ScalingScore.objects.exists()


def test_scaling_is_recorded_and_shown_over_time_per_person(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    form = html(as_alice.get(page(assessment, "scaling/")))
    assert "where are things now?" in form and 'value="10"' in form
    for asked_on, score in ((date(2026, 11, 3), 4), (TODAY, 7)):
        data = {**date_fields("asked_on", asked_on), "who": "child", "name": "Jay", "score": score, "reason": "Better"}
        assert as_alice.post(page(assessment, "scaling/"), data).status_code == 302
    data = {**date_fields("asked_on", TODAY), "who": "agency", "name": "School", "score": 5, "reason": "Attendance"}
    as_alice.post(page(assessment, "scaling/"), data)
    text = html(as_alice.get(page(assessment)))
    assert "4 on 3 Nov, then 7 on 23 Nov" in text and "School" in text


# --- Submission and a manager's decision --------------------------------------------------------------------


def test_submitting_lists_what_is_missing_first(as_alice: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    response = as_alice.get(page(assessment, "submit/"))
    text = html(response)
    assert "Before you can send it" in text and "Error:" not in text
    assert "Enter your analysis" in text and "Record at least one person's scaling" in text
    post = as_alice.post(page(assessment, "submit/"), {**date_fields("completed_on", TODAY), "version": 1})
    assert post.status_code == 400
    assert "The assessment is not ready to send yet" in html(post) and "<title>Error:" in html(post)
    assert Assessment.objects.get(pk=assessment.pk).status == "in_progress"


def test_alice_submits_and_a_completion_before_the_start_is_refused(
    as_alice: Client, jayden: Child, alice: User
) -> None:
    assessment = make_ready(start(jayden, alice, starts_on=date(2026, 11, 2)), alice)
    data = {**date_fields("completed_on", date(2026, 11, 1)), "version": assessment.version}
    response = as_alice.post(page(assessment, "submit/"), data)
    assert response.status_code == 400 and "Date completed must be the same as or after the start date" in html(
        response
    )
    data = {**date_fields("completed_on", TODAY), "version": assessment.version}
    assert as_alice.post(page(assessment, "submit/"), data).status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
    text = html(as_alice.get(page(assessment)))
    assert "Waiting for a manager's decision" in text and "Send to a manager" not in text


def test_only_a_manager_reaches_the_decision_page(as_alice: Client, as_bob: Client, jayden: Child, alice: User) -> None:
    assessment = submitted(jayden, alice)
    assert as_alice.get(page(assessment, "decision/")).status_code == 403
    response = as_bob.get(page(assessment, "decision/"))
    assert response.status_code == 200
    text = html(response)
    assert "Authorise or return the assessment" in text and "Jay will keep missing school" in text
    assert "Authorise or return" in html(as_bob.get(page(assessment)))


def test_bob_must_give_a_reason_then_authorises(as_bob: Client, jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    response = as_bob.post(
        page(assessment, "decision/"), {"outcome": "authorised", "rationale": " ", "version": assessment.version}
    )
    assert response.status_code == 400 and "Enter the reason for your decision" in html(response)
    response = as_bob.post(
        page(assessment, "decision/"),
        {"outcome": "authorised", "rationale": "Sound analysis", "version": assessment.version},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "authorised" and assessment.authorised_by == bob
    assert "Sound analysis" in html(as_bob.get(page(assessment)))


def test_the_second_manager_to_decide_is_told_who_decided_first(
    as_bob: Client, jayden: Child, alice: User, bob: User
) -> None:
    brenda = make_user("brenda", Role.TEAM_MANAGER, bob.team, "Brenda", "Boateng")
    assessment = submitted(jayden, alice)
    version = assessment.version
    as_bob.post(page(assessment, "decision/"), {"outcome": "authorised", "rationale": "Agreed", "version": version})
    late = signed_in(brenda).post(
        page(assessment, "decision/"), {"outcome": "returned", "rationale": "More work", "version": version}
    )
    assert late.status_code == 409
    assert "Bob Baker authorised this assessment at" in html(late)
    assert Assessment.objects.get(pk=assessment.pk).status == "authorised"


def test_a_returned_assessment_shows_the_managers_reason(
    as_alice: Client, as_bob: Client, jayden: Child, alice: User
) -> None:
    assessment = submitted(jayden, alice)
    data = {"outcome": "returned", "rationale": "Ask Jay what he thinks", "version": assessment.version}
    assert as_bob.post(page(assessment, "decision/"), data).status_code == 302
    text = html(as_alice.get(page(assessment)))
    assert "Returned for more work by Bob Baker" in text and "Ask Jay what he thinks" in text


def test_an_authorised_assessment_cannot_be_edited(as_alice: Client, jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    do_authorise_assessment(assessment=assessment, rationale="Agreed", expected_version=assessment.version, by=bob)
    for rest in ("change/", "factors/", "scaling/", "submit/"):
        response = as_alice.get(page(assessment, rest))
        assert response.status_code == 409, rest
        assert "This assessment has been authorised and cannot be changed" in html(response)
    response = as_alice.post(page(assessment, "mapping/harm/add/"), {"harm-text": "More"})
    assert response.status_code == 400 and "has been authorised and cannot be changed" in html(response)
    text = html(as_alice.get(page(assessment)))
    assert "Add: harm" not in text and "Remove" not in text


# --- Who may see and change ----------------------------------------------------------------------------------


def test_charlie_in_another_team_gets_not_found(as_charlie: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    for path in (url(jayden), url(jayden, "new/"), page(assessment), page(assessment, "change/")):
        assert as_charlie.get(path).status_code == 404, path
    assert as_charlie.post(page(assessment, "mapping/harm/add/"), {"harm-text": "x"}).status_code == 404


def test_an_assessment_of_another_child_is_not_found(as_alice: Client, jayden: Child, mia: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    assert as_alice.get(f"/children/{mia.pk}/assessments/{assessment.pk}/").status_code == 404


def test_dana_reads_after_giving_a_reason_but_cannot_change(as_dana: Client, jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    response = as_dana.get(page(assessment))
    assert response.status_code == 302 and "/reason/" in response["Location"]
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School safeguarding lead preparing for the meeting"})
    assert as_dana.get(url(jayden)).status_code == 200
    text = html(as_dana.get(page(assessment)))
    assert "What are we worried about?" in text and "Add: harm" not in text and "Start an assessment" not in text
    assert as_dana.post(page(assessment, "mapping/harm/add/"), {"harm-text": "x"}).status_code == 403
    assert as_dana.get(page(assessment, "change/")).status_code == 403
    assert as_dana.get(url(jayden, "new/")).status_code == 403
    assert as_dana.get(page(assessment, "decision/")).status_code == 403
    assert not HarmStatement.objects.exists()
