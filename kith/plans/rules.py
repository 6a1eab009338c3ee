"""Pure decisions about plans: when a review is due, whether it is overdue, and what input is refused.

Nothing here touches the database or the clock: callers pass `today`, plain values and the
council's `Timescales`. Problems come back as `(field, message)` in GOV.UK words, or None.

By-dates in the past. An action added to a plan may carry a by-date before today: meetings are
often recorded some days after they were held, and a practitioner may record what was agreed and
already done. So the action layer allows any by-date on or after the day the plan started, and the
plan shows a past by-date as overdue straight away. The add-action form, where a practitioner
types a new action for the future, refuses a past by-date for an action still to do
(`new_action_date_problem`): that catches a mistyped year; recording history is done by saying
the action is already done or not done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kith.core.rules import add_months, add_working_days
from kith.core.timescales import Timescales
from kith.journey.dates import long_date
from kith.journey.rules import Due

# Reviews need arranging: a review within this many working days is "due soon".
DUE_SOON_WORKING_DAYS = 10

EARLY_HELP = "early_help"
CHILD_IN_NEED = "child_in_need"
CHILD_PROTECTION = "child_protection"
CARE_PLAN = "care_plan"
PATHWAY_PLAN = "pathway_plan"
PLAN_KINDS = frozenset({EARLY_HELP, CHILD_IN_NEED, CHILD_PROTECTION, CARE_PLAN, PATHWAY_PLAN})
OWNER_KINDS = frozenset({"family_member", "network_member", "agency", "practitioner"})
STILL_TO_DO = frozenset({"not_started", "in_progress"})

Problem = tuple[str, str] | None


# --- When reviews are due -----------------------------------------------------------------


def _latest_since(start: date, reviews: Sequence[date]) -> date | None:
    held = [day for day in reviews if day >= start]
    return max(held) if held else None


def looked_after_review_due_on(came_into_care_on: date, previous_reviews: list[date], timescales: Timescales) -> date:
    """A looked after child's next review (the Care Planning Regulations): the first within 20
    working days of coming into care, the second within 3 months of the first, then every 6
    months. Reviews before the child came into care (an earlier period in care) do not count."""
    held = sorted(day for day in previous_reviews if day >= came_into_care_on)
    if not held:
        return add_working_days(came_into_care_on, timescales.first_looked_after_review_working_days)
    if len(held) == 1:
        return add_months(held[0], timescales.second_looked_after_review_months)
    return add_months(held[-1], timescales.later_looked_after_review_months)


def plan_review_due_on(
    *,
    kind: str,
    starts_on: date,
    previous_reviews: list[date],
    timescales: Timescales,
    came_into_care_on: date | None = None,
) -> date:
    """When the plan's next review is due, from the plan's start and the reviews held since.

    Early help and child in need plans are reviewed every few months as the council sets.
    Child protection plans are reviewed at review conferences (the meetings app holds those):
    the first `first_review_conference_months` after the initial conference, which is the day
    the plan starts, then every `later_review_conference_months`. A care plan follows the looked
    after review timetable from the day the child came into care (the plan's start if not
    known). A pathway plan is reviewed at least every six months (the Care Leavers
    Regulations), here `later_looked_after_review_months`.
    """
    if kind not in PLAN_KINDS:
        raise ValueError(f"Not a kind of plan: {kind}")
    if kind == CARE_PLAN:
        return looked_after_review_due_on(came_into_care_on or starts_on, previous_reviews, timescales)
    latest = _latest_since(starts_on, previous_reviews)
    if kind == CHILD_PROTECTION:
        if latest is None:
            return add_months(starts_on, timescales.first_review_conference_months)
        return add_months(latest, timescales.later_review_conference_months)
    months = {
        EARLY_HELP: timescales.early_help_review_months,
        CHILD_IN_NEED: timescales.child_in_need_review_months,
        PATHWAY_PLAN: timescales.later_looked_after_review_months,
    }[kind]
    return add_months(latest or starts_on, months)


@dataclass(frozen=True)
class ReviewDue:
    due_on: date | None
    status: Due

    @property
    def tag_colour(self) -> str:
        return {Due.OVERDUE: "red", Due.DUE_SOON: "yellow", Due.ON_TRACK: "green"}.get(self.status, "grey")


def review_due(*, next_review_on: date | None, is_open: bool, today: date) -> ReviewDue:
    """Whether the plan's next review is overdue, due soon or on track. A closed plan has none."""
    if not is_open or next_review_on is None:
        return ReviewDue(None, Due.NOT_REQUIRED)
    if next_review_on < today:
        return ReviewDue(next_review_on, Due.OVERDUE)
    if next_review_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return ReviewDue(next_review_on, Due.DUE_SOON)
    return ReviewDue(next_review_on, Due.ON_TRACK)


