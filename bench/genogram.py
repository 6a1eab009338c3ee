"""Genogram drawing: a 60-person family, and the synthetic borough's largest family read from the
PostgreSQL bench database, each timed in a Kith process (``bench.genogram_probe``)."""

from __future__ import annotations

import json
from typing import Any

from bench.env import kith_env, run_module_json
from bench.seed import BenchDatabase

TARGET_60_MS = 200.0


def run_genogram(database: BenchDatabase, *, runs: int = 30) -> dict[str, Any]:
    output = run_module_json("bench.genogram_probe", [str(runs)], env=kith_env(database.url))
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def genogram_table(result: dict[str, Any]) -> str:
    sixty, largest = result["sixty"], result["largest"]
    rows = [
        ("Genogram, 60-person family", sixty["ms"], sixty["max_ms"], f"{TARGET_60_MS:.0f}"),
        (f"Genogram, largest family ({largest['people']} people)", largest["ms"], largest["max_ms"], "-"),
    ]
    lines = [f"{'drawing':<44} {'median ms':>10} {'max ms':>8} {'target':>7}"]
    lines += [f"{name:<44} {median:>10.1f} {most:>8.1f} {target:>7}" for name, median, most, target in rows]
    return "\n".join(lines)
