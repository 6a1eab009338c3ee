"""Pure rules for meetings: when each meeting is due, whether agencies' information reached the
family in time, and what cannot be recorded.

Timescales are counted in working days with England's bank holidays (`kith.core.rules`), from
the council's `Timescales`:
- a family network meeting 10 working days after the child is opened to children's social care
  (the council's practice standard);
- the initial child protection conference 15 working days after the strategy discussion
  (Working Together 2023), unless the section 47 enquiry finds a conference is not needed;
- the first core group 10 working days after the initial conference that starts a plan;
- the first review conference within 3 months of the initial conference, then every 6 months
  while the plan continues;
- looked after reviews within 20 working days of coming into care, the second 3 months after
  the first, then every 6 months (the Care Planning Regulations 2010);
- child in need reviews every 3 months.

Nothing here reads the clock or the database: callers pass `today`, the facts and the timescales.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kith.core.rules import add_months, add_working_days
from kith.core.timescales import Timescales
from kith.meetings.codes import (
    CONFERENCES,
    PLAN_IN_PLACE,
    SHORT_NAME,
    ConferenceDecision,
    ContributionKind,
    MeetingKind,
    MeetingStatus,
    ParticipantRole,
    Section47Outcome,
    ViewsBrought,
)

# A meeting due within this many working days is "due soon": a week's notice to invite people.
DUE_SOON_WORKING_DAYS = 5

Problem = tuple[str, str]  # (the form field at fault, what to do), "__all__" for the whole form


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(on: date) -> str:
    """3 March 2026: the GOV.UK style, the same in any locale."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


# --- Facts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFact:
    """What the rules need to know about one of the child's meetings."""

    id: int
    kind: str
    on: date  # the date it is planned for, or was held on
    status: str
    follows_id: int | None = None
    cp_decision: str = ""
    s47_outcome: str = ""

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED


@dataclass(frozen=True)
class ChildFacts:
    """The dates the child's meetings are counted from, and their meetings so far."""

    opened_on: date | None = None  # opened to children's social care (the current opening)
    in_care_since: date | None = None  # the current period of being looked after
    child_in_need_since: date | None = None  # the current child in need stage
    meetings: tuple[MeetingFact, ...] = ()


# --- What is due ------------------------------------------------------------------------------


class DueStatus(enum.Enum):
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    ON_TRACK = "Not due yet"
    PLANNED = "Planned"
    PLANNED_LATE = "Planned after the due date"

    @property
    def tag_colour(self) -> str:
        return {
            DueStatus.OVERDUE: "red",
            DueStatus.DUE_SOON: "yellow",
            DueStatus.ON_TRACK: "grey",
            DueStatus.PLANNED: "blue",
            DueStatus.PLANNED_LATE: "orange",
        }[self]


@dataclass(frozen=True)
class DueMeeting:
    """A meeting the child should have, by when, and why then."""

    kind: str
    due_on: date
    basis: str  # "15 working days after the strategy discussion on 3 March 2026"
    status: DueStatus
    follows_id: int | None = None  # the meeting it would follow, to plan it from there
    planned_on: date | None = None
    planned_id: int | None = None

    @property
    def label(self) -> str:
        return _capital(SHORT_NAME.get(self.kind, self.kind))

    @property
    def sentence(self) -> str:
        """Initial conference due by 24 March 2026 (15 working days after the strategy discussion on 3 March 2026)"""
        return f"{self.label} due by {long_date(self.due_on)} ({self.basis})"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _latest(meetings: Iterable[MeetingFact]) -> MeetingFact | None:
    return max(meetings, key=lambda m: (m.on, m.id), default=None)


def _held(facts: ChildFacts, *kinds: str, since: date | None = None) -> list[MeetingFact]:
    return [m for m in facts.meetings if m.is_held and m.kind in kinds and (since is None or m.on >= since)]


