"""Every write about plans. Each is one transaction with its audit event, and each change to a
plan writes the next `PlanVersion` (a snapshot of the whole plan) in the same transaction.

Changes that would overwrite what someone else saw take the plan's `version` as the user read it
and raise `EditConflict` if the plan has moved on since. Adding an action or a goal overwrites
nothing, so callers may leave the version out (meetings do, when their decisions flow into the
plan). Refusals raise `PlanRefused` with the form field at fault and a GOV.UK message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kith.assessments.actions import ScalingRefused, do_record_scaling
from kith.assessments.models import ScalingContext
from kith.assessments.rules import scaling_problem
from kith.core.actions import record_audit_event
from kith.core.codes import label_for
from kith.core.errors import Refused
from kith.core.models import AuditAction, User
from kith.core.timescales import timescales
from kith.journey.dates import long_date
from kith.people.actions import EditConflict
from kith.people.models import Child, NetworkMember, Person
from kith.plans import rules
from kith.plans.models import (
    ActionProgress,
    ActionStatus,
    AttendeeRole,
    GoalProgress,
    GoalStatus,
    Plan,
    PlanAction,
    PlanGoal,
    PlanKind,
    PlanReview,
    PlanVersion,
    ReviewAttendee,
    SafetyFallback,
    SafetyNetworkRole,
    SafetyRule,
    SafetyTrigger,
    VersionKind,
)
from kith.plans.reads import came_into_care_on
from kith.plans.snapshot import take_snapshot

__all__ = [
    "AttendeeInput",
    "EditConflict",
    "PlanRefused",
    "ProgressInput",
    "SafetyRoleInput",
    "ScalingInput",
    "do_add_plan_action",
    "do_add_plan_goal",
    "do_change_action_status",
    "do_change_plan_action",
    "do_change_plan_goal",
    "do_change_safety_plan",
    "do_close_plan",
    "do_record_plan_action",
    "do_record_plan_review",
    "do_start_plan",
]

CANNOT_CHANGE_CLOSED = "You cannot change a closed plan"
CANNOT_REVIEW_CLOSED = "You cannot review a closed plan"


class PlanRefused(Refused):
    """The change cannot be made: `field` is the form field at fault, `message` says why."""


@dataclass(frozen=True)
class SafetyRoleInput:
    """Someone in the safety network and their part: a network member on the record, or a name."""

    part: str
    name: str = ""
    network_member: NetworkMember | None = None


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    role: str
    attended: bool
    views_brought_by: str = ""


@dataclass(frozen=True)
class ProgressInput:
    """Progress on one action or goal at a review: its status now, and a note."""

    id: int
    status: str
    note: str = ""


@dataclass(frozen=True)
class ScalingInput:
    """One person's scaling score at a review (see kith.assessments.models.ScalingWho)."""

    who: str
    name: str
    score: int
    reason: str = ""
    person: Person | None = None


def _refuse(problem: rules.Problem) -> None:
    if problem:
        raise PlanRefused(*problem)


def _audit(*, plan: Plan, by: User, action: AuditAction, object_type: str, object_id: int, **detail: Any) -> None:
    record_audit_event(
        user=by,
        action=action,
        child_id=plan.child_id,
        child_team_id=plan.child.team_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail or None,
    )


def _lock(plan: Plan, *, expected_version: int | None, closed_message: str = CANNOT_CHANGE_CLOSED) -> Plan:
    """The plan's row, locked until the transaction ends, checked open and unchanged since read.
    A plan closed by someone else is refused as closed: that says more than "changed"."""
    locked = Plan.objects.select_for_update(of=("self",)).select_related("child").get(pk=plan.pk)
    if not locked.is_open:
        raise PlanRefused("plan", closed_message)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict
    return locked


def _new_version(locked: Plan, *, kind: VersionKind, words: str, by: User, **changes: Any) -> PlanVersion:
    """Save the plan's next version: apply `changes` to the locked plan, bump its version and
    write the snapshot of the whole plan with what changed in words."""
    changes["version"] = locked.version + 1
    Plan.objects.filter(pk=locked.pk).update(**changes)
    for name, value in changes.items():
        setattr(locked, name, value)
    now = timezone.now()
    return PlanVersion.objects.create(
        plan=locked,
        number=locked.version,
        kind=kind,
        snapshot=take_snapshot(locked),
        what_changed=words,
        changed_by=by,
        changed_at=now,
        changed_on=timezone.localdate(now),
    )


