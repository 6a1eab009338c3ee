"""Kept results: "My work" and the record keep the engine's results keyed on each child's newest
stale mark, and every kind of write through the actions gives a new key, so the next load equals a
fresh evaluation; a load with nothing written does not run the engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.core.models import User
from kith.journey.actions import do_allocate, do_close_episode, do_open_episode
from kith.journey.codes import Stage
from kith.journey.models import Episode
from kith.meetings.actions import do_plan_meeting
from kith.people.actions import do_add_relationship, do_create_person, do_name_on_restricted_record, do_update_person
from kith.people.models import Child
from kith.standards.actions import do_record_oversight
from kith.standards.dashboard import build_dashboard
from kith.standards.engine import count
from kith.standards.kept import forget_kept
from kith.standards.models import StaleMark
from kith.standards.reads import resolve_scope, standards_in_force
from kith.standards.records import (
    CaseloadStandards,
    ChildStandards,
    standards_for_caseload,
    standards_for_child,
)
from kith.standards.tests.helpers import NOW, visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
TODAY = NOW.date()


def _loads(child: Child, user: User, on: date = TODAY) -> tuple[ChildStandards, CaseloadStandards]:
    return standards_for_child(child, on), standards_for_caseload(user, on)


def _fresh(child: Child, user: User) -> tuple[ChildStandards, CaseloadStandards]:
    forget_kept()
    return _loads(child, user)


def _engine_runs(child: Child, user: User, on: date = TODAY) -> int:
    """How many of the two sections worked their results out (the engine's statement) on a load."""
    with CaptureQueriesContext(connection) as queries:
        _loads(child, user, on)
    return sum(1 for query in queries.captured_queries if query["sql"].startswith("WITH"))


def _visit(child: Child, alice: User, bob: User) -> None:
    visit(child, TODAY, alice)


def _backdated_visit(child: Child, alice: User, bob: User) -> None:
    visit(child, TODAY - timedelta(days=40), alice, seen="seen")


def _close(child: Child, alice: User, bob: User) -> None:
    episode = Episode.objects.get(child=child, ends_on__isnull=True)
    do_close_episode(episode=episode, ends_on=TODAY, closure_reason="RC1", expected_version=episode.version, by=bob)


def _step_up(child: Child, alice: User, bob: User) -> None:
    do_open_episode(child=child, stage=Stage.SECTION_47, starts_on=TODAY, close_current=True, by=bob)


def _reallocate(child: Child, alice: User, bob: User) -> None:
    assert bob.team is not None
    do_allocate(child=child, practitioner=bob, team=bob.team, starts_on=TODAY - timedelta(days=1), by=bob)


def _meeting(child: Child, alice: User, bob: User) -> None:
    do_plan_meeting(child=child, kind="family_network", held_on=TODAY + timedelta(days=3), by=alice)


def _parent(child: Child, alice: User, bob: User) -> None:
    mum = do_create_person(person_fields={"legal_given_name": "Rosa", "legal_family_name": "Smith"}, by=alice)
    do_add_relationship(from_person=mum, to_person=child.person, kind="parent", nature="biological", by=alice)


def _rename(child: Child, alice: User, bob: User) -> None:
    person = child.person
    do_update_person(
        person=person, changes={"legal_given_name": "Jay"}, expected_version=person.version, child=child, by=alice
    )


def _oversight(child: Child, alice: User, bob: User) -> None:
    do_record_oversight(child=child, recorded_on=TODAY, decision="Carry on", rationale="Safe at home", by=bob)


WRITES: dict[str, Callable[[Child, User, User], None]] = {
    "visit": _visit,
    "backdated visit": _backdated_visit,
    "episode closed": _close,
    "stepped up to s47": _step_up,
    "allocated to another worker": _reallocate,
    "meeting planned": _meeting,
    "parent added to the family": _parent,
    "child renamed": _rename,
    "management oversight": _oversight,
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_after_each_write_the_next_load_equals_a_fresh_evaluation(
    write: str, alice: User, bob: User, jayden: Child
) -> None:
    _loads(jayden, alice)
    assert _engine_runs(jayden, alice) == 0  # nothing written: the results kept are used
    WRITES[write](jayden, alice, bob)
    jayden.refresh_from_db()
    assert _engine_runs(jayden, alice) == 2  # the child's mark is new: both worked out again
    assert _loads(jayden, alice) == _fresh(jayden, alice)


def test_a_restricted_child_joins_my_work_when_i_am_named_on_the_record(
    alice: User, bob: User, charlie: User, mia: Child
) -> None:
    assert charlie.team is not None
    do_allocate(child=mia, practitioner=charlie, team=charlie.team, starts_on=TODAY - timedelta(days=1), by=bob)
    assert all(work.child_id != mia.pk for work in standards_for_caseload(charlie, TODAY).children)
    do_name_on_restricted_record(child=mia, user=charlie, by=alice)
    assert any(work.child_id == mia.pk for work in standards_for_caseload(charlie, TODAY).children)


def test_the_next_day_is_worked_out_afresh(alice: User, jayden: Child) -> None:
    _loads(jayden, alice)
    assert _engine_runs(jayden, alice, TODAY + timedelta(days=1)) == 2


def test_forgetting_old_marks_keeps_each_childs_newest_so_a_key_never_comes_back(
    alice: User, jayden: Child, mia: Child
) -> None:
    visit(jayden, TODAY, alice)
    kept = _loads(jayden, alice)
    call_command("refresh_standards_history")  # every run has seen every mark: the old ones go
    newest = StaleMark.objects.filter(child=jayden).values_list("pk", flat=True)
    assert len(newest) == 1
    assert _engine_runs(jayden, alice) == 0  # the child's version is the same as before
    assert _loads(jayden, alice) == kept
    visit(jayden, TODAY, alice, words="A new visit")
    assert _engine_runs(jayden, alice) == 2


def test_a_load_with_nothing_written_reads_only_the_standards_and_the_marks(
    alice: User, jayden: Child, django_assert_num_queries: Any
) -> None:
    standards_for_child(jayden, TODAY)
    with django_assert_num_queries(1):  # the marks ride on the standards' rows
        standards_for_child(jayden, TODAY)


def _now_equals_fresh(user: User, kind: str, scope_id: int) -> tuple[tuple[int, int, int], ...]:
    """The dashboard's figures for now, checked against the engine's count worked out afresh."""
    scope = resolve_scope(user, kind, scope_id)
    board = build_dashboard(user, scope, TODAY)
    counts, population = count([spec for _, spec in standards_in_force()], scope.engine_scope(user), [TODAY])
    figures = tuple((line.now.figure.met, line.now.figure.due_soon, line.now.figure.overdue) for line in board.lines)
    assert figures == tuple(
        tuple(counts.get((TODAY, line.code, status), 0) for status in ("met", "due_soon", "overdue"))
        for line in board.lines
    )
    assert board.population == population.get(TODAY, 0)
    return figures


@pytest.mark.parametrize("kind", ["team", "practitioner", "borough"])
def test_the_dashboards_figures_for_now_follow_each_write(
    kind: str, alice: User, bob: User, erin: User, jayden: Child, mia: Child
) -> None:
    viewer = erin if kind == "borough" else bob
    scope_id = {"team": bob.team_id or 0, "practitioner": alice.pk, "borough": 0}[kind]
    before = _now_equals_fresh(viewer, kind, scope_id)
    assert _now_equals_fresh(viewer, kind, scope_id) == before  # kept
    visit(jayden, TODAY, alice)
    assert _now_equals_fresh(viewer, kind, scope_id) != before
    do_name_on_restricted_record(child=mia, user=viewer, by=alice)  # Mia is now counted for them
    _now_equals_fresh(viewer, kind, scope_id)
