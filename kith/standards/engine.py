"""The standards engine: every standard for every child in a scope, on one or more dates, in one
SQL statement.

The statement is generated from the standards' measures (kith.standards.measures):

- `dates`: the dates evaluated ("as of"), one row each, with the bounds the rules need that
  day (the end of each "due soon" window, the birthdays that make a child old enough);
- `pop`: one row per child and date: the children open that day in the scope (the team or
  practitioner from the allocation open that day), with the stage they were at and when it began;
- one common table for each anchor (when the clock starts), event (what counts as evidence),
  condition and collection the standards use, each keyed on (child, date);
- one SELECT per standard, joined to those and to the working-day calendar (`CalendarDay`) for
  its date arithmetic, giving met / due soon / overdue with the due date; the SELECTs are joined
  with UNION ALL. Children a standard does not apply to get no row (not applicable).

Nothing loops over children in Python, and the same statement runs on SQLite and PostgreSQL.
Evaluating on past dates reads the record as it stands now (a visit recorded late counts on the
day it happened); relationships and households are read as they are now.
"""

# The statement is built from the standards' checked measures: every name in it comes from this
# module's own tables and every number from a parsed definition or the council's timescales;
# values from requests are bound as parameters, never spliced in.
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from django.db import connection

from kith.core.rules import add_months, add_working_days
from kith.core.timescales import Timescales, timescales
from kith.journey.codes import SOCIAL_CARE_STAGES, Stage
from kith.standards.measures import AllOf, Every, Exists, Interval, Measure, Within, parse_measure

CAL = "standards_calendarday"
JIT = "on"  # PostgreSQL's default, put back after the statement
SOCIAL_CARE = tuple(sorted(str(s) for s in SOCIAL_CARE_STAGES))
INVOLVED = tuple(sorted(str(s) for s in Stage if s != Stage.CONTACT))
SIBLING_KINDS = ("half_sibling", "sibling", "step_sibling")
DECISION_MEETINGS = ("cin_review", "initial_cp_conference", "looked_after_review", "review_cp_conference")
CONFERENCES = ("initial_cp_conference", "review_cp_conference")


@dataclass(frozen=True)
class Spec:
    """A standard as the engine needs it."""

    code: str
    measure: Measure
    stages: tuple[str, ...]
    min_age: int = 0
    max_age: int = 25
    due_soon_working_days: int = 5

    @classmethod
    def of(cls, standard: Any) -> Spec:
        return cls.from_key(cls.key(standard))

    @staticmethod
    def key(standard: Any) -> tuple[Any, ...]:
        """The fields of a `Standard` the spec is made from, hashable."""
        return (
            standard.code,
            standard.measure,
            tuple(standard.stages),
            standard.min_age,
            standard.max_age,
            standard.due_soon_working_days,
        )

    @classmethod
    def from_key(cls, key: tuple[Any, ...]) -> Spec:
        code, measure, stages, min_age, max_age, due_soon = key
        return cls(code, parse_measure(measure), stages, min_age, max_age, due_soon)


ScopeKind = Literal["borough", "teams", "practitioner", "children"]


@dataclass(frozen=True)
class Scope:
    """Whose children: the whole borough, some teams (a service is its teams), one
    practitioner's allocations, or a list of children. Restricted records are left out unless
    the viewer (`viewer`, a user's id) is named on them, or `include_restricted` (the benchmark,
    the tests, a record page whose access is already checked)."""

    kind: ScopeKind = "borough"
    ids: tuple[int, ...] = ()
    viewer: int | None = None
    include_restricted: bool = False


@dataclass(frozen=True)
class Result:
    child_id: int
    as_of: date
    code: str
    status: str  # Status values: met, due_soon, overdue
    due_on: date | None
    evidence_on: date | None
    name: str = field(default="", compare=False)


# --- Pure helpers ---------------------------------------------------------------------------------


def birthday_cutoff(on: date, years: int) -> date:
    """The latest date of birth of a child who is at least `years` old on `on` (29 February
    falls back to the 28th, as `age_on` counts it)."""
    return add_months(on, -12 * years)


@dataclass(frozen=True)
class DateColumns:
    """The per-date bounds a set of standards needs: due-soon windows and age cutoffs."""

    soon: tuple[int, ...]
    ages: tuple[int, ...]

    @property
    def names(self) -> list[str]:
        return ["as_of", *(f"soon_{n}" for n in self.soon), *(f"born_by_{a}" for a in self.ages)]

    def values(self, on: date) -> list[date]:
        return [on, *(add_working_days(on, n) for n in self.soon), *(birthday_cutoff(on, a) for a in self.ages)]


def date_columns(specs: Sequence[Spec]) -> DateColumns:
    soon = sorted({s.due_soon_working_days for s in specs})
    ages = sorted({s.min_age for s in specs if s.min_age > 0} | {s.max_age + 1 for s in specs})
    return DateColumns(tuple(soon), tuple(ages))


# --- SQL pieces -----------------------------------------------------------------------------------


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _shift(base: str, interval: tuple[str, int], alias: str) -> str:
    """A LEFT JOIN of the calendar as `alias`: the day `interval` after the calendar row `base`."""
    unit, n = interval
    if unit == "working_days":
        on = f"{alias}.working_number = {base}.working_number + {n} AND {alias}.is_working_day = TRUE"
    elif unit in ("days", "weeks"):
        on = f"{alias}.day_number = {base}.day_number + {n * 7 if unit == 'weeks' else n}"
    else:
        on = (
            f"{alias}.month_number = {base}.month_number + {n} AND {alias}.day_of_month = "
            f"CASE WHEN {base}.day_of_month < {alias}.days_in_month THEN {base}.day_of_month "
            f"ELSE {alias}.days_in_month END"
        )
    return f"LEFT JOIN {CAL} {alias} ON {on}"


def _day(expr: str, alias: str) -> str:
    return f"LEFT JOIN {CAL} {alias} ON {alias}.day = {expr}"