def due_status(*, due_on: date, planned_on: date | None, today: date) -> DueStatus:
    """Planned meetings are judged by their planned date; the rest by how near the due date is."""
    if planned_on is not None and planned_on >= today:
        return DueStatus.PLANNED_LATE if planned_on > due_on else DueStatus.PLANNED
    if due_on < today:
        return DueStatus.OVERDUE
    if due_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return DueStatus.DUE_SOON
    return DueStatus.ON_TRACK


def _due(
    facts: ChildFacts, kind: str, due_on: date, basis: str, *, since: date, today: date, follows: int | None = None
) -> DueMeeting:
    planned = [m for m in facts.meetings if m.is_planned and m.kind == kind and m.on >= since and m.on >= today]
    first = min(planned, key=lambda m: (m.on, m.id), default=None)
    planned_on = first.on if first else None
    return DueMeeting(
        kind=kind,
        due_on=due_on,
        basis=basis,
        status=due_status(due_on=due_on, planned_on=planned_on, today=today),
        follows_id=follows,
        planned_on=planned_on,
        planned_id=first.id if first else None,
    )


def family_network_meeting_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> DueMeeting | None:
    """Due 10 working days after the child is opened to children's social care, until one is held."""
    opened = facts.opened_on
    if opened is None or _held(facts, MeetingKind.FAMILY_NETWORK, since=opened):
        return None
    days = timescales.family_network_meeting_working_days
    basis = f"{days} working days after opening to children's social care on {long_date(opened)}"
    return _due(facts, MeetingKind.FAMILY_NETWORK, add_working_days(opened, days), basis, since=opened, today=today)


def initial_conference_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> DueMeeting | None:
    """Due 15 working days after the latest strategy discussion, until a conference is held or
    the section 47 enquiry finds one is not needed."""
    strategy = _latest(_held(facts, MeetingKind.STRATEGY))
    if strategy is None or _held(facts, MeetingKind.INITIAL_CONFERENCE, since=strategy.on):
        return None
    outcomes = _held(facts, MeetingKind.SECTION_47_OUTCOME, since=strategy.on)
    if any(m.s47_outcome and m.s47_outcome != Section47Outcome.CONFERENCE for m in outcomes):
        return None
    days = timescales.initial_conference_working_days
    basis = f"{days} working days after the strategy discussion on {long_date(strategy.on)}"
    due_on = add_working_days(strategy.on, days)
    return _due(
        facts, MeetingKind.INITIAL_CONFERENCE, due_on, basis, since=strategy.on, today=today, follows=strategy.id
    )


def first_core_group_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> DueMeeting | None:
    """Due 10 working days after the initial conference that started a child protection plan."""
    conference = _latest(_held(facts, MeetingKind.INITIAL_CONFERENCE))
    if conference is None or conference.cp_decision != ConferenceDecision.PLAN:
        return None
    if _held(facts, MeetingKind.CORE_GROUP, since=conference.on):
        return None
    days = timescales.first_core_group_working_days
    basis = f"{days} working days after the initial conference on {long_date(conference.on)}"
    due_on = add_working_days(conference.on, days)
    return _due(facts, MeetingKind.CORE_GROUP, due_on, basis, since=conference.on, today=today, follows=conference.id)


def review_conference_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> DueMeeting | None:
    """Within 3 months of the initial conference, then every 6 months while the plan continues."""
    latest = _latest(_held(facts, *CONFERENCES))
    if latest is None or latest.cp_decision not in PLAN_IN_PLACE:
        return None
    if latest.kind == MeetingKind.INITIAL_CONFERENCE:
        months, after = timescales.first_review_conference_months, "the initial conference"
    else:
        months, after = timescales.later_review_conference_months, "the last review conference"
    basis = f"{_months(months)} after {after} on {long_date(latest.on)}"
    due_on = add_months(latest.on, months)
    return _due(facts, MeetingKind.REVIEW_CONFERENCE, due_on, basis, since=latest.on, today=today, follows=latest.id)


