"""Plan actions: starting, goals, actions, the safety plan, reviews and closing; every change kept
as a version in the same transaction; stale versions and bad input refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from kith.assessments.models import ScalingScore
from kith.core.models import AuditEvent, User
from kith.people.actions import EditConflict
from kith.people.models import Child, NetworkMember
from kith.plans.actions import (
    AttendeeInput,
    PlanRefused,
    ProgressInput,
    SafetyRoleInput,
    ScalingInput,
    do_add_plan_action,
    do_add_plan_goal,
    do_change_action_status,
    do_change_plan_action,
    do_change_plan_goal,
    do_change_safety_plan,
    do_close_plan,
    do_record_plan_action,
    do_record_plan_review,
    do_start_plan,
)
from kith.plans.models import Plan, PlanAction, PlanReview, PlanVersion, current_plan

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def plan(jayden: Child, alice: User) -> Plan:
    return do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 1), by=alice)


def versions(plan: Plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).order_by("number"))


def review_of(plan: Plan, by: User, **changes: object) -> PlanReview:
    fields: dict[str, object] = {
        "plan": plan,
        "held_on": date(2026, 11, 20),
        "next_review_on": date(2027, 2, 20),
        "summary": "Mornings are calmer",
        "attendees": [
            AttendeeInput("Jayden Smith", "child", False, "Jay wrote a letter"),
            AttendeeInput("Chloé Smith", "parent_carer", True),
            AttendeeInput("Alice Ahmed", "practitioner", True),
        ],
        "action_progress": [],
        "goal_progress": [],
        "scaling": [
            ScalingInput("child", "Jayden Smith", 6, "Mum is not shouting as much"),
            ScalingInput("parent_carer", "Chloé Smith", 7, "The routines help"),
        ],
        "expected_version": plan.version,
        "by": by,
    }
    fields.update(changes)
    return do_record_plan_review(**fields)  # type: ignore[arg-type]


def test_starting_a_plan_keeps_version_1_with_its_first_review_due(plan: Plan, jayden: Child) -> None:
    assert plan.version == 1
    assert plan.next_review_on == date(2026, 12, 1)  # child in need: 3 months
    (first,) = versions(plan)
    assert first.number == 1 and first.kind == "started"
    assert first.snapshot["plan"]["kind"] == "child_in_need"
    assert first.snapshot["goals"] == [] and first.snapshot["actions"] == []
    assert current_plan(jayden) == plan
    assert AuditEvent.objects.filter(child_id=jayden.pk, object_type="plan", object_id=plan.pk).exists()


def test_a_second_open_plan_is_refused_by_the_action_and_the_database(plan: Plan, jayden: Child, alice: User) -> None:
    with pytest.raises(PlanRefused) as refused:
        do_start_plan(child=jayden, kind="child_protection", starts_on=TODAY, by=alice, category_of_abuse="NEG")
    assert refused.value.field == "kind"
    assert "already has an open plan" in refused.value.message
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            child=jayden, kind="early_help", starts_on=TODAY, started_by=alice, created_at=plan.created_at
        )


def test_a_child_protection_plan_needs_its_category_of_abuse(jayden: Child, alice: User) -> None:
    with pytest.raises(PlanRefused, match="Select the category of abuse"):
        do_start_plan(child=jayden, kind="child_protection", starts_on=TODAY, by=alice)
    plan = do_start_plan(child=jayden, kind="child_protection", starts_on=TODAY, by=alice, category_of_abuse="EMO")
    assert plan.category_of_abuse == "EMO"
    assert plan.next_review_on == date(2027, 2, 23)  # first review conference in 3 months
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(category_of_abuse="")


def test_meetings_add_actions_to_the_current_plan_through_the_public_action(
    plan: Plan, jayden: Child, alice: User
) -> None:
    found = current_plan(jayden)
    assert found is not None
    action = do_add_plan_action(
        plan=found,
        what="Take Jay to the dentist",
        owner_kind="family_member",
        owner_name="Chloé Smith",
        by_date=date(2026, 11, 16),  # agreed at a meeting recorded late: already overdue, allowed
        by=alice,
        source="Core group, 10 November 2026",
        source_meeting_id=42,
    )
    assert isinstance(action, PlanAction)
    assert action.status == "not_started" and action.source_meeting_id == 42
    assert found.version == 2
    latest = versions(plan)[-1]
    assert latest.number == 2 and latest.kind == "changed"
    assert latest.snapshot["actions"][0]["what"] == "Take Jay to the dentist"
    assert latest.snapshot["actions"][0]["source_meeting_id"] == 42


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"owner_name": ""}, "owner_name", "Enter who will do this"),
        ({"by_date": None}, "by_date", "Enter the date this will be done by"),
        ({"what": " "}, "what", "Enter what will be done"),
        ({"owner_kind": "nobody"}, "owner_kind", "Select who will do this"),
        ({"by_date": date(2026, 8, 1)}, "by_date", "on or after the plan started"),
    ],
)
def test_an_action_with_no_owner_or_date_is_refused(
    plan: Plan, alice: User, changes: dict[str, object], field: str, message: str
) -> None:
    fields: dict[str, object] = {
        "plan": plan,
        "what": "Walk Jay to school",
        "owner_kind": "family_member",
        "owner_name": "Chloé Smith",
        "by_date": date(2026, 12, 1),
        "by": alice,
    }
    with pytest.raises(PlanRefused) as refused:
        do_add_plan_action(**{**fields, **changes})  # type: ignore[arg-type]
    assert isinstance(refused.value, ValueError)
    assert refused.value.field == field and message in refused.value.message
    assert not PlanAction.objects.exists()
    assert len(versions(plan)) == 1


def test_every_change_writes_one_version_with_the_whole_plan(plan: Plan, alice: User) -> None:
    goal = do_add_plan_goal(plan=plan, words="Get to school on time", whose_words="Chloé (mum)", by=alice)
    action = do_add_plan_action(
        plan=plan,
        what="Walk Jay to school",
        owner_kind="family_member",
        owner_name="Chloé Smith",
        by_date=date(2026, 12, 1),
        goal=goal,
        by=alice,
    )
    do_change_plan_goal(
        goal=goal,
        words="Get to school on time every day",
        whose_words="Chloé (mum)",
        status="working",
        expected_version=plan.version,
        by=alice,
    )
    do_change_action_status(action=action, status="done", expected_version=plan.version, by=alice)
    do_change_safety_plan(
        plan=plan,
        safety_rules=["Jay is never left alone with Dean", " "],
        network=[SafetyRoleInput(part="Checks in each evening", name="Aunt Grace")],
        triggers=["Jay misses school"],
        fallbacks=["Jay stays with Aunt Grace"],
        expected_version=plan.version,
        by=alice,
    )
    kept = versions(plan)
    assert [v.number for v in kept] == [1, 2, 3, 4, 5, 6]
    assert [v.kind for v in kept] == ["started", "changed", "changed", "changed", "action_done", "changed"]
    assert plan.version == 6
    assert kept[1].snapshot["goals"][0]["words"] == "Get to school on time"
    assert kept[3].snapshot["goals"][0]["words"] == "Get to school on time every day"
    assert kept[3].snapshot["actions"][0]["status"] == "not_started"
    assert kept[4].snapshot["actions"][0]["status"] == "done"
    assert kept[4].snapshot["actions"][0]["done_on"] == "2026-11-23"
    assert kept[5].snapshot["safety"] == {
        "rules": ["Jay is never left alone with Dean"],
        "network": [{"network_member_id": None, "name": "Aunt Grace", "part": "Checks in each evening"}],
        "triggers": ["Jay misses school"],
        "fallbacks": ["Jay stays with Aunt Grace"],
    }
    assert "Safety plan changed: 1 rule, 1 person in the network" in kept[5].what_changed


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(plan: Plan, alice: User, bob: User) -> None:
    goal = do_add_plan_goal(plan=plan, words="Feel safe at home", whose_words="Jay", by=alice)
    seen = plan.version
    do_change_plan_goal(
        goal=goal, words="Feel safe at home", whose_words="Jay", status="achieved", expected_version=seen, by=bob
    )
    with pytest.raises(EditConflict):
        do_change_plan_goal(
            goal=goal, words="Feel safe", whose_words="Jay", status="working", expected_version=seen, by=alice
        )
    goal.refresh_from_db()
    assert goal.words == "Feel safe at home" and goal.status == "achieved"
    assert len(versions(plan)) == 3


def test_recording_history_an_action_already_done_keeps_its_date(plan: Plan, alice: User) -> None:
    action = do_record_plan_action(
        plan=plan,
        what="Register with the GP",
        owner_kind="family_member",
        owner_name="Chloé Smith",
        by_date=date(2026, 10, 1),
        status="done",
        by=alice,
    )
    assert action.done_on == date(2026, 10, 1)
    assert versions(plan)[-1].kind == "changed"


def test_changing_an_action_to_done_is_an_action_done_version(plan: Plan, alice: User) -> None:
    action = do_add_plan_action(
        plan=plan, what="Fix the damp", owner_kind="agency", owner_name="Housing", by_date=date(2026, 12, 1), by=alice
    )
    do_change_plan_action(
        action=action,
        what="Fix the damp in Jay's room",
        owner_kind="agency",
        owner_name="Housing team",
        by_date=date(2026, 12, 1),
        status="done",
        expected_version=plan.version,
        by=alice,
    )
    assert action.done_on == TODAY and action.owner_name == "Housing team"
    assert versions(plan)[-1].kind == "action_done"


def test_a_review_records_attendees_progress_scaling_and_the_next_review_in_one_version(
    plan: Plan, alice: User, jayden: Child
) -> None:
    goal = do_add_plan_goal(plan=plan, words="Get to school on time", whose_words="Chloé", by=alice)
    action = do_add_plan_action(
        plan=plan, what="Walk Jay", owner_kind="family_member", owner_name="Chloé", by_date=date(2026, 11, 1), by=alice
    )
    review = review_of(
        plan,
        alice,
        action_progress=[ProgressInput(action.pk, "done", "Every day this month")],
        goal_progress=[ProgressInput(goal.pk, "achieved", "")],
    )
    assert [a.name for a in review.attendees.all()] == ["Jayden Smith", "Chloé Smith", "Alice Ahmed"]
    assert review.attendees.get(role="child").views_brought_by == "Jay wrote a letter"
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.status == "done" and action.done_on == date(2026, 11, 20)
    assert goal.status == "achieved"
    scores = ScalingScore.objects.filter(child=jayden, context="plan_review", context_id=review.pk)
    assert sorted(scores.values_list("score", flat=True)) == [6, 7]
    assert all(s.asked_on == date(2026, 11, 20) for s in scores)
    plan.refresh_from_db()
    assert plan.next_review_on == date(2027, 2, 20)
    latest = versions(plan)[-1]
    assert latest.kind == "review" and latest.number == plan.version == 4
    assert latest.snapshot["plan"]["next_review_on"] == "2027-02-20"
    assert latest.snapshot["actions"][0]["status"] == "done"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"next_review_on": date(2026, 11, 19)}, "next_review_on", "must be after the date of the review"),
        ({"next_review_on": None}, "next_review_on", "Enter the date of the next review"),
        ({"held_on": date(2026, 11, 24)}, "held_on", "must be today or in the past"),
        ({"attendees": []}, "attendees", "Enter who was invited to the review"),
        (
            {"attendees": [AttendeeInput("Jayden Smith", "child", False, "")]},
            "attendees",
            "Enter how the child's views were brought to the review",
        ),
        ({"scaling": [ScalingInput("child", "Jay", 11)]}, "scaling", "Score must be a number from 0 to 10"),
        ({"action_progress": [ProgressInput(999_999, "done")]}, "actions", "Select where each action"),
    ],
)
def test_bad_reviews_are_refused_and_leave_nothing_behind(
    plan: Plan, alice: User, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(PlanRefused) as refused:
        review_of(plan, alice, **changes)
    assert refused.value.field == field and message in refused.value.message
    assert not PlanReview.objects.exists() and not ScalingScore.objects.exists()
    assert len(versions(plan)) == 1


def test_a_closed_plan_cannot_be_reviewed_or_changed(plan: Plan, alice: User, jayden: Child) -> None:
    goal = do_add_plan_goal(plan=plan, words="Feel safe", whose_words="Jay", by=alice)
    do_close_plan(
        plan=plan, ends_on=TODAY, reason="Goals met; the family agree", expected_version=plan.version, by=alice
    )
    assert plan.ends_on == TODAY and current_plan(jayden) is None
    assert versions(plan)[-1].kind == "closed"
    with pytest.raises(PlanRefused, match="You cannot review a closed plan"):
        review_of(plan, alice)
    with pytest.raises(PlanRefused, match="You cannot change a closed plan"):
        do_add_plan_action(
            plan=plan, what="More", owner_kind="agency", owner_name="School", by_date=date(2026, 12, 1), by=alice
        )
    with pytest.raises(PlanRefused, match="You cannot change a closed plan"):
        do_add_plan_goal(plan=plan, words="More", whose_words="Jay", by=alice)
    with pytest.raises(PlanRefused, match="already closed"):
        do_close_plan(plan=plan, ends_on=TODAY, reason="Again", expected_version=plan.version, by=alice)
    goal.refresh_from_db()
    with pytest.raises(PlanRefused, match="You cannot change a closed plan"):
        do_change_plan_goal(
            goal=goal, words="x", whose_words="Jay", status="working", expected_version=plan.version, by=alice
        )
    # The child may now start a new plan.
    again = do_start_plan(child=jayden, kind="child_protection", starts_on=TODAY, by=alice, category_of_abuse="NEG")
    assert current_plan(jayden) == again


def test_a_plan_closed_by_someone_else_meanwhile_is_refused_as_closed(plan: Plan, alice: User, bob: User) -> None:
    stale = Plan.objects.get(pk=plan.pk)
    do_close_plan(plan=plan, ends_on=TODAY, reason="Moved away", expected_version=plan.version, by=bob)
    with pytest.raises(PlanRefused, match="You cannot review a closed plan"):
        review_of(stale, alice)


def test_the_safety_network_takes_members_of_this_childs_network_only(
    plan: Plan, alice: User, jayden: Child, mia: Child
) -> None:
    grace = NetworkMember.objects.create(child=jayden, description="Aunt Grace", starts_on=TODAY)
    elsewhere = NetworkMember.objects.create(child=mia, description="Someone else's aunt", starts_on=TODAY)
    do_change_safety_plan(
        plan=plan,
        safety_rules=[],
        network=[SafetyRoleInput(part="Has Jay to stay", network_member=grace)],
        triggers=[],
        fallbacks=[],
        expected_version=plan.version,
        by=alice,
    )
    assert plan.safety_network.get().name == "Aunt Grace"
    with pytest.raises(PlanRefused, match="this child's network"):
        do_change_safety_plan(
            plan=plan,
            safety_rules=[],
            network=[SafetyRoleInput(part="Has Jay to stay", network_member=elsewhere)],
            triggers=[],
            fallbacks=[],
            expected_version=plan.version,
            by=alice,
        )


def test_a_care_plan_counts_its_first_review_from_coming_into_care(alice: User) -> None:
    from kith.conftest import make_child, open_child

    child = open_child(make_child("Leo", "Brown", "KT000009", alice), alice, stage="lac", on=date(2026, 11, 2))
    plan = do_start_plan(child=child, kind="care_plan", starts_on=date(2026, 11, 9), by=alice)
    assert plan.next_review_on == date(2026, 11, 30)  # 20 working days from 2 November


def test_two_people_starting_a_plan_at_once_one_wins_the_other_is_told(
    plan: Plan, jayden: Child, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's check ran before Alice's plan was saved, so only the database can refuse him."""
    monkeypatch.setattr("kith.plans.rules.start_problem", lambda **_: None)
    with pytest.raises(PlanRefused) as refused:
        do_start_plan(child=jayden, kind="early_help", starts_on=TODAY, by=bob)
    assert refused.value.field == "kind" and "already has an open plan" in refused.value.message
    assert Plan.objects.filter(child=jayden).count() == 1
    assert PlanVersion.objects.filter(plan__child=jayden).count() == 1
