"""The reads behind the plan pages: who can own an action, the safety network to choose from,
and the child's scaling scores grouped for the chart and listed for its table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kith.assessments.models import ScalingContext, ScalingScore, ScalingWho
from kith.core.codes import label_for
from kith.journey.codes import Stage
from kith.journey.models import Episode
from kith.people.models import Child, NetworkMember, Relationship
from kith.plans.chart import Point, Series
from kith.plans.models import AttendeeRole

Choices = list[tuple[int, str]]


def came_into_care_on(child: Child) -> date | None:
    """When the child's current period in care started, if they are looked after."""
    episode = Episode.objects.open().filter(child=child, stage=Stage.LOOKED_AFTER).order_by("-starts_on").first()
    return episode.starts_on if episode else None


def people_around(child: Child) -> Choices:
    """The child and the people on their record directly around them (relationships and the
    network), for linking an action to a person."""
    seen: dict[int, str] = {child.person_id: f"{child.person.full_name} (the child)"}
    for relationship in Relationship.objects.involving(child.person_id):
        other = relationship.from_person if relationship.to_person_id == child.person_id else relationship.to_person
        seen.setdefault(other.pk, other.full_name)
    for member in NetworkMember.objects.filter(child=child, person__isnull=False).current():
        assert member.person is not None
        seen.setdefault(member.person.pk, member.person.full_name)
    first = [(child.person_id, seen.pop(child.person_id))]
    return first + sorted(seen.items(), key=lambda item: item[1])


def network_members(child: Child) -> Choices:
    return [(m.pk, str(m)) for m in NetworkMember.objects.filter(child=child).current()]


def invited_by_default(child: Child, practitioner_name: str) -> list[dict[str, str]]:
    """Who a review usually has: the child, their parents and carers with parental
    responsibility, the practitioner. The practitioner changes the list as it was."""
    rows = [{"name": child.person.full_name, "role": AttendeeRole.CHILD}]
    parents = Relationship.objects.filter(
        to_person_id=child.person_id, has_parental_responsibility=True, ends_on__isnull=True
    ).select_related("from_person")
    rows += [{"name": r.from_person.full_name, "role": AttendeeRole.PARENT_CARER} for r in parents]
    rows.append({"name": practitioner_name, "role": AttendeeRole.PRACTITIONER})
    return rows


SCALING_WHO_FOR_ROLE: dict[str, str] = {
    AttendeeRole.CHILD: ScalingWho.CHILD,
    AttendeeRole.PARENT_CARER: ScalingWho.PARENT_CARER,
    AttendeeRole.NETWORK: ScalingWho.NETWORK,
    AttendeeRole.AGENCY: ScalingWho.AGENCY,
    AttendeeRole.PRACTITIONER: ScalingWho.PRACTITIONER,
}


def scaling_rows_for(invited: list[dict[str, str]]) -> list[dict[str, str]]:
    """A scaling row for each person invited who can be asked (not the chair)."""
    return [
        {"who": SCALING_WHO_FOR_ROLE[row["role"]], "name": row["name"]}
        for row in invited
        if row["role"] in SCALING_WHO_FOR_ROLE
    ]


@dataclass(frozen=True)
class ScoreRow:
    """One score for the table beside the chart."""

    asked_on: date
    name: str
    who: str
    score: int
    reason: str
    where: str
    review_id: int | None


@dataclass(frozen=True)
class ScalingQuestion:
    question: str
    series: list[Series]
    rows: list[ScoreRow]


def _series_key(score: ScalingScore) -> tuple[str, str]:
    return (f"person:{score.person_id}", "") if score.person_id else (score.who, score.name.strip().lower())


def scaling_questions(child: Child) -> list[ScalingQuestion]:
    """The child's scaling scores from every place they were asked (assessments, reviews,
    meetings, visits), a chart series per person asked, for each question asked."""
    by_question: dict[str, list[ScalingScore]] = {}
    for score in ScalingScore.objects.for_child(child):
        by_question.setdefault(score.question, []).append(score)
    return [_question(question, scores) for question, scores in by_question.items()]


def _question(question: str, scores: list[ScalingScore]) -> ScalingQuestion:
    grouped: dict[tuple[str, str], list[ScalingScore]] = {}
    for score in scores:
        grouped.setdefault(_series_key(score), []).append(score)
    series = [
        Series(
            name=f"{group[-1].name} ({label_for(ScalingWho, group[-1].who).lower()})",
            points=tuple(Point(s.asked_on, s.score, s.reason) for s in group),
        )
        for group in grouped.values()
    ]
    rows = [
        ScoreRow(
            asked_on=s.asked_on,
            name=s.name,
            who=label_for(ScalingWho, s.who),
            score=s.score,
            reason=s.reason,
            where=label_for(ScalingContext, s.context),
            review_id=s.context_id if s.context == ScalingContext.PLAN_REVIEW else None,
        )
        for s in sorted(scores, key=lambda s: (s.asked_on, s.name, s.pk))
    ]
    return ScalingQuestion(question=question, series=series, rows=rows)
