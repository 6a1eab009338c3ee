"""Actions of partnership intelligence: decisions on links, results replacing results, loads,
named leads. Each write is audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kith.core.models import AuditEvent, User
from kith.intelligence.load import LoadReport, RemovalReport
from kith.partnership.actions import (
    DecisionRefused,
    do_decide_link,
    do_name_early_help_lead,
    do_queue_run,
    do_record_loads,
    do_replace_results,
)
from kith.partnership.models import (
    ChildFactor,
    CohortEntry,
    Decision,
    EarlyHelpLead,
    FeedLoad,
    IntelligenceRun,
    LinkDecision,
    PartnerLink,
    RetentionRemoval,
    RunStatus,
)
from kith.partnership.tests.conftest import TODAY, evidence_row, link_row, write_results
from kith.people.models import Child

pytestmark = pytest.mark.django_db


def test_replacing_results_finishes_the_run_and_keeps_what_it_points_to(
    results: IntelligenceRun, jayden: Child
) -> None:
    assert results.status == RunStatus.DONE
    assert results.counts == {"cohort": 1}
    assert PartnerLink.objects.count() == 3
    assert ChildFactor.objects.filter(child=jayden).count() == 3
    via = ChildFactor.objects.get(factor="ace_parental_mental_health")
    assert via.via_person is not None and via.via_person.legal_given_name == "Chloé"


def test_a_new_run_replaces_the_last_runs_results(results: IntelligenceRun, jayden: Child, tmp_path: Path) -> None:
    tables = {"evidence": [evidence_row(jayden, factor="sym_missing", factor_group="symptom")], "links": []}
    later = do_queue_run(by=None, today=TODAY)
    do_replace_results(run=later, results=write_results(tmp_path / "later", tables))
    assert list(ChildFactor.objects.values_list("factor", "run_id")) == [("sym_missing", later.pk)]
    assert not PartnerLink.objects.exists()
    assert not CohortEntry.objects.exists()


def test_results_about_people_no_longer_in_kith_are_skipped(jayden: Child, tmp_path: Path) -> None:
    tables = {
        "links": [link_row(None, 987654)],
        "evidence": [evidence_row(jayden), evidence_row(jayden, child_id=987654)],
    }
    run = do_queue_run(by=None, today=TODAY)
    do_replace_results(run=run, results=write_results(tmp_path / "gone", tables))
    assert not PartnerLink.objects.exists()
    assert ChildFactor.objects.count() == 1


def test_confirming_a_suggestion_links_it_and_drops_the_others(
    results: IntelligenceRun, alice: User, jayden: Child
) -> None:
    link = PartnerLink.objects.get(status="review", person=jayden.person)
    decision = do_decide_link(
        link_id=link.pk, decision=Decision.CONFIRMED, reason="School confirmed the date of birth", by=alice
    )
    link.refresh_from_db()
    assert (link.status, link.match_key) == ("linked", "confirmed")
    assert not PartnerLink.objects.filter(feed=link.feed, person_ref=link.person_ref).exclude(pk=link.pk).exists()
    assert (decision.decision, decision.decided_by, decision.person_id) == ("confirmed", alice, jayden.person_id)
    event = AuditEvent.objects.get(object_type="partner_link_decision")
    assert (event.child_id, event.user, event.detail["decision"]) == (jayden.pk, alice, "confirmed")


def test_rejecting_a_suggestion_takes_it_off_the_queue_for_good(
    results: IntelligenceRun, alice: User, jayden: Child
) -> None:
    link = PartnerLink.objects.get(status="review", person=jayden.person)
    do_decide_link(link_id=link.pk, decision=Decision.REJECTED, reason="Different school", by=alice)
    assert not PartnerLink.objects.filter(pk=link.pk).exists()
    assert LinkDecision.objects.get().decision == "rejected"


def test_a_suggestion_already_decided_cannot_be_decided_again(
    results: IntelligenceRun, alice: User, bob: User, jayden: Child
) -> None:
    link = PartnerLink.objects.get(status="review", person=jayden.person)
    do_decide_link(link_id=link.pk, decision=Decision.CONFIRMED, reason="Checked with school", by=alice)
    with pytest.raises(DecisionRefused, match="changed since you opened it"):
        do_decide_link(link_id=link.pk, decision=Decision.REJECTED, reason="Not them", by=bob)
    assert LinkDecision.objects.get().decision == "confirmed"


def test_loads_and_removals_are_recorded() -> None:
    load = LoadReport(
        feed="police_notifications",
        file_name="police_notifications.csv",
        sha256="a" * 64,
        loaded_on=date(2026, 11, 20),
        status="loaded",
        rows_in_file=5,
        rows_added=4,
        rows_quarantined=1,
        quarantine_reasons={"sex must be one of: 0, 1, 2, 9": 1},
    )
    removal = RemovalReport("police_notifications", date(2026, 11, 20), date(2024, 11, 20), 7, 0)
    do_record_loads(run=None, loads=[load], removals=[removal])
    saved = FeedLoad.objects.get()
    assert (saved.rows_added, saved.quarantine_reasons) == (4, {"sex must be one of: 0, 1, 2, 9": 1})
    assert RetentionRemoval.objects.get().rows_removed == 7


def test_naming_an_early_help_lead_twice_names_them_once(charlie: User, erin: User) -> None:
    do_name_early_help_lead(user=charlie, by=erin)
    do_name_early_help_lead(user=charlie, by=erin)
    assert EarlyHelpLead.objects.get().named_by == erin
    assert AuditEvent.objects.filter(object_type="early_help_lead").count() == 2
