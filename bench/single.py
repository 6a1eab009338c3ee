"""One request at a time: what each page costs in one Kith process, without HTTP or concurrency.

``python -m bench.single [--requests N] [--profile PAGE]`` runs against the PostgreSQL bench
database as ``make bench`` left it (seed it first). It signs the demo practitioner in, requests
each page N times through Django's test client, the same URLs the load test requests, and prints
the wall and CPU milliseconds a request and the queries a request makes. Under load on 2 cores a
page's p95 is roughly a dozen times its CPU cost (server and PostgreSQL together), so this is
where a slow page shows why. ``--profile PAGE`` adds the functions that page spends its CPU in (sorted by
``KITH_PROFILE_SORT``, cumulative by default; the first ``KITH_PROFILE_TOP``, 40 by default).

The Django side runs in its own process with the bench's environment (``--probe``), as the
fixture does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from typing import Any

from bench.env import kith_env, run_module_json
from bench.seed import postgres_database

PAGES = ("trivial", "my_work", "child_record", "search")


def _probe(requests: int, profile: str | None) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.fixture import _prepare

    fixture = _prepare(200, list(PAGES))
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = fixture["session_key"]
    figures: dict[str, Any] = {}
    for name in PAGES:
        paths = [target["path"] for target in fixture["targets"][name]]
        for path in paths[:50]:  # warm: connections, prepared statements, kept pages
            client.get(path)
        profiler = cProfile.Profile(time.process_time) if name == profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for n in range(requests):
            response = client.get(paths[n % len(paths)])
            if response.status_code != 200:
                raise SystemExit(f"{paths[n % len(paths)]}: {response.status_code}")
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        with CaptureQueriesContext(connection) as queries:
            client.get(paths[0])
        figures[name] = {
            "wall_ms": round(wall * 1000 / requests, 2),
            "cpu_ms": round(cpu * 1000 / requests, 2),
            "queries": len(queries),
        }
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("KITH_PROFILE_SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("KITH_PROFILE_TOP", "40")))
            figures[name]["profile"] = out.getvalue()
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.single", description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", choices=PAGES)
    parser.add_argument("--database", default="kith_bench")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        json.dump(_probe(args.requests, args.profile), sys.stdout)
        return
    probe_args = ["--probe", "--requests", str(args.requests)] + (["--profile", args.profile] if args.profile else [])
    env = kith_env(postgres_database(args.database).url)
    figures = json.loads(run_module_json("bench.single", probe_args, env=env))
    print(f"{'page':<14} {'wall ms':>8} {'CPU ms':>7} {'queries':>8}   (one request at a time, {args.requests} each)")
    for name, figure in figures.items():
        print(f"{name:<14} {figure['wall_ms']:>8.2f} {figure['cpu_ms']:>7.2f} {figure['queries']:>8}")
    for figure in figures.values():
        if "profile" in figure:
            print(figure["profile"])


if __name__ == "__main__":
    main()
