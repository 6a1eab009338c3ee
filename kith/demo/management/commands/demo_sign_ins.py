"""`manage.py demo_sign_ins`: one demo sign-in per role, printed as a table. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from kith.demo.actions import do_ensure_demo_sign_ins


class Command(BaseCommand):
    help = "Make sure there is one demo sign-in per role and print them."

    def handle(self, *args: Any, **options: Any) -> None:
        sign_ins = do_ensure_demo_sign_ins(today=timezone.localdate())
        rows = [("Username", "Password", "Role", "Team")]
        rows += [(s.username, s.password, s.role, s.team or "-") for s in sign_ins]
        widths = [max(len(row[n]) for row in rows) for n in range(4)]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