def _islands(name: str, stages: Sequence[str]) -> str:
    """The start of the child's current continuous run of episodes in `stages`, on each date:
    the latest episode start that no earlier episode reaches, while one of them is open."""
    st = _in(stages)
    return f"""i_{name} AS (
  SELECT e.child_id, e.starts_on FROM journey_episode e
  WHERE e.stage IN {st} AND <<kids:e.child_id>>
    AND NOT EXISTS (SELECT 1 FROM journey_episode e2 WHERE e2.child_id = e.child_id AND <<kids_only:e2.child_id>>
      AND e2.stage IN {st}
      AND e2.starts_on < e.starts_on AND (e2.ends_on IS NULL OR e2.ends_on >= e.starts_on))
),
a_{name} AS (
  SELECT p.child_id, p.as_of, MAX(i.starts_on) AS day FROM pop p
  JOIN i_{name} i ON i.child_id = p.child_id AND i.starts_on <= p.as_of
  WHERE EXISTS (SELECT 1 FROM journey_episode e WHERE e.child_id = p.child_id AND <<kids_only:e.child_id>>
    AND e.stage IN {st}
    AND e.starts_on <= p.as_of AND (e.ends_on IS NULL OR e.ends_on > p.as_of))
  GROUP BY p.child_id, p.as_of
)"""


def _held(kinds: Sequence[str]) -> str:
    return f"m.kind IN {_in(kinds)} AND m.status = 'held'"


ANCHOR_NEEDS: dict[str, tuple[str, ...]] = {
    "strategy_discussion": ("opened",),
    "initial_conference": ("opened",),
    "latest_decision": ("involved",),
}


def _anchor_sql(name: str) -> str:
    if name == "opened":
        return _islands("opened", SOCIAL_CARE)
    if name == "involved":
        return _islands("involved", INVOLVED)
    if name == "stage_start":
        return "a_stage_start AS (SELECT child_id, as_of, stage_start AS day FROM pop)"
    if name == "strategy_discussion":
        return f"""a_strategy_all AS (
  SELECT p.child_id, p.as_of, MAX(m.held_on) AS day FROM pop p
  JOIN a_opened o ON o.child_id = p.child_id AND o.as_of = p.as_of
  JOIN meetings_meeting m ON m.child_id = p.child_id AND <<kids_only:m.child_id>> AND {_held(["strategy_discussion"])}
    AND m.held_on >= o.day AND m.held_on <= p.as_of
  GROUP BY p.child_id, p.as_of
),
a_strategy_discussion AS (
  SELECT s.child_id, s.as_of, s.day FROM a_strategy_all s
  WHERE NOT EXISTS (SELECT 1 FROM meetings_meeting m WHERE m.child_id = s.child_id AND <<kids_only:m.child_id>>
    AND {_held(["section_47_outcome"])} AND m.held_on >= s.day AND m.held_on <= s.as_of
    AND m.s47_outcome <> '' AND m.s47_outcome <> 'conference')
)"""
    if name == "initial_conference":
        return f"""a_initial_conference AS (
  SELECT p.child_id, p.as_of, MAX(m.held_on) AS day FROM pop p
  JOIN a_opened o ON o.child_id = p.child_id AND o.as_of = p.as_of
  JOIN meetings_meeting m ON m.child_id = p.child_id AND <<kids_only:m.child_id>> AND {_held(["initial_cp_conference"])}
    AND m.cp_decision = 'plan' AND m.held_on >= o.day AND m.held_on <= p.as_of
  GROUP BY p.child_id, p.as_of
)"""
    if name == "latest_decision":
        # Two groupings joined on their indexes, rather than one over a union, which SQLite
        # cannot index: the latest authorised assessment and the latest decision meeting.
        return f"""d_assessed AS (
  SELECT p.child_id, p.as_of, MAX(a.authorised_on) AS day FROM pop p
  JOIN a_involved o ON o.child_id = p.child_id AND o.as_of = p.as_of
  JOIN assessments_assessment a ON a.child_id = p.child_id AND <<kids_only:a.child_id>> AND a.status = 'authorised'
    AND a.authorised_on >= o.day AND a.authorised_on <= p.as_of
  GROUP BY p.child_id, p.as_of
),
d_decided AS (
  SELECT p.child_id, p.as_of, MAX(m.held_on) AS day FROM pop p
  JOIN a_involved o ON o.child_id = p.child_id AND o.as_of = p.as_of
  JOIN meetings_meeting m ON m.child_id = p.child_id AND <<kids_only:m.child_id>> AND {_held(DECISION_MEETINGS)}
    AND m.held_on >= o.day AND m.held_on <= p.as_of
  GROUP BY p.child_id, p.as_of
),
a_latest_decision AS (
  SELECT p.child_id, p.as_of,
    CASE WHEN x.day IS NULL THEN y.day WHEN y.day IS NULL THEN x.day WHEN x.day > y.day THEN x.day ELSE y.day END AS day
  FROM pop p
  LEFT JOIN d_assessed x ON x.child_id = p.child_id AND x.as_of = p.as_of
  LEFT JOIN d_decided y ON y.child_id = p.child_id AND y.as_of = p.as_of
  WHERE x.day IS NOT NULL OR y.day IS NOT NULL
)"""
    if name == "plan_start":
        return """a_plan_start AS (
  SELECT p.child_id, p.as_of, MAX(pl.starts_on) AS day FROM pop p
  JOIN plans_plan pl ON pl.child_id = p.child_id AND <<kids_only:pl.child_id>> AND pl.starts_on <= p.as_of
    AND (pl.ends_on IS NULL OR pl.ends_on > p.as_of)
  GROUP BY p.child_id, p.as_of
)"""
    raise KeyError(name)


def _meeting_event(kind: str) -> str:
    return f"""SELECT m.child_id, m.held_on AS day FROM meetings_meeting m
  WHERE {_held([kind])} AND <<kids:m.child_id>>"""


