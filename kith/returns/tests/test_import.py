"""Import for onboarding: a council's last CIN census and SSDA903 files come into Kith; the report
says what was imported, merged or rejected and why; importing twice changes nothing; and an
export of what came in gives the same return back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from kith.assessments.models import Assessment
from kith.conftest import make_child
from kith.core.models import AuditEvent, User
from kith.journey.models import Episode, LegalStatusPeriod, Placement
from kith.meetings.models import Meeting
from kith.people.models import Child
from kith.plans.models import Plan
from kith.returns import cin_build, cin_format, importer, rules, ssda903
from kith.returns.cin_format import Census
from kith.returns.tests import journeys
from kith.returns.tests.journeys import TODAY, YEAR

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


class RolledBack(Exception):
    pass


def _canonical(census: Census) -> list[dict[str, Any]]:
    """A census's children as the DfE reads them: codes as Kith holds them, yes-no as booleans."""
    out = []
    for child in sorted(census.children, key=lambda c: c["LAchildID"]):
        row = {k: v for k, v in child.items() if k not in ("Sex", "GenderCurrent", "UPNunknown", "Disabilities")}
        row["sex"] = rules.sex_from_return(child.get("Sex") or child.get("GenderCurrent") or "")
        row["UPNunknown"] = None if child.get("UPN") else child.get("UPNunknown")
        row["Disabilities"] = sorted(d for d in child.get("Disabilities") or [] if d != "NONE")
        row["CINdetails"] = [
            {
                **d,
                "ReferralNFA": rules.yes_no(d.get("ReferralNFA") or "false"),
                "Section47": [{**s, "ICPCnotRequired": rules.yes_no(s["ICPCnotRequired"])} for s in d["Section47"]],
            }
            for d in child["CINdetails"]
        ]
        out.append(row)
    return out


def _counts() -> tuple[int, ...]:
    return (
        Child.objects.count(),
        Episode.objects.count(),
        Assessment.objects.count(),
        Plan.objects.count(),
        Meeting.objects.count(),
        LegalStatusPeriod.objects.count(),
        Placement.objects.count(),
    )


def _sample(name: str = "CIN_Census_2026.xml") -> Census:
    """The validator's sample census, its second child's ID shortened to fit Kith (20 characters)."""
    census = cin_format.from_xml((FILES / name).read_bytes())
    census.children[1]["LAchildID"] = "child_fails"
    return census


def _reasons(report: importer.ImportReport) -> list[tuple[str, str, str]]:
    return [(n.la_child_id, n.what, n.reason) for n in report.notes if n.outcome == "rejected"]


def test_the_sample_census_comes_in_with_its_faults_rejected_and_explained(erin: User) -> None:
    report = importer.import_census(_sample(), by=erin, today=TODAY)
    assert report.counts() == {"imported": 2}
    reasons = _reasons(report)
    assert ("child_fails", "assessment", "The assessment starts (25/12/2023) outside its CIN episode") in reasons
    assert ("DfEX0000001", "assessment", "Assessment start date (28/04/2028) is in the future") in reasons
    assert (
        "DfEX0000001",
        "section 47 enquiry",
        "The section 47 enquiry starts (02/06/2022) outside its CIN episode",
    ) in reasons
    assert (
        "DfEX0000001",
        "child protection plan",
        "The child protection plan starts (17/02/2022) outside its CIN episode",
    ) in reasons
    child = Child.objects.select_related("person").get(la_child_id="DfEX0000001")
    assert child.person.disabilities == ["HAND", "HEAR"]
    assert child.person.upn == "A123456789123"
    assert child.return_detail.former_upn == "X98765432123B"
    assert Plan.objects.filter(child=child, kind="child_in_need").count() == 1


def test_import_then_export_gives_the_same_return(erin: User) -> None:
    report = importer.import_census(_sample(), by=erin, today=TODAY)
    assert report.accepted is not None
    exported = cin_build.build_census(
        YEAR,
        now=timezone.now(),
        period=rules.Period(date(2000, 1, 1), TODAY),
        la_child_ids=["DfEX0000001", "child_fails"],
    )
    assert _canonical(exported) == _canonical(report.accepted)


def test_importing_the_same_file_twice_changes_nothing(erin: User) -> None:
    importer.import_census(_sample(), by=erin, today=TODAY)
    before, audits = _counts(), AuditEvent.objects.count()
    again = importer.import_census(_sample(), by=erin, today=TODAY)
    assert again.counts() == {"unchanged": 2}
    assert _counts() == before
    assert AuditEvent.objects.count() == audits