def _refresh(plan: Plan, locked: Plan) -> None:
    """Bring the caller's plan up to date with the saved one."""
    for name in ("version", "next_review_on", "ends_on", "end_reason"):
        setattr(plan, name, getattr(locked, name))


def do_start_plan(*, child: Child, kind: str, starts_on: date, by: User, category_of_abuse: str = "") -> Plan:
    """Start the child's plan. One open plan per child: close the current one first (the
    database refuses a second too, for two people starting one at once). The first review is
    due by the council's timescales for the kind of plan."""
    has_open = Plan.objects.open().filter(child=child).exists()
    _refuse(
        rules.start_problem(
            kind=kind,
            category_of_abuse=category_of_abuse,
            starts_on=starts_on,
            has_open_plan=has_open,
            today=timezone.localdate(),
        )
    )
    came_into_care = came_into_care_on(child) if kind == PlanKind.CARE_PLAN else None
    next_review = rules.plan_review_due_on(
        kind=kind, starts_on=starts_on, previous_reviews=[], timescales=timescales(), came_into_care_on=came_into_care
    )
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                child=child,
                kind=kind,
                category_of_abuse=category_of_abuse,
                starts_on=starts_on,
                next_review_on=next_review,
                version=0,
                started_by=by,
                created_at=timezone.now(),
            )
            words = f"{label_for(PlanKind, kind)} started on {long_date(starts_on)}"
            _new_version(plan, kind=VersionKind.STARTED, words=words, by=by)
            _audit(plan=plan, by=by, action=AuditAction.CREATE, object_type="plan", object_id=plan.pk, version=1)
    except IntegrityError as error:  # someone started one at the same moment
        raise PlanRefused("kind", "The child already has an open plan. Close it before starting a new one") from error
    return plan


def do_add_plan_goal(
    *, plan: Plan, words: str, whose_words: str, by: User, expected_version: int | None = None
) -> PlanGoal:
    """Add a goal in the family's own words, saying whose words they are."""
    _refuse(rules.goal_problem(words=words, whose_words=whose_words, is_open=plan.is_open))
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version)
        goal = PlanGoal.objects.create(plan=locked, words=words.strip(), whose_words=whose_words.strip())
        version = _new_version(locked, kind=VersionKind.CHANGED, words=f"Goal added: {goal.words}", by=by)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.CREATE,
            object_type="plan_goal",
            object_id=goal.pk,
            version=version.number,
        )
    _refresh(plan, locked)
    goal.plan = plan
    return goal


def do_change_plan_goal(
    *, goal: PlanGoal, words: str, whose_words: str, status: str, expected_version: int, by: User
) -> PlanGoal:
    """Change a goal's words or say how it is going."""
    if status not in GoalStatus.values:
        raise PlanRefused("status", "Select how the goal is going")
    plan = goal.plan
    _refuse(rules.goal_problem(words=words, whose_words=whose_words, is_open=plan.is_open))
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version)
        PlanGoal.objects.filter(pk=goal.pk).update(words=words.strip(), whose_words=whose_words.strip(), status=status)
        goal.refresh_from_db()
        version = _new_version(locked, kind=VersionKind.CHANGED, words=f"Goal changed: {goal.words}", by=by)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.UPDATE,
            object_type="plan_goal",
            object_id=goal.pk,
            version=version.number,
        )
    _refresh(plan, locked)
    goal.plan = plan
    return goal


def _check_goal(plan: Plan, goal: PlanGoal | None) -> None:
    if goal is not None and goal.plan_id != plan.pk:
        raise PlanRefused("goal", "Select a goal from this plan")


def do_record_plan_action(
    *,
    plan: Plan,
    what: str,
    owner_kind: str,
    owner_name: str,
    by_date: date | None,
    status: str,
    by: User,
    owner_person: Person | None = None,
    goal: PlanGoal | None = None,
    source: str = "",
    source_meeting_id: int | None = None,
    expected_version: int | None = None,
) -> PlanAction:
    """Add an action to the plan, still to do or, recording history, already done or not done."""
    if status not in ActionStatus.values:
        raise PlanRefused("status", "Select where the action is up to")
    _refuse(
        rules.action_problem(
            what=what,
            owner_kind=owner_kind,
            owner_name=owner_name,
            by_date=by_date,
            plan_starts_on=plan.starts_on,
            is_open=plan.is_open,
        )
    )
    _check_goal(plan, goal)
    assert by_date is not None
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version)
        action = PlanAction.objects.create(
            plan=locked,
            goal=goal,
            what=what.strip(),
            owner_kind=owner_kind,
            owner_name=owner_name.strip(),
            owner_person=owner_person,
            by_date=by_date,
            status=status,
            # Recording history: done by its by-date, or today if that is still to come.
            done_on=min(by_date, timezone.localdate()) if status == ActionStatus.DONE else None,
            source=source,
            source_meeting_id=source_meeting_id,
            created_at=timezone.now(),
        )
        words = f"Action added: {action.owner_name} to {action.what}, by {long_date(by_date)}"
        version = _new_version(locked, kind=VersionKind.CHANGED, words=words, by=by)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.CREATE,
            object_type="plan_action",
            object_id=action.pk,
            version=version.number,
            source_meeting_id=source_meeting_id,
        )
    _refresh(plan, locked)
    action.plan = plan
    return action


