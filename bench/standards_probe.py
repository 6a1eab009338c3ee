"""Run inside Kith's environment (``python -m bench.standards_probe``) against DATABASE_URL.

- ``engine [--runs N]``: every standard for every open case in the borough, evaluated by the
  set-based engine (one statement), timed: the median and the slowest of N runs after a warm-up.
- ``reference [--limit-s S]``: the same standards through the per-child reference loop, timed
  over every open case; if the loop would take longer than S seconds it stops there and the
  whole loop's time is extrapolated from the children done (said in the output).
- ``sections [--runs N]``: the standards sections of "My work" (``standards_for_caseload``) and
  of the child's record (``standards_for_child``) for a typical practitioner (the median caseload)
  and one of their children: wall and CPU milliseconds per call, median of N after a warm-up.
- ``prepare``: a session for the demo team manager and the team dashboard's address, with the
  queries the page makes, for the load generator.

Prints one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

import django


def _engine(runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from kith.people.models import Child
    from kith.standards.engine import Scope, evaluate
    from kith.standards.reads import standards_in_force

    specs = [spec for _, spec in standards_in_force()]
    today = timezone.localdate()
    scope = Scope("borough", include_restricted=True)
    rows = evaluate(specs, scope, [today])  # warm-up: caches, statistics, the statement's text
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = evaluate(specs, scope, [today])
        times.append(time.perf_counter() - started)
    return {
        "vendor": connection.vendor,
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "min_s": round(min(times), 3),
        "runs": runs,
        "results": len(rows),
        "open_cases": len({r.child_id for r in rows}),
        "children": Child.objects.count(),
        "standards": len(specs),
    }


def _reference(limit_s: float) -> dict[str, Any]:
    from django.utils import timezone

    from kith.people.models import Child
    from kith.standards.reads import standards_in_force
    from kith.standards.reference import reference_results

    specs = [spec for _, spec in standards_in_force()]
    today = timezone.localdate()
    ids = list(Child.objects.filter(is_open=True).order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    done, results = 0, 0
    for start in range(0, len(ids), 50):
        results += len(reference_results(specs, ids[start : start + 50], today))
        done = min(len(ids), start + 50)
        if time.perf_counter() - started > limit_s:
            break
    seconds = time.perf_counter() - started
    whole = seconds * len(ids) / done if done else 0.0
    return {
        "seconds": round(whole, 2),
        "measured_s": round(seconds, 2),
        "children_done": done,
        "open_cases": len(ids),
        "extrapolated": done < len(ids),
        "results_done": results,
    }


def _timed(call: Any, runs: int) -> dict[str, float]:
    call()  # warm-up: caches, the prepared statement
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return {"wall_ms": round(statistics.median(walls), 2), "cpu_ms": round(statistics.median(cpus), 2)}


def _sections(runs: int, practitioner: int | None, child_id: int | None) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kith.core.models import User
    from kith.journey.models import Allocation
    from kith.people.models import Child
    from kith.standards.records import standards_for_caseload, standards_for_child

    loads = list(
        Allocation.objects.current()
        .filter(child__is_open=True)
        .values("practitioner_id")
        .annotate(n=Count("id"))
        .order_by("n", "practitioner_id")
    )
    typical = loads[len(loads) // 2]
    if practitioner is not None:
        typical = next(load for load in loads if load["practitioner_id"] == practitioner)
    user = User.objects.get(pk=typical["practitioner_id"])
    children = Child.objects.filter(is_open=True, lead_practitioner=user).order_by("pk")
    child = children.filter(pk=child_id).first() if child_id is not None else children.first()
    assert child is not None
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as caseload_queries:
        work = standards_for_caseload(user, today)
    with CaptureQueriesContext(connection) as child_queries:
        record = standards_for_child(child, today)
    return {
        "practitioner": user.pk,
        "caseload": typical["n"],
        "child": child.pk,
        "caseload_children_listed": len(work.children),
        "child_rows": len(record.rows),
        "standards_for_caseload": _timed(lambda: standards_for_caseload(user, today), runs)
        | {"queries": len(caseload_queries)},
        "standards_for_child": _timed(lambda: standards_for_child(child, today), runs)
        | {"queries": len(child_queries)},
        "runs": runs,
    }


def _prepare() -> dict[str, Any]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kith.core.models import User
    from kith.core.sessions import SessionStore
    from kith.standards.models import MonthEndRun

    manager = User.objects.filter(username="demo-team_manager").select_related("team").first()
    if manager is None or manager.team_id is None:
        raise SystemExit("No demo team manager with a team: run manage.py demo_sign_ins first.")
    session = SessionStore()
    session[SESSION_KEY] = str(manager.pk)
    session[BACKEND_SESSION_KEY] = "kith.core.backends.UserBackend"
    session[HASH_SESSION_KEY] = manager.get_session_auth_hash()
    session.save()
    path = f"/standards/team/{manager.team_id}/"
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session.session_key or ""
    client.get(path)  # warm-up: imports, caches, the prepared statements
    # The first load of a month (or after a late entry) works out the month ends and keeps them.
    MonthEndRun.objects.filter(scope_key=f"teams:{manager.team_id}").delete()
    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as first:
        client.get(path)
    cold = {
        "wall_ms": round((time.perf_counter() - wall) * 1000, 1),
        "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
    }
    walls, cpus = [], []
    for _ in range(10):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return {
        "session_key": session.session_key,
        "path": path,
        "team": str(manager.team),
        "status": response.status_code,
        "queries": len(captured),
        "single_request_ms": round(statistics.median(walls), 1),
        "cpu_ms_per_request": round(statistics.median(cpus), 1),
        "first_load_of_the_month": cold | {"queries": len(first)},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.standards_probe", description=__doc__)
    parser.add_argument("command", choices=["engine", "reference", "prepare", "sections"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit-s", type=float, default=180.0)
    parser.add_argument("--practitioner", type=int, help="sections: this practitioner, not the median caseload")
    parser.add_argument("--child", type=int, help="sections: this child of theirs, not the first")
    args = parser.parse_args(argv)
    django.setup()
    if args.command == "engine":
        result = _engine(args.runs)
    elif args.command == "sections":
        result = _sections(args.runs, args.practitioner, args.child)
    elif args.command == "reference":
        result = _reference(args.limit_s)
    else:
        result = _prepare()
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
