"""The practice standards: every standard for every open case (about 10,000 in the 100,000-child
borough) by the set-based engine on PostgreSQL and SQLite, the per-child reference loop on
PostgreSQL in the same run, and the team dashboard's p95 under load.

Each figure is measured in its own Kith process (``bench.standards_probe``) or, for the
dashboard, through gunicorn with ``bench.load``, like the pages benchmark. For the lead to
register: ``run_standards(...)`` returns the figures as ``results.json`` entries and
``standards_table(figures)`` prints them.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from typing import Any

from bench.env import PYTHON, ROOT, HarnessError, bench_dir, kith_env, manage, run_module_json
from bench.seed import BenchDatabase, analyze, migrate
from bench.server import gunicorn

TARGET_POSTGRES_S = 2.0
TARGET_SQLITE_S = 5.0
TARGET_DASHBOARD_P95_MS = 300.0
SIGN_INS_COMMAND = ROOT / "kith" / "demo" / "management" / "commands" / "demo_sign_ins.py"


def _probe(database: BenchDatabase, *args: str) -> dict[str, Any]:
    output = run_module_json("bench.standards_probe", list(args), env=kith_env(database.url))
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, -(-len(ordered) * pct // 100) - 1)
    return ordered[int(index)]


def _dashboard(
    database: BenchDatabase, *, requests: int, warmup: int, concurrency: int, workers: int
) -> dict[str, Any]:
    """The team dashboard, as the demo team manager sees it, under `concurrency` clients. The
    month-end history is kept (kith.standards.history): the probe times the first load of a month,
    which works it out, apart, with one request's time and CPU on their own."""
    if SIGN_INS_COMMAND.exists():
        manage(["demo_sign_ins"], database_url=database.url, log_name="standards_sign_ins.log")
    prepared = _probe(database, "prepare")
    if prepared["status"] != 200:
        raise HarnessError(f"The team dashboard answered {prepared['status']}, not 200")
    targets = bench_dir() / "targets_team_dashboard.json"
    targets.write_text(json.dumps([{"path": prepared["path"], "expect": "Practice standards"}]))
    load_before = os.getloadavg()
    with gunicorn(database.url, workers=workers) as server:
        args = [str(PYTHON), "-m", "bench.load", str(targets), "--host", server.host, "--port", str(server.port)]
        args += ["--cookie", f"sessionid={prepared['session_key']}", "--concurrency", str(concurrency)]
        args += ["--requests", str(requests), "--warmup", str(warmup)]
        completed = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise HarnessError(f"team dashboard: {completed.stderr.strip()[-3000:]}")
    latencies: list[float] = json.loads(completed.stdout)["latencies_ms"]
    return {
        "p50_ms": round(_percentile(latencies, 50), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "max_ms": round(max(latencies), 1),
        "requests": len(latencies),
        "concurrency": concurrency,
        "workers": workers,
        "team": prepared["team"],
        "queries_per_request": prepared["queries"],
        "single_request_ms": prepared["single_request_ms"],
        "cpu_ms_per_request": prepared["cpu_ms_per_request"],
        "first_load_of_the_month": prepared["first_load_of_the_month"],
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
    }


def _figure(name: str, value: float | None, unit: str, target: float | None, detail: dict[str, Any]) -> dict[str, Any]:
    measured = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "target": target,
        "better": "lower",
        "detail": detail | measured,
    }


def run_standards(
    postgres: BenchDatabase,
    sqlite: BenchDatabase,
    *,
    runs: int = 5,
    reference_limit_s: float = 180.0,
    requests: int = 300,
    warmup: int = 20,
    concurrency: int = 4,
    workers: int = 4,
) -> list[dict[str, Any]]:
    """The four figures, in results.json's shape. Both databases must already be seeded.

    The dashboard is loaded by `concurrency` clients at once (four managers opening it together:
    the pages benchmark's twenty would measure the queue, not the page)."""
    for database in (postgres, sqlite):
        migrate(database)
    analyze(postgres)
    engine_pg = _probe(postgres, "engine", "--runs", str(runs))
    engine_sqlite = _probe(sqlite, "engine", "--runs", str(runs))
    reference = _probe(postgres, "reference", "--limit-s", str(reference_limit_s))
    dashboard = _dashboard(postgres, requests=requests, warmup=warmup, concurrency=concurrency, workers=workers)
    ratio = round(reference["seconds"] / engine_pg["median_s"], 1) if engine_pg["median_s"] else None
    return [
        _figure(
            "standards_all_open_cases_postgres_s",
            engine_pg["median_s"],
            "s",
            TARGET_POSTGRES_S,
            engine_pg | {"database": postgres.url},
        ),
        _figure(
            "standards_all_open_cases_sqlite_s",
            engine_sqlite["median_s"],
            "s",
            TARGET_SQLITE_S,
            engine_sqlite | {"database": sqlite.url},
        ),
        _figure(
            "standards_reference_loop_postgres_s",
            reference["seconds"],
            "s",
            None,
            reference | {"times_the_engine": ratio, "database": postgres.url},
        ),
        _figure(
            "team_dashboard_p95_ms",
            dashboard["p95_ms"],
            "ms",
            TARGET_DASHBOARD_P95_MS,
            dashboard | {"database": postgres.url},
        ),
    ]


def standards_table(figures: list[dict[str, Any]]) -> str:
    """The figures as a table, each beside its target."""
    titles = {
        "standards_all_open_cases_postgres_s": "All standards, all open cases (PostgreSQL)",
        "standards_all_open_cases_sqlite_s": "All standards, all open cases (SQLite)",
        "standards_reference_loop_postgres_s": "Per-child reference loop (PostgreSQL)",
        "team_dashboard_p95_ms": "Team dashboard p95",
    }
    lines = [f"{'standards':<46} {'value':>10} {'target':>8} {'met':>4}"]
    for figure in figures:
        value, target = figure["value"], figure["target"]
        met = "-" if target is None or value is None else ("yes" if value <= target else "NO")
        shown = f"{value:.2f} {figure['unit']}" if value is not None else "-"
        extra = ""
        if figure["name"] == "standards_reference_loop_postgres_s":
            detail = figure["detail"]
            extra = f"  ({detail['times_the_engine']}x the engine"
            extra += f"; extrapolated from {detail['children_done']:,} children)" if detail["extrapolated"] else ")"
        target_text = f"{target:g}" if target is not None else "-"
        lines.append(f"{titles.get(figure['name'], figure['name']):<46} {shown:>10} {target_text:>8} {met:>4}{extra}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a convenience for running this benchmark alone
    from bench.seed import postgres_database, sqlite_database

    found = run_standards(postgres_database("kith_bench"), sqlite_database())
    print(standards_table(found))
    (bench_dir() / "standards.json").write_text(json.dumps(found, indent=2) + "\n")
