"""`manage.py load_standards [--file PATH] [--calendar]`: load the practice standards' definition file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kith.standards.loader import DEFINITIONS, DefinitionsRefused, do_fill_calendar, do_load_standards


class Command(BaseCommand):
    help = "Load the practice standards from their definition file; a file with mistakes is refused whole."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFINITIONS, help="The definition file (TOML).")
        parser.add_argument(
            "--calendar", action="store_true", help="Also rebuild the working-day calendar (after new bank holidays)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["calendar"]:
            days = do_fill_calendar(force=True)
            self.stdout.write(f"Calendar rebuilt: {days:,} days.")
        try:
            load = do_load_standards(path=options["file"])
        except DefinitionsRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{options['file']}: {problem}")
            raise CommandError("The definition file was refused; the standards in force are unchanged.") from None
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in load.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded version {load.file_version}: {counts}."))
