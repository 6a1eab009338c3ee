"""Each kind of measure on hand-built cases: met, due soon, overdue and not applicable, across bank
holidays. Every case is read from the set-based engine and from the per-child reference, which
must agree (see helpers.result).

Jayden is a child in need, opened (and allocated to Alice) on Tuesday 1 September 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from kith.conftest import make_child, open_child
from kith.core.models import User
from kith.core.rules import add_working_days
from kith.journey.codes import Stage
from kith.meetings.models import AgencyContribution
from kith.people.models import Child, GenogramReview, Household, HouseholdMember, Relationship
from kith.plans.actions import do_start_plan
from kith.plans.models import PlanAction
from kith.standards.actions import do_record_oversight
from kith.standards.engine import Scope, evaluate
from kith.standards.tests.helpers import NOW, meeting, result, spec, visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
OPENED = date(2026, 9, 1)


# --- every: seen every 20 working days (VC-02, due soon within 3 working days) ---------------------


@pytest.mark.parametrize(
    ("visits", "on", "expected"),
    [
        ([], date(2026, 9, 10), ("due_soon", date(2026, 9, 29), None)),
        ([], date(2026, 10, 1), ("overdue", date(2026, 9, 29), None)),
        ([(date(2026, 9, 15), "seen")], date(2026, 10, 1), ("met", date(2026, 10, 13), date(2026, 9, 15))),
        ([(date(2026, 9, 15), "seen")], date(2026, 10, 9), ("due_soon", date(2026, 10, 13), date(2026, 9, 15))),
        ([(date(2026, 9, 15), "seen")], date(2026, 10, 14), ("overdue", date(2026, 10, 13), date(2026, 9, 15))),
        ([(date(2026, 9, 15), "not_seen")], date(2026, 10, 1), ("overdue", date(2026, 9, 29), None)),
        # Christmas Day, the Boxing Day substitute (Monday 28th) and New Year's Day are not working days.
        ([(date(2026, 12, 15), "seen_alone")], date(2027, 1, 8), ("met", date(2027, 1, 15), date(2026, 12, 15))),
        ([(date(2026, 12, 15), "seen_alone")], date(2027, 1, 13), ("due_soon", date(2027, 1, 15), date(2026, 12, 15))),
        ([(date(2026, 12, 15), "seen_alone")], date(2027, 1, 18), ("overdue", date(2027, 1, 15), date(2026, 12, 15))),
        # A visit before the stage began does not count for it.
        ([(date(2026, 9, 1), "seen"), (date(2026, 8, 1), "seen")], date(2026, 9, 2), None),
    ],
)
def test_every_child_in_need_is_seen_every_20_working_days(
    jayden: Child, alice: User, visits: list[tuple[date, str]], on: date, expected: object
) -> None:
    for day, seen in visits:
        if day >= OPENED:
            visit(jayden, day, alice, seen=seen)
    if expected is None:  # only the visit on the opening day: due 20 working days later, met
        assert result("VC-02", jayden, on) == ("met", add_working_days(date(2026, 9, 1), 20), date(2026, 9, 1))
    else:
        assert result("VC-02", jayden, on) == expected


def test_every_is_not_applicable_to_another_stage_or_a_closed_case(alice: User) -> None:
    helped = open_child(make_child("Ava", "Early", "KT000010", alice), alice, stage=Stage.EARLY_HELP, on=OPENED)
    assert result("VC-02", helped, date(2026, 10, 1)) is None
    assert result("VC-01", helped, date(2026, 10, 1)) is None
    assert result("AN-02", helped, date(2026, 10, 1)) == ("due_soon", add_working_days(OPENED, 45), None)
    assert result("VC-02", helped, date(2026, 8, 1)) is None  # not yet open that day


@pytest.mark.parametrize(
    ("born", "applies"),
    [(date(2015, 3, 27), True), (date(2021, 10, 2), False), (date(2021, 10, 1), True), (date(2008, 9, 30), False)],
)
def test_seen_alone_applies_from_5_to_17(alice: User, born: date, applies: bool) -> None:
    """On 1 October 2026 a child born on 1 October 2021 has just turned 5; one born on 30 September
    2008 has just turned 18."""
    child = open_child(make_child("Sam", "Age", "KT000011", alice, date_of_birth=born), alice, on=OPENED)
    assert (result("VC-04", child, date(2026, 10, 1)) is not None) is applies


def test_every_with_a_first_and_a_second_interval(alice: User) -> None:
    """Looked after reviews: 20 working days, then 3 months, then every 6 months."""
    child = open_child(make_child("Leo", "Care", "KT000012", alice), alice, stage=Stage.LOOKED_AFTER, on=OPENED)
    assert result("PR-07", child, date(2026, 9, 2)) == ("due_soon", date(2026, 9, 29), None)
    meeting(child, "looked_after_review", date(2026, 9, 25), alice)
    assert result("PR-07", child, date(2026, 10, 1)) == ("met", date(2026, 12, 25), date(2026, 9, 25))
    meeting(child, "looked_after_review", date(2026, 12, 20), alice)
    assert result("PR-07", child, date(2027, 1, 4)) == ("met", date(2027, 6, 20), date(2026, 12, 20))


# --- within: family network meeting within 10 working days of opening (RN-01) ---------------------


@pytest.mark.parametrize(
    ("held", "on", "expected"),
    [
        (None, date(2026, 9, 8), ("due_soon", date(2026, 9, 15), None)),
        (None, date(2026, 9, 16), ("overdue", date(2026, 9, 15), None)),
        (date(2026, 9, 10), date(2026, 9, 16), ("met", date(2026, 9, 15), date(2026, 9, 10))),
        (date(2026, 9, 15), date(2026, 9, 16), ("met", date(2026, 9, 15), date(2026, 9, 15))),
        (date(2026, 9, 21), date(2026, 10, 1), ("overdue", date(2026, 9, 15), date(2026, 9, 21))),
        (date(2026, 8, 20), date(2026, 9, 16), ("overdue", date(2026, 9, 15), None)),  # before the opening
        (date(2026, 9, 21), date(2026, 9, 18), ("overdue", date(2026, 9, 15), None)),  # not held yet that day
    ],
)
def test_within_family_network_meeting(
    jayden: Child, alice: User, held: date | None, on: date, expected: object
) -> None:
    if held:
        meeting(jayden, "family_network_meeting", held, alice)
    assert result("RN-01", jayden, on) == expected


def test_within_counts_from_the_whole_opening_not_the_stage(alice: User) -> None:
    """A referral that became an assessment is one opening: the 10 days run from the referral."""
    child = open_child(make_child("Zoe", "Ref", "KT000013", alice), alice, stage=Stage.REFERRAL, on=date(2026, 12, 21))
    from kith.journey.actions import do_open_episode

    do_open_episode(child=child, stage=Stage.ASSESSMENT, starts_on=date(2026, 12, 23), close_current=True, by=alice)
    # 10 working days from Monday 21 December 2026 skip Christmas, the substitute day and New Year's Day.
    assert result("RN-01", child, date(2027, 1, 4)) == ("due_soon", date(2027, 1, 7), None)
    assert result("AN-01", child, date(2027, 1, 4)) == ("due_soon", add_working_days(date(2026, 12, 21), 45), None)


def test_initial_conference_counts_from_the_strategy_discussion(alice: User) -> None:
    child = open_child(make_child("Kai", "Enquiry", "KT000014", alice), alice, stage=Stage.SECTION_47, on=OPENED)
    assert result("AN-03", child, date(2026, 9, 10)) is None  # no strategy discussion yet
    meeting(child, "strategy_discussion", date(2026, 9, 2), alice)
    assert result("AN-03", child, date(2026, 9, 10)) == ("due_soon", date(2026, 9, 23), None)
    meeting(child, "section_47_outcome", date(2026, 9, 9), alice, s47_outcome="not_substantiated")
    assert result("AN-03", child, date(2026, 9, 10)) is None  # no conference needed


# --- all: agencies' information shared before the conference (PR-08); plan actions (PR-03) --------


def test_contributions_shared_before_the_conference(alice: User) -> None:
    child = open_child(make_child("Ivy", "Plan", "KT000015", alice), alice, stage=Stage.CHILD_PROTECTION, on=OPENED)
    conference = meeting(
        child, "initial_cp_conference", date(2026, 9, 20), alice, cp_decision="plan", category_of_abuse="NEG"
    )

    def contribution(agency: str, shared: date | None) -> None:
        AgencyContribution.objects.create(
            meeting=conference,
            agency=agency,
            kind="report",
            worries="Late to school",
            received_on=date(2026, 9, 14),
            shared_with_family_on=shared,
            recorded_by=alice,
            recorded_at=NOW,
        )

    assert result("PR-08", child, date(2026, 9, 25)) is None  # nothing contributed: not applicable
    contribution("School", date(2026, 9, 16))
    assert result("PR-08", child, date(2026, 9, 25)) == ("met", date(2026, 9, 20), date(2026, 9, 20))
    contribution("Police", date(2026, 9, 20))  # on the day: too late to read
    assert result("PR-08", child, date(2026, 9, 25)) == ("overdue", date(2026, 9, 19), date(2026, 9, 20))


@pytest.mark.parametrize(
    ("actions", "on", "expected"),
    [
        ([], date(2026, 9, 5), ("due_soon", date(2026, 9, 16), date(2026, 9, 2))),
        ([], date(2026, 9, 20), ("overdue", date(2026, 9, 16), date(2026, 9, 2))),
        ([(date(2026, 10, 1), "not_started")], date(2026, 9, 20), ("met", date(2026, 10, 1), date(2026, 9, 2))),
        ([(date(2026, 10, 1), "in_progress")], date(2026, 9, 28), ("due_soon", date(2026, 10, 1), date(2026, 9, 2))),
        ([(date(2026, 10, 1), "in_progress")], date(2026, 10, 2), ("overdue", date(2026, 10, 1), date(2026, 9, 2))),
        ([(date(2026, 10, 1), "done")], date(2026, 10, 2), ("met", date(2026, 9, 2), date(2026, 9, 2))),
    ],
)
def test_plan_actions_have_owners_and_dates_and_are_kept_to(
    jayden: Child, alice: User, actions: list[tuple[date, str]], on: date, expected: object
) -> None:
    plan = do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 2), by=alice)
    for by_date, status in actions:
        PlanAction.objects.create(
            plan=plan,
            what="Walk to school",
            owner_kind="family_member",
            owner_name="Mum",
            by_date=by_date,
            status=status,
            done_on=date(2026, 9, 30) if status == "done" else None,
            created_at=NOW,
        )
    assert result("PR-03", jayden, on) == expected


def test_plans_are_reviewed_on_time(jayden: Child, alice: User) -> None:
    from kith.plans.models import PlanReview

    plan = do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 2), by=alice)
    assert result("PR-02", jayden, date(2026, 11, 25)) == ("due_soon", date(2026, 12, 2), date(2026, 9, 2))
    assert result("PR-02", jayden, date(2026, 12, 3)) == ("overdue", date(2026, 12, 2), date(2026, 9, 2))
    PlanReview.objects.create(
        plan=plan, held_on=date(2026, 11, 30), next_review_on=date(2027, 2, 28), recorded_by=alice, recorded_at=NOW
    )
    assert result("PR-02", jayden, date(2026, 12, 3)) == ("met", date(2027, 2, 28), date(2026, 9, 2))


# --- exists: a plan within 10 working days of the stage starting (PR-01) ---------------------------


def test_exists_a_plan(jayden: Child, alice: User) -> None:
    assert result("PR-01", jayden, date(2026, 9, 10)) == ("due_soon", date(2026, 9, 15), None)
    assert result("PR-01", jayden, date(2026, 9, 16)) == ("overdue", date(2026, 9, 15), None)
    do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 16), by=alice)
    assert result("PR-01", jayden, date(2026, 9, 17)) == ("met", date(2026, 9, 15), None)


# --- every + requires: the genogram minimum, reviewed every 6 months (RN-02) ----------------------


def test_genogram_meets_the_minimum_and_is_reviewed(jayden: Child, alice: User) -> None:
    assert result("RN-02", jayden, date(2026, 9, 10)) == ("due_soon", date(2026, 9, 15), None)
    review = GenogramReview.objects.create(
        child=jayden,
        reviewed_on=date(2026, 9, 14),
        reviewed_by=alice,
        mothers_side_explored=True,
        fathers_side_explored=True,
        no_siblings=True,
        created_at=NOW,
    )
    # Reviewed, but no household recorded: the minimum is not met.
    assert result("RN-02", jayden, date(2026, 9, 20)) == ("overdue", date(2026, 9, 15), review.reviewed_on)
    home = Household.objects.create(name="Smith household")
    HouseholdMember.objects.create(household=home, person=jayden.person, starts_on=date(2020, 1, 1))
    assert result("RN-02", jayden, date(2026, 9, 20)) == ("met", date(2027, 3, 14), date(2026, 9, 14))
    assert result("RN-02", jayden, date(2027, 3, 15)) == ("overdue", date(2027, 3, 14), date(2026, 9, 14))


def test_the_genogram_minimum_read_from_the_relationships(jayden: Child, alice: User) -> None:
    """Without a review's say-so: mum and her mother recorded, dad and his sister, a brother, the household."""
    from kith.people.models import Person

    def person(given: str, sex: str) -> Person:
        return Person.objects.create(legal_given_name=given, legal_family_name="Smith", sex=sex, updated_at=NOW)

    mum = Relationship.objects.get(to_person=jayden.person, kind="parent").from_person
    Person.objects.filter(pk=mum.pk).update(sex="2")
    nan, dad, aunt, brother = person("Iris", "2"), person("Tom", "1"), person("Ann", "2"), person("Ben", "1")
    for source, target, kind in (
        (nan, mum, "parent"),
        (dad, jayden.person, "parent"),
        (aunt, dad, "sibling"),
        (mum, brother, "parent"),
    ):
        Relationship.objects.create(from_person=source, to_person=target, kind=kind)
    home = Household.objects.create(name="Smith household")
    HouseholdMember.objects.create(household=home, person=jayden.person, starts_on=date(2020, 1, 1))
    GenogramReview.objects.create(child=jayden, reviewed_on=date(2026, 9, 14), reviewed_by=alice, created_at=NOW)
    assert result("RN-02", jayden, date(2026, 9, 20)) == ("met", date(2027, 3, 14), date(2026, 9, 14))


