"""My work, the child's record, recording a visit, starting and ending stages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.conftest import make_child, open_child
from kith.core.models import AuditAction, AuditEvent, User
from kith.journey.actions import JourneyError, do_close_episode, do_record_visit
from kith.journey.models import Episode, Visit
from kith.people.actions import EditConflict
from kith.people.models import Child

pytestmark = pytest.mark.django_db


def visit_data(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "visited_on_0": today.day,
        "visited_on_1": today.month,
        "visited_on_2": today.year,
        "place": "home",
        "child_seen": "seen_alone",
        "who_was_present": "Jayden and his mum",
        "child_words": "I want to stay with my nan at weekends",
        "what_i_saw": "A tidy front room, Jayden's drawings on the fridge",
        "what_i_heard": "Music from upstairs",
        "what_i_smelled": "Dinner cooking",
        "what_i_felt": "Calm",
        "analysis": "Jayden seemed relaxed with his mum.",
        "next_steps": "Talk to Nan about weekends",
    }
    data.update(changes)
    return data


def test_my_work_lists_alices_children_with_visits_due(as_alice: Client, jayden: Child) -> None:
    response = as_alice.get("/")
    assert response.status_code == 200
    assert b"Jayden Smith" in response.content
    assert b"Child in need" in response.content
    assert b"Overdue" in response.content  # opened in September, never seen


def test_my_work_is_empty_for_charlie(as_charlie: Client, jayden: Child) -> None:
    assert b"No children are allocated to you" in as_charlie.get("/").content


def test_my_work_query_count_does_not_grow_with_the_caseload(as_alice: Client, alice: User) -> None:
    for n in range(25):
        child = open_child(make_child("Child", f"Number{n}", f"KT2{n:05d}", alice), alice)
        do_record_visit(child=child, details={"visited_on": date(2026, 10, 1), "child_seen": "seen"}, by=alice)
    with CaptureQueriesContext(connection) as queries:
        response = as_alice.get("/")
    assert response.status_code == 200
    assert all(f"Child Number{n}".encode() in response.content for n in range(25))
    # Session, user, the caseload in one statement, what children said on their own pages (alerts
    # and unanswered words, 3 to 4), the practice standards due (2 to 4) and the worker's actions
    # from supervision: none of it grows with the caseload.
    assert len(queries) <= 14


def test_child_record_shows_the_journey_people_and_words(as_alice: Client, alice: User, jayden: Child) -> None:
    do_record_visit(
        child=jayden,
        details={
            "visited_on": date(2026, 10, 1),
            "child_seen": "seen_alone",
            "child_words": "My dog is called Biscuit",
        },
        by=alice,
    )
    response = as_alice.get(f"/children/{jayden.pk}/")
    content = response.content.decode()
    assert "My dog is called Biscuit" in content
    assert "Chloé Smith" in content and "parental responsibility" in content
    assert "Child in need started" in content
    assert "Allocated to Alice Ahmed" in content


def test_child_record_query_count_is_bounded(as_alice: Client, alice: User, jayden: Child) -> None:
    for day in range(1, 29):
        do_record_visit(child=jayden, details={"visited_on": date(2026, 10, day), "child_seen": "seen"}, by=alice)
    with CaptureQueriesContext(connection) as queries:
        response = as_alice.get(f"/children/{jayden.pk}/")
    assert response.status_code == 200
    # The record (session, user, child, access, audit, now, chronology) about 8; the genogram's
    # minimum reads the family a generation at a time (about 5); the child's own pages 5; the
    # practice standards that apply to the child 3 to 5. None of it grows with the record.
    assert len(queries) <= 26
    assert as_alice.get(f"/children/{jayden.pk}/?all=1").status_code == 200


def test_alice_records_a_visit_and_it_tops_the_chronology(as_alice: Client, jayden: Child) -> None:
    url = f"/children/{jayden.pk}/visits/new/"
    assert as_alice.get(url).status_code == 200
    response = as_alice.post(url, visit_data())
    assert response.status_code == 302
    visit = Visit.objects.get(child=jayden)
    assert visit.child_words == "I want to stay with my nan at weekends"
    assert visit.analysis == "Jayden seemed relaxed with his mum."
    record = as_alice.get(f"/children/{jayden.pk}/").content.decode()
    chronology = record[record.index('id="chronology"') :]
    assert chronology.index("I want to stay with my nan at weekends") < chronology.index("Child in need started")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="visit", object_id=visit.pk).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"child_seen": ""}, "Select whether the child was seen"),
        ({"child_seen": "not_seen"}, "Enter why the child was not seen"),
        ({"visited_on_0": "", "visited_on_1": "", "visited_on_2": ""}, "Enter the date of the visit"),
        ({"visited_on_1": "14"}, "Date of visit must be a real date"),
        ({"visited_on_2": str(timezone.localdate().year + 1)}, "Date of visit must be today or in the past"),
    ],
)
def test_bad_visits_are_refused(as_alice: Client, jayden: Child, changes: dict, message: str) -> None:
    response = as_alice.post(f"/children/{jayden.pk}/visits/new/", visit_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_to_a_child_who_is_not_open_is_refused(as_alice: Client, alice: User) -> None:
    child = make_child("Closed", "Case", "KT300001", alice)
    from kith.journey.actions import do_allocate

    do_allocate(child=child, practitioner=alice, team=alice.team, starts_on=date(2026, 1, 1), by=alice)
    response = as_alice.post(f"/children/{child.pk}/visits/new/", visit_data())
    assert response.status_code == 400
    assert "You can only record a visit to a child whose case is open" in response.content.decode()
    assert not Visit.objects.exists()
    with pytest.raises(JourneyError):
        do_record_visit(child=child, details={"visited_on": date(2026, 10, 1), "child_seen": "seen"}, by=alice)


def test_charlie_cannot_record_a_visit(as_charlie: Client, jayden: Child) -> None:
    assert as_charlie.post(f"/children/{jayden.pk}/visits/new/", visit_data()).status_code == 404
    assert not Visit.objects.exists()


def test_stage_change_ends_the_current_stage_and_links_them(as_alice: Client, jayden: Child) -> None:
    today = timezone.localdate()
    response = as_alice.post(
        f"/children/{jayden.pk}/stages/new/",
        {
            "stage": "s47",
            "starts_on_0": today.day,
            "starts_on_1": today.month,
            "starts_on_2": today.year,
            "close_current": "on",
            "primary_need": "N1",
        },
    )
    assert response.status_code == 302
    cin, s47 = Episode.objects.filter(child=jayden).order_by("id")
    assert cin.ends_on == today and s47.ends_on is None and s47.follows_id == cin.pk
    jayden.refresh_from_db()
    assert jayden.current_stage == "s47"


def test_an_episode_cannot_end_before_it_starts(as_alice: Client, jayden: Child) -> None:
    episode = Episode.objects.get(child=jayden)
    before = episode.starts_on - timedelta(days=1)
    response = as_alice.post(
        f"/children/{jayden.pk}/stages/{episode.pk}/end/",
        {
            "ends_on_0": before.day,
            "ends_on_1": before.month,
            "ends_on_2": before.year,
            "closure_reason": "RC7",
            "version": episode.version,
        },
    )
    assert response.status_code == 400
    assert "End date must be the same as or after the start date" in response.content.decode()
    episode.refresh_from_db()
    assert episode.ends_on is None


def test_ending_the_last_stage_closes_the_case(as_alice: Client, jayden: Child) -> None:
    episode = Episode.objects.get(child=jayden)
    today = timezone.localdate()
    response = as_alice.post(
        f"/children/{jayden.pk}/stages/{episode.pk}/end/",
        {
            "ends_on_0": today.day,
            "ends_on_1": today.month,
            "ends_on_2": today.year,
            "closure_reason": "RC7",
            "version": episode.version,
        },
    )
    assert response.status_code == 302
    jayden.refresh_from_db()
    assert not jayden.is_open


def test_ending_a_stage_someone_else_changed_is_refused(alice: User, jayden: Child) -> None:
    episode = Episode.objects.get(child=jayden)
    do_close_episode(episode=episode, ends_on=timezone.localdate(), closure_reason="RC7", expected_version=1, by=alice)
    with pytest.raises(EditConflict):
        do_close_episode(
            episode=episode, ends_on=timezone.localdate(), closure_reason="RC8", expected_version=1, by=alice
        )


def test_a_looked_after_childs_legal_status_and_placement_are_shown(as_alice: Client, alice: User) -> None:
    from kith.journey.models import LegalStatusPeriod, Placement

    child = open_child(make_child("Leo", "Grant", "KT400001", alice), alice, stage="lac")
    episode = Episode.objects.get(child=child)
    LegalStatusPeriod.objects.create(episode=episode, legal_status="C2", starts_on=date(2026, 9, 1))
    Placement.objects.create(episode=episode, placement_type="U4", starts_on=date(2026, 9, 1))
    content = as_alice.get(f"/children/{child.pk}/").content.decode()
    assert "Full care order (C2)" in content
    assert "long-term fostering (U4)" in content


def test_the_chronology_gathers_moves_households_and_closures(as_alice: Client, alice: User, jayden: Child) -> None:
    from kith.people.models import Address, Household, HouseholdMember

    Address.objects.create(
        person=jayden.person,
        line_1="1 Synthetic Row",
        town="Kithborough",
        postcode="KB1 1AA",
        starts_on=date(2020, 5, 1),
    )
    HouseholdMember.objects.create(
        household=Household.objects.create(name="Smith household"), person=jayden.person, starts_on=date(2019, 1, 1)
    )
    episode = Episode.objects.get(child=jayden)
    do_close_episode(episode=episode, ends_on=date(2026, 10, 1), closure_reason="RC7", expected_version=1, by=alice)
    content = as_alice.get(f"/children/{jayden.pk}/").content.decode()
    chronology = content[content.index('id="chronology"') :]
    assert chronology.index("Child in need ended") < chronology.index("Child in need started")
    assert "Services ceased for any other reason" in chronology
    assert chronology.index("Moved address") < chronology.index("Joined Smith household")
    assert "1 Synthetic Row, Kithborough KB1 1AA" in content


def test_the_record_says_who_the_child_lives_with_now(as_alice: Client, alice: User, jayden: Child) -> None:
    from kith.people.actions import do_create_person
    from kith.people.models import Household, HouseholdMember

    home = Household.objects.create(name="Smith household")
    nan = do_create_person(person_fields={"legal_given_name": "Nan", "legal_family_name": "Smith"}, by=alice)
    lodger = do_create_person(person_fields={"legal_given_name": "Former", "legal_family_name": "Lodger"}, by=alice)
    HouseholdMember.objects.create(household=home, person=jayden.person, starts_on=date(2019, 1, 1))
    HouseholdMember.objects.create(household=home, person=nan, starts_on=date(2019, 1, 1))
    HouseholdMember.objects.create(household=home, person=lodger, starts_on=date(2019, 1, 1), ends_on=date(2020, 1, 1))
    content = as_alice.get(f"/children/{jayden.pk}/").content.decode()
    assert 'Lives with</dt><dd class="govuk-summary-list__value">Nan Smith</dd>' in content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stage": ""}, "Select the stage"),
        ({"starts_on_0": "", "starts_on_1": "", "starts_on_2": ""}, "Enter the start date"),
        ({"starts_on_2": str(timezone.localdate().year + 1)}, "Start date must be today or in the past"),
        (
            {"starts_on_0": "1", "starts_on_1": "1", "starts_on_2": "2020"},
            "Start date must be on or after the start of the current stage",
        ),
    ],
)
def test_bad_stage_changes_are_refused(as_alice: Client, jayden: Child, changes: dict, message: str) -> None:
    today = timezone.localdate()
    data = {
        "stage": "s47",
        "starts_on_0": today.day,
        "starts_on_1": today.month,
        "starts_on_2": today.year,
        "close_current": "on",
    }
    data.update(changes)
    response = as_alice.post(f"/children/{jayden.pk}/stages/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Episode.objects.filter(child=jayden).count() == 1


def test_my_work_hides_a_restricted_record_its_lead_is_not_named_on(as_alice: Client, alice: User, bob: User) -> None:
    from kith.people.actions import do_name_on_restricted_record

    child = open_child(make_child("Hidden", "Person", "KT500001", alice), alice)
    do_name_on_restricted_record(child=child, user=bob, by=bob)  # restricted, and only Bob is named
    assert b"Hidden Person" not in as_alice.get("/").content
    assert as_alice.get(f"/children/{child.pk}/").status_code == 404


def test_the_record_links_to_the_family_assessments_plan_meetings_and_the_childs_words(
    as_alice: Client, jayden: Child
) -> None:
    content = as_alice.get(f"/children/{jayden.pk}/").content.decode()
    for url in ("family/", "assessments/", "plan/", "meetings/", "explanations/", "voice/"):
        assert f'href="/children/{jayden.pk}/{url}"' in content
    assert "does not meet the minimum yet" in content and "never reviewed" in content
