"""The assessment rules, pure and table-driven: due dates across weekends, bank holidays and the
year end, timeliness, what can be recorded, and which changes of status are allowed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from kith.assessments.codes import FACTOR_GROUPS, AssessmentFactor, factor_label, factor_short_label
from kith.assessments.labels import DEFAULT_LABELS, practice_labels
from kith.assessments.rules import (
    SubmissionFacts,
    Timeliness,
    asked_on_problem,
    assessment_due_on,
    assessment_time,
    completed_problem,
    decision_problem,
    edit_problem,
    factors_problem,
    next_step_problem,
    ordered_factors,
    scaling_problem,
    start_problem,
    submission_problems,
    working_days_taken,
)
from kith.core.timescales import Timescales

DEFAULT = Timescales()
SHORT = Timescales(assessment_working_days=5, early_help_assessment_working_days=1)


@pytest.mark.parametrize(
    ("kind", "starts_on", "timescales", "due_on"),
    [
        # Friday 18 December 2026: Christmas Day (Fri 25), the Boxing Day substitute (Mon 28) and
        # New Year's Day (Fri 1 Jan) are not counted, so 45 working days end on Wed 24 Feb 2027.
        ("child_and_family", date(2026, 12, 18), DEFAULT, date(2027, 2, 24)),
        # An ordinary run of weeks: Monday 23 Nov 2026 over Christmas and New Year.
        ("child_and_family", date(2026, 11, 23), DEFAULT, date(2027, 1, 28)),
        # Easter 2027: Good Friday 26 Mar and Easter Monday 29 Mar are skipped.
        ("child_and_family", date(2027, 3, 25), DEFAULT, date(2027, 6, 2)),
        # Christmas Eve 2027 (a Friday) into the next year, with Christmas on a Saturday.
        ("child_and_family", date(2027, 12, 24), DEFAULT, date(2028, 3, 1)),
        # A council's shorter timescale, counted by hand over the Christmas holidays of 2026.
        ("child_and_family", date(2026, 12, 24), SHORT, date(2027, 1, 5)),
        # Early help has its own timescale: one working day after a Saturday is the Monday.
        ("early_help", date(2026, 12, 19), SHORT, date(2026, 12, 21)),
        # ...and after Christmas Eve it is the Tuesday after the Boxing Day substitute.
        ("early_help", date(2026, 12, 24), SHORT, date(2026, 12, 29)),
        ("early_help", date(2027, 3, 25), SHORT, date(2027, 3, 30)),
    ],
)
def test_assessment_due_on(kind: str, starts_on: date, timescales: Timescales, due_on: date) -> None:
    assert assessment_due_on(kind=kind, starts_on=starts_on, timescales=timescales) == due_on


@pytest.mark.parametrize(
    ("starts_on", "due_on", "finished_on", "today", "timeliness", "left", "taken", "words"),
    [
        # Open, well ahead of the due date.
        (
            date(2026, 12, 18),
            date(2027, 2, 24),
            None,
            date(2027, 1, 4),
            Timeliness.ON_TRACK,
            37,
            8,
            "37 working days left",
        ),
        # Open, within five working days of the due date.
        (
            date(2026, 12, 18),
            date(2027, 2, 24),
            None,
            date(2027, 2, 18),
            Timeliness.DUE_SOON,
            4,
            41,
            "4 working days left",
        ),
        (date(2026, 12, 18), date(2027, 2, 24), None, date(2027, 2, 24), Timeliness.DUE_SOON, 0, 45, "Due today"),
        # Open, past the due date.
        (
            date(2026, 12, 18),
            date(2027, 2, 24),
            None,
            date(2027, 2, 25),
            Timeliness.OVERDUE,
            -1,
            46,
            "1 working day overdue",
        ),
        # Due on a Friday and looked at on the Saturday: late, but no working day has passed.
        (date(2026, 11, 20), date(2027, 1, 29), None, date(2027, 1, 30), Timeliness.OVERDUE, 0, 47, "Overdue"),
        # Finished: on the due date is in time; the day after is late.
        (
            date(2026, 12, 18),
            date(2027, 2, 24),
            date(2027, 2, 24),
            date(2027, 6, 1),
            Timeliness.IN_TIME,
            None,
            45,
            "Took 45 working days",
        ),
        (
            date(2026, 12, 18),
            date(2027, 2, 24),
            date(2027, 2, 25),
            date(2027, 6, 1),
            Timeliness.LATE,
            None,
            46,
            "Took 46 working days",
        ),
        (
            date(2026, 12, 18),
            date(2027, 2, 24),
            date(2026, 12, 21),
            date(2027, 6, 1),
            Timeliness.IN_TIME,
            None,
            1,
            "Took 1 working day",
        ),
    ],
)
def test_assessment_time(
    starts_on: date,
    due_on: date,
    finished_on: date | None,
    today: date,
    timeliness: Timeliness,
    left: int | None,
    taken: int,
    words: str,
) -> None:
    time = assessment_time(starts_on=starts_on, due_on=due_on, finished_on=finished_on, today=today)
    assert (time.timeliness, time.working_days_left, time.working_days_taken, time.in_words) == (
        timeliness,
        left,
        taken,
        words,
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "taken"),
    [
        (date(2026, 12, 24), date(2026, 12, 29), 1),  # Christmas and the Boxing Day substitute
        (date(2026, 12, 31), date(2027, 1, 4), 1),  # New Year's Day
        (date(2026, 12, 18), date(2026, 12, 18), 0),
        (date(2026, 12, 18), date(2026, 12, 17), 0),  # never negative
    ],
)
def test_working_days_taken(starts_on: date, ends_on: date, taken: int) -> None:
    assert working_days_taken(starts_on=starts_on, ends_on=ends_on) == taken


@pytest.mark.parametrize(
    ("score", "problem"),
    [
        (0, None),
        (10, None),
        (5, None),
        (-1, "Score must be a number from 0 to 10"),
        (11, "Score must be a number from 0 to 10"),
        (None, "Enter a score from 0 to 10"),
    ],
)
def test_scaling_problem(score: int | None, problem: str | None) -> None:
    assert scaling_problem(score) == problem


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (start_problem(starts_on=TODAY, today=TODAY), None),
        (
            start_problem(starts_on=date(2026, 11, 24), today=TODAY),
            ("starts_on", "Start date must be today or in the past"),
        ),
        (completed_problem(completed_on=TODAY, starts_on=TODAY, today=TODAY), None),
        (
            completed_problem(completed_on=date(2026, 11, 1), starts_on=date(2026, 11, 2), today=TODAY),
            ("completed_on", "Date completed must be the same as or after the start date"),
        ),
        (
            completed_problem(completed_on=date(2026, 11, 24), starts_on=date(2026, 11, 2), today=TODAY),
            ("completed_on", "Date completed must be today or in the past"),
        ),
        (
            completed_problem(completed_on=None, starts_on=TODAY, today=TODAY),
            ("completed_on", "Enter the date the assessment was completed"),
        ),
        (asked_on_problem(asked_on=TODAY, starts_on=TODAY, today=TODAY), None),
        (
            asked_on_problem(asked_on=date(2026, 11, 22), starts_on=TODAY, today=TODAY),
            ("asked_on", "Date asked must be the same as or after the start of the assessment"),
        ),
        (
            asked_on_problem(asked_on=date(2026, 11, 24), starts_on=TODAY, today=TODAY),
            ("asked_on", "Date asked must be today or in the past"),
        ),
        (next_step_problem(what="Meet", owner="Nan", due_on=TODAY), None),
        (next_step_problem(what="Meet", owner="  ", due_on=TODAY), ("owner", "Enter who will do this")),
        (next_step_problem(what="", owner="Nan", due_on=TODAY), ("what", "Enter what needs to happen")),
        (next_step_problem(what="Meet", owner="Nan", due_on=None), ("due_on", "Enter the date this will be done by")),
    ],
)
def test_dates_and_statements(check: tuple[str, str] | None, expected: tuple[str, str] | None) -> None:
    assert check == expected


@pytest.mark.parametrize(
    ("factors", "problem"),
    [
        (["1A", "16A"], None),
        (["21"], None),
        ([], None),
        (["21", "1A"], "Select either 'No factors identified' or the factors identified, not both"),
        (["RB"], "Only the DfE's assessment factors can be recorded: RB is not one"),
    ],
)
def test_factors_problem(factors: list[str], problem: str | None) -> None:
    found = factors_problem(factors)
    assert (found[1] if found else None) == problem


def test_factors_are_kept_in_the_dfe_order_once_each() -> None:
    assert ordered_factors(["24A", "1A", "16A", "1A"]) == ["1A", "16A", "24A"]


def test_every_dfe_factor_is_in_exactly_one_group_and_reads_as_the_dfe_wrote_it() -> None:
    grouped = [code for _, codes in FACTOR_GROUPS for code in codes]
    assert sorted(grouped) == sorted(AssessmentFactor.values) and len(grouped) == len(set(grouped))
    assert len(AssessmentFactor.values) == 42
    assert factor_label("1B") == "Alcohol misuse: concerns about alcohol misuse by the parent(s)/carer(s)"
    assert factor_label("XX") == "XX"
    assert factor_short_label("24A").startswith("24A: Child criminal exploitation: the child may be at risk")


def facts(**changes: object) -> SubmissionFacts:
    values: dict[str, object] = {
        "kind": "child_and_family",
        "status": "in_progress",
        "analysis": "What it means",
        "decision": "Child in need plan",
        "factors": ("1A",),
        "scaling_count": 2,
        "dangers_without_goal": 0,
    }
    values.update(changes)
    return SubmissionFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({}, []),
        ({"status": "returned"}, []),
        ({"analysis": " "}, [("analysis", "Enter your analysis")]),
        ({"decision": ""}, [("decision", "Enter the decision")]),
        ({"scaling_count": 0}, [("scaling", "Record at least one person's scaling")]),
        (
            {"factors": ()},
            [("factors", "Select the factors identified at assessment, or 'No factors identified'")],
        ),
        ({"factors": (), "kind": "early_help"}, []),  # the census counts child and family assessments
        ({"dangers_without_goal": 2}, [("goals", "Add a goal for each danger statement (2 still without one)")]),
        ({"status": "submitted"}, [("__all__", edit_problem("submitted"))]),
        ({"status": "authorised"}, [("__all__", edit_problem("authorised"))]),
        (
            {"analysis": "", "decision": "", "scaling_count": 0},
            [
                ("analysis", "Enter your analysis"),
                ("decision", "Enter the decision"),
                ("scaling", "Record at least one person's scaling"),
            ],
        ),
    ],
)
def test_submission_problems(changes: dict[str, object], problems: list[tuple[str, str]]) -> None:
    assert submission_problems(facts(**changes)) == problems


@pytest.mark.parametrize(
    ("status", "is_manager", "outcome", "rationale", "problem"),
    [
        ("submitted", True, "authorised", "Analysis is sound", None),
        ("submitted", True, "returned", "Ask the child", None),
        ("submitted", True, "authorised", "   ", ("rationale", "Enter the reason for your decision")),
        (
            "submitted",
            False,
            "authorised",
            "Sound",
            ("__all__", "Only a team manager or service manager can authorise or return an assessment"),
        ),
        ("authorised", True, "authorised", "Sound", ("__all__", "This assessment has already been authorised")),
        (
            "in_progress",
            True,
            "authorised",
            "Sound",
            ("__all__", "This assessment has not been submitted for a decision"),
        ),
        (
            "submitted",
            True,
            "deleted",
            "Sound",
            ("outcome", "Select whether to authorise the assessment or return it for more work"),
        ),
    ],
)
def test_decision_problem(
    status: str, is_manager: bool, outcome: str, rationale: str, problem: tuple[str, str] | None
) -> None:
    assert decision_problem(status=status, is_manager=is_manager, outcome=outcome, rationale=rationale) == problem


@pytest.mark.parametrize(
    ("status", "editable"),
    [("in_progress", True), ("returned", True), ("submitted", False), ("authorised", False)],
)
def test_edit_problem(status: str, editable: bool) -> None:
    assert (edit_problem(status) is None) == editable


def test_labels_default_to_generic_words() -> None:
    labels = practice_labels()
    assert labels["worried"] == "What are we worried about?"
    assert labels["working_well"] == "What's working well?"
    assert labels["needs_to_happen"] == "What needs to happen?"
    assert not any("signs of safety" in text.lower() for text in DEFAULT_LABELS.values())


@override_settings(KITH_PRACTICE_LABELS={"danger": "Worry statement", "goal": "Wellbeing goal"})
def test_a_council_overrides_labels_and_the_setting_is_read_when_asked() -> None:
    labels = practice_labels()
    assert labels["danger"] == "Worry statement" and labels["goal"] == "Wellbeing goal"
    assert labels["harm"] == "Harm"


@pytest.mark.parametrize(
    "overrides",
    [{"dangr": "Worry statement"}, {"danger": "  "}],
)
def test_unknown_or_empty_labels_are_a_configuration_error(overrides: dict[str, str]) -> None:
    with override_settings(KITH_PRACTICE_LABELS=overrides), pytest.raises(ImproperlyConfigured):
        practice_labels()


def test_manage_py_check_reports_a_mistyped_label() -> None:
    from kith.assessments.apps import check_practice_labels

    assert check_practice_labels() == []
    with override_settings(KITH_PRACTICE_LABELS={"dangr": "Worry statement"}):
        errors = check_practice_labels()
    assert [e.id for e in errors] == ["kith.assessments.E001"] and "dangr" in errors[0].msg
