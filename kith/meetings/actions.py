"""Every write about meetings: planning, recording that a meeting was held (with attendance and
how the child's views were brought), cancelling, participants, agency contributions and their
sharing with the family, decisions and actions (which flow into the child's plan).

Each action is one transaction with its audit event. Changes to something already recorded
carry the `version` the user read: if someone else changed it since, nothing is written and
`EditConflict` is raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.errors import Refused
from kith.core.models import AuditAction, User
from kith.core.timescales import Timescales, timescales
from kith.meetings import plan_link, rules
from kith.meetings.codes import SHORT_NAME, ContributionKind, MeetingKind, MeetingStatus, ParticipantRole
from kith.meetings.models import (
    AgencyContribution,
    ContributionDocument,
    Decision,
    Meeting,
    MeetingAction,
    Participant,
)
from kith.meetings.reads import meeting_fact
from kith.people.actions import EditConflict
from kith.people.models import Child, Person
from kith.plans.models import Plan

__all__ = [
    "AttendanceRecord",
    "EditConflict",
    "MeetingRefused",
    "NoOpenPlan",
    "UploadedDocument",
    "do_add_contribution",
    "do_add_meeting_action",
    "do_add_participant",
    "do_cancel_meeting",
    "do_change_contribution",
    "do_change_meeting",
    "do_change_participant",
    "do_plan_meeting",
    "do_record_decision",
    "do_record_meeting_held",
    "do_record_sharing",
    "do_send_action_to_plan",
]

# Big enough for a report with photographs; small enough to keep in the database.
LARGEST_DOCUMENT_BYTES = 10 * 1024 * 1024


class MeetingRefused(Refused):
    """Input that cannot be recorded: `field` is the form field at fault ("__all__" for none)."""


class NoOpenPlan(MeetingRefused):
    """The child has no open plan for the action to go into."""


@dataclass(frozen=True)
class AttendanceRecord:
    """Whether one participant came, and for the child how their views were brought."""

    attendance: str
    views_brought: str = ""
    views_not_sought_reason: str = ""


@dataclass(frozen=True)
class UploadedDocument:
    name: str
    content_type: str
    content: bytes


def _refuse(problem: tuple[str, str] | None) -> None:
    if problem is not None:
        raise MeetingRefused(*problem)


def _audit(*, meeting: Meeting, by: User, action: AuditAction, object_type: str, object_id: int, **detail: Any) -> None:
    child: Child = meeting.child
    record_audit_event(
        user=by,
        action=action,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type=object_type,
        object_id=object_id,
        detail={"meeting": meeting.pk, **detail},
    )


def _versioned_update(model: type[Model], pk: int, version: int, **changes: Any) -> None:
    updated = model._default_manager.filter(pk=pk, version=version).update(**changes, version=F("version") + 1)
    if updated != 1:
        raise EditConflict


def _check_follows(*, child: Child, kind: str, on: date, follows: Meeting | None) -> None:
    if follows is None:
        return
    # Read it again under a lock, so its date cannot move while this one is checked against it.
    locked = Meeting.objects.select_for_update().get(pk=follows.pk)
    if locked.child_id != child.pk:
        raise MeetingRefused("follows", "Choose a meeting about this child")
    _refuse(rules.follows_problem(kind=kind, on=on, follows=meeting_fact(locked)))


# --- Meetings ---------------------------------------------------------------------------------


def do_plan_meeting(
    *,
    child: Child,
    kind: str,
    held_on: date,
    by: User,
    starts_at: time | None = None,
    place: str = "",
    follows: Meeting | None = None,
    today: date | None = None,
) -> Meeting:
    """Plan a meeting for a date. An initial conference follows its strategy discussion and a
    core group its conference: neither may be dated before the meeting it follows."""
    now = timezone.now()
    with transaction.atomic():
        _check_follows(child=child, kind=kind, on=held_on, follows=follows)
        meeting = Meeting.objects.create(
            child=child,
            kind=kind,
            held_on=held_on,
            starts_at=starts_at,
            place=place,
            follows=follows,
            planned_on=today or timezone.localdate(),
            recorded_by=by,
            created_at=now,
            updated_at=now,
        )
        _audit(
            meeting=meeting, by=by, action=AuditAction.CREATE, object_type="meeting", object_id=meeting.pk, kind=kind
        )
    return meeting


MEETING_CHANGEABLE = frozenset({"held_on", "starts_at", "place", "follows"})


def do_change_meeting(*, meeting: Meeting, changes: Mapping[str, Any], expected_version: int, by: User) -> Meeting:
    """Move a planned meeting, or change where it is or what it follows."""
    unknown = set(changes) - MEETING_CHANGEABLE
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingRefused("__all__", "This meeting was cancelled. Plan a new one instead")
    held_on = changes.get("held_on", meeting.held_on)
    follows = changes.get("follows", meeting.follows)
    with transaction.atomic():
        _check_follows(child=meeting.child, kind=meeting.kind, on=held_on, follows=follows)
        _check_followers(meeting, held_on)
        _versioned_update(Meeting, meeting.pk, expected_version, **changes, updated_at=timezone.now())
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.UPDATE,
            object_type="meeting",
            object_id=meeting.pk,
            changed=sorted(changes),
        )
    meeting.refresh_from_db()
    return meeting


def _check_followers(meeting: Meeting, held_on: date) -> None:
    """Moving a meeting later must not put it after a meeting that follows it."""
    first = Meeting.objects.filter(follows=meeting).exclude(status=MeetingStatus.CANCELLED).order_by("held_on").first()
    if first is not None and held_on > first.held_on:
        name = SHORT_NAME.get(meeting.kind, "meeting")
        raise MeetingRefused(
            "held_on",
            f"The {name} must be on or before the {SHORT_NAME.get(first.kind, 'meeting')} "
            f"that follows it on {rules.long_date(first.held_on)}",
        )


def do_record_meeting_held(
    *,
    meeting: Meeting,
    held_on: date,
    summary: str,
    expected_version: int,
    by: User,
    attendance: Mapping[int, AttendanceRecord] | None = None,
    s47_outcome: str = "",
    s47_started_on: date | None = None,
    cp_decision: str = "",
    category_of_abuse: str = "",
    today: date | None = None,
    scales: Timescales | None = None,
) -> Meeting:
    """Record that the meeting took place: its date, what happened, who came and how the child's
    views were brought, and for a section 47 outcome or a conference what was found or decided.

    For the section 47 outcome, the enquiry started with the strategy discussion it follows
    (or on `s47_started_on`); the target date of the initial conference and whether one is
    needed are kept as the CIN census reads them.
    """
    today = today or timezone.localdate()
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingRefused("__all__", "This meeting was cancelled. Plan a new one instead")
    _refuse(rules.held_problem(held_on=held_on, today=today))
    _refuse(
        rules.outcome_problem(
            kind=meeting.kind, s47_outcome=s47_outcome, cp_decision=cp_decision, category_of_abuse=category_of_abuse
        )
    )
    attendance = attendance or {}
    participants = {p.pk: p for p in Participant.objects.filter(meeting=meeting)}
    _check_attendance(meeting, participants, attendance)
    changes: dict[str, Any] = {"held_on": held_on, "summary": summary, "status": MeetingStatus.HELD}
    if meeting.kind == MeetingKind.SECTION_47_OUTCOME:
        changes |= _section_47_fields(meeting, held_on, s47_outcome, s47_started_on, scales or timescales())
    if meeting.kind in (MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE):
        changes |= {"cp_decision": cp_decision, "category_of_abuse": category_of_abuse if cp_decision else ""}
    with transaction.atomic():
        _check_follows(child=meeting.child, kind=meeting.kind, on=held_on, follows=meeting.follows)
        _check_followers(meeting, held_on)
        _versioned_update(Meeting, meeting.pk, expected_version, **changes, updated_at=timezone.now())
        for pk, record in attendance.items():
            Participant.objects.filter(pk=pk).update(
                attendance=record.attendance,
                views_brought=record.views_brought,
                views_not_sought_reason=record.views_not_sought_reason,
                version=F("version") + 1,
            )
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.UPDATE,
            object_type="meeting",
            object_id=meeting.pk,
            held=str(held_on),
            attendance=len(attendance),
        )
    meeting.refresh_from_db()
    return meeting


def _check_attendance(
    meeting: Meeting, participants: Mapping[int, Participant], attendance: Mapping[int, AttendanceRecord]
) -> None:
    who = meeting.child.person.known_as
    for pk, record in attendance.items():
        participant = participants.get(pk)
        if participant is None:
            raise MeetingRefused("__all__", "Someone in the attendance list is not a participant in this meeting")
        _refuse(
            rules.views_problem(
                role=participant.role,
                views_brought=record.views_brought,
                reason=record.views_not_sought_reason,
                who=who,
            )
        )


def _section_47_fields(
    meeting: Meeting, held_on: date, outcome: str, started_on: date | None, scales: Timescales
) -> dict[str, Any]:
    follows = meeting.follows
    if started_on is None:
        started_on = follows.held_on if follows is not None and follows.kind == MeetingKind.STRATEGY else held_on
    return {
        "s47_outcome": outcome,
        "s47_started_on": started_on,
        "initial_conference_target_on": rules.initial_conference_target(s47_started_on=started_on, timescales=scales),
        "initial_conference_not_required": rules.conference_not_required(outcome),
    }


def do_cancel_meeting(
    *, meeting: Meeting, reason: str, expected_version: int, by: User, today: date | None = None
) -> Meeting:
    """Cancel a planned meeting, saying why. It stays on the record, and in the chronology."""
    if not reason.strip():
        raise MeetingRefused("reason", "Enter why the meeting was cancelled")
    if meeting.status != MeetingStatus.PLANNED:
        raise MeetingRefused("__all__", "Only a planned meeting can be cancelled")
    with transaction.atomic():
        if Meeting.objects.filter(follows=meeting).exclude(status=MeetingStatus.CANCELLED).exists():
            raise MeetingRefused("__all__", "Another meeting follows this one. Cancel or change that one first")
        _versioned_update(
            Meeting,
            meeting.pk,
            expected_version,
            status=MeetingStatus.CANCELLED,
            cancelled_reason=reason.strip(),
            cancelled_on=today or timezone.localdate(),
            updated_at=timezone.now(),
        )
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.UPDATE,
            object_type="meeting",
            object_id=meeting.pk,
            cancelled=True,
        )
    meeting.refresh_from_db()
    return meeting


# --- Participants -----------------------------------------------------------------------------


def _participant_problem(*, name: str, role: str, agency: str) -> tuple[str, str] | None:
    if not role:
        return "role", "Select their part in the meeting"
    if role == ParticipantRole.AGENCY and not agency.strip():
        return "agency", "Enter the name of the agency"
    if not name.strip() and role != ParticipantRole.AGENCY:
        return "name", "Enter their name"
    return None


def do_add_participant(
    *,
    meeting: Meeting,
    name: str,
    role: str,
    by: User,
    person: Person | None = None,
    agency: str = "",
    is_invited: bool = True,
) -> Participant:
    """Add someone invited to (or taking part in) the meeting. An agency may be added by its
    name alone, before anyone knows who will come."""
    name = name.strip() or (str(person) if person else "")
    _refuse(_participant_problem(name=name, role=role, agency=agency))
    with transaction.atomic():
        participant = Participant.objects.create(
            meeting=meeting,
            name=name or agency.strip(),
            person=person,
            role=role,
            agency=agency.strip(),
            is_invited=is_invited,
        )
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.CREATE,
            object_type="meeting_participant",
            object_id=participant.pk,
        )
    return participant


PARTICIPANT_CHANGEABLE = frozenset(
    {"name", "role", "agency", "is_invited", "attendance", "views_brought", "views_not_sought_reason"}
)


def do_change_participant(
    *, participant: Participant, changes: Mapping[str, Any], expected_version: int, by: User
) -> Participant:
    unknown = set(changes) - PARTICIPANT_CHANGEABLE
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    merged = {name: changes.get(name, getattr(participant, name)) for name in PARTICIPANT_CHANGEABLE}
    _refuse(_participant_problem(name=merged["name"], role=merged["role"], agency=merged["agency"]))
    meeting = participant.meeting
    if meeting.is_held:
        _refuse(
            rules.views_problem(
                role=merged["role"],
                views_brought=merged["views_brought"],
                reason=merged["views_not_sought_reason"],
                who=meeting.child.person.known_as,
            )
        )
    with transaction.atomic():
        _versioned_update(Participant, participant.pk, expected_version, **changes)
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.UPDATE,
            object_type="meeting_participant",
            object_id=participant.pk,
            changed=sorted(changes),
        )
    participant.refresh_from_db()
    return participant


# --- Agency contributions ---------------------------------------------------------------------

REPORT_FIELDS = ("worries", "working_well", "needs_to_happen", "recommendation")


def _document_problem(document: UploadedDocument | None) -> tuple[str, str] | None:
    if document is not None and len(document.content) > LARGEST_DOCUMENT_BYTES:
        return "document", "The document must be smaller than 10 MB"
    if document is not None and not document.content:
        return "document", "The document is empty"
    return None


def do_add_contribution(
    *,
    meeting: Meeting,
    agency: str,
    kind: str,
    received_on: date,
    by: User,
    report: Mapping[str, str] | None = None,
    document: UploadedDocument | None = None,
    shared_with_family_on: date | None = None,
    today: date | None = None,
) -> AgencyContribution:
    """Record what an agency sent for the meeting (a document or a structured report), when it
    arrived and, if it has been, when it was shared with the family."""
    report = {name: (report or {}).get(name, "").strip() for name in REPORT_FIELDS}
    if not agency.strip():
        raise MeetingRefused("agency", "Enter the name of the agency")
    _refuse(_document_problem(document))
    _refuse(
        rules.contribution_problem(
            kind=kind,
            has_document=document is not None,
            report=list(report.values()) if kind == ContributionKind.REPORT else [],
            received_on=received_on,
            shared_on=shared_with_family_on,
            today=today or timezone.localdate(),
        )
    )
    with transaction.atomic():
        contribution = AgencyContribution.objects.create(
            meeting=meeting,
            agency=agency.strip(),
            kind=kind,
            received_on=received_on,
            shared_with_family_on=shared_with_family_on,
            recorded_by=by,
            recorded_at=timezone.now(),
            **(report if kind == ContributionKind.REPORT else {}),
            **_document_fields(document),
        )
        if document is not None:
            ContributionDocument.objects.create(contribution=contribution, content=document.content)
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.CREATE,
            object_type="agency_contribution",
            object_id=contribution.pk,
            shared=str(shared_with_family_on) if shared_with_family_on else None,
        )
    return contribution


def _document_fields(document: UploadedDocument | None) -> dict[str, Any]:
    if document is None:
        return {}
    return {
        "document_name": document.name[:200],
        "document_type": document.content_type[:100],
        "document_size": len(document.content),
    }


CONTRIBUTION_CHANGEABLE = frozenset({"agency", "received_on", "shared_with_family_on", *REPORT_FIELDS})


def do_change_contribution(
    *,
    contribution: AgencyContribution,
    changes: Mapping[str, Any],
    expected_version: int,
    by: User,
    document: UploadedDocument | None = None,
    today: date | None = None,
) -> AgencyContribution:
    """Change a contribution, or replace its document, unless someone else changed it first."""
    unknown = set(changes) - CONTRIBUTION_CHANGEABLE
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    merged = {name: changes.get(name, getattr(contribution, name)) for name in CONTRIBUTION_CHANGEABLE}
    if not str(merged["agency"]).strip():
        raise MeetingRefused("agency", "Enter the name of the agency")
    _refuse(_document_problem(document))
    _refuse(
        rules.contribution_problem(
            kind=contribution.kind,
            has_document=document is not None or contribution.has_document,
            report=[merged[name] for name in REPORT_FIELDS],
            received_on=merged["received_on"],
            shared_on=merged["shared_with_family_on"],
            today=today or timezone.localdate(),
        )
    )
    meeting = contribution.meeting
    with transaction.atomic():
        _versioned_update(
            AgencyContribution, contribution.pk, expected_version, **changes, **_document_fields(document)
        )
        if document is not None:
            ContributionDocument.objects.update_or_create(
                contribution=contribution, defaults={"content": document.content}
            )
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.UPDATE,
            object_type="agency_contribution",
            object_id=contribution.pk,
            changed=sorted(changes) + (["document"] if document else []),
        )
    contribution.refresh_from_db()
    return contribution


def do_record_sharing(
    *, contribution: AgencyContribution, shared_on: date, expected_version: int, by: User, today: date | None = None
) -> AgencyContribution:
    """Record the day the agency's information was shared with the family."""
    return do_change_contribution(
        contribution=contribution,
        changes={"shared_with_family_on": shared_on},
        expected_version=expected_version,
        by=by,
        today=today,
    )


