"""A per-child reference implementation of the standards, in plain Python.

Used only by the tests (the set-based engine must give exactly these results on the synthetic
borough) and the benchmark (to show what a loop over children costs beside one statement). It
reads each child's records with the ORM and applies the measures' meaning step by step, with the
core's own working-day and month arithmetic and the people app's own genogram minimum, so it
shares nothing with the SQL but the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from kith.core.rules import add_months, add_working_days
from kith.core.timescales import Timescales, timescales
from kith.journey.models import Episode, Visit
from kith.meetings.models import AgencyContribution, Meeting
from kith.meetings.rules import opened_on
from kith.people.family import PARENT_KINDS, _descent, _sibling_groups, _Tree, genogram_facts, load_family
from kith.people.family_rules import genogram_status
from kith.people.models import Child
from kith.plans.models import Plan, PlanReview
from kith.standards.engine import (
    CONFERENCES,
    DECISION_MEETINGS,
    INVOLVED,
    SOCIAL_CARE,
    Result,
    Spec,
    birthday_cutoff,
)
from kith.standards.loader import CALENDAR_FROM, CALENDAR_TO
from kith.standards.measures import AllOf, Every, Exists, Interval, Within
from kith.standards.models import CaseSupervision, GroupSupervision, ManagementOversight
from kith.voice.models import ChildView, Explanation


def shift(on: date | None, interval: tuple[str, int]) -> date | None:
    """`on` moved on by the interval, as the calendar table does (None outside its years)."""
    if on is None:
        return None
    unit, n = interval
    if unit == "working_days":
        moved = add_working_days(on, n)
    elif unit == "days":
        moved = on + timedelta(days=n)
    elif unit == "weeks":
        moved = on + timedelta(days=7 * n)
    else:
        moved = add_months(on, n)
    return moved if CALENDAR_FROM <= moved <= CALENDAR_TO and CALENDAR_FROM <= on <= CALENDAR_TO else None


def _links_only(family: Any) -> Any:
    """The genogram's lines of descent, as `kith.people.family.genogram_of` builds them, which is
    all `genogram_facts` reads. (`genogram_of` itself fails on some families: see the report.)"""
    tree = _Tree()
    for rel in family.relationships:
        if rel.kind in PARENT_KINDS:
            tree.link(f"rel-{rel.id}", rel.from_person_id, rel.to_person_id, _descent(rel))
    for group in _sibling_groups(family.relationships, tree):
        tree.add_unknown_parent(group)
    return SimpleNamespace(genogram=SimpleNamespace(child_links=tuple(tree.links)))


@dataclass
class ChildRecords:
    """One child's records, read with the ORM."""

    child: Child
    episodes: list[Episode]
    visits: list[Visit]
    meetings: list[Meeting]
    contributions: list[AgencyContribution]
    assessments: list[tuple[str, str, date | None]]  # kind, status, authorised_on
    plans: list[Plan]
    reviews: list[PlanReview]
    actions: list[tuple[int, str, date | None, date]]  # plan id, status, done_on, by_date
    explanations: list[Explanation]
    views: list[date]
    oversight: list[date]
    supervision: list[date]


def read(child: Child) -> ChildRecords:
    from kith.assessments.models import Assessment
    from kith.plans.models import PlanAction

    plans = list(Plan.objects.filter(child=child))
    meetings = list(Meeting.objects.filter(child=child))
    return ChildRecords(
        child=child,
        episodes=list(Episode.objects.filter(child=child)),
        visits=list(Visit.objects.filter(child=child)),
        meetings=meetings,
        contributions=list(AgencyContribution.objects.filter(meeting__in=meetings)),
        assessments=list(Assessment.objects.filter(child=child).values_list("kind", "status", "authorised_on")),
        plans=plans,
        reviews=list(PlanReview.objects.filter(plan__in=plans)),
        actions=list(PlanAction.objects.filter(plan__in=plans).values_list("plan_id", "status", "done_on", "by_date")),
        explanations=list(Explanation.objects.filter(child=child)),
        views=list(ChildView.objects.filter(child=child).values_list("said_on", flat=True)),
        oversight=list(ManagementOversight.objects.filter(child=child).values_list("recorded_on", flat=True)),
        supervision=list(CaseSupervision.objects.filter(child=child).values_list("held_on", flat=True))
        + list(GroupSupervision.objects.filter(children=child).values_list("held_on", flat=True)),
    )


