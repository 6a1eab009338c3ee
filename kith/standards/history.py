"""Month-end history: the standards at the end of each completed month, kept rather than worked out
again on every page.

A dashboard shows each standard now and at the end of each of the last 12 months. The figures for
now are always live. A completed month end is history, as a performance analyst expects it: the
engine works out every child's results for a scope at those month ends in one statement
(`engine.store`) into `MonthEndResult`, under one `MonthEndRun` per scope and month end, the first
time a page needs them or when `manage.py refresh_standards_history` (or its task) runs.

The engine reads the record as it stands now, so a late entry can change a past month end: a visit
recorded today for last month. Every write of a child's record writes an audit event; for each one
a `StaleMark` says from which day the child's standards may have changed (the visit's date for a
new visit, every day for a change whose effect is not bounded by a date), and a run is used only
while no later mark reaches its month end for a child in it (or a child now allocated in its scope
that day). The next page load after such a write works out the affected month ends again, so the
history always equals a fresh evaluation (`tests/test_history.py`).
"""

# The statements name only this app's tables and bind every value.
# ruff: noqa: S608

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from kith.core.plainsql import placeholders
from kith.core.timescales import Timescales, timescales
from kith.standards.engine import Filter, Result, Scope, Spec, as_date, count, store
from kith.standards.models import MonthEndRun, StaleMark

EVERY_DAY = date(1900, 1, 1)
SCOPE_KINDS = ("team", "service", "practitioner", "borough")


def scope_key(scope: Scope) -> str:
    if scope.kind == "borough":
        return "borough"
    return f"{scope.kind}:{','.join(str(i) for i in sorted(scope.ids))}"


def fingerprint(specs: Sequence[Spec], scales: Timescales | None = None) -> str:
    """What the results depend on besides the record: the standards' measures and the council's
    timescales. A run made under other standards is not used."""
    text = repr((tuple(specs), scales or timescales()))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class History:
    """The kept figures for some month ends: counts by (month end, standard, status), children
    open on each, the run for each month end and the oldest time any of them was worked out."""

    counts: dict[tuple[date, str, str], int] = field(default_factory=dict)
    population: dict[date, int] = field(default_factory=dict)
    runs: dict[date, int] = field(default_factory=dict)
    computed_at: datetime | None = None


def _in_scope(scope: Scope) -> tuple[str, list[Any]]:
    """SQL true when mark `m`'s child is allocated in the scope on the run's month end."""
    if scope.kind == "borough":
        return "TRUE", []
    column = "team_id" if scope.kind == "teams" else "practitioner_id"
    return (
        f"EXISTS (SELECT 1 FROM journey_allocation al WHERE al.child_id = m.child_id AND al.{column} IN "
        f"({placeholders(scope.ids)}) AND al.starts_on <= r.as_of AND (al.ends_on IS NULL OR al.ends_on > r.as_of))",
        list(scope.ids),
    )


def _fresh_sql(scope: Scope, months: Sequence[date], print_: str) -> tuple[str, list[Any]]:
    """The runs for `months` still good: made under these standards, with no mark made since
    reaching back to their month end for a child in them or in the scope."""
    allocated, scope_params = _in_scope(scope)
    sql = f"""SELECT r.id, r.as_of, r.computed_at FROM standards_monthendrun r
WHERE r.scope_key = %s AND r.fingerprint = %s AND r.as_of IN ({placeholders(months)})
AND NOT EXISTS (SELECT 1 FROM standards_stalemark m WHERE m.id > r.last_mark
  AND m.stale_from <= r.as_of AND (m.child_id IS NULL
    OR EXISTS (SELECT 1 FROM standards_monthendresult x
      WHERE x.run_id = r.id AND x.code = '' AND x.child_id = m.child_id)
    OR {allocated}))"""
    return sql, [scope_key(scope), print_, *months, *scope_params]


