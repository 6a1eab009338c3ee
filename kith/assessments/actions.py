"""Every write about assessments and scaling. Atomic and audited.

An assessment's `version` goes up with every change to it or its mapping. Changes to its own
fields, its submission and a manager's decision are conditional UPDATEs on the version (and the
status) read by the user, inside the transaction: if someone else got there first, no row
matches and the user is told, instead of one person's work silently replacing another's. On
PostgreSQL the UPDATE also holds the row until the transaction ends, so of two managers
authorising the same assessment at once the second waits, then finds the version moved on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.assessments import rules
from kith.assessments.codes import AssessmentKind, AssessmentStatus
from kith.assessments.models import (
    Assessment,
    ComplicatingFactor,
    DangerStatement,
    ExistingSafety,
    HarmStatement,
    MappingStatement,
    NextStep,
    SafetyGoal,
    ScalingContext,
    ScalingScore,
    StatusChange,
    Strength,
)
from kith.assessments.rules import scaling_problem
from kith.core.actions import record_audit_event
from kith.core.errors import Refused
from kith.core.models import AuditAction, User
from kith.core.timescales import timescales
from kith.journey.codes import SOCIAL_CARE_STAGES, Stage
from kith.journey.models import Episode
from kith.people.actions import EditConflict
from kith.people.models import Child, Person

__all__ = [
    "STATEMENT_MODELS",
    "AlreadyDecided",
    "AssessmentRefused",
    "EditConflict",
    "ScalingRefused",
    "do_add_statement",
    "do_authorise_assessment",
    "do_change_assessment",
    "do_decide_assessment",
    "do_mark_next_step_done",
    "do_record_assessment_scaling",
    "do_record_scaling",
    "do_remove_statement",
    "do_return_assessment",
    "do_start_assessment",
    "do_submit_assessment",
]


class ScalingRefused(ValueError):
    """The score cannot be recorded; the message says why in GOV.UK words."""


class AssessmentRefused(Refused):
    """Input the assessment cannot accept: `field` is the form field at fault ("__all__" for
    the form as a whole) and `message` says what to do, in GOV.UK words."""


class AlreadyDecided(Exception):
    """Another manager authorised or returned the assessment first; the message says who and when."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def do_record_scaling(
    *,
    child: Child,
    asked_on: date,
    who: str,
    name: str,
    score: int,
    reason: str,
    context: str,
    context_id: int | None,
    by: User,
    question: str = "safety",
    person: Person | None = None,
) -> ScalingScore:
    """Record one person's scaling score, with their reason, where it was asked."""
    problem = scaling_problem(score)
    if problem:
        raise ScalingRefused(problem)
    with transaction.atomic():
        scaling = ScalingScore.objects.create(
            child=child,
            asked_on=asked_on,
            question=question,
            who=who,
            person=person,
            name=name,
            score=score,
            reason=reason,
            context=context,
            context_id=context_id,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=child.pk,
            child_team_id=child.team_id,
            object_type="scaling",
            object_id=scaling.pk,
        )
    return scaling


# --- Helpers ----------------------------------------------------------------------------------------


def _audit(
    assessment: Assessment, *, by: User, action: AuditAction, object_type: str, object_id: int, **detail: Any
) -> None:
    child = assessment.child
    record_audit_event(
        user=by,
        action=action,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail or None,
    )


def _refuse_unless_editable(assessment_id: int) -> None:
    """Raise the reason an assessment cannot be changed now (read afresh, inside the transaction)."""
    status = Assessment.objects.filter(pk=assessment_id).values_list("status", flat=True).first()
    problem = rules.edit_problem(status or "")
    if problem:
        raise AssessmentRefused("__all__", problem)


def _touch(assessment: Assessment) -> None:
    """Move the version on for a change to the mapping or scaling, refusing one to an assessment
    that is no longer editable. The UPDATE holds the row until the transaction ends, so the
    change and a submission or decision cannot interleave."""
    updated = Assessment.objects.filter(pk=assessment.pk, status__in=rules.EDITABLE).update(version=F("version") + 1)
    if updated != 1:
        _refuse_unless_editable(assessment.pk)
        raise EditConflict
    assessment.version += 1


def _episode_for(child: Child, kind: str, starts_on: date) -> Episode | None:
    """The stage of the child's journey the assessment belongs to: the latest episode open on
    its start date, early help for an early help assessment, social care otherwise."""
    stages = {Stage.EARLY_HELP} if kind == AssessmentKind.EARLY_HELP else set(SOCIAL_CARE_STAGES)
    episodes = Episode.objects.filter(child=child, stage__in=stages, starts_on__lte=starts_on)
    episodes = episodes.filter(ends_on__isnull=True) | episodes.filter(ends_on__gte=starts_on)
    return episodes.order_by("-starts_on", "-pk").first()


