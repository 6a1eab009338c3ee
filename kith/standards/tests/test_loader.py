"""The definition file: loaded whole, or refused whole with each line and reason, the standards in
force left as they were; the working-day calendar; an administrator's change checked the same way."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kith.core.models import User
from kith.core.rules import add_working_days
from kith.standards.actions import do_change_standard
from kith.standards.loader import (
    DEFINITIONS,
    DefinitionsRefused,
    calendar_rows,
    do_load_standards,
    parse_definitions,
)
from kith.standards.models import CalendarDay, DefinitionLoad, Standard

pytestmark = pytest.mark.django_db

GOOD = """version = "test.1"

[[standard]]
code = "T-01"
pillar = "voice"
title = "Seen every 10 working days"
descriptor = "We see the child."
stages = ["cin"]
measure = "every(event = visit_seen, since = stage_start, interval = 10 working_days)"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "standards.toml"
    path.write_text(text)
    return path


def test_the_shipped_file_is_loaded_at_migrate_with_every_issue_standard() -> None:
    """Migrate loaded the repository's file: the council's and the statutory standards, all five pillars."""
    version, definitions = parse_definitions(DEFINITIONS.read_text())
    codes = set(Standard.objects.active().values_list("code", flat=True))
    assert codes == {d.code for d in definitions}
    assert {
        "RN-01",
        "RN-02",
        "VC-01",
        "VC-02",
        "VC-03",
        "AN-01",
        "AN-03",
        "PR-02",
        "PR-03",
        "PR-08",
        "VC-06",
        "MO-01",
        "MO-02",
    } <= codes
    assert set(Standard.objects.values_list("pillar", flat=True)) == {
        "voice",
        "relationships",
        "assessment",
        "planning",
        "oversight",
    }
    assert DefinitionLoad.objects.filter(is_accepted=True, file_version=version).exists()


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (('pillar = "voice"', 'pillar = "vibes"'), 5, "'vibes' is not a pillar"),
        (('stages = ["cin"]', 'stages = ["cin", "limbo"]'), 8, "'limbo' is not a stage"),
        (("interval = 10 working_days", "interval = 10 working_dayz"), 9, "'working_dayz' is not a unit"),
        (("visit_seen", "visit_sene"), 9, "'visit_sene' is not a known event"),
        (('code = "T-01"', 'code = "t01"'), 4, "must be capital letters"),
        (('title = "Seen every 10 working days"', 'titel = "Seen"'), 6, "'titel' is not a field of a standard"),
        (('title = "Seen every 10 working days"\n', ""), 3, "The standard has no 'title'"),
        (('version = "test.1"', 'version = "test.1'), 1, "The file is not valid TOML"),
        (('stages = ["cin"]', 'stages = ["cin"]\nages = [12, 3]'), 9, "'ages' must be [youngest, oldest]"),
        (
            ('stages = ["cin"]', 'stages = ["cin"]\nmissing_step = "nowhere:at-all"'),
            9,
            "'nowhere:at-all' is not a page",
        ),
    ],
)
def test_a_bad_file_is_refused_with_the_line_and_the_old_definitions_stay(
    tmp_path: Path, change: tuple[str, str], line: int, reason: str
) -> None:
    before = list(Standard.objects.order_by("code").values_list("code", "measure", "version", "is_active"))
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(DefinitionsRefused) as refused:
        do_load_standards(path=path)
    problems = refused.value.problems
    assert any(p.line == line and reason in p.reason for p in problems), problems
    assert list(Standard.objects.order_by("code").values_list("code", "measure", "version", "is_active")) == before
    load = DefinitionLoad.objects.order_by("-pk").first()
    assert load is not None and not load.is_accepted and load.errors


def test_a_code_used_twice_is_refused_at_its_second_line(tmp_path: Path) -> None:
    with pytest.raises(DefinitionsRefused) as refused:
        do_load_standards(path=write(tmp_path, GOOD + GOOD.split("\n", 2)[2]))
    assert [(p.line, p.reason) for p in refused.value.problems] == [
        (11, "The code T-01 is used twice (first at line 4)")
    ]


def test_a_good_file_replaces_the_standards_and_switches_off_the_rest(tmp_path: Path, alice: User) -> None:
    load = do_load_standards(path=write(tmp_path, GOOD), by=alice)
    assert load.is_accepted and load.file_version == "test.1"
    assert list(Standard.objects.active().values_list("code", flat=True)) == ["T-01"]
    assert Standard.objects.filter(code="RN-01", is_active=False).exists()  # switched off, never deleted
    again = do_load_standards(path=write(tmp_path, GOOD.replace("We see the child.", "We see the child often.")))
    assert again.counts == {"added": 0, "changed": 1, "unchanged": 0, "switched_off": 0}
    assert Standard.objects.get(code="T-01").version == 2


def test_an_administrators_change_is_checked_like_the_file(alice: User) -> None:
    standard = Standard.objects.get(code="VC-02")
    version = standard.version
    with pytest.raises(DefinitionsRefused) as refused:
        do_change_standard(standard=standard, changes={"measure": "every(event = visit_seen)"}, by=alice)
    assert "every needs interval, since" in str(refused.value)
    changed = do_change_standard(
        standard=standard,
        changes={"measure": "every(event = visit_seen, since = stage_start, interval = 15 working_days)"},
        by=alice,
    )
    assert changed.version == version + 1
    assert changed.changed_by == alice


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 23), date(2026, 12, 24), date(2026, 12, 26), date(2027, 4, 1), date(2025, 5, 2), date(2023, 5, 5)],
)
def test_the_calendar_counts_working_days_as_the_core_rules_do(day: date) -> None:
    """Christmas, Easter, the early May bank holiday and the coronation's extra day: the calendar's
    running working-day numbers give the same day as kith.core.rules.add_working_days."""
    rows = {row.day: row for row in CalendarDay.objects.filter(day__range=(date(2023, 4, 1), date(2027, 6, 1)))}
    for n in (1, 2, 5, 10, 15, 20):
        expected = add_working_days(day, n)
        found = next(
            r.day for r in rows.values() if r.is_working_day and r.working_number == rows[day].working_number + n
        )
        assert found == expected


def test_calendar_rows_number_every_day() -> None:
    rows = calendar_rows(date(2024, 2, 27), date(2024, 3, 4))
    assert [r.day_number for r in rows] == list(range(7))
    assert [r.days_in_month for r in rows][:3] == [29, 29, 29]
    assert [r.is_working_day for r in rows] == [True, True, True, True, False, False, True]
