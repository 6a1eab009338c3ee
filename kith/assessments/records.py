"""Reads of assessments for pages and for other apps.

Pages read a child's assessments with one query, an assessment's mapping with one query per kind
of statement, and its scaling with one more. Other apps (the explanation document, plans,
returns) read an authorised assessment through `assessment_summary`, which gives plain values
and never a model: what was decided and why, the worries, the strengths, the goals and the next
steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from kith.assessments.codes import AssessmentKind, AssessmentStatus, factor_label
from kith.assessments.models import (
    Assessment,
    ComplicatingFactor,
    DangerStatement,
    ExistingSafety,
    HarmStatement,
    NextStep,
    SafetyGoal,
    ScalingContext,
    ScalingScore,
    ScalingWho,
    StatusChange,
    Strength,
)
from kith.assessments.rules import AssessmentTime, assessment_time
from kith.core.codes import label_for
from kith.people.models import Child

# --- The child's assessments --------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    assessment: Assessment
    time: AssessmentTime

    @property
    def kind_label(self) -> str:
        return self.assessment.get_kind_display()

    @property
    def status_label(self) -> str:
        return self.assessment.get_status_display()


def timing(assessment: Assessment, *, today: date) -> AssessmentTime:
    """Where the assessment stands against its due date; it is finished when authorised."""
    return assessment_time(
        starts_on=assessment.starts_on, due_on=assessment.due_on, finished_on=assessment.authorised_on, today=today
    )


def assessment_rows(child: Child, *, today: date) -> list[AssessmentRow]:
    """The child's assessments, newest first, each with its timeliness (one query)."""
    assessments = Assessment.objects.for_child(child).select_related("authorised_by")
    return [AssessmentRow(a, timing(a, today=today)) for a in assessments]


# --- One assessment's mapping ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DangerWithGoals:
    danger: DangerStatement
    goals: list[SafetyGoal]


@dataclass(frozen=True)
class Mapping:
    """The assessment's current mapping statements (removed ones left out), oldest first."""

    harms: list[HarmStatement]
    dangers: list[DangerWithGoals]
    complicating: list[ComplicatingFactor]
    strengths: list[Strength]
    safety: list[ExistingSafety]
    next_steps: list[NextStep]

    @property
    def goals(self) -> list[SafetyGoal]:
        return [goal for pair in self.dangers for goal in pair.goals]

    @property
    def dangers_without_goal(self) -> list[DangerStatement]:
        return [pair.danger for pair in self.dangers if not pair.goals]


def load_mapping(assessment: Assessment) -> Mapping:
    """Every current statement of the assessment's mapping, each goal beside its danger statement."""
    dangers = list(DangerStatement.objects.current().filter(assessment=assessment))
    goals = list(SafetyGoal.objects.current().filter(assessment=assessment))
    by_danger: dict[int, list[SafetyGoal]] = {d.pk: [] for d in dangers}
    for goal in goals:
        by_danger.setdefault(goal.danger_id, []).append(goal)
    return Mapping(
        harms=list(HarmStatement.objects.current().filter(assessment=assessment)),
        dangers=[DangerWithGoals(d, by_danger[d.pk]) for d in dangers],
        complicating=list(ComplicatingFactor.objects.current().filter(assessment=assessment)),
        strengths=list(Strength.objects.current().filter(assessment=assessment)),
        safety=list(ExistingSafety.objects.current().filter(assessment=assessment)),
        next_steps=list(NextStep.objects.current().filter(assessment=assessment).order_by("due_on", "pk")),
    )


def status_history(assessment: Assessment) -> list[StatusChange]:
    return list(StatusChange.objects.filter(assessment=assessment).select_related("by"))


# --- Scaling over time --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonScaling:
    """One person's scaling over the assessment, oldest first."""

    who: str
    name: str
    scores: list[ScalingScore] = field(default_factory=list)

    @property
    def who_label(self) -> str:
        return label_for(ScalingWho, self.who)

    @property
    def latest(self) -> ScalingScore:
        return self.scores[-1]

    @property
    def change(self) -> int:
        """How far their score has moved from their first answer (up is better)."""
        return self.scores[-1].score - self.scores[0].score


def assessment_scaling(assessment: Assessment) -> list[ScalingScore]:
    return list(
        ScalingScore.objects.filter(context=ScalingContext.ASSESSMENT, context_id=assessment.pk)
        .select_related("recorded_by")
        .order_by("asked_on", "pk")
    )


