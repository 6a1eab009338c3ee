"""The synthetic borough's returns for the current collection year, validated with the DfE's rules.

The target is zero errors (queries allowed, and listed), and both returns reach it: the borough
records what the returns need (real postcodes, providers and URNs, reasons for changes, OC2
outcomes, decisions to place for adoption) and the SSDA903's social worker episodes cover the
child's time in care (rule SW12STG2).
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from kith.returns import cin_build, cin_format, ssda903, validation
from kith.returns.tests.journeys import TODAY, YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validators")]


@pytest.fixture
def borough() -> None:
    call_command("seed_borough", children=300, seed=1, today=TODAY, verbosity=0)


def test_the_boroughs_census_has_no_errors(borough: None) -> None:
    census = cin_build.build_census(YEAR, now=timezone.now())
    assert census.children
    assert cin_format.schema_errors(cin_format.to_xml(census), YEAR) == []
    checked = validation.validate_cin(cin_format.to_tables(census), YEAR)
    assert Counter(f.rule for f in checked.findings if f.kind == "error") == Counter()


def test_the_boroughs_ssda903_has_no_errors(borough: None) -> None:
    built = ssda903.build_903(YEAR)
    checked = validation.validate_903(built.files(), YEAR, ssda903.la_gss_code())
    assert Counter(f.rule for f in checked.findings if f.kind == "error") == Counter()
