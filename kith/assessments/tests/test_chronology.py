"""The assessments' chronology arms, each run on its own (as the lead's UNION ALL will run them)
on whichever database the suite runs on: SQLite, and PostgreSQL in CI."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from kith.assessments.actions import do_authorise_assessment, do_record_assessment_scaling, do_return_assessment
from kith.assessments.chronology import CHRONOLOGY_ARMS, describe
from kith.assessments.tests.helpers import TODAY, start, submitted
from kith.core.models import User
from kith.journey.chronology import chronology_entries, read_chronology
from kith.people.models import Child

pytestmark = pytest.mark.django_db
COLUMNS = ["on_date", "kind", "a", "b", "words", "seq", "rank"]


def run_arm(arm: str, child: Child) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({arm}) AS x", {"child": child.pk})  # noqa: S608 - our own SQL
        assert [c[0] for c in cursor.description] == COLUMNS
        return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def lines(child: Child) -> list[tuple[date, str, str, str, str]]:
    rows = [row for arm in CHRONOLOGY_ARMS for row in run_arm(arm, child)]
    rows.sort(key=lambda r: (as_date(r["on_date"]), r["rank"]))
    return [(as_date(r["on_date"]), r["kind"], *describe(r["kind"], r["a"], r["b"]), r["words"]) for r in rows]


def test_each_arm_runs_alone_and_returns_the_chronology_columns(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    do_authorise_assessment(assessment=assessment, rationale="Agreed", expected_version=assessment.version, by=bob)
    for arm in CHRONOLOGY_ARMS:
        assert run_arm(arm, jayden), arm
    assert lines(jayden) == [
        (date(2026, 11, 2), "assessment_started", "Child and family assessment started", "Due 7 Jan 2027", ""),
        (
            date(2026, 11, 20),
            "assessment_completed",
            "Child and family assessment completed",
            "Decision: Child in need plan",
            "",
        ),
        (
            date(2026, 11, 20),
            "assessment_scaling",
            "Scaling: Jay (the child) gave 6 out of 10",
            "Mum is better in the mornings now",
            "Mum is better in the mornings now",
        ),
        (TODAY, "assessment_submitted", "Child and family assessment sent to a manager for a decision", "", ""),
        (TODAY, "assessment_authorised", "Child and family assessment authorised", "Agreed", ""),
    ]


def test_a_return_is_a_line_with_the_managers_reason_and_no_completion(jayden: Child, alice: User, bob: User) -> None:
    assessment = submitted(jayden, alice)
    do_return_assessment(assessment=assessment, rationale="Ask Jay", expected_version=assessment.version, by=bob)
    kinds = [(kind, detail) for _, kind, _, detail, _ in lines(jayden)]
    assert ("assessment_returned", "Ask Jay") in kinds
    assert not any(kind == "assessment_completed" for kind, _ in kinds)


def test_only_this_childs_rows_and_only_assessment_scaling(jayden: Child, mia: Child, alice: User) -> None:
    assessment = start(jayden, alice)
    do_record_assessment_scaling(
        assessment=assessment, asked_on=TODAY, who="agency", name="School", score=3, reason="Late", by=alice
    )
    from kith.assessments.actions import do_record_scaling

    do_record_scaling(
        child=jayden,
        asked_on=TODAY,
        who="child",
        name="Jay",
        score=8,
        reason="",
        context="plan_review",
        context_id=1,
        by=alice,
    )
    assert [kind for _, kind, *_ in lines(jayden)] == ["assessment_started", "assessment_scaling"]
    assert lines(mia) == []
    words = [row[4] for row in lines(jayden)]
    assert words == ["", ""]  # an agency's reason is not the child's words


def test_the_arms_are_in_the_records_chronology(jayden: Child, alice: User, bob: User) -> None:
    """The record's chronology is one UNION ALL with these arms in it, described in words."""
    assessment = submitted(jayden, alice)
    do_authorise_assessment(assessment=assessment, rationale="Agreed", expected_version=assessment.version, by=bob)
    rows = read_chronology(child_id=jayden.pk, person_id=jayden.person_id, limit=100)
    kinds = [row[1] for row in rows]
    assert "assessment_authorised" in kinds and "started" in kinds and "allocation" in kinds
    titles = [entry.title for entry in chronology_entries(rows)]
    assert "Child and family assessment authorised" in titles


@pytest.mark.parametrize(
    ("kind", "a", "b", "expected"),
    [
        ("assessment_started", "early_help", "2027-01-07", ("Early help assessment started", "Due 7 Jan 2027")),
        (
            "assessment_returned",
            "child_and_family",
            "Ask Jay",
            ("Child and family assessment returned for more work", "Ask Jay"),
        ),
        (
            "assessment_scaling",
            "parent_carer|Chloé",
            "5|Better",
            ("Scaling: Chloé (parent or carer) gave 5 out of 10", "Better"),
        ),
        ("assessment_completed", "child_and_family", "", ("Child and family assessment completed", "")),
    ],
)
def test_describe(kind: str, a: str, b: str, expected: tuple[str, str]) -> None:
    assert describe(kind, a, b) == expected
