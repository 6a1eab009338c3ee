"""`manage.py partnership_synthetic --rows N [--seed S] [--out DIR] [--format csv|parquet]`.

Synthetic partner feeds made from the people in this Kith (for the demo and the benchmarks),
written into the inbox, with `truth.parquet` beside them saying who each partner record really is.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kith.intelligence.synthetic import generate
from kith.partnership.export import export_kith
from kith.partnership.runner import inbox_dir, partnership_dir


class Command(BaseCommand):
    help = "Write deterministic synthetic partner feeds, with the true links, from this Kith's people."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=20_000, help="Feed rows in all (default 20,000).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, default=None, help="Directory (default: the inbox).")
        parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"] or inbox_dir()
        work = Path(tempfile.mkdtemp(prefix="kith-export-"))
        try:
            export_kith(work)
            summary = generate(
                work,
                out,
                rows=options["rows"],
                seed=options["seed"],
                today=options["today"] or timezone.localdate(),
                file_format=options["format"],
                truth_path=None if options["out"] else partnership_dir() / "synthetic-truth.parquet",
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for feed, rows in summary.rows.items():
            self.stdout.write(f"{feed:<22} {rows:>9,} rows, {summary.people[feed]:>7,} people")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {sum(summary.rows.values()):,} rows to {out}; the true links to {summary.truth}."
            )
        )
