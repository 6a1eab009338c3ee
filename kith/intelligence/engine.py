"""DuckDB or Apache Spark behind one small interface: the only module that knows which it is.

Everything else builds Ibis expressions and Splink models, which compile to either engine. What
differs is how a connection is made, how files are read and written (DuckDB writes one Parquet
file, Spark a directory of them), how a table is kept for Splink to use, and which Splink
database API to hand it.

Stored data (feed rows, quarantined rows, results) are *datasets*: a directory of Parquet parts
that either engine can read and that pyarrow reads on the Django side. A dataset with no parts
reads as an empty table of its declared schema.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.dataset as pads

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

EngineName = Literal["duckdb", "spark"]


class Engine:
    """One connection to DuckDB or Spark, with the few operations that differ between them."""

    name: EngineName

    def __init__(self, name: EngineName, con: Any, session: Any = None) -> None:
        self.name = name
        self.con = con
        self.session = session
        self._counter = 0

    # --- Making one -------------------------------------------------------------------------

    @classmethod
    def duckdb(cls, *, threads: int | None = None, memory_limit: str = "3GB", temp_dir: Path | None = None) -> Engine:
        """An in-memory DuckDB that spills to `temp_dir` beyond `memory_limit`."""
        config: dict[str, Any] = {"memory_limit": memory_limit, "preserve_insertion_order": False}
        if threads:
            config["threads"] = threads
        if temp_dir is not None:
            temp_dir.mkdir(parents=True, exist_ok=True)
            config["temp_directory"] = str(temp_dir)
        return cls("duckdb", ibis.duckdb.connect(**config))

    @classmethod
    def spark(cls, session: Any) -> Engine:
        """Spark through an existing session (see `spark_session`)."""
        return cls("spark", ibis.pyspark.connect(session), session)

    def close(self) -> None:
        if self.name == "duckdb":
            self.con.disconnect()

    # --- Names ------------------------------------------------------------------------------

    def fresh_name(self, stem: str) -> str:
        self._counter += 1
        return f"kith_{stem}_{self._counter}_{uuid.uuid4().hex[:6]}"

    # --- Reading ----------------------------------------------------------------------------

    def from_arrow(self, data: pa.Table, stem: str = "arrow") -> ir.Table:
        """A small in-memory table (a lookup, a list of decisions) as a table on this engine."""
        return self.materialise(stem, ibis.memtable(data))

    def read_parquet(self, path: Path) -> ir.Table:
        return self.con.read_parquet(str(path), table_name=self.fresh_name("parquet"))

    def read_csv_text(self, path: Path) -> ir.Table:
        """A CSV file with a header row, every value read as text (checked and typed later)."""
        name = self.fresh_name("csv")
        if self.name == "duckdb":
            return self.con.read_csv(
                str(path), table_name=name, all_varchar=True, header=True, null_padding=True, auto_detect=True
            )
        return self.con.read_csv(str(path), table_name=name, inferSchema=False, header=True, mode="PERMISSIVE")

    def read_dataset(self, directory: Path, schema: pa.Schema) -> ir.Table:
        if not dataset_parts(directory):
            return self.from_arrow(schema.empty_table(), "empty")
        if self.name == "duckdb":
            return self.con.read_parquet(f"{directory}/**/*.parquet", table_name=self.fresh_name("dataset"))
        frame = self.session.read.option("recursiveFileLookup", "true").parquet(str(directory))
        name = self.fresh_name("dataset")
        frame.createOrReplaceTempView(name)
        return self.con.table(name)

    # --- Writing ----------------------------------------------------------------------------

    def append_part(self, expr: ir.Table, directory: Path) -> None:
        """Add the rows of `expr` to the dataset in `directory` as one more part."""
        directory.mkdir(parents=True, exist_ok=True)
        self.con.to_parquet(expr, str(directory / f"part-{uuid.uuid4().hex}.parquet"))

    def replace_dataset(self, expr: ir.Table, directory: Path) -> None:
        """Make `expr` the whole of the dataset in `directory`. `expr` may read the dataset it
        replaces: it is written in full beside it before the old parts are removed."""
        staging = directory.with_name(directory.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        self.append_part(expr, staging)
        retired = directory.with_name(directory.name + ".old")
        shutil.rmtree(retired, ignore_errors=True)
        if directory.exists():
            directory.rename(retired)
        staging.rename(directory)
        shutil.rmtree(retired, ignore_errors=True)

    # --- Running ----------------------------------------------------------------------------

    def materialise(self, stem: str, expr: ir.Table) -> ir.Table:
        """Compute `expr` once and keep it as a named table (which Splink can also read)."""
        name = self.fresh_name(stem)
        if self.name == "duckdb":
            return self.con.create_table(name, expr)
        # A checkpoint computes the rows now and cuts the plan behind them: Spark's planner slows
        # badly on deep plans, and every later stage builds on these tables.
        staging = self.fresh_name("view")
        self.con.create_view(staging, expr, overwrite=True)
        self.session.table(staging).localCheckpoint(eager=True).createOrReplaceTempView(name)
        self.session.catalog.dropTempView(staging)
        return self.con.table(name)

    def table_name(self, table: ir.Table) -> str:
        """The bare name of a materialised table (DuckDB's names come qualified by catalog and schema)."""
        return str(table.get_name()).split(".")[-1]

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return self.con.to_pyarrow(expr)

    def count(self, expr: ir.Table) -> int:
        return int(self.con.execute(expr.count()))

    def splink_api(self) -> DatabaseAPI[Any]:
        if self.name == "duckdb":
            from splink import DuckDBAPI

            return DuckDBAPI(connection=self.con.con)
        from splink import SparkAPI

        return SparkAPI(spark_session=self.session, break_lineage_method="persist", num_partitions_on_repartition=1)

    def table_for_splink_output(self, physical_name: str) -> ir.Table:
        return self.con.table(physical_name)


def dataset_parts(directory: Path) -> list[Path]:
    """The Parquet files of a dataset (DuckDB's single files or the files inside Spark's part
    directories), ignoring Spark's _SUCCESS and checksum files."""
    if not directory.exists():
        return []
    return sorted(p for p in directory.rglob("*.parquet") if p.is_file() and not p.name.startswith((".", "_")))


def read_dataset_arrow(directory: Path, schema: pa.Schema) -> pa.Table:
    """A dataset read with pyarrow alone (the Django side reads results this way)."""
    parts = dataset_parts(directory)
    if not parts:
        return schema.empty_table()
    table = pads.dataset([str(p) for p in parts], format="parquet").to_table()
    return table.select(schema.names).cast(schema)


def iter_dataset_chunks(directory: Path, schema: pa.Schema, rows: int = 10_000) -> Iterator[pa.Table]:
    """A dataset in chunks of at most `rows` rows, each cast to `schema`."""
    parts = dataset_parts(directory)
    if not parts:
        return
    dataset = pads.dataset([str(p) for p in parts], format="parquet")
    for batch in dataset.to_batches(columns=schema.names, batch_size=rows):
        if batch.num_rows:
            yield pa.Table.from_batches([batch]).cast(schema)


# --- Spark --------------------------------------------------------------------------------


def spark_session(*, cores: int = 1, app_name: str = "kith-intelligence", work_dir: Path | None = None) -> Any:
    """A local Spark session that Splink can use.

    Splink's similarity functions (Jaro-Winkler and the like) come from its own jar, which must be
    on `spark.jars` before the session starts; the driver is bound to 127.0.0.1 so a machine
    without a resolvable host name still starts. Few shuffle partitions: this is for one machine.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    work = work_dir or Path(tempfile.mkdtemp(prefix="kith-spark-"))
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(1, cores)))
        .config("spark.default.parallelism", str(max(1, cores)))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(work / "warehouse"))
        .config("spark.local.dir", str(work / "local"))
        # Small local runs: compiling generated code for each of many small queries costs more
        # than it saves, and adaptive re-planning has nothing to adapt to.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.adaptive.enabled", "false")
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(work / "checkpoints"))
    return session


@contextmanager
def quiet_pyspark_warnings() -> Iterator[None]:
    """PySpark warns on every pandas conversion that it has not caught up with pandas 3."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support pandas.*")
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark.*")
        yield


def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
