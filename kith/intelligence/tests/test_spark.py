"""The same pipeline on Apache Spark (PySpark in local mode) gives the same results as on DuckDB.

One Spark session for the module (starting one takes several seconds). The comparison is of
everything the pipeline hands back: links (with their weights and comparisons), evidence,
patterns, cohort and equity.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kith.intelligence.engine import Engine, quiet_pyspark_warnings, spark_session
from kith.intelligence.pipeline import RunPaths, run
from kith.intelligence.sink import RESULT_SCHEMAS, RunResults
from kith.intelligence.tests.conftest import TODAY, QuietSink, World, make_world, spark_or_skip

pytestmark = [pytest.mark.spark, pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")]
ROWS = 1500


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    spark_or_skip()
    session = spark_session(work_dir=tmp_path_factory.mktemp("spark"))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("spark_world"), rows=ROWS)


def run_on(engine: Engine, world: World, root: Path) -> RunResults:
    with quiet_pyspark_warnings():
        return run(
            engine,
            RunPaths(root / "store", world.export, root / "run"),
            today=TODAY,
            inbox=world.files(),
            sink=QuietSink(),
        )


@pytest.fixture(scope="module")
def both(spark: Any, small_world: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResults, RunResults]:
    duck = Engine.duckdb(threads=2)
    try:
        on_duckdb = run_on(duck, small_world, tmp_path_factory.mktemp("on_duckdb"))
    finally:
        duck.close()
    on_spark = run_on(Engine.spark(spark), small_world, tmp_path_factory.mktemp("on_spark"))
    return on_duckdb, on_spark


def rows(results: RunResults, name: str) -> list[tuple[Any, ...]]:
    schema = RESULT_SCHEMAS[name]
    table = results.table(name).to_pylist()
    return sorted(
        (tuple(round(v, 6) if isinstance(v, float) else v for v in (r[c] for c in schema.names)) for r in table),
        key=repr,
    )


@pytest.mark.parametrize("name", list(RESULT_SCHEMAS))
def test_spark_gives_the_same_results_as_duckdb(both: tuple[RunResults, RunResults], name: str) -> None:
    on_duckdb, on_spark = both
    expected = rows(on_duckdb, name)
    assert expected, f"the small world gave no {name}"
    assert rows(on_spark, name) == expected


def test_spark_counts_and_loads_match(both: tuple[RunResults, RunResults]) -> None:
    on_duckdb, on_spark = both
    assert on_spark.counts == on_duckdb.counts
    assert on_spark.engine == "spark"
    assert [(r.feed, r.status, r.rows_added, r.rows_quarantined, r.quarantine_reasons) for r in on_spark.loads] == [
        (r.feed, r.status, r.rows_added, r.rows_quarantined, r.quarantine_reasons) for r in on_duckdb.loads
    ]
