"""On the synthetic borough (with its practice: assessments, plans, meetings, explanations,
oversight and supervision, and the demo caseload made through the apps' own actions), the
set-based engine gives exactly what the per-child reference gives, today and at a past month end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.db import transaction

from kith.demo.actions import do_ensure_demo_sign_ins, do_seed_borough
from kith.people.models import Child
from kith.standards.engine import Scope, evaluate
from kith.standards.reads import month_ends, standards_in_force
from kith.standards.reference import reference_results

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def borough(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    clock = time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)
    with django_db_blocker.unblock(), clock, transaction.atomic():
        do_seed_borough(children=400, seed=5, today=TODAY)
        do_ensure_demo_sign_ins(today=TODAY)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("on", [TODAY, month_ends(TODAY)[4]])
def test_the_set_based_engine_equals_the_reference_on_the_borough(borough: None, on: date) -> None:
    specs = [spec for _, spec in standards_in_force()]
    ids = list(Child.objects.values_list("pk", flat=True))
    found = evaluate(specs, Scope("children", ids=tuple(ids), include_restricted=True), [on])
    expected = reference_results(specs, ids, on)
    assert len(found) > 100
    assert sorted(found, key=lambda r: (r.child_id, r.code)) == sorted(expected, key=lambda r: (r.child_id, r.code))
    borough_wide = evaluate(specs, Scope("borough", include_restricted=True), [on])
    assert set(borough_wide) == set(found)
    statuses = Counter(r.status for r in found)
    assert statuses["met"] and statuses["overdue"] and statuses["due_soon"]  # realistic: some of each
    assert len({r.code for r in found}) >= 15
