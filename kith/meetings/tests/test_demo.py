"""The demo borough's meetings: plausible, on working days, never held in the future, made
through the actions, the same for the same seed, and not made twice."""

from __future__ import annotations

import random
from datetime import date

import pytest

from kith.conftest import make_child, open_child
from kith.core.models import User
from kith.core.rules import is_working_day
from kith.journey.actions import do_open_episode
from kith.journey.codes import Stage
from kith.meetings.demo import seed_meetings
from kith.meetings.models import AgencyContribution, Meeting
from kith.people.models import Child

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture
def children(alice: User, jayden: Child) -> list[Child]:
    """Jayden (child in need since 1 September), a child on a child protection plan since
    6 July, and one whose section 47 enquiry began on 16 November."""
    protected = open_child(
        make_child("Ava", "Brown", "KT000010", alice), alice, stage=Stage.REFERRAL, on=date(2026, 6, 1)
    )
    do_open_episode(
        child=protected,
        stage=Stage.CHILD_PROTECTION,
        starts_on=date(2026, 7, 6),
        codes={"category_of_abuse": "EMO"},
        close_current=True,
        by=alice,
    )
    enquiry = open_child(
        make_child("Leo", "Green", "KT000011", alice), alice, stage=Stage.SECTION_47, on=date(2026, 11, 16)
    )
    order = [jayden.pk, protected.pk, enquiry.pk]
    loaded = Child.objects.filter(pk__in=order).select_related("person", "lead_practitioner").in_bulk()
    return [loaded[pk] for pk in order]


def test_seeded_meetings_follow_each_childs_journey(children: list[Child], alice: User) -> None:
    made = seed_meetings(children=children, by=alice, today=TODAY, rng=random.Random(4))
    assert made == Meeting.objects.count() > 0
    jayden, protected, enquiry = children
    kinds = set(Meeting.objects.filter(child=protected).values_list("kind", flat=True))
    assert {"strategy_discussion", "initial_cp_conference", "core_group", "review_cp_conference"} <= kinds
    conference = Meeting.objects.get(child=protected, kind="initial_cp_conference")
    assert conference.held_on == date(2026, 7, 6) and conference.cp_decision == "plan"
    assert conference.category_of_abuse == "EMO"
    assert conference.follows is not None and conference.follows.kind == "strategy_discussion"
    assert AgencyContribution.objects.filter(meeting=conference).exists()
    assert Meeting.objects.filter(child=jayden, kind="cin_review").exists()
    assert Meeting.objects.filter(child=enquiry, kind="initial_cp_conference", status="planned").exists()
    for meeting in Meeting.objects.all():
        assert is_working_day(meeting.held_on)
        assert meeting.status != "held" or meeting.held_on <= TODAY
    for contribution in AgencyContribution.objects.all():
        assert contribution.received_on <= TODAY
        assert contribution.shared_with_family_on is None or contribution.shared_with_family_on <= TODAY


def test_the_same_seed_gives_the_same_meetings_and_none_are_made_twice(children: list[Child], alice: User) -> None:
    seed_meetings(children=children, by=alice, today=TODAY, rng=random.Random(4))
    first = list(Meeting.objects.order_by("pk").values_list("child_id", "kind", "held_on", "status"))
    assert seed_meetings(children=children, by=alice, today=TODAY, rng=random.Random(4)) == 0
    Meeting.objects.update(follows=None)
    Meeting.objects.all().delete()
    seed_meetings(children=children, by=alice, today=TODAY, rng=random.Random(4))
    assert list(Meeting.objects.order_by("pk").values_list("child_id", "kind", "held_on", "status")) == first
