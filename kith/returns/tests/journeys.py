"""Children's journeys for the returns' tests, made through the apps' own actions: a referral
that goes to assessment and on to child in need, one that goes through a section 47 enquiry to a
child protection plan, one closed after assessment, and a looked-after child.

The tests freeze today at TODAY (2026-27 collection year); every date here is before it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import time_machine

from kith.assessments.actions import do_authorise_assessment, do_start_assessment, do_submit_assessment
from kith.assessments.codes import AssessmentKind
from kith.assessments.demo import _map, _scale, _write_up
from kith.core.models import User
from kith.journey.actions import do_allocate, do_close_episode, do_open_episode
from kith.journey.models import Episode, LegalStatusPeriod, Placement
from kith.meetings.actions import do_plan_meeting, do_record_meeting_held
from kith.meetings.codes import MeetingKind
from kith.people.actions import do_create_child
from kith.people.models import Child
from kith.plans.actions import do_start_plan
from kith.returns.actions import do_record_care_details, do_record_previous_permanence

TODAY = date(2026, 11, 20)
YEAR = 2027


def new_child(la_id: str, by: User, *, born: date = date(2015, 3, 27), sex: str = "2", **extra: object) -> Child:
    fields = {
        "legal_given_name": "Test",
        "legal_family_name": la_id,
        "date_of_birth": born,
        "sex": sex,
        "ethnicity": "WBRI",
        "upn": "",
        **extra,
    }
    return do_create_child(person_fields=fields, la_child_id=la_id, by=by)


def refer(child: Child, worker: User, on: date, source: str = "6") -> Episode:
    assert worker.team is not None
    do_allocate(child=child, practitioner=worker, team=worker.team, starts_on=on, by=worker)
    return do_open_episode(child=child, stage="referral", starts_on=on, codes={"referral_source": source}, by=worker)


def move(child: Child, stage: str, on: date, worker: User, **codes: str) -> Episode:
    return do_open_episode(child=child, stage=stage, starts_on=on, codes=codes, close_current=True, by=worker)


def assess(child: Child, worker: User, manager: User, starts: date, done: date) -> None:
    """A child and family assessment started, written up, submitted and authorised."""
    rng = random.Random(child.pk)
    assessment = do_start_assessment(child=child, kind=AssessmentKind.CHILD_AND_FAMILY, starts_on=starts, by=worker)
    words = {"child": child.person.known_as, "parent": "Mum", "n": "5"}
    _map(assessment, by=worker, rng=rng, words=words, today=done)
    _scale(assessment, by=worker, rng=rng, words=words, today=done)
    assessment = _write_up(assessment, by=worker, rng=rng, words=words)
    assessment = do_submit_assessment(
        assessment=assessment, completed_on=done, expected_version=assessment.version, by=worker
    )
    with time_machine.travel(datetime.combine(done, time(15)), tick=False):  # authorised on the day it was done
        do_authorise_assessment(
            assessment=assessment, rationale="Agreed.", expected_version=assessment.version, by=manager
        )


def held(child: Child, kind: str, on: date, worker: User, follows: object = None, **outcome: str) -> object:
    meeting = do_plan_meeting(child=child, kind=kind, held_on=on, by=worker, follows=follows, today=on)  # type: ignore[arg-type]
    return do_record_meeting_held(
        meeting=meeting,
        held_on=on,
        summary="Held.",
        expected_version=meeting.version,
        by=worker,
        today=TODAY,
        **outcome,
    )


def child_in_need(la_id: str, worker: User, manager: User, start: date = date(2026, 5, 1)) -> Child:
    child = new_child(la_id, worker)
    refer(child, worker, start)
    move(child, "assessment", start + timedelta(days=1), worker)
    assess(child, worker, manager, start + timedelta(days=1), start + timedelta(days=20))
    move(child, "cin", start + timedelta(days=21), worker, primary_need="N5")
    do_start_plan(child=child, kind="child_in_need", starts_on=start + timedelta(days=21), by=worker)
    return child


def child_protection(la_id: str, worker: User, manager: User, start: date = date(2026, 5, 1)) -> Child:
    child = new_child(la_id, worker, sex="1")
    refer(child, worker, start, source="2A")
    move(child, "assessment", start + timedelta(days=1), worker)
    assess(child, worker, manager, start + timedelta(days=1), start + timedelta(days=15))
    strategy = held(child, MeetingKind.STRATEGY, start + timedelta(days=16), worker)
    outcome = held(
        child,
        MeetingKind.SECTION_47_OUTCOME,
        start + timedelta(days=20),
        worker,
        follows=strategy,
        s47_outcome="conference",
    )
    conference_on = start + timedelta(days=28)
    held(
        child,
        MeetingKind.INITIAL_CONFERENCE,
        conference_on,
        worker,
        follows=outcome,
        cp_decision="plan",
        category_of_abuse="NEG",
    )
    move(child, "cp", conference_on, worker, primary_need="N1", category_of_abuse="NEG")
    do_start_plan(child=child, kind="child_protection", starts_on=conference_on, by=worker, category_of_abuse="NEG")
    held(
        child,
        MeetingKind.REVIEW_CONFERENCE,
        conference_on + timedelta(days=90),
        worker,
        cp_decision="continues",
        category_of_abuse="NEG",
    )
    return child


def closed_after_assessment(la_id: str, worker: User, manager: User, start: date = date(2026, 6, 1)) -> Child:
    child = new_child(la_id, worker, sex="1", born=date(2019, 1, 5))
    refer(child, worker, start, source="3A")
    assessment_stage = move(child, "assessment", start + timedelta(days=1), worker, primary_need="N9")
    assess(child, worker, manager, start + timedelta(days=1), start + timedelta(days=25))
    do_close_episode(
        episode=assessment_stage,
        ends_on=start + timedelta(days=26),
        closure_reason="RC8",
        expected_version=assessment_stage.version,
        by=worker,
    )
    return child


def looked_after(la_id: str, worker: User, manager: User, start: date = date(2026, 4, 20)) -> Child:
    """Accommodated by agreement, then a care order; one change of placement. Postcodes are real
    ones in Richmond upon Thames (the validator looks placements up by postcode)."""
    child = new_child(la_id, worker, born=date(2012, 9, 9))
    refer(child, worker, start, source="6")
    move(child, "assessment", start + timedelta(days=1), worker)
    assess(child, worker, manager, start + timedelta(days=1), start + timedelta(days=10))
    into_care = start + timedelta(days=11)
    care = move(child, "lac", into_care, worker, primary_need="N1")
    assert worker.team is not None
    do_allocate(child=child, practitioner=manager, team=worker.team, starts_on=into_care, by=manager)
    order_on, moved_on = start + timedelta(days=60), start + timedelta(days=90)
    LegalStatusPeriod.objects.create(episode=care, legal_status="V2", starts_on=into_care, ends_on=order_on)
    LegalStatusPeriod.objects.create(episode=care, legal_status="C2", starts_on=order_on)
    Placement.objects.create(
        episode=care, placement_type="U6", postcode="TW9 1DN", starts_on=into_care, ends_on=moved_on
    )
    Placement.objects.create(episode=care, placement_type="U4", postcode="TW1 3QS", starts_on=moved_on)
    home = {"place_provider": "PR1", "home_postcode": "TW10 6UJ", "urn": "SC999999"}
    do_record_care_details(episode=care, starts_on=into_care, by=worker, **home)
    do_record_care_details(episode=care, starts_on=order_on, by=worker, reason_place_change="CARPL", **home)
    do_record_care_details(episode=care, starts_on=moved_on, by=worker, **home)
    do_record_previous_permanence(child=child, kind="Z1", by=worker)
    return child
