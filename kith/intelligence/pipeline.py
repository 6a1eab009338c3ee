"""The pipeline, stage by stage: load, retention, link, matrix, cohorts.

`run` takes an engine (DuckDB or Spark), the store of partner data, Kith's export and a
directory for this run's results, and hands progress, loads and results to a `ResultSink`.
Each stage's seconds are recorded. Every stage is Ibis or Splink, so the same call runs on
either engine; nothing here knows which it is.

Results are datasets in the run directory: links, subjects, evidence, patterns, cohort, equity,
with model.json (the trained linkage model) and summary.json (counts and timings).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ibis.expr.types as ir

from kith.intelligence import cohorts, linkage, matrix
from kith.intelligence.engine import Engine
from kith.intelligence.export import EXPORT_TABLES, check_export, export_path
from kith.intelligence.feeds import FEEDS
from kith.intelligence.load import FeedStore, load_files, remove_expired
from kith.intelligence.sink import STAGES, PrintingSink, Progress, ResultSink, RunResults


@dataclass(frozen=True)
class RunPaths:
    store: Path  # partner data: stored rows, quarantine, manifest
    export: Path  # Kith's export
    run: Path  # this run's results


def read_kith(engine: Engine, export_dir: Path) -> matrix.Kith:
    """The export's tables, checked against their declared schema and kept on the engine."""
    check_export(export_dir)
    tables = {
        name: engine.materialise(name, engine.read_parquet(export_path(export_dir, name)).select(*schema.names))
        for name, schema in EXPORT_TABLES.items()
    }
    return matrix.Kith(
        persons=tables["persons"],
        children=tables["children"],
        addresses=tables["addresses"],
        relationships=tables["relationships"],
        episodes=tables["episodes"],
        decisions=tables["link_decisions"],
    )


class _Stages:
    def __init__(self, sink: ResultSink, results: RunResults) -> None:
        self.sink = sink
        self.results = results
        self.step = 0
        self.current = ""

    def say(self, message: str) -> None:
        self.sink.progress(Progress(self.current, self.step, len(STAGES), message))

    @contextmanager
    def stage(self, name: str, message: str) -> Iterator[None]:
        self.step += 1
        self.current = name
        self.say(message)
        started = time.perf_counter()
        yield
        self.results.stage_seconds[name] = round(time.perf_counter() - started, 3)


def run(
    engine: Engine,
    paths: RunPaths,
    *,
    today: date,
    inbox: list[Path] | None = None,
    config: matrix.MatrixConfig | None = None,
    settings: linkage.LinkageSettings | None = None,
    sink: ResultSink | None = None,
) -> RunResults:
    """Run every stage and hand the results to `sink`."""
    config = config or matrix.load_config()
    settings = settings or linkage.LinkageSettings()
    sink = sink or PrintingSink()
    store = FeedStore(paths.store)
    paths.run.mkdir(parents=True, exist_ok=True)
    results = RunResults(run_dir=paths.run, today=today, engine=engine.name)
    stages = _Stages(sink, results)
    started = time.perf_counter()
    with stages.stage("load", f"{len(inbox or [])} files"):
        results.loads = load_files(engine, store, inbox or [], today=today)
    with stages.stage("retention", "checking each feed's retention period"):
        remaining: dict[str, int] = {}
        results.removals = remove_expired(engine, store, today=today, remaining=remaining)
        sink.loaded(results.loads, results.removals)
        results.counts.update({f"rows_{name}": rows for name, rows in remaining.items()})
    with stages.stage("link", "reading Kith's export"):
        kith = read_kith(engine, paths.export)
        linked = linkage.link(engine, store, kith.persons, kith.addresses, kith.decisions, settings, stages.say)
        _write(engine, linked.links, paths.run / "links")
        _write(engine, linked.subjects, paths.run / "subjects")
        linkage.write_model(linked.model, paths.run / "model.json")
        _count_links(engine, linked.links, results)
    with stages.stage("matrix", "finding each factor's evidence"):
        rows = {
            feed.name: matrix.linked_feed_rows(engine, store, feed, linked.links)
            for feed in FEEDS
            if remaining.get(feed.name)
        }
        evidence = engine.materialise("evidence", matrix.evidence(rows, kith, config, today=today))
        stages.say("reading the patterns")
        patterns = engine.materialise("patterns", matrix.patterns(evidence, config))
        _write(engine, evidence, paths.run / "evidence")
        _write(engine, patterns, paths.run / "patterns")
        counted = engine.to_arrow(
            evidence.aggregate(evidence=evidence.count(), children_with_evidence=evidence["child_id"].nunique())
        ).to_pylist()[0]
        results.counts.update({name: int(value or 0) for name, value in counted.items()})
        results.counts["patterns"] = engine.count(patterns)
    with stages.stage("cohorts", "listing children for early help conversations"):
        listed = engine.materialise(
            "cohort", cohorts.cohort(engine, store, linked.links, kith, evidence, patterns, config)
        )
        _write(engine, listed, paths.run / "cohort")
        _write(engine, cohorts.equity(kith, listed, today=today), paths.run / "equity")
        results.counts["cohort"] = engine.count(listed)
    results.stage_seconds["total"] = round(time.perf_counter() - started, 3)
    (paths.run / "summary.json").write_text(json.dumps(results.summary(), indent=1))
    sink.results(results)
    return results


def _write(engine: Engine, expr: ir.Table, directory: Path) -> None:
    engine.replace_dataset(expr, directory)


def _count_links(engine: Engine, links: ir.Table, results: RunResults) -> None:
    counts = engine.to_arrow(links.group_by("status").aggregate(subjects=links["person_ref"].nunique()))
    for row in counts.to_pylist():
        results.counts[f"subjects_{row['status']}"] = int(row["subjects"])
