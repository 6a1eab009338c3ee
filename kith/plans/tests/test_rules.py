"""The plan rules, table-driven and pure: review due dates across weekends, bank holidays and year
ends, overdue and due soon, and what input is refused."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.timescales import Timescales
from kith.journey.rules import Due
from kith.plans.rules import (
    action_is_overdue,
    action_problem,
    close_problem,
    looked_after_review_due_on,
    new_action_date_problem,
    plan_review_due_on,
    review_due,
    review_problem,
    start_problem,
)

DEFAULTS = Timescales()
LOCAL = Timescales(
    first_looked_after_review_working_days=15,
    second_looked_after_review_months=2,
    later_looked_after_review_months=4,
    child_in_need_review_months=2,
    early_help_review_months=6,
    first_review_conference_months=2,
    later_review_conference_months=5,
)


@pytest.mark.parametrize(
    ("came_into_care_on", "previous", "timescales", "due"),
    [
        # 20 Dec 2026 is a Sunday; 25, 28 Dec and 1 Jan are bank holidays (Boxing Day on a Saturday
        # moves to Monday 28th): 20 working days lands on Wednesday 20 January 2027.
        (date(2026, 12, 20), [], DEFAULTS, date(2027, 1, 20)),
        # Coming into care on Christmas Eve: the count starts after the holidays.
        (date(2026, 12, 24), [], DEFAULTS, date(2027, 1, 26)),
        # An ordinary month: four weeks of working days.
        (date(2026, 3, 2), [], DEFAULTS, date(2026, 3, 30)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March are not working days.
        (date(2027, 3, 15), [], DEFAULTS, date(2027, 4, 14)),
        # A Saturday start counts from the Monday.
        (date(2026, 6, 6), [], DEFAULTS, date(2026, 7, 3)),
        # Second review: 3 months after the first, which was held late.
        (date(2026, 12, 20), [date(2027, 1, 22)], DEFAULTS, date(2027, 4, 22)),
        # 3 months from 30 November is the last day of February.
        (date(2026, 11, 1), [date(2026, 11, 30)], DEFAULTS, date(2027, 2, 28)),
        # Third and later: 6 months after the latest, over the year end.
        (date(2026, 1, 5), [date(2026, 2, 2), date(2026, 7, 1)], DEFAULTS, date(2027, 1, 1)),
        (date(2026, 1, 5), [date(2026, 7, 1), date(2026, 2, 2), date(2027, 1, 4)], DEFAULTS, date(2027, 7, 4)),
        # Reviews from an earlier period in care do not count.
        (date(2026, 12, 20), [date(2025, 6, 1), date(2025, 12, 1)], DEFAULTS, date(2027, 1, 20)),
        # The council's own timescales.
        (date(2026, 12, 20), [], LOCAL, date(2027, 1, 13)),
        (date(2026, 12, 20), [date(2027, 1, 13)], LOCAL, date(2027, 3, 13)),
        (date(2026, 12, 20), [date(2027, 1, 13), date(2027, 3, 10)], LOCAL, date(2027, 7, 10)),
    ],
)
def test_looked_after_reviews_are_due_20_working_days_then_3_months_then_every_6(
    came_into_care_on: date, previous: list[date], timescales: Timescales, due: date
) -> None:
    assert looked_after_review_due_on(came_into_care_on, previous, timescales) == due


@pytest.mark.parametrize(
    ("kind", "starts_on", "previous", "timescales", "due"),
    [
        ("child_in_need", date(2026, 9, 1), [], DEFAULTS, date(2026, 12, 1)),
        ("child_in_need", date(2026, 9, 1), [date(2026, 11, 30)], DEFAULTS, date(2027, 2, 28)),
        ("child_in_need", date(2026, 9, 1), [], LOCAL, date(2026, 11, 1)),
        ("early_help", date(2026, 10, 31), [], DEFAULTS, date(2027, 1, 31)),
        ("early_help", date(2026, 10, 31), [], LOCAL, date(2027, 4, 30)),
        # Child protection: first review conference 3 months after the initial conference, then 6.
        ("child_protection", date(2026, 11, 30), [], DEFAULTS, date(2027, 2, 28)),
        ("child_protection", date(2026, 11, 30), [date(2027, 2, 26)], DEFAULTS, date(2027, 8, 26)),
        ("child_protection", date(2026, 11, 30), [date(2027, 2, 26), date(2027, 8, 20)], DEFAULTS, date(2028, 2, 20)),
        ("child_protection", date(2026, 11, 30), [], LOCAL, date(2027, 1, 30)),
        # A care plan follows the looked after reviews from the day the child came into care.
        ("care_plan", date(2026, 12, 20), [], DEFAULTS, date(2027, 1, 20)),
        # Pathway plans: at least every six months.
        ("pathway_plan", date(2026, 8, 31), [], DEFAULTS, date(2027, 2, 28)),
        # A review before the plan started (an earlier plan's) does not count.
        ("child_in_need", date(2026, 9, 1), [date(2026, 8, 1)], DEFAULTS, date(2026, 12, 1)),
    ],
)
def test_plan_reviews_are_due_by_the_kind_of_plan(
    kind: str, starts_on: date, previous: list[date], timescales: Timescales, due: date
) -> None:
    assert plan_review_due_on(kind=kind, starts_on=starts_on, previous_reviews=previous, timescales=timescales) == due


def test_a_care_plan_counts_from_coming_into_care_not_from_the_plan() -> None:
    due = plan_review_due_on(
        kind="care_plan",
        starts_on=date(2027, 1, 4),
        previous_reviews=[],
        timescales=DEFAULTS,
        came_into_care_on=date(2026, 12, 20),
    )
    assert due == date(2027, 1, 20)


def test_an_unknown_kind_of_plan_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="Not a kind of plan"):
        plan_review_due_on(kind="wishlist", starts_on=date(2026, 1, 1), previous_reviews=[], timescales=DEFAULTS)


@pytest.mark.parametrize(
    ("next_review_on", "is_open", "today", "status"),
    [
        (date(2026, 11, 20), True, date(2026, 11, 23), Due.OVERDUE),
        (date(2026, 11, 23), True, date(2026, 11, 23), Due.DUE_SOON),
        # 10 working days from Monday 21 December 2026 (over Christmas) is 7 January 2027.
        (date(2027, 1, 7), True, date(2026, 12, 21), Due.DUE_SOON),
        (date(2027, 1, 8), True, date(2026, 12, 21), Due.ON_TRACK),
        (date(2027, 3, 1), True, date(2026, 11, 23), Due.ON_TRACK),
        (date(2026, 11, 1), False, date(2026, 11, 23), Due.NOT_REQUIRED),
        (None, True, date(2026, 11, 23), Due.NOT_REQUIRED),
    ],
)
def test_review_due_says_overdue_due_soon_or_on_track(
    next_review_on: date | None, is_open: bool, today: date, status: Due
) -> None:
    assert review_due(next_review_on=next_review_on, is_open=is_open, today=today).status is status


@pytest.mark.parametrize(
    ("by_date", "status", "overdue"),
    [
        (date(2026, 11, 22), "not_started", True),
        (date(2026, 11, 22), "in_progress", True),
        (date(2026, 11, 22), "done", False),
        (date(2026, 11, 22), "not_done", False),
        (date(2026, 11, 23), "not_started", False),
    ],
)
def test_an_action_is_overdue_when_still_to_do_after_its_date(by_date: date, status: str, overdue: bool) -> None:
    assert action_is_overdue(by_date=by_date, status=status, today=date(2026, 11, 23)) is overdue


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kind", "category", "starts_on", "has_open", "problem"),
    [
        ("child_in_need", "", date(2026, 11, 1), False, None),
        ("child_protection", "NEG", date(2026, 11, 1), False, None),
        ("child_protection", "", date(2026, 11, 1), False, ("category_of_abuse", "Select the category of abuse")),
        (
            "child_in_need",
            "NEG",
            date(2026, 11, 1),
            False,
            ("category_of_abuse", "Only a child protection plan has a category of abuse"),
        ),
        (
            "child_in_need",
            "",
            date(2026, 11, 1),
            True,
            ("kind", "The child already has an open plan. Close it before starting a new one"),
        ),
        ("", "", date(2026, 11, 1), False, ("kind", "Select the kind of plan")),
        ("care_plan", "", None, False, ("starts_on", "Enter the date the plan started")),
        (
            "care_plan",
            "",
            date(2026, 11, 24),
            False,
            ("starts_on", "Date the plan started must be today or in the past"),
        ),
    ],
)
def test_starting_a_plan(
    kind: str, category: str, starts_on: date | None, has_open: bool, problem: tuple[str, str] | None
) -> None:
    got = start_problem(kind=kind, category_of_abuse=category, starts_on=starts_on, has_open_plan=has_open, today=TODAY)
    assert got == problem


ACTION = {
    "what": "Walk Jay to school",
    "owner_kind": "family_member",
    "owner_name": "Chloé Smith",
    "by_date": date(2026, 12, 1),
    "plan_starts_on": date(2026, 9, 1),
    "is_open": True,
}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, None),
        ({"owner_name": "  "}, ("owner_name", "Enter who will do this")),
        ({"owner_kind": "someone"}, ("owner_kind", "Select who will do this")),
        ({"what": ""}, ("what", "Enter what will be done")),
        ({"by_date": None}, ("by_date", "Enter the date this will be done by")),
        ({"is_open": False}, ("plan", "You cannot change a closed plan")),
        # A past by-date is allowed (a meeting recorded late); one before the plan started is not.
        ({"by_date": date(2026, 9, 2)}, None),
        (
            {"by_date": date(2026, 8, 31)},
            ("by_date", "Date to be done by must be on or after the plan started, 1 September 2026"),
        ),
    ],
)
def test_an_action_says_who_what_and_by_when(changes: dict[str, object], problem: tuple[str, str] | None) -> None:
    assert action_problem(**{**ACTION, **changes}) == problem  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("by_date", "status", "refused"),
    [
        (date(2026, 11, 22), "not_started", True),
        (date(2026, 11, 22), "in_progress", True),
        (date(2026, 11, 22), "done", False),  # recording history
        (date(2026, 11, 22), "not_done", False),
        (date(2026, 11, 23), "not_started", False),
        (None, "not_started", False),
    ],
)
def test_a_new_action_still_to_do_is_due_from_today(by_date: date | None, status: str, refused: bool) -> None:
    assert (new_action_date_problem(by_date=by_date, status=status, today=TODAY) is not None) is refused


REVIEW = {
    "held_on": date(2026, 11, 20),
    "next_review_on": date(2027, 2, 20),
    "plan_starts_on": date(2026, 9, 1),
    "last_review_on": None,
    "is_open": True,
    "today": TODAY,
}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, None),
        ({"is_open": False}, ("plan", "You cannot review a closed plan")),
        ({"held_on": None}, ("held_on", "Enter the date of the review")),
        ({"held_on": date(2026, 11, 24)}, ("held_on", "Date of the review must be today or in the past")),
        (
            {"held_on": date(2026, 8, 31)},
            ("held_on", "Date of the review must be on or after the plan started, 1 September 2026"),
        ),
        (
            {"last_review_on": date(2026, 11, 21)},
            ("held_on", "Date of the review must be on or after the last review, 21 November 2026"),
        ),
        ({"next_review_on": None}, ("next_review_on", "Enter the date of the next review")),
        (
            {"next_review_on": date(2026, 11, 19)},
            ("next_review_on", "Date of the next review must be after the date of the review"),
        ),
        (
            {"next_review_on": date(2026, 11, 20)},
            ("next_review_on", "Date of the next review must be after the date of the review"),
        ),
    ],
)
def test_a_review(changes: dict[str, object], problem: tuple[str, str] | None) -> None:
    assert review_problem(**{**REVIEW, **changes}) == problem  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ends_on", "reason", "is_open", "field"),
    [
        (date(2026, 11, 23), "Goals met", True, None),
        (date(2026, 11, 24), "Goals met", True, "ends_on"),
        (date(2026, 8, 1), "Goals met", True, "ends_on"),
        (None, "Goals met", True, "ends_on"),
        (date(2026, 11, 23), " ", True, "reason"),
        (date(2026, 11, 23), "Goals met", False, "plan"),
    ],
)
def test_closing_a_plan(ends_on: date | None, reason: str, is_open: bool, field: str | None) -> None:
    problem = close_problem(
        ends_on=ends_on, reason=reason, plan_starts_on=date(2026, 9, 1), is_open=is_open, today=TODAY
    )
    assert (problem[0] if problem else None) == field
