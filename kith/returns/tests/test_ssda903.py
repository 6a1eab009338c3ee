"""The SSDA903 return: its tables from Kith's records, and the DfE's rules on them."""

from __future__ import annotations

from datetime import date

import pytest

from kith.journey.models import Allocation, Episode
from kith.people.models import Child
from kith.returns import ssda903, validation
from kith.returns.models import CareEpisodeDetail
from kith.returns.tests.journeys import YEAR

pytestmark = pytest.mark.django_db
# Rules of csc-validator-be-903 that raise on CSV input (their columns exist only after its XML
# reader): reported as "could not run", never as passed.
CRASH_ON_CSV = {"231", "233"}


def test_the_episodes_split_on_each_change(small_borough: dict[str, Child]) -> None:
    built = ssda903.build_903(YEAR)
    assert built.tables["Header"] == [["KT100004", "F", "09/09/2012", "WBRI", "UN2", "0", ""]]
    assert built.tables["Episodes"] == [
        [
            "KT100004",
            "01/05/2026",
            "S",
            "V2",
            "N1",
            "U6",
            "PR1",
            "19/06/2026",
            "X1",
            "",
            "TW10 6UJ",
            "TW9 1DN",
            "SC999999",
        ],
        [
            "KT100004",
            "19/06/2026",
            "L",
            "C2",
            "N1",
            "U6",
            "PR1",
            "19/07/2026",
            "X1",
            "CARPL",
            "TW10 6UJ",
            "TW9 1DN",
            "SC999999",
        ],
        ["KT100004", "19/07/2026", "P", "C2", "N1", "U4", "PR1", "", "", "", "TW10 6UJ", "TW1 3QS", "SC999999"],
    ]
    assert built.tables["PrevPerm"] == [["KT100004", "09/09/2012", "Z1", "", ""]]
    # The social worker episodes are those of the child's time in care: the worker who did the
    # referral and assessment, until care began, is not one (rule SW12STG2).
    assert [row[2:] for row in built.tables["SWEpisodes"]] == [
        [f"SW{small_borough['lac'].lead_practitioner_id:06d}", "01/05/2026", "", "OTHERS"],
    ]


def test_social_worker_episodes_cover_the_time_in_care(small_borough: dict[str, Child]) -> None:
    """A worker allocated before care began is reported from the day it began; one who stays with
    the child after care ends is still their social worker as far as the return goes."""
    child = small_borough["lac"]
    first = child.allocations.order_by("starts_on").first()
    assert first is not None and first.starts_on < date(2026, 5, 1)
    Allocation.objects.filter(child=child).exclude(pk=first.pk).delete()
    Allocation.objects.filter(pk=first.pk).update(ends_on=date(2026, 9, 30))
    Episode.objects.filter(child=child, stage="lac").update(ends_on=date(2026, 9, 1))
    rows = ssda903.build_903(YEAR).tables["SWEpisodes"]
    assert [row[2:] for row in rows] == [[f"SW{first.practitioner_id:06d}", "01/05/2026", "", "FCONTA"]]


def test_the_return_is_read_in_a_fixed_number_of_queries(
    small_borough: dict[str, Child], django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    with django_assert_max_num_queries(20):
        ssda903.build_903(YEAR)


def _validate(rules: list[str] | None = None) -> validation.Validation:
    return validation.validate_903(ssda903.build_903(YEAR).files(), YEAR, ssda903.la_gss_code(), rules=rules)


@pytest.mark.usefixtures("validators")
def test_a_well_recorded_child_in_care_passes_the_dfe_rules(small_borough: dict[str, Child]) -> None:
    checked = _validate()
    assert checked.rules_run > 300
    errors = [(f.rule, f.table, f.row) for f in checked.findings if f.kind == "error"]
    # No SW12STG2 either: the worker allocated at referral, before care began, is not reported.
    assert errors == []
    assert {f.rule for f in checked.findings if f.kind == "could_not_run"} == CRASH_ON_CSV


@pytest.mark.usefixtures("validators")
def test_broken_records_produce_the_dfe_rule_codes(small_borough: dict[str, Child]) -> None:
    CareEpisodeDetail.objects.update(place_provider="", urn="")
    checked = _validate(rules=["526", "218"])
    assert {(f.rule, f.child) for f in checked.findings} == {("526", "KT100004"), ("218", "KT100004")}


@pytest.mark.usefixtures("validators")
def test_rules_that_crash_are_never_counted_as_passed(small_borough: dict[str, Child]) -> None:
    checked = _validate(rules=sorted(CRASH_ON_CSV))
    assert checked.rules_run == 0
    assert sorted((f.rule, f.kind) for f in checked.findings) == [("231", "could_not_run"), ("233", "could_not_run")]
    assert all("Error" in f.message for f in checked.findings)
