"""Meetings for the personas' children, built through the actions."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.models import User
from kith.meetings.actions import AttendanceRecord, do_add_participant, do_plan_meeting, do_record_meeting_held
from kith.meetings.codes import MeetingKind
from kith.meetings.models import Meeting
from kith.people.models import Child
from kith.plans.actions import do_start_plan
from kith.plans.models import Plan

STRATEGY_ON = date(2026, 11, 2)  # a Monday; the initial conference is due 15 working days later, 23 November


def hold(meeting: Meeting, by: User, on: date | None = None, **outcome: str) -> Meeting:
    return do_record_meeting_held(
        meeting=meeting,
        held_on=on or meeting.held_on,
        summary="Everyone shared what they know.",
        expected_version=meeting.version,
        by=by,
        **outcome,  # type: ignore[arg-type]
    )


@pytest.fixture
def strategy(jayden: Child, alice: User) -> Meeting:
    """A strategy discussion about Jayden, held on 2 November 2026."""
    meeting = do_plan_meeting(child=jayden, kind=MeetingKind.STRATEGY, held_on=STRATEGY_ON, by=alice)
    return hold(meeting, alice)


@pytest.fixture
def conference(jayden: Child, alice: User, strategy: Meeting) -> Meeting:
    """An initial conference planned for 20 November 2026, following the strategy discussion,
    with Jayden, his mum, the school and the police invited."""
    meeting = do_plan_meeting(
        child=jayden,
        kind=MeetingKind.INITIAL_CONFERENCE,
        held_on=date(2026, 11, 20),
        place="Riverside family centre",
        follows=strategy,
        by=alice,
    )
    do_add_participant(meeting=meeting, name="", person=jayden.person, role="child", by=alice)
    do_add_participant(meeting=meeting, name="Chloé Smith", role="parent_carer", by=alice)
    do_add_participant(meeting=meeting, name="", role="agency", agency="Riverside Primary School", by=alice)
    do_add_participant(meeting=meeting, name="PC Grey", role="agency", agency="Police", by=alice)
    return meeting


def all_attended(meeting: Meeting) -> dict[int, AttendanceRecord]:
    return {p.pk: AttendanceRecord("yes", "advocate" if p.role == "child" else "") for p in meeting.participants.all()}


@pytest.fixture
def plan(jayden: Child, alice: User) -> Plan:
    return do_start_plan(child=jayden, kind="child_in_need", starts_on=date(2026, 9, 1), by=alice)
