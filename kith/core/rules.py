"""Pure decisions for the core app: who may open a record, and the working-day calendar.

Nothing here touches the database or the clock: callers pass `today` and plain values.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

import holidays

# --- Access -------------------------------------------------------------------------------


class Access(enum.Enum):
    ALLOW = "allow"  # open the record
    NEEDS_REASON = "needs_reason"  # may open it after giving a reason, which is recorded
    NOT_FOUND = "not_found"  # the record does not exist as far as this user can tell


@dataclass(frozen=True)
class Viewer:
    user_id: int
    is_casework: bool  # practitioner, team manager or service manager
    team_id: int | None
    service_team_ids: frozenset[int]  # teams a service manager oversees; empty otherwise
    is_superuser: bool = False


@dataclass(frozen=True)
class RecordFacts:
    team_id: int | None
    lead_practitioner_id: int | None
    is_restricted: bool
    named_user_ids: frozenset[int]


def access_to_record(viewer: Viewer, record: RecordFacts, *, has_reason: bool) -> Access:
    """Decide whether `viewer` may open a child's record.

    Restricted records are seen by the named people only: everyone else gets "not found",
    so a restricted record's existence is never confirmed. Caseworkers see their own team's
    children (service managers their service's) and no one else's. Everyone else - partner
    agencies, analysts, administrators - may open a record after giving a reason.
    """
    if record.is_restricted:
        return Access.ALLOW if viewer.user_id in record.named_user_ids else Access.NOT_FOUND
    if viewer.is_casework:
        if record.lead_practitioner_id == viewer.user_id:
            return Access.ALLOW
        if record.team_id is not None and (
            record.team_id == viewer.team_id or record.team_id in viewer.service_team_ids
        ):
            return Access.ALLOW
        return Access.NOT_FOUND
    return Access.ALLOW if has_reason else Access.NEEDS_REASON


# --- Working days -------------------------------------------------------------------------


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays for `year`, one-off ones and weekend substitutes included.

    From the `holidays` package, which follows the proclamations (royal weddings, jubilees, the
    coronation). Only the weekdays taken off are returned: a Christmas Day on a Saturday is
    replaced by its substitute Monday or Tuesday.
    """
    days = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in days if day.weekday() < 5)


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself is day 0)."""
    step = 1 if days >= 0 else -1
    current, remaining = start, abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=start.day - 1), next_month - timedelta(days=1))


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


# --- Identifiers --------------------------------------------------------------------------


def nhs_number_is_valid(value: str) -> bool:
    """NHS numbers are ten digits whose last is a modulus 11 check digit."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SERIAL_LETTERS = {letter: n for n, letter in enumerate(_UPN_CHECK_LETTERS)}


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a unique pupil number (DfE's method)."""
    total = 0
    for weight, char in zip(range(2, 14), body, strict=True):
        value = int(char) if char.isdigit() else _UPN_SERIAL_LETTERS[char]
        total += weight * value
    return _UPN_CHECK_LETTERS[total % 23]


def upn_is_valid(value: str) -> bool:
    """A UPN is a check letter, a 3-digit LA code, a 4-digit school number, 2 year digits and a
    3-character serial whose last may be a letter (temporary UPNs)."""
    upn = value.strip().upper()
    if len(upn) != 13 or upn[0] not in _UPN_CHECK_LETTERS:
        return False
    body = upn[1:]
    if not body[:11].isdigit() or not (body[11].isdigit() or body[11] in _UPN_SERIAL_LETTERS):
        return False
    return upn_check_letter(body) == upn[0]
