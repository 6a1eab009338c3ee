"""Writing meetings: planning, holding, cancelling, participants, contributions, decisions and
actions flowing into the plan. Every write is refused with a clear message when it makes no
sense, audited when it is made, and a stale version is a conflict, not an overwrite."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from kith.core.models import AuditAction, AuditEvent, User
from kith.meetings.actions import (
    AttendanceRecord,
    EditConflict,
    MeetingRefused,
    NoOpenPlan,
    UploadedDocument,
    do_add_contribution,
    do_add_meeting_action,
    do_cancel_meeting,
    do_change_contribution,
    do_change_meeting,
    do_change_participant,
    do_plan_meeting,
    do_record_decision,
    do_record_meeting_held,
    do_record_sharing,
    do_send_action_to_plan,
)
from kith.meetings.codes import MeetingKind, MeetingStatus
from kith.meetings.models import AgencyContribution, ContributionDocument, Decision, Meeting
from kith.meetings.reads import meeting_summary, section_47_enquiries
from kith.meetings.tests.conftest import STRATEGY_ON, all_attended, hold
from kith.people.models import Child
from kith.plans.models import Plan, PlanAction

pytestmark = pytest.mark.django_db


# --- Planning and the order of meetings ---------------------------------------------------------


def test_a_conference_dated_before_its_strategy_discussion_is_refused(
    jayden: Child, alice: User, strategy: Meeting
) -> None:
    with pytest.raises(MeetingRefused) as refused:
        do_plan_meeting(
            child=jayden, kind=MeetingKind.INITIAL_CONFERENCE, held_on=date(2026, 10, 30), follows=strategy, by=alice
        )
    assert refused.value.field == "held_on"
    assert refused.value.message == "The conference must be on or after the strategy discussion on 2 November 2026"
    assert not Meeting.objects.filter(kind=MeetingKind.INITIAL_CONFERENCE).exists()


def test_a_core_group_before_the_initial_conference_is_refused(jayden: Child, alice: User, conference: Meeting) -> None:
    with pytest.raises(
        MeetingRefused, match="The core group must be on or after the initial conference on 20 November"
    ):
        do_plan_meeting(
            child=jayden, kind=MeetingKind.CORE_GROUP, held_on=date(2026, 11, 19), follows=conference, by=alice
        )


def test_a_meeting_about_another_child_cannot_be_followed(
    jayden: Child, mia: Child, alice: User, strategy: Meeting
) -> None:
    with pytest.raises(MeetingRefused, match="Choose a meeting about this child"):
        do_plan_meeting(
            child=mia, kind=MeetingKind.INITIAL_CONFERENCE, held_on=date(2026, 11, 20), follows=strategy, by=alice
        )


def test_moving_a_strategy_discussion_after_its_conference_is_refused(
    alice: User, strategy: Meeting, conference: Meeting
) -> None:
    with pytest.raises(MeetingRefused, match="on or before the initial conference that follows it on 20 November 2026"):
        do_change_meeting(
            meeting=strategy, changes={"held_on": date(2026, 11, 21)}, expected_version=strategy.version, by=alice
        )


def test_planning_is_audited(jayden: Child, alice: User) -> None:
    meeting = do_plan_meeting(child=jayden, kind=MeetingKind.FAMILY_NETWORK, held_on=date(2026, 11, 30), by=alice)
    event = AuditEvent.objects.get(object_type="meeting", object_id=meeting.pk)
    assert (event.action, event.user, event.child_id, event.child_team_id) == (
        AuditAction.CREATE,
        alice,
        jayden.pk,
        jayden.team_id,
    )
    assert meeting.planned_on is not None and meeting.status == MeetingStatus.PLANNED


# --- Holding -------------------------------------------------------------------------------------


def test_recording_an_initial_conference_with_attendance_and_a_plan(alice: User, conference: Meeting) -> None:
    held = do_record_meeting_held(
        meeting=conference,
        held_on=date(2026, 11, 20),
        summary="Everyone agreed Jayden needs a plan.",
        attendance=all_attended(conference),
        cp_decision="plan",
        category_of_abuse="NEG",
        expected_version=conference.version,
        by=alice,
    )
    assert (held.status, held.cp_decision, held.category_of_abuse) == ("held", "plan", "NEG")
    child = held.participants.get(role="child")
    assert (child.attendance, child.views_brought) == ("yes", "advocate")


def test_a_conference_needs_its_decision_and_category(alice: User, conference: Meeting) -> None:
    with pytest.raises(MeetingRefused) as refused:
        hold(conference, alice, cp_decision="plan")
    assert (refused.value.field, refused.value.message) == ("category_of_abuse", "Select the category of abuse")
    with pytest.raises(MeetingRefused, match="Select the conference's decision"):
        hold(conference, alice)


def test_the_childs_views_must_say_how_they_were_brought(alice: User, conference: Meeting) -> None:
    attendance = all_attended(conference)
    child = conference.participants.get(role="child")
    attendance[child.pk] = AttendanceRecord("no", "not_sought", "")
    with pytest.raises(MeetingRefused) as refused:
        do_record_meeting_held(
            meeting=conference,
            held_on=date(2026, 11, 20),
            summary="",
            attendance=attendance,
            cp_decision="no_plan",
            expected_version=conference.version,
            by=alice,
        )
    assert refused.value.message == "Enter why Jay's views were not sought"


def test_a_meeting_cannot_be_recorded_as_held_in_the_future(jayden: Child, alice: User) -> None:
    meeting = do_plan_meeting(child=jayden, kind=MeetingKind.CIN_REVIEW, held_on=date(2099, 1, 5), by=alice)
    with pytest.raises(MeetingRefused, match="The date it was held must be today or in the past"):
        hold(meeting, alice)


def test_two_people_recording_the_same_meeting_one_wins(alice: User, bob: User, conference: Meeting) -> None:
    stale = Meeting.objects.get(pk=conference.pk)
    hold(conference, alice, cp_decision="no_plan")
    with pytest.raises(EditConflict):
        do_record_meeting_held(
            meeting=stale,
            held_on=date(2026, 11, 20),
            summary="Bob's version",
            cp_decision="plan",
            category_of_abuse="EMO",
            expected_version=stale.version,
            by=bob,
        )
    assert Meeting.objects.get(pk=conference.pk).cp_decision == "no_plan"


def test_the_section_47_outcome_keeps_the_cin_census_fields(jayden: Child, alice: User, strategy: Meeting) -> None:
    outcome = do_plan_meeting(
        child=jayden, kind=MeetingKind.SECTION_47_OUTCOME, held_on=date(2026, 11, 9), follows=strategy, by=alice
    )
    with pytest.raises(MeetingRefused, match="Select the outcome of the section 47 enquiry"):
        hold(outcome, alice)
    outcome = hold(outcome, alice, s47_outcome="conference")
    assert outcome.s47_started_on == STRATEGY_ON
    assert outcome.initial_conference_target_on == date(2026, 11, 23)
    assert outcome.initial_conference_not_required is False
    conference = do_plan_meeting(
        child=jayden, kind=MeetingKind.INITIAL_CONFERENCE, held_on=date(2026, 11, 20), follows=strategy, by=alice
    )
    hold(conference, alice, cp_decision="plan", category_of_abuse="PHY")
    [enquiry] = section_47_enquiries(jayden.pk)
    assert (enquiry.started_on, enquiry.initial_conference_target_on, enquiry.initial_conference_on) == (
        STRATEGY_ON,
        date(2026, 11, 23),
        date(2026, 11, 20),
    )
    assert enquiry.initial_conference_not_required is False


def test_an_enquiry_that_finds_no_conference_is_needed(jayden: Child, alice: User, strategy: Meeting) -> None:
    outcome = do_plan_meeting(
        child=jayden, kind=MeetingKind.SECTION_47_OUTCOME, held_on=date(2026, 11, 9), follows=strategy, by=alice
    )
    hold(outcome, alice, s47_outcome="not_substantiated")
    [enquiry] = section_47_enquiries(jayden.pk)
    assert enquiry.initial_conference_not_required is True and enquiry.initial_conference_on is None


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_keeps_the_meeting(jayden: Child, alice: User) -> None:
    meeting = do_plan_meeting(child=jayden, kind=MeetingKind.FAMILY_NETWORK, held_on=date(2026, 11, 30), by=alice)
    with pytest.raises(MeetingRefused, match="Enter why the meeting was cancelled"):
        do_cancel_meeting(meeting=meeting, reason="  ", expected_version=meeting.version, by=alice)
    meeting = do_cancel_meeting(
        meeting=meeting, reason="Mum is in hospital", expected_version=meeting.version, by=alice
    )
    assert (meeting.status, meeting.cancelled_reason) == ("cancelled", "Mum is in hospital")
    assert meeting.cancelled_on is not None
    with pytest.raises(MeetingRefused, match="cancelled"):
        hold(meeting, alice)


def test_a_meeting_another_follows_cannot_be_cancelled(alice: User, jayden: Child) -> None:
    strategy = do_plan_meeting(child=jayden, kind=MeetingKind.STRATEGY, held_on=date(2026, 11, 2), by=alice)
    do_plan_meeting(
        child=jayden, kind=MeetingKind.INITIAL_CONFERENCE, held_on=date(2026, 11, 20), follows=strategy, by=alice
    )
    with pytest.raises(MeetingRefused, match="Another meeting follows this one"):
        do_cancel_meeting(meeting=strategy, reason="Wrong date", expected_version=strategy.version, by=alice)


# --- Participants ----------------------------------------------------------------------------------


def test_a_participant_change_on_a_stale_version_is_a_conflict(alice: User, bob: User, conference: Meeting) -> None:
    mum = conference.participants.get(role="parent_carer")
    read = mum.version
    do_change_participant(participant=mum, changes={"attendance": "yes"}, expected_version=read, by=alice)
    with pytest.raises(EditConflict):
        do_change_participant(participant=mum, changes={"attendance": "no"}, expected_version=read, by=bob)
    assert conference.participants.get(role="parent_carer").attendance == "yes"


def test_an_agency_needs_its_name(alice: User, conference: Meeting) -> None:
    from kith.meetings.actions import do_add_participant

    with pytest.raises(MeetingRefused, match="Enter the name of the agency"):
        do_add_participant(meeting=conference, name="Dr Patel", role="agency", agency=" ", by=alice)


# --- Contributions ---------------------------------------------------------------------------------


def test_a_structured_report_and_its_sharing_with_the_family(alice: User, conference: Meeting) -> None:
    report = {"worries": "Jayden is often late and hungry", "working_well": "He loves football club"}
    contribution = do_add_contribution(
        meeting=conference,
        agency="Riverside Primary School",
        kind="report",
        report=report,
        received_on=date(2026, 11, 16),
        by=alice,
    )
    assert contribution.worries == "Jayden is often late and hungry" and contribution.shared_with_family_on is None
    contribution = do_record_sharing(
        contribution=contribution, shared_on=date(2026, 11, 17), expected_version=contribution.version, by=alice
    )
    assert contribution.shared_with_family_on == date(2026, 11, 17)
    events = AuditEvent.objects.filter(object_type="agency_contribution", object_id=contribution.pk)
    assert [e.action for e in events.order_by("id")] == [AuditAction.CREATE, AuditAction.UPDATE]


def test_an_empty_report_and_a_document_without_a_file_are_refused(alice: User, conference: Meeting) -> None:
    with pytest.raises(MeetingRefused, match="Enter what the agency is worried about"):
        do_add_contribution(
            meeting=conference, agency="Police", kind="report", report={}, received_on=date(2026, 11, 16), by=alice
        )
    with pytest.raises(MeetingRefused, match="Select a document to upload"):
        do_add_contribution(
            meeting=conference, agency="Police", kind="document", received_on=date(2026, 11, 16), by=alice
        )


def test_sharing_before_it_was_received_is_refused(alice: User, conference: Meeting) -> None:
    with pytest.raises(MeetingRefused) as refused:
        do_add_contribution(
            meeting=conference,
            agency="Police",
            kind="report",
            report={"worries": "Two call-outs"},
            received_on=date(2026, 11, 16),
            shared_with_family_on=date(2026, 11, 13),
            by=alice,
        )
    assert refused.value.field == "shared_with_family_on"
    # The database refuses it too, whatever writes it.
    contribution = do_add_contribution(
        meeting=conference,
        agency="Police",
        kind="report",
        report={"worries": "Two call-outs"},
        received_on=date(2026, 11, 16),
        by=alice,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyContribution.objects.filter(pk=contribution.pk).update(shared_with_family_on=date(2026, 11, 1))


def test_a_document_is_kept_in_the_database_and_can_be_replaced(alice: User, bob: User, conference: Meeting) -> None:
    first = UploadedDocument(name="police-report.pdf", content_type="application/pdf", content=b"%PDF-1.4 first")
    contribution = do_add_contribution(
        meeting=conference, agency="Police", kind="document", document=first, received_on=date(2026, 11, 16), by=alice
    )
    assert (contribution.document_name, contribution.document_size) == ("police-report.pdf", 14)
    assert bytes(ContributionDocument.objects.get(contribution=contribution).content) == b"%PDF-1.4 first"
    second = UploadedDocument(name="police-report-2.pdf", content_type="application/pdf", content=b"%PDF-1.4 second")
    stale_version = contribution.version
    contribution = do_change_contribution(
        contribution=contribution, changes={}, document=second, expected_version=stale_version, by=alice
    )
    assert bytes(ContributionDocument.objects.get(contribution=contribution).content) == b"%PDF-1.4 second"
    with pytest.raises(EditConflict):
        do_record_sharing(
            contribution=contribution, shared_on=date(2026, 11, 17), expected_version=stale_version, by=bob
        )


# --- Decisions and actions -------------------------------------------------------------------------


def test_a_decision_without_a_reason_is_refused(alice: User, conference: Meeting) -> None:
    with pytest.raises(MeetingRefused) as refused:
        do_record_decision(meeting=conference, what="Jayden needs a child protection plan", rationale=" ", by=alice)
    assert (refused.value.field, refused.value.message) == ("rationale", "Enter the reason for this decision")
    assert not Decision.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            meeting=conference, what="No reason", rationale="", recorded_by=alice, recorded_at=conference.created_at
        )


def test_an_action_flows_into_the_childs_plan(alice: User, conference: Meeting, plan: Plan) -> None:
    action = do_add_meeting_action(
        meeting=conference,
        what="Walk Jayden to school every day",
        owner_kind="family_member",
        owner_name="Chloé Smith",
        by_date=date(2026, 12, 4),
        by=alice,
    )
    assert action.is_in_plan and action.plan_id == plan.pk
    plan_action = PlanAction.objects.get(pk=action.plan_action_id)
    assert plan_action.plan_id == plan.pk
    assert plan_action.source_meeting_id == conference.pk
    assert plan_action.source == "Initial child protection conference on 20 November 2026"
    assert (plan_action.what, plan_action.owner_name, plan_action.by_date) == (
        "Walk Jayden to school every day",
        "Chloé Smith",
        date(2026, 12, 4),
    )


def test_without_an_open_plan_an_action_is_kept_on_the_meeting_then_sent_to_the_plan(
    jayden: Child, alice: User, conference: Meeting
) -> None:
    kwargs = {
        "meeting": conference,
        "what": "Share the safety plan with Nan",
        "owner_kind": "practitioner",
        "owner_name": "Alice Ahmed",
        "by_date": date(2026, 12, 1),
        "by": alice,
    }
    with pytest.raises(NoOpenPlan, match="Jay has no open plan"):
        do_add_meeting_action(**kwargs)  # type: ignore[arg-type]
    action = do_add_meeting_action(**kwargs, into_plan=False)  # type: ignore[arg-type]
    assert not action.is_in_plan
    from kith.plans.actions import do_start_plan

    plan = do_start_plan(
        child=jayden, kind="child_protection", category_of_abuse="NEG", starts_on=date(2026, 11, 20), by=alice
    )
    action = do_send_action_to_plan(action=action, expected_version=action.version, by=alice)
    assert action.plan_id == plan.pk and PlanAction.objects.filter(source_meeting_id=conference.pk).count() == 1
    with pytest.raises(EditConflict):
        do_send_action_to_plan(action=action, expected_version=action.version - 1, by=alice)


def test_an_action_without_an_owner_is_refused(alice: User, conference: Meeting, plan: Plan) -> None:
    with pytest.raises(MeetingRefused, match="Enter the name of who will do this"):
        do_add_meeting_action(
            meeting=conference,
            what="Find a nursery",
            owner_kind="agency",
            owner_name=" ",
            by_date=date(2026, 12, 1),
            by=alice,
        )
    assert not PlanAction.objects.exists()


def test_the_plan_refusing_an_action_refuses_the_whole_action(alice: User, conference: Meeting, plan: Plan) -> None:
    """An action due before the plan started is the plan's to refuse; nothing is kept on the meeting either."""
    with pytest.raises(MeetingRefused):
        do_add_meeting_action(
            meeting=conference,
            what="Too early",
            owner_kind="agency",
            owner_name="School",
            by_date=date(2026, 8, 1),
            by=alice,
        )
    assert not conference.actions.exists()


def test_the_meeting_summary_for_the_explanation(alice: User, conference: Meeting, plan: Plan) -> None:
    hold(conference, alice, cp_decision="plan", category_of_abuse="NEG")
    do_record_decision(
        meeting=conference,
        what="Jayden needs a child protection plan",
        rationale="He has often gone without food",
        made_by="The chair",
        by=alice,
    )
    do_add_meeting_action(
        meeting=conference,
        what="Food bank referral",
        owner_kind="practitioner",
        owner_name="Alice",
        by_date=date(2026, 12, 1),
        by=alice,
    )
    summary = meeting_summary(conference.pk, today=date(2026, 11, 23))
    assert summary.kind_label == "Initial child protection conference"
    assert summary.outcome == "The child needs a child protection plan"
    assert summary.category_of_abuse == "Neglect"
    assert [(d.what, d.rationale) for d in summary.decisions] == [
        ("Jayden needs a child protection plan", "He has often gone without food")
    ]
    assert [(a.what, a.is_in_plan) for a in summary.actions] == [("Food bank referral", True)]
    assert summary.next_due is not None
    assert summary.next_due.kind == "core_group" and summary.next_due.due_on == date(2026, 12, 4)
