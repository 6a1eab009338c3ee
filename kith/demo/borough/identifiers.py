"""Identifiers: primary keys per table, synthetic NHS numbers and unique pupil numbers."""

from __future__ import annotations

from collections.abc import Mapping

from kith.core.rules import upn_check_letter
from kith.demo.borough.rows import TABLES

NHS_STRIDE = 7919  # coprime with 10**6, so person ids map to distinct NHS numbers below a million


def nhs_number_for(n: int) -> str:
    """A synthetic NHS number in the 999 test range, or "" where the check digit would be 10."""
    body = f"999{(n * NHS_STRIDE) % 1_000_000:06d}"
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "" if check == 10 else body + str(check)


def upn_for(la_code: str, school: int, year: int, serial: int) -> str:
    body = f"{la_code}{school:04d}{year % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


class Ids:
    """Next primary key per table, from the first free id the caller found."""

    def __init__(self, first: Mapping[str, int]) -> None:
        self._next = {table: first.get(table, 1) for table in TABLES}

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value