def looked_after_review_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> DueMeeting | None:
    """The first within 20 working days of coming into care, the second 3 months later, then every 6 months."""
    since = facts.in_care_since
    if since is None:
        return None
    reviews = sorted(_held(facts, MeetingKind.LOOKED_AFTER_REVIEW, since=since), key=lambda m: (m.on, m.id))
    if not reviews:
        days = timescales.first_looked_after_review_working_days
        due_on = add_working_days(since, days)
        basis = f"{days} working days after coming into care on {long_date(since)}"
    elif len(reviews) == 1:
        months = timescales.second_looked_after_review_months
        due_on = add_months(reviews[0].on, months)
        basis = f"{_months(months)} after the first review on {long_date(reviews[0].on)}"
    else:
        months = timescales.later_looked_after_review_months
        due_on = add_months(reviews[-1].on, months)
        basis = f"{_months(months)} after the last review on {long_date(reviews[-1].on)}"
    return _due(facts, MeetingKind.LOOKED_AFTER_REVIEW, due_on, basis, since=since, today=today)


def child_in_need_review_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> DueMeeting | None:
    """Every 3 months from the start of the child in need stage."""
    since = facts.child_in_need_since
    if since is None:
        return None
    months = timescales.child_in_need_review_months
    last = _latest(_held(facts, MeetingKind.CIN_REVIEW, since=since))
    if last is None:
        basis = f"{_months(months)} after the child in need stage started on {long_date(since)}"
        due_on = add_months(since, months)
    else:
        basis = f"{_months(months)} after the last review on {long_date(last.on)}"
        due_on = add_months(last.on, months)
    return _due(facts, MeetingKind.CIN_REVIEW, due_on, basis, since=since, today=today)


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


RULES = (
    family_network_meeting_due,
    initial_conference_due,
    first_core_group_due,
    review_conference_due,
    looked_after_review_due,
    child_in_need_review_due,
)


def meetings_due(facts: ChildFacts, *, today: date, timescales: Timescales) -> list[DueMeeting]:
    """Every meeting the child should have next, soonest first."""
    due = [rule(facts, today=today, timescales=timescales) for rule in RULES]
    return sorted((d for d in due if d is not None), key=lambda d: (d.due_on, d.kind))


def next_due_after(
    meeting: MeetingFact, facts: ChildFacts, *, today: date, timescales: Timescales
) -> DueMeeting | None:
    """The next meeting due after `meeting`: for a conference, the core group or review it
    leads to; for a review, the next review. For the explanation written after a meeting."""
    leads_to: dict[str, tuple[str, ...]] = {
        MeetingKind.STRATEGY: (MeetingKind.INITIAL_CONFERENCE,),
        MeetingKind.SECTION_47_OUTCOME: (MeetingKind.INITIAL_CONFERENCE,),
        MeetingKind.INITIAL_CONFERENCE: (MeetingKind.CORE_GROUP, MeetingKind.REVIEW_CONFERENCE),
        MeetingKind.REVIEW_CONFERENCE: (MeetingKind.REVIEW_CONFERENCE,),
        MeetingKind.CORE_GROUP: (MeetingKind.REVIEW_CONFERENCE,),
    }
    kinds = leads_to.get(meeting.kind, (meeting.kind,))
    due = meetings_due(facts, today=today, timescales=timescales)
    return next((d for d in due if d.kind in kinds), None)


def opened_on(periods: Sequence[tuple[date, date | None]]) -> date | None:
    """The day the child's current opening to children's social care began: the start of the
    latest unbroken run of social care stages that is still open (a referral that became an
    assessment and then child in need is one opening). `periods` are (starts_on, ends_on)."""
    ordered = sorted(periods, key=lambda p: p[0])
    if not ordered or all(ends is not None for _, ends in ordered):
        return None
    start, reach = ordered[0][0], ordered[0][1]
    for starts, ends in ordered[1:]:
        if reach is not None and starts > reach:
            start = starts  # a gap: a new opening
        reach = None if reach is None or ends is None else max(reach, ends)
    return start


# --- Checks -----------------------------------------------------------------------------------

# The kinds of meeting each kind may follow.
MAY_FOLLOW: dict[str, frozenset[str]] = {
    MeetingKind.SECTION_47_OUTCOME: frozenset({MeetingKind.STRATEGY}),
    MeetingKind.INITIAL_CONFERENCE: frozenset({MeetingKind.STRATEGY, MeetingKind.SECTION_47_OUTCOME}),
    MeetingKind.CORE_GROUP: frozenset({MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE}),
    MeetingKind.REVIEW_CONFERENCE: frozenset({MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE}),
}


