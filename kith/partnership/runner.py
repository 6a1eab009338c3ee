"""Running the pipeline for Kith: export, run on the chosen engine, results back through the sink.

Where things are kept (under settings.VAR_DIR/partnership unless KITH_PARTNERSHIP_DIR says
otherwise): `inbox/` holds partner files waiting to be loaded (a file is named for its feed,
e.g. police_notifications_2026-11.csv), `store/` the loaded partner data, and `work/` the export
and results of the run in progress, removed when it ends so personal data is not left lying
about: the results live on in Kith's tables, the partner data in the store until its retention
period passes.
"""

from __future__ import annotations

import os
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from kith.intelligence import pipeline
from kith.intelligence.engine import Engine, quiet_pyspark_warnings, spark_session
from kith.intelligence.matrix import load_config
from kith.intelligence.sink import RunResults
from kith.partnership.actions import do_mark_run_failed, do_mark_run_started
from kith.partnership.export import export_kith
from kith.partnership.models import IntelligenceRun
from kith.partnership.sink import DjangoSink


def partnership_dir() -> Path:
    configured = os.environ.get("KITH_PARTNERSHIP_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "partnership"


def inbox_dir() -> Path:
    path = partnership_dir() / "inbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_dir() -> Path:
    return partnership_dir() / "store"


def inbox_files(directory: Path | None = None) -> list[Path]:
    folder = directory or inbox_dir()
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".parquet"))


def make_engine(name: str, work: Path) -> Engine:
    if name == "spark":
        return Engine.spark(spark_session(work_dir=work / "spark"))
    return Engine.duckdb(temp_dir=work / "duckdb")


def run_pipeline(
    run: IntelligenceRun, *, inbox: list[Path] | None = None, echo: Callable[[str], None] | None = None
) -> RunResults:
    """Export Kith, run every stage and write the results back. A failure is recorded on the run
    (its page says what went wrong) and raised."""
    work = partnership_dir() / "work" / f"run-{run.pk}"
    shutil.rmtree(work, ignore_errors=True)
    do_mark_run_started(run=run)
    engine: Engine | None = None
    try:
        if echo:
            echo("Exporting Kith's people")
        export_kith(work / "export")
        engine = make_engine(run.engine, work)
        matrix_file = os.environ.get("KITH_MATRIX_FILE")
        with quiet_pyspark_warnings():
            return pipeline.run(
                engine,
                pipeline.RunPaths(store=store_dir(), export=work / "export", run=work / "results"),
                today=run.today,
                inbox=inbox if inbox is not None else inbox_files(),
                config=load_config(Path(matrix_file) if matrix_file else None),
                sink=DjangoSink(run, echo),
            )
    except Exception as error:
        do_mark_run_failed(run=run, error="".join(traceback.format_exception_only(type(error), error)))
        raise
    finally:
        if engine is not None:
            engine.close()
        shutil.rmtree(work, ignore_errors=True)
