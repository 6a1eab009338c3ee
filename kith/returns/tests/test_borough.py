"""The synthetic borough's returns for the current collection year, validated with the DfE's rules.

The target is zero errors (queries allowed, and listed). The borough made by `seed_borough` does
not reach it yet, for reasons in its data, not in the returns: its UPNs are built on LA number
999, which the DfE does not recognise (rule 1530), and stages closed after assessment carry no
primary need (8610); for the SSDA903 its postcodes are not real ones (392a, 392c, 169, 179) and
it records no placement providers, Ofsted URNs, reasons for a change of placement or OC2
outcomes (526, 218, 225, 191), which this app's models hold (`CareEpisodeDetail`,
`HealthOutcome`). Until the borough records them this test is expected to fail: run it with
`--runxfail` to see the rules it fails on.
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


@pytest.mark.xfail(reason="the synthetic borough does not yet record what the returns need (see the module)")
def test_the_boroughs_census_has_no_errors(borough: None) -> None:
    census = cin_build.build_census(YEAR, now=timezone.now())
    assert census.children
    assert cin_format.schema_errors(cin_format.to_xml(census), YEAR) == []
    checked = validation.validate_cin(cin_format.to_tables(census), YEAR)
    assert Counter(f.rule for f in checked.findings if f.kind == "error") == Counter()


@pytest.mark.xfail(reason="the synthetic borough does not yet record what the returns need (see the module)")
def test_the_boroughs_ssda903_has_no_errors(borough: None) -> None:
    built = ssda903.build_903(YEAR)
    checked = validation.validate_903(built.files(), YEAR, ssda903.la_gss_code())
    assert Counter(f.rule for f in checked.findings if f.kind == "error") == Counter()