def _a(name: str) -> str:
    return f"an {name}" if name[:1] in "aeiou" else f"a {name}"


def _subject(kind: str) -> str:
    return "conference" if kind in CONFERENCES else SHORT_NAME.get(kind, "meeting")


def follows_problem(*, kind: str, on: date, follows: MeetingFact | None) -> Problem | None:
    """A meeting cannot come before the one it follows (a conference before its strategy
    discussion, a core group before its conference), nor follow a meeting of the wrong kind."""
    if follows is None:
        return None
    allowed = MAY_FOLLOW.get(kind)
    if allowed is not None and follows.kind not in allowed:
        names = " or ".join(_a(SHORT_NAME[k]) for k in sorted(allowed, key=lambda k: SHORT_NAME[k]))
        return "follows", f"{_capital(_a(SHORT_NAME.get(kind, 'meeting')))} follows {names}"
    if follows.status == MeetingStatus.CANCELLED:
        return "follows", f"The {SHORT_NAME.get(follows.kind, 'meeting')} it follows was cancelled. Choose another"
    if on < follows.on:
        return (
            "held_on",
            f"The {_subject(kind)} must be on or after the {SHORT_NAME.get(follows.kind, 'meeting')} "
            f"on {long_date(follows.on)}",
        )
    return None


def held_problem(*, held_on: date, today: date) -> Problem | None:
    if held_on > today:
        return "held_on", "The date it was held must be today or in the past"
    return None


def outcome_problem(*, kind: str, s47_outcome: str, cp_decision: str, category_of_abuse: str) -> Problem | None:
    """What a held meeting must record: a section 47 enquiry's outcome; a conference's decision
    on a plan and, where there is a plan, the category of abuse."""
    if kind == MeetingKind.SECTION_47_OUTCOME and not s47_outcome:
        return "s47_outcome", "Select the outcome of the section 47 enquiry"
    if kind in CONFERENCES:
        allowed = (
            (ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN)
            if kind == MeetingKind.INITIAL_CONFERENCE
            else (ConferenceDecision.CONTINUES, ConferenceDecision.ENDS)
        )
        if cp_decision not in allowed:
            return "cp_decision", "Select the conference's decision on a child protection plan"
        if cp_decision in PLAN_IN_PLACE and not category_of_abuse:
            return "category_of_abuse", "Select the category of abuse"
    return None


def views_problem(*, role: str, views_brought: str, reason: str, who: str = "the child") -> Problem | None:
    """A child taking part in a held meeting has their views brought somehow, or a reason they were not sought."""
    if role != ParticipantRole.CHILD:
        return None
    if not views_brought:
        return "views_brought", f"Select how {who}'s views were brought to the meeting"
    if views_brought == ViewsBrought.NOT_SOUGHT and not reason.strip():
        return "views_not_sought_reason", f"Enter why {who}'s views were not sought"
    return None


def decision_problem(*, what: str, rationale: str) -> Problem | None:
    """Every decision is explained: one with no reason is refused."""
    if not what.strip():
        return "what", "Enter what was decided"
    if not rationale.strip():
        return "rationale", "Enter the reason for this decision"
    return None


def action_problem(*, what: str, owner_kind: str, owner_name: str, by_date: date | None) -> Problem | None:
    if not what.strip():
        return "what", "Enter what needs to happen"
    if not owner_kind:
        return "owner_kind", "Select who will do this"
    if not owner_name.strip():
        return "owner_name", "Enter the name of who will do this"
    if by_date is None:
        return "by_date", "Enter the date it needs to be done by"
    return None