EVENT_SQL: dict[str, str] = {
    "visit_seen": """SELECT v.child_id, v.visited_on AS day FROM journey_visit v
  WHERE v.child_seen IN ('seen', 'seen_alone') AND <<kids:v.child_id>>""",
    "visit_seen_alone": """SELECT v.child_id, v.visited_on AS day FROM journey_visit v
  WHERE v.child_seen = 'seen_alone' AND <<kids:v.child_id>>""",
    "child_words": """SELECT v.child_id, v.visited_on AS day FROM journey_visit v
  WHERE v.child_words <> '' AND v.child_seen <> 'not_seen' AND <<kids:v.child_id>>
  UNION ALL
  SELECT w.child_id, w.said_on FROM voice_childview w WHERE <<kids:w.child_id>>""",
    "family_network_meeting": _meeting_event("family_network_meeting"),
    "strategy_discussion": _meeting_event("strategy_discussion"),
    "initial_conference": _meeting_event("initial_cp_conference"),
    "core_group": _meeting_event("core_group"),
    "review_conference": _meeting_event("review_cp_conference"),
    "cin_review": _meeting_event("cin_review"),
    "looked_after_review": _meeting_event("looked_after_review"),
    "assessment_completed": """SELECT a.child_id, a.authorised_on AS day FROM assessments_assessment a
  WHERE a.kind = 'child_and_family' AND a.status = 'authorised' AND a.authorised_on IS NOT NULL
    AND <<kids:a.child_id>>""",
    "early_help_assessment_completed": """SELECT a.child_id, a.authorised_on AS day FROM assessments_assessment a
  WHERE a.kind = 'early_help' AND a.status = 'authorised' AND a.authorised_on IS NOT NULL
    AND <<kids:a.child_id>>""",
    "plan_review": """SELECT pl.child_id, r.held_on AS day FROM plans_planreview r
  JOIN plans_plan pl ON pl.id = r.plan_id WHERE <<kids:pl.child_id>>""",
    "explanation_to_child": """SELECT x.child_id, x.given_on AS day FROM voice_explanation x
  WHERE x.audience = 'child' AND x.status = 'given' AND x.given_on IS NOT NULL
    AND <<kids:x.child_id>>""",
    "genogram_review": """SELECT g.child_id, g.reviewed_on AS day FROM people_genogramreview g
  WHERE <<kids:g.child_id>>""",
    "management_oversight": """SELECT o.child_id, o.recorded_on AS day FROM standards_managementoversight o
  WHERE <<kids:o.child_id>>""",
    "supervision": """SELECT s.child_id, s.held_on AS day FROM standards_casesupervision s
  WHERE <<kids:s.child_id>>
  UNION ALL
  SELECT gc.child_id, g.held_on FROM standards_groupsupervision_children gc
  JOIN standards_groupsupervision g ON g.id = gc.groupsupervision_id
  WHERE <<kids:gc.child_id>>""",
}

_NOT_ADOPTED = "r.kind = 'parent' AND r.nature NOT IN ('adoptive', 'legal')"
_SEX = (
    "CASE WHEN q.gender = 'man' THEN 'male' WHEN q.gender = 'woman' THEN 'female' "
    "WHEN q.gender IN ('non_binary', 'other') THEN 'other' WHEN q.sex = '1' THEN 'male' "
    "WHEN q.sex = '2' THEN 'female' ELSE 'unknown' END"
)


def _genogram_sql() -> str:
    """The genogram minimum of kith.people.family_rules.genogram_status, for every child at once:
    each parent's side explored (a parent recorded with their own parent or a brother or sister,
    or a review saying the side was explored), brothers and sisters recorded (or none, by a
    review), and the household recorded."""
    sibs = _in(SIBLING_KINDS)
    return f"""g_people AS (
  SELECT DISTINCT c.person_id FROM pop p JOIN people_child c ON c.id = p.child_id AND <<kids_only:c.id>>
),
g_near AS (
  SELECT r.from_person_id, r.to_person_id, r.kind, r.nature FROM people_relationship r
  WHERE r.kind IN ('parent', {sibs[1:-1]}) AND (<<people:r.to_person_id>> OR <<people:r.from_person_id>>)
),
g_parent AS (
  SELECT r.to_person_id AS person_id, r.from_person_id AS parent_id, {_SEX} AS sex
  FROM g_near r JOIN people_person q ON q.id = r.from_person_id AND <<parents_only:q.id>>
  WHERE {_NOT_ADOPTED} AND <<people:r.to_person_id>>
),
g_far AS (
  SELECT r.from_person_id, r.to_person_id, r.kind, r.nature FROM people_relationship r
  WHERE r.kind IN ('parent', {sibs[1:-1]}) AND (<<parents:r.to_person_id>> OR <<parents:r.from_person_id>>)
),
g_parent_family AS (
  SELECT r.to_person_id AS parent_id FROM g_far r WHERE {_NOT_ADOPTED} AND <<parents:r.to_person_id>>
  UNION
  SELECT r.from_person_id FROM g_far r WHERE r.kind IN {sibs} AND <<parents:r.from_person_id>>
  UNION
  SELECT r.to_person_id FROM g_far r WHERE r.kind IN {sibs} AND <<parents:r.to_person_id>>
),
g_sides AS (
  SELECT gp.person_id,
    MAX(CASE WHEN gp.sex = 'female' AND f.parent_id IS NOT NULL THEN 1 ELSE 0 END) AS mothers,
    MAX(CASE WHEN gp.sex = 'male' AND f.parent_id IS NOT NULL THEN 1 ELSE 0 END) AS fathers
  FROM g_parent gp LEFT JOIN g_parent_family f ON f.parent_id = gp.parent_id
  GROUP BY gp.person_id
),
g_siblings AS (
  SELECT a.person_id FROM g_parent a
  JOIN g_far r ON r.from_person_id = a.parent_id AND {_NOT_ADOPTED} AND r.to_person_id <> a.person_id
  UNION
  SELECT r.from_person_id FROM g_near r WHERE r.kind IN {sibs} AND <<people:r.from_person_id>>
  UNION
  SELECT r.to_person_id FROM g_near r WHERE r.kind IN {sibs} AND <<people:r.to_person_id>>
),
g_household AS (
  SELECT DISTINCT hm.person_id FROM people_householdmember hm
  WHERE hm.ends_on IS NULL AND <<people:hm.person_id>>
),
g_review AS (
  SELECT x.child_id, x.as_of, x.mothers_side_explored, x.fathers_side_explored, x.no_siblings FROM (
    SELECT p.child_id, p.as_of, g.mothers_side_explored, g.fathers_side_explored, g.no_siblings,
      ROW_NUMBER() OVER (PARTITION BY p.child_id, p.as_of ORDER BY g.reviewed_on DESC, g.id DESC) AS n
    FROM pop p JOIN people_genogramreview g ON g.child_id = p.child_id AND <<kids_only:g.child_id>>
      AND g.reviewed_on <= p.as_of
  ) x WHERE x.n = 1
),
c_genogram_minimum AS (
  SELECT p.child_id, p.as_of,
    CASE WHEN (gr.mothers_side_explored = TRUE OR gs.mothers = 1)
      AND (gr.fathers_side_explored = TRUE OR gs.fathers = 1)
      AND (gr.no_siblings = TRUE OR sb.person_id IS NOT NULL)
      AND hh.person_id IS NOT NULL THEN 1 ELSE 0 END AS ok
  FROM pop p JOIN people_child c ON c.id = p.child_id AND <<kids_only:c.id>>
  LEFT JOIN g_review gr ON gr.child_id = p.child_id AND gr.as_of = p.as_of
  LEFT JOIN g_sides gs ON gs.person_id = c.person_id
  LEFT JOIN (SELECT DISTINCT person_id FROM g_siblings) sb ON sb.person_id = c.person_id
  LEFT JOIN g_household hh ON hh.person_id = c.person_id
)"""


