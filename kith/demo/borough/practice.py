"""The practice around each open child's journey: assessments, plans and their reviews and actions,
meetings (family network meetings, strategy discussions, conferences, core groups, reviews) with
agencies' contributions, explanations given to the child, management oversight and supervision.

Compliance is realistic: most steps on time, some late, some missing, so that the practice
standards have something to measure. Everything draws from the borough's own `practice_rng`, so
the families and journeys already generated do not change. Histories reach back about thirteen
months for recurring steps (what the dashboards' twelve months need), and to the start of the
child's opening for one-off steps.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kith.core.rules import add_months, add_working_days
from kith.demo.borough.rows import (
    AllocationRow,
    AssessmentRow,
    ChildRow,
    ContributionRow,
    EpisodeRow,
    ExplanationRow,
    MeetingRow,
    OversightRow,
    PlanActionRow,
    PlanGoalRow,
    PlanReviewRow,
    PlanRow,
    PlanVersionRow,
    StatusChangeRow,
    SupervisionRow,
)
from kith.meetings.rules import opened_on
from kith.people.rules import age_on

if TYPE_CHECKING:
    from kith.demo.borough.families import Family, Kid

SOCIAL_CARE = frozenset({"referral", "assessment", "s47", "cin", "cp", "lac", "care_leaver"})
PLAN_KINDS = {"early_help": "early_help", "cin": "child_in_need", "cp": "child_protection", "lac": "care_plan"}
HISTORY_DAYS = 400
AGENCIES = ("School", "Health visiting team", "Police", "GP surgery", "School nursing")
FACTORS = ("2B", "3A", "3B", "4B", "1B", "6B", "21", "22A")
DECISIONS = (
    "Continue the plan; visits stay as agreed.",
    "Hold a family network meeting to widen the safety network.",
    "Step the case down to early help at the next review if progress holds.",
    "Ask for an independent advocate for the child.",
)
REASONS = (
    "The family are working with us and the network is growing, but the worries are not yet gone.",
    "The child's views, the school's information and the visits all point the same way.",
)
REFLECTIONS = (
    "We talked about how the visits feel for the child and what the child's words tell us.",
    "We reflected on the worker's relationship with mum and how to keep it honest and warm.",
)
ANALYSES = (
    "Safety is improving at home; the network needs to be asked again about weekends.",
    "Progress is real but fragile: the next month matters.",
)


class Practice:
    """Practice rows for the open children of one family."""

    def __init__(self, family: Family) -> None:
        self.f = family
        self.b = family.b
        self.rng = family.b.practice_rng
        self.chunk = family.chunk
        self.today = family.b.today

    def build(self) -> None:
        kids = {kid.child_id: kid for kid in self.f.kids}
        records = {row.id: row for row in self.chunk.children[-len(self.f.kids) :]}
        episodes: dict[int, list[EpisodeRow]] = {}
        for episode in reversed(self.chunk.episodes):
            if episode.child_id not in kids:
                break
            episodes.setdefault(episode.child_id, []).insert(0, episode)
        workers: dict[int, list[AllocationRow]] = {}
        for allocation in reversed(self.chunk.allocations):
            if allocation.child_id not in kids:
                break
            workers.setdefault(allocation.child_id, []).insert(0, allocation)
        for child_id, record in records.items():
            if record.is_open and record.lead_practitioner_id is not None and record.team_id is not None:
                ChildPractice(self, kids[child_id], record, episodes.get(child_id, [])).build()
            self.past_conferences(child_id, episodes.get(child_id, []), workers.get(child_id, []))

    def past_conferences(self, child_id: int, episodes: list[EpisodeRow], workers: list[AllocationRow]) -> None:
        """The section 47 outcome and initial conference behind each child protection stage that
        has ended (an open stage's are written with the rest of the child's practice): the census
        dates a plan from the conference that decided it."""
        by_id = {e.id: e for e in episodes}
        for episode in episodes:
            if episode.stage != "cp" or episode.ends_on is None or not workers:
                continue
            on = episode.starts_on
            worker = next((a for a in reversed(workers) if a.starts_on <= on), workers[0]).practitioner_id
            s47 = by_id.get(episode.follows_id or 0)
            strategy_on = s47.starts_on if s47 is not None and s47.stage == "s47" else on
            strategy = self._held(child_id, "strategy_discussion", strategy_on, worker)
            outcome = self._held(
                child_id,
                "section_47_outcome",
                min(on, add_working_days(strategy_on, 5)),
                worker,
                follows=strategy,
                s47_outcome="conference",
            )
            self._held(
                child_id,
                "initial_cp_conference",
                on,
                worker,
                follows=outcome,
                cp_decision="plan",
                category=episode.category_of_abuse or "NEG",
            )

    def _held(self, child_id: int, kind: str, on: date, by: int, *, follows: int | None = None, **extra: str) -> int:
        mid = self.b.ids.take("meeting")
        planned = on - timedelta(days=self.rng.randint(3, 14))
        stamp = self.b.stamp - timedelta(days=(self.today - on).days)
        self.chunk.meetings.append(
            MeetingRow(
                id=mid,
                child_id=child_id,
                kind=kind,
                status="held",
                held_on=on,
                follows_id=follows,
                summary="The meeting went through the worries, what is working well and next steps.",
                s47_outcome=extra.get("s47_outcome", ""),
                cp_decision=extra.get("cp_decision", ""),
                category_of_abuse=extra.get("category", ""),
                planned_on=planned,
                recorded_by_id=by,
                created_at=stamp - timedelta(days=(on - planned).days),
                updated_at=stamp,
            )
        )
        return mid


def _run_start(episodes: list[EpisodeRow], stages: frozenset[str]) -> date | None:
    """The start of the latest unbroken run of `stages` that is still open (as the meetings app counts it)."""
    return opened_on([(e.starts_on, e.ends_on) for e in episodes if e.stage in stages])


class ChildPractice:
    def __init__(self, practice: Practice, kid: Kid, record: ChildRow, episodes: list[EpisodeRow]) -> None:
        self.p = practice
        self.b = practice.b
        self.rng = practice.rng
        self.chunk = practice.chunk
        self.today = practice.today
        self.kid = kid
        self.child_id = record.id
        self.worker = record.lead_practitioner_id or 0
        self.manager = self.b.staff.manager_of_team.get(record.team_id or 0, self.worker)
        self.episodes = episodes
        current = max((e for e in episodes if e.ends_on is None), key=lambda e: (e.starts_on, e.id), default=None)
        self.stage = current.stage if current else ""
        self.stage_start = current.starts_on if current else self.today
        self.episode_id = current.id if current else None
        self.category = current.category_of_abuse if current else ""
        self.opened = _run_start(episodes, SOCIAL_CARE)
        worked = frozenset(e.stage for e in episodes) - {"contact"}
        self.involved = _run_start(episodes, worked) or self.stage_start
        born = kid.person.date_of_birth
        self.age = age_on(born, self.today) if born else 0
        self.decisions: list[tuple[date, str, int]] = []

    # --- helpers ---------------------------------------------------------------------------------

    def stamp(self, on: date) -> datetime:
        return self.b.stamp - timedelta(days=(self.today - on).days)

    def on_time(self, start: date, working_days: int, share: float = 0.8) -> date:
        """A day within `working_days` of `start` (share of the time), or some days late."""
        if self.rng.random() < share:
            return add_working_days(start, self.rng.randint(max(1, working_days // 3), working_days))
        return add_working_days(start, working_days + self.rng.randint(1, 12))

    def done(self, on: date) -> bool:
        return on <= self.today

    def meeting(self, kind: str, on: date, *, status: str = "held", follows: int | None = None, **extra: str) -> int:
        mid = self.b.ids.take("meeting")
        planned = min(on, self.today) - timedelta(days=self.rng.randint(3, 14))
        self.chunk.meetings.append(
            MeetingRow(
                id=mid,
                child_id=self.child_id,
                kind=kind,
                status=status,
                held_on=on,
                follows_id=follows,
                summary=""
                if status != "held"
                else "The meeting went through the worries, what is working well and next steps.",
                s47_outcome=extra.get("s47_outcome", ""),
                cp_decision=extra.get("cp_decision", ""),
                category_of_abuse=extra.get("category", ""),
                planned_on=planned,
                recorded_by_id=self.worker,
                created_at=self.stamp(planned),
                updated_at=self.stamp(min(on, self.today)),
            )
        )
        if status == "held" and kind in (
            "initial_cp_conference",
            "review_cp_conference",
            "cin_review",
            "looked_after_review",
        ):
            self.decisions.append((on, "meeting", mid))
        return mid

    def recurring(self, start: date, first: date, step: int, *, months: bool = False) -> list[date]:
        """Days a recurring step was done: the first on `first`, then about every `step` working
        days (or months), mostly on time; only the last HISTORY_DAYS are kept (and the first)."""
        days = [first]
        while True:
            last = days[-1]
            if months:
                due = add_months(last, step)
                nxt = (
                    due - timedelta(days=self.rng.randint(0, 14))
                    if self.rng.random() < 0.82
                    else due + timedelta(days=self.rng.randint(3, 40))
                )
            else:
                nxt = self.on_time(last, step, 0.8)
            if nxt > self.today:
                break
            days.append(nxt)
        horizon = self.today - timedelta(days=HISTORY_DAYS)
        return [d for d in days if d <= self.today and (d >= horizon or d == days[0])]

    # --- build ----------------------------------------------------------------------------------

    def build(self) -> None:
        if self.opened is not None:
            self.family_network_meeting()
            self.assessment("child_and_family", self.opened, 45)
        if self.stage == "early_help":
            self.assessment("early_help", self.stage_start, 45)
        if self.stage in ("s47", "cp"):
            self.child_protection()
        if self.stage == "cin":
            self.reviews("cin_review", self.stage_start, months=3)
        if self.stage == "lac":
            self.looked_after_reviews()
        if self.stage in PLAN_KINDS:
            self.plan()
        if self.age >= 4 and not self.kid.unborn:
            self.explanation()
        self.oversight()
        self.supervision()

    def family_network_meeting(self) -> None:
        assert self.opened is not None
        roll = self.rng.random()
        if roll < 0.1:
            return  # not held
        on = self.on_time(self.opened, 10, 0.78)
        if self.done(on):
            self.meeting("family_network_meeting", on)

    def assessment(self, kind: str, start: date, days: int) -> None:
        due = add_working_days(start, days)
        finish = self.on_time(start, days, 0.82)
        later_stage = self.stage not in ("referral", "assessment", "early_help")
        authorised = self.done(finish) and (later_stage or self.rng.random() < 0.5)
        aid = self.b.ids.take("assessment")
        completed = finish - timedelta(days=self.rng.randint(0, 3)) if authorised else None
        if completed is not None and completed < start:
            completed = start
        self.chunk.assessments.append(
            AssessmentRow(
                id=aid,
                child_id=self.child_id,
                kind=kind,
                episode_id=self.episode_id,
                starts_on=start,
                due_on=due,
                completed_on=completed,
                status="authorised" if authorised else "in_progress",
                factors=sorted(self.rng.sample(FACTORS, self.rng.randint(1, 3))),
                analysis="The family's strengths and the worries are set out with the child's own words.",
                decision="Support continues under a plan." if authorised else "",
                authorised_by_id=self.manager if authorised else None,
                authorised_at=self.stamp(finish) if authorised else None,
                authorised_on=finish if authorised else None,
                authorisation_rationale="The analysis is supported by the evidence. Agreed." if authorised else "",
                created_by_id=self.worker,
                created_at=self.stamp(start),
            )
        )
        if authorised and completed is not None:
            for status, on, by in (("submitted", completed, self.worker), ("authorised", finish, self.manager)):
                self.chunk.status_changes.append(
                    StatusChangeRow(self.b.ids.take("status_change"), aid, status, "", by, self.stamp(on), on)
                )
            self.decisions.append((finish, "assessment", aid))

    def child_protection(self) -> None:
        s47 = next((e for e in reversed(self.episodes) if e.stage == "s47"), None)
        strategy_on = s47.starts_on if s47 else self.stage_start
        strategy = self.meeting("strategy_discussion", strategy_on)
        if self.stage == "s47":
            target = add_working_days(strategy_on, 15)
            if target >= self.today:
                conference = self.meeting("initial_cp_conference", target, status="planned", follows=strategy)
                self.contributions(conference, target)
            return
        conference_on = self.stage_start
        outcome_on = min(conference_on, add_working_days(strategy_on, 5))
        self.meeting("section_47_outcome", outcome_on, follows=strategy, s47_outcome="conference")
        conference = self.meeting(
            "initial_cp_conference",
            conference_on,
            follows=strategy,
            cp_decision="plan",
            category=self.category or "NEG",
        )
        latest, latest_on = conference, conference_on
        core = self.on_time(conference_on, 10, 0.82)
        if self.done(core):
            self.meeting("core_group", core, follows=conference)
        for n, on in enumerate(self.recurring(conference_on, add_months(conference_on, 3), 6, months=True)):
            if n == 0 and self.rng.random() > 0.85:
                on = on + timedelta(days=self.rng.randint(5, 25))
            if not self.done(on):
                break
            latest = self.meeting(
                "review_cp_conference", on, follows=latest, cp_decision="continues", category=self.category or "NEG"
            )
            latest_on = on
        self.contributions(latest, latest_on)

    def contributions(self, meeting: int, on: date) -> None:
        for agency in self.rng.sample(AGENCIES, self.rng.randint(2, 4)):
            received = on - timedelta(days=self.rng.randint(2, 12))
            roll = self.rng.random()
            if roll < 0.72:
                shared: date | None = received + timedelta(days=self.rng.randint(0, max(0, (on - received).days - 1)))
            elif roll < 0.86:
                shared = on
            else:
                shared = None
            if shared is not None and shared > self.today:
                shared = None
            if received > self.today:
                continue
            self.chunk.contributions.append(
                ContributionRow(
                    id=self.b.ids.take("contribution"),
                    meeting_id=meeting,
                    agency=agency,
                    kind="report",
                    worries="Attendance and appointments have slipped this term.",
                    working_well="The child is settled with friends and trusted adults.",
                    needs_to_happen="A routine agreed with the family and the network.",
                    recommendation="Continue the plan.",
                    received_on=received,
                    shared_with_family_on=shared,
                    recorded_by_id=self.worker,
                    recorded_at=self.stamp(received),
                )
            )

    def reviews(self, kind: str, start: date, *, months: int) -> None:
        for on in self.recurring(
            start, add_months(start, months) - timedelta(days=self.rng.randint(0, 10)), months, months=True
        ):
            if self.done(on) and on >= start:
                self.meeting(kind, on)

    def looked_after_reviews(self) -> None:
        start = self.stage_start
        first = self.on_time(start, 20, 0.85)
        if not self.done(first):
            return
        self.meeting("looked_after_review", first)
        second = add_months(first, 3) - timedelta(days=self.rng.randint(0, 10))
        if not self.done(second):
            return
        self.meeting("looked_after_review", second)
        for on in self.recurring(start, add_months(second, 6), 6, months=True):
            if self.done(on):
                self.meeting("looked_after_review", on)

    def plan(self) -> None:
        if self.rng.random() < 0.08:
            return  # no plan yet
        starts = self.on_time(self.stage_start, 10, 0.88)
        if not self.done(starts):
            return
        kind = PLAN_KINDS[self.stage]
        first_due = add_working_days(starts, 20) if kind == "care_plan" else add_months(starts, 3)
        reviews = [
            d
            for d in self.recurring(starts, first_due - timedelta(days=self.rng.randint(0, 10)), 3, months=True)
            if self.done(d) and d > starts
        ]
        if self.rng.random() < 0.15 and reviews:
            reviews = reviews[:-1]
        next_review = add_months(reviews[-1], 3) if reviews else first_due
        pid = self.b.ids.take("plan")
        self.chunk.plans.append(
            PlanRow(
                id=pid,
                child_id=self.child_id,
                kind=kind,
                category_of_abuse=(self.category or "NEG") if kind == "child_protection" else "",
                starts_on=starts,
                ends_on=None,
                end_reason="",
                next_review_on=next_review,
                started_by_id=self.worker,
                created_at=self.stamp(starts),
            )
        )
        snapshot = {
            "plan": {
                "id": pid,
                "kind": kind,
                "category_of_abuse": "",
                "starts_on": starts.isoformat(),
                "ends_on": None,
                "end_reason": "",
                "next_review_on": first_due.isoformat(),
            },
            "goals": [],
            "actions": [],
            "safety": {"rules": [], "network": [], "triggers": [], "fallbacks": []},
        }
        self.chunk.plan_versions.append(
            PlanVersionRow(
                self.b.ids.take("plan_version"),
                pid,
                1,
                "started",
                snapshot,
                "Plan started",
                self.worker,
                self.stamp(starts),
                starts,
            )
        )
        goal = self.b.ids.take("plan_goal")
        self.chunk.plan_goals.append(
            PlanGoalRow(goal, pid, "We want the children to feel safe and happy at home.", "Mum", "working")
        )
        for n in range(self.rng.randint(2, 4)):
            by = starts + timedelta(days=self.rng.randint(14, 120))
            roll = self.rng.random()
            status, done_on = "not_started", None
            if by <= self.today and roll < 0.9:
                status, done_on = "done", min(self.today, by - timedelta(days=self.rng.randint(0, 10)))
                done_on = max(done_on, starts)
            elif roll < 0.9:
                status = "in_progress"
            self.chunk.plan_actions.append(
                PlanActionRow(
                    id=self.b.ids.take("plan_action"),
                    plan_id=pid,
                    goal_id=goal,
                    what=(
                        "Walk the children to school each morning",
                        "Book the health check",
                        "Hold a network meeting",
                        "Agree a weekend routine with Nan",
                    )[n],
                    owner_kind=("family_member", "agency", "practitioner", "network_member")[n],
                    owner_name=("Mum", "Health visiting team", "The practitioner", "Nan")[n],
                    by_date=by,
                    status=status,
                    done_on=done_on,
                    source="",
                    created_at=self.stamp(starts),
                )
            )
        for n, held in enumerate(reviews):
            nxt = reviews[n + 1] if n + 1 < len(reviews) else next_review
            self.chunk.plan_reviews.append(
                PlanReviewRow(
                    self.b.ids.take("plan_review"),
                    pid,
                    held,
                    max(nxt, held + timedelta(days=1)),
                    "Progress reviewed with the family.",
                    self.worker,
                    self.stamp(held),
                )
            )

    def explanation(self) -> None:
        if not self.decisions:
            return
        on, kind, source = max(self.decisions)
        roll = self.rng.random()
        if roll < 0.2:
            return
        given = self.on_time(on, 10, 0.8)
        status = "given" if self.done(given) else "draft"
        self.chunk.explanations.append(
            ExplanationRow(
                id=self.b.ids.take("explanation"),
                child_id=self.child_id,
                audience="child",
                age_band="8-12" if self.age < 13 else "13+",
                source_kind=kind,
                source_id=source,
                title="What was decided, and why",
                sections=[
                    {
                        "key": "what",
                        "heading": "What we decided",
                        "text": "We decided to keep helping your family.",
                        "picture": "",
                    }
                ],
                status=status,
                given_on=given if status == "given" else None,
                given_how="in_person" if status == "given" else "",
                created_by_id=self.worker,
                created_at=self.stamp(min(on, self.today)),
            )
        )

    def oversight(self) -> None:
        if self.rng.random() < 0.06:
            return
        first = self.on_time(self.involved, 5, 0.8)
        for on in self.recurring(self.involved, first, 3, months=True):
            if self.done(on):
                self.chunk.oversight.append(
                    OversightRow(
                        self.b.ids.take("oversight"),
                        self.child_id,
                        on,
                        self.rng.choice(DECISIONS),
                        self.rng.choice(REASONS),
                        self.manager,
                        self.stamp(on),
                    )
                )

    def supervision(self) -> None:
        if self.rng.random() < 0.05:
            return
        first = self.on_time(self.involved, 20, 0.8)
        for on in self.recurring(self.involved, first, 26):
            if self.done(on):
                self.chunk.supervision.append(
                    SupervisionRow(
                        self.b.ids.take("supervision"),
                        self.child_id,
                        on,
                        self.worker,
                        self.manager,
                        self.rng.choice(REFLECTIONS),
                        self.rng.choice(ANALYSES),
                        self.stamp(on),
                    )
                )
