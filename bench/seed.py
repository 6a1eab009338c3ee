"""Seeding the bench databases: once, timed, and reused by later runs.

PostgreSQL database ``kith_bench`` and the SQLite file ``var/bench/bench.sqlite3`` are each
seeded with ``manage.py seed_borough --children N --seed S``. The seconds it took go into
``var/bench/seed_timings.json`` beside the number of children it left, so a later run that finds
the same database reuses both. ``--reseed`` (or a database that does not match its timing)
starts again from an empty database.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bench.env import ROOT, HarnessError, bench_dir, kith_env, manage, run_module_json

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SEED_COMMAND = ROOT / "kith" / "demo" / "management" / "commands" / "seed_borough.py"
GENERATOR = ROOT / "kith" / "demo" / "borough"


@dataclass(frozen=True)
class BenchDatabase:
    backend: str  # "postgres" or "sqlite"
    name: str  # database name or file path

    @property
    def url(self) -> str:
        if self.backend == "postgres":
            return f"{PG_SERVER}/{self.name}"
        return f"sqlite:///{self.name}"


@dataclass(frozen=True)
class SeedTiming:
    backend: str
    database: str
    children_requested: int
    seed: int
    children_in_database: int
    seconds: float
    migrate_seconds: float
    measured_at: str
    reused: bool = False


def postgres_database(name: str) -> BenchDatabase:
    return BenchDatabase("postgres", name)


def sqlite_database() -> BenchDatabase:
    return BenchDatabase("sqlite", str(bench_dir() / "bench.sqlite3"))


def _timings_path() -> Path:
    return bench_dir() / "seed_timings.json"


def _load_timings() -> dict[str, Any]:
    try:
        loaded = json.loads(_timings_path().read_text())
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _store_timing(key: str, timing: SeedTiming) -> None:
    timings = _load_timings()
    timings[key] = asdict(timing) | {"reused": False}
    _timings_path().write_text(json.dumps(timings, indent=2) + "\n")


def _admin() -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as error:
        raise HarnessError(f"PostgreSQL is not answering on {PG_SERVER}: {error}") from error


def ensure_exists(database: BenchDatabase, *, fresh: bool) -> None:
    """Create the database if missing; with ``fresh``, drop whatever was there first."""
    if database.backend == "sqlite":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(database.name + suffix).unlink(missing_ok=True)
        return
    with _admin() as connection:
        if fresh:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database.name)))
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database.name)))


def count_children(database: BenchDatabase) -> int:
    out = run_module_json("bench.fixture", ["count"], env=kith_env(database.url))
    return int(json.loads(out)["children"])


def migrate(database: BenchDatabase) -> float:
    return manage(
        ["migrate", "--verbosity", "0"], database_url=database.url, log_name=f"migrate_{database.backend}.log"
    )


def generator_digest() -> str:
    """A digest of the borough generator's source: a seed made by an older generator is not reused
    (the returns, standards and pages would be measured on data the generator no longer makes)."""
    digest = hashlib.sha256()
    for path in sorted([*GENERATOR.glob("*.py"), ROOT / "kith" / "demo" / "actions.py"]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_seeded(database: BenchDatabase, *, children: int, seed: int, reseed: bool) -> SeedTiming:
    """Seed ``database`` unless it already holds the seed its recorded timing describes."""
    key = f"{database.backend}:{database.name}:{children}:{seed}:{generator_digest()}"
    ensure_exists(database, fresh=reseed)
    migrate_seconds = migrate(database)
    found = count_children(database)
    recorded = _load_timings().get(key)
    if not reseed and recorded and found > 0 and recorded.get("children_in_database") == found:
        return SeedTiming(**(recorded | {"reused": True}))
    if not SEED_COMMAND.exists():
        raise HarnessError(f"{SEED_COMMAND.relative_to(ROOT)} is not there yet: cannot seed {database.url}.")
    if found > 0:
        print(f"  {database.backend}: {found:,} children without a matching timing; starting from empty")
        ensure_exists(database, fresh=True)
        migrate_seconds = migrate(database)
    print(f"  {database.backend}: seeding {children:,} children (seed {seed}); this takes a while")
    seconds = manage(
        ["seed_borough", "--children", str(children), "--seed", str(seed)],
        database_url=database.url,
        log_name=f"seed_{database.backend}.log",
    )
    timing = SeedTiming(
        backend=database.backend,
        database=database.name,
        children_requested=children,
        seed=seed,
        children_in_database=count_children(database),
        seconds=round(seconds, 2),
        migrate_seconds=round(migrate_seconds, 2),
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    _store_timing(key, timing)
    return timing


def analyze(database: BenchDatabase) -> float:
    """Refresh the planner's statistics; returns the seconds it took.

    A bulk seed leaves PostgreSQL without statistics until autovacuum gets round to it (and this
    machine's server runs with autovacuum off), so the planner would guess: seq scans and
    parallel hash joins for one child's rows. A production database has its statistics; so does the bench.
    """
    if database.backend != "postgres":
        return 0.0
    started = time.perf_counter()
    with psycopg.connect(database.url, autocommit=True, connect_timeout=10) as connection:
        connection.execute("ANALYZE")
    return time.perf_counter() - started
