"""The plans' arms of the child's chronology, each run on its own (as the journey app will join
them) on SQLite and PostgreSQL, and together in one UNION ALL after a journey-style arm."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection

from kith.core.models import User
from kith.people.models import Child
from kith.plans.actions import (
    AttendeeInput,
    ProgressInput,
    do_add_plan_action,
    do_add_plan_goal,
    do_change_action_status,
    do_close_plan,
    do_record_plan_review,
    do_start_plan,
)
from kith.plans.chronology import CHRONOLOGY_ARMS, describe

pytestmark = pytest.mark.django_db
COLUMNS = ["on_date", "kind", "a", "b", "words", "seq", "rank"]


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def history(jayden: Child, alice: User) -> Child:
    """A plan started, a goal added (version 2), two actions (one done), a review, then closed."""
    plan = do_start_plan(
        child=jayden, kind="child_protection", starts_on=date(2026, 9, 1), by=alice, category_of_abuse="NEG"
    )
    do_add_plan_goal(plan=plan, words="Feel safe at home", whose_words="Jay", by=alice)
    walk = do_add_plan_action(
        plan=plan,
        what="Walk Jay to school",
        owner_kind="family_member",
        owner_name="Chloé",
        by_date=date(2026, 10, 1),
        by=alice,
    )
    dentist = do_add_plan_action(
        plan=plan,
        what="Book the dentist",
        owner_kind="family_member",
        owner_name="Chloé",
        by_date=date(2026, 10, 1),
        by=alice,
    )
    do_change_action_status(action=walk, status="done", expected_version=plan.version, by=alice)
    do_record_plan_review(
        plan=plan,
        held_on=date(2026, 11, 20),
        next_review_on=date(2027, 5, 20),
        summary="Jay feels safer",
        attendees=[AttendeeInput("Chloé Smith", "parent_carer", True), AttendeeInput("Jayden Smith", "child", True)],
        action_progress=[ProgressInput(dentist.pk, "done", "")],
        goal_progress=[],
        scaling=[],
        expected_version=plan.version,
        by=alice,
    )
    do_close_plan(
        plan=plan,
        ends_on=date(2026, 11, 23),
        reason="Stepped down to child in need",
        expected_version=plan.version,
        by=alice,
    )
    return jayden


def alone(arm: str) -> str:
    """An arm on its own, as a subquery: the arms are constants of the code, never input."""
    return f"SELECT * FROM ({arm}) AS x"  # noqa: S608


def run(sql: str, child: Child) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"child": child.pk})
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def test_each_arm_runs_on_its_own_with_the_chronologys_columns(history: Child) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    for arm in CHRONOLOGY_ARMS:
        rows = run(alone(arm), history)
        assert rows, arm
        for row in rows:
            assert list(row) == COLUMNS
            assert row["kind"].startswith("plans_")
            found.setdefault(row["kind"], []).append(row)
    assert set(found) == {"plans_started", "plans_changed", "plans_action_done", "plans_review_held", "plans_closed"}
    (started,) = found["plans_started"]
    assert as_date(started["on_date"]) == date(2026, 9, 1)
    assert (started["a"], started["b"]) == ("child_protection", "NEG")
    # Goal and two actions added: versions 2, 3 and 4. Action done, review, closing have their own arms.
    assert sorted(row["a"] for row in found["plans_changed"]) == ["2", "3", "4"]
    assert all(as_date(row["on_date"]) == date(2026, 11, 23) for row in found["plans_changed"])
    done = {row["b"]: as_date(row["on_date"]) for row in found["plans_action_done"]}
    assert done == {"Walk Jay to school": date(2026, 11, 23), "Book the dentist": date(2026, 11, 20)}
    (review,) = found["plans_review_held"]
    assert as_date(review["on_date"]) == date(2026, 11, 20) and review["b"] == "Jay feels safer"
    (closed,) = found["plans_closed"]
    assert as_date(closed["on_date"]) == date(2026, 11, 23) and closed["b"] == "Stepped down to child in need"


def test_the_arms_join_a_union_all_after_a_journey_arm(history: Child) -> None:
    journey_arm = (
        "SELECT v.visited_on AS on_date, 'visit' AS kind, v.child_seen AS a, v.analysis AS b, "
        "v.child_words AS words, v.recorded_at AS seq, 0 AS rank FROM journey_visit v WHERE v.child_id = %(child)s"
    )
    arms = " UNION ALL ".join([journey_arm, *CHRONOLOGY_ARMS])
    sql = f"SELECT on_date, kind, a, b, words FROM ({arms}) AS chronology ORDER BY on_date DESC, rank, seq DESC"  # noqa: S608
    rows = run(sql, history)
    assert len(rows) == 1 + 3 + 2 + 1 + 1
    assert rows[-1]["kind"] == "plans_started"


def test_another_childs_plan_is_not_in_this_childs_chronology(history: Child, mia: Child) -> None:
    for arm in CHRONOLOGY_ARMS:
        assert run(alone(arm), mia) == []


@pytest.mark.parametrize(
    ("kind", "a", "b", "expected"),
    [
        ("plans_started", "child_protection", "NEG", ("Child protection plan started", "Category of abuse: Neglect")),
        ("plans_started", "child_in_need", "", ("Child in need plan started", "")),
        ("plans_changed", "3", "Goal added: Feel safe", ("Plan changed (version 3)", "Goal added: Feel safe")),
        ("plans_action_done", "Chloé", "Walk Jay", ("Plan action done", "Chloé: Walk Jay")),
        ("plans_review_held", "care_plan", "Settled", ("Care plan reviewed", "Settled")),
        ("plans_closed", "early_help", "Goals met", ("Early help plan closed", "Goals met")),
    ],
)
def test_describe_says_each_line_in_plain_words(kind: str, a: str, b: str, expected: tuple[str, str]) -> None:
    assert describe(kind, a, b) == expected


def test_describe_refuses_other_apps_kinds() -> None:
    with pytest.raises(ValueError, match="Not a plans chronology kind"):
        describe("visit", "", "")