def _condition_sql(name: str) -> tuple[str, tuple[str, ...]]:
    """The common tables for a condition, and the anchors they need."""
    if name == "genogram_minimum":
        return _genogram_sql(), ()
    if name == "open_plan":
        return "c_open_plan AS (SELECT child_id, as_of, 1 AS ok FROM a_plan_start)", ("plan_start",)
    raise KeyError(name)


# Months to the first review of a plan, by kind (kith.plans.rules.plan_review_due_on); a care
# plan's first review is in working days, counted here from the plan's start.
def _first_review_months(scales: Timescales) -> dict[str, int]:
    return {
        "early_help": scales.early_help_review_months,
        "child_in_need": scales.child_in_need_review_months,
        "child_protection": scales.first_review_conference_months,
        "pathway_plan": scales.later_looked_after_review_months,
    }


def _collection_sql(name: str, scales: Timescales) -> tuple[str, tuple[str, ...]]:
    """Common tables giving (child_id, as_of, items, open_items, next_due, anchor_on)."""
    if name == "conference_contributions":
        return (
            f"""k_conf AS (
  SELECT x.child_id, x.as_of, x.meeting_id, x.held_on FROM (
    SELECT p.child_id, p.as_of, m.id AS meeting_id, m.held_on,
      ROW_NUMBER() OVER (PARTITION BY p.child_id, p.as_of ORDER BY m.held_on DESC, m.id DESC) AS n
    FROM pop p JOIN a_opened o ON o.child_id = p.child_id AND o.as_of = p.as_of
    JOIN meetings_meeting m ON m.child_id = p.child_id AND <<kids_only:m.child_id>>
      AND m.kind IN {_in(CONFERENCES)} AND m.held_on >= o.day
      AND ((m.status = 'held' AND m.held_on <= p.as_of) OR (m.status = 'planned' AND m.held_on >= p.as_of))
  ) x WHERE x.n = 1
),
k_conference_contributions AS (
  SELECT k.child_id, k.as_of, COUNT(ac.id) AS items,
    SUM(CASE WHEN ac.shared_with_family_on IS NOT NULL AND ac.shared_with_family_on < k.held_on
      AND ac.shared_with_family_on <= k.as_of THEN 0 ELSE 1 END) AS open_items,
    MAX(kd.day) AS next_due, k.held_on AS anchor_on
  FROM k_conf k
  JOIN meetings_agencycontribution ac ON ac.meeting_id = k.meeting_id AND ac.received_on <= k.as_of
  JOIN {CAL} kb ON kb.day = k.held_on
  JOIN {CAL} kd ON kd.day_number = kb.day_number - 1
  GROUP BY k.child_id, k.as_of, k.held_on
)""",
            ("opened",),
        )
    if name == "plan_actions":
        done = "pa.status IN ('done', 'not_done') AND (pa.done_on IS NULL OR pa.done_on <= p.as_of)"
        return (
            f"""k_plan_actions AS (
  SELECT p.child_id, p.as_of, COUNT(pa.id) AS items,
    SUM(CASE WHEN pa.id IS NULL OR ({done}) THEN 0 ELSE 1 END) AS open_items,
    MIN(CASE WHEN pa.id IS NOT NULL AND NOT ({done}) THEN pa.by_date END) AS next_due, pl.starts_on AS anchor_on
  FROM pop p JOIN plans_plan pl ON pl.child_id = p.child_id AND <<kids_only:pl.child_id>> AND pl.starts_on <= p.as_of
    AND (pl.ends_on IS NULL OR pl.ends_on > p.as_of)
  LEFT JOIN plans_planaction pa ON pa.plan_id = pl.id
  GROUP BY p.child_id, p.as_of, pl.starts_on
)""",
            (),
        )
    if name == "plan_review":
        months = _first_review_months(scales)
        by_kind = " ".join(f"WHEN '{k}' THEN {n}" for k, n in months.items())
        care = scales.first_looked_after_review_working_days
        return (
            f"""k_plan_now AS (
  SELECT p.child_id, p.as_of, pl.id AS plan_id, pl.kind, pl.starts_on FROM pop p
  JOIN plans_plan pl ON pl.child_id = p.child_id AND <<kids_only:pl.child_id>> AND pl.starts_on <= p.as_of
    AND (pl.ends_on IS NULL OR pl.ends_on > p.as_of)
),
k_last_review AS (
  SELECT x.child_id, x.as_of, x.next_review_on FROM (
    SELECT k.child_id, k.as_of, r.next_review_on,
      ROW_NUMBER() OVER (PARTITION BY k.child_id, k.as_of ORDER BY r.held_on DESC, r.id DESC) AS n
    FROM k_plan_now k JOIN plans_planreview r ON r.plan_id = k.plan_id AND r.held_on <= k.as_of
  ) x WHERE x.n = 1
),
k_plan_review AS (
  SELECT k.child_id, k.as_of, 1 AS items, 1 AS open_items,
    COALESCE(lr.next_review_on, CASE WHEN k.kind = 'care_plan' THEN kw.day ELSE km.day END) AS next_due,
    k.starts_on AS anchor_on
  FROM k_plan_now k
  LEFT JOIN k_last_review lr ON lr.child_id = k.child_id AND lr.as_of = k.as_of
  JOIN {CAL} ks ON ks.day = k.starts_on
  LEFT JOIN {CAL} km ON km.month_number = ks.month_number + CASE k.kind {by_kind} ELSE 0 END
    AND km.day_of_month = CASE WHEN ks.day_of_month < km.days_in_month THEN ks.day_of_month
      ELSE km.days_in_month END
  LEFT JOIN {CAL} kw ON kw.working_number = ks.working_number + {care} AND kw.is_working_day = TRUE
)""",
            (),
        )
    raise KeyError(name)


