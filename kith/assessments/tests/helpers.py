"""Building assessments for tests, through the actions."""

from __future__ import annotations

from datetime import date

from kith.assessments.actions import (
    do_add_statement,
    do_change_assessment,
    do_record_assessment_scaling,
    do_start_assessment,
    do_submit_assessment,
)
from kith.assessments.models import Assessment, DangerStatement
from kith.core.models import User
from kith.people.models import Child

TODAY = date(2026, 11, 23)  # a Monday: the tests' clock is frozen there (see conftest.py)


def start(child: Child, by: User, *, kind: str = "child_and_family", starts_on: date = date(2026, 11, 2)) -> Assessment:
    return do_start_assessment(child=child, kind=kind, starts_on=starts_on, by=by)


def add_danger_with_goal(assessment: Assessment, by: User) -> DangerStatement:
    danger = do_add_statement(
        assessment=assessment,
        kind="danger",
        fields={
            "who_is_worried": "School and Nan",
            "worry": "Jay will keep missing school",
            "impact": "Jay will fall behind and lose his friends",
        },
        by=by,
    )
    assert isinstance(danger, DangerStatement)
    do_add_statement(
        assessment=assessment,
        kind="goal",
        fields={"danger": danger, "text": "Jay goes to school every day, with Nan helping on hard mornings"},
        by=by,
    )
    return danger


def make_ready(assessment: Assessment, by: User) -> Assessment:
    """Everything a submission needs: a danger statement with its goal, a score, the analysis,
    the decision and the factors."""
    add_danger_with_goal(assessment, by)
    do_record_assessment_scaling(
        assessment=assessment,
        asked_on=date(2026, 11, 20),
        who="child",
        name="Jay",
        score=6,
        reason="Mum is better in the mornings now",
        by=by,
    )
    return do_change_assessment(
        assessment=assessment,
        changes={
            "analysis": "Jay is loved; mornings are the worry",
            "decision": "Child in need plan",
            "factors": ["4B"],
        },
        expected_version=assessment.version,
        by=by,
    )


def submitted(child: Child, by: User) -> Assessment:
    assessment = make_ready(start(child, by), by)
    return do_submit_assessment(
        assessment=assessment, completed_on=date(2026, 11, 20), expected_version=assessment.version, by=by
    )
