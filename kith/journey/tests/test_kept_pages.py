"""The record page, My work and search results keep what they drew, keyed on everything they show.

A change made through any action shows on the very next view; people with different access
never get each other's page; every view is still access-checked and audited.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from kith.conftest import make_child, open_child
from kith.core.models import AuditAction, AuditEvent, User
from kith.journey.actions import do_allocate, do_close_episode, do_open_episode, do_record_visit
from kith.journey.models import Episode
from kith.journey.records import _kept_record, caseload_body
from kith.people.actions import do_name_on_restricted_record, do_update_person
from kith.people.models import Child, Person, Relationship

pytestmark = pytest.mark.django_db


def record(client: Client, child: Child) -> str:
    response = client.get(f"/children/{child.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def rename(person: Person, by: User, **names: str) -> None:
    do_update_person(person=person, changes=names, expected_version=person.version, child=None, by=by)


def test_a_visit_recorded_after_a_view_tops_the_next_view(as_alice: Client, alice: User, jayden: Child) -> None:
    assert "My bike is red" not in record(as_alice, jayden)
    do_record_visit(
        child=jayden,
        details={"visited_on": timezone.localdate(), "child_seen": "seen_alone", "child_words": "My bike is red"},
        by=alice,
    )
    page = record(as_alice, jayden)
    assert "My bike is red" in page[: page.index('id="chronology"')]  # his latest words, at the top


def test_a_change_of_details_shows_on_the_next_view(as_alice: Client, alice: User, jayden: Child) -> None:
    assert "known as Jay<" in record(as_alice, jayden)
    rename(jayden.person, alice, preferred_name="JJ")
    assert "known as JJ<" in record(as_alice, jayden)


def test_a_relatives_new_name_shows_on_the_childs_record(as_alice: Client, alice: User, jayden: Child) -> None:
    """The relative's name is on Jayden's page although it is not Jayden's record that changed."""
    mum = Relationship.objects.get(to_person=jayden.person).from_person
    assert "Chloé Smith" in record(as_alice, jayden)
    rename(mum, alice, legal_family_name="Smith-Jones")
    assert "Chloé Smith-Jones" in record(as_alice, jayden)


def test_stage_changes_and_allocations_show_on_the_next_view(
    as_alice: Client, alice: User, bob: User, jayden: Child
) -> None:
    record(as_alice, jayden)
    do_open_episode(child=jayden, stage="s47", starts_on=timezone.localdate(), close_current=True, by=alice)
    assert "Section 47 enquiry since" in record(as_alice, jayden)
    assert bob.team is not None
    do_allocate(child=jayden, practitioner=bob, team=bob.team, starts_on=timezone.localdate(), by=bob)
    assert 'Lead practitioner</dt><dd class="govuk-summary-list__value">Bob Baker<' in record(as_alice, jayden)
    episode = Episode.objects.get(child=jayden, ends_on__isnull=True)
    do_close_episode(episode=episode, ends_on=timezone.localdate(), closure_reason="RC7", expected_version=1, by=alice)
    assert "Case closed" in record(as_alice, jayden)


def test_people_with_different_access_never_get_each_others_page(
    as_alice: Client, as_bob: Client, as_dana: Client, jayden: Child
) -> None:
    """Bob manages, Alice practises, Dana reads after giving a reason: each sees what their
    access allows, whoever opened the record before them."""
    assert "Audit trail" in record(as_bob, jayden)
    alices = record(as_alice, jayden)
    assert "Record a visit" in alices and "Audit trail" not in alices
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School nurse follow-up"})
    danas = record(as_dana, jayden)
    assert "You can read this record" in danas and "Record a visit" not in danas
    assert "Audit trail" in record(as_bob, jayden)


def test_a_kept_page_is_still_checked_and_audited_on_every_view(
    as_alice: Client, alice: User, bob: User, jayden: Child
) -> None:
    for _ in range(3):
        record(as_alice, jayden)
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, child_id=jayden.pk, user=alice)
    assert views.count() == 3
    do_name_on_restricted_record(child=jayden, user=bob, by=bob)  # now for Bob's eyes only
    assert as_alice.get(f"/children/{jayden.pk}/").status_code == 404


def test_my_work_shows_a_visit_on_the_next_view(as_alice: Client, alice: User, jayden: Child) -> None:
    assert b"Not yet seen" in as_alice.get("/").content
    do_record_visit(child=jayden, details={"visited_on": date(2026, 10, 1), "child_seen": "seen"}, by=alice)
    page = as_alice.get("/").content
    assert b"Not yet seen" not in page and b"1 Oct 2026" in page