def fresh_runs(scope: Scope, months: Sequence[date], print_: str) -> dict[date, tuple[int, datetime]]:
    if not months:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(*_fresh_sql(scope, months, print_))
        rows = cursor.fetchall()
    return {as_date(on): (run_id, _aware(at)) for run_id, on, at in rows}  # type: ignore[misc]


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def compute(
    specs: Sequence[Spec], scope: Scope, months: Sequence[date], print_: str
) -> dict[date, tuple[int, datetime]]:
    """Work out `months` for the scope again and keep them: the old runs go, new runs are made and
    the engine fills them in one statement. Two pages doing this at once: one wins, the other's
    figures are read from the winner's runs (the same, worked out a moment apart)."""
    key = scope_key(scope)
    whole = Scope(scope.kind, scope.ids, include_restricted=True)
    old = f"SELECT id FROM standards_monthendrun WHERE scope_key = %s AND as_of IN ({placeholders(months)})"
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # A write whose transaction is still open may have changed what the run reads,
                    # without its mark yet to be seen: wait for those to end, and hold new ones
                    # back while the run reads, so that every mark the run did not see comes after
                    # `last_mark`. (SQLite has one writer at a time: the DELETE below waits for it.)
                    # A long write (an import) is not waited for: the page works its figures out
                    # live this time instead.
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                    cursor.execute("LOCK TABLE standards_stalemark IN SHARE MODE")
                cursor.execute(f"DELETE FROM standards_monthendresult WHERE run_id IN ({old})", [key, *months])
                cursor.execute(old.replace("SELECT id FROM", "DELETE FROM"), [key, *months])
                cursor.execute("SELECT COALESCE(MAX(id), 0) FROM standards_stalemark")
                (last_mark,) = cursor.fetchone() or (0,)
            now = timezone.now()
            runs = MonthEndRun.objects.bulk_create(
                [
                    MonthEndRun(scope_key=key, as_of=on, fingerprint=print_, computed_at=now, last_mark=last_mark)
                    for on in months
                ]
            )
            store(specs, whole, months, key)
    except IntegrityError:  # another page made them first
        return fresh_runs(scope, months, print_)
    except OperationalError:  # the lock was not had in time
        return {}
    return {run.as_of: (run.pk, now) for run in runs}


def month_ends(specs: Sequence[Spec], scope: Scope, months: Sequence[date], named: Iterable[int]) -> History:
    """The kept figures for `months` (one query), working out first those missing or stale;
    restricted children are counted only where the viewer is named on them (`named`)."""
    print_, named = fingerprint(specs), tuple(named)
    history = History()
    if months:
        fresh, params = _fresh_sql(scope, months, print_)
        _count_into(history, f"WITH ok AS ({fresh}) SELECT ok.id, ok.as_of, ok.computed_at", params, named)
    missing = [on for on in months if on not in history.runs]
    if missing and specs:
        made = compute(specs, scope, missing, print_)
        if made:
            holes = placeholders(list(made.values()))
            select = f"WITH ok AS (SELECT id, as_of, computed_at FROM standards_monthendrun WHERE id IN ({holes})) "
            select += "SELECT ok.id, ok.as_of, ok.computed_at"
            _count_into(history, select, [run_id for run_id, _ in made.values()], named)
        live = [on for on in missing if on not in made]
        if live:  # not kept this time: worked out live, as the figures for now are
            counts, population = count(specs, scope, live)
            history.counts |= counts
            history.population |= population
    return history


