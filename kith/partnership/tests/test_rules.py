"""Pure rules of partnership intelligence, table-driven."""

from __future__ import annotations

import pytest

from kith.core.models import Role
from kith.partnership.rules import (
    can_review_links,
    can_see_cohorts,
    can_see_profile,
    can_start_run,
    equity_lines,
    weight_words,
)


@pytest.mark.parametrize(
    ("role", "lead", "expected"),
    [
        (Role.ANALYST, False, True),
        (Role.PRACTITIONER, False, False),
        (Role.PRACTITIONER, True, True),
        (Role.TEAM_MANAGER, False, False),
        (Role.SERVICE_MANAGER, True, True),
        (Role.PARTNER, False, False),
        (Role.ADMINISTRATOR, False, False),
    ],
)
def test_cohorts_are_for_analysts_and_named_early_help_leads(role: str, lead: bool, expected: bool) -> None:
    assert can_see_cohorts(role=role, is_early_help_lead=lead) is expected


@pytest.mark.parametrize(
    ("role", "runs", "profile"),
    [
        (Role.ANALYST, True, True),
        (Role.ADMINISTRATOR, True, True),
        (Role.PRACTITIONER, False, True),
        (Role.TEAM_MANAGER, False, True),
        (Role.PARTNER, False, False),
    ],
)
def test_who_runs_the_pipeline_and_who_sees_profiles(role: str, runs: bool, profile: bool) -> None:
    assert can_start_run(role=role) is runs
    assert can_see_profile(role=role) is profile


@pytest.mark.parametrize(("casework", "expected"), [(True, True), (False, False)])
def test_only_caseworkers_decide_links(casework: bool, expected: bool) -> None:
    assert can_review_links(is_casework=casework) is expected


def test_equity_lines_set_each_group_beside_all_children() -> None:
    rows = [
        ("all", "All children", 1000, 100),
        ("ethnicity", "WBRI", 600, 45),
        ("ethnicity", "BCRB", 100, 20),
        ("ethnicity", "APKN", 295, 29),
        ("ethnicity", "CHNE", 5, 1),
        ("sex", "1", 500, 40),
    ]
    lines = {(line.dimension, line.grouping): line for line in equity_lines(rows, {"ethnicity": {"BCRB": "Caribbean"}})}
    assert lines["all", "All children"].rate_per_1000 == 100.0
    caribbean = lines["ethnicity", "BCRB"]
    assert (caribbean.label, caribbean.rate_per_1000, caribbean.ratio, caribbean.marked) == (
        "Caribbean",
        200.0,
        2.0,
        "higher",
    )
    assert lines["ethnicity", "WBRI"].marked == "lower"  # 0.75 of the overall rate
    assert lines["ethnicity", "APKN"].marked == ""
    small = lines["ethnicity", "CHNE"]
    assert (small.is_small, small.rate_per_1000, small.ratio, small.listed) == (True, None, None, 1)
    assert lines["all", "All children"].marked == ""


def test_equity_lines_with_nobody_counted() -> None:
    assert equity_lines([]) == []
    assert equity_lines([("all", "All children", 0, 0)])[0].ratio is None


@pytest.mark.parametrize(
    ("weight", "words"),
    [
        (None, "not scored"),
        (0.2, "evens"),
        (10, "about 1,024 to 1 for"),
        (-4, "about 16 to 1 against"),
        (40, "about more than a million to 1 for"),
    ],
)
def test_match_weights_in_words(weight: float | None, words: str) -> None:
    assert weight_words(weight) == words
