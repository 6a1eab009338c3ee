"""The one narrow interface through which the pipeline's results go back into Kith.

The pipeline knows nothing of Django. It reports progress, the loads it made, and finally its
results, to a `ResultSink`. `kith.partnership` implements it: it records progress on the run
the page is watching, the loads and their quarantine counts, and replaces the previous run's
links, evidence, patterns, cohort and equity rows in one transaction. Results are handed over
as Parquet datasets to be read in chunks, so a large run never has to fit in memory at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from kith.intelligence.cohorts import COHORT_SCHEMA, EQUITY_SCHEMA
from kith.intelligence.engine import iter_dataset_chunks, read_dataset_arrow
from kith.intelligence.linkage import LINKS_SCHEMA, SUBJECTS_SCHEMA
from kith.intelligence.load import LoadReport, RemovalReport
from kith.intelligence.matrix import EVIDENCE_SCHEMA, PATTERNS_SCHEMA

RESULT_SCHEMAS: dict[str, pa.Schema] = {
    "links": LINKS_SCHEMA,
    "subjects": SUBJECTS_SCHEMA,
    "evidence": EVIDENCE_SCHEMA,
    "patterns": PATTERNS_SCHEMA,
    "cohort": COHORT_SCHEMA,
    "equity": EQUITY_SCHEMA,
}
STAGES: tuple[tuple[str, str], ...] = (
    ("load", "Loading partner files"),
    ("retention", "Removing records past their retention period"),
    ("link", "Linking partner records to Kith"),
    ("matrix", "Finding the factors and patterns"),
    ("cohorts", "Making cohorts and the equity report"),
)


@dataclass(frozen=True)
class Progress:
    stage: str
    step: int  # 1-based
    steps: int
    message: str

    @property
    def title(self) -> str:
        return dict(STAGES).get(self.stage, self.stage)

    def line(self) -> str:
        return f"[{self.step}/{self.steps}] {self.title}: {self.message}"


@dataclass
class RunResults:
    """Where a run's results are, and what it counted and timed."""

    run_dir: Path
    today: date
    engine: str
    stage_seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    loads: list[LoadReport] = field(default_factory=list)
    removals: list[RemovalReport] = field(default_factory=list)

    def path(self, name: str) -> Path:
        return self.run_dir / name

    def table(self, name: str) -> pa.Table:
        return read_dataset_arrow(self.path(name), RESULT_SCHEMAS[name])

    def chunks(self, name: str, rows: int = 10_000) -> Iterator[pa.Table]:
        return iter_dataset_chunks(self.path(name), RESULT_SCHEMAS[name], rows)

    def model(self) -> dict[str, Any]:
        try:
            loaded = json.loads((self.run_dir / "model.json").read_text())
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def summary(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "engine": self.engine,
            "stage_seconds": self.stage_seconds,
            "counts": self.counts,
            "loads": [report.as_json() for report in self.loads],
            "removals": [removal.as_json() for removal in self.removals],
        }


class ResultSink(Protocol):
    """What the pipeline hands its progress, loads and results to."""

    def progress(self, progress: Progress) -> None: ...

    def loaded(self, loads: list[LoadReport], removals: list[RemovalReport]) -> None: ...

    def results(self, results: RunResults) -> None: ...


class PrintingSink:
    """Progress on the command line, and nothing written anywhere (benchmarks, trying it out)."""

    def __init__(self, write: Any = print) -> None:
        self.write = write

    def progress(self, progress: Progress) -> None:
        self.write(progress.line())

    def loaded(self, loads: list[LoadReport], removals: list[RemovalReport]) -> None:
        for report in loads:
            self.write(f"  {report.file_name}: {report.status} {report.reason}".rstrip())

    def results(self, results: RunResults) -> None:
        self.write(json.dumps(results.summary()["counts"]))