def _count_into(history: History, select: str, params: list[Any], named: tuple[int, ...]) -> None:
    """Count the results of the runs `select` gives (id, as_of, computed_at) into `history`."""
    restricted = f"OR x.child_id IN ({placeholders(named)})" if named else ""
    sql = f"""{select}, x.code, x.status, COUNT(x.run_id) FROM ok
LEFT JOIN standards_monthendresult x ON x.run_id = ok.id AND (x.is_restricted = FALSE {restricted})
GROUP BY ok.id, ok.as_of, ok.computed_at, x.code, x.status"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *named])
        rows = cursor.fetchall()
    for run_id, as_of, computed_at, code, status, n in rows:
        on, at = as_date(as_of), _aware(computed_at)
        assert on is not None
        history.runs[on] = run_id
        history.computed_at = min(history.computed_at or at, at)
        if code == "":
            history.population[on] = n
        elif code is not None:
            history.counts[on, code, status] = n


def kept_results(run_id: int, only: Filter, named: Iterable[int]) -> list[Result]:
    """The results behind one kept figure, with the children's names."""
    named = tuple(named)
    parts = ["x.run_id = %s", "x.code <> ''"]
    params: list[Any] = [run_id]
    if only.code:
        parts.append("x.code = %s")
        params.append(only.code)
    if only.status:
        parts.append("x.status = %s")
        params.append(only.status)
    restricted = f"OR x.child_id IN ({placeholders(named)})" if named else ""
    sql = f"""SELECT x.child_id, r.as_of, x.code, x.status, x.due_on, x.evidence_on, pe.legal_given_name,
  pe.legal_family_name FROM standards_monthendresult x JOIN standards_monthendrun r ON r.id = x.run_id
JOIN people_child c ON c.id = x.child_id JOIN people_person pe ON pe.id = c.person_id
WHERE {" AND ".join(parts)} AND (x.is_restricted = FALSE {restricted})"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *named])
        rows = cursor.fetchall()
    return [
        Result(row[0], as_date(row[1]), row[2], row[3], as_date(row[4]), as_date(row[5]), f"{row[6]} {row[7]}")  # type: ignore[arg-type]
        for row in rows
    ]


# --- Marking history stale ----------------------------------------------------------------------------


def mark_stale(child_ids: Iterable[int | None], stale_from: date | None = None) -> None:
    """Say that the standards of these children (None: everyone's) may have changed on days from
    `stale_from` (every day when not known). Bookkeeping for the kept history, written in the
    caller's transaction so that it stands or falls with the change it follows."""
    now = timezone.now()
    StaleMark.objects.bulk_create(
        [StaleMark(child_id=child_id, stale_from=stale_from or EVERY_DAY, marked_at=now) for child_id in set(child_ids)]
    )


def forget_old_marks() -> int:
    """Marks every run has seen can no longer make anything stale, except each child's newest (and
    the newest of everyone's): that stays as the child's version, which the kept results of "My
    work", the record and the dashboards are keyed on (kith.standards.kept), so it never goes back."""
    oldest = MonthEndRun.objects.order_by("last_mark").values_list("last_mark", flat=True).first()
    newest = StaleMark.objects.order_by().values("child_id").annotate(newest=Max("id")).values("newest")
    deleted, _ = StaleMark.objects.filter(pk__lte=oldest or 0).exclude(pk__in=newest).delete()
    return deleted


# Audit events whose new record bears the only date it can change the standards from; any other
# change of a child's record may change them on any day (a meeting planned, an episode ended).
DATED: dict[str, tuple[str, str, str]] = {
    "visit": ("journey_visit", "visited_on", "child_id"),
    "child_view": ("voice_childview", "said_on", "child_id"),
    "genogram_review": ("people_genogramreview", "reviewed_on", "child_id"),
    "oversight": ("standards_managementoversight", "recorded_on", "child_id"),
    "supervision": ("standards_casesupervision", "held_on", "child_id"),
}
# Changes to people reach every child whose genogram they are in (kith.standards.engine's
# genogram minimum): the child, and the children of a person changed or related.
PEOPLE = {"person", "relationship"}
NOT_WRITES = {"view", "reason", "refused", "export"}
# Records the engine does not read (kith.standards.engine names every table it reads): changing
# them changes no standard. A kind not named here marks the child's history stale, to be safe.
UNREAD = {
    "advocacy_request", "assessment_next_step", "care_details", "case_audit", "child_link", "connection",
    "intelligence_run", "meeting_action", "meeting_participant", "network_member", "partner_link_decision",
    "plan_goal", "practice_action", "previous_permanence", "restricted_access", "return_file", "return_import",
    "return_run", "safety_alert", "safety_plan", "scaling", "trusted_adult", "user", "vulnerability_profile",
}  # fmt: skip


def _dated(object_type: str, object_id: int) -> date | None:
    table, column, _ = DATED[object_type]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [object_id])
        row = cursor.fetchone()
    return as_date(row[0]) if row else None


