"""Loading the standards from the definition file, checking them, and the working-day calendar.

The file is checked whole before anything changes: one wrong line and the file is refused with
every problem found (its line and the reason), recorded as a refused `DefinitionLoad`, and the
standards in force stay as they were. A file Kith has already loaded (same checksum) is not
loaded again, so an administrator's changes in the admin last until the file itself changes.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, User
from kith.core.rules import is_working_day
from kith.journey.codes import Stage
from kith.standards.measures import MeasureError, parse_measure
from kith.standards.models import CalendarDay, DefinitionLoad, Pillar, StaleMark, Standard

DEFINITIONS = Path(__file__).resolve().parent / "definitions" / "standards.toml"
CALENDAR_FROM = date(2000, 1, 1)
CALENDAR_TO = date(2040, 12, 31)
CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
MOST_AGE = 25
REQUIRED = ("code", "pillar", "title", "descriptor", "stages", "measure")
OPTIONAL = ("ages", "due_soon", "evidence", "missing_step", "source", "active")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


class DefinitionsRefused(Exception):
    """The definitions cannot be used: every problem found, with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Definition:
    """One standard as the file defines it, checked."""

    code: str
    pillar: str
    title: str
    descriptor: str
    stages: list[str]
    measure: str
    min_age: int = 0
    max_age: int = MOST_AGE
    due_soon_working_days: int = 5
    evidence_url: str = ""
    missing_url: str = ""
    source: str = ""
    is_active: bool = True
    position: int = 0
    problems: list[Problem] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        return {
            "pillar": self.pillar,
            "title": self.title,
            "descriptor": self.descriptor,
            "stages": self.stages,
            "measure": self.measure,
            "min_age": self.min_age,
            "max_age": self.max_age,
            "due_soon_working_days": self.due_soon_working_days,
            "evidence_url": self.evidence_url,
            "missing_url": self.missing_url,
            "source": self.source,
            "is_active": self.is_active,
            "position": self.position,
        }


# --- Checking -------------------------------------------------------------------------------------


