"""Pure decisions about assessments and scaling: due dates, timeliness, what a valid score,
statement or date is, and which changes of status are allowed.

Nothing here reads the clock or the database: callers pass `today` and plain values, so every
rule is tested with a plain table.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from kith.assessments.codes import NO_FACTORS, AssessmentFactor, AssessmentKind, AssessmentStatus
from kith.core.rules import add_working_days, working_days_between
from kith.core.timescales import Timescales

SCALE_LOW, SCALE_HIGH = 0, 10
# An assessment is "due soon" from this many working days before its due date.
DUE_SOON_WORKING_DAYS = 5

EDITABLE = frozenset({AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED})
# Field and message: a refusal the form shows beside the field at fault ("__all__" for the form).
Problem = tuple[str, str]


def scaling_problem(score: int | None) -> str | None:
    """A GOV.UK-style message when a scaling score is not a whole number from 0 to 10."""
    if score is None:
        return "Enter a score from 0 to 10"
    if not SCALE_LOW <= score <= SCALE_HIGH:
        return "Score must be a number from 0 to 10"
    return None


def assessment_due_on(*, kind: str, starts_on: date, timescales: Timescales) -> date:
    """When an assessment is due: working days from the referral (child and family assessment)
    or from the start of early help (early help assessment), as the council sets them."""
    days = timescales.early_help_assessment_working_days if kind == "early_help" else timescales.assessment_working_days
    return add_working_days(starts_on, days)


# --- Timeliness -----------------------------------------------------------------------------------


class Timeliness(enum.Enum):
    ON_TRACK = "On track"
    DUE_SOON = "Due soon"
    OVERDUE = "Overdue"
    IN_TIME = "Completed in time"
    LATE = "Completed late"


TAG_COLOURS = {
    Timeliness.ON_TRACK: "green",
    Timeliness.DUE_SOON: "yellow",
    Timeliness.OVERDUE: "red",
    Timeliness.IN_TIME: "grey",
    Timeliness.LATE: "orange",
}


@dataclass(frozen=True)
class AssessmentTime:
    """Where an assessment stands against its due date.

    `working_days_left` counts from `today` to the due date (negative once overdue) while the
    assessment is open; `working_days_taken` counts from the start to the finish (or to today
    while open)."""

    timeliness: Timeliness
    due_on: date
    working_days_left: int | None
    working_days_taken: int

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[self.timeliness]

    @property
    def in_words(self) -> str:
        """ "3 working days left", "Due today", "2 working days overdue", "Took 41 working days"."""
        left = self.working_days_left
        if left is None:
            return f"Took {_days(self.working_days_taken)}"
        if self.timeliness is Timeliness.OVERDUE:
            # Due on a Friday and looked at on the Saturday: late, but no working day has passed.
            return f"{_days(-left)} overdue" if left < 0 else "Overdue"
        if left == 0:
            return "Due today"
        return f"{_days(left)} left"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def working_days_taken(*, starts_on: date, ends_on: date) -> int:
    """Working days from the start (day 0) to `ends_on`, the way the due date is counted: an
    assessment finished on its due date took exactly the timescale."""
    return max(working_days_between(starts_on, ends_on), 0)


def assessment_time(*, starts_on: date, due_on: date, finished_on: date | None, today: date) -> AssessmentTime:
    """Is the assessment on track, due soon, overdue, or was it finished in time?

    `finished_on` is the day it was authorised (the census's completion date); until then it is
    open, and due soon within DUE_SOON_WORKING_DAYS working days of its due date."""
    if finished_on is not None:
        taken = working_days_taken(starts_on=starts_on, ends_on=finished_on)
        timeliness = Timeliness.IN_TIME if finished_on <= due_on else Timeliness.LATE
        return AssessmentTime(timeliness, due_on, None, taken)
    taken = working_days_taken(starts_on=starts_on, ends_on=today)
    left = working_days_between(today, due_on)
    if due_on < today:
        return AssessmentTime(Timeliness.OVERDUE, due_on, left, taken)
    if due_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return AssessmentTime(Timeliness.DUE_SOON, due_on, left, taken)
    return AssessmentTime(Timeliness.ON_TRACK, due_on, left, taken)


# --- Dates and statements -------------------------------------------------------------------------


def start_problem(*, starts_on: date, today: date) -> Problem | None:
    if starts_on > today:
        return "starts_on", "Start date must be today or in the past"
    return None


def completed_problem(*, completed_on: date | None, starts_on: date, today: date) -> Problem | None:
    """The day the practitioner completed the assessment: not before it started, not in the future."""
    if completed_on is None:
        return "completed_on", "Enter the date the assessment was completed"
    if completed_on < starts_on:
        return "completed_on", "Date completed must be the same as or after the start date"
    if completed_on > today:
        return "completed_on", "Date completed must be today or in the past"
    return None


def asked_on_problem(*, asked_on: date | None, starts_on: date, today: date) -> Problem | None:
    if asked_on is None:
        return "asked_on", "Enter the date they were asked"
    if asked_on > today:
        return "asked_on", "Date asked must be today or in the past"
    if asked_on < starts_on:
        return "asked_on", "Date asked must be the same as or after the start of the assessment"
    return None


def next_step_problem(*, what: str, owner: str, due_on: date | None) -> Problem | None:
    """A next step says what, who and by when: a step nobody owns does not happen."""
    if not what.strip():
        return "what", "Enter what needs to happen"
    if not owner.strip():
        return "owner", "Enter who will do this"
    if due_on is None:
        return "due_on", "Enter the date this will be done by"
    return None


def factors_problem(factors: Collection[str]) -> Problem | None:
    """Only the DfE's codes; "No factors identified" (21) cannot sit beside a factor."""
    unknown = sorted(set(factors) - set(AssessmentFactor.values))
    if unknown:
        return "factors", f"Only the DfE's assessment factors can be recorded: {', '.join(unknown)} is not one"
    if NO_FACTORS in factors and len(set(factors)) > 1:
        return "factors", "Select either 'No factors identified' or the factors identified, not both"
    return None


def ordered_factors(factors: Collection[str]) -> list[str]:
    """The codes in the order of the DfE's list, each once."""
    chosen = set(factors)
    return [code for code in AssessmentFactor.values if code in chosen]


# --- State changes ---------------------------------------------------------------------------------


def edit_problem(status: str) -> str | None:
    """Why the assessment cannot be changed now, or None when it can."""
    if status == AssessmentStatus.AUTHORISED:
        return (
            "This assessment has been authorised and cannot be changed. "
            "Start a new assessment to record what has changed"
        )
    if status == AssessmentStatus.SUBMITTED:
        return (
            "This assessment is waiting for a manager's decision and cannot be changed. "
            "Ask your manager to return it if it needs more work"
        )
    return None


@dataclass(frozen=True)
class SubmissionFacts:
    """What a practitioner's submission depends on, read from the assessment and its mapping."""

    kind: str
    status: str
    analysis: str
    decision: str
    factors: tuple[str, ...]
    scaling_count: int
    dangers_without_goal: int


def submission_problems(facts: SubmissionFacts) -> list[Problem]:
    """Everything still missing before an assessment can go to a manager, each a GOV.UK message.

    The analysis and the decision are the assessment's point; at least one person's scaling says
    where things stand; a child and family assessment needs its factors for the CIN census; and
    every danger statement needs the goal that says what would make it go away."""
    problem = edit_problem(facts.status)
    if problem:
        return [("__all__", problem)]
    problems: list[Problem] = []
    if not facts.analysis.strip():
        problems.append(("analysis", "Enter your analysis"))
    if not facts.decision.strip():
        problems.append(("decision", "Enter the decision"))
    if facts.scaling_count == 0:
        problems.append(("scaling", "Record at least one person's scaling"))
    if facts.kind == AssessmentKind.CHILD_AND_FAMILY and not facts.factors:
        problems.append(("factors", "Select the factors identified at assessment, or 'No factors identified'"))
    if facts.dangers_without_goal:
        n = facts.dangers_without_goal
        problems.append(("goals", f"Add a goal for each danger statement ({n} still without one)"))
    return problems


def decision_problem(*, status: str, is_manager: bool, outcome: str, rationale: str) -> Problem | None:
    """Whether a manager may authorise (or return) the assessment now, with the reason given.

    Only team and service managers decide, only on a submitted assessment, and never without
    recording why."""
    if not is_manager:
        return "__all__", "Only a team manager or service manager can authorise or return an assessment"
    if outcome not in (AssessmentStatus.AUTHORISED, AssessmentStatus.RETURNED):
        return "outcome", "Select whether to authorise the assessment or return it for more work"
    if status != AssessmentStatus.SUBMITTED:
        if status == AssessmentStatus.AUTHORISED:
            return "__all__", "This assessment has already been authorised"
        return "__all__", "This assessment has not been submitted for a decision"
    if not rationale.strip():
        return "rationale", "Enter the reason for your decision"
    return None
