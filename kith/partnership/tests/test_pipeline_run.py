"""The whole round trip from the partnership page: an analyst starts a run, the background task
exports Kith, loads the partner files in the inbox, links, finds the factors and writes the
results back through the sink; practitioners then see them. Run twice, nothing is loaded twice."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kith.conftest import make_child, signed_in
from kith.core.models import User
from kith.partnership.models import ChildFactor, FeedLoad, IntelligenceRun, PartnerLink, RunStatus
from kith.partnership.runner import inbox_dir
from kith.people.actions import do_update_person
from kith.people.models import Child, Relationship

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

GIVEN = ("Olivia", "Noah", "Amelia", "Leo", "Isla", "Oscar", "Ava", "Arthur", "Mia", "Muhammad", "Ivy", "George")
FAMILY = ("Brown", "Taylor", "Khan", "Evans", "Walsh", "Patel")


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


CHLOE_NHS = "9990002002"


@pytest.fixture
def borough(jayden: Child, alice: User) -> list[Child]:
    """Jayden, his mum (whose NHS number the health service gave), and forty other children."""
    mum = Relationship.objects.get(to_person=jayden.person, kind="parent").from_person
    do_update_person(
        person=mum, changes={"nhs_number": CHLOE_NHS}, expected_version=mum.version, child=jayden, by=alice
    )
    children = [jayden]
    for n in range(40):
        born = date(2010 + n % 12, 1 + n % 12, 1 + n % 27)
        children.append(
            make_child(GIVEN[n % len(GIVEN)], FAMILY[n % len(FAMILY)], f"KT9{n:05d}", alice, date_of_birth=born)
        )
    return children


@pytest.fixture
def partner_files(borough: list[Child]) -> Path:
    inbox = inbox_dir()
    identity = {"given_name": "", "family_name": "", "date_of_birth": "", "sex": "", "postcode": "", "nhs_number": ""}
    police = []
    for n, child in enumerate(borough[1:15]):
        person = child.person
        police.append(
            {"record_id": f"P{n}", "person_ref": f"N{n}"}
            | identity
            | {
                "given_name": person.legal_given_name,
                "family_name": person.legal_family_name,
                "date_of_birth": person.date_of_birth.isoformat(),
            }
            | {
                "notification_type": "missing_episode",
                "occurred_on": "2026-09-01",
                "role": "missing_person",
                "offence": "",
                "outcome": "",
                "exploitation_concern": "false",
            }
        )
    police.append(
        {"record_id": "PJ", "person_ref": "NJ"}
        | identity
        | {"given_name": "Jayden", "family_name": "Smith", "date_of_birth": "2015-03-27", "nhs_number": "9990001006"}
        | {
            "notification_type": "domestic_abuse",
            "occurred_on": "2026-10-02",
            "role": "child_in_household",
            "offence": "",
            "outcome": "",
            "exploitation_concern": "false",
        }
    )
    police.append(police[-1] | {"record_id": "BAD", "occurred_on": "2026-02-30"})
    write(inbox / "police_notifications_2026-11.csv", police)
    adults = [
        {"record_id": "A1", "person_ref": "AS1"}
        | identity
        | {
            "given_name": "Chloe",
            "family_name": "Smith",
            "date_of_birth": "1990-05-01",
            "sex": "2",
            "nhs_number": CHLOE_NHS,
        }
        | {"service": "mental_health", "starts_on": "2026-06-01", "ends_on": ""}
    ]
    write(inbox / "adult_services_2026-11.csv", adults)
    (inbox / "minutes.csv").write_text("a,b\n1,2\n")
    return inbox


@time_machine.travel("2026-11-20 12:00", tick=False)
def test_an_analyst_runs_the_pipeline_and_practitioners_see_the_results(
    erin: User, alice: User, jayden: Child, partner_files: Path
) -> None:
    as_erin = signed_in(erin)
    started = as_erin.post(reverse("partnership:start-run"))
    run = IntelligenceRun.objects.get()
    assert started.status_code == 302 and started["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.DONE, run.error
    assert (run.step, run.steps, run.today) == (5, 5, date(2026, 11, 20))
    assert set(run.stage_seconds) >= {"load", "retention", "link", "matrix", "cohorts", "total"}
    loads = {load.file_name: load for load in FeedLoad.objects.filter(run=run)}
    assert loads["police_notifications_2026-11.csv"].rows_quarantined == 1
    assert (
        loads["police_notifications_2026-11.csv"].quarantine_reasons[
            "occurred_on must be a real date in the form YYYY-MM-DD"
        ]
        == 1
    )
    assert loads["adult_services_2026-11.csv"].rows_added == 1
    assert loads["minutes.csv"].status == "rejected"
    assert PartnerLink.objects.filter(status="review").exists()  # names and dates alone, in a small borough
    link = PartnerLink.objects.get(feed="police_notifications", person_ref="NJ")
    assert (link.person_id, link.match_key, link.status) == (jayden.person_id, "nhs_number", "linked")
    factors = set(ChildFactor.objects.filter(child=jayden).values_list("factor", "source"))
    assert ("ace_domestic_abuse", "police_notifications") in factors
    assert ("ace_parental_mental_health", "adult_services") in factors
    page = signed_in(alice).get(reverse("partnership:profile", args=[jayden.pk])).content.decode()
    assert "Domestic abuse incident notified by the police on 2026-10-02 (child in household)" in page
    assert "About Chloé Smith (parent)" in page
    # The export and the run's working files hold personal data: they are gone when the run ends.
    assert not list((partner_files.parent / "work").glob("run-*"))


@time_machine.travel("2026-11-20 12:00", tick=False)
def test_a_second_run_loads_nothing_twice(erin: User, jayden: Child, partner_files: Path) -> None:
    client: Client = signed_in(erin)
    client.post(reverse("partnership:start-run"))
    first = FeedLoad.objects.get(file_name="police_notifications_2026-11.csv")
    links = set(PartnerLink.objects.values_list("feed", "person_ref", "person_id", "status"))
    client.post(reverse("partnership:start-run"))
    again = FeedLoad.objects.filter(file_name="police_notifications_2026-11.csv").exclude(pk=first.pk).get()
    assert (again.status, again.rows_added) == ("already_loaded", 0)
    assert set(PartnerLink.objects.values_list("feed", "person_ref", "person_id", "status")) == links
    assert IntelligenceRun.objects.filter(status=RunStatus.DONE).count() == 2


def test_a_run_that_fails_says_why_and_keeps_the_last_results(
    erin: User, jayden: Child, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITH_MATRIX_FILE", str(inbox_dir() / "missing.toml"))
    signed_in(erin).post(reverse("partnership:start-run"))
    run = IntelligenceRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "missing.toml" in run.error
    page = signed_in(erin).get(run.get_absolute_url()).content.decode()
    assert "The run failed" in page
