"""Month-end history: the kept figures equal a fresh evaluation by the engine, a write that reaches
back to a month end has it worked out again on the next load, and one that does not leaves it kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from kith.core.models import User
from kith.people.actions import do_add_relationship, do_create_person
from kith.people.models import Child, Relationship
from kith.standards.dashboard import Dashboard, build_dashboard, children_behind
from kith.standards.engine import Scope, count, evaluate
from kith.standards.history import fingerprint, fresh_runs, scope_key
from kith.standards.models import MonthEndResult, MonthEndRun, StaleMark, Standard
from kith.standards.reads import DashboardScope, month_ends, named_children, resolve_scope, standards_in_force
from kith.standards.tests.helpers import NOW, visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
TODAY = NOW.date()
MONTHS = month_ends(TODAY)


def _specs() -> list:  # type: ignore[type-arg]
    return [spec for _, spec in standards_in_force()]


def _fresh(user: User, scope: DashboardScope) -> tuple[dict, dict]:  # type: ignore[type-arg]
    return count(_specs(), scope.engine_scope(user), MONTHS)


def _assert_months_equal_fresh(user: User, scope: DashboardScope, board: Dashboard) -> None:
    counts, population = _fresh(user, scope)
    for line in board.lines:
        for cell in line.months:
            figure = cell.figure
            assert (figure.met, figure.due_soon, figure.overdue) == (
                counts.get((cell.on, line.code, "met"), 0),
                counts.get((cell.on, line.code, "due_soon"), 0),
                counts.get((cell.on, line.code, "overdue"), 0),
            ), (line.code, cell.on)
    assert board.population_by_month == [population.get(on, 0) for on in MONTHS]


def _runs(key: str) -> dict[date, int]:
    return dict(MonthEndRun.objects.filter(scope_key=key).values_list("as_of", "pk"))


def test_kept_rows_equal_a_fresh_evaluation(bob: User, alice: User, jayden: Child, mia: Child) -> None:
    visit(jayden, date(2026, 10, 3), alice)
    visit(mia, date(2026, 11, 20), alice, seen="seen")
    scope = resolve_scope(bob, "team", bob.team_id or 0)
    board = build_dashboard(bob, scope, TODAY)
    assert board.history_computed_at == NOW
    runs = _runs("teams:" + str(bob.team_id))
    assert sorted(runs) == MONTHS
    kept = {
        (r.child_id, r.run.as_of, r.code, r.status, r.due_on, r.evidence_on)
        for r in MonthEndResult.objects.exclude(code="").select_related("run")
    }
    fresh = evaluate(_specs(), Scope("teams", (bob.team_id or 0,), include_restricted=True), MONTHS)
    assert kept == {(r.child_id, r.as_of, r.code, r.status, r.due_on, r.evidence_on) for r in fresh}
    assert kept  # the team's children were open in the autumn
    _assert_months_equal_fresh(bob, scope, board)


def test_restricted_children_are_counted_in_kept_figures_only_for_those_named(
    bob: User, alice: User, jayden: Child, mia: Child
) -> None:
    assert mia.pk in named_children(alice) and mia.pk not in named_children(bob)
    for user in (bob, alice):  # the same kept runs, counted for each viewer
        scope = resolve_scope(user, "practitioner", alice.pk)
        _assert_months_equal_fresh(user, scope, build_dashboard(user, scope, TODAY))
    assert MonthEndRun.objects.filter(scope_key=f"practitioner:{alice.pk}").count() == len(MONTHS)


def test_a_backdated_visit_marks_history_stale_and_the_next_load_shows_it(
    bob: User, alice: User, jayden: Child
) -> None:
    scope = resolve_scope(bob, "team", bob.team_id or 0)
    before = build_dashboard(bob, scope, TODAY)
    runs = _runs(scope_key(scope.engine_scope(bob)))
    visit(jayden, date(2026, 12, 15), alice)
    assert StaleMark.objects.filter(child=jayden, stale_from=date(2026, 12, 15)).exists()
    after = build_dashboard(bob, scope, TODAY)
    _assert_months_equal_fresh(bob, scope, after)
    changed = {
        cell.on
        for old, new in zip(before.lines, after.lines, strict=True)
        for cell, new_cell in zip(old.months, new.months, strict=True)
        if cell.figure != new_cell.figure
    }
    assert changed and min(changed) == date(2026, 12, 31)
    again = _runs(scope_key(scope.engine_scope(bob)))
    # Month ends before the visit are kept as they were; those after it were worked out again.
    assert {on for on in MONTHS if again[on] == runs[on]} == {on for on in MONTHS if on < date(2026, 12, 15)}


def test_a_visit_recorded_today_leaves_history_kept(bob: User, alice: User, jayden: Child) -> None:
    scope = resolve_scope(bob, "team", bob.team_id or 0)
    build_dashboard(bob, scope, TODAY)
    runs = _runs(scope_key(scope.engine_scope(bob)))
    visit(jayden, TODAY, alice)
    board = build_dashboard(bob, scope, TODAY)
    assert _runs(scope_key(scope.engine_scope(bob))) == runs
    assert next(line for line in board.lines if line.code == "VC-02").now.figure.met == 1


def test_a_change_of_family_or_of_the_standards_has_history_worked_out_again(
    bob: User, alice: User, jayden: Child
) -> None:
    scope = resolve_scope(bob, "team", bob.team_id or 0)
    engine_scope = scope.engine_scope(bob)
    build_dashboard(bob, scope, TODAY)
    print_ = fingerprint(_specs())
    assert len(fresh_runs(engine_scope, MONTHS, print_)) == len(MONTHS)
    grandad = do_create_person(
        person_fields={"legal_given_name": "Ray", "legal_family_name": "Smith", "date_of_birth": date(1960, 1, 1)},
        by=alice,
        child=jayden,
    )
    mum = Relationship.objects.get(to_person=jayden.person, kind="parent").from_person
    do_add_relationship(from_person=grandad, to_person=mum, kind="parent", nature="biological", by=alice, child=jayden)
    # The genogram reads the family as it is now: every month end Jayden was open in is stale.
    assert set(fresh_runs(engine_scope, MONTHS, print_)) == {on for on in MONTHS if on < date(2026, 9, 1)}
    _assert_months_equal_fresh(bob, scope, build_dashboard(bob, scope, TODAY))
    Standard.objects.filter(code="VC-02").update(due_soon_working_days=9)
    assert fingerprint(_specs()) != print_
    _assert_months_equal_fresh(bob, scope, build_dashboard(bob, scope, TODAY))


def test_the_children_behind_a_kept_figure_are_those_counted(bob: User, alice: User, jayden: Child) -> None:
    scope = resolve_scope(bob, "team", bob.team_id or 0)
    board = build_dashboard(bob, scope, TODAY)
    line = next(line for line in board.lines if line.code == "VC-02")
    cell = line.months[-1]
    drill = children_behind(bob, scope, TODAY, code="VC-02", status="", on=cell.on, changes="")
    assert len(drill.rows) == cell.figure.applies == 1
    assert drill.rows[0].child_id == jayden.pk


def test_the_refresh_command_fills_every_dashboards_history(bob: User, jayden: Child) -> None:
    call_command("refresh_standards_history")
    assert MonthEndRun.objects.filter(scope_key="borough").count() == len(MONTHS)
    assert MonthEndRun.objects.filter(scope_key=f"teams:{bob.team_id}").count() == len(MONTHS)
    visit(jayden, date(2026, 12, 15), jayden.lead_practitioner)  # type: ignore[arg-type]
    newest = StaleMark.objects.filter(child=jayden).latest("pk").pk
    call_command("refresh_standards_history")
    # Every run has seen every mark; only each child's newest stays, as the child's version.
    remaining = list(StaleMark.objects.values_list("child_id", flat=True))
    assert len(set(remaining)) == len(remaining)
    assert StaleMark.objects.filter(child=jayden).get().pk == newest
