"""Figures: the table printed at the end of a run and ``var/bench/results.json``.

results.json is a list of ``{"name", "value", "unit", "target", "better", "detail"}`` (DESIGN.md,
"Commands"). A run of one group replaces that group's figures and keeps the others, each of
which says in ``detail.measured_at`` when it was measured.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.env import bench_dir
from bench.pages import PagesRun, PageTiming
from bench.seed import SeedTiming

P95_TARGET_MS = 150.0
RATIO_TARGET = 5.0
PAGE_TITLES = {
    "child_record": "Child record",
    "my_work": "My work",
    "search": "Search",
    "trivial": "Trivial (/healthz)",
}


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    target: float | None
    better: str = "lower"
    detail: dict[str, Any] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def children_label(children: int) -> str:
    return f"{children // 1000}k" if children % 1000 == 0 else str(children)


def seed_figure(timing: SeedTiming) -> Figure:
    name = f"seed_{children_label(timing.children_requested)}_children_{timing.backend}_s"
    return Figure(name, timing.seconds, "s", None, "lower", asdict(timing) | {"command": "manage.py seed_borough"})


def page_figures(run: PagesRun) -> list[Figure]:
    trivial = run.timings["trivial"]
    first, last = run.trivial_runs
    figures = [
        Figure(
            "trivial_page_p95_ms",
            trivial.p95_ms,
            "ms",
            None,
            detail={
                "trivial_page_p50_ms": trivial.p50_ms,
                "first": {"p50_ms": first.p50_ms, "p95_ms": first.p95_ms, "requests_per_s": first.requests_per_s},
                "last": {"p50_ms": last.p50_ms, "p95_ms": last.p95_ms, "requests_per_s": last.requests_per_s},
                "queries_per_request": run.queries.get("trivial"),
                "cpu_ms_per_request": trivial.extra.get("cpu_ms_per_request"),
                **run.context,
                "measured_at": _now(),
            },
        )
    ]
    for name, timing in run.timings.items():
        if name == "trivial":
            continue
        ratio = round(timing.p95_ms / trivial.p95_ms, 2)
        figures.append(
            Figure(
                f"{name}_p95_ms",
                timing.p95_ms,
                "ms",
                P95_TARGET_MS,
                detail={
                    f"{name}_p50_ms": timing.p50_ms,
                    "p99_ms": timing.p99_ms,
                    "max_ms": timing.max_ms,
                    "ratio_to_trivial_p95": ratio,
                    "ratio_to_trivial_p50": round(timing.p50_ms / trivial.p50_ms, 2),
                    "ratio_target": RATIO_TARGET,
                    "trivial_page_p95_ms": trivial.p95_ms,
                    "meets_p95_target": timing.p95_ms <= P95_TARGET_MS,
                    "meets_ratio_target": ratio <= RATIO_TARGET,
                    "trivial_cpu_ms_per_request": trivial.extra.get("cpu_ms_per_request"),
                    "queries_per_request": run.queries.get(name),
                    "requests": timing.requests,
                    "requests_per_s": timing.requests_per_s,
                    "distinct_urls": timing.distinct_urls,
                    **timing.extra,
                    **run.context,
                    "measured_at": _now(),
                },
            )
        )
    return figures


def write_results(figures: list[Figure]) -> Path:
    """Merge ``figures`` into results.json by name, keeping figures this run did not measure."""
    path = bench_dir() / "results.json"
    try:
        kept = [entry for entry in json.loads(path.read_text()) if isinstance(entry, dict)]
    except (OSError, ValueError):
        kept = []
    names = {figure.name for figure in figures}
    merged = [entry for entry in kept if entry.get("name") not in names] + [asdict(figure) for figure in figures]
    path.write_text(json.dumps(merged, indent=2) + "\n")
    return path


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def _cpu(timing: PageTiming) -> str:
    """Server + PostgreSQL CPU a request, the steadier measure of what a page costs."""
    cpu = timing.extra.get("cpu_ms_per_request") or {}
    if cpu.get("server") is None or cpu.get("postgres") is None:
        return ""
    return f"{cpu['server'] + cpu['postgres']:.2f} ({cpu['server']:.2f} + {cpu['postgres']:.2f} db)"


def pages_table(run: PagesRun) -> str:
    trivial = run.timings["trivial"]
    rows = []
    for name, timing in run.timings.items():
        if name == "trivial":
            continue
        ratio = timing.p95_ms / trivial.p95_ms
        met = timing.p95_ms <= P95_TARGET_MS and ratio <= RATIO_TARGET
        rows.append(
            [
                PAGE_TITLES.get(name, name),
                f"{timing.p50_ms:.1f}",
                f"{timing.p95_ms:.1f}",
                f"{ratio:.1f}x",
                f"<= {P95_TARGET_MS:.0f} ms, <= {RATIO_TARGET:.0f}x",
                "yes" if met else "NO",
                str(run.queries.get(name, "")),
                _cpu(timing),
            ]
        )
    rows.append(
        [
            PAGE_TITLES["trivial"],
            f"{trivial.p50_ms:.1f}",
            f"{trivial.p95_ms:.1f}",
            "1.0x",
            "-",
            "-",
            str(run.queries.get("trivial", "")),
            _cpu(trivial),
        ]
    )
    header = ["page", "p50 ms", "p95 ms", "ratio to trivial p95", "target", "met?", "queries", "CPU ms a request"]
    return _table(header, rows)


def seed_table(timings: list[SeedTiming]) -> str:
    rows = [
        [t.backend, f"{t.children_in_database:,}", f"{t.seconds:.1f}", "reused" if t.reused else "now", t.measured_at]
        for t in timings
    ]
    return _table(["seed", "children", "seconds", "measured", "at"], rows)
