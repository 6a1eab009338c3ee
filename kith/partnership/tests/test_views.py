"""The partnership pages, with the personas: Alice and Bob work with Jayden in Riverside; Charlie
is in Hillside (and, where the test says so, a named early help lead); Dana works for a partner
agency; Erin is a performance analyst."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kith.conftest import signed_in
from kith.core.models import AuditEvent, User
from kith.partnership.models import IntelligenceRun, LinkDecision, PartnerLink
from kith.people.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_erin(erin: User) -> Client:
    return signed_in(erin)


def review_link(child: Child) -> PartnerLink:
    return PartnerLink.objects.get(status="review", person=child.person)


# --- Home, feeds, matrix -----------------------------------------------------------------------


def test_home_shows_the_latest_results_and_what_each_person_may_use(
    as_alice: Client, as_erin: Client, results: IntelligenceRun, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        page = as_alice.get(reverse("partnership:home"))
    assert page.status_code == 200
    assert "Links to review" in page.content.decode()
    assert "Run the pipeline now" not in page.content.decode()
    assert "Cohorts for early help conversations" not in page.content.decode()
    analyst = as_erin.get(reverse("partnership:home")).content.decode()
    assert "Run the pipeline now" in analyst and "Equity report" in analyst


def test_signing_in_comes_first(client: Client) -> None:
    page = client.get(reverse("partnership:feeds"))
    assert page.status_code == 302 and "/sign-in/" in page["Location"]


def test_partner_feeds_show_agency_lawful_basis_retention_and_loads(
    as_dana: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        page = as_dana.get(reverse("partnership:feeds"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Police notifications" in text and "Operation Encompass" in text and "24 months" in text
    assert "No partner files have been loaded yet." in text


def test_the_matrix_page_lists_every_factor_and_what_is_not_mapped(as_alice: Client) -> None:
    text = as_alice.get(reverse("partnership:matrix")).content.decode()
    assert "Has been affected by domestic abuse" in text
    assert (
        "Police notifications: records about the child or a parent or carer where notification type is domestic_abuse"
        in text
    )
    assert "Not mapped." in text
    assert "Four or more of the ten adverse childhood experience categories" in text


# --- Runs --------------------------------------------------------------------------------------


def test_only_analysts_and_administrators_start_runs(as_alice: Client) -> None:
    page = as_alice.post(reverse("partnership:start-run"))
    assert page.status_code == 403
    assert "Performance analysts and administrators start runs" in page.content.decode()
    assert not IntelligenceRun.objects.exists()


def test_a_run_in_progress_is_not_started_twice(as_erin: Client, erin: User) -> None:
    from kith.partnership.actions import do_queue_run
    from kith.partnership.tests.conftest import TODAY

    running = do_queue_run(by=erin, today=TODAY)
    page = as_erin.post(reverse("partnership:start-run"))
    assert page.status_code == 302 and page["Location"] == running.get_absolute_url()
    assert IntelligenceRun.objects.count() == 1


def test_the_run_page_and_its_progress(as_alice: Client, results: IntelligenceRun) -> None:
    page = as_alice.get(results.get_absolute_url())
    assert page.status_code == 200 and "Finished" in page.content.decode()
    progress = as_alice.get(reverse("partnership:run-progress", args=[results.pk]), HTTP_HX_REQUEST="true")
    assert progress.status_code == 200 and progress["HX-Refresh"] == "true"
    running = IntelligenceRun.objects.create(
        queued_at=results.queued_at,
        today=results.today,
        status="running",
        step=3,
        stage="Linking partner records to Kith",
        message="scoring candidate pairs",
    )
    panel = as_alice.get(reverse("partnership:run-progress", args=[running.pk])).content.decode()
    assert "Stage 3 of 5: Linking partner records to Kith \u2013 scoring candidate pairs" in panel
    assert 'hx-trigger="every 2s"' in panel
    assert as_alice.get(reverse("partnership:run", args=[999])).status_code == 404


# --- Review queue ------------------------------------------------------------------------------


def test_the_review_queue_shows_suggestions_about_children_the_user_can_see(
    as_alice: Client, as_charlie: Client, results: IntelligenceRun, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):
        page = as_alice.get(reverse("partnership:review"))
    text = page.content.decode()
    assert page.status_code == 200 and "Jaden Smith" in text and "Jayden Smith" in text
    assert "about 91 to 1 for" in text
    assert "There is nothing for you to review." in as_charlie.get(reverse("partnership:review")).content.decode()
    assert AuditEvent.objects.filter(object_type="partner_link_queue").count() == 1  # Jayden, shown to Alice


def test_a_named_early_help_lead_reviews_every_suggestion(lead: User, results: IntelligenceRun) -> None:
    text = signed_in(lead).get(reverse("partnership:review")).content.decode()
    assert "Jayden Smith" in text


def test_analysts_and_partners_do_not_decide_links(
    as_erin: Client, as_dana: Client, results: IntelligenceRun, jayden: Child
) -> None:
    for client in (as_erin, as_dana):
        assert client.get(reverse("partnership:review")).status_code == 403
        assert client.get(reverse("partnership:decide", args=[review_link(jayden).pk])).status_code == 403


def test_the_decision_page_sets_the_partners_record_beside_the_candidates(
    as_alice: Client, alice: User, results: IntelligenceRun, jayden: Child
) -> None:
    page = as_alice.get(reverse("partnership:decide", args=[review_link(jayden).pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Jaden Smith" in text and "Jayden Smith" in text and "Mia Jones" in text
    assert "What was compared" in text and "+9.4" in text and "The same" in text
    viewed = AuditEvent.objects.filter(object_type="partner_link_candidates", user=alice)
    assert set(viewed.values_list("child_id", flat=True)) == {jayden.pk, Child.objects.get(la_child_id="KT000002").pk}


def test_another_teams_suggestion_is_not_found(as_charlie: Client, results: IntelligenceRun, jayden: Child) -> None:
    assert as_charlie.get(reverse("partnership:decide", args=[review_link(jayden).pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Checked with the school"}, "Select whether this is the same person"),
        ({"decision": "confirmed"}, "Enter why you decided this"),
        ({"decision": "maybe", "reason": "Checked"}, "Select yes or no"),
        ({"decision": "confirmed", "reason": "ok"}, "Why must be 5 characters or more"),
    ],
)
def test_a_decision_needs_an_answer_and_a_reason(
    as_alice: Client, results: IntelligenceRun, jayden: Child, data: dict[str, str], message: str
) -> None:
    page = as_alice.post(reverse("partnership:decide", args=[review_link(jayden).pk]), data)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not LinkDecision.objects.exists()


def test_confirming_a_link_from_the_page(as_alice: Client, results: IntelligenceRun, jayden: Child) -> None:
    link = review_link(jayden)
    page = as_alice.post(
        reverse("partnership:decide", args=[link.pk]), {"decision": "confirmed", "reason": "School confirmed it"}
    )
    assert page.status_code == 302 and page["Location"] == reverse("partnership:review")
    assert LinkDecision.objects.get().reason == "School confirmed it"
    assert as_alice.get(reverse("partnership:review")).content.decode().count("Jaden Smith") == 0


def test_a_decision_someone_else_made_first_is_refused(
    as_alice: Client, as_bob: Client, results: IntelligenceRun, jayden: Child
) -> None:
    link = review_link(jayden)
    form = as_bob.get(reverse("partnership:decide", args=[link.pk]))
    assert form.status_code == 200
    as_alice.post(reverse("partnership:decide", args=[link.pk]), {"decision": "confirmed", "reason": "Checked it"})
    # Bob's answer arrives after Alice's: the suggestion is no longer in the queue for him.
    late = as_bob.post(reverse("partnership:decide", args=[link.pk]), {"decision": "rejected", "reason": "Not him"})
    assert late.status_code == 404
    assert LinkDecision.objects.get().decision == "confirmed"


# --- A child's profile --------------------------------------------------------------------------


def test_a_practitioner_sees_the_profile_of_a_child_they_can_see(
    as_alice: Client, alice: User, results: IntelligenceRun, jayden: Child, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(14):
        page = as_alice.get(reverse("partnership:profile", args=[jayden.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Has been affected by domestic abuse" in text and "PNR00000001" in text and "linked by NHS number" in text
    assert "About Chloé Smith (parent)" in text
    assert "Two or more adverse childhood experiences together with a symptom" in text
    assert "<strong>Protective:</strong> a trusted adult is recorded" in text
    assert "Health: Jaden Smith (nhs number)" in text
    assert AuditEvent.objects.filter(object_type="vulnerability_profile", child_id=jayden.pk, user=alice).exists()
    assert "It is not a score or a prediction" in text


def test_another_teams_child_profile_is_not_found(as_charlie: Client, results: IntelligenceRun, jayden: Child) -> None:
    assert as_charlie.get(reverse("partnership:profile", args=[jayden.pk])).status_code == 404


def test_partner_agencies_give_a_reason_then_are_refused_the_profile(
    as_dana: Client, results: IntelligenceRun, jayden: Child
) -> None:
    url = reverse("partnership:profile", args=[jayden.pk])
    first = as_dana.get(url)
    assert first.status_code == 302 and "reason" in first["Location"]
    as_dana.post(first["Location"], {"reason": "Checking a school safeguarding concern"})
    page = as_dana.get(url)
    assert page.status_code == 403
    assert "not shared with partner agency workers" in page.content.decode()


def test_a_profile_with_nothing_recorded_says_so(as_alice: Client, mia: Child, results: IntelligenceRun) -> None:
    text = as_alice.get(reverse("partnership:profile", args=[mia.pk])).content.decode()
    assert "No partner agency or Kith record shows any factor of the matrix for Mia." in text


# --- Cohorts and equity ---------------------------------------------------------------------------


def test_analysts_see_cohorts_each_entry_explained_and_every_child_shown_audited(
    as_erin: Client, erin: User, results: IntelligenceRun, jayden: Child, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(16):
        page = as_erin.get(reverse("partnership:cohorts"))
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        "Jayden Smith" in text and "Has been affected by domestic abuse (Police: 1 record, latest 2026-05-01)" in text
    )
    assert "North Kithborough family hub" in text and "<svg" in text and "<table" in text
    audited = AuditEvent.objects.filter(object_type="early_help_cohort", user=erin, action="view")
    assert set(audited.values_list("child_id", flat=True)) == {jayden.pk, Child.objects.get(la_child_id="KT000002").pk}


def test_cohorts_filter_by_hub_and_pattern(lead: User, results: IntelligenceRun) -> None:
    client = signed_in(lead)
    by_hub = client.get(reverse("partnership:cohorts"), {"family_hub": "Town centre family hub"}).content.decode()
    assert "Mia Jones" in by_hub and "Jayden Smith" not in by_hub
    by_pattern = client.get(reverse("partnership:cohorts"), {"pattern": "aces_and_symptoms"}).content.decode()
    assert "Jayden Smith" in by_pattern and "Mia Jones" not in by_pattern


def test_a_filter_value_not_in_the_list_is_an_error(as_erin: Client, results: IntelligenceRun) -> None:
    page = as_erin.get(reverse("partnership:cohorts"), {"family_hub": "Atlantis family hub"})
    assert page.status_code == 400
    assert "Select a family hub from the list" in page.content.decode()


def test_practitioners_partners_and_managers_do_not_see_cohorts(
    as_alice: Client, as_bob: Client, as_dana: Client, results: IntelligenceRun
) -> None:
    for client in (as_alice, as_bob, as_dana):
        for name in ("partnership:cohorts", "partnership:cohort-export", "partnership:equity"):
            page = client.get(reverse(name))
            assert page.status_code == 403
            assert "named early help leads" in page.content.decode()


def test_the_cohort_exports_as_csv_with_its_explanations_and_is_audited(
    as_erin: Client, erin: User, results: IntelligenceRun
) -> None:
    page = as_erin.get(reverse("partnership:cohort-export"))
    assert page.status_code == 200 and page["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(page.streaming_content).decode())))
    assert rows[0][:3] == ["LA child ID", "First name", "Last name"]
    assert {row[0] for row in rows[1:]} == {"KT000001", "KT000002"}
    assert "'=SUM(A1)" in [row[-1] for row in rows]  # a formula is never passed to a spreadsheet
    assert AuditEvent.objects.filter(object_type="early_help_cohort", user=erin, action="export").count() == 2


def test_the_equity_report_shows_rates_beside_all_children(
    as_erin: Client, results: IntelligenceRun, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):
        page = as_erin.get(reverse("partnership:equity"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "All children: 40 of 400 listed, 100.0 per 1,000." in text
    assert "Pakistani" in text and "157.9" in text and "Higher" in text
    assert "Chinese" in text and "Too few to show" in text
    assert text.count("<svg") == 2 and "Children listed per 1,000, by ethnicity" in text
    assert AuditEvent.objects.filter(object_type="equity_report").exists()