def contribution_problem(
    *,
    kind: str,
    has_document: bool,
    report: Sequence[str],
    received_on: date,
    shared_on: date | None,
    today: date,
) -> Problem | None:
    """A document needs its file; a report needs something in it; dates must make sense."""
    if kind == ContributionKind.DOCUMENT and not has_document:
        return "document", "Select a document to upload"
    if kind == ContributionKind.REPORT and not any(text.strip() for text in report):
        return "worries", "Enter what the agency is worried about, what is working well or what needs to happen"
    if received_on > today:
        return "received_on", "Date received must be today or in the past"
    if shared_on is not None and shared_on > today:
        return "shared_with_family_on", "Date shared with the family must be today or in the past"
    if shared_on is not None and shared_on < received_on:
        return "shared_with_family_on", "Date shared with the family must be the same as or after the date received"
    return None


# --- Sharing with the family ------------------------------------------------------------------


class Sharing(enum.Enum):
    IN_TIME = "Shared before the meeting"
    ON_THE_DAY = "Shared on the day of the meeting"
    LATE = "Shared late"
    NOT_YET = "Not shared with the family yet"
    NOT_SHARED = "Not shared with the family"

    @property
    def tag_colour(self) -> str:
        return {
            Sharing.IN_TIME: "green",
            Sharing.ON_THE_DAY: "orange",
            Sharing.LATE: "red",
            Sharing.NOT_YET: "yellow",
            Sharing.NOT_SHARED: "red",
        }[self]

    @property
    def is_in_time(self) -> bool:
        return self is Sharing.IN_TIME


def sharing_status(*, shared_on: date | None, meeting_on: date, today: date) -> Sharing:
    """Agencies send their information to the family ahead of the meeting, so the family can
    read it before they sit down with everyone: shared before the day is in time; on the day is
    too late to read properly; after it is late."""
    if shared_on is None:
        return Sharing.NOT_YET if today <= meeting_on else Sharing.NOT_SHARED
    if shared_on < meeting_on:
        return Sharing.IN_TIME
    if shared_on == meeting_on:
        return Sharing.ON_THE_DAY
    return Sharing.LATE


@dataclass(frozen=True)
class ContributionFact:
    agency: str
    shared_on: date | None


@dataclass(frozen=True)
class ContributionGaps:
    """Invited agencies that have sent nothing, and contributions that did not reach the family in time."""

    not_contributed: tuple[str, ...]
    not_shared: tuple[str, ...]
    shared_on_the_day: tuple[str, ...]
    shared_late: tuple[str, ...]

    @property
    def is_clear(self) -> bool:
        return not (self.not_contributed or self.not_shared or self.shared_on_the_day or self.shared_late)


def _key(agency: str) -> str:
    return " ".join(agency.casefold().split())


def contribution_gaps(
    *, invited_agencies: Iterable[str], contributions: Iterable[ContributionFact], meeting_on: date, today: date
) -> ContributionGaps:
    contributions = list(contributions)
    contributed = {_key(c.agency) for c in contributions}
    missing: dict[str, str] = {}
    for agency in invited_agencies:
        if agency.strip() and _key(agency) not in contributed:
            missing.setdefault(_key(agency), agency.strip())
    by_status: dict[Sharing, list[str]] = {}
    for c in contributions:
        status = sharing_status(shared_on=c.shared_on, meeting_on=meeting_on, today=today)
        by_status.setdefault(status, []).append(c.agency)
    return ContributionGaps(
        not_contributed=tuple(sorted(missing.values(), key=str.casefold)),
        not_shared=tuple(by_status.get(Sharing.NOT_YET, []) + by_status.get(Sharing.NOT_SHARED, [])),
        shared_on_the_day=tuple(by_status.get(Sharing.ON_THE_DAY, [])),
        shared_late=tuple(by_status.get(Sharing.LATE, [])),
    )


def initial_conference_target(*, s47_started_on: date, timescales: Timescales) -> date:
    """The CIN census's InitialCPCtarget: 15 working days from the strategy discussion that began
    the section 47 enquiry."""
    return add_working_days(s47_started_on, timescales.initial_conference_working_days)


def conference_not_required(outcome: str) -> bool:
    """The CIN census's ICPCnotRequired: any outcome but a conference."""
    return outcome != Section47Outcome.CONFERENCE
