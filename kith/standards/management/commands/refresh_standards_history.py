"""`manage.py refresh_standards_history [--kinds team,service,practitioner,borough] [--enqueue]`:
work out the dashboards' month-end history that is missing or stale (after each month end, or
nightly), or enqueue it as a background task."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kith.standards.history import SCOPE_KINDS
from kith.standards.tasks import refresh_month_ends


class Command(BaseCommand):
    help = "Work out the standards at each of the last 12 month ends for every dashboard, where missing or stale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kinds", default=",".join(SCOPE_KINDS), help="Which dashboards, comma-separated.")
        parser.add_argument("--enqueue", action="store_true", help="Run it as a background task instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = [k.strip() for k in options["kinds"].split(",") if k.strip()]
        unknown = set(kinds) - set(SCOPE_KINDS)
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(sorted(unknown))}. Use {', '.join(SCOPE_KINDS)}.")
        if options["enqueue"]:
            result = refresh_month_ends.enqueue(kinds)
            self.stdout.write(f"Enqueued: {result.id}")
            return
        started = time.perf_counter()
        worked = refresh_month_ends.call(kinds)
        self.stdout.write(f"Month ends worked out for {worked} scope(s) in {time.perf_counter() - started:.1f} s.")