def do_add_plan_action(
    *,
    plan: Plan,
    what: str,
    owner_kind: str,
    owner_name: str,
    by_date: date,
    by: User,
    owner_person: Person | None = None,
    goal: PlanGoal | None = None,
    source: str = "",
    source_meeting_id: int | None = None,
) -> PlanAction:
    """Add an action still to do: who (a family member, someone from the network, an agency or
    the practitioner), what and by when. Other apps call this: a meeting's decisions flow into
    the child's plan with `source` and `source_meeting_id` saying where they came from.

    Refused with `PlanRefused(field, message)` for no owner, no by-date, a by-date before the
    plan started, or a closed plan. A by-date already past is allowed: a meeting may be recorded
    after its actions fell due, and the plan shows them overdue.
    """
    return do_record_plan_action(
        plan=plan,
        what=what,
        owner_kind=owner_kind,
        owner_name=owner_name,
        by_date=by_date,
        status=ActionStatus.NOT_STARTED,
        by=by,
        owner_person=owner_person,
        goal=goal,
        source=source,
        source_meeting_id=source_meeting_id,
    )


def do_change_plan_action(
    *,
    action: PlanAction,
    what: str,
    owner_kind: str,
    owner_name: str,
    by_date: date | None,
    status: str,
    expected_version: int,
    by: User,
    owner_person: Person | None = None,
    goal: PlanGoal | None = None,
) -> PlanAction:
    """Change who does an action, what, by when, or where it is up to."""
    plan = action.plan
    if status not in ActionStatus.values:
        raise PlanRefused("status", "Select where the action is up to")
    _refuse(
        rules.action_problem(
            what=what,
            owner_kind=owner_kind,
            owner_name=owner_name,
            by_date=by_date,
            plan_starts_on=plan.starts_on,
            is_open=plan.is_open,
        )
    )
    _check_goal(plan, goal)
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version)
        was_done = action.status == ActionStatus.DONE
        done_on = (action.done_on or timezone.localdate()) if status == ActionStatus.DONE else None
        PlanAction.objects.filter(pk=action.pk).update(
            what=what.strip(),
            owner_kind=owner_kind,
            owner_name=owner_name.strip(),
            owner_person=owner_person,
            by_date=by_date,
            status=status,
            done_on=done_on,
            goal=goal,
        )
        action.refresh_from_db()
        kind = VersionKind.ACTION_DONE if status == ActionStatus.DONE and not was_done else VersionKind.CHANGED
        version = _new_version(locked, kind=kind, words=f"Action changed: {action.owner_name} to {action.what}", by=by)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.UPDATE,
            object_type="plan_action",
            object_id=action.pk,
            version=version.number,
        )
    _refresh(plan, locked)
    action.plan = plan
    return action


def do_change_action_status(
    *, action: PlanAction, status: str, expected_version: int, by: User, on: date | None = None
) -> PlanAction:
    """Say where an action is up to. Marking it done records the day (`on`, today if not given)
    and shows in the child's chronology."""
    if status not in ActionStatus.values:
        raise PlanRefused("status", "Select where the action is up to")
    plan = action.plan
    _refuse(rules.change_problem(is_open=plan.is_open))
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version)
        was_done = action.status == ActionStatus.DONE
        done_on = (action.done_on if was_done else on or timezone.localdate()) if status == ActionStatus.DONE else None
        PlanAction.objects.filter(pk=action.pk).update(status=status, done_on=done_on)
        action.status, action.done_on = status, done_on
        label = label_for(ActionStatus, status).lower()
        kind = VersionKind.ACTION_DONE if status == ActionStatus.DONE and not was_done else VersionKind.CHANGED
        words = f"Action {label}: {action.owner_name} to {action.what}"
        version = _new_version(locked, kind=kind, words=words, by=by)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.UPDATE,
            object_type="plan_action",
            object_id=action.pk,
            version=version.number,
            status=status,
        )
    _refresh(plan, locked)
    return action


