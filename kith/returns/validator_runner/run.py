"""Run the DfE's validation rules on a return and print what they found as JSON.

This runs inside the validators' own virtual environment (.venv-validators: pandas < 2,
numpy < 1.25, csc-validator-be-cin, csc-validator-be-903), never inside Kith's, and imports
nothing from Kith. Kith writes the return into a folder and runs

    .venv-validators/bin/python run.py <folder>

The folder holds `request.json` ({"kind": "cin" | "903", "year": 2027, "la": "E09000027"}) and,
for the CIN census, `tables.json` (the validator's tables, built by Kith straight from its
database: the package's own XML reader takes minutes for a large council) or, for the SSDA903,
one CSV file per table.

Every rule runs on its own copy of the data. A rule that raises is reported as "could not run"
with its error: the packages' own loops print the error and count the rule as passed, which
would hide a fault in the return.
"""

from __future__ import annotations

import copy
import importlib
import io
import json
import logging
import sys
import time
import traceback
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

logging.disable(logging.CRITICAL)


def _issue(rule: str, kind: str, message: str, table: str, columns: list[str], row: Any, child: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "kind": kind,
        "message": message or "",
        "table": table,
        "columns": columns,
        "row": None if row is None else int(row),
        "child": None if child is None or child != child else str(child),
    }


def _failure(rule: str, message: str, error: BaseException) -> dict[str, Any]:
    lines = traceback.format_exception_only(type(error), error)
    return {"rule": rule, "message": message or "", "error": "".join(lines).strip()[:500]}


# --- CIN census ----------------------------------------------------------------------------------


def run_cin(folder: Path, request: dict[str, Any]) -> dict[str, Any]:
    import pandas as pd
    from cin_validator.rule_engine import CINTable, RuleContext, RuleType
    from cin_validator.utils import process_date_columns

    year = int(request["year"])
    registry = importlib.import_module(f"cin_validator.rules.cin{year - 1}_{str(year)[2:]}").registry
    tables = json.loads((folder / "tables.json").read_text())
    frames: dict[str, Any] = {}
    for name, body in tables.items():
        frame = pd.DataFrame(body["rows"], columns=body["columns"], dtype=object)
        frame = frame.where(frame.notna(), pd.NA)
        frames[name] = process_date_columns(frame)
    data = {table: frames[table.name] for table in CINTable}
    selected = request.get("rules")
    issues: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    ran = 0
    for code, rule in registry.items():
        if selected and code not in selected:
            continue
        kind = "query" if rule.rule_type == RuleType.QUERY else "error"
        context = RuleContext(rule)
        try:
            with redirect_stdout(io.StringIO()):
                rule.func(copy.deepcopy(data), context)
                found = _cin_locations(context)
        except Exception as error:  # a crashed rule proves nothing: report it, never count it passed
            failures.append(_failure(str(code), rule.message, error))
            continue
        ran += 1
        if found is None:
            issues.append(_issue(str(code), kind, rule.message, "", [], None, None))
            continue
        for (table, row), columns in found.items():
            child = None
            if table != "Header" and table in frames and 0 <= row < len(frames[table]):
                child = frames[table]["LAchildID"].iat[row]
            issues.append(_issue(str(code), kind, rule.message, table, sorted(columns), row, child))
    return {"rules_run": ran, "issues": issues, "could_not_run": failures}


def _cin_locations(context: Any) -> dict[tuple[str, int], set[str]] | None:
    """Where a rule found faults, as {(table, row): columns}; None for a return-level fault."""
    import pandas as pd

    frames = [
        context.type_zero_issues,
        context.type_one_issues,
        context.type_two_issues,
        context.type_three_issues,
    ]
    found: dict[tuple[str, int], set[str]] = {}
    for frame in frames:
        if not isinstance(frame, pd.DataFrame) or frame.empty:
            continue
        for table, column, row in frame[["tables_affected", "columns_affected", "ROW_ID"]].itertuples(index=False):
            if row is None or row != row:
                continue
            found.setdefault((str(table), int(row)), set()).add(str(column))
    if not found and isinstance(context.la_level_issues, pd.DataFrame) and not context.la_level_issues.empty:
        return None
    return found


# --- SSDA903 --------------------------------------------------------------------------------------


def run_903(folder: Path, request: dict[str, Any]) -> dict[str, Any]:
    from lac_validator.datastore import copy_datastore, create_datastore
    from lac_validator.ingress import read_from_text

    year = int(request["year"])
    registry = importlib.import_module(f"lac_validator.rules.lac{year - 1}_{str(year)[2:]}").registry
    files = [
        {"name": path.name, "file_content": path.read_bytes(), "description": "This year"}
        for path in sorted(folder.glob("*.csv"))
    ]
    with redirect_stdout(io.StringIO()):
        frames, extras = read_from_text(raw_files=files)
        metadata = {"collectionYear": str(year), "localAuthority": request["la"], **extras}
        store = create_datastore(frames, metadata)
    selected = request.get("rules")
    issues: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    ran = 0
    for code, rule in registry.items():
        if selected and code not in selected:
            continue
        kind = "query" if str(code).upper().endswith("Q") else "error"
        try:
            with redirect_stdout(io.StringIO()):
                result = rule.func(copy_datastore(store))
        except Exception as error:  # a crashed rule proves nothing: report it, never count it passed
            failures.append(_failure(str(code), rule.message, error))
            continue
        ran += 1
        for table, rows in (result or {}).items():
            frame = frames.get(table)
            for row in rows:
                if row is None or row != row:
                    continue
                child = frame["CHILD"].at[row] if frame is not None and row in frame.index else None
                issues.append(
                    _issue(str(code), kind, rule.message, table, list(rule.affected_fields or []), row, child)
                )
    return {"rules_run": ran, "issues": issues, "could_not_run": failures}


def main() -> int:
    folder = Path(sys.argv[1])
    request = json.loads((folder / "request.json").read_text())
    started = time.monotonic()
    runner = run_cin if request["kind"] == "cin" else run_903
    result = runner(folder, request)
    result["seconds"] = round(time.monotonic() - started, 2)
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