def test_my_work_is_each_practitioners_own(as_alice: Client, as_charlie: Client, charlie: User, jayden: Child) -> None:
    assert b"Jayden Smith" in as_alice.get("/").content
    assert b"No children are allocated to you" in as_charlie.get("/").content
    open_child(make_child("Cara", "Hill", "KT600001", charlie), charlie)
    charlies = as_charlie.get("/").content
    assert b"Cara Hill" in charlies and b"Jayden Smith" not in charlies


def test_my_work_counts_visits_due_from_today(as_alice: Client, jayden: Child, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same caseload on a later day is a new page: what was due may now be overdue."""
    today = timezone.localdate()
    as_alice.get("/")
    later = today + timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert b"1 visit overdue" in as_alice.get("/").content


def test_pages_are_kept_and_found_again(as_alice: Client, jayden: Child) -> None:
    _kept_record.cache_clear()
    caseload_body.cache_clear()
    for _ in range(2):
        record(as_alice, jayden)
        as_alice.get("/")
        assert as_alice.get(f"/children/{jayden.pk}/?all=1").status_code == 200  # drawn afresh, not kept
    assert _kept_record.cache_info().hits == 1
    assert caseload_body.cache_info().hits == 1


def test_search_results_show_a_new_name_on_the_next_search(as_alice: Client, alice: User, jayden: Child) -> None:
    assert b"Jayden Smith" in as_alice.get("/children/search/", {"q": "Jayden"}).content
    rename(jayden.person, alice, legal_family_name="Smithson")
    page = as_alice.get("/children/search/", {"q": "Jayden"}).content
    assert b"Jayden Smithson" in page


def test_search_results_are_only_ever_what_the_searcher_may_find(
    as_alice: Client, as_charlie: Client, jayden: Child
) -> None:
    assert b"Jayden Smith" in as_alice.get("/children/search/", {"q": "Jayden Smith"}).content
    assert b"No children found" in as_charlie.get("/children/search/", {"q": "Jayden Smith"}).content


def test_htmx_gets_the_results_alone_and_a_page_otherwise(as_alice: Client, jayden: Child) -> None:
    partial = as_alice.get("/children/search/", {"q": "jaydn"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="search-results"')
    assert "Jayden Smith" in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    restored = as_alice.get(
        "/children/search/", {"q": "jaydn"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    page = as_alice.get("/children/search/", {"q": "jaydn"})
    for response in (restored, page):
        assert b"<html" in response.content and b"Jayden Smith" in response.content


def test_a_change_of_settings_forgets_every_kept_page(as_alice: Client, jayden: Child) -> None:
    """A council's labels or the language can change what a page says without changing its data."""
    record(as_alice, jayden)
    as_alice.get("/")
    assert _kept_record.cache_info().currsize and caseload_body.cache_info().currsize
    with override_settings(KITH_PRACTICE_LABELS={"scaling": "Rating"}):
        assert not _kept_record.cache_info().currsize and not caseload_body.cache_info().currsize


def test_a_view_with_nothing_written_reads_only_the_records_version(
    as_alice: Client, alice: User, jayden: Child
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record(as_alice, jayden)
    with CaptureQueriesContext(connection) as queries:
        record(as_alice, jayden)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "django_admin_log" in sql  # the version was read...
    assert "journey_visit" not in sql and "journey_episode" not in sql  # ...and the rows kept were used
    assert sql.count("object_type IN") == 1  # the families' version is read once, with the record's


def test_a_change_for_no_child_in_particular_shows_on_the_next_view(
    as_alice: Client, alice: User, jayden: Child
) -> None:
    record(as_alice, jayden)
    mum = Relationship.objects.get(to_person=jayden.person, kind="parent").from_person
    rename(mum, alice, legal_given_name="Chantal")  # audited for no child: made from no record
    assert "Chantal" in record(as_alice, jayden)


def test_a_workers_new_name_from_the_admin_shows_on_the_next_view(
    as_alice: Client, alice: User, bob: User, jayden: Child
) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    open_child(jayden, alice)
    assert "Allocated to Alice Ahmed" in record(as_alice, jayden)
    User.objects.filter(pk=alice.pk).update(last_name="Ahmed-Khan")  # as the admin saves it...
    LogEntry.objects.create(  # ...and logs it
        user=bob,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(alice.pk),
        object_repr="Alice Ahmed-Khan",
        action_flag=CHANGE,
    )
    assert "Allocated to Alice Ahmed-Khan" in record(as_alice, jayden)