# --- Starting and changing ----------------------------------------------------------------------------


def do_start_assessment(
    *, child: Child, kind: str, starts_on: date, by: User, episode: Episode | None = None
) -> Assessment:
    """Start an early help or a child and family assessment, due as the council's timescales say.

    A child has one assessment of each kind open at a time: a second would split what is known
    between two records. The assessment joins the stage of the child's journey open on its
    start date unless `episode` is given."""
    if kind not in AssessmentKind.values:
        raise AssessmentRefused("kind", "Select the kind of assessment")
    problem = rules.start_problem(starts_on=starts_on, today=timezone.localdate())
    if problem:
        raise AssessmentRefused(*problem)
    with transaction.atomic():
        Child.objects.select_for_update().filter(pk=child.pk).first()
        if Assessment.objects.filter(child=child, kind=kind).open().exists():
            article = "an" if kind == AssessmentKind.EARLY_HELP else "a"
            label = AssessmentKind(kind).label.lower()
            raise AssessmentRefused(
                "kind",
                f"{child.person.known_as} already has {article} {label} that is not yet authorised. "
                "Finish that one before starting another",
            )
        assessment = Assessment.objects.create(
            child=child,
            kind=kind,
            episode=episode or _episode_for(child, kind, starts_on),
            starts_on=starts_on,
            due_on=rules.assessment_due_on(kind=kind, starts_on=starts_on, timescales=timescales()),
            created_by=by,
            created_at=timezone.now(),
        )
        _audit(
            assessment, by=by, action=AuditAction.CREATE, object_type="assessment", object_id=assessment.pk, kind=kind
        )
    return assessment


CHANGEABLE = frozenset(
    {
        "child_development",
        "parenting_capacity",
        "family_environment",
        "analysis",
        "decision",
        "recommendation",
        "factors",
    }
)