# --- The statement --------------------------------------------------------------------------------


@dataclass
class _Builder:
    scales: Timescales
    ctes: dict[str, str] = field(default_factory=dict)

    def anchor(self, name: str) -> str:
        for need in ANCHOR_NEEDS.get(name, ()):
            self.anchor(need)
        key = f"a_{name}"
        if key not in self.ctes:
            self.ctes[key] = _anchor_sql(name)
        return key

    def event(self, name: str) -> str:
        key = f"ev_{name}"
        if key not in self.ctes:
            self.ctes[key] = f"{key} AS (\n  {EVENT_SQL[name]}\n)"
        return key

    def first_after(self, event: str, anchor: str) -> str:
        """The first `event` on or after the anchor (up to the date evaluated)."""
        a, ev = self.anchor(anchor), self.event(event)
        key = f"gf_{event}_{anchor}"
        if key not in self.ctes:
            self.ctes[key] = f"""{key} AS (
  SELECT p.child_id, p.as_of, MIN(e.day) AS first_on FROM pop p
  JOIN {a} a ON a.child_id = p.child_id AND a.as_of = p.as_of
  JOIN {ev} e ON e.child_id = p.child_id AND e.day >= a.day AND e.day <= p.as_of
  GROUP BY p.child_id, p.as_of
)"""
        return key

    def since(self, event: str, anchor: str) -> str:
        """How many `event`s since the anchor, and the latest."""
        a, ev = self.anchor(anchor), self.event(event)
        key = f"gs_{event}_{anchor}"
        if key not in self.ctes:
            self.ctes[key] = f"""{key} AS (
  SELECT p.child_id, p.as_of, COUNT(*) AS n, MAX(e.day) AS last_on FROM pop p
  JOIN {a} a ON a.child_id = p.child_id AND a.as_of = p.as_of
  JOIN {ev} e ON e.child_id = p.child_id AND e.day >= a.day AND e.day <= p.as_of
  GROUP BY p.child_id, p.as_of
)"""
        return key

    def condition(self, name: str) -> str:
        key = f"c_{name}"
        if key not in self.ctes:
            sql, needs = _condition_sql(name)
            for need in needs:
                self.anchor(need)
            self.ctes[key] = sql
        return key

    def collection(self, name: str) -> str:
        key = f"k_{name}"
        if key not in self.ctes:
            sql, needs = _collection_sql(name, self.scales)
            for need in needs:
                self.anchor(need)
            self.ctes[key] = sql
        return key


def _applies(spec: Spec) -> str:
    parts = [f"p.stage IN {_in(spec.stages)}"]
    if spec.min_age > 0:
        parts.append(f"p.dob <= d.born_by_{spec.min_age}")
    parts.append(f"(p.dob IS NULL OR p.dob > d.born_by_{spec.max_age + 1})")
    return " AND ".join(parts)


def _pending(due: str) -> str:
    """Still to do: overdue once the due date has passed, due soon until then."""
    return f"CASE WHEN {due} < s.as_of THEN 'overdue' ELSE 'due_soon' END"


def _by_date(due: str, soon: str) -> str:
    return f"CASE WHEN {due} < s.as_of THEN 'overdue' WHEN {due} <= {soon} THEN 'due_soon' ELSE 'met' END"


def _outer(code: str, status: str, inner: str) -> str:
    return f"""SELECT s.child_id, s.as_of, '{code}' AS code, {status} AS status, s.due AS due_on,
  s.evidence AS evidence_on FROM (
{inner}
) s WHERE s.due IS NOT NULL"""


def _within(b: _Builder, spec: Spec, m: Within) -> str:
    a, g = b.anchor(m.anchor), b.first_after(m.event, m.anchor)
    inner = f"""SELECT p.child_id, p.as_of, cd.day AS due, g.first_on AS evidence
FROM pop p JOIN dates d ON d.as_of = p.as_of
JOIN {a} a ON a.child_id = p.child_id AND a.as_of = p.as_of
LEFT JOIN {g} g ON g.child_id = p.child_id AND g.as_of = p.as_of
{_day("a.day", "ca")}
{_shift("ca", m.by.resolve(b.scales), "cd")}
WHERE {_applies(spec)}"""
    done = "CASE WHEN s.evidence <= s.due THEN 'met' ELSE 'overdue' END"
    status = f"CASE WHEN s.evidence IS NOT NULL THEN ({done}) ELSE {_pending('s.due')} END"
    return _outer(spec.code, status, inner)


def _every(b: _Builder, spec: Spec, m: Every) -> str:
    a, g = b.anchor(m.since), b.since(m.event, m.since)
    first = (m.first or m.interval).resolve(b.scales)
    second = (m.second or m.interval).resolve(b.scales)
    then = m.interval.resolve(b.scales)
    joins = [
        _day("a.day", "ca"),
        _shift("ca", first, "c1"),
        _day("g.last_on", "cl"),
        _shift("cl", second, "c2"),
        _shift("cl", then, "c3"),
    ]
    ok = "1"
    if m.requires:
        c = b.condition(m.requires)
        joins.append(f"LEFT JOIN {c} cond ON cond.child_id = p.child_id AND cond.as_of = p.as_of")
        ok = "COALESCE(cond.ok, 0)"
    due = f"CASE WHEN {ok} = 0 OR g.n IS NULL THEN c1.day WHEN g.n = 1 THEN c2.day ELSE c3.day END"
    inner = f"""SELECT p.child_id, p.as_of, {due} AS due, g.last_on AS evidence, {ok} AS ok,
  COALESCE(g.n, 0) AS n, d.soon_{spec.due_soon_working_days} AS soon
FROM pop p JOIN dates d ON d.as_of = p.as_of
JOIN {a} a ON a.child_id = p.child_id AND a.as_of = p.as_of
LEFT JOIN {g} g ON g.child_id = p.child_id AND g.as_of = p.as_of
{chr(10).join(joins)}
WHERE {_applies(spec)}"""
    status = f"CASE WHEN s.ok = 0 OR s.n = 0 THEN {_pending('s.due')} ELSE {_by_date('s.due', 's.soon')} END"
    return _outer(spec.code, status, inner)