class _Lines:
    """Finds the line a key is on, for messages: tomllib gives values, not positions."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.blocks = [n for n, line in enumerate(self.lines, 1) if re.match(r"^\s*\[\[\s*standard\s*\]\]", line)]

    def block(self, index: int) -> int:
        return self.blocks[index] if index < len(self.blocks) else 1

    def key(self, index: int, key: str) -> int:
        start = self.block(index)
        end = self.blocks[index + 1] if index + 1 < len(self.blocks) else len(self.lines) + 1
        for n in range(start, end):
            if re.match(rf"^\s*{re.escape(key)}\s*=", self.lines[n - 1]):
                return n
        return start

    def top(self, key: str) -> int:
        first = self.blocks[0] if self.blocks else len(self.lines) + 1
        for n in range(1, first):
            if re.match(rf"^\s*{re.escape(key)}\s*=", self.lines[n - 1]):
                return n
        return 1


def _url_problem(name: str) -> str | None:
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return f"'{name}' is not a page of Kith that takes the child's id"
    return None


def check_standard(raw: dict[str, Any], *, line_of: Any, position: int = 0) -> Definition:
    """Check one standard's fields; problems are collected on the result, each with its line."""
    problems: list[Problem] = []

    def problem(key: str, reason: str) -> None:
        problems.append(Problem(line_of(key), reason))

    for key in raw:
        if key not in REQUIRED and key not in OPTIONAL:
            problem(key, f"'{key}' is not a field of a standard: use {', '.join(REQUIRED + OPTIONAL)}")
    for key in REQUIRED:
        if key not in raw:
            problem(key, f"The standard has no '{key}'")
    text = {k: raw.get(k) for k in ("code", "pillar", "title", "descriptor", "measure", "source")}
    for key, value in text.items():
        if value is not None and not isinstance(value, str):
            problem(key, f"'{key}' must be text")
    code = raw.get("code") if isinstance(raw.get("code"), str) else ""
    if code and not CODE.match(code):
        problem("code", f"The code '{code}' must be capital letters and digits, joined by hyphens, like RN-01")
    pillar = raw.get("pillar")
    if isinstance(pillar, str) and pillar not in Pillar.values:
        problem("pillar", f"'{pillar}' is not a pillar: use {', '.join(Pillar.values)}")
    stages = raw.get("stages", [])
    if not isinstance(stages, list) or not stages or not all(isinstance(s, str) for s in stages):
        problem("stages", "'stages' must be a list of one or more stages")
        stages = []
    for stage in stages:
        if stage not in Stage.values:
            problem("stages", f"'{stage}' is not a stage: use {', '.join(Stage.values)}")
    ages = raw.get("ages", [0, MOST_AGE])
    if not (
        isinstance(ages, list)
        and len(ages) == 2
        and all(isinstance(a, int) and not isinstance(a, bool) for a in ages)
        and 0 <= ages[0] <= ages[1] <= MOST_AGE
    ):
        problem("ages", f"'ages' must be [youngest, oldest], whole years from 0 to {MOST_AGE}, youngest first")
        ages = [0, MOST_AGE]
    due_soon = raw.get("due_soon", 5)
    if not isinstance(due_soon, int) or isinstance(due_soon, bool) or not 1 <= due_soon <= 60:
        problem("due_soon", "'due_soon' must be a whole number of working days from 1 to 60")
        due_soon = 5
    measure: str = raw["measure"] if isinstance(raw.get("measure"), str) else ""
    if measure:
        try:
            parse_measure(measure)
        except MeasureError as error:
            where = f" (column {error.column} of the measure)" if error.column else ""
            problem("measure", f"{error.reason}{where}")
    urls = {"evidence": raw.get("evidence", ""), "missing_step": raw.get("missing_step", "")}
    for key, name in urls.items():
        if name and (not isinstance(name, str) or (reason := _url_problem(name))):
            problem(key, reason if isinstance(name, str) and reason else f"'{key}' must be a URL name")
    active = raw.get("active", True)
    if not isinstance(active, bool):
        problem("active", "'active' must be true or false")
    return Definition(
        code=code or "",
        pillar=str(pillar or ""),
        title=str(text["title"] or "").strip(),
        descriptor=str(text["descriptor"] or "").strip(),
        stages=list(stages),
        measure=" ".join(measure.split()),
        min_age=ages[0],
        max_age=ages[1],
        due_soon_working_days=due_soon,
        evidence_url=str(urls["evidence"] or ""),
        missing_url=str(urls["missing_step"] or ""),
        source=str(text["source"] or ""),
        is_active=active is not False,
        position=position,
        problems=problems,
    )


