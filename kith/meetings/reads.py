"""Reads about a child's meetings, for the meetings pages and for other apps.

Other apps call these, not the models:
- `meetings_due_for(child_id, today=...)`: the meetings the child should have next;
- `meeting_summary(meeting_id, today=...)`: what a meeting was, decided and why, its actions
  and the next meeting due (for the plain-language explanation written after a conference);
- `section_47_enquiries(child_id)`: the CIN census's <Section47> blocks for the child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kith.core.codes import label_for
from kith.core.timescales import Timescales, timescales
from kith.journey.codes import SOCIAL_CARE_STAGES, CategoryOfAbuse, Stage
from kith.journey.models import Episode
from kith.meetings import rules
from kith.meetings.codes import ConferenceDecision, MeetingKind, MeetingStatus, OwnerKind, Section47Outcome
from kith.meetings.models import Meeting
from kith.meetings.rules import ChildFacts, DueMeeting, MeetingFact


def meeting_fact(meeting: Meeting) -> MeetingFact:
    return MeetingFact(
        id=meeting.pk,
        kind=meeting.kind,
        on=meeting.held_on,
        status=meeting.status,
        follows_id=meeting.follows_id,
        cp_decision=meeting.cp_decision,
        s47_outcome=meeting.s47_outcome,
    )


def _facts_of(rows: list[tuple[int, str, date, str, int | None, str, str]]) -> tuple[MeetingFact, ...]:
    return tuple(MeetingFact(*row) for row in rows)


def child_facts(child_id: int, *, meetings: list[Meeting] | None = None) -> ChildFacts:
    """The dates the child's meetings are counted from, read from their episodes, and their
    meetings (pass `meetings` when the page has already read them)."""
    episodes = list(Episode.objects.filter(child_id=child_id).values_list("stage", "starts_on", "ends_on"))
    social_care = [(starts, ends) for stage, starts, ends in episodes if stage in SOCIAL_CARE_STAGES]

    def open_since(stage: str) -> date | None:
        return max((starts for s, starts, ends in episodes if s == stage and ends is None), default=None)

    if meetings is None:
        facts = _facts_of(
            list(
                Meeting.objects.filter(child_id=child_id).values_list(
                    "pk", "kind", "held_on", "status", "follows_id", "cp_decision", "s47_outcome"
                )
            )
        )
    else:
        facts = tuple(meeting_fact(m) for m in meetings)
    return ChildFacts(
        opened_on=rules.opened_on(social_care),
        in_care_since=open_since(Stage.LOOKED_AFTER),
        child_in_need_since=open_since(Stage.CHILD_IN_NEED),
        meetings=facts,
    )


def meetings_due_for(
    child_id: int, *, today: date, scales: Timescales | None = None, meetings: list[Meeting] | None = None
) -> list[DueMeeting]:
    """The meetings the child should have next, soonest first, with why each is due then."""
    facts = child_facts(child_id, meetings=meetings)
    return rules.meetings_due(facts, today=today, timescales=scales or timescales())


@dataclass(frozen=True)
class DecisionSummary:
    what: str
    rationale: str
    made_by: str


@dataclass(frozen=True)
class ActionSummary:
    what: str
    who: str  # the owner's name
    owner_kind: str  # OwnerKind label: "A family member", "An agency", ...
    by_date: date
    is_in_plan: bool


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting as an explanation for the child and family reads it."""

    id: int
    child_id: int
    kind: str
    kind_label: str
    held_on: date
    status: str
    summary: str
    outcome: str  # the section 47 outcome or the conference's decision, in words; "" if none
    category_of_abuse: str  # in words; "" if none
    decisions: list[DecisionSummary] = field(default_factory=list)
    actions: list[ActionSummary] = field(default_factory=list)
    next_due: DueMeeting | None = None


def meeting_summary(meeting_id: int, *, today: date, scales: Timescales | None = None) -> MeetingSummary:
    """What a meeting was, what it decided and why, the actions and the next meeting due."""
    meeting = Meeting.objects.get(pk=meeting_id)
    outcome = ""
    if meeting.s47_outcome:
        outcome = label_for(Section47Outcome, meeting.s47_outcome)
    elif meeting.cp_decision:
        outcome = label_for(ConferenceDecision, meeting.cp_decision)
    facts = child_facts(meeting.child_id)
    next_due = rules.next_due_after(meeting_fact(meeting), facts, today=today, timescales=scales or timescales())
    return MeetingSummary(
        id=meeting.pk,
        child_id=meeting.child_id,
        kind=meeting.kind,
        kind_label=meeting.get_kind_display(),
        held_on=meeting.held_on,
        status=meeting.status,
        summary=meeting.summary,
        outcome=outcome,
        category_of_abuse=label_for(CategoryOfAbuse, meeting.category_of_abuse) if meeting.category_of_abuse else "",
        decisions=[DecisionSummary(d.what, d.rationale, d.made_by) for d in meeting.decisions.all()],
        actions=[
            ActionSummary(a.what, a.owner_name, label_for(OwnerKind, a.owner_kind), a.by_date, a.is_in_plan)
            for a in meeting.actions.all()
        ],
        next_due=next_due,
    )


@dataclass(frozen=True)
class Section47Enquiry:
    """One <Section47> block of the CIN census."""

    meeting_id: int  # the outcome meeting
    started_on: date  # S47ActualStartDate
    initial_conference_target_on: date | None  # InitialCPCtarget
    initial_conference_on: date | None  # DateOfInitialCPC
    initial_conference_not_required: bool  # ICPCnotRequired


def section_47_enquiries(child_id: int) -> list[Section47Enquiry]:
    """The child's section 47 enquiries with a recorded outcome, oldest first. The date of the
    initial conference is the held conference that follows the same strategy discussion (or
    the outcome itself)."""
    held = list(
        Meeting.objects.filter(child_id=child_id, status=MeetingStatus.HELD).values_list(
            "pk",
            "kind",
            "held_on",
            "follows_id",
            "s47_started_on",
            "initial_conference_target_on",
            "initial_conference_not_required",
        )
    )
    conferences = [(pk, on, follows) for pk, kind, on, follows, *_ in held if kind == MeetingKind.INITIAL_CONFERENCE]
    enquiries = []
    for pk, kind, on, follows, started, target, not_required in held:
        if kind != MeetingKind.SECTION_47_OUTCOME:
            continue
        sources = {pk} | ({follows} if follows else set())
        conference = min((c_on for _, c_on, c_follows in conferences if c_follows in sources), default=None)
        enquiries.append(
            Section47Enquiry(
                meeting_id=pk,
                started_on=started or on,
                initial_conference_target_on=target,
                initial_conference_on=conference,
                initial_conference_not_required=bool(not_required),
            )
        )
    return sorted(enquiries, key=lambda e: (e.started_on, e.meeting_id))