# --- Decisions and actions --------------------------------------------------------------------


def do_record_decision(*, meeting: Meeting, what: str, rationale: str, by: User, made_by: str = "") -> Decision:
    """Record what the meeting decided and why. A decision with no reason is refused."""
    _refuse(rules.decision_problem(what=what, rationale=rationale))
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingRefused("__all__", "This meeting was cancelled, so it made no decisions")
    with transaction.atomic():
        decision = Decision.objects.create(
            meeting=meeting,
            what=what.strip(),
            rationale=rationale.strip(),
            made_by=made_by.strip(),
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        _audit(meeting=meeting, by=by, action=AuditAction.CREATE, object_type="meeting_decision", object_id=decision.pk)
    return decision


def _source(meeting: Meeting) -> str:
    return f"{meeting.get_kind_display()} on {rules.long_date(meeting.held_on)}"


def do_add_meeting_action(
    *,
    meeting: Meeting,
    what: str,
    owner_kind: str,
    owner_name: str,
    by_date: date | None,
    by: User,
    into_plan: bool = True,
) -> MeetingAction:
    """Record an action agreed at the meeting. It goes into the child's open plan; when the
    child has none, `into_plan=False` keeps it on the meeting only (NoOpenPlan otherwise)."""
    _refuse(rules.action_problem(what=what, owner_kind=owner_kind, owner_name=owner_name, by_date=by_date))
    assert by_date is not None  # checked above
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingRefused("__all__", "This meeting was cancelled. Record the action on another meeting")
    with transaction.atomic():
        plan = plan_link.current_plan(meeting.child) if into_plan else None
        if into_plan and plan is None:
            raise NoOpenPlan("__all__", f"{meeting.child.person.known_as} has no open plan for this action to go into")
        action = MeetingAction.objects.create(
            meeting=meeting,
            what=what.strip(),
            owner_kind=owner_kind,
            owner_name=owner_name.strip(),
            by_date=by_date,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        if plan is not None:
            _put_in_plan(action, plan, by)
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.CREATE,
            object_type="meeting_action",
            object_id=action.pk,
            plan_action=action.plan_action_id,
        )
    return action


ACTION_FIELDS = frozenset({"what", "owner_kind", "owner_name", "by_date"})


def _put_in_plan(action: MeetingAction, plan: Plan, by: User) -> None:
    try:
        plan_action_id = plan_link.add_plan_action(
            plan=plan,
            what=action.what,
            owner_kind=action.owner_kind,
            owner_name=action.owner_name,
            by_date=action.by_date,
            by=by,
            meeting_id=action.meeting_id,
            source=_source(action.meeting),
        )
    except plan_link.PlanWouldRefuse as refusal:
        raise MeetingRefused(
            refusal.field if refusal.field in ACTION_FIELDS else "__all__", refusal.message
        ) from refusal
    MeetingAction.objects.filter(pk=action.pk).update(
        plan_id=plan.pk, plan_action_id=plan_action_id, version=F("version") + 1
    )
    action.plan_id, action.plan_action_id = plan.pk, plan_action_id
    action.version += 1


def do_send_action_to_plan(*, action: MeetingAction, expected_version: int, by: User) -> MeetingAction:
    """Send an action kept on the meeting into the child's plan, once the child has one."""
    meeting = action.meeting
    with transaction.atomic():
        locked = MeetingAction.objects.select_for_update().get(pk=action.pk)
        if locked.version != expected_version or locked.plan_action_id is not None:
            raise EditConflict
        plan = plan_link.current_plan(meeting.child)
        if plan is None:
            raise NoOpenPlan("__all__", f"{meeting.child.person.known_as} has no open plan for this action to go into")
        locked.meeting = meeting
        _put_in_plan(locked, plan, by)
        _audit(
            meeting=meeting,
            by=by,
            action=AuditAction.UPDATE,
            object_type="meeting_action",
            object_id=action.pk,
            plan_action=locked.plan_action_id,
        )
    action.refresh_from_db()
    return action
