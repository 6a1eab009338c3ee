"""Pure decisions on the journey: visit timescales, due dates, episode dates, the chronology order.

Take `today` as an argument; never read the clock or the database here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from kith.core.rules import add_working_days
from kith.journey.codes import Stage

# Working days between visits by stage. Child protection: every 10 working days (the council's
# standard); child in need: 20 by default; looked after: the Care Planning Regulations' six weeks
# in the first year, written as 30 working days; care leavers: every eight weeks.
VISIT_INTERVAL_WORKING_DAYS: dict[str, int] = {
    Stage.CHILD_PROTECTION: 10,
    Stage.SECTION_47: 10,
    Stage.CHILD_IN_NEED: 20,
    Stage.ASSESSMENT: 20,
    Stage.REFERRAL: 20,
    Stage.LOOKED_AFTER: 30,
    Stage.CARE_LEAVER: 40,
    Stage.EARLY_HELP: 30,
}
DUE_SOON_WORKING_DAYS = 3


class Due(enum.Enum):
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    ON_TRACK = "On track"
    NOT_REQUIRED = "Not required"


@dataclass(frozen=True)
class VisitDue:
    due_on: date | None
    status: Due

    @property
    def tag_colour(self) -> str:
        return {Due.OVERDUE: "red", Due.DUE_SOON: "yellow", Due.ON_TRACK: "green"}.get(self.status, "grey")


def next_visit_due(*, stage: str, stage_started_on: date | None, last_seen_on: date | None, today: date) -> VisitDue:
    """When the child should next be seen, counted from the last time they were seen or, if
    they have not been seen in this stage, from the day it started."""
    interval = VISIT_INTERVAL_WORKING_DAYS.get(stage)
    if interval is None or stage_started_on is None:
        return VisitDue(None, Due.NOT_REQUIRED)
    since = last_seen_on if last_seen_on and last_seen_on >= stage_started_on else stage_started_on
    due_on = add_working_days(since, interval)
    if due_on < today:
        return VisitDue(due_on, Due.OVERDUE)
    if due_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return VisitDue(due_on, Due.DUE_SOON)
    return VisitDue(due_on, Due.ON_TRACK)


def episode_dates_problem(*, starts_on: date, ends_on: date | None, today: date) -> tuple[str, str] | None:
    """The field at fault and what to do, or None when the dates make sense."""
    if starts_on > today:
        return "starts_on", "Start date must be today or in the past"
    if ends_on is not None and ends_on < starts_on:
        return "ends_on", "End date must be the same as or after the start date"
    if ends_on is not None and ends_on > today:
        return "ends_on", "End date must be today or in the past"
    return None


def allocation_problem(*, starts_on: date, current_started_on: date | None, today: date) -> tuple[str, str] | None:
    if starts_on > today:
        return "starts_on", "Allocated from must be today or in the past"
    if current_started_on is not None and starts_on < current_started_on:
        return "starts_on", "Allocated from must be on or after the start of the current allocation"
    return None


def visit_problem(
    *, child_is_open: bool, visited_on: date, child_seen: str, not_seen_reason: str, today: date
) -> tuple[str, str] | None:
    if not child_is_open:
        return "__all__", "You can only record a visit to a child whose case is open. Open an episode first"
    if visited_on > today:
        return "visited_on", "Date of visit must be today or in the past"
    if child_seen == "not_seen" and not not_seen_reason.strip():
        return "not_seen_reason", "Enter why the child was not seen"
    return None


@dataclass(frozen=True)
class ChronologyEntry:
    """One dated event on the child's record (see kith.journey.chronology for how they are read)."""

    on: date
    kind: str  # "visit", "episode", "allocation", "address", "household"
    title: str
    detail: str = ""
    child_words: str = ""
