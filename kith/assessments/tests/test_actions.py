"""Assessment actions: starting, changing, the mapping, scaling, submission and a manager's
decision, with every refusal the issue lists."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from kith.assessments.actions import (
    AlreadyDecided,
    AssessmentRefused,
    EditConflict,
    ScalingRefused,
    do_add_statement,
    do_authorise_assessment,
    do_change_assessment,
    do_decide_assessment,
    do_mark_next_step_done,
    do_record_assessment_scaling,
    do_remove_statement,
    do_return_assessment,
    do_submit_assessment,
)
from kith.assessments.demo import seed_assessments
from kith.assessments.models import (
    Assessment,
    DangerStatement,
    HarmStatement,
    NextStep,
    SafetyGoal,
    ScalingScore,
    StatusChange,
)
from kith.assessments.records import assessment_summary, latest_authorised_assessment
from kith.assessments.tests.helpers import TODAY, add_danger_with_goal, make_ready, start, submitted
from kith.conftest import make_child, make_user, open_child
from kith.core.models import AuditAction, AuditEvent, Role, User
from kith.journey.models import Episode
from kith.people.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def brenda(bob: User) -> User:
    """A second manager in Riverside: Bob's deputy."""
    assert bob.team is not None
    return make_user("brenda", Role.TEAM_MANAGER, bob.team, "Brenda", "Boateng")


def test_starting_a_child_and_family_assessment_sets_its_due_date_and_stage(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice, starts_on=date(2026, 11, 2))
    assert assessment.status == "in_progress" and assessment.version == 1
    assert assessment.due_on == date(2027, 1, 7)  # 45 working days, Christmas and New Year not counted
    assert assessment.episode == Episode.objects.get(child=jayden, stage="cin")
    event = AuditEvent.objects.filter(child_id=jayden.pk, object_type="assessment").latest("id")
    assert event.action == AuditAction.CREATE and event.user == alice


@override_settings(KITH_TIMESCALES={"early_help_assessment_working_days": 30})
def test_early_help_uses_the_councils_own_timescale(jayden: Child, alice: User) -> None:
    from kith.core.timescales import timescales

    timescales.cache_clear()
    try:
        assessment = start(jayden, alice, kind="early_help", starts_on=date(2026, 11, 2))
    finally:
        timescales.cache_clear()
    assert assessment.due_on == date(2026, 12, 14)


def test_a_start_date_in_the_future_is_refused(jayden: Child, alice: User) -> None:
    with pytest.raises(AssessmentRefused) as refused:
        start(jayden, alice, starts_on=date(2026, 11, 24))
    assert (refused.value.field, refused.value.message) == ("starts_on", "Start date must be today or in the past")


def test_one_open_assessment_of_each_kind(jayden: Child, alice: User) -> None:
    start(jayden, alice)
    with pytest.raises(AssessmentRefused, match="Jay already has a child and family assessment"):
        start(jayden, alice)
    start(jayden, alice, kind="early_help")  # the other kind may run alongside


def test_changes_are_saved_unless_someone_else_changed_it_first(jayden: Child, alice: User, bob: User) -> None:
    assessment = start(jayden, alice)
    stale = Assessment.objects.get(pk=assessment.pk)
    do_change_assessment(assessment=assessment, changes={"analysis": "Alice's view"}, expected_version=1, by=alice)
    with pytest.raises(EditConflict):
        do_change_assessment(assessment=stale, changes={"analysis": "Bob's view"}, expected_version=1, by=bob)
    assessment.refresh_from_db()
    assert assessment.analysis == "Alice's view" and assessment.version == 2
    event = AuditEvent.objects.filter(object_type="assessment", action=AuditAction.UPDATE).latest("id")
    assert event.detail == {"changed": ["analysis"]}


