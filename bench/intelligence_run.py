"""``python -m bench.intelligence_run``: one run of the partnership pipeline, in its own process.

Run by bench.intelligence so that the process's peak memory (DuckDB's included) can be read
when it ends. Progress goes to standard error as the pipeline reports it; the last line of
standard output is JSON: each stage's seconds and the run's counts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from kith.intelligence.engine import Engine, quiet_pyspark_warnings, spark_session
from kith.intelligence.pipeline import RunPaths, run
from kith.intelligence.sink import PrintingSink


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intelligence_run")
    parser.add_argument("--export", type=Path, required=True)
    parser.add_argument("--feeds", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--memory-limit", default="3GB")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.engine == "spark":
        engine = Engine.spark(spark_session(cores=2, work_dir=args.work / "spark"))
    else:
        engine = Engine.duckdb(threads=2, memory_limit=args.memory_limit, temp_dir=args.work / "spill")
    engine_seconds = time.perf_counter() - started
    feeds = sorted(p for p in args.feeds.iterdir() if p.suffix in (".csv", ".parquet"))

    def say(line: str) -> None:
        print(f"{time.perf_counter() - started:7.1f} s  {line}", file=sys.stderr, flush=True)

    sink = PrintingSink(say)
    with quiet_pyspark_warnings():
        results = run(
            engine,
            RunPaths(store=args.work / "store", export=args.export, run=args.work / "run"),
            today=args.today,
            inbox=feeds,
            sink=sink,
        )
    engine.close()
    summary = {"stage_seconds": results.stage_seconds, "counts": results.counts, "engine_start_seconds": engine_seconds}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