# --- management oversight, explanations ---------------------------------------------------------


def test_oversight_first_within_5_working_days_then_every_3_months(jayden: Child, alice: User, bob: User) -> None:
    assert result("MO-01", jayden, date(2026, 9, 7)) == ("due_soon", date(2026, 9, 8), None)
    do_record_oversight(child=jayden, recorded_on=date(2026, 9, 7), decision="Allocate", rationale="Worries", by=bob)
    assert result("MO-01", jayden, date(2026, 9, 9)) == ("met", date(2026, 12, 7), date(2026, 9, 7))


def test_the_child_is_told_the_outcome_of_decisions(jayden: Child, alice: User) -> None:
    from kith.voice.models import Explanation

    assert result("VC-06", jayden, date(2026, 9, 10)) is None  # no decision yet
    meeting(jayden, "cin_review", date(2026, 11, 2), alice)
    assert result("VC-06", jayden, date(2026, 11, 3)) == ("due_soon", date(2026, 11, 16), None)
    Explanation.objects.create(
        child=jayden,
        audience="child",
        source_kind="meeting",
        source_id=1,
        title="What we decided",
        status="given",
        given_on=date(2026, 11, 10),
        given_how="in_person",
        created_by=alice,
        created_at=NOW,
    )
    assert result("VC-06", jayden, date(2026, 11, 17)) == ("met", date(2026, 11, 16), date(2026, 11, 10))


def test_the_engine_reads_many_dates_and_children_in_one_query(
    jayden: Child, mia: Child, alice: User, django_assert_num_queries: object
) -> None:
    specs = [spec(code) for code in ("VC-02", "RN-01", "PR-03", "RN-02")]
    # One statement; PostgreSQL also reads the candidates (setting the planner's options in the same
    # query), and resets the options after.
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 1):  # type: ignore[operator]
        rows = evaluate(
            specs,
            Scope("practitioner", ids=(alice.pk,), include_restricted=True),
            [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 23)],
        )
    assert {(r.child_id, r.as_of) for r in rows} == {
        (c.pk, d) for c in (jayden, mia) for d in (date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 23))
    }
    hidden = evaluate(specs, Scope("practitioner", ids=(alice.pk,), viewer=0), [date(2026, 9, 30)])
    assert {r.child_id for r in hidden} == {jayden.pk}  # a restricted record only where the viewer is named
    assert datetime.now(UTC) == NOW
