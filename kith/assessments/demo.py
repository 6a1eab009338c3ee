"""Synthetic assessments for the demo borough, made through the app's own actions.

Every word here is invented and generic: no real child, family, school or worker is described.
The same `rng` gives the same assessments, so the demo stays deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from kith.assessments.actions import (
    do_add_statement,
    do_authorise_assessment,
    do_change_assessment,
    do_record_assessment_scaling,
    do_start_assessment,
    do_submit_assessment,
)
from kith.assessments.codes import NO_FACTORS, AssessmentKind
from kith.assessments.models import Assessment, DangerStatement, ScalingWho
from kith.core.models import Role, User
from kith.journey.codes import Stage
from kith.people.models import Child, Relationship

HARMS = (
    "{child} has missed {n} school days this term and was seen arriving hungry on several mornings.",
    "Police were called to the family home after an argument between adults; {child} was in the next room.",
    "{child} told a teacher they had been left at home alone overnight.",
    "A bruise on {child}'s arm was seen by school staff; the explanation given has changed over time.",
)
DANGERS = (
    (
        "School and the practitioner",
        "{child} will keep missing school and fall further behind",
        "{child} may lose friendships and the chance to do well at school",
    ),
    (
        "{parent} and the practitioner",
        "arguments at home will become violent again while {child} is there",
        "{child} could be hurt and will keep feeling frightened at home",
    ),
    (
        "The health visitor",
        "{child}'s health needs will not be met because appointments are missed",
        "{child}'s health could get worse without anyone noticing",
    ),
)
GOALS = (
    "{child} goes to school every day and the network helps with mornings when {parent} is unwell.",
    "Everyone can see that arguments are sorted out calmly and {child} feels safe at home, over the next six months.",
    "{child} gets to every health appointment, with someone from the network going too if needed.",
)
COMPLICATING = (
    "The family moved twice this year and are in temporary housing.",
    "{parent} works night shifts and there is little support nearby.",
    "Money is very tight and the family has debts.",
)
STRENGTHS = (
    "{parent} loves {child} and wants things to be better.",
    "{child} has a close relationship with a grandparent who visits every week.",
    "{child} enjoys football club and the coach knows the family well.",
    "{parent} has been honest with the practitioner about what has been hard.",
)
SAFETY = (
    "A grandparent collects {child} from school on the days {parent} works.",
    "{parent} has agreed a plan with a neighbour for {child} to go to if arguments start.",
)
NEXT_STEPS = (
    ("Hold a family network meeting", "The practitioner", 10),
    ("Agree a morning routine with the school", "{parent}", 15),
    ("Book and attend the health appointment", "{parent}, with a grandparent", 20),
    ("Share a summary of concerns with the family before the meeting", "The school", 5),
)
REASONS = {
    ScalingWho.CHILD: ("Home is mostly OK but I don't like the shouting", "I like it when Nan picks me up"),
    ScalingWho.PARENT_CARER: ("Things are better than last month", "I know I need help with mornings"),
    ScalingWho.PRACTITIONER: ("Strengths are real but the worries are not yet answered by safety shown over time",),
    ScalingWho.AGENCY: ("Attendance has improved a little since the last meeting",),
}
ANALYSES = (
    "{child}'s needs are being met some of the time. The worries are about consistency rather than love: "
    "with the network's help, {parent} can show the safety needed over the next three months.",
    "The assessment found real strengths in the family and a network willing to help. The main worry is the "
    "effect on {child} of adult conflict; support focused on that is likely to make a difference.",
)
DECISIONS = (
    "Child in need plan, reviewed in three months.",
    "Step down to early help, with a family network meeting first.",
    "Early help plan with the school as lead professional.",
)
FACTOR_CHOICES = (("16A", "4B"), ("3A", "3B"), ("1B", "16A"), ("4A",), ("17A", "3B"), (NO_FACTORS,))


def _parent_name(child: Child) -> str:
    parent = (
        Relationship.objects.filter(to_person_id=child.person_id, kind="parent")
        .select_related("from_person")
        .order_by("pk")
        .first()
    )
    return parent.from_person.legal_given_name if parent else "Their parent"


def _manager_of(child: Child) -> User | None:
    if child.team_id is None:
        return None
    return User.objects.filter(team_id=child.team_id, role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()


def _fill(text: str, words: dict[str, str]) -> str:
    return text.format(**words)


def _map(assessment: Assessment, *, by: User, rng: random.Random, words: dict[str, str], today: date) -> None:
    """Mapping statements: harm, dangers each with its goal, complicating factors, strengths,
    existing safety and next steps with owners and dates."""
    for text in rng.sample(HARMS, k=rng.randint(1, 2)):
        do_add_statement(assessment=assessment, kind="harm", fields={"text": _fill(text, words)}, by=by)
    for n in rng.sample(range(len(DANGERS)), k=rng.randint(1, 2)):
        who, worry, impact = (_fill(part, words) for part in DANGERS[n])
        fields = {"who_is_worried": who, "worry": worry, "impact": impact}
        danger = do_add_statement(assessment=assessment, kind="danger", fields=fields, by=by)
        assert isinstance(danger, DangerStatement)
        do_add_statement(
            assessment=assessment, kind="goal", fields={"danger": danger, "text": _fill(GOALS[n], words)}, by=by
        )
    for kind, pool, k in (("complicating", COMPLICATING, 1), ("strength", STRENGTHS, 2), ("safety", SAFETY, 1)):
        for text in rng.sample(pool, k=k):
            do_add_statement(assessment=assessment, kind=kind, fields={"text": _fill(text, words)}, by=by)
    for what, owner, days in rng.sample(NEXT_STEPS, k=2):
        step = {"what": what, "owner": _fill(owner, words), "due_on": today + timedelta(days=days)}
        do_add_statement(assessment=assessment, kind="next_step", fields=step, by=by)


def _scale(assessment: Assessment, *, by: User, rng: random.Random, words: dict[str, str], today: date) -> None:
    """Scaling from the child, a parent, the practitioner and the school, asked once or twice."""
    asked = [(ScalingWho.CHILD, words["child"]), (ScalingWho.PARENT_CARER, words["parent"])]
    asked += [(ScalingWho.PRACTITIONER, str(by)), (ScalingWho.AGENCY, "School")]
    days = (today - assessment.starts_on).days
    rounds = sorted({assessment.starts_on + timedelta(days=rng.randint(0, days)) for _ in range(rng.randint(1, 2))})
    for n, asked_on in enumerate(rounds):
        for who, name in asked:
            score = max(0, min(10, rng.randint(3, 7) + n))
            reason = rng.choice(REASONS[who])
            do_record_assessment_scaling(
                assessment=assessment, asked_on=asked_on, who=who, name=name, score=score, reason=reason, by=by
            )


def _write_up(assessment: Assessment, *, by: User, rng: random.Random, words: dict[str, str]) -> Assessment:
    changes = {
        "child_development": _fill("{child} is meeting most milestones; speech and friendships are going well.", words),
        "parenting_capacity": _fill("{parent} provides warmth and routine most days; mornings are hard.", words),
        "family_environment": "The family has a small network nearby and a tenancy that is not yet secure.",
        "analysis": _fill(rng.choice(ANALYSES), words),
        "decision": rng.choice(DECISIONS),
        "recommendation": "Hold a family network meeting and agree a plan with the family in their own words.",
        "factors": list(rng.choice(FACTOR_CHOICES)),
    }
    return do_change_assessment(assessment=assessment, changes=changes, expected_version=assessment.version, by=by)


def seed_assessments(*, children: list[Child], by: User, today: date, rng: random.Random) -> int:
    """One assessment for each of `children` (unborn babies left out, and children who already
    have one of that kind open), made through the actions: about a third still in progress, a
    fifth waiting for a manager, the rest authorised by the team manager (left waiting where the
    team has none). Returns how many were started."""
    today = min(today, timezone.localdate())  # the actions refuse dates after the real today
    started = 0
    for child in children:
        if child.person.is_unborn:
            continue  # an unborn baby's assessment reads nothing like these words
        words = {"child": child.person.known_as, "parent": _parent_name(child), "n": str(rng.randint(4, 15))}
        kind = AssessmentKind.EARLY_HELP if child.current_stage == Stage.EARLY_HELP else AssessmentKind.CHILD_AND_FAMILY
        starts_on = today - timedelta(days=rng.randint(5, 90))
        if Assessment.objects.filter(child=child, kind=kind).open().exists():
            continue
        assessment = do_start_assessment(child=child, kind=kind, starts_on=starts_on, by=by)
        started += 1
        _map(assessment, by=by, rng=rng, words=words, today=today)
        _scale(assessment, by=by, rng=rng, words=words, today=today)
        roll = rng.random()
        if roll < 0.33:
            continue
        assessment = _write_up(assessment, by=by, rng=rng, words=words)
        completed_on = starts_on + timedelta(days=rng.randint(0, (today - starts_on).days))
        assessment = do_submit_assessment(
            assessment=assessment, completed_on=completed_on, expected_version=assessment.version, by=by
        )
        manager = _manager_of(child)
        if roll < 0.53 or manager is None:
            continue
        do_authorise_assessment(
            assessment=assessment,
            rationale="The analysis is supported by the mapping and the family's own views. Agreed.",
            expected_version=assessment.version,
            by=manager,
        )
    return started