def _all(b: _Builder, spec: Spec, m: AllOf) -> str:
    k = b.collection(m.collection)
    empty = "NULL"
    joins = ""
    if m.when_empty is not None:
        joins = f"{_day('k.anchor_on', 'ca')}\n{_shift('ca', m.when_empty.resolve(b.scales), 'ce')}"
        empty = "ce.day"
    due = f"CASE WHEN k.items = 0 THEN {empty} WHEN k.open_items = 0 THEN k.anchor_on ELSE k.next_due END"
    inner = f"""SELECT p.child_id, p.as_of, {due} AS due, k.anchor_on AS evidence, k.items, k.open_items,
  d.soon_{spec.due_soon_working_days} AS soon
FROM pop p JOIN dates d ON d.as_of = p.as_of
JOIN {k} k ON k.child_id = p.child_id AND k.as_of = p.as_of
{joins}
WHERE {_applies(spec)}"""
    status = (
        f"CASE WHEN s.items = 0 THEN {_pending('s.due')} WHEN s.open_items = 0 THEN 'met' "
        f"ELSE {_by_date('s.due', 's.soon')} END"
    )
    return _outer(spec.code, status, inner)


def _exists(b: _Builder, spec: Spec, m: Exists) -> str:
    a, c = b.anchor(m.since), b.condition(m.condition)
    inner = f"""SELECT p.child_id, p.as_of, cd.day AS due, CAST(NULL AS DATE) AS evidence, COALESCE(cond.ok, 0) AS ok
FROM pop p JOIN dates d ON d.as_of = p.as_of
JOIN {a} a ON a.child_id = p.child_id AND a.as_of = p.as_of
LEFT JOIN {c} cond ON cond.child_id = p.child_id AND cond.as_of = p.as_of
{_day("a.day", "ca")}
{_shift("ca", m.by.resolve(b.scales), "cd")}
WHERE {_applies(spec)}"""
    status = f"CASE WHEN s.ok = 1 THEN 'met' ELSE {_pending('s.due')} END"
    return _outer(spec.code, status, inner)


def _holes(prefix: str, n: int) -> str:
    return ", ".join(f"%({prefix}{k})s" for k in range(n)) or "NULL"


def _pop_sql(scope: Scope) -> str:
    """One row per child and date: open that day, in the scope (by the allocation open that day)."""
    joins, where = "", ["<<kids_only:e.child_id>>"]
    if scope.kind in ("teams", "practitioner"):
        column = "team_id" if scope.kind == "teams" else "practitioner_id"
        joins = (
            f"JOIN journey_allocation al ON al.child_id = e.child_id "
            f"AND al.{column} IN ({_holes('scope', len(scope.ids))}) "
            "AND al.starts_on <= d.as_of AND (al.ends_on IS NULL OR al.ends_on > d.as_of)"
        )
    elif scope.kind == "children":
        where.append(f"e.child_id IN ({_holes('scope', len(scope.ids))})")
    if not scope.include_restricted:
        where.append(
            "(c.is_restricted = FALSE OR EXISTS (SELECT 1 FROM people_restrictedaccess ra "
            "WHERE ra.child_id = c.id AND ra.user_id = %(viewer)s))"
        )
    return f"""pop AS (
  SELECT x.child_id, x.as_of, x.stage, x.stage_start, x.dob FROM (
    SELECT e.child_id, d.as_of, e.stage, e.starts_on AS stage_start, pe.date_of_birth AS dob,
      ROW_NUMBER() OVER (PARTITION BY e.child_id, d.as_of ORDER BY e.starts_on DESC, e.id DESC) AS n
    FROM dates d
    JOIN journey_episode e ON e.starts_on <= d.as_of AND (e.ends_on IS NULL OR e.ends_on > d.as_of)
    JOIN people_child c ON c.id = e.child_id AND <<kids_only:c.id>>
    JOIN people_person pe ON pe.id = c.person_id AND <<people_only:pe.id>>
    {joins}
    WHERE {" AND ".join(where)}
  ) x WHERE x.n = 1
)"""


_MARKER = re.compile(r"<<(kids|people|parents|kids_only|people_only|parents_only):([a-z_0-9.]+)>>")
_IN_QUERY = {
    "kids": "(SELECT child_id FROM pop)",
    "people": "(SELECT person_id FROM g_people)",
    "parents": "(SELECT parent_id FROM g_parent)",
}


def _filters(sql: str, arrays: bool) -> str:
    """Fill in the markers: with `arrays` (PostgreSQL, a scope smaller than the borough), every
    table is narrowed to the scope's children, their people and their parents by arrays read
    first, so each is read through its index; otherwise by the common tables themselves."""

    def fill(match: re.Match[str]) -> str:
        kind, column = match[1], match[2]
        if arrays:
            return f"{column} = ANY(%({kind.removesuffix('_only')})s)"
        if kind.endswith("_only"):
            return "TRUE"
        return f"{column} IN {_IN_QUERY[kind]}"

    return _MARKER.sub(fill, sql)


MEASURES = {Within: _within, Every: _every, AllOf: _all, Exists: _exists}


Final = Literal["rows", "names", "counts", "store"]
STORE = "INSERT INTO standards_monthendresult (run_id, child_id, code, status, due_on, evidence_on, is_restricted) "

FINALS: dict[str, str] = {
    "rows": "SELECT r.child_id, r.as_of, r.code, r.status, r.due_on, r.evidence_on FROM results r",
    "names": (
        "SELECT r.child_id, r.as_of, r.code, r.status, r.due_on, r.evidence_on, pe.legal_given_name, "
        "pe.legal_family_name FROM results r JOIN people_child c ON c.id = r.child_id AND <<kids_only:c.id>> "
        "JOIN people_person pe ON pe.id = c.person_id AND <<people_only:pe.id>>"
    ),
    "counts": (
        "SELECT r.as_of, r.code, r.status, COUNT(*) FROM results r {where} GROUP BY r.as_of, r.code, r.status "
        "UNION ALL SELECT p.as_of, '', 'population', COUNT(*) FROM pop p GROUP BY p.as_of"
    ),
    # Month-end history (kith.standards.history): every result and every child open, kept in the
    # runs made for these dates just before, in the same statement.
    "store": (
        "SELECT ru.id, r.child_id, r.code, r.status, r.due_on, r.evidence_on, c.is_restricted FROM results r "
        "JOIN standards_monthendrun ru ON ru.as_of = r.as_of AND ru.scope_key = %(run_key)s "
        "JOIN people_child c ON c.id = r.child_id AND <<kids_only:c.id>> "
        "UNION ALL SELECT ru.id, p.child_id, '', 'open', NULL, NULL, c.is_restricted FROM pop p "
        "JOIN standards_monthendrun ru ON ru.as_of = p.as_of AND ru.scope_key = %(run_key)s "
        "JOIN people_child c ON c.id = p.child_id AND <<kids_only:c.id>>"
    ),
}


