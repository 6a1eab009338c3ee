"""Every write of the standards app: oversight, supervision, group supervision, audits, their
actions, and an administrator's change to a standard. Atomic and audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, Team, User
from kith.people.actions import EditConflict
from kith.people.models import Child
from kith.standards import rules
from kith.standards.history import mark_stale
from kith.standards.loader import DefinitionsRefused, check_standard
from kith.standards.models import (
    ActionSource,
    AuditStatus,
    CaseAudit,
    CaseSupervision,
    GroupSupervision,
    ManagementOversight,
    PracticeAction,
    Standard,
)


class StandardsRefused(Exception):
    """Input that cannot be saved: `field` is the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _refuse(problem: rules.Problem) -> None:
    if problem:
        raise StandardsRefused(*problem)


def _audit(
    *, by: User, action: AuditAction, child: Child | None, object_type: str, object_id: int, **detail: Any
) -> None:
    record_audit_event(
        user=by,
        action=action,
        child_id=child.pk if child else None,
        child_team_id=child.team_id if child else None,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


def _check_actions(actions: Sequence[rules.ActionInput], on: date) -> None:
    for action in actions:
        _refuse(rules.action_problem(action, on=on))


def _add_actions(
    actions: Sequence[rules.ActionInput], *, child: Child | None, source: str, source_id: int, by: User
) -> list[PracticeAction]:
    now = timezone.now()
    return PracticeAction.objects.bulk_create(
        [
            PracticeAction(
                child=child,
                source=source,
                source_id=source_id,
                what=a.what.strip(),
                owner_id=a.owner_id,  # type: ignore[misc]  # checked by rules.action_problem
                due_on=a.due_on,  # type: ignore[misc]
                created_by=by,
                created_at=now,
            )
            for a in actions
        ]
    )


def do_record_oversight(
    *,
    child: Child,
    recorded_on: date | None,
    decision: str,
    rationale: str,
    actions: Sequence[rules.ActionInput] = (),
    by: User,
) -> ManagementOversight:
    """A manager records oversight of a child's case: the decision, why, and what happens next."""
    _refuse(None if by.is_manager else ("__all__", "Only a team or service manager can record management oversight"))
    _refuse(
        rules.oversight_problem(
            recorded_on=recorded_on, decision=decision, rationale=rationale, today=timezone.localdate()
        )
    )
    assert recorded_on is not None
    _check_actions(actions, recorded_on)
    with transaction.atomic():
        oversight = ManagementOversight.objects.create(
            child=child,
            recorded_on=recorded_on,
            decision=decision.strip(),
            rationale=rationale.strip(),
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        _add_actions(actions, child=child, source=ActionSource.OVERSIGHT, source_id=oversight.pk, by=by)
        _audit(by=by, action=AuditAction.CREATE, child=child, object_type="oversight", object_id=oversight.pk)
    return oversight


def do_record_supervision(
    *,
    child: Child,
    held_on: date | None,
    practitioner: User,
    reflection: str,
    analysis: str,
    actions: Sequence[rules.ActionInput] = (),
    done_action_ids: Sequence[int] = (),
    by: User,
) -> CaseSupervision:
    """Record the child's case discussed in supervision. Actions from earlier supervisions that
    are still to do are carried forward; those ticked as done are closed in the same transaction."""
    _refuse(None if by.is_manager else ("__all__", "Only a team or service manager can record supervision"))
    today = timezone.localdate()
    _refuse(rules.supervision_problem(held_on=held_on, reflection=reflection, analysis=analysis, today=today))
    assert held_on is not None
    _check_actions(actions, held_on)
    with transaction.atomic():
        supervision = CaseSupervision.objects.create(
            child=child,
            held_on=held_on,
            practitioner=practitioner,
            supervisor=by,
            reflection=reflection.strip(),
            analysis=analysis.strip(),
            recorded_at=timezone.now(),
        )
        if done_action_ids:
            PracticeAction.objects.filter(pk__in=done_action_ids, child=child, done_on__isnull=True).update(
                done_on=held_on, done_by=by, version=F("version") + 1
            )
        _add_actions(actions, child=child, source=ActionSource.SUPERVISION, source_id=supervision.pk, by=by)
        _audit(
            by=by,
            action=AuditAction.CREATE,
            child=child,
            object_type="supervision",
            object_id=supervision.pk,
            closed_actions=list(done_action_ids),
        )
    return supervision


def do_record_group_supervision(
    *,
    team: Team,
    held_on: date | None,
    theme: str,
    reflection: str,
    learning: str,
    attendees: Sequence[User],
    children: Sequence[Child],
    by: User,
) -> GroupSupervision:
    """A team's group supervision: the children discussed count towards their supervision standard."""
    _refuse(None if by.is_manager else ("__all__", "Only a team or service manager can record group supervision"))
    today = timezone.localdate()
    _refuse(rules.dated_problem(on=held_on, today=today, field="held_on", label="date of the group supervision"))
    _refuse(None if theme.strip() else ("theme", "Enter the theme"))
    _refuse(None if reflection.strip() else ("reflection", "Enter the reflection"))
    assert held_on is not None
    with transaction.atomic():
        group = GroupSupervision.objects.create(
            team=team,
            held_on=held_on,
            theme=theme.strip(),
            reflection=reflection.strip(),
            learning=learning.strip(),
            facilitator=by,
            recorded_at=timezone.now(),
        )
        group.attendees.set(attendees)
        group.children.set(children)
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=None,
            child_team_id=team.pk,
            object_type="group_supervision",
            object_id=group.pk,
            detail={"children": [c.pk for c in children]},
        )
        # Its children's supervision standard may change from that day: the audit event names none.
        mark_stale([c.pk for c in children], held_on)
    return group


def do_audit_case(
    *,
    child: Child,
    grade: str,
    strengths: str,
    improvements: str,
    results: list[dict[str, Any]],
    actions: Sequence[rules.ActionInput] = (),
    by: User,
) -> CaseAudit:
    """A manager grades a child's record against the standards; learning actions go to the worker."""
    _refuse(None if by.is_manager else ("__all__", "Only a team or service manager can audit a case"))
    _refuse(rules.audit_problem(grade=grade, strengths=strengths, improvements=improvements))
    today = timezone.localdate()
    _check_actions(actions, today)
    with transaction.atomic():
        audit = CaseAudit.objects.create(
            child=child,
            audited_on=today,
            auditor=by,
            team_id=child.team_id,
            practitioner_id=child.lead_practitioner_id,
            grade=grade,
            strengths=strengths.strip(),
            improvements=improvements.strip(),
            results=results,
            recorded_at=timezone.now(),
        )
        _add_actions(actions, child=child, source=ActionSource.AUDIT, source_id=audit.pk, by=by)
        _audit(by=by, action=AuditAction.CREATE, child=child, object_type="case_audit", object_id=audit.pk, grade=grade)
    return audit


def do_moderate_audit(*, audit: CaseAudit, grade: str, note: str, expected_version: int, by: User) -> CaseAudit:
    """A second manager moderates the grade: agreeing, or changing it and saying why."""
    _refuse(None if by.is_manager else ("__all__", "Only a team or service manager can moderate an audit"))
    _refuse(
        rules.moderation_problem(
            auditor_id=audit.auditor_id,
            moderator_id=by.pk,
            grade=grade,
            note=note,
            already=audit.status == AuditStatus.MODERATED,
        )
    )
    _refuse(rules.grade_changed_problem(original=audit.grade, moderated=grade, note=note))
    with transaction.atomic():
        updated = CaseAudit.objects.filter(pk=audit.pk, version=expected_version, status=AuditStatus.GRADED).update(
            status=AuditStatus.MODERATED,
            moderator=by,
            moderated_on=timezone.localdate(),
            moderated_grade=grade,
            moderation_note=note.strip(),
            version=F("version") + 1,
        )
        if updated != 1:
            raise EditConflict
        _audit(
            by=by,
            action=AuditAction.UPDATE,
            child=audit.child,
            object_type="case_audit",
            object_id=audit.pk,
            moderated_grade=grade,
        )
    audit.refresh_from_db()
    return audit


def do_mark_action_done(*, action: PracticeAction, done_on: date, expected_version: int, by: User) -> PracticeAction:
    """The owner, or a manager, marks an action done."""
    if by.pk != action.owner_id and not by.is_manager:
        raise StandardsRefused("__all__", "Only the person it is for, or a manager, can mark this action done")
    _refuse(rules.dated_problem(on=done_on, today=timezone.localdate(), field="done_on", label="date it was done"))
    with transaction.atomic():
        updated = PracticeAction.objects.filter(pk=action.pk, version=expected_version, done_on__isnull=True).update(
            done_on=done_on, done_by=by, version=F("version") + 1
        )
        if updated != 1:
            raise EditConflict
        _audit(by=by, action=AuditAction.UPDATE, child=action.child, object_type="practice_action", object_id=action.pk)
    action.refresh_from_db()
    return action


EDITABLE = (
    "pillar",
    "title",
    "descriptor",
    "stages",
    "min_age",
    "max_age",
    "measure",
    "due_soon_working_days",
    "evidence_url",
    "missing_url",
    "source",
    "is_active",
)


def do_change_standard(*, standard: Standard, changes: dict[str, Any], by: User) -> Standard:
    """An administrator changes a standard in force. The change is checked as the loader checks
    the file; a refused change leaves the standard as it was."""
    values = {name: changes.get(name, getattr(standard, name)) for name in EDITABLE}
    raw = {
        "code": standard.code,
        "pillar": values["pillar"],
        "title": values["title"],
        "descriptor": values["descriptor"],
        "stages": list(values["stages"]),
        "ages": [values["min_age"], values["max_age"]],
        "measure": values["measure"],
        "due_soon": values["due_soon_working_days"],
        "evidence": values["evidence_url"],
        "missing_step": values["missing_url"],
        "source": values["source"],
        "active": values["is_active"],
    }
    checked = check_standard(raw, line_of=lambda key: 0, position=standard.position)
    if checked.problems:
        raise DefinitionsRefused(checked.problems)
    with transaction.atomic():
        values["measure"] = checked.measure
        Standard.objects.filter(pk=standard.pk).update(
            **values, version=F("version") + 1, changed_by=by, changed_at=timezone.now()
        )
        record_audit_event(
            user=by,
            action=AuditAction.UPDATE,
            child_id=None,
            object_type="standard",
            object_id=standard.pk,
            detail={
                "code": standard.code,
                "changed": sorted(k for k in EDITABLE if changes.get(k, getattr(standard, k)) != getattr(standard, k)),
            },
        )
    standard.refresh_from_db()
    return standard