class Facts:
    """The child on one date: stage, anchors, events, conditions and collections."""

    def __init__(self, records: ChildRecords, as_of: date, scales: Timescales) -> None:
        self.r = records
        self.as_of = as_of
        self.scales = scales
        open_now = [e for e in records.episodes if e.starts_on <= as_of and (e.ends_on is None or e.ends_on > as_of)]
        latest = max(open_now, key=lambda e: (e.starts_on, e.pk), default=None)
        self.is_open = latest is not None
        self.stage = latest.stage if latest else ""
        self.stage_start = latest.starts_on if latest else None
        self.dob = records.child.person.date_of_birth

    def _run_start(self, stages: Iterable[str]) -> date | None:
        wanted = set(stages)
        periods = [
            (e.starts_on, e.ends_on if e.ends_on is not None and e.ends_on <= self.as_of else None)
            for e in self.r.episodes
            if e.stage in wanted and e.starts_on <= self.as_of
        ]
        return opened_on(periods)

    def _held(self, kinds: Iterable[str], since: date | None = None) -> list[Meeting]:
        wanted = set(kinds)
        return [
            m
            for m in self.r.meetings
            if m.kind in wanted
            and m.status == "held"
            and m.held_on <= self.as_of
            and (since is None or m.held_on >= since)
        ]

    # --- anchors -------------------------------------------------------------------------------

    def anchor(self, name: str) -> date | None:
        if name == "opened":
            return self._run_start(SOCIAL_CARE)
        if name == "involved":
            return self._run_start(INVOLVED)
        if name == "stage_start":
            return self.stage_start
        if name == "strategy_discussion":
            opened = self.anchor("opened")
            if opened is None:
                return None
            latest = max((m.held_on for m in self._held(["strategy_discussion"], opened)), default=None)
            if latest is None:
                return None
            outcomes = self._held(["section_47_outcome"], latest)
            if any(m.s47_outcome not in ("", "conference") for m in outcomes):
                return None
            return latest
        if name == "initial_conference":
            opened = self.anchor("opened")
            if opened is None:
                return None
            plans = [m.held_on for m in self._held(["initial_cp_conference"], opened) if m.cp_decision == "plan"]
            return max(plans, default=None)
        if name == "latest_decision":
            involved = self.anchor("involved")
            if involved is None:
                return None
            days = [on for _, status, on in self.r.assessments if status == "authorised" and on is not None]
            days += [m.held_on for m in self._held(DECISION_MEETINGS)]
            return max((d for d in days if involved <= d <= self.as_of), default=None)
        if name == "plan_start":
            plan = self.plan()
            return plan.starts_on if plan else None
        raise KeyError(name)

    def plan(self) -> Plan | None:
        current = [
            p for p in self.r.plans if p.starts_on <= self.as_of and (p.ends_on is None or p.ends_on > self.as_of)
        ]
        return max(current, key=lambda p: p.starts_on, default=None)

    # --- events --------------------------------------------------------------------------------

    def events(self, name: str) -> list[date]:
        r = self.r
        meeting_kinds = {
            "family_network_meeting": "family_network_meeting",
            "strategy_discussion": "strategy_discussion",
            "initial_conference": "initial_cp_conference",
            "core_group": "core_group",
            "review_conference": "review_cp_conference",
            "cin_review": "cin_review",
            "looked_after_review": "looked_after_review",
        }
        if name in meeting_kinds:
            return [m.held_on for m in r.meetings if m.kind == meeting_kinds[name] and m.status == "held"]
        if name == "visit_seen":
            return [v.visited_on for v in r.visits if v.child_seen in ("seen", "seen_alone")]
        if name == "visit_seen_alone":
            return [v.visited_on for v in r.visits if v.child_seen == "seen_alone"]
        if name == "child_words":
            return [v.visited_on for v in r.visits if v.child_words != "" and v.child_seen != "not_seen"] + r.views
        if name in ("assessment_completed", "early_help_assessment_completed"):
            kind = "child_and_family" if name == "assessment_completed" else "early_help"
            return [on for k, status, on in r.assessments if k == kind and status == "authorised" and on is not None]
        if name == "plan_review":
            return [review.held_on for review in r.reviews]
        if name == "explanation_to_child":
            return [x.given_on for x in r.explanations if x.audience == "child" and x.status == "given" and x.given_on]
        if name == "genogram_review":
            return list(r.child.genogram_reviews.values_list("reviewed_on", flat=True))
        if name == "management_oversight":
            return list(r.oversight)
        if name == "supervision":
            return list(r.supervision)
        raise KeyError(name)

    def since(self, event: str, anchor: date) -> list[date]:
        return sorted(d for d in self.events(event) if anchor <= d <= self.as_of)

    # --- conditions -----------------------------------------------------------------------------

    def condition(self, name: str) -> bool:
        if name == "open_plan":
            return self.plan() is not None
        if name == "genogram_minimum":
            child = self.r.child
            family = load_family(child)
            build = _links_only(family)
            review = child.genogram_reviews.filter(reviewed_on__lte=self.as_of).order_by("-reviewed_on", "-pk").first()
            return genogram_status(genogram_facts(family, build, review), today=self.as_of).meets_minimum
        raise KeyError(name)

    # --- collections (items, open items, next due, anchor) ---------------------------------------

    def collection(self, name: str) -> tuple[int, int, date | None, date | None] | None:
        if name == "conference_contributions":
            return self._contributions()
        plan = self.plan()
        if plan is None:
            return None
        if name == "plan_actions":
            mine = [a for a in self.r.actions if a[0] == plan.pk]
            still = [
                by
                for _, status, done, by in mine
                if not (status in ("done", "not_done") and (done is None or done <= self.as_of))
            ]
            return len(mine), len(still), min(still, default=None), plan.starts_on
        if name == "plan_review":
            held = [rv for rv in self.r.reviews if rv.plan_id == plan.pk and rv.held_on <= self.as_of]
            last = max(held, key=lambda rv: (rv.held_on, rv.pk), default=None)
            due: date | None
            if last is not None:
                due = last.next_review_on
            elif plan.kind == "care_plan":
                due = shift(plan.starts_on, ("working_days", self.scales.first_looked_after_review_working_days))
            else:
                months = {
                    "early_help": self.scales.early_help_review_months,
                    "child_in_need": self.scales.child_in_need_review_months,
                    "child_protection": self.scales.first_review_conference_months,
                    "pathway_plan": self.scales.later_looked_after_review_months,
                }.get(plan.kind, 0)
                due = shift(plan.starts_on, ("months", months)) if months else plan.starts_on
            return 1, 1, due, plan.starts_on
        raise KeyError(name)

    def _contributions(self) -> tuple[int, int, date | None, date | None] | None:
        opened = self.anchor("opened")
        if opened is None:
            return None
        candidates = [
            m
            for m in self.r.meetings
            if m.kind in CONFERENCES
            and m.held_on >= opened
            and (
                (m.status == "held" and m.held_on <= self.as_of) or (m.status == "planned" and m.held_on >= self.as_of)
            )
        ]
        meeting = max(candidates, key=lambda m: (m.held_on, m.pk), default=None)
        if meeting is None:
            return None
        items = [c for c in self.r.contributions if c.meeting_id == meeting.pk and c.received_on <= self.as_of]
        if not items:
            return None
        still = [
            c
            for c in items
            if not (
                c.shared_with_family_on is not None
                and c.shared_with_family_on < meeting.held_on
                and c.shared_with_family_on <= self.as_of
            )
        ]
        return len(items), len(still), shift(meeting.held_on, ("days", -1)), meeting.held_on