def _safety_words(
    safety_rules: list[str], network: list[SafetyRoleInput], triggers: list[str], fallbacks: list[str]
) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    return "Safety plan changed: " + ", ".join(
        [
            count(len(safety_rules), "rule", "rules"),
            count(len(network), "person in the network", "people in the network"),
            count(len(triggers), "sign it is not working", "signs it is not working"),
            count(len(fallbacks), "step if it fails", "steps if it fails"),
        ]
    )


def do_change_safety_plan(
    *,
    plan: Plan,
    safety_rules: list[str],
    network: list[SafetyRoleInput],
    triggers: list[str],
    fallbacks: list[str],
    expected_version: int,
    by: User,
) -> Plan:
    """Replace the safety plan as a whole: its rules, who in the network does what, what would
    show it is not working, and what happens if it fails. Earlier wording stays in the versions."""
    _refuse(rules.change_problem(is_open=plan.is_open))
    for role in network:
        if role.network_member is None and not role.name.strip():
            raise PlanRefused("network", "Enter who in the network, or choose them")
        if not role.part.strip():
            raise PlanRefused("network", "Enter their part in the safety plan")
        if role.network_member is not None and role.network_member.child_id != plan.child_id:
            raise PlanRefused("network", "Choose someone from this child's network")
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version)
        for model in (SafetyRule, SafetyNetworkRole, SafetyTrigger, SafetyFallback):
            model.objects.filter(plan=locked).delete()
        SafetyRule.objects.bulk_create([SafetyRule(plan=locked, words=w.strip()) for w in safety_rules if w.strip()])
        SafetyNetworkRole.objects.bulk_create(
            [
                SafetyNetworkRole(
                    plan=locked,
                    network_member=role.network_member,
                    name=role.name.strip() or str(role.network_member),
                    part=role.part.strip(),
                )
                for role in network
            ]
        )
        SafetyTrigger.objects.bulk_create([SafetyTrigger(plan=locked, words=w.strip()) for w in triggers if w.strip()])
        SafetyFallback.objects.bulk_create(
            [SafetyFallback(plan=locked, words=w.strip()) for w in fallbacks if w.strip()]
        )
        words = _safety_words(
            [w for w in safety_rules if w.strip()],
            network,
            [w for w in triggers if w.strip()],
            [w for w in fallbacks if w.strip()],
        )
        version = _new_version(locked, kind=VersionKind.CHANGED, words=words, by=by)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.UPDATE,
            object_type="safety_plan",
            object_id=locked.pk,
            version=version.number,
        )
    _refresh(plan, locked)
    return plan


def _check_review_input(
    plan: Plan,
    attendees: list[AttendeeInput],
    actions: list[ProgressInput],
    goals: list[ProgressInput],
    scaling: list[ScalingInput],
) -> None:
    if not attendees:
        raise PlanRefused("attendees", "Enter who was invited to the review")
    for attendee in attendees:
        if not attendee.name.strip():
            raise PlanRefused("attendees", "Enter the name of everyone invited")
        if attendee.role not in AttendeeRole.values:
            raise PlanRefused("attendees", f"Select {attendee.name}'s part in the review")
        if attendee.role == AttendeeRole.CHILD and not attendee.attended and not attendee.views_brought_by.strip():
            raise PlanRefused("attendees", "Enter how the child's views were brought to the review")
    action_ids = set(plan.actions.values_list("pk", flat=True))
    goal_ids = set(plan.goals.values_list("pk", flat=True))
    if any(p.id not in action_ids or p.status not in ActionStatus.values for p in actions):
        raise PlanRefused("actions", "Select where each action on this plan is up to")
    if any(p.id not in goal_ids or p.status not in GoalStatus.values for p in goals):
        raise PlanRefused("goals", "Select how each goal on this plan is going")
    for score in scaling:
        problem = scaling_problem(score.score)
        if problem:
            raise PlanRefused("scaling", problem)
        if not score.name.strip():
            raise PlanRefused("scaling", "Enter the name of each person asked to scale")


