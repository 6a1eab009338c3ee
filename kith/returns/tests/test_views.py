"""The returns pages: who may use them, starting runs, the report with errors apart from queries
and each issue linked to the child and the page where it is fixed, and audited downloads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kith.conftest import make_child, make_user, open_child, signed_in
from kith.core.models import AuditAction, AuditEvent, Role, Team, User
from kith.people.models import Child, Person
from kith.returns.codes import RunKind, RunStatus
from kith.returns.models import ReturnRun, ValidationIssue

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


@pytest.fixture
def as_erin(erin: User) -> Client:
    return signed_in(erin)


def _export(client: Client, kind: str = RunKind.CIN_CENSUS) -> ReturnRun:
    response = client.post(reverse("returns:start-export"), {"kind": kind, "year": "2027"})
    assert response.status_code == 302
    return ReturnRun.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_an_analyst_sees_the_returns_page(as_erin: Client) -> None:
    response = as_erin.get(reverse("returns:home"))
    assert response.status_code == 200
    assert b"Make a return" in response.content
    assert b"Import a council" in response.content


@pytest.mark.parametrize("persona", ["as_alice", "as_dana"])
def test_practitioners_and_partners_cannot_use_the_returns(persona: str, request: pytest.FixtureRequest) -> None:
    client: Client = request.getfixturevalue(persona)
    assert client.get(reverse("returns:home")).status_code == 403
    assert client.post(reverse("returns:start-export"), {"kind": "cin_census", "year": "2027"}).status_code == 403
    assert not ReturnRun.objects.exists()


def test_a_team_manager_reads_reports_but_cannot_run(as_bob: Client) -> None:
    response = as_bob.get(reverse("returns:home"))
    assert response.status_code == 200
    assert b"Make a return" not in response.content
    assert as_bob.post(reverse("returns:start-export"), {"kind": "cin_census", "year": "2027"}).status_code == 403


def test_choosing_nothing_says_what_to_choose(as_erin: Client) -> None:
    response = as_erin.post(reverse("returns:start-export"), {})
    assert response.status_code == 400
    assert b"Select which return to make" in response.content
    assert b"Select the collection year" in response.content


def test_annex_a_period_must_end_after_it_starts(as_erin: Client) -> None:
    data = {
        "period_start_0": "1",
        "period_start_1": "10",
        "period_start_2": "2026",
        "period_end_0": "1",
        "period_end_1": "9",
        "period_end_2": "2026",
    }
    response = as_erin.post(reverse("returns:start-annex-a"), data)
    assert response.status_code == 400
    assert b"End of the period must be the same as or after the start" in response.content


def test_an_import_needs_a_file(as_erin: Client) -> None:
    response = as_erin.post(reverse("returns:start-import"), {"year": "2027"})
    assert response.status_code == 400
    assert b"Select the CIN census XML file or the SSDA903 CSV files to import" in response.content


def test_an_import_refuses_a_file_that_is_not_xml_or_csv(as_erin: Client) -> None:
    upload = SimpleUploadedFile("notes.pdf", b"%PDF", content_type="application/pdf")
    response = as_erin.post(reverse("returns:start-import"), {"year": "2027", "uploads": [upload]})
    assert response.status_code == 400
    assert b"notes.pdf must be an XML or CSV file" in response.content


def test_an_import_runs_and_reports_each_child(as_erin: Client) -> None:
    upload = SimpleUploadedFile("cin.xml", (FILES / "CIN_Census_2026.xml").read_bytes(), content_type="text/xml")
    response = as_erin.post(reverse("returns:start-import"), {"year": "2027", "uploads": [upload]}, follow=True)
    assert response.status_code == 200
    run = ReturnRun.objects.get(kind=RunKind.IMPORT)
    assert run.status == RunStatus.DONE
    assert run.summary["children"] == {"imported": 1, "rejected": 1}
    assert b"The LA child ID is longer than 20 characters" in response.content
    assert b"Assessment start date (28/04/2028) is in the future" in response.content


@pytest.mark.usefixtures("validators")
def test_a_census_is_made_validated_and_reported(small_borough: dict[str, Child], as_erin: Client) -> None:
    Person.objects.filter(pk=small_borough["cin"].person_id).update(ethnicity="")
    run = _export(as_erin)
    assert run.status == RunStatus.DONE
    assert run.summary["children"] == 4
    assert run.summary["schema_errors"]  # the blank ethnicity breaks the schema too
    assert run.summary["errors"] >= 1
    assert run.summary["could_not_run"] == 0
    response = as_erin.get(run.get_absolute_url())
    page = response.content.decode()
    assert "Errors by rule" in page
    assert "Queries by rule" in page
    assert "2887Q" in page  # a query, listed apart
    child = small_borough["cin"]
    assert reverse("people:edit-person", args=[child.pk]) in page  # where the ethnicity is put right
    assert reverse("journey:child", args=[child.pk]) in page


@pytest.mark.usefixtures("validators")
def test_the_903_report_lists_rules_that_could_not_run(small_borough: dict[str, Child], as_erin: Client) -> None:
    run = _export(as_erin, RunKind.SSDA903)
    assert run.summary["could_not_run"] == 2
    page = as_erin.get(run.get_absolute_url()).content.decode()
    assert "Rules that could not run" in page
    assert "They are not counted as passed" in page


def test_every_download_is_audited(small_borough: dict[str, Child], as_erin: Client, erin: User) -> None:
    response = as_erin.post(
        reverse("returns:start-annex-a"),
        {
            "period_start_0": "1",
            "period_start_1": "4",
            "period_start_2": "2026",
            "period_end_0": "20",
            "period_end_1": "11",
            "period_end_2": "2026",
        },
    )
    run = ReturnRun.objects.get(kind=RunKind.ANNEX_A)
    assert response["Location"] == run.get_absolute_url()
    file = run.files.get()
    response = as_erin.get(reverse("returns:download", args=[run.pk, file.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{file.name}"'
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="return_file")
    assert (event.user_id, event.object_id, event.detail["run"]) == (erin.pk, file.pk, run.pk)


def test_a_team_manager_cannot_download(small_borough: dict[str, Child], as_erin: Client, as_bob: Client) -> None:
    run = _export(as_erin, RunKind.SSDA903)
    file = run.files.first()
    assert file is not None
    assert as_bob.get(reverse("returns:download", args=[run.pk, file.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_team_manager_sees_only_their_teams_children_in_a_report(
    as_erin: Client, bob: User, alice: User, hillside: Team
) -> None:
    run = ReturnRun.objects.create(
        kind=RunKind.CIN_CENSUS,
        collection_year=2027,
        status=RunStatus.DONE,
        created_by=alice,
        created_at="2026-11-20T10:00Z",
        summary={"validated": True, "errors": 2, "queries": 0, "could_not_run": 0, "rules_run": 1, "children": 2},
    )
    ours = open_child(make_child("Ava", "Lee", "KT500001", alice), alice)
    other_worker = make_user("olly", Role.PRACTITIONER, hillside, "Olly", "Owens")
    theirs = open_child(make_child("Ben", "Cole", "KT500002", other_worker), other_worker)
    for child in (ours, theirs):
        ValidationIssue.objects.create(
            run=run,
            kind="error",
            rule_code="4220",
            message="Ethnicity",
            la_child_id=child.la_child_id,
            child=child,
            table="ChildCharacteristics",
        )
    page = signed_in(bob).get(run.get_absolute_url()).content.decode()
    assert "KT500001" in page
    assert "KT500002" not in page


def test_the_report_page_reads_a_bounded_number_of_queries(
    as_erin: Client, alice: User, django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    run = ReturnRun.objects.create(
        kind=RunKind.CIN_CENSUS,
        collection_year=2027,
        status=RunStatus.DONE,
        created_by=alice,
        created_at="2026-11-20T10:00Z",
        summary={"validated": True, "errors": 300, "queries": 0, "could_not_run": 0, "rules_run": 1, "children": 1},
    )
    ValidationIssue.objects.bulk_create(
        ValidationIssue(
            run=run, kind="error", rule_code=f"R{n % 7}", message="x", la_child_id=f"C{n}", table="CINdetails"
        )
        for n in range(300)
    )
    with django_assert_max_num_queries(14):
        response = as_erin.get(run.get_absolute_url())
    assert response.status_code == 200


def test_progress_tells_htmx_to_refresh_when_done(as_erin: Client, alice: User) -> None:
    run = ReturnRun.objects.create(
        kind=RunKind.ANNEX_A,
        status=RunStatus.RUNNING,
        progress=40,
        stage="Reading",
        created_by=alice,
        created_at="2026-11-20T10:00Z",
    )
    url = reverse("returns:run-progress", args=[run.pk])
    running = as_erin.get(url, HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 2s"' in running.content
    assert "HX-Refresh" not in running
    ReturnRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    assert as_erin.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_the_childs_return_details_page_follows_record_access(
    small_borough: dict[str, Child], as_alice: Client, as_charlie: Client
) -> None:
    child = small_borough["lac"]
    assert as_alice.get(reverse("returns:child", args=[child.pk])).status_code == 200
    assert as_charlie.get(reverse("returns:child", args=[child.pk])).status_code == 404


def test_year_choices_cover_the_current_year() -> None:
    from kith.returns.forms import year_choices

    assert year_choices(date(2026, 11, 20))[0] == ("2027", "2026 to 2027")
