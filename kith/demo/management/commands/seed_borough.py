"""`manage.py seed_borough --children N --seed S [--if-empty] [--today YYYY-MM-DD]`."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kith.demo.actions import do_seed_borough
from kith.people.models import Child


class Command(BaseCommand):
    help = "Add a deterministic synthetic borough: families, journeys, visits and staff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=2000, help="How many children (default 2000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any child exists.")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Reference date (default: today).")
        parser.add_argument("--chunk", type=int, default=5000, help="Families per transaction (default 5000).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Child.objects.exists():
            self.stdout.write("The database already has children: nothing seeded.")
            return
        today: date = options["today"] or timezone.localdate()
        started = time.monotonic()
        counts = do_seed_borough(
            children=options["children"],
            seed=options["seed"],
            today=today,
            families_per_chunk=options["chunk"],
            progress=self._progress if options["verbosity"] > 1 else None,
        )
        seconds = time.monotonic() - started
        width = max(len(name) for name in counts)
        for name, made in counts.items():
            self.stdout.write(f"{name.replace('_', ' '):<{width}}  {made:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Seeded {counts['children']:,} children in {seconds:.1f} s."))

    def _progress(self, children: int) -> None:
        self.stdout.write(f"  … {children:,} children")