def parse_definitions(text: str) -> tuple[str, list[Definition]]:
    """The file's version and its standards, or DefinitionsRefused with every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise DefinitionsRefused(
            [Problem(int(match[1]) if match else 1, f"The file is not valid TOML: {error}")]
        ) from None
    lines = _Lines(text)
    problems: list[Problem] = []
    for key in data:
        if key not in ("version", "standard"):
            problems.append(Problem(lines.top(key), f"'{key}' is not allowed here: use version and [[standard]]"))
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append(Problem(lines.top("version"), 'The file needs a version, like version = "2026.1"'))
        version = ""
    raw = data.get("standard", [])
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(1, "The file has no [[standard]]"))
        raw = []
    definitions: list[Definition] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        definition = check_standard(item, line_of=lambda key, i=index: lines.key(i, key), position=index + 1)
        problems += definition.problems
        if definition.code in seen:
            problems.append(
                Problem(
                    lines.key(index, "code"),
                    f"The code {definition.code} is used twice (first at line {seen[definition.code]})",
                )
            )
        elif definition.code:
            seen[definition.code] = lines.key(index, "code")
        definitions.append(definition)
    if problems:
        raise DefinitionsRefused(sorted(problems, key=lambda p: p.line))
    return version.strip(), definitions


# --- Loading --------------------------------------------------------------------------------------


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def do_load_standards(*, path: Path = DEFINITIONS, by: User | None = None) -> DefinitionLoad:
    """Load the definition file: all of it, or, if any line is wrong, none of it (the refusal is
    recorded, with every problem, and DefinitionsRefused raised). Standards no longer in the
    file are switched off, never deleted."""
    text = path.read_text(encoding="utf-8")
    now = timezone.now()
    try:
        version, definitions = parse_definitions(text)
    except DefinitionsRefused as refused:
        with transaction.atomic():
            DefinitionLoad.objects.create(
                at=now,
                by=by,
                path=str(path),
                checksum=checksum(text),
                is_accepted=False,
                errors=[{"line": p.line, "reason": p.reason} for p in refused.problems],
            )
            if by is not None:  # a load at migrate is recorded by its DefinitionLoad alone
                record_audit_event(
                    user=by,
                    action=AuditAction.REFUSED,
                    child_id=None,
                    object_type="standards",
                    detail={"path": str(path)},
                )
        raise
    with transaction.atomic():
        counts = _apply(definitions, version=version, by=by, now=now)
        load = DefinitionLoad.objects.create(
            at=now,
            by=by,
            path=str(path),
            file_version=version,
            checksum=checksum(text),
            is_accepted=True,
            counts=counts,
        )
        if by is not None:
            record_audit_event(
                user=by,
                action=AuditAction.UPDATE,
                child_id=None,
                object_type="standards",
                object_id=load.pk,
                detail={"version": version, **counts},
            )
    return load


def _apply(definitions: list[Definition], *, version: str, by: User | None, now: Any) -> dict[str, int]:
    existing = {s.code: s for s in Standard.objects.select_for_update()}
    counts = {"added": 0, "changed": 0, "unchanged": 0, "switched_off": 0}
    for definition in definitions:
        values = definition.values()
        standard = existing.pop(definition.code, None)
        if standard is None:
            Standard.objects.create(code=definition.code, file_version=version, changed_by=by, changed_at=now, **values)
            counts["added"] += 1
        elif any(getattr(standard, k) != v for k, v in values.items()):
            Standard.objects.filter(pk=standard.pk).update(
                version=standard.version + 1, file_version=version, changed_by=by, changed_at=now, **values
            )
            counts["changed"] += 1
        else:
            Standard.objects.filter(pk=standard.pk).update(file_version=version)
            counts["unchanged"] += 1
    gone = [s.pk for s in existing.values() if s.is_active]
    counts["switched_off"] = Standard.objects.filter(pk__in=gone).update(is_active=False, changed_at=now)
    return counts


# --- The calendar ---------------------------------------------------------------------------------


def calendar_rows(start: date = CALENDAR_FROM, end: date = CALENDAR_TO) -> list[CalendarDay]:
    """Every day from `start` to `end` with its running day, working-day and month numbers."""
    rows: list[CalendarDay] = []
    working = 0
    day = start
    number = 0
    while day <= end:
        is_working = is_working_day(day)
        working += is_working
        next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        rows.append(
            CalendarDay(
                day=day,
                day_number=number,
                working_number=working,
                is_working_day=is_working,
                month_number=day.year * 12 + day.month - 1,
                day_of_month=day.day,
                days_in_month=(next_month - timedelta(days=1)).day,
            )
        )
        day += timedelta(days=1)
        number += 1
    return rows


def do_fill_calendar(*, using: str = "default", force: bool = False) -> int:
    """Fill the calendar if it is missing days (or, with `force`, afresh: after the holidays
    package learns of a new bank holiday). Returns the days written."""
    expected = (CALENDAR_TO - CALENDAR_FROM).days + 1
    days = CalendarDay.objects.using(using)
    if not force and days.count() == expected:
        return 0
    with transaction.atomic(using=using):
        days.all().delete()
        CalendarDay.objects.using(using).bulk_create(calendar_rows(), batch_size=2000)
        # A new bank holiday moves due dates: every kept month end is worked out again.
        StaleMark.objects.using(using).create(child=None, stale_from=date(1900, 1, 1), marked_at=timezone.now())
    return expected


def ensure_loaded(*, using: str = "default") -> None:
    """After migrate: the calendar filled, and the definition file loaded if it changed since it
    was last loaded. A file with mistakes is recorded as refused; migrate carries on."""
    do_fill_calendar(using=using)
    text = DEFINITIONS.read_text(encoding="utf-8")
    last = DefinitionLoad.objects.using(using).filter(is_accepted=True).order_by("-at", "-pk").first()
    if last is not None and last.checksum == checksum(text) and Standard.objects.using(using).exists():
        return
    try:
        do_load_standards()
    except DefinitionsRefused as refused:
        logger.warning("The standards definition file was refused: %s", refused)
