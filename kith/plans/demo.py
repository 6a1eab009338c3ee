"""Synthetic plans for the demo borough, made through the plans app's own actions.

Each open child at a stage with a plan gets one: goals in the family's words, actions owned by
the family, their network, agencies and the practitioner, a safety plan for children on child
protection plans, and a review or two with scaling as time allows. Every word is invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from kith.assessments.models import ScalingWho
from kith.core.models import User
from kith.journey.codes import CategoryOfAbuse, Stage
from kith.journey.models import Episode
from kith.people.models import Child, NetworkMember, Relationship
from kith.people.rules import age_on
from kith.plans.actions import (
    AttendeeInput,
    ProgressInput,
    SafetyRoleInput,
    ScalingInput,
    do_add_plan_action,
    do_add_plan_goal,
    do_change_safety_plan,
    do_record_plan_review,
    do_start_plan,
)
from kith.plans.models import ActionStatus, AttendeeRole, GoalStatus, OwnerKind, Plan, PlanKind

PLAN_FOR_STAGE: dict[str, str] = {
    Stage.EARLY_HELP: PlanKind.EARLY_HELP,
    Stage.CHILD_IN_NEED: PlanKind.CHILD_IN_NEED,
    Stage.CHILD_PROTECTION: PlanKind.CHILD_PROTECTION,
    Stage.LOOKED_AFTER: PlanKind.CARE_PLAN,
    Stage.CARE_LEAVER: PlanKind.PATHWAY_PLAN,
}

CHILD_GOALS = (
    "I want to feel safe at home, even when there are arguments",
    "I want to see my nan every weekend like before",
    "No more shouting at night so I can sleep",
    "I want to go to football club on Saturdays",
    "I want to have friends round to my house",
)
PARENT_GOALS = (
    "Get the kids to school on time every day",
    "Keep the house warm and tidy so the kids are proud of it",
    "Sort the money out so there is always food in",
    "Keep going to the group and stay off the drink",
    "Be calmer with the kids when I am stressed",
)
AGENCIES = (
    (
        "Riverside Primary School",
        "Check in with {name} every Monday morning and let the social worker know of any worries",
    ),
    ("Health visiting team", "Visit at home and check {name}'s growth and development"),
    ("Family support service", "Run six sessions on routines and bedtimes with the family"),
    ("School nurse", "See {name} each fortnight for a chat about how things are at home"),
    ("Housing team", "Fix the damp in the bedroom"),
)
FAMILY_ACTIONS = (
    "Walk {name} to school each morning",
    "Go to the GP about feeling low",
    "Keep a diary of bedtimes for the next review",
    "Go to the parenting group on Thursdays",
)
NETWORK_HELPERS = ("Aunt Grace", "Nan", "Uncle Dev", "Pat next door", "Auntie Rosa")
NETWORK_ACTIONS = (
    "Have {name} for tea on Wednesdays",
    "Pick {name} up from school on Fridays",
    "Ring each evening to check in",
)
SAFETY_RULES = (
    "{name} is never left alone with an adult who has been drinking",
    "Arguments stop when the children are in the room",
    "{name} always has a trusted adult to phone, and the number is on the fridge",
    "Nobody smokes cannabis in the house",
)
SAFETY_PARTS = (
    "Visits on Tuesday and Thursday evenings and stays until bedtime",
    "Has {name} to stay if things get heated at home",
    "Is the person {name} rings if worried",
)
TRIGGERS = (
    "{name} is late for school or misses a day without a reason",
    "Neighbours hear shouting late at night",
    "{name} says they are scared to go home",
)
YOUNG_TRIGGERS = (
    "The health visitor cannot see {name} at a planned visit",
    "Neighbours hear shouting late at night",
    "Nursery sees a mark or bruise on {name}",
)
NETWORK_GOALS = ("We all want the baby to be safe and loved at home", "Keep the family together and everyone calm")
# Children this young (and unborn children) do not set goals in their own words or scale.
YOUNGEST_TO_ASK = 5
FALLBACKS = (
    "{name} goes to stay with a safety network member that night",
    "The social worker calls a network meeting within two days",
)
REASONS_LOW = ("Things are still up and down at home", "I am not sure it will last", "Worried about the evenings")
REASONS_HIGH = (
    "Mum has been calmer and school says things are better",
    "The routines are working",
    "We have not had a bad night in weeks",
)


def _is_young(child: Child, today: date) -> bool:
    born = child.person.date_of_birth
    return born is None or age_on(born, today) < YOUNGEST_TO_ASK


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _called(child: Child) -> str:
    """How the plan's words name the child: "the baby" before they are born."""
    return "the baby" if child.person.date_of_birth is None else child.person.known_as


def _parent_name(child: Child) -> str:
    parent = (
        Relationship.objects.filter(to_person_id=child.person_id, kind="parent", has_parental_responsibility=True)
        .select_related("from_person")
        .first()
    )
    return parent.from_person.full_name if parent else "Mum"


def _category(child: Child, rng: random.Random) -> str:
    episode = Episode.objects.open().filter(child=child, stage=Stage.CHILD_PROTECTION).first()
    return (episode.category_of_abuse if episode else "") or rng.choice(CategoryOfAbuse.values)


def _start_on(child: Child, today: date, rng: random.Random) -> date:
    episode = Episode.objects.open().filter(child=child, stage=child.current_stage).order_by("-starts_on").first()
    start = episode.starts_on if episode else today - timedelta(days=rng.randint(30, 240))
    return min(start, today)