def _applies(spec: Spec, facts: Facts) -> bool:
    if facts.stage not in spec.stages:
        return False
    dob = facts.dob
    if spec.min_age > 0 and (dob is None or dob > birthday_cutoff(facts.as_of, spec.min_age)):
        return False
    return dob is None or dob > birthday_cutoff(facts.as_of, spec.max_age + 1)


def _pending(due: date, as_of: date) -> str:
    return "overdue" if due < as_of else "due_soon"


def _by_date(due: date, as_of: date, soon: date) -> str:
    if due < as_of:
        return "overdue"
    return "due_soon" if due <= soon else "met"


def evaluate_one(spec: Spec, facts: Facts) -> tuple[str, date, date | None] | None:
    """(status, due date, evidence date) for one standard, or None when it does not apply."""
    if not _applies(spec, facts):
        return None
    m, as_of, scales = spec.measure, facts.as_of, facts.scales
    soon = add_working_days(as_of, spec.due_soon_working_days)

    def res(interval: Interval | None) -> tuple[str, int]:
        assert interval is not None
        return interval.resolve(scales)

    if isinstance(m, Within):
        anchor = facts.anchor(m.anchor)
        due = shift(anchor, res(m.by))
        if anchor is None or due is None:
            return None
        first = min(facts.since(m.event, anchor), default=None)
        if first is not None:
            return ("met" if first <= due else "overdue"), due, first
        return _pending(due, as_of), due, None
    if isinstance(m, Every):
        anchor = facts.anchor(m.since)
        if anchor is None:
            return None
        done = facts.since(m.event, anchor)
        ok = facts.condition(m.requires) if m.requires else True
        if not ok or not done:
            due = shift(anchor, res(m.first or m.interval))
        elif len(done) == 1:
            due = shift(done[-1], res(m.second or m.interval))
        else:
            due = shift(done[-1], res(m.interval))
        if due is None:
            return None
        status = _pending(due, as_of) if (not ok or not done) else _by_date(due, as_of, soon)
        return status, due, (done[-1] if done else None)
    if isinstance(m, AllOf):
        found = facts.collection(m.collection)
        if found is None:
            return None
        items, still, next_due, anchor = found
        if items == 0:
            due = shift(anchor, res(m.when_empty)) if m.when_empty else None
            return (_pending(due, as_of), due, anchor) if due else None
        if still == 0:
            return ("met", anchor, anchor) if anchor else None
        return (_by_date(next_due, as_of, soon), next_due, anchor) if next_due else None
    assert isinstance(m, Exists)
    anchor = facts.anchor(m.since)
    due = shift(anchor, res(m.by))
    if anchor is None or due is None:
        return None
    if facts.condition(m.condition):
        return "met", due, None
    return _pending(due, as_of), due, None


def reference_results(
    specs: Sequence[Spec], child_ids: Iterable[int], as_of: date, *, scales: Timescales | None = None
) -> list[Result]:
    """Every standard for each child, one child at a time: the loop the engine replaces."""
    scales = scales or timescales()
    results = []
    for child in Child.objects.filter(pk__in=list(child_ids)).select_related("person").order_by("pk"):
        records = read(child)
        facts = Facts(records, as_of, scales)
        if not facts.is_open:
            continue
        for spec in specs:
            found = evaluate_one(spec, facts)
            if found is not None:
                status, due, evidence = found
                results.append(Result(child.pk, as_of, spec.code, status, due, evidence))
    return results
