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
import os
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
    chosen = [(code, rule) for code, rule in registry.items() if not selected or code in selected]

    def check(code: Any, rule: Any) -> dict[str, Any]:
        kind = "query" if rule.rule_type == RuleType.QUERY else "error"
        context = RuleContext(rule)
        try:
            with redirect_stdout(io.StringIO()):
                rule.func(copy.deepcopy(data), context)
                found = _cin_locations(context)
        except Exception as error:  # a crashed rule proves nothing: report it, never count it passed
            return {"failure": _failure(str(code), rule.message, error)}
        if found is None:
            return {"issues": [_issue(str(code), kind, rule.message, "", [], None, None)]}
        issues = []
        for (table, row), columns in found.items():
            child = None
            if table != "Header" and table in frames and 0 <= row < len(frames[table]):
                child = frames[table]["LAchildID"].iat[row]
            issues.append(_issue(str(code), kind, rule.message, table, sorted(columns), row, child))
        return {"issues": issues}

    results = _in_two_processes(folder, [lambda c=code, r=rule: check(c, r) for code, rule in chosen])
    issues: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for result in results:
        if "failure" in result:
            failures.append(result["failure"])
        else:
            issues += result["issues"]
    return {"rules_run": len(results) - len(failures), "issues": issues, "could_not_run": failures}


def _in_two_processes(folder: Path, work: list[Any]) -> list[Any]:
    """Run each of `work` (functions returning JSON-able results) and return their results in order,
    half of them in a forked copy of this process: every CIN rule runs on its own deep copy of the
    tables, so none depends on another having run, and the machine's second core halves the time."""
    if not hasattr(os, "fork") or len(work) < 2:
        return [job() for job in work]
    spill = folder / "forked.json"
    pid = os.fork()
    if pid == 0:  # the copy: the odd-numbered jobs
        code = 1
        try:
            spill.write_text(json.dumps([job() for job in work[1::2]]))
            code = 0
        finally:
            os._exit(code)
    mine = [job() for job in work[0::2]]
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("the forked half of the CIN rules failed")
    theirs = json.loads(spill.read_text())
    results: list[Any] = []
    for n in range(len(work)):
        results.append(mine[n // 2] if n % 2 == 0 else theirs[n // 2])
    return results


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
        _narrow_postcodes(frames)
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


def _narrow_postcodes(frames: dict[str, Any]) -> None:
    """Load the ONS postcode directory's entries for the return's postcodes, and only those.

    The validator joins the episodes to the directory it has loaded (in the datastore and again
    in rules 392c and 392d), and loads the whole directory for each initial letter it meets
    (hundreds of thousands of postcodes for B or S): every join then factorises all of them, to
    find the same rows as it finds among the return's own postcodes."""
    import pandas as pd
    from lac_validator.datastore import postcodes

    wanted: set[str] = set()
    for name in ("Episodes", "Episodes_last"):
        frame = frames.get(name)
        if frame is None:
            continue
        for column in ("HOME_POST", "PL_POST"):
            if column in frame:
                wanted |= {str(v).upper().replace(" ", "") for v in frame[column].dropna()}
    wanted = {code for code in wanted if 5 <= len(code) <= 7}
    if not wanted or os.getenv("QLAC_DISABLE_PC"):
        return
    # The directory writes a postcode in seven characters: the outward code padded to four.
    seven = {f"{code[:-3]:<4}{code[-3:]}" for code in wanted}
    letters = {code[0] for code in wanted} - postcodes._read
    found = [postcodes.dataframe]
    for letter in sorted(letters):
        try:
            directory = postcodes._read_msgpack(letter)
        except (ValueError, FileNotFoundError):
            continue
        found.append(directory[directory["pcd"].isin(seven)])
    narrowed = pd.concat(found).reset_index(drop=True)
    narrowed["pcd_abbr"] = narrowed["pcd"].str.replace(" ", "")
    postcodes._df = narrowed
    # The validator's own lookups of these letters then find them loaded.
    postcodes._read = postcodes._read | letters


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