WHO_ORDER = {who: n for n, who in enumerate(ScalingWho.values)}


def scaling_by_person(scores: Iterable[ScalingScore]) -> list[PersonScaling]:
    """Each person's answers together: the child first, then parents and carers, the network,
    the practitioner and agencies, as ScalingWho orders them. A person is their role and name."""
    people: dict[tuple[str, str], PersonScaling] = {}
    for score in scores:
        key = (score.who, score.name.strip().casefold())
        people.setdefault(key, PersonScaling(score.who, score.name)).scores.append(score)
    return sorted(people.values(), key=lambda p: (WHO_ORDER.get(p.who, 99), p.name.casefold()))


# --- For other apps -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DangerLine:
    who_is_worried: str
    worry: str
    impact: str
    goals: tuple[str, ...]


@dataclass(frozen=True)
class NextStepLine:
    what: str
    owner: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class ScalingLine:
    who: str  # a ScalingWho code
    who_label: str
    name: str
    asked_on: date
    score: int
    reason: str


@dataclass(frozen=True)
class AssessmentSummary:
    """An assessment in plain values, for documents and other apps. `scaling` holds each
    person's latest answer; `factors` the DfE codes with their descriptions."""

    assessment_id: int
    child_id: int
    kind: str
    kind_label: str
    status: str
    starts_on: date
    due_on: date
    completed_on: date | None
    authorised_on: date | None
    authorised_at: datetime | None
    authorised_by: str
    authorisation_rationale: str
    child_development: str
    parenting_capacity: str
    family_environment: str
    analysis: str
    decision: str
    recommendation: str
    factors: tuple[tuple[str, str], ...]
    harms: tuple[str, ...]
    dangers: tuple[DangerLine, ...]
    complicating: tuple[str, ...]
    strengths: tuple[str, ...]
    safety: tuple[str, ...]
    next_steps: tuple[NextStepLine, ...]
    scaling: tuple[ScalingLine, ...]

    @property
    def is_authorised(self) -> bool:
        return self.status == AssessmentStatus.AUTHORISED

    @property
    def goals(self) -> tuple[str, ...]:
        return tuple(goal for danger in self.dangers for goal in danger.goals)


def assessment_summary(assessment: Assessment) -> AssessmentSummary:
    """Everything an explanation or a plan needs from an assessment, as plain values."""
    mapping = load_mapping(assessment)
    people = scaling_by_person(assessment_scaling(assessment))
    return AssessmentSummary(
        assessment_id=assessment.pk,
        child_id=assessment.child_id,
        kind=assessment.kind,
        kind_label=label_for(AssessmentKind, assessment.kind),
        status=assessment.status,
        starts_on=assessment.starts_on,
        due_on=assessment.due_on,
        completed_on=assessment.completed_on,
        authorised_on=assessment.authorised_on,
        authorised_at=assessment.authorised_at,
        authorised_by=str(assessment.authorised_by) if assessment.authorised_by_id else "",
        authorisation_rationale=assessment.authorisation_rationale,
        child_development=assessment.child_development,
        parenting_capacity=assessment.parenting_capacity,
        family_environment=assessment.family_environment,
        analysis=assessment.analysis,
        decision=assessment.decision,
        recommendation=assessment.recommendation,
        factors=tuple((code, factor_label(code)) for code in assessment.factors),
        harms=tuple(h.text for h in mapping.harms),
        dangers=tuple(
            DangerLine(p.danger.who_is_worried, p.danger.worry, p.danger.impact, tuple(g.text for g in p.goals))
            for p in mapping.dangers
        ),
        complicating=tuple(c.text for c in mapping.complicating),
        strengths=tuple(s.text for s in mapping.strengths),
        safety=tuple(s.text for s in mapping.safety),
        next_steps=tuple(NextStepLine(n.what, n.owner, n.due_on, n.done_on) for n in mapping.next_steps),
        scaling=tuple(
            ScalingLine(p.who, p.who_label, p.latest.name, p.latest.asked_on, p.latest.score, p.latest.reason)
            for p in people
        ),
    )


def latest_authorised_assessment(child: Child) -> Assessment | None:
    """The child's most recently authorised assessment, of either kind, or None."""
    return (
        Assessment.objects.filter(child=child)
        .authorised()
        .select_related("authorised_by", "child")
        .order_by("-authorised_at", "-pk")
        .first()
    )
