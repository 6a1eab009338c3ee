"""Explanations drafted from a real assessment: edit with a readability score, PDF, giving it,
and who may do what."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from kith.assessments.actions import do_add_statement, do_change_assessment, do_start_assessment
from kith.core.models import AuditAction, AuditEvent, User
from kith.people.models import Child
from kith.voice.models import Explanation

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(jayden: Child, alice: User) -> int:
    started = do_start_assessment(child=jayden, kind="child_and_family", starts_on=date(2026, 10, 1), by=alice)
    changed = do_change_assessment(
        assessment=started,
        changes={"decision": "Jay needs a child in need plan", "analysis": "Mum is coping better with Nan's help"},
        expected_version=started.version,
        by=alice,
    )
    danger = do_add_statement(
        assessment=changed,
        kind="danger",
        fields={"who_is_worried": "School", "worry": "Jay comes to school hungry", "impact": "He cannot learn"},
        by=alice,
    )
    do_add_statement(
        assessment=changed, kind="goal", fields={"text": "Jay has breakfast every day", "danger": danger}, by=alice
    )
    do_add_statement(assessment=changed, kind="strength", fields={"text": "Nan visits every evening"}, by=alice)
    return changed.pk


def draft(client: Client, child: Child, assessment: int) -> Explanation:
    response = client.post(f"/children/{child.pk}/explanations/new/assessment/{assessment}/")
    assert response.status_code == 302
    return Explanation.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


@time_machine.travel(date(2026, 11, 23))
def test_alice_drafts_from_the_assessment_and_sees_a_readability_score(
    as_alice: Client, jayden: Child, assessment: int
) -> None:
    explanation = draft(as_alice, jayden, assessment)
    assert explanation.audience == "child"
    html = as_alice.get(f"/children/{jayden.pk}/explanations/{explanation.pk}/").content.decode()
    assert "Jay needs a child in need plan" in html
    assert "Jay comes to school hungry" in html and "Jay has breakfast every day" in html
    assert "reading age about" in html
    assert "Aim for a reading age of" in html or "Right for a reading age of" in html
    assert Explanation.objects.filter(child=jayden, source_id=assessment).count() == 2


@time_machine.travel(date(2026, 11, 23))
def test_alice_rewords_downloads_and_records_it_given(as_alice: Client, jayden: Child, assessment: int) -> None:
    explanation = draft(as_alice, jayden, assessment)
    url = f"/children/{jayden.pk}/explanations/{explanation.pk}/"
    data = {f"section_{s['key']}": s["text"] for s in explanation.sections} | {"version": 1}
    data["section_decided"] = "You will get some help. We will check you have breakfast."
    assert as_alice.post(url, data).status_code == 302
    stale = as_alice.post(url, data)
    assert stale.status_code == 409
    pdf = as_alice.get(f"/children/{jayden.pk}/explanations/{explanation.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.EXPORT, object_type="explanation").exists()
    given = as_alice.post(
        url + "given/", {"given_on_0": "20", "given_on_1": "11", "given_on_2": "2026", "how": "in_person"}
    )
    assert given.status_code == 302
    explanation.refresh_from_db()
    assert (explanation.given_on, explanation.given_how) == (date(2026, 11, 20), "in_person")


def test_an_empty_section_is_refused_with_its_heading(as_alice: Client, jayden: Child, assessment: int) -> None:
    explanation = draft(as_alice, jayden, assessment)
    data = {f"section_{s['key']}": s["text"] for s in explanation.sections} | {"version": 1, "section_why": ""}
    response = as_alice.post(f"/children/{jayden.pk}/explanations/{explanation.pk}/", data)
    assert response.status_code == 400
    assert b"Enter the words for" in response.content


def test_charlie_cannot_see_and_dana_cannot_write(
    as_charlie: Client, as_dana: Client, as_alice: Client, jayden: Child, assessment: int
) -> None:
    explanation = draft(as_alice, jayden, assessment)
    assert as_charlie.get(f"/children/{jayden.pk}/explanations/").status_code == 404
    assert as_charlie.post(f"/children/{jayden.pk}/explanations/new/assessment/{assessment}/").status_code == 404
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School safeguarding lead checking the plan"})
    assert as_dana.get(f"/children/{jayden.pk}/explanations/{explanation.pk}/").status_code == 200
    assert as_dana.post(f"/children/{jayden.pk}/explanations/new/assessment/{assessment}/").status_code == 403


def test_an_assessment_of_another_child_cannot_be_explained_here(
    as_alice: Client, jayden: Child, mia: Child, assessment: int
) -> None:
    assert as_alice.post(f"/children/{mia.pk}/explanations/new/assessment/{assessment}/").status_code == 404
    assert as_alice.post(f"/children/{jayden.pk}/explanations/new/nonsense/1/").status_code == 404