def test_factors_are_checked_and_kept_in_the_dfe_order(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    assessment = do_change_assessment(
        assessment=assessment, changes={"factors": ["16A", "4B", "1B"]}, expected_version=1, by=alice
    )
    assert assessment.factors == ["1B", "4B", "16A"]
    with pytest.raises(AssessmentRefused, match="'No factors identified' or the factors identified"):
        do_change_assessment(assessment=assessment, changes={"factors": ["21", "1B"]}, expected_version=2, by=alice)
    with pytest.raises(AssessmentRefused, match="RB is not one"):
        do_change_assessment(assessment=assessment, changes={"factors": ["RB"]}, expected_version=2, by=alice)


def test_mapping_statements_are_added_and_move_the_version_on(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    harm = do_add_statement(assessment=assessment, kind="harm", fields={"text": "  Missed 9 days  "}, by=alice)
    assert isinstance(harm, HarmStatement) and harm.text == "Missed 9 days"
    add_danger_with_goal(assessment, alice)
    assessment.refresh_from_db()
    assert assessment.version == 4


def test_a_goal_must_answer_a_danger_statement_of_this_assessment(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    with pytest.raises(AssessmentRefused) as refused:
        do_add_statement(assessment=assessment, kind="goal", fields={"danger": None, "text": "Safe"}, by=alice)
    assert (refused.value.field, refused.value.message) == ("danger", "Select the danger statement this goal answers")
    other = start(open_child(make_child("Kai", "Lee", "KT000009", alice), alice), alice)
    elsewhere = add_danger_with_goal(other, alice)
    with pytest.raises(AssessmentRefused, match="Select the danger statement"):
        do_add_statement(assessment=assessment, kind="goal", fields={"danger": elsewhere, "text": "Safe"}, by=alice)
    assert not SafetyGoal.objects.filter(assessment=assessment).exists()


def test_a_next_step_without_an_owner_is_refused(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    fields = {"what": "Family network meeting", "owner": " ", "due_on": date(2026, 12, 1)}
    with pytest.raises(AssessmentRefused) as refused:
        do_add_statement(assessment=assessment, kind="next_step", fields=fields, by=alice)
    assert (refused.value.field, refused.value.message) == ("owner", "Enter who will do this")
    assert not NextStep.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database agrees
        NextStep.objects.create(
            assessment=assessment, what="x", owner="", due_on=TODAY, created_by=alice, created_at=assessment.created_at
        )


@pytest.mark.parametrize("score", [11, -1, 99])
def test_scaling_outside_0_to_10_is_refused(jayden: Child, alice: User, score: int) -> None:
    assessment = start(jayden, alice)
    with pytest.raises(ScalingRefused, match="Score must be a number from 0 to 10"):
        do_record_assessment_scaling(
            assessment=assessment, asked_on=TODAY, who="child", name="Jay", score=score, reason="", by=alice
        )
    assert not ScalingScore.objects.exists()
    assert Assessment.objects.get(pk=assessment.pk).version == 1  # nothing was changed


def test_scaling_is_kept_per_person_over_time_with_the_assessment_as_context(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    for asked_on, score in ((date(2026, 11, 3), 4), (date(2026, 11, 20), 6)):
        do_record_assessment_scaling(
            assessment=assessment, asked_on=asked_on, who="child", name="Jay", score=score, reason="", by=alice
        )
    scores = ScalingScore.objects.filter(context="assessment", context_id=assessment.pk)
    assert [s.score for s in scores] == [4, 6]
    with pytest.raises(AssessmentRefused, match="same as or after the start of the assessment"):
        do_record_assessment_scaling(
            assessment=assessment, asked_on=date(2026, 11, 1), who="child", name="Jay", score=5, reason="", by=alice
        )


def test_removing_a_statement_keeps_it_marked_removed(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    danger = add_danger_with_goal(assessment, alice)
    with pytest.raises(AssessmentRefused, match="Remove the goals paired with this danger statement first"):
        do_remove_statement(assessment=assessment, kind="danger", statement_id=danger.pk, by=alice)
    goal = SafetyGoal.objects.get(danger=danger)
    do_remove_statement(assessment=assessment, kind="goal", statement_id=goal.pk, by=alice)
    do_remove_statement(assessment=assessment, kind="danger", statement_id=danger.pk, by=alice)
    assert DangerStatement.objects.current().count() == 0
    assert DangerStatement.objects.get(pk=danger.pk).removed_by == alice


def test_next_steps_are_marked_done_and_not_done(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    fields = {"what": "Meet Nan", "owner": "Alice", "due_on": date(2026, 12, 1)}
    step = do_add_statement(assessment=assessment, kind="next_step", fields=fields, by=alice)
    assert do_mark_next_step_done(assessment=assessment, step_id=step.pk, done_on=TODAY, by=alice).is_done
    assert not do_mark_next_step_done(assessment=assessment, step_id=step.pk, done_on=None, by=alice).is_done


def test_submitting_needs_the_analysis_decision_scaling_factors_and_goals(jayden: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    with pytest.raises(AssessmentRefused, match="Enter your analysis"):
        do_submit_assessment(assessment=assessment, completed_on=TODAY, expected_version=1, by=alice)
    assessment = make_ready(assessment, alice)
    assessment = do_submit_assessment(
        assessment=assessment, completed_on=TODAY, expected_version=assessment.version, by=alice
    )
    assert assessment.status == "submitted" and assessment.completed_on == TODAY
    assert [c.status for c in StatusChange.objects.filter(assessment=assessment)] == ["submitted"]


def test_a_completion_date_before_the_start_is_refused(jayden: Child, alice: User) -> None:
    assessment = make_ready(start(jayden, alice, starts_on=date(2026, 11, 2)), alice)
    with pytest.raises(AssessmentRefused) as refused:
        do_submit_assessment(
            assessment=assessment, completed_on=date(2026, 11, 1), expected_version=assessment.version, by=alice
        )
    assert refused.value.message == "Date completed must be the same as or after the start date"


def test_a_submitted_assessment_cannot_be_changed_until_returned(jayden: Child, alice: User) -> None:
    assessment = submitted(jayden, alice)
    with pytest.raises(AssessmentRefused, match="waiting for a manager's decision"):
        do_add_statement(assessment=assessment, kind="harm", fields={"text": "More"}, by=alice)
    with pytest.raises(AssessmentRefused, match="waiting for a manager's decision"):
        do_change_assessment(
            assessment=assessment, changes={"analysis": "x"}, expected_version=assessment.version, by=alice
        )


def test_authorising_needs_a_manager_and_a_rationale(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    with pytest.raises(AssessmentRefused, match="Only a team manager or service manager"):
        do_authorise_assessment(assessment=assessment, rationale="Fine", expected_version=assessment.version, by=alice)
    with pytest.raises(AssessmentRefused) as refused:
        do_authorise_assessment(assessment=assessment, rationale="  ", expected_version=assessment.version, by=bob)
    assert (refused.value.field, refused.value.message) == ("rationale", "Enter the reason for your decision")
    assessment = do_authorise_assessment(
        assessment=assessment, rationale="Sound analysis", expected_version=assessment.version, by=bob
    )
    assert assessment.status == "authorised" and assessment.authorised_by == bob
    assert assessment.authorised_on == TODAY and assessment.authorisation_rationale == "Sound analysis"


def test_an_authorised_assessment_cannot_be_changed(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    assessment = do_authorise_assessment(
        assessment=assessment, rationale="Sound", expected_version=assessment.version, by=bob
    )
    message = "This assessment has been authorised and cannot be changed"
    with pytest.raises(AssessmentRefused, match=message):
        do_change_assessment(
            assessment=assessment, changes={"decision": "x"}, expected_version=assessment.version, by=alice
        )
    with pytest.raises(AssessmentRefused, match=message):
        do_add_statement(assessment=assessment, kind="strength", fields={"text": "x"}, by=alice)
    with pytest.raises(AssessmentRefused, match=message):
        do_record_assessment_scaling(
            assessment=assessment, asked_on=TODAY, who="child", name="Jay", score=5, reason="", by=alice
        )
    step = NextStep.objects.create(
        assessment=assessment, what="x", owner="y", due_on=TODAY, created_by=alice, created_at=assessment.created_at
    )
    with pytest.raises(AssessmentRefused, match=message):
        do_mark_next_step_done(assessment=assessment, step_id=step.pk, done_on=TODAY, by=alice)


def test_a_returned_assessment_can_be_worked_on_and_sent_again(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    assessment = do_return_assessment(
        assessment=assessment, rationale="Ask Jay himself", expected_version=assessment.version, by=bob
    )
    assert assessment.status == "returned" and assessment.completed_on is None
    do_add_statement(assessment=assessment, kind="strength", fields={"text": "Jay talks to Nan"}, by=alice)
    assessment.refresh_from_db()
    assessment = do_submit_assessment(
        assessment=assessment, completed_on=TODAY, expected_version=assessment.version, by=alice
    )
    steps = list(StatusChange.objects.filter(assessment=assessment).values_list("status", "rationale"))
    assert steps == [("submitted", ""), ("returned", "Ask Jay himself"), ("submitted", "")]


def test_two_managers_deciding_at_once_one_wins_and_the_other_is_told(
    jayden: Child, alice: User, bob: User, brenda: User
) -> None:
    """Both opened the submitted assessment at the same version; Bob saves first."""
    assessment = submitted(jayden, alice)
    bobs_copy, brendas_copy = (Assessment.objects.get(pk=assessment.pk) for _ in range(2))
    do_authorise_assessment(assessment=bobs_copy, rationale="Agreed", expected_version=bobs_copy.version, by=bob)
    with pytest.raises(AlreadyDecided) as told:
        do_decide_assessment(
            assessment=brendas_copy,
            outcome="returned",
            rationale="Needs more",
            expected_version=brendas_copy.version,
            by=brenda,
        )
    assert told.value.message.startswith("Bob Baker authorised this assessment at 10:")
    assert told.value.message.endswith("on 23 November 2026. Your decision has not been saved")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.authorised_by, assessment.authorisation_rationale) == (
        "authorised",
        bob,
        "Agreed",
    )
    assert StatusChange.objects.filter(assessment=assessment).count() == 2


def test_a_decision_on_a_changed_version_is_a_conflict(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    with pytest.raises(EditConflict):
        do_authorise_assessment(
            assessment=assessment, rationale="Agreed", expected_version=assessment.version - 1, by=bob
        )


def test_the_summary_gives_what_an_explanation_needs(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    assert latest_authorised_assessment(jayden) is None
    do_authorise_assessment(assessment=assessment, rationale="Agreed", expected_version=assessment.version, by=bob)
    latest = latest_authorised_assessment(jayden)
    assert latest is not None
    summary = assessment_summary(latest)
    assert summary.is_authorised and summary.authorised_by == "Bob Baker"
    assert summary.decision == "Child in need plan" and summary.analysis.startswith("Jay is loved")
    assert summary.dangers[0].worry == "Jay will keep missing school"
    assert summary.goals == ("Jay goes to school every day, with Nan helping on hard mornings",)
    assert summary.factors[0][0] == "4B" and summary.factors[0][1].startswith("Mental health")
    assert [(s.name, s.score) for s in summary.scaling] == [("Jay", 6)]


def test_the_demo_seeds_plausible_assessments_through_the_actions(alice: User, bob: User) -> None:
    children = [open_child(make_child("Demo", f"Child{n}", f"KT9{n:05d}", alice), alice) for n in range(12)]
    made = seed_assessments(children=children, by=alice, today=TODAY, rng=random.Random(4))
    assert made == 12
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert statuses == {"in_progress", "submitted", "authorised"}
    assert ScalingScore.objects.filter(context="assessment", who="agency").exists()
    assert SafetyGoal.objects.count() == DangerStatement.objects.count()
    authorised = Assessment.objects.filter(status="authorised").count()
    # A child with an assessment still open is skipped; the others get a new one.
    assert seed_assessments(children=children, by=alice, today=TODAY, rng=random.Random(4)) == authorised
