"""Building hand-made cases for the standards, and reading one standard's result for one child from
the set-based engine and from the per-child reference, which must agree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from kith.core.models import User
from kith.journey.actions import do_record_visit
from kith.meetings.models import Meeting
from kith.people.models import Child
from kith.standards.engine import Scope, Spec, evaluate
from kith.standards.models import Standard
from kith.standards.reference import reference_results

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # tests build their records with the clock here


def spec(code: str) -> Spec:
    return Spec.of(Standard.objects.get(code=code))


def result(code: str, child: Child, on: date) -> tuple[str, date | None, date | None] | None:
    """(status, due date, evidence date) of one standard for one child on `on`, or None when it
    does not apply; the engine and the reference must give the same."""
    one = spec(code)
    found = evaluate([one], Scope("children", ids=(child.pk,), include_restricted=True), [on])
    expected = reference_results([one], [child.pk], on)
    assert found == expected, (found, expected)
    if not found:
        return None
    (row,) = found
    return row.status, row.due_on, row.evidence_on


def visit(child: Child, on: date, by: User, seen: str = "seen_alone", words: str = "I like my room") -> None:
    details: dict[str, Any] = {"visited_on": on, "child_seen": seen, "child_words": words if seen != "not_seen" else ""}
    if seen == "not_seen":
        details["not_seen_reason"] = "Out with Nan"
    do_record_visit(child=child, details=details, by=by)


def meeting(child: Child, kind: str, on: date, by: User, status: str = "held", **extra: Any) -> Meeting:
    stamp = datetime.combine(on, datetime.min.time(), tzinfo=UTC)
    return Meeting.objects.create(
        child=child,
        kind=kind,
        status=status,
        held_on=on,
        planned_on=on,
        recorded_by=by,
        created_at=stamp,
        updated_at=stamp,
        **extra,
    )
