"""``python -m bench [--only GROUP]``: Kith's benchmarks (what ``make bench`` runs). GROUP is one of
seed, pages, genogram, standards, returns, intelligence.

Exits 0 when the benchmarks ran, whether or not they met their targets (the table says);
non-zero only when the harness could not run them.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bench.env import HarnessError
from bench.genogram import TARGET_60_MS, genogram_table, run_genogram
from bench.intelligence import intelligence_table, run_intelligence
from bench.pages import PAGES, LoadSettings, run_pages
from bench.report import Figure, page_figures, pages_table, seed_figure, seed_table, write_results
from bench.returns import returns_table, run_returns
from bench.seed import SeedTiming, ensure_exists, ensure_seeded, migrate, postgres_database, sqlite_database
from bench.standards import run_standards, standards_table

GROUPS = ("seed", "pages", "genogram", "standards", "returns", "intelligence")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=GROUPS, help="run one benchmark group")
    parser.add_argument("--reseed", action="store_true", help="seed the bench databases again from empty")
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="kith_bench", help="PostgreSQL database for the bench")
    parser.add_argument("--page", action="append", choices=PAGES, help="measure only this page (repeatable)")
    parser.add_argument("--requests", type=int, default=LoadSettings.requests, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=LoadSettings.warmup, help="warm-up requests per page")
    parser.add_argument("--concurrency", type=int, default=LoadSettings.concurrency)
    parser.add_argument("--workers", type=int, default=LoadSettings.workers, help="gunicorn workers")
    parser.add_argument(
        "--no-seed", action="store_true", help="measure pages against the database as it is (trying the harness out)"
    )
    return parser


def run(args: argparse.Namespace) -> None:
    groups = [args.only] if args.only else list(GROUPS)
    postgres = postgres_database(args.database)
    figures: list[Figure] = []
    seeded: list[SeedTiming] = []
    if "seed" in groups:
        print(f"Seeding {args.children:,} children (reused when already there)")
        for database in (postgres, sqlite_database()):
            seeded.append(ensure_seeded(database, children=args.children, seed=args.seed, reseed=args.reseed))
        figures += [seed_figure(timing) for timing in seeded]
    pages_run = None
    if "pages" in groups:
        if args.no_seed:
            ensure_exists(postgres, fresh=False)
            migrate(postgres)
        elif not seeded:
            print(f"Checking the PostgreSQL seed of {args.children:,} children")
            ensure_seeded(postgres, children=args.children, seed=args.seed, reseed=args.reseed)
        load = LoadSettings(args.concurrency, args.requests, args.warmup, args.workers)
        print(f"Pages: {load.concurrency} clients, {load.requests} requests a page, gunicorn {load.workers} workers")
        pages_run = run_pages(postgres, load, args.page or list(PAGES))
        figures += page_figures(pages_run)
    extra_tables: list[str] = []
    if {"genogram", "standards", "returns", "intelligence"} & set(groups) and not seeded and "pages" not in groups:
        print(f"Checking the PostgreSQL seed of {args.children:,} children")
        ensure_seeded(postgres, children=args.children, seed=args.seed, reseed=args.reseed)
    if "genogram" in groups:
        print("Genogram drawing")
        result = run_genogram(postgres)
        figures += genogram_figures(result)
        extra_tables.append(genogram_table(result))
    if "standards" in groups:
        print("Practice standards (all open cases, both databases; the per-child loop; the team dashboard)")
        ensure_seeded(sqlite_database(), children=args.children, seed=args.seed, reseed=False)
        found = run_standards(postgres, sqlite_database())
        figures += [Figure(**f) for f in found]
        extra_tables.append(standards_table(found))
    if "returns" in groups:
        print("Statutory returns (CIN census and SSDA903: build and validate)")
        found = run_returns(postgres)
        figures += [Figure(**f) for f in found]
        extra_tables.append(returns_table(found))
    if "intelligence" in groups:
        print("Partnership intelligence (export, about 1,000,000 partner rows, linkage and the matrix)")
        found = run_intelligence(database=args.database)
        figures += [Figure(**f) for f in found]
        extra_tables.append(intelligence_table(found))
    path = write_results(figures)
    print()
    for table in extra_tables:
        print(table, end="\n\n")
    if seeded:
        print(seed_table(seeded), end="\n\n")
    if pages_run:
        print(pages_table(pages_run), end="\n\n")
        if pages_run.context["load_average_before"][0] > 1.0:
            print(f"Note: load average {pages_run.context['load_average_before']} before the run: timings are noisy.")
    print(f"Wrote {path}")


def genogram_figures(result: dict[str, Any]) -> list[Figure]:
    sixty, largest = result["sixty"], result["largest"]
    return [
        Figure("genogram_render_60_people_ms", sixty["ms"], "ms", TARGET_60_MS, "lower", sixty),
        Figure("genogram_render_largest_family_ms", largest["ms"], "ms", TARGET_60_MS, "lower", largest),
    ]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        run(args)
    except HarnessError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