def action_is_overdue(*, by_date: date, status: str, today: date) -> bool:
    """An action still to do whose by-date has passed."""
    return status in STILL_TO_DO and by_date < today


# --- What is refused ----------------------------------------------------------------------


def start_problem(
    *, kind: str, category_of_abuse: str, starts_on: date | None, has_open_plan: bool, today: date
) -> Problem:
    """Starting a plan: one open plan per child; a child protection plan names its category of
    abuse (the CIN census needs it) and no other plan has one."""
    if kind not in PLAN_KINDS:
        return ("kind", "Select the kind of plan")
    if has_open_plan:
        return ("kind", "The child already has an open plan. Close it before starting a new one")
    if kind == CHILD_PROTECTION and not category_of_abuse:
        return ("category_of_abuse", "Select the category of abuse")
    if kind != CHILD_PROTECTION and category_of_abuse:
        return ("category_of_abuse", "Only a child protection plan has a category of abuse")
    if starts_on is None:
        return ("starts_on", "Enter the date the plan started")
    if starts_on > today:
        return ("starts_on", "Date the plan started must be today or in the past")
    return None


def change_problem(*, is_open: bool) -> Problem:
    """Nothing on a closed plan changes: start a new plan instead."""
    return None if is_open else ("plan", "You cannot change a closed plan")


def action_problem(
    *, what: str, owner_kind: str, owner_name: str, by_date: date | None, plan_starts_on: date, is_open: bool
) -> Problem:
    """An action says who will do what by when, on an open plan. Its by-date may be in the past
    (see the module's note) but not before the plan started."""
    closed = change_problem(is_open=is_open)
    if closed:
        return closed
    if not what.strip():
        return ("what", "Enter what will be done")
    if owner_kind not in OWNER_KINDS:
        return ("owner_kind", "Select who will do this")
    if not owner_name.strip():
        return ("owner_name", "Enter who will do this")
    if by_date is None:
        return ("by_date", "Enter the date this will be done by")
    if by_date < plan_starts_on:
        return ("by_date", f"Date to be done by must be on or after the plan started, {long_date(plan_starts_on)}")
    return None


def new_action_date_problem(*, by_date: date | None, status: str, today: date) -> Problem:
    """A practitioner typing an action still to do gives a by-date from today on; a past
    by-date is for recording an action already done or not done."""
    if by_date is not None and by_date < today and status in STILL_TO_DO:
        return (
            "by_date",
            "Date to be done by must be today or in the future, unless the action is already done or not done",
        )
    return None


def goal_problem(*, words: str, whose_words: str, is_open: bool) -> Problem:
    closed = change_problem(is_open=is_open)
    if closed:
        return closed
    if not words.strip():
        return ("words", "Enter the goal in the family's own words")
    if not whose_words.strip():
        return ("whose_words", "Enter whose words these are")
    return None


def review_problem(
    *,
    held_on: date | None,
    next_review_on: date | None,
    plan_starts_on: date,
    last_review_on: date | None,
    is_open: bool,
    today: date,
) -> Problem:
    """A review is of an open plan, held between the plan's start (and the last review) and
    today, and always sets the date of the next one, after it."""
    if not is_open:
        return ("plan", "You cannot review a closed plan")
    if held_on is None:
        return ("held_on", "Enter the date of the review")
    if held_on > today:
        return ("held_on", "Date of the review must be today or in the past")
    if held_on < plan_starts_on:
        return ("held_on", f"Date of the review must be on or after the plan started, {long_date(plan_starts_on)}")
    if last_review_on and held_on < last_review_on:
        return ("held_on", f"Date of the review must be on or after the last review, {long_date(last_review_on)}")
    if next_review_on is None:
        return ("next_review_on", "Enter the date of the next review")
    if next_review_on <= held_on:
        return ("next_review_on", "Date of the next review must be after the date of the review")
    return None


def close_problem(*, ends_on: date | None, reason: str, plan_starts_on: date, is_open: bool, today: date) -> Problem:
    if not is_open:
        return ("plan", "This plan is already closed")
    if ends_on is None:
        return ("ends_on", "Enter the date the plan ended")
    if ends_on > today:
        return ("ends_on", "Date the plan ended must be today or in the past")
    if ends_on < plan_starts_on:
        return ("ends_on", f"Date the plan ended must be on or after it started, {long_date(plan_starts_on)}")
    if not reason.strip():
        return ("reason", "Enter why the plan is ending")
    return None
