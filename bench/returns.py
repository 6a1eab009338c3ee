"""Statutory returns: the CIN census and the SSDA903 of the synthetic borough for the current
collection year, each built from the PostgreSQL bench database and validated with the DfE's rules
(in their own virtual environment), timed in a Kith process.

``run_returns(database)`` runs this module as ``python -m bench.returns <year> <limit>`` and turns
what it prints into figures; ``returns_table(figures)`` prints them. The census is limited to the
first 10,000 children (by LA child ID) when the borough has more in the year.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from typing import Any

from bench.env import kith_env, run_module_json
from bench.seed import BenchDatabase

TARGET_S = 15.0
LIMIT = 10_000


def run_returns(database: BenchDatabase, *, year: int | None = None, limit: int = LIMIT) -> list[dict[str, Any]]:
    """The four figures: build-and-validate seconds and errors, for the CIN census and the SSDA903."""
    args = [str(year or 0), str(limit)]
    output = run_module_json("bench.returns", args, env=kith_env(database.url))
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    measured_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    figures = []
    for key, label in (("cin", "cin_census"), ("ssda903", "ssda903")):
        part = result[key]
        detail = {**part, "year": result["year"], "measured_at": measured_at}
        figures.append(
            {
                "name": f"{label}_10k_build_validate_s",
                "value": part["seconds"],
                "unit": "s",
                "target": TARGET_S,
                "better": "lower",
                "detail": detail,
            }
        )
        figures.append(
            {
                "name": f"{label}_10k_errors",
                "value": part["errors"],
                "unit": "errors",
                "target": 0,
                "better": "lower",
                "detail": {
                    "errors_by_rule": part["errors_by_rule"],
                    "year": result["year"],
                    "measured_at": measured_at,
                },
            }
        )
    return figures


def returns_table(figures: list[dict[str, Any]]) -> str:
    lines = [
        f"{'return':<34} {'children':>9} {'build s':>8} {'validate s':>11} {'total s':>8} {'target':>7} {'errors':>7}"
    ]
    by_name = {f["name"]: f for f in figures}
    for label, title in (("cin_census", "CIN census"), ("ssda903", "SSDA903")):
        timing = by_name[f"{label}_10k_build_validate_s"]
        errors = by_name[f"{label}_10k_errors"]
        d = timing["detail"]
        lines.append(
            f"{title + ', ' + d['year_label']:<34} {d['children']:>9,} {d['build_s']:>8.2f} {d['validate_s']:>11.2f} "
            f"{timing['value']:>8.2f} {TARGET_S:>7.0f} {errors['value']:>7}"
        )
        top = sorted(errors["detail"]["errors_by_rule"].items(), key=lambda kv: -kv[1])[:8]
        if top:
            lines.append("    errors by rule: " + ", ".join(f"{rule} x{n}" for rule, n in top))
        if d.get("queries"):
            lines.append(f"    queries (allowed, listed on the report): {d['queries']}")
        if d.get("could_not_run"):
            lines.append("    rules that could not run: " + ", ".join(d["could_not_run_rules"]))
    return "\n".join(lines)


def _summary(checked: Any, started: float, built: float, children: int, year: int) -> dict[str, Any]:
    from collections import Counter

    from kith.returns import rules

    errors = Counter(f.rule for f in checked.findings if f.kind == "error")
    return {
        "children": children,
        "year_label": rules.year_label(year),
        "build_s": round(built - started, 2),
        "validate_s": round(time.perf_counter() - built, 2),
        "seconds": round(time.perf_counter() - started, 2),
        "rules_run": checked.rules_run,
        "errors": sum(errors.values()),
        "errors_by_rule": dict(errors),
        "queries": checked.queries,
        "could_not_run": checked.could_not_run,
        "could_not_run_rules": sorted(f.rule for f in checked.findings if f.kind == "could_not_run"),
    }


def _probe(year: int, limit: int) -> dict[str, Any]:
    """In a Kith process: build and validate both returns, timing each."""
    import django

    django.setup()
    from django.utils import timezone

    from kith.people.models import Child
    from kith.returns import cin_build, cin_format, rules, ssda903, validation

    if not validation.validators_installed():
        raise SystemExit(f"The DfE validators are not installed at {validation.validators_python()}: make validators")
    year = year or rules.current_collection_year(date.today())
    period = rules.collection_period(year)
    ids = list(cin_build.cin_children(period).order_by("la_child_id").values_list("la_child_id", flat=True)[:limit])
    # The list narrows the census only when the borough has more children than the limit: every
    # query of the build would otherwise carry 10,000 parameters for nothing.
    narrowed = ids if len(ids) >= limit else None
    started = time.perf_counter()
    census = cin_build.build_census(year, now=timezone.now(), la_child_ids=narrowed)
    tables = cin_format.to_tables(census)
    cin_format.schema_errors(cin_format.to_xml(census), year)
    built = time.perf_counter()
    cin = _summary(validation.validate_cin(tables, year), started, built, len(census.children), year)
    started = time.perf_counter()
    looked_after = ssda903.build_903(year)
    files = looked_after.files()
    built = time.perf_counter()
    checked = validation.validate_903(files, year, ssda903.la_gss_code())
    lac = _summary(checked, started, built, len(looked_after.tables["Header"]), year)
    return {"year": year, "children_in_borough": Child.objects.count(), "cin": cin, "ssda903": lac}


if __name__ == "__main__":
    print(json.dumps(_probe(int(sys.argv[1]), int(sys.argv[2]))))
