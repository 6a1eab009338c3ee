"""`manage.py partnership_export --out DIR`: Kith's people as Parquet, for the pipeline."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kith.partnership.export import export_kith


class Command(BaseCommand):
    help = "Write the export of Kith's people (persons, children, addresses, relationships, episodes, link decisions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="Directory for the Parquet files.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counts = export_kith(options["out"])
        for table, rows in counts.items():
            self.stdout.write(f"{table:<16} {rows:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Exported to {options['out']} in {time.monotonic() - started:.1f} s."))
