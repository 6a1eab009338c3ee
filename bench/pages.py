"""Page latency under gunicorn with concurrent clients, each page beside the trivial page.

Phases in one run, one server: trivial page, "My work", child record, search, trivial page
again (the trivial figure is the worse of the two, so a machine that got busier during the run
does not flatter the ratios).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

from bench.cpu import per_request_ms, sample
from bench.env import PYTHON, ROOT, HarnessError, bench_dir, kith_env, manage, run_module_json
from bench.seed import BenchDatabase, analyze
from bench.server import Server, gunicorn

PAGES = ("my_work", "child_record", "search")
SIGN_INS_COMMAND = ROOT / "kith" / "demo" / "management" / "commands" / "demo_sign_ins.py"


@dataclass(frozen=True)
class LoadSettings:
    concurrency: int = 20
    requests: int = 2000
    warmup: int = 100
    workers: int = 4


@dataclass
class PageTiming:
    name: str
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    requests_per_s: float
    distinct_urls: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class PagesRun:
    timings: dict[str, PageTiming]
    trivial_runs: list[PageTiming]
    queries: dict[str, int]
    context: dict[str, Any]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _measure(
    server: Server, name: str, targets: list[dict[str, str]], cookie: str, load: LoadSettings, database: str
) -> PageTiming:
    path = bench_dir() / f"targets_{name}.json"
    path.write_text(json.dumps(targets))
    args = [str(PYTHON), "-m", "bench.load", str(path), "--host", server.host, "--port", str(server.port)]
    args += ["--cookie", f"sessionid={cookie}", "--concurrency", str(load.concurrency)]
    args += ["--requests", str(load.requests), "--warmup", str(load.warmup)]
    before = sample(server.pid, database)
    completed = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    after = sample(server.pid, database)
    if completed.returncode != 0:
        raise HarnessError(f"{name}: {completed.stderr.strip()[-4000:]}")
    result = json.loads(completed.stdout)
    latencies: list[float] = result["latencies_ms"]
    # Warm-up requests cost CPU too: divide by every request sent.
    extra: dict[str, Any] = {"cpu_ms_per_request": per_request_ms(before, after, load.requests + load.warmup)}
    if result["hint_total"]:
        extra["expected_child_found_rate"] = round(result["hint_hits"] / result["hint_total"], 3)
    return PageTiming(
        name=name,
        p50_ms=round(percentile(latencies, 50), 1),
        p95_ms=round(percentile(latencies, 95), 1),
        p99_ms=round(percentile(latencies, 99), 1),
        max_ms=round(max(latencies), 1),
        requests=len(latencies),
        requests_per_s=round(len(latencies) / result["wall_s"], 1),
        distinct_urls=len(targets),
        extra=extra,
    )


def _summary(timing: PageTiming) -> str:
    cpu = timing.extra.get("cpu_ms_per_request") or {}
    costs = ", ".join(f"{who.replace('_', ' ')} {ms}" for who, ms in cpu.items() if ms is not None)
    return f"p95 {timing.p95_ms} ms" + (f" (CPU ms a request: {costs})" if costs else "")


def _wait_for_quiet(threshold: float = 1.0, limit_s: float = 120.0) -> None:
    """Give the machine up to two minutes to settle (the one-minute load average under
    `threshold`) so that the seed or an earlier step does not leak into the timings."""
    waited = 0.0
    while os.getloadavg()[0] >= threshold and waited < limit_s:
        time.sleep(5)
        waited += 5
    if waited:
        print(f"  waited {waited:.0f} s for the machine to settle (load {os.getloadavg()[0]:.2f})")


def run_pages(database: BenchDatabase, load: LoadSettings, pages: list[str]) -> PagesRun:
    if SIGN_INS_COMMAND.exists():
        manage(["demo_sign_ins"], database_url=database.url, log_name="demo_sign_ins.log")
    fixture = json.loads(
        run_module_json("bench.fixture", ["prepare", "--pages", ",".join(pages)], env=kith_env(database.url))
    )
    analyze_s = analyze(database)
    targets: dict[str, list[dict[str, str]]] = fixture["targets"]
    cookie: str = fixture["session_key"]
    _wait_for_quiet()
    load_before = os.getloadavg()
    timings: dict[str, PageTiming] = {}
    trivial_runs: list[PageTiming] = []
    with gunicorn(database.url, workers=load.workers) as server:
        trivial_runs.append(_measure(server, "trivial", targets["trivial"], cookie, load, database.name))
        print(f"  trivial (first): {_summary(trivial_runs[0])}")
        for name in pages:
            if name == "trivial":
                continue
            timings[name] = _measure(server, name, targets[name], cookie, load, database.name)
            print(f"  {name}: {_summary(timings[name])}")
        trivial_runs.append(_measure(server, "trivial", targets["trivial"], cookie, load, database.name))
        print(f"  trivial (last): {_summary(trivial_runs[1])}")
    # The lower of the two trivial runs is the yardstick: a noisy trivial run would otherwise
    # flatter every page's ratio to it. Both runs are kept in results.json.
    timings["trivial"] = min(trivial_runs, key=lambda timing: timing.p95_ms)
    context = {
        "server": f"gunicorn sync, {load.workers} workers, 127.0.0.1",
        "workers": load.workers,
        "concurrency": load.concurrency,
        "requests_per_page": load.requests,
        "warmup_per_page": load.warmup,
        "database": database.url,
        "analyze_before_s": round(analyze_s, 2),
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
    }
    return PagesRun(timings, trivial_runs, fixture["queries"], context)