@dataclass(frozen=True)
class Filter:
    """Narrow the results to one standard and status (either may be empty)."""

    code: str = ""
    status: str = ""

    def sql(self) -> tuple[str, dict[str, str]]:
        parts, params = [], {}
        if self.code:
            parts.append("r.code = %(f_code)s")
            params["f_code"] = self.code
        if self.status:
            parts.append("r.status = %(f_status)s")
            params["f_status"] = self.status
        return ("WHERE " + " AND ".join(parts) if parts else ""), params


@lru_cache(maxsize=64)
def _statement(
    specs: tuple[Spec, ...],
    scope_shape: tuple[str, int, bool],
    dates: int,
    vendor: str,
    scales: Timescales,
    final: str,
    where: str,
    arrays: bool,
) -> str:
    """The SQL for `specs` over a scope of a given shape and number of dates (values are bound)."""
    builder = _Builder(scales)
    selects = [MEASURES[type(spec.measure)](builder, spec, spec.measure) for spec in specs]  # type: ignore[operator]
    columns = date_columns(specs)
    cast = "::date" if vendor == "postgresql" else ""
    rows = ["(" + ", ".join(f"%(d{i}_{j})s{cast}" for j in range(len(columns.names))) + ")" for i in range(dates)]
    dates_sql = f"dates({', '.join(columns.names)}) AS (VALUES {', '.join(rows)})"
    kind, n_ids, include_restricted = scope_shape
    scope = Scope(kind=kind, ids=(0,) * n_ids, include_restricted=include_restricted)  # type: ignore[arg-type]
    results = "results AS (\n" + "\nUNION ALL\n".join(selects) + "\n)"
    ctes = [dates_sql, _pop_sql(scope), *builder.ctes.values(), results]
    tail = FINALS[final].format(where=where) if final == "counts" else f"{FINALS[final]} {where}"
    sql = "WITH " + ",\n".join(ctes) + "\n" + tail
    if final == "store":
        sql = STORE + sql
    if arrays:
        # A scope's dates lie within a few years: read just those days of the calendar, once.
        days = f"cal AS MATERIALIZED (SELECT * FROM {CAL} WHERE day BETWEEN %(cal_from)s AND %(cal_to)s)"
        sql = sql.replace(CAL, "cal").replace("WITH ", f"WITH {days},\n", 1)
    return _filters(sql, arrays)


@dataclass(frozen=True)
class Candidates:
    """The children a small scope could hold on the dates asked, their people and their parents:
    read first on PostgreSQL so that the statement reads each table through its index."""

    kids: list[int]
    people: list[int]
    parents: list[int]
    earliest: date | None  # the earliest episode or plan of those children
    latest_meeting: date | None = None  # their latest meeting, held or planned


# The planner's options for the statement (see `_run`): set in the same round trip as the
# candidates where there are candidates to read.
CONFIGURE = (
    "set_config('enable_nestloop', 'off', false), set_config('jit', 'off', false), "
    "set_config('plan_cache_mode', 'force_generic_plan', false)"
)
CANDIDATES_SQL = """
WITH k AS (
  SELECT DISTINCT al.child_id FROM journey_allocation al
  WHERE al.{column} = ANY(%(ids)s) AND al.starts_on <= %(last)s AND (al.ends_on IS NULL OR al.ends_on > %(first)s)
), pp AS (SELECT c.person_id FROM people_child c WHERE c.id IN (SELECT child_id FROM k))
SELECT (SELECT array_agg(child_id) FROM k), (SELECT array_agg(person_id) FROM pp),
  (SELECT array_agg(DISTINCT r.from_person_id) FROM people_relationship r
    WHERE r.to_person_id IN (SELECT person_id FROM pp) AND r.kind = 'parent'),
  LEAST((SELECT MIN(e.starts_on) FROM journey_episode e WHERE e.child_id IN (SELECT child_id FROM k)),
        (SELECT MIN(pl.starts_on) FROM plans_plan pl WHERE pl.child_id IN (SELECT child_id FROM k))),
  (SELECT MAX(m.held_on) FROM meetings_meeting m WHERE m.child_id IN (SELECT child_id FROM k)){configure}
"""
CHILDREN_CANDIDATES_SQL = """
SELECT %(ids)s::bigint[], (SELECT array_agg(c.person_id) FROM people_child c WHERE c.id = ANY(%(ids)s)),
  (SELECT array_agg(DISTINCT r.from_person_id) FROM people_relationship r JOIN people_child c
    ON c.person_id = r.to_person_id WHERE c.id = ANY(%(ids)s) AND r.kind = 'parent'),
  LEAST((SELECT MIN(e.starts_on) FROM journey_episode e WHERE e.child_id = ANY(%(ids)s)),
        (SELECT MIN(pl.starts_on) FROM plans_plan pl WHERE pl.child_id = ANY(%(ids)s))),
  (SELECT MAX(m.held_on) FROM meetings_meeting m WHERE m.child_id = ANY(%(ids)s)){configure}
"""


def candidates(scope: Scope, dates: Sequence[date], *, configure: bool = False) -> Candidates:
    """One query; with `configure`, it also sets the planner's options for the statement."""
    extra = f", {CONFIGURE}" if configure else ""
    params: dict[str, Any] = {"ids": list(scope.ids)}
    if scope.kind == "children":
        sql = CHILDREN_CANDIDATES_SQL.format(configure=extra)
    else:
        column = "team_id" if scope.kind == "teams" else "practitioner_id"
        sql = CANDIDATES_SQL.format(column=column, configure=extra)
        params |= {"first": min(dates), "last": max(dates)}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        kids, people, parents, earliest, latest_meeting, *_ = cursor.fetchone() or (None,) * 5
    return Candidates(list(kids or []), list(people or []), list(parents or []), earliest, latest_meeting)


