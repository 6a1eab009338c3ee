"""The CIN census: built from Kith's records, in the schema's order, valid against the year's
XSD, and checked with the DfE's rules (which catch deliberately broken records, and report a rule
that crashes as "could not run", never as a pass)."""

from __future__ import annotations

import copy

import pytest
from django.utils import timezone
from lxml import etree

from kith.meetings.reads import section_47_enquiries
from kith.people.models import Child, Person
from kith.returns import cin_build, cin_format, validation
from kith.returns.cin_build import read_source, section_47s
from kith.returns.tests.journeys import YEAR

pytestmark = pytest.mark.django_db


def _census(year: int = YEAR) -> cin_format.Census:
    return cin_build.build_census(year, now=timezone.now())


def _child(census: cin_format.Census, la_id: str) -> dict:
    return next(c for c in census.children if c["LAchildID"] == la_id)


def test_the_census_holds_each_childs_journey(small_borough: dict[str, Child]) -> None:
    census = _census()
    assert [c["LAchildID"] for c in census.children] == ["KT100001", "KT100002", "KT100003", "KT100004"]
    cp = _child(census, "KT100002")
    [details] = cp["CINdetails"]
    assert details["CINreferralDate"] == "2026-05-01"
    assert details["ReferralSource"] == "2A"
    assert details["PrimaryNeedCode"] == "N1"
    assert details["ReferralNFA"] == "false"
    [assessment] = details["Assessments"]
    assert assessment["AssessmentAuthorisationDate"] == "2026-05-16"
    assert assessment["AssessmentFactors"]
    [s47] = details["Section47"]
    assert (s47["S47ActualStartDate"], s47["DateOfInitialCPC"], s47["ICPCnotRequired"]) == (
        "2026-05-17",
        "2026-05-29",
        "false",
    )
    assert details["DateOfInitialCPC"] is None  # it is on the Section47 block, not repeated
    [plan] = details["ChildProtectionPlans"]
    assert plan["CPPstartDate"] == "2026-05-29"
    assert plan["InitialCategoryOfAbuse"] == plan["LatestCategoryOfAbuse"] == "NEG"
    assert plan["NumberOfPreviousCPP"] == "0"
    assert plan["Reviews"] == ["2026-08-27"]
    closed = _child(census, "KT100003")["CINdetails"][0]
    assert (closed["CINclosureDate"], closed["ReasonForClosure"]) == ("2026-06-27", "RC8")


def test_the_xml_is_valid_against_the_years_schema_in_its_order(small_borough: dict[str, Child]) -> None:
    content = cin_format.to_xml(_census())
    assert cin_format.schema_errors(content, YEAR) == []
    details = etree.fromstring(content).find("Children/Child/CINdetails")
    order = [e.tag for e in details]
    assert order.index("Assessments") < order.index("CINPlanDates") < order.index("ReferralNFA")


def test_before_2024_25_the_census_sends_gender_current(small_borough: dict[str, Child]) -> None:
    census = _census()
    census.year = 2024
    for child in census.children:
        child["GenderCurrent"], child["Sex"] = {"M": "1", "F": "2"}[child["Sex"]], None
        for details in child["CINdetails"]:
            for plan in details["ChildProtectionPlans"]:
                plan["NumberOfPreviousCPP"] = "1"  # the 2023-24 schema wants a positive number
    content = cin_format.to_xml(census)
    assert b"<GenderCurrent>2</GenderCurrent>" in content
    assert cin_format.schema_errors(content, 2024) == []


def test_a_broken_file_is_caught_by_the_schema(small_borough: dict[str, Child]) -> None:
    census = _census()
    census.children[0]["Ethnicity"] = "XXXX"
    errors = cin_format.schema_errors(cin_format.to_xml(census), YEAR)
    assert any("Ethnicity" in e for e in errors)


def test_section_47_blocks_read_as_the_meetings_app_reads_them(small_borough: dict[str, Child]) -> None:
    child = small_borough["cp"]
    source = read_source(Child.objects.filter(pk=child.pk))
    ours = section_47s(source.meetings[child.pk])
    theirs = section_47_enquiries(child.pk)
    assert [(e.started_on, e.target_on, e.conference_on, e.not_required) for e in ours] == [
        (e.started_on, e.initial_conference_target_on, e.initial_conference_on, e.initial_conference_not_required)
        for e in theirs
    ]


def test_the_census_is_read_in_a_fixed_number_of_queries(
    small_borough: dict[str, Child], django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    with django_assert_max_num_queries(9):
        _census()


def test_the_tables_are_what_the_validators_xml_reader_would_make(small_borough: dict[str, Child]) -> None:
    census = _census()
    again = cin_format.from_xml(cin_format.to_xml(census))
    again.year = census.year
    assert cin_format.to_tables(again) == cin_format.to_tables(census)


# --- The DfE's rules ---------------------------------------------------------------------------


def _validate(census: cin_format.Census, rules: list[str] | None = None) -> validation.Validation:
    return validation.validate_cin(cin_format.to_tables(census), census.year, rules=rules)


@pytest.mark.usefixtures("validators")
def test_a_well_recorded_borough_passes_with_no_errors(small_borough: dict[str, Child]) -> None:
    checked = _validate(_census())
    assert checked.rules_run > 100
    assert [f for f in checked.findings if f.kind == "error"] == []
    assert checked.could_not_run == 0
    assert {f.rule for f in checked.findings if f.kind == "query"} <= {"2887Q"}  # allowed, and listed


@pytest.mark.usefixtures("validators")
def test_broken_records_produce_the_dfe_rule_codes(small_borough: dict[str, Child]) -> None:
    census = _census()
    broken = copy.deepcopy(census)
    cp = _child(broken, "KT100002")["CINdetails"][0]
    cp["PrimaryNeedCode"] = None  # 8610: no primary need for a referral that led to further action
    cp["ChildProtectionPlans"][0]["InitialCategoryOfAbuse"] = None  # 8905: no initial category
    _child(broken, "KT100001")["Ethnicity"] = "XXXX"  # 4220: ethnicity not a DfE code
    checked = _validate(broken, rules=["8610", "8905", "4220"])
    found = {(f.rule, f.child) for f in checked.findings if f.kind == "error"}
    assert found == {("8610", "KT100002"), ("8905", "KT100002"), ("4220", "KT100001")}


@pytest.mark.usefixtures("validators")
def test_broken_person_details_are_linked_to_the_child(small_borough: dict[str, Child]) -> None:
    Person.objects.filter(pk=small_borough["cin"].person_id).update(ethnicity="")
    checked = _validate(_census(), rules=["4220"])
    [finding] = checked.findings
    assert (finding.rule, finding.child, finding.table) == ("4220", "KT100001", "ChildCharacteristics")


@pytest.mark.usefixtures("validators")
def test_a_rule_that_crashes_is_reported_as_could_not_run(small_borough: dict[str, Child]) -> None:
    census = _census()
    # 8897Q raises on an assessment factor that is not a DfE code (a known defect of the package).
    _child(census, "KT100002")["CINdetails"][0]["Assessments"][0]["AssessmentFactors"] = ["RB"]
    checked = _validate(census, rules=["8897Q"])
    assert [(f.rule, f.kind) for f in checked.findings] == [("8897Q", "could_not_run")]
    assert checked.rules_run == 0
