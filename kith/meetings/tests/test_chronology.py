"""The meetings' chronology arms run on their own and together, on SQLite and PostgreSQL, and
read as plain words."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from kith.core.models import User
from kith.meetings.actions import (
    do_add_contribution,
    do_cancel_meeting,
    do_plan_meeting,
    do_record_decision,
)
from kith.meetings.chronology import CHRONOLOGY_ARMS, describe
from kith.meetings.codes import MeetingKind
from kith.meetings.models import Meeting
from kith.meetings.tests.conftest import hold
from kith.people.models import Child

pytestmark = pytest.mark.django_db

COLUMNS = ["on_date", "kind", "a", "b", "words", "seq", "rank"]


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


@pytest.fixture
def history(jayden: Child, alice: User, strategy: Meeting, conference: Meeting) -> Child:
    """A strategy discussion (held), a conference (held, with a report shared and a decision),
    and a family network meeting planned then cancelled."""
    do_add_contribution(
        meeting=conference,
        agency="Police",
        kind="report",
        report={"worries": "Two call-outs"},
        received_on=date(2026, 11, 16),
        shared_with_family_on=date(2026, 11, 17),
        by=alice,
    )
    hold(conference, alice, cp_decision="plan", category_of_abuse="NEG")
    do_record_decision(meeting=conference, what="A child protection plan", rationale="Often | hungry", by=alice)
    fnm = do_plan_meeting(child=jayden, kind=MeetingKind.FAMILY_NETWORK, held_on=date(2026, 12, 2), by=alice)
    do_cancel_meeting(meeting=fnm, reason="Nan is unwell", expected_version=fnm.version, by=alice)
    return jayden


def _run(sql: str, child: Child) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS x", {"child": child.pk})  # noqa: S608 - our own arms
        assert [c[0] for c in cursor.description] == COLUMNS
        return list(cursor.fetchall())


def test_each_arm_runs_on_its_own(history: Child, mia: Child) -> None:
    kinds: set[str] = set()
    for arm in CHRONOLOGY_ARMS:
        rows = _run(arm, history)
        for on_date, kind, a, _b, words, _seq, rank in rows:
            assert _as_date(on_date) and isinstance(rank, int) and words == ""
            assert str(kind).startswith("meetings_") and a
            kinds.add(str(kind))
        assert _run(arm, mia) == []  # another child's record has none of these
    assert kinds == {
        "meetings_planned",
        "meetings_held",
        "meetings_cancelled",
        "meetings_contribution_received",
        "meetings_contribution_shared",
        "meetings_decision",
    }


def test_the_arms_run_together_as_one_union(history: Child) -> None:
    rows = _run(" UNION ALL ".join(CHRONOLOGY_ARMS), history)
    lines = sorted(((_as_date(r[0]), *describe(str(r[1]), str(r[2]), str(r[3]))) for r in rows), reverse=True)
    titles = [title for _, title, _ in lines]
    assert "Strategy discussion held" in titles
    assert "Initial child protection conference held" in titles
    assert "Family network meeting planned" in titles  # planned ahead, then cancelled
    # Planned for a day already past, then recorded as held: a "planned" line would say nothing.
    assert "Initial child protection conference planned" not in titles
    assert "Strategy discussion planned" not in titles
    assert "Family network meeting cancelled" in titles
    assert "Information from Police received" in titles
    details = {title: detail for _, title, detail in lines}
    assert details["Information from Police shared with the family"] == (
        "For the initial conference on 20 November 2026: shared before the meeting"
    )
    assert details["Decision at the initial conference"] == "A child protection plan Reason: Often | hungry"
    assert details["Family network meeting cancelled"] == "Nan is unwell"


@pytest.mark.parametrize(
    ("kind", "a", "b", "title", "detail"),
    [
        ("meetings_planned", "core_group", "2026-12-04", "Core group planned", "For 4 December 2026"),
        ("meetings_held", "cin_review", "All well", "Child in need review held", "All well"),
        (
            "meetings_contribution_received",
            "School",
            "core_group",
            "Information from School received",
            "For the core group",
        ),
        (
            "meetings_contribution_shared",
            "School",
            "initial_cp_conference|2026-11-20|2026-11-21",
            "Information from School shared with the family",
            "For the initial conference on 20 November 2026: shared after the meeting",
        ),
        ("meetings_decision", "core_group", "Keep going", "Decision at the core group", "Keep going"),
    ],
)
def test_describe(kind: str, a: str, b: str, title: str, detail: str) -> None:
    assert describe(kind, a, b) == (title, detail)
