"""The engine's figures for now, kept in the process between page loads.

"My work", the child's record and the dashboards show the standards as they stand today, worked
out by the engine. Worked out on every load they would cost most of each page, though nearly all
loads follow no change. So what the engine gives is kept (`kept`), keyed on everything it depends
on: the standards in force, the council's timescales, the day, the scope and who is looking, and
`marks(scope, today)`: the newest stale mark (kith.standards.history) of each child the scope
holds today. Every write of a child's record writes an audit event, whose receiver marks the child
in the write's own transaction, so any change is a new key and the next load works the figures
out again: a visit recorded now shows the standard met on the next page. Marks are never reused:
ids only grow, and `history.forget_old_marks` keeps each child's newest.

The key is read before the figures are worked out, so a write committed in between gives figures
newer than their key (worked out again next time), never older.
"""

# The statements name only the standards' own and the record's tables and bind every value.

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver

from kith.core.plainsql import placeholders
from kith.core.timescales import timescales
from kith.journey.records import rendering
from kith.standards.engine import Scope

KEPT = 2048
_kept: dict[tuple[Any, ...], Any] = {}
T = TypeVar("T")

# The newest mark of the child, and of everyone (a mark without a child): columns to add to a
# query the page makes anyway.
CHILD_MARKS_COLUMNS = (
    "(SELECT MAX(id) FROM standards_stalemark WHERE child_id = %s), "
    "(SELECT MAX(id) FROM standards_stalemark WHERE child_id IS NULL)"
)
# Each child allocated in the scope today, whether the viewer is barred from them (restricted,
# and the viewer not named), and their newest mark; then the newest mark of everyone.
ALLOCATED_MARKS_SQL = """SELECT al.child_id, c.is_restricted AND NOT EXISTS (SELECT 1 FROM people_restrictedaccess ra
    WHERE ra.child_id = al.child_id AND ra.user_id = %s),
  (SELECT MAX(m.id) FROM standards_stalemark m WHERE m.child_id = al.child_id)
FROM journey_allocation al JOIN people_child c ON c.id = al.child_id
WHERE al.{column} IN ({ids}) AND al.starts_on <= %s AND (al.ends_on IS NULL OR al.ends_on > %s)
UNION ALL SELECT NULL, NULL, (SELECT MAX(id) FROM standards_stalemark WHERE child_id IS NULL)"""
# The whole borough: the newest mark of all, and the restricted children the viewer is named on.
BOROUGH_MARKS_SQL = """SELECT NULL, (SELECT MAX(id) FROM standards_stalemark)
UNION ALL SELECT child_id, NULL FROM people_restrictedaccess WHERE user_id = %s"""


def marks(scope: Scope, today: date) -> tuple[Any, ...]:
    """What the engine's figures for `scope` today depend on in the record: one query. For the
    scopes kept here (the borough, teams, a practitioner); one child's record reads its marks with
    the standards in force (CHILD_MARKS_COLUMNS)."""
    assert scope.kind != "children", "one child's marks come with the standards (CHILD_MARKS_COLUMNS)"
    viewer = 0 if scope.include_restricted else (scope.viewer or 0)
    with connection.cursor() as cursor:
        if scope.kind == "borough":
            cursor.execute(BOROUGH_MARKS_SQL, [viewer])
        else:
            column = "team_id" if scope.kind == "teams" else "practitioner_id"
            sql = ALLOCATED_MARKS_SQL.format(column=column, ids=placeholders(scope.ids))
            cursor.execute(sql, [viewer, *scope.ids, today, today])
        rows = cursor.fetchall()
    return (scope, today, *sorted((tuple(row) for row in rows), key=lambda row: (row[0] is None, row[0] or 0)))


def kept(key: tuple[Any, ...], work_out: Callable[[], T]) -> T:
    """What `work_out` gives, kept under `key` (read before calling this) and the rendering
    (language and where links point, which rows' links and markup follow)."""
    full = (connection.vendor, connection.settings_dict["NAME"], timescales(), rendering(), *key)
    found = _kept.get(full)
    if found is None:
        found = work_out()
        if len(_kept) >= KEPT:
            _kept.clear()  # simpler than LRU: a process sees few distinct scopes at once
        _kept[full] = found
    return found  # type: ignore[no-any-return]


def forget_kept() -> None:
    """For tests, whose records are written directly and whose rolled-back ids are used again."""
    _kept.clear()


@receiver(setting_changed)
def _forget_on_settings(**kwargs: object) -> None:
    """Settings only change in tests, which then start afresh (see kith.journey.records)."""
    _kept.clear()
