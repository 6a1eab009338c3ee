"""Pure decisions about a child's family: rough dates, checks on new relationships, and whether
the genogram meets the minimum the practice standard asks for.

No database and no clock: callers pass `today` and plain values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kith.core.rules import add_months

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ABOUT = re.compile(r"^(about|around|approx(imately)?|circa|c\.?|ca\.?|roughly|~)\s*", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d{4})$")
_DAY_MONTH_NAME_YEAR = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_MONTH_NAME_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")

# The youngest a parent could plausibly have been at a child's birth before we ask to confirm.
YOUNGEST_PARENT_YEARS = 12


class RoughDateError(ValueError):
    """The text is not a date, a year, or "about" a year."""


@dataclass(frozen=True)
class RoughDate:
    """A date as sure as the family is: an exact day, a year, or about a year.

    Years are stored as 1 January of the year, so sorting and ages work; `accuracy` says how to
    show them back.
    """

    value: date
    accuracy: str  # "exact", "year" or "about" (DateAccuracy)


def parse_rough_date(text: str) -> RoughDate:
    """Read "12/03/1980", "12 March 1980", "March 1980", "1980" or "about 1980"."""
    raw = " ".join(text.strip().lower().split())
    about = bool(_ABOUT.match(raw))
    raw = _ABOUT.sub("", raw).strip()
    try:
        if match := _YEAR.match(raw):
            return RoughDate(date(int(match[1]), 1, 1), "about" if about else "year")
        if match := _MONTH_NAME_YEAR.match(raw):
            if match[1] not in MONTHS:
                raise RoughDateError(text)
            return RoughDate(date(int(match[2]), MONTHS[match[1]], 1), "about" if about else "year")
        if match := _DMY.match(raw):
            day, month, year = int(match[1]), int(match[2]), int(match[3])
        elif (match := _DAY_MONTH_NAME_YEAR.match(raw)) and match[2] in MONTHS:
            day, month, year = int(match[1]), MONTHS[match[2]], int(match[3])
        else:
            raise RoughDateError(text)
        return RoughDate(date(year, month, day), "about" if about else "exact")
    except ValueError as error:
        raise RoughDateError(text) from error


def show_rough_date(value: date | None, accuracy: str, *, year_only: bool = False) -> str:
    """How to write a rough date back: "1980", "about 1980" or "12 March 1980"."""
    if value is None:
        return ""
    if accuracy == "about":
        return f"about {value.year}"
    if accuracy == "year" or year_only:
        return str(value.year)
    return f"{value.day} {value:%B %Y}"


def rough_date_problem(rough: RoughDate, *, today: date, label: str) -> str | None:
    """A GOV.UK-style message if a rough date is in the future or implausibly long ago."""
    if rough.value > today:
        return f"{label} must be in the past"
    if rough.value.year < today.year - 130:
        return f"{label} must be after {today.year - 130}"
    return None


def parent_age_worry(*, parent_born: date | None, child_born: date | None) -> str | None:
    """Why a parent's recorded birth date needs confirming, or None if it is plausible."""
    if parent_born is None or child_born is None:
        return None
    if parent_born >= child_born:
        return "The parent is recorded as born on or after the child. Check the dates, or confirm they are right"
    youngest = date(child_born.year - YOUNGEST_PARENT_YEARS, child_born.month, min(child_born.day, 28))
    if parent_born > youngest:
        return (
            f"The parent would have been younger than {YOUNGEST_PARENT_YEARS} when the child was born. "
            "Check the dates, or confirm they are right"
        )
    return None


def would_be_own_ancestor(*, parent_id: int, child_id: int, parents_of: Mapping[int, Iterable[int]]) -> bool:
    """Whether making `parent_id` a parent of `child_id` would make someone their own ancestor.

    `parents_of` maps each person to their recorded parents. It is a cycle if the proposed parent
    is the child, or is already a descendant of the child, that is, the child is among the
    proposed parent's ancestors.
    """
    if parent_id == child_id:
        return True
    seen: set[int] = set()
    frontier = [parent_id]
    while frontier:
        person = frontier.pop()
        for ancestor in parents_of.get(person, ()):
            if ancestor == child_id:
                return True
            if ancestor not in seen:
                seen.add(ancestor)
                frontier.append(ancestor)
    return False


@dataclass(frozen=True)
class GenogramFacts:
    """What the record holds about the child's family, reduced to what the minimum asks."""

    mother_recorded: bool
    father_recorded: bool
    mothers_family_recorded: bool  # any of the mother's parents or siblings
    fathers_family_recorded: bool
    siblings_recorded: bool
    household_recorded: bool
    last_reviewed_on: date | None
    mothers_side_explored: bool = False  # a review confirmed the side was explored, even if no one was found
    fathers_side_explored: bool = False
    no_siblings: bool = False


@dataclass(frozen=True)
class MinimumCheck:
    item: str
    is_met: bool
    how_to_meet: str


@dataclass(frozen=True)
class GenogramStatus:
    checks: tuple[MinimumCheck, ...]
    last_reviewed_on: date | None
    review_due_on: date | None
    is_review_overdue: bool

    @property
    def meets_minimum(self) -> bool:
        return all(check.is_met for check in self.checks)


GENOGRAM_REVIEW_MONTHS = 6


def genogram_status(facts: GenogramFacts, *, today: date) -> GenogramStatus:
    """Does the genogram meet the minimum (both parents' sides explored, siblings recorded,
    household recorded) and is its review in date (every 6 months)?"""
    mothers = facts.mothers_side_explored or (facts.mother_recorded and facts.mothers_family_recorded)
    fathers = facts.fathers_side_explored or (facts.father_recorded and facts.fathers_family_recorded)
    checks = (
        MinimumCheck(
            "Mother's side of the family explored",
            mothers,
            "Add the mother and her parents or brothers and sisters, or record in a review that her side was explored",
        ),
        MinimumCheck(
            "Father's side of the family explored",
            fathers,
            "Add the father and his parents or brothers and sisters, or record in a review that his side was explored",
        ),
        MinimumCheck(
            "Brothers and sisters recorded",
            facts.siblings_recorded or facts.no_siblings,
            "Add the child's brothers and sisters, or record in a review that they have none",
        ),
        MinimumCheck(
            "Household recorded", facts.household_recorded, "Record who the child lives with in their household"
        ),
    )
    due = add_months(facts.last_reviewed_on, GENOGRAM_REVIEW_MONTHS) if facts.last_reviewed_on else None
    return GenogramStatus(
        checks=checks,
        last_reviewed_on=facts.last_reviewed_on,
        review_due_on=due,
        is_review_overdue=due is None or due < today,
    )
