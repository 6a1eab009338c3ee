"""The demo borough's plans: plausible, made through the actions, one per open child with a plan."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from kith.assessments.models import ScalingScore
from kith.conftest import make_child, open_child
from kith.core.models import User
from kith.people.models import Child
from kith.plans.demo import seed_plans
from kith.plans.models import Plan, PlanReview, PlanVersion

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def children(alice: User, jayden: Child) -> list[Child]:
    made = [jayden]
    for n, (stage, on) in enumerate(
        [("cp", date(2026, 3, 2)), ("lac", date(2026, 1, 12)), ("early_help", date(2026, 10, 1)), ("referral", TODAY)],
        start=10,
    ):
        made.append(open_child(make_child(f"Child{n}", "Demo", f"KT0000{n}", alice), alice, stage=stage, on=on))
    return made


def test_each_open_child_at_a_stage_with_a_plan_gets_one(children: list[Child], alice: User) -> None:
    started = seed_plans(children=children, by=alice, today=TODAY, rng=random.Random(1))
    assert started == 4  # not the referral
    kinds = dict(Plan.objects.values_list("child__current_stage", "kind"))
    assert kinds == {"cin": "child_in_need", "cp": "child_protection", "lac": "care_plan", "early_help": "early_help"}
    for plan in Plan.objects.all():
        assert plan.goals.count() == 2 and plan.actions.count() == 4
        assert {a.owner_kind for a in plan.actions.all()} == {
            "family_member",
            "network_member",
            "agency",
            "practitioner",
        }
        assert plan.versions.count() == plan.version
    cp = Plan.objects.get(kind="child_protection")
    assert cp.category_of_abuse and cp.safety_rules.count() == 3 and cp.safety_fallbacks.exists()
    assert PlanReview.objects.filter(plan=cp).count() >= 2  # started in March: time for two reviews or more
    assert ScalingScore.objects.filter(context="plan_review").count() == 3 * PlanReview.objects.count()
    assert all(r.attendees.filter(role="child").exists() for r in PlanReview.objects.all())
    assert PlanVersion.objects.filter(kind="review").count() == PlanReview.objects.count()


def test_a_baby_sets_no_goals_and_gives_no_scores_of_their_own(alice: User) -> None:
    baby = open_child(
        make_child("Ava", "Demo", "KT000020", alice, date_of_birth=date(2026, 2, 1)),
        alice,
        stage="cp",
        on=date(2026, 3, 2),
    )
    assert seed_plans(children=[baby], by=alice, today=TODAY, rng=random.Random(2)) == 1
    plan = Plan.objects.get()
    assert "Ava" not in [g.whose_words for g in plan.goals.all()]
    assert PlanReview.objects.filter(plan=plan).exists()
    assert not ScalingScore.objects.filter(who="child").exists()
    assert not plan.safety_rules.filter(words__contains="to phone").exists()


def test_seeding_again_leaves_children_with_plans_alone(children: list[Child], alice: User) -> None:
    seed_plans(children=children, by=alice, today=TODAY, rng=random.Random(1))
    assert seed_plans(children=children, by=alice, today=TODAY, rng=random.Random(1)) == 0
    assert Plan.objects.count() == 4