def do_change_assessment(
    *, assessment: Assessment, changes: dict[str, Any], expected_version: int, by: User
) -> Assessment:
    """Change the assessment's domains, analysis, decision, recommendation or factors, unless
    someone else changed it since `expected_version` was read, or it has gone for a decision."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if "factors" in changes:
        problem = rules.factors_problem(changes["factors"])
        if problem:
            raise AssessmentRefused(*problem)
        changes = {**changes, "factors": rules.ordered_factors(changes["factors"])}
    with transaction.atomic():
        updated = Assessment.objects.filter(
            pk=assessment.pk, version=expected_version, status__in=rules.EDITABLE
        ).update(**changes, version=F("version") + 1)
        if updated != 1:
            _refuse_unless_editable(assessment.pk)
            raise EditConflict
        changed = sorted(name for name, value in changes.items() if getattr(assessment, name) != value)
        _audit(
            assessment,
            by=by,
            action=AuditAction.UPDATE,
            object_type="assessment",
            object_id=assessment.pk,
            changed=changed,
        )
    assessment.refresh_from_db()
    return assessment


# --- The mapping ----------------------------------------------------------------------------------------

STATEMENT_MODELS: dict[str, type[MappingStatement]] = {
    "harm": HarmStatement,
    "danger": DangerStatement,
    "complicating": ComplicatingFactor,
    "strength": Strength,
    "safety": ExistingSafety,
    "goal": SafetyGoal,
    "next_step": NextStep,
}

# The words each statement must have, with the message when they are missing.
REQUIRED_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "harm": (("text", "Enter what has happened"),),
    "danger": (
        ("who_is_worried", "Enter who is worried"),
        ("worry", "Enter what they are worried about"),
        ("impact", "Enter what it would mean for the child if nothing changes"),
    ),
    "complicating": (("text", "Enter what makes things harder"),),
    "strength": (("text", "Enter what is working well"),),
    "safety": (("text", "Enter what is already keeping the child safe"),),
    "goal": (("text", "Enter what everyone needs to see happening"),),
}


def _statement_problem(assessment: Assessment, kind: str, fields: dict[str, Any]) -> tuple[str, str] | None:
    if kind == "next_step":
        return rules.next_step_problem(
            what=fields.get("what") or "", owner=fields.get("owner") or "", due_on=fields.get("due_on")
        )
    for name, message in REQUIRED_WORDS[kind]:
        if not str(fields.get(name) or "").strip():
            return name, message
    if kind == "goal":
        danger = fields.get("danger")
        if not isinstance(danger, DangerStatement) or danger.assessment_id != assessment.pk or danger.removed_at:
            return "danger", "Select the danger statement this goal answers"
    return None


def do_add_statement(*, assessment: Assessment, kind: str, fields: dict[str, Any], by: User) -> MappingStatement:
    """Add a statement to the mapping: harm, danger, complicating factor, strength, existing
    safety, goal (always paired with one of this assessment's danger statements) or next step
    (always with who will do it and by when)."""
    model = STATEMENT_MODELS.get(kind)
    if model is None:
        raise ValueError(f"No such mapping statement: {kind}")
    problem = _statement_problem(assessment, kind, fields)
    if problem:
        raise AssessmentRefused(*problem)
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    with transaction.atomic():
        _touch(assessment)
        statement = model.objects.create(assessment=assessment, created_by=by, created_at=timezone.now(), **cleaned)
        _audit(assessment, by=by, action=AuditAction.CREATE, object_type=f"assessment_{kind}", object_id=statement.pk)
    return statement


def do_remove_statement(*, assessment: Assessment, kind: str, statement_id: int, by: User) -> MappingStatement:
    """Take a statement off the mapping. It is kept, marked removed, so nothing is lost; a
    danger statement still answered by a goal stays until its goals are removed."""
    model = STATEMENT_MODELS.get(kind)
    if model is None:
        raise ValueError(f"No such mapping statement: {kind}")
    with transaction.atomic():
        _touch(assessment)
        statement = model.objects.filter(assessment=assessment, pk=statement_id, removed_at__isnull=True).first()
        if statement is None:
            raise AssessmentRefused("__all__", "That statement is not on this assessment's mapping")
        if kind == "danger" and SafetyGoal.objects.current().filter(danger_id=statement_id).exists():
            raise AssessmentRefused("__all__", "Remove the goals paired with this danger statement first")
        now = timezone.now()
        model.objects.filter(pk=statement_id).update(removed_at=now, removed_by=by)
        statement.removed_at, statement.removed_by = now, by
        _audit(
            assessment,
            by=by,
            action=AuditAction.UPDATE,
            object_type=f"assessment_{kind}",
            object_id=statement_id,
            removed=True,
        )
    return statement


def do_mark_next_step_done(*, assessment: Assessment, step_id: int, done_on: date | None, by: User) -> NextStep:
    """Mark a next step done on a day (or not done, with None)."""
    if done_on is not None and done_on > timezone.localdate():
        raise AssessmentRefused("done_on", "Date done must be today or in the past")
    with transaction.atomic():
        _touch(assessment)
        updated = NextStep.objects.filter(assessment=assessment, pk=step_id, removed_at__isnull=True).update(
            done_on=done_on
        )
        if updated != 1:
            raise AssessmentRefused("__all__", "That next step is not on this assessment")
        _audit(
            assessment,
            by=by,
            action=AuditAction.UPDATE,
            object_type="assessment_next_step",
            object_id=step_id,
            done_on=str(done_on) if done_on else None,
        )
    return NextStep.objects.get(pk=step_id)


def do_record_assessment_scaling(
    *,
    assessment: Assessment,
    asked_on: date,
    who: str,
    name: str,
    score: int,
    reason: str,
    by: User,
    person: Person | None = None,
) -> ScalingScore:
    """Record one person's scaling during the assessment: the child, a parent or carer, someone
    in the network, the practitioner or an agency, each with their own reason."""
    problem = rules.asked_on_problem(asked_on=asked_on, starts_on=assessment.starts_on, today=timezone.localdate())
    if problem:
        raise AssessmentRefused(*problem)
    if not name.strip():
        raise AssessmentRefused("name", "Enter the name of the person or agency asked")
    with transaction.atomic():
        _touch(assessment)
        return do_record_scaling(
            child=assessment.child,
            asked_on=asked_on,
            who=who,
            name=name.strip(),
            score=score,
            reason=reason.strip(),
            context=ScalingContext.ASSESSMENT,
            context_id=assessment.pk,
            by=by,
            person=person,
        )


# --- Sign-off ----------------------------------------------------------------------------------------------


def submission_facts(assessment: Assessment) -> rules.SubmissionFacts:
    """What the submission rules need, read from the assessment and its mapping."""
    scaling = ScalingScore.objects.filter(context=ScalingContext.ASSESSMENT, context_id=assessment.pk)
    dangers = DangerStatement.objects.current().filter(assessment=assessment)
    answered = SafetyGoal.objects.current().filter(assessment=assessment).values("danger_id")
    return rules.SubmissionFacts(
        kind=assessment.kind,
        status=assessment.status,
        analysis=assessment.analysis,
        decision=assessment.decision,
        factors=tuple(assessment.factors),
        scaling_count=scaling.count(),
        dangers_without_goal=dangers.exclude(pk__in=answered).count(),
    )


def _status_change(assessment: Assessment, status: str, *, by: User, rationale: str = "") -> StatusChange:
    now = timezone.now()
    return StatusChange.objects.create(
        assessment=assessment,
        status=status,
        rationale=rationale,
        by=by,
        changed_at=now,
        changed_on=timezone.localdate(now),
    )


def do_submit_assessment(*, assessment: Assessment, completed_on: date, expected_version: int, by: User) -> Assessment:
    """Send the assessment to a manager for a decision, once it has what a decision needs
    (see rules.submission_problems). The first problem found is raised."""
    problem = rules.completed_problem(
        completed_on=completed_on, starts_on=assessment.starts_on, today=timezone.localdate()
    )
    if problem:
        raise AssessmentRefused(*problem)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        problems = rules.submission_problems(submission_facts(current))
        if problems:
            raise AssessmentRefused(*problems[0])
        updated = Assessment.objects.filter(
            pk=assessment.pk, version=expected_version, status__in=rules.EDITABLE
        ).update(status=AssessmentStatus.SUBMITTED, completed_on=completed_on, version=F("version") + 1)
        if updated != 1:
            raise EditConflict
        change = _status_change(assessment, AssessmentStatus.SUBMITTED, by=by)
        _audit(
            assessment,
            by=by,
            action=AuditAction.UPDATE,
            object_type="assessment",
            object_id=assessment.pk,
            status=AssessmentStatus.SUBMITTED,
            step=change.pk,
        )
    assessment.refresh_from_db()
    return assessment


def _already_decided(assessment_id: int) -> Exception:
    """Why a manager's decision found no row to change: someone decided first, or the
    assessment changed since the manager opened it."""
    latest = (
        StatusChange.objects.filter(assessment_id=assessment_id)
        .select_related("by")
        .order_by("-changed_at", "-pk")
        .first()
    )
    if latest is None or latest.status not in (AssessmentStatus.AUTHORISED, AssessmentStatus.RETURNED):
        return EditConflict()
    at = timezone.localtime(latest.changed_at)
    did = "authorised this assessment" if latest.status == AssessmentStatus.AUTHORISED else "returned this assessment"
    return AlreadyDecided(f"{latest.by} {did} at {at:%H:%M} on {at:%-d %B %Y}. Your decision has not been saved")


def do_decide_assessment(
    *, assessment: Assessment, outcome: str, rationale: str, expected_version: int, by: User
) -> Assessment:
    """A manager authorises the assessment, or returns it for more work, always saying why.

    The status moves only if the assessment is still submitted at the version the manager read:
    of two managers deciding at once, one wins and the other is told who decided first."""
    # The status is judged here only as the manager saw it: if the assessment has moved on
    # since, the conditional UPDATE below finds no row and says who decided first.
    seen = assessment.status if assessment.version == expected_version else AssessmentStatus.SUBMITTED
    problem = rules.decision_problem(status=seen, is_manager=by.is_manager, outcome=outcome, rationale=rationale)
    if problem:
        raise AssessmentRefused(*problem)
    now = timezone.now()
    if outcome == AssessmentStatus.AUTHORISED:
        fields: dict[str, Any] = {
            "authorised_by": by,
            "authorised_at": now,
            "authorised_on": timezone.localdate(now),
            "authorisation_rationale": rationale.strip(),
        }
    else:
        fields = {"completed_on": None}
    with transaction.atomic():
        updated = Assessment.objects.filter(
            pk=assessment.pk, version=expected_version, status=AssessmentStatus.SUBMITTED
        ).update(status=outcome, version=F("version") + 1, **fields)
        if updated != 1:
            raise _already_decided(assessment.pk)
        change = _status_change(assessment, outcome, by=by, rationale=rationale.strip())
        _audit(
            assessment,
            by=by,
            action=AuditAction.UPDATE,
            object_type="assessment",
            object_id=assessment.pk,
            status=outcome,
            step=change.pk,
        )
    assessment.refresh_from_db()
    return assessment


def do_authorise_assessment(*, assessment: Assessment, rationale: str, expected_version: int, by: User) -> Assessment:
    """A manager authorises the assessment, with the reason for the decision."""
    return do_decide_assessment(
        assessment=assessment,
        outcome=AssessmentStatus.AUTHORISED,
        rationale=rationale,
        expected_version=expected_version,
        by=by,
    )


def do_return_assessment(*, assessment: Assessment, rationale: str, expected_version: int, by: User) -> Assessment:
    """A manager returns the assessment to the practitioner for more work, saying what is needed."""
    return do_decide_assessment(
        assessment=assessment,
        outcome=AssessmentStatus.RETURNED,
        rationale=rationale,
        expected_version=expected_version,
        by=by,
    )
