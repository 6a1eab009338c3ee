"""Fixtures of the pipeline's tests: a small synthetic borough exported as Kith would export it,
noisy partner feeds made from it (with the true links), and one DuckDB run of the whole
pipeline that several test modules read.

Spark tests are marked `spark`. Outside CI they are skipped when Java or PySpark is missing;
with CI=true a missing Java or PySpark fails the run (as kith.testing.browser does for Chromium).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kith.intelligence.engine import Engine
from kith.intelligence.export import empty, write_table
from kith.intelligence.pipeline import RunPaths, run
from kith.intelligence.sink import RunResults
from kith.intelligence.synthetic import Summary, generate
from kith.intelligence.tests.borough import write_borough_export

TODAY = date(2026, 11, 23)
CHILDREN = 300
ROWS = 3000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: runs the pipeline on Apache Spark (PySpark in local mode)")


class QuietSink:
    """Keeps what the pipeline reports, for tests to look at."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.loads: list[Any] = []
        self.results_seen: RunResults | None = None

    def progress(self, progress: Any) -> None:
        self.lines.append(progress.line())

    def loaded(self, loads: list[Any], removals: list[Any]) -> None:
        self.loads = loads

    def results(self, results: RunResults) -> None:
        self.results_seen = results


@dataclass
class World:
    export: Path
    feeds: Path
    summary: Summary

    @property
    def truth(self) -> pa.Table:
        return pq.read_table(self.summary.truth)

    def files(self) -> list[Path]:
        return sorted(self.feeds.glob("*.csv"))


def make_world(root: Path, *, rows: int = ROWS) -> World:
    export = write_borough_export(root / "export", children=CHILDREN, seed=1, today=TODAY)
    write_table(export, "link_decisions", empty("link_decisions"))
    summary = generate(export, root / "feeds", rows=rows, seed=1, today=TODAY, truth_path=root / "truth.parquet")
    return World(export, root / "feeds", summary)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("world"))


@dataclass
class DuckRun:
    results: RunResults
    sink: QuietSink
    store: Path


@pytest.fixture(scope="session")
def duck_run(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DuckRun]:
    """The whole pipeline once on DuckDB over the small world."""
    root = tmp_path_factory.mktemp("duck")
    engine = Engine.duckdb(threads=2)
    sink = QuietSink()
    results = run(
        engine, RunPaths(root / "store", world.export, root / "run"), today=TODAY, inbox=world.files(), sink=sink
    )
    yield DuckRun(results, sink, root / "store")
    engine.close()


@pytest.fixture
def engine() -> Iterator[Engine]:
    made = Engine.duckdb(threads=2)
    yield made
    made.close()


def spark_or_skip() -> None:
    """Skip (or, under CI=true, fail) when Spark cannot run here."""
    missing = []
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing.append("Java")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing.append("PySpark")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Spark tests must run under CI=true, but these are missing: {', '.join(missing)}")
        pytest.skip(f"Missing for Spark tests: {', '.join(missing)}")