def _people_children(object_type: str, object_id: int) -> list[int]:
    """The children whose genogram a changed person or relationship is in."""
    if object_type == "person":
        people = "SELECT %s"
    else:
        people = (
            "SELECT from_person_id FROM people_relationship WHERE id = %s "
            "UNION SELECT to_person_id FROM people_relationship WHERE id = %s"
        )
    sql = f"""WITH p AS ({people})
SELECT c.id FROM people_child c WHERE c.person_id IN (SELECT * FROM p)
UNION SELECT c.id FROM people_child c JOIN people_relationship r ON r.to_person_id = c.person_id
  AND r.kind = 'parent' WHERE r.from_person_id IN (SELECT * FROM p)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [object_id] * people.count("%s"))
        return [row[0] for row in cursor.fetchall()]


def mark_for_audit_event(*, action: str, child_id: int | None, object_type: str, object_id: int | None) -> None:
    """Mark history stale after a write, from what its audit event says."""
    if action in NOT_WRITES or object_type in UNREAD or object_type.startswith("assessment_"):
        return  # assessment_<kind>: a statement in an assessment, not the assessment itself
    children: list[int | None] = [child_id] if child_id else []
    stale_from = None
    if object_id is not None and object_type in PEOPLE:
        children += _people_children(object_type, object_id)
    elif object_id is not None and action == "create" and object_type in DATED:
        stale_from = _dated(object_type, object_id)
    if children:
        mark_stale(children, stale_from)


# --- Refreshing ---------------------------------------------------------------------------------------


def scopes_to_refresh(kinds: Sequence[str]) -> list[Scope]:
    """Every dashboard's scope of these kinds (team, service, practitioner, borough)."""
    from kith.core.models import Service, Team
    from kith.journey.models import Allocation

    scopes: list[Scope] = []
    if "team" in kinds:
        scopes += [Scope("teams", (pk,)) for pk in Team.objects.order_by("pk").values_list("pk", flat=True)]
    if "service" in kinds:
        for service in Service.objects.order_by("pk"):
            ids = tuple(Team.objects.filter(service=service).order_by("pk").values_list("pk", flat=True))
            if ids:
                scopes.append(Scope("teams", ids))
    if "practitioner" in kinds:
        workers = Allocation.objects.current().order_by().values_list("practitioner_id", flat=True).distinct()
        scopes += [Scope("practitioner", (pk,)) for pk in sorted(workers)]
    if "borough" in kinds:
        scopes.append(Scope("borough"))
    return scopes


def _keep_checked(scope: Scope, months: Sequence[date], print_: str) -> None:
    """Runs still good have seen every mark made so far: say so, so that later checks and
    `forget_old_marks` need not look at those marks again. Writes are held back while checking
    (PostgreSQL), as in `compute`, so that no mark made meanwhile is passed over."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE standards_stalemark IN SHARE MODE")
        else:  # SQLite: take the write lock first, so no write is in the middle of its transaction
            cursor.execute("DELETE FROM standards_stalemark WHERE 1 = 0")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM standards_stalemark")
        (last_mark,) = cursor.fetchone() or (0,)
        good = [run_id for run_id, _ in fresh_runs(scope, months, print_).values()]
        MonthEndRun.objects.filter(pk__in=good).update(last_mark=last_mark)


def refresh(specs: Sequence[Spec], scopes: Sequence[Scope], months: Sequence[date], *, prune: bool) -> int:
    """Work out the month ends missing or stale for each scope (one transaction each, so that
    writes are held back only briefly); drop runs older than `months` (and, with `prune`, those of
    scopes not refreshed: no dashboard of theirs is in use); forget marks every run has seen.
    Returns how many scopes had month ends worked out."""
    worked = 0
    print_ = fingerprint(specs)
    for scope in scopes:
        _keep_checked(scope, months, print_)
        before = set(fresh_runs(scope, months, print_))
        month_ends(specs, scope, months, ())
        worked += before != set(months)
    old = MonthEndRun.objects.filter(as_of__lt=min(months)) if months else MonthEndRun.objects.none()
    if prune:
        old = old | MonthEndRun.objects.exclude(scope_key__in=[scope_key(s) for s in scopes])
    old.delete()
    forget_old_marks()
    return worked