def _save_progress(review: PlanReview, actions: list[ProgressInput], goals: list[ProgressInput]) -> None:
    """The progress rows, and each action and goal brought to where the review found it."""
    ActionProgress.objects.bulk_create(
        [ActionProgress(review=review, action_id=p.id, status=p.status, note=p.note.strip()) for p in actions]
    )
    GoalProgress.objects.bulk_create(
        [GoalProgress(review=review, goal_id=p.id, status=p.status, note=p.note.strip()) for p in goals]
    )
    current = {a.pk: a for a in PlanAction.objects.filter(pk__in=[p.id for p in actions])}
    for progress in actions:
        action = current[progress.id]
        if action.status == progress.status:
            continue
        done_on = (action.done_on or review.held_on) if progress.status == ActionStatus.DONE else None
        PlanAction.objects.filter(pk=action.pk).update(status=progress.status, done_on=done_on)
    for progress in goals:
        PlanGoal.objects.filter(pk=progress.id).exclude(status=progress.status).update(status=progress.status)


def do_record_plan_review(
    *,
    plan: Plan,
    held_on: date | None,
    next_review_on: date | None,
    summary: str,
    attendees: list[AttendeeInput],
    action_progress: list[ProgressInput],
    goal_progress: list[ProgressInput],
    scaling: list[ScalingInput],
    expected_version: int,
    by: User,
) -> PlanReview:
    """Record a review of an open plan in one transaction: who was invited and who came (for a
    child who did not, how their views were brought), progress on each action and goal (which
    become their status on the plan), each person's scaling with their reason, and the date of
    the next review, which becomes the plan's."""
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    _refuse(
        rules.review_problem(
            held_on=held_on,
            next_review_on=next_review_on,
            plan_starts_on=plan.starts_on,
            last_review_on=last,
            is_open=plan.is_open,
            today=timezone.localdate(),
        )
    )
    assert held_on is not None and next_review_on is not None
    _check_review_input(plan, attendees, action_progress, goal_progress, scaling)
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version, closed_message=CANNOT_REVIEW_CLOSED)
        review = PlanReview.objects.create(
            plan=locked,
            held_on=held_on,
            next_review_on=next_review_on,
            summary=summary.strip(),
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        ReviewAttendee.objects.bulk_create(
            [
                ReviewAttendee(
                    review=review,
                    name=a.name.strip(),
                    role=a.role,
                    attended=a.attended,
                    views_brought_by=a.views_brought_by.strip(),
                )
                for a in attendees
            ]
        )
        _save_progress(review, action_progress, goal_progress)
        _record_scaling(locked, review, scaling, by)
        words = f"Review held on {long_date(held_on)}. Next review by {long_date(next_review_on)}"
        version = _new_version(locked, kind=VersionKind.REVIEW, words=words, by=by, next_review_on=next_review_on)
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.CREATE,
            object_type="plan_review",
            object_id=review.pk,
            version=version.number,
        )
    _refresh(plan, locked)
    return review


def _record_scaling(plan: Plan, review: PlanReview, scaling: list[ScalingInput], by: User) -> None:
    for score in scaling:
        try:
            do_record_scaling(
                child=plan.child,
                asked_on=review.held_on,
                who=score.who,
                name=score.name.strip(),
                score=score.score,
                reason=score.reason.strip(),
                context=ScalingContext.PLAN_REVIEW,
                context_id=review.pk,
                by=by,
                person=score.person,
            )
        except ScalingRefused as refusal:
            raise PlanRefused("scaling", str(refusal)) from refusal


def do_close_plan(*, plan: Plan, ends_on: date | None, reason: str, expected_version: int, by: User) -> Plan:
    """Close the plan, saying why. It stays on the record with all its versions and reviews;
    the child may then start a new plan (for example child protection after child in need)."""
    _refuse(
        rules.close_problem(
            ends_on=ends_on,
            reason=reason,
            plan_starts_on=plan.starts_on,
            is_open=plan.is_open,
            today=timezone.localdate(),
        )
    )
    assert ends_on is not None
    with transaction.atomic():
        locked = _lock(plan, expected_version=expected_version, closed_message="This plan is already closed")
        words = f"{label_for(PlanKind, locked.kind)} closed on {long_date(ends_on)}: {reason.strip()}"
        version = _new_version(
            locked, kind=VersionKind.CLOSED, words=words, by=by, ends_on=ends_on, end_reason=reason.strip()
        )
        _audit(
            plan=locked,
            by=by,
            action=AuditAction.UPDATE,
            object_type="plan",
            object_id=locked.pk,
            version=version.number,
            closed=True,
        )
    _refresh(plan, locked)
    return plan