def test_a_synthetic_export_imports_and_exports_the_same(alice: User, bob: User, erin: User) -> None:
    try:
        with transaction.atomic():
            journeys.child_in_need("KT200001", alice, bob)
            journeys.child_protection("KT200002", alice, bob)
            journeys.closed_after_assessment("KT200003", alice, bob)
            journeys.looked_after("KT200004", alice, bob)
            first = cin_build.build_census(YEAR, now=timezone.now())
            raise RolledBack
    except RolledBack:
        pass
    assert not Child.objects.filter(la_child_id__startswith="KT2").exists()
    content = cin_format.to_xml(first)
    report = importer.import_census(cin_format.from_xml(content), by=erin, today=TODAY)
    assert report.counts() == {"imported": 4}
    assert _reasons(report) == []
    second = cin_build.build_census(YEAR, now=timezone.now())
    second.header = first.header
    assert cin_format.to_xml(second) == content


def test_a_child_already_in_kith_is_merged_not_duplicated(alice: User, erin: User) -> None:
    existing = make_child("Kai", "Adams", "DfEX0000001", alice, date_of_birth=date(2015, 3, 27), sex="1")
    report = importer.import_census(_sample(), by=erin, today=TODAY)
    notes = {n.la_child_id: n for n in report.notes if n.what == "child"}
    assert notes["DfEX0000001"].outcome == "merged"
    assert notes["DfEX0000001"].child_id == existing.pk
    assert "Matched by LA child ID" in notes["DfEX0000001"].reason
    existing.person.refresh_from_db()
    assert existing.person.legal_given_name == "Kai"  # nothing silently changed


def test_a_match_with_a_different_date_of_birth_is_rejected(alice: User, erin: User) -> None:
    make_child("Kai", "Adams", "DfEX0000001", alice, date_of_birth=date(2016, 1, 1))
    report = importer.import_census(_sample(), by=erin, today=TODAY)
    [(la_id, _what, reason)] = [r for r in _reasons(report) if r[1] == "child"]
    assert la_id == "DfEX0000001"
    assert "different date of birth in Kith" in reason
    assert Episode.objects.filter(child__la_child_id="DfEX0000001").count() == 0


def test_bad_rows_are_rejected_with_reasons_and_the_rest_imported(erin: User) -> None:
    census = _sample()
    census.children[1]["Ethnicity"] = "XXXX"
    twin = dict(census.children[0], PersonBirthDate="2016-01-01")
    census.children.append(twin)
    report = importer.import_census(census, by=erin, today=TODAY)
    rejected = {r[0]: r[2] for r in _reasons(report) if r[1] == "child"}
    assert rejected == {
        "child_fails": "Ethnicity 'XXXX' is not a DfE code",
        "DfEX0000001": "The child is in the file more than once with different dates of birth",
    }
    assert report.counts() == {"rejected": 2}
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"CHILD,SEX\n1,2\n", "The file is not valid XML"),
        (b"<Other><Children/></Other>", "The file is not a CIN census"),
    ],
)
def test_a_file_that_is_not_a_census_is_refused(content: bytes, message: str) -> None:
    with pytest.raises(cin_format.NotACensus, match=message):
        cin_format.from_xml(content)


def test_the_ssda903_imports_and_exports_the_same(alice: User, bob: User, erin: User) -> None:
    try:
        with transaction.atomic():
            journeys.looked_after("KT300001", alice, bob)
            first = ssda903.build_903(YEAR)
            raise RolledBack
    except RolledBack:
        pass
    files = first.files()
    report = importer.import_903(files, year=YEAR, by=erin, today=TODAY)
    assert report.counts() == {"imported": 1}
    assert [n for n in report.notes if n.outcome == "rejected"] == []
    again = ssda903.build_903(YEAR)
    for table in ("Header", "Episodes", "PrevPerm"):
        assert again.tables[table] == first.tables[table], table
    assert importer.import_903(files, year=YEAR, by=erin, today=TODAY).counts() == {"unchanged": 1}


def test_ssda903_files_with_unknown_columns_or_codes_are_rejected(erin: User) -> None:
    header = ssda903.to_csv(ssda903.COLUMNS["Header"], [["C1", "1", "01/01/2015", "WBRI", "UN2", "", ""]])
    episodes = ssda903.to_csv(
        ssda903.COLUMNS["Episodes"],
        [["C1", "01/05/2026", "S", "ZZ", "N1", "U6", "PR1", "", "", "", "", "", ""]],
    )
    report = importer.import_903(
        {"header.csv": header, "episodes.csv": episodes, "notes.csv": b"A,B\n1,2\n"}, year=YEAR, by=erin, today=TODAY
    )
    assert ("", "file", "notes.csv: the columns are not those of an SSDA903 table") in _reasons(report)
    assert ("C1", "looked-after episodes", "Legal status 'ZZ' is not a DfE code") in _reasons(report)
    assert report.counts() == {"imported": 1}


def test_an_la_child_id_too_long_for_kith_is_rejected(erin: User) -> None:
    report = importer.import_census(
        cin_format.from_xml((FILES / "CIN_Census_2026.xml").read_bytes()), by=erin, today=TODAY
    )
    assert ("child_fails_assessments", "child", "The LA child ID is longer than 20 characters") in _reasons(report)
    assert report.counts() == {"imported": 1, "rejected": 1}
