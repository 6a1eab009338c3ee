"""Validation of a return with the DfE's rules, through the Data to Insight validators.

The validators pin pandas < 2 and numpy < 1.25, which Kith's analytics cannot live with, so they
live in their own virtual environment (`make validators` builds `.venv-validators` from
requirements/validators.txt) and run as a separate process: Kith writes the return's tables into
a temporary folder, runs `validator_runner/run.py` with the validators' Python, and reads back
JSON. Nothing of theirs is imported here.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from kith.returns.cin_format import TABLE_COLUMNS, Tables

RUNNER = Path(__file__).parent / "validator_runner" / "run.py"
TIMEOUT_SECONDS = 600


class ValidatorMissing(RuntimeError):
    """The validators' virtual environment has not been built (run `make validators`)."""


class ValidatorFailed(RuntimeError):
    """The validator process itself failed (not one rule: the whole run)."""


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: str  # error, query or could_not_run
    message: str
    table: str = ""
    columns: tuple[str, ...] = ()
    row: int | None = None
    child: str | None = None


@dataclass
class Validation:
    rules_run: int
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def queries(self) -> int:
        return self.count("query")

    @property
    def could_not_run(self) -> int:
        return self.count("could_not_run")


def validators_python() -> Path:
    """The validators' Python: KITH_VALIDATORS_PYTHON or .venv-validators beside manage.py."""
    configured = getattr(settings, "KITH_VALIDATORS_PYTHON", "")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / ".venv-validators" / "bin" / "python"


def validators_installed() -> bool:
    return validators_python().exists()


def _run(folder: Path, request: dict[str, Any]) -> Validation:
    python = validators_python()
    if not python.exists():
        raise ValidatorMissing(f"The validators are not installed at {python}: run `make validators`")
    (folder / "request.json").write_text(json.dumps(request))
    done = subprocess.run(  # noqa: S603 - our own script, with the validators' own interpreter
        [str(python), str(RUNNER), str(folder)],
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise ValidatorFailed(done.stderr.decode(errors="replace")[-2000:])
    return parse_output(done.stdout)


def parse_output(stdout: bytes) -> Validation:
    data = json.loads(stdout)
    findings = [
        Finding(
            rule=i["rule"],
            kind=i["kind"],
            message=i["message"],
            table=i["table"],
            columns=tuple(i["columns"]),
            row=i["row"],
            child=i["child"],
        )
        for i in data["issues"]
    ]
    findings += [
        Finding(rule=f["rule"], kind="could_not_run", message=f"{f['message']} ({f['error']})")
        for f in data["could_not_run"]
    ]
    return Validation(rules_run=data["rules_run"], findings=findings, seconds=data.get("seconds", 0.0))


def validate_cin(tables: Tables, year: int, *, rules: list[str] | None = None) -> Validation:
    """Run the CIN census rules for `year` on the census's tables."""
    body = {name: {"columns": list(TABLE_COLUMNS[name]), "rows": rows} for name, rows in tables.items()}
    with tempfile.TemporaryDirectory(prefix="kith-cin-") as folder:
        (Path(folder) / "tables.json").write_text(json.dumps(body, default=str))
        return _run(Path(folder), {"kind": "cin", "year": year, "rules": rules})


def csv_bytes(columns: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode()


def validate_903(files: dict[str, bytes], year: int, la: str, *, rules: list[str] | None = None) -> Validation:
    """Run the SSDA903 rules for `year` on the return's CSV files ({file name: bytes})."""
    with tempfile.TemporaryDirectory(prefix="kith-903-") as folder:
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        return _run(Path(folder), {"kind": "903", "year": year, "la": la, "rules": rules})
