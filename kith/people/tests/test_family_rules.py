"""The pure family rules: rough dates, parent ages, ancestry and the genogram minimum."""

from __future__ import annotations

from datetime import date

import pytest

from kith.people.family_rules import (
    GenogramFacts,
    RoughDate,
    RoughDateError,
    genogram_status,
    parent_age_worry,
    parse_rough_date,
    rough_date_problem,
    show_rough_date,
    would_be_own_ancestor,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980", RoughDate(date(1980, 1, 1), "year")),
        ("about 1980", RoughDate(date(1980, 1, 1), "about")),
        ("c. 1980", RoughDate(date(1980, 1, 1), "about")),
        ("circa 1980", RoughDate(date(1980, 1, 1), "about")),
        ("Around 1975", RoughDate(date(1975, 1, 1), "about")),
        ("March 1980", RoughDate(date(1980, 3, 1), "year")),
        ("12/03/1980", RoughDate(date(1980, 3, 12), "exact")),
        ("12 3 1980", RoughDate(date(1980, 3, 12), "exact")),
        ("12 March 1980", RoughDate(date(1980, 3, 12), "exact")),
        ("  about   12 Mar 1980 ", RoughDate(date(1980, 3, 12), "about")),
    ],
)
def test_rough_dates_are_read_as_sure_as_the_family_is(text: str, expected: RoughDate) -> None:
    assert parse_rough_date(text) == expected


@pytest.mark.parametrize("text", ["soon", "31/02/1980", "about", "1980s", "Smarch 1980", "12/13/1980"])
def test_text_that_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(RoughDateError):
        parse_rough_date(text)


def test_rough_dates_are_shown_back_as_entered() -> None:
    assert show_rough_date(date(1980, 1, 1), "about") == "about 1980"
    assert show_rough_date(date(1980, 1, 1), "year") == "1980"
    assert show_rough_date(date(1980, 3, 12), "exact") == "12 March 1980"
    assert show_rough_date(date(1980, 3, 12), "exact", year_only=True) == "1980"
    assert show_rough_date(None, "exact") == ""


def test_a_date_in_the_future_or_too_long_ago_is_a_problem() -> None:
    today = date(2026, 11, 23)
    assert rough_date_problem(RoughDate(date(2027, 1, 1), "year"), today=today, label="Date of birth") == (
        "Date of birth must be in the past"
    )
    assert rough_date_problem(RoughDate(date(1850, 1, 1), "year"), today=today, label="Date of birth")
    assert rough_date_problem(RoughDate(date(1950, 1, 1), "about"), today=today, label="Date of birth") is None


def test_a_parent_born_after_the_child_or_under_12_years_before_needs_confirming() -> None:
    child = date(2015, 3, 27)
    assert "born on or after" in (parent_age_worry(parent_born=date(2016, 1, 1), child_born=child) or "")
    assert "younger than 12" in (parent_age_worry(parent_born=date(2004, 1, 1), child_born=child) or "")
    assert parent_age_worry(parent_born=date(2003, 3, 27), child_born=child) is None
    assert parent_age_worry(parent_born=date(1990, 1, 1), child_born=child) is None
    assert parent_age_worry(parent_born=None, child_born=child) is None


def test_nobody_can_become_their_own_ancestor() -> None:
    # 1 is parent of 2, 2 is parent of 3.
    parents_of = {3: {2}, 2: {1}}
    assert would_be_own_ancestor(parent_id=3, child_id=1, parents_of=parents_of)
    assert would_be_own_ancestor(parent_id=2, child_id=1, parents_of=parents_of)
    assert would_be_own_ancestor(parent_id=5, child_id=5, parents_of=parents_of)
    assert not would_be_own_ancestor(parent_id=1, child_id=3, parents_of=parents_of)
    assert not would_be_own_ancestor(parent_id=4, child_id=3, parents_of=parents_of)


def _facts(**changes: object) -> GenogramFacts:
    base: dict[str, object] = {
        "mother_recorded": True,
        "father_recorded": True,
        "mothers_family_recorded": True,
        "fathers_family_recorded": True,
        "siblings_recorded": True,
        "household_recorded": True,
        "last_reviewed_on": date(2026, 9, 1),
    }
    return GenogramFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_a_full_genogram_reviewed_recently_meets_the_minimum() -> None:
    status = genogram_status(_facts(), today=date(2026, 11, 23))
    assert status.meets_minimum
    assert status.review_due_on == date(2027, 3, 1)
    assert not status.is_review_overdue


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"fathers_family_recorded": False}, "Father's side of the family explored"),
        ({"father_recorded": False, "fathers_family_recorded": False}, "Father's side of the family explored"),
        ({"mothers_family_recorded": False}, "Mother's side of the family explored"),
        ({"siblings_recorded": False}, "Brothers and sisters recorded"),
        ({"household_recorded": False}, "Household recorded"),
    ],
)
def test_each_gap_in_the_minimum_is_named(changes: dict[str, object], unmet: str) -> None:
    status = genogram_status(_facts(**changes), today=date(2026, 11, 23))
    assert not status.meets_minimum
    assert [c.item for c in status.checks if not c.is_met] == [unmet]


def test_a_side_explored_with_no_one_found_still_counts() -> None:
    facts = _facts(father_recorded=False, fathers_family_recorded=False, fathers_side_explored=True)
    assert genogram_status(facts, today=date(2026, 11, 23)).meets_minimum
    facts = _facts(siblings_recorded=False, no_siblings=True)
    assert genogram_status(facts, today=date(2026, 11, 23)).meets_minimum


def test_a_review_older_than_six_months_is_overdue() -> None:
    status = genogram_status(_facts(last_reviewed_on=date(2026, 5, 22)), today=date(2026, 11, 23))
    assert status.is_review_overdue
    never = genogram_status(_facts(last_reviewed_on=None), today=date(2026, 11, 23))
    assert never.is_review_overdue and never.review_due_on is None
