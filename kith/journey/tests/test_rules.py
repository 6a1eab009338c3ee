"""Pure journey rules: when a visit is due, what makes episode and visit dates acceptable."""

from __future__ import annotations

from datetime import date

import pytest

from kith.journey.rules import Due, episode_dates_problem, next_visit_due, visit_problem

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("stage", "started", "last_seen", "due_on", "status"),
    [
        ("cp", date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 23), Due.DUE_SOON),  # 10 working days
        ("cp", date(2026, 11, 2), date(2026, 11, 6), date(2026, 11, 20), Due.OVERDUE),
        ("cp", date(2026, 11, 2), None, date(2026, 11, 16), Due.OVERDUE),  # never seen: from the start
        ("cin", date(2026, 11, 2), date(2026, 11, 20), date(2026, 12, 18), Due.ON_TRACK),  # 20 working days
        ("cin", date(2026, 12, 1), date(2026, 11, 1), date(2026, 12, 31), Due.ON_TRACK),  # seen before this stage
        ("cp", date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 29), Due.ON_TRACK),  # over Christmas
        ("contact", date(2026, 11, 2), None, None, Due.NOT_REQUIRED),
    ],
)
def test_next_visit_due(stage: str, started: date, last_seen: date | None, due_on: date | None, status: Due) -> None:
    due = next_visit_due(stage=stage, stage_started_on=started, last_seen_on=last_seen, today=TODAY)
    assert (due.due_on, due.status) == (due_on, status)


@pytest.mark.parametrize(
    ("starts", "ends", "problem"),
    [
        (date(2026, 11, 1), None, None),
        (date(2026, 11, 1), date(2026, 11, 1), None),
        (date(2026, 11, 2), date(2026, 11, 1), ("ends_on", "End date must be the same as or after the start date")),
        (date(2026, 11, 24), None, ("starts_on", "Start date must be today or in the past")),
        (date(2026, 11, 1), date(2026, 11, 30), ("ends_on", "End date must be today or in the past")),
    ],
)
def test_episode_dates(starts: date, ends: date | None, problem: tuple[str, str] | None) -> None:
    assert episode_dates_problem(starts_on=starts, ends_on=ends, today=TODAY) == problem


def test_visit_to_a_closed_child_is_refused() -> None:
    problem = visit_problem(child_is_open=False, visited_on=TODAY, child_seen="seen", not_seen_reason="", today=TODAY)
    assert problem is not None and problem[0] == "__all__"


def test_not_seen_needs_a_reason() -> None:
    problem = visit_problem(
        child_is_open=True, visited_on=TODAY, child_seen="not_seen", not_seen_reason=" ", today=TODAY
    )
    assert problem == ("not_seen_reason", "Enter why the child was not seen")