def _actions(plan: Plan, child: Child, name: str, parent: str, by: User, rng: random.Random) -> None:
    practitioner = str(child.lead_practitioner or by)
    agency, agency_does = rng.choice(AGENCIES)
    helper = rng.choice(NETWORK_HELPERS)
    goals = list(plan.goals.all())
    rows = [
        (OwnerKind.FAMILY_MEMBER, parent, rng.choice(FAMILY_ACTIONS)),
        (OwnerKind.NETWORK_MEMBER, helper, rng.choice(NETWORK_ACTIONS)),
        (OwnerKind.AGENCY, agency, agency_does),
        (OwnerKind.PRACTITIONER, practitioner, "Visit every two weeks and see {name} on their own"),
    ]
    for owner_kind, owner, what in rows:
        do_add_plan_action(
            plan=plan,
            what=what.format(name=name),
            owner_kind=owner_kind,
            owner_name=owner,
            by_date=plan.starts_on + timedelta(days=rng.randint(14, 90)),
            goal=rng.choice(goals) if goals else None,
            by=by,
        )


def _safety_plan(plan: Plan, child: Child, name: str, young: bool, by: User, rng: random.Random) -> None:
    rules = [rule for rule in SAFETY_RULES if not (young and "to phone" in rule)]
    members = list(NetworkMember.objects.filter(child=child).current()[:2])
    network = [SafetyRoleInput(part=rng.choice(SAFETY_PARTS).format(name=name), network_member=m) for m in members]
    if not network:
        network = [SafetyRoleInput(part=SAFETY_PARTS[0], name=rng.choice(NETWORK_HELPERS))]
    do_change_safety_plan(
        plan=plan,
        safety_rules=[_sentence(rule.format(name=name)) for rule in rng.sample(rules, 3)],
        network=network,
        triggers=[_sentence(t.format(name=name)) for t in rng.sample(YOUNG_TRIGGERS if young else TRIGGERS, 2)],
        fallbacks=[_sentence(f.format(name=name)) for f in FALLBACKS],
        expected_version=plan.version,
        by=by,
    )


def _review(
    plan: Plan, child: Child, parent: str, held_on: date, number: int, young: bool, by: User, rng: random.Random
) -> None:
    name, practitioner = child.person.full_name, str(child.lead_practitioner or by)
    child_came = rng.random() < 0.6
    progress = [
        ProgressInput(a.pk, rng.choice((ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.DONE)))
        for a in plan.actions.all()
    ]
    base = rng.randint(2, 5) + number
    scores = [
        (ScalingWho.PARENT_CARER, parent, min(10, base + rng.randint(0, 3))),
        (ScalingWho.PRACTITIONER, practitioner, min(10, base + rng.randint(-2, 1))),
    ]
    attendees = [
        AttendeeInput(parent, AttendeeRole.PARENT_CARER, True),
        AttendeeInput(practitioner, AttendeeRole.PRACTITIONER, True),
    ]
    if not young:
        scores.insert(0, (ScalingWho.CHILD, name, min(10, base + rng.randint(-1, 2))))
        views = "" if child_came else "Wrote down what they wanted the review to know"
        attendees.insert(0, AttendeeInput(name, AttendeeRole.CHILD, child_came, views))
    do_record_plan_review(
        plan=plan,
        held_on=held_on,
        next_review_on=held_on + timedelta(days=rng.choice((84, 91, 182))),
        summary=f"Review {number}. The family and network went through the plan together and agreed the next steps.",
        attendees=attendees,
        action_progress=progress,
        goal_progress=[ProgressInput(g.pk, GoalStatus.WORKING) for g in plan.goals.all()],
        scaling=[
            ScalingInput(who, who_name, score, rng.choice(REASONS_HIGH if score >= 6 else REASONS_LOW))
            for who, who_name, score in scores
        ],
        expected_version=plan.version,
        by=by,
    )


def _seed_one(child: Child, kind: str, by: User, today: date, rng: random.Random) -> None:
    starts_on = _start_on(child, today, rng)
    category = _category(child, rng) if kind == PlanKind.CHILD_PROTECTION else ""
    plan = do_start_plan(child=child, kind=kind, starts_on=starts_on, by=by, category_of_abuse=category)
    parent, young, name = _parent_name(child), _is_young(child, today), _called(child)
    if young:
        do_add_plan_goal(plan=plan, words=rng.choice(NETWORK_GOALS), whose_words=f"{parent} and the family", by=by)
    else:
        do_add_plan_goal(plan=plan, words=rng.choice(CHILD_GOALS), whose_words=child.person.known_as, by=by)
    do_add_plan_goal(plan=plan, words=rng.choice(PARENT_GOALS), whose_words=parent, by=by)
    _actions(plan, child, name, parent, by, rng)
    if kind == PlanKind.CHILD_PROTECTION:
        _safety_plan(plan, child, name, young, by, rng)
    # Reviews on time, mostly: about one plan in five has let its latest review slip.
    held_on = starts_on + timedelta(days=rng.randint(50, 95))
    for number in range(1, 5):
        if held_on >= today or (held_on > today - timedelta(days=120) and rng.random() < 0.2):
            break
        _review(plan, child, parent, held_on, number, young, by, rng)
        held_on += timedelta(days=rng.randint(80, 100))


def seed_plans(*, children: list[Child], by: User, today: date, rng: random.Random) -> int:
    """Give each open child at a stage with a plan (early help, child in need, child protection,
    looked after, care leaver) a plausible synthetic plan. Children who already have an open
    plan are left alone. Returns how many plans were started."""
    started = 0
    open_plans = set(Plan.objects.open().filter(child__in=children).values_list("child_id", flat=True))
    for child in children:
        kind = PLAN_FOR_STAGE.get(child.current_stage)
        if kind is None or not child.is_open or child.pk in open_plans:
            continue
        _seed_one(child, kind, by, today, rng)
        started += 1
    return started
