"""`manage.py partnership_run [--engine duckdb|spark] [--inbox DIR] [--today YYYY-MM-DD]`.

Loads the partner files waiting in the inbox, removes what has passed its retention period,
links, finds the factors, patterns and cohorts, and writes the results into Kith: the same as
"Run the pipeline now" on the partnership page, with the progress printed here as it goes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kith.partnership.actions import do_queue_run
from kith.partnership.runner import inbox_files, run_pipeline


class Command(BaseCommand):
    help = "Run the partnership intelligence pipeline and write its results into Kith."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
        parser.add_argument(
            "--inbox", type=Path, default=None, help="Load partner files from here (default: the inbox)."
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="Count from this day (default: today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inbox = inbox_files(options["inbox"]) if options["inbox"] else inbox_files()
        run = do_queue_run(by=None, today=options["today"] or timezone.localdate(), engine=options["engine"])
        self.stdout.write(f"Run {run.pk}: {len(inbox)} partner file{'s' if len(inbox) != 1 else ''} to load.")
        try:
            results = run_pipeline(run, inbox=inbox, echo=self.stdout.write)
        except Exception as error:
            raise CommandError(f"The run failed: {error}") from error
        for stage, seconds in results.stage_seconds.items():
            self.stdout.write(f"  {stage:<10} {seconds:>8.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Run {run.pk} finished: {results.counts}"))
