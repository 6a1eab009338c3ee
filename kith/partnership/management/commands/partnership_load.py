"""`manage.py partnership_load FILE [FILE ...] [--today YYYY-MM-DD]`: load partner files now.

Each file goes to the feed its name begins with. Says what happened to each: loaded (rows added,
replaced, unchanged, quarantined and why), rejected (and why), or already loaded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kith.intelligence.engine import Engine
from kith.intelligence.load import FeedStore, load_files
from kith.partnership.actions import do_record_loads
from kith.partnership.runner import partnership_dir, store_dir


class Command(BaseCommand):
    help = "Load partner feed files into the partnership store."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        engine = Engine.duckdb(temp_dir=partnership_dir() / "work" / "load")
        try:
            reports = load_files(
                engine, FeedStore(store_dir()), options["files"], today=options["today"] or timezone.localdate()
            )
        finally:
            engine.close()
        do_record_loads(run=None, loads=reports, removals=[])
        for report in reports:
            if report.status == "loaded":
                self.stdout.write(
                    f"{report.file_name}: loaded {report.rows_in_file:,} rows: {report.rows_added:,} added, "
                    f"{report.rows_replaced:,} replaced, {report.rows_unchanged:,} unchanged, "
                    f"{report.rows_quarantined:,} quarantined, {report.rows_past_retention:,} past retention."
                )
                for reason, rows in report.quarantine_reasons.items():
                    self.stdout.write(f"    {reason}: {rows:,}")
            else:
                self.stdout.write(f"{report.file_name}: {report.status.replace('_', ' ')}. {report.reason}")