def horizon_days(specs: Sequence[Spec], scales: Timescales) -> int:
    """How many days after the date evaluated a due date can fall: the longest interval any of
    `specs` counts (a plan's first review included), generously in days, with a month spare."""
    per_unit = {"days": 1, "weeks": 7, "months": 31}
    longest = max(_first_review_months(scales).values(), default=0) * 31
    longest = max(longest, scales.first_looked_after_review_working_days * 2 + 30)
    for spec in specs:
        for value in vars(spec.measure).values():
            if isinstance(value, Interval):
                unit, n = value.resolve(scales)
                # Working days: two calendar days each covers weekends and any run of bank holidays.
                longest = max(longest, n * 2 + 30 if unit == "working_days" else n * per_unit[unit])
    return longest + 31


def statement(
    specs: Sequence[Spec],
    scope: Scope,
    dates: Sequence[date],
    *,
    scales: Timescales | None = None,
    final: Final = "rows",
    only: Filter | None = None,
) -> tuple[str, dict[str, Any]]:
    """The SQL and its parameters: every standard in `specs` for the children in `scope`, on each date.
    On PostgreSQL a scope smaller than the borough first reads its candidates (one query)."""
    sql, values, _ = _prepare(specs, scope, dates, scales=scales, final=final, only=only, configure=False)
    return sql, values


def _prepare(
    specs: Sequence[Spec],
    scope: Scope,
    dates: Sequence[date],
    *,
    scales: Timescales | None,
    final: Final,
    only: Filter | None,
    configure: bool,
) -> tuple[str, dict[str, Any], bool]:
    """`statement`, and whether the planner's options were set with the candidates."""
    vendor = connection.vendor
    specs = tuple(specs)
    scales = scales or timescales()
    shape = (scope.kind, len(scope.ids), scope.include_restricted)
    where, params = (only or Filter()).sql()
    arrays = vendor == "postgresql" and scope.kind != "borough"
    sql = _statement(specs, shape, len(dates), vendor, scales, final, where, arrays)
    columns = date_columns(specs)
    values: dict[str, Any] = dict(params)
    for i, on in enumerate(dates):
        for j, value in enumerate(columns.values(on)):
            values[f"d{i}_{j}"] = value if vendor == "postgresql" else value.isoformat()
    values |= {f"scope{k}": v for k, v in enumerate(scope.ids)}
    if not scope.include_restricted:
        values["viewer"] = scope.viewer or 0
    if not arrays:
        return sql, values, False
    found = candidates(scope, dates, configure=configure)
    values |= {"kids": found.kids, "people": found.people, "parents": found.parents}
    # The calendar the statement reads: from a margin before the earliest record (a conference's
    # day before, on the day it opened) to the latest due date a standard can give, or the
    # latest meeting (a conference planned ahead is looked up in it), whichever is later.
    values["cal_from"] = min([*dates, *([found.earliest] if found.earliest else [])]) - timedelta(days=60)
    ahead = max(dates) + timedelta(days=horizon_days(specs, scales))
    values["cal_to"] = max(ahead, found.latest_meeting + timedelta(days=1)) if found.latest_meeting else ahead
    return sql, values, configure


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _run(sql: str, params: dict[str, Any], configured: bool = False) -> list[tuple[Any, ...]]:
    """Run the statement. PostgreSQL cannot estimate how many rows the grouped tables hold (it
    guesses one) and would re-run each grouping once per child in a nested loop; hash joins are
    right for this statement, so nested loops are turned off for it alone (and JIT compilation,
    which the resulting cost estimates would set off for nothing), and put back straight after.
    Planning the statement costs more than running it for a team, so once the driver has
    prepared it (the settings' prepare_threshold) its generic plan is kept and reused."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if not postgres:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []
        if not configured:
            cursor.execute(f"SELECT {CONFIGURE}")
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.execute(
                "SELECT set_config('enable_nestloop', 'on', false), set_config('jit', %(jit)s, false), "
                "set_config('plan_cache_mode', 'auto', false)",
                {"jit": JIT},
            )


def evaluate(
    specs: Sequence[Spec],
    scope: Scope,
    dates: Sequence[date],
    *,
    scales: Timescales | None = None,
    with_names: bool = False,
    only: Filter | None = None,
) -> list[Result]:
    """Every standard for every child in `scope` on each of `dates`, in one query. Children a
    standard does not apply to have no result for it."""
    if not specs or not dates:
        return []
    final: Final = "names" if with_names else "rows"
    rows = _run(*_prepare(specs, scope, dates, scales=scales, final=final, only=only, configure=True))
    return [
        Result(
            child_id=row[0],
            as_of=as_date(row[1]),  # type: ignore[arg-type]
            code=row[2],
            status=row[3],
            due_on=as_date(row[4]),
            evidence_on=as_date(row[5]),
            name=f"{row[6]} {row[7]}" if with_names else "",
        )
        for row in rows
    ]


def count(
    specs: Sequence[Spec], scope: Scope, dates: Sequence[date], *, scales: Timescales | None = None
) -> tuple[dict[tuple[date, str, str], int], dict[date, int]]:
    """How many children have each status for each standard on each date, and how many children
    were open in the scope on each date: one query, the counting done by the database."""
    if not dates:
        return {}, {}
    if not specs:
        return {}, {}
    counts: dict[tuple[date, str, str], int] = {}
    population: dict[date, int] = {}
    found = _run(*_prepare(specs, scope, dates, scales=scales, final="counts", only=None, configure=True))
    for as_of, code, status, n in found:
        on = as_date(as_of)
        assert on is not None
        if status == "population":
            population[on] = n
        else:
            counts[on, code, status] = n
    return counts, population


def store(
    specs: Sequence[Spec], scope: Scope, dates: Sequence[date], run_key: str, *, scales: Timescales | None = None
) -> None:
    """Keep every result and every child open in `scope` on each of `dates` in the month-end runs
    already made for `run_key` on those dates: one statement, the rows never leave the database."""
    if specs and dates:
        sql, params, configured = _prepare(specs, scope, dates, scales=scales, final="store", only=None, configure=True)
        _run(sql, params | {"run_key": run_key}, configured)


def interval_words(interval: Interval, scales: Timescales | None = None) -> str:
    return interval.words(scales or timescales())
