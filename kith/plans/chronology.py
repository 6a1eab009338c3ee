"""The plan's arms of the child's chronology: a plan started, changed, an action done, a review
held, a plan closed.

Each arm is a SQL SELECT for the child `%(child)s` returning the chronology's columns
(on_date, kind, a, b, words, seq, rank), which the journey app joins into its one UNION ALL.
The SQL is plain and runs unchanged on SQLite and PostgreSQL. A change that is itself an action
done, a review or the plan closing has its own arm, so the "changed" arm leaves those versions out.
"""

from __future__ import annotations

from kith.core.codes import label_for
from kith.journey.codes import CategoryOfAbuse
from kith.plans.models import PlanKind

STARTED = """
SELECT p.starts_on AS on_date, 'plans_started' AS kind, p.kind AS a, p.category_of_abuse AS b,
       '' AS words, p.created_at AS seq, 6 AS rank
  FROM plans_plan p WHERE p.child_id = %(child)s
"""

CHANGED = """
SELECT v.changed_on AS on_date, 'plans_changed' AS kind, CAST(v.number AS VARCHAR(12)) AS a,
       v.what_changed AS b, '' AS words, v.changed_at AS seq, 7 AS rank
  FROM plans_planversion v JOIN plans_plan p ON p.id = v.plan_id
 WHERE p.child_id = %(child)s AND v.kind = 'changed'
"""

ACTION_DONE = """
SELECT pa.done_on AS on_date, 'plans_action_done' AS kind, pa.owner_name AS a, pa.what AS b,
       '' AS words, pa.created_at AS seq, 7 AS rank
  FROM plans_planaction pa JOIN plans_plan p ON p.id = pa.plan_id
 WHERE p.child_id = %(child)s AND pa.status = 'done' AND pa.done_on IS NOT NULL
"""

REVIEW_HELD = """
SELECT r.held_on AS on_date, 'plans_review_held' AS kind, p.kind AS a, r.summary AS b,
       '' AS words, r.recorded_at AS seq, 6 AS rank
  FROM plans_planreview r JOIN plans_plan p ON p.id = r.plan_id
 WHERE p.child_id = %(child)s
"""

CLOSED = """
SELECT p.ends_on AS on_date, 'plans_closed' AS kind, p.kind AS a, p.end_reason AS b,
       '' AS words, p.created_at AS seq, 8 AS rank
  FROM plans_plan p WHERE p.child_id = %(child)s AND p.ends_on IS NOT NULL
"""

CHRONOLOGY_ARMS: tuple[str, ...] = (STARTED, CHANGED, ACTION_DONE, REVIEW_HELD, CLOSED)


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """A chronology line of the plans app as (title, detail) in plain words."""
    if kind == "plans_started":
        detail = f"Category of abuse: {label_for(CategoryOfAbuse, b)}" if b else ""
        return f"{label_for(PlanKind, a)} started", detail
    if kind == "plans_changed":
        return f"Plan changed (version {a})", b or ""
    if kind == "plans_action_done":
        return "Plan action done", f"{a}: {b}"
    if kind == "plans_review_held":
        return f"{label_for(PlanKind, a)} reviewed", b or ""
    if kind == "plans_closed":
        return f"{label_for(PlanKind, a)} closed", b or ""
    raise ValueError(f"Not a plans chronology kind: {kind}")
