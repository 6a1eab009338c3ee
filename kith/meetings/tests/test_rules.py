"""The meeting timescales and checks, as plain table-driven tests: weekends, England's bank
holidays (Christmas, the Boxing Day substitute, New Year, Easter, May and August) and year ends."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.timescales import Timescales
from kith.meetings import rules
from kith.meetings.codes import ConferenceDecision, MeetingKind, MeetingStatus, Section47Outcome
from kith.meetings.rules import (
    ChildFacts,
    ContributionFact,
    DueStatus,
    MeetingFact,
    Sharing,
)

DEFAULT = Timescales()
FAR_AWAY = date(2020, 1, 1)  # "today" long before anything is due: every due date is on track

HELD, PLANNED, CANCELLED = MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CANCELLED


def held(kind: str, on: date, pk: int = 1, **extra: str) -> MeetingFact:
    return MeetingFact(id=pk, kind=kind, on=on, status=HELD, **extra)


def planned(kind: str, on: date, pk: int = 99) -> MeetingFact:
    return MeetingFact(id=pk, kind=kind, on=on, status=PLANNED)


# --- Initial conference: 15 working days after the strategy discussion ------------------------


@pytest.mark.parametrize(
    ("strategy_on", "due_on", "why"),
    [
        (date(2026, 3, 3), date(2026, 3, 24), "three ordinary weeks"),
        (date(2026, 12, 14), date(2027, 1, 7), "Christmas Day, Boxing Day substitute 28 Dec, New Year's Day"),
        (date(2027, 12, 20), date(2028, 1, 13), "Christmas and Boxing Day on a weekend: 27, 28 Dec and 3 Jan off"),
        (date(2026, 3, 27), date(2026, 4, 21), "Good Friday and Easter Monday"),
        (date(2027, 3, 19), date(2027, 4, 13), "Easter 2027"),
        (date(2026, 12, 19), date(2027, 1, 13), "a Saturday strategy discussion counts from the Monday"),
    ],
)
def test_initial_conference_is_due_15_working_days_after_the_strategy_discussion(
    strategy_on: date, due_on: date, why: str
) -> None:
    facts = ChildFacts(meetings=(held(MeetingKind.STRATEGY, strategy_on),))
    due = rules.initial_conference_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None, why
    assert due.due_on == due_on, why
    assert due.follows_id == 1


def test_the_due_sentence_says_when_and_why() -> None:
    facts = ChildFacts(meetings=(held(MeetingKind.STRATEGY, date(2026, 3, 3)),))
    due = rules.initial_conference_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None
    assert due.sentence == (
        "Initial conference due by 24 March 2026 (15 working days after the strategy discussion on 3 March 2026)"
    )


def test_a_council_may_set_its_own_period() -> None:
    facts = ChildFacts(meetings=(held(MeetingKind.STRATEGY, date(2026, 3, 3)),))
    due = rules.initial_conference_due(facts, today=FAR_AWAY, timescales=Timescales(initial_conference_working_days=10))
    assert due is not None and due.due_on == date(2026, 3, 17)


@pytest.mark.parametrize(
    ("meetings", "expect_due"),
    [
        ((held(MeetingKind.STRATEGY, date(2026, 3, 3)),), True),
        ((planned(MeetingKind.STRATEGY, date(2026, 3, 3)),), False),
        (
            (held(MeetingKind.STRATEGY, date(2026, 3, 3)), held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 20), 2)),
            False,
        ),
        (
            (
                held(MeetingKind.STRATEGY, date(2026, 3, 3)),
                held(
                    MeetingKind.SECTION_47_OUTCOME, date(2026, 3, 10), 2, s47_outcome=Section47Outcome.NOT_SUBSTANTIATED
                ),
            ),
            False,
        ),
        (
            (
                held(MeetingKind.STRATEGY, date(2026, 3, 3)),
                held(MeetingKind.SECTION_47_OUTCOME, date(2026, 3, 10), 2, s47_outcome=Section47Outcome.CONFERENCE),
            ),
            True,
        ),
        # A conference before a later strategy discussion does not answer it.
        (
            (held(MeetingKind.INITIAL_CONFERENCE, date(2025, 3, 20), 2), held(MeetingKind.STRATEGY, date(2026, 3, 3))),
            True,
        ),
    ],
)
def test_initial_conference_is_due_until_held_or_not_needed(
    meetings: tuple[MeetingFact, ...], expect_due: bool
) -> None:
    due = rules.initial_conference_due(ChildFacts(meetings=meetings), today=FAR_AWAY, timescales=DEFAULT)
    assert (due is not None) is expect_due


# --- Core group, review conferences --------------------------------------------------------------


@pytest.mark.parametrize(
    ("conference_on", "due_on"),
    [
        (date(2026, 3, 24), date(2026, 4, 9)),  # over Easter 2026
        (date(2026, 12, 18), date(2027, 1, 6)),  # over Christmas and New Year
        (date(2026, 12, 24), date(2027, 1, 12)),
        (date(2026, 8, 21), date(2026, 9, 7)),  # the August bank holiday
        (date(2026, 5, 1), date(2026, 5, 18)),  # the early May bank holiday
    ],
)
def test_first_core_group_is_due_10_working_days_after_a_conference_that_starts_a_plan(
    conference_on: date, due_on: date
) -> None:
    facts = ChildFacts(
        meetings=(held(MeetingKind.INITIAL_CONFERENCE, conference_on, cp_decision=ConferenceDecision.PLAN),)
    )
    due = rules.first_core_group_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None and due.due_on == due_on


def test_no_core_group_is_due_without_a_plan_or_once_one_is_held() -> None:
    no_plan = held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24), cp_decision=ConferenceDecision.NO_PLAN)
    assert rules.first_core_group_due(ChildFacts(meetings=(no_plan,)), today=FAR_AWAY, timescales=DEFAULT) is None
    plan = held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24), cp_decision=ConferenceDecision.PLAN)
    core = held(MeetingKind.CORE_GROUP, date(2026, 4, 2), 2)
    assert rules.first_core_group_due(ChildFacts(meetings=(plan, core)), today=FAR_AWAY, timescales=DEFAULT) is None


@pytest.mark.parametrize(
    ("meetings", "due_on", "basis"),
    [
        (
            (held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24), cp_decision=ConferenceDecision.PLAN),),
            date(2026, 6, 24),
            "3 months after the initial conference on 24 March 2026",
        ),
        (
            (held(MeetingKind.INITIAL_CONFERENCE, date(2026, 11, 30), cp_decision=ConferenceDecision.PLAN),),
            date(2027, 2, 28),
            "3 months after the initial conference on 30 November 2026",
        ),
        (
            (
                held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24), cp_decision=ConferenceDecision.PLAN),
                held(MeetingKind.REVIEW_CONFERENCE, date(2026, 8, 31), 2, cp_decision=ConferenceDecision.CONTINUES),
            ),
            date(2027, 2, 28),
            "6 months after the last review conference on 31 August 2026",
        ),
    ],
)
def test_review_conferences_within_3_months_then_every_6(
    meetings: tuple[MeetingFact, ...], due_on: date, basis: str
) -> None:
    due = rules.review_conference_due(ChildFacts(meetings=meetings), today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None
    assert (due.due_on, due.basis) == (due_on, basis)


def test_no_review_once_the_plan_ends() -> None:
    meetings = (
        held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24), cp_decision=ConferenceDecision.PLAN),
        held(MeetingKind.REVIEW_CONFERENCE, date(2026, 6, 20), 2, cp_decision=ConferenceDecision.ENDS),
    )
    assert rules.review_conference_due(ChildFacts(meetings=meetings), today=FAR_AWAY, timescales=DEFAULT) is None


# --- Family network meetings, looked after and child in need reviews --------------------------


@pytest.mark.parametrize(
    ("opened_on", "due_on"),
    [
        (date(2026, 3, 2), date(2026, 3, 16)),
        (date(2026, 12, 21), date(2027, 1, 7)),  # Christmas, Boxing Day substitute, New Year
        (date(2026, 12, 31), date(2027, 1, 15)),  # a year end
        (date(2026, 3, 28), date(2026, 4, 14)),  # a Saturday, then Easter
    ],
)
def test_family_network_meeting_is_due_10_working_days_after_opening(opened_on: date, due_on: date) -> None:
    due = rules.family_network_meeting_due(ChildFacts(opened_on=opened_on), today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None and due.due_on == due_on


def test_a_family_network_meeting_held_before_this_opening_does_not_count() -> None:
    before = held(MeetingKind.FAMILY_NETWORK, date(2025, 6, 1))
    facts = ChildFacts(opened_on=date(2026, 3, 2), meetings=(before,))
    assert rules.family_network_meeting_due(facts, today=FAR_AWAY, timescales=DEFAULT) is not None
    after = held(MeetingKind.FAMILY_NETWORK, date(2026, 3, 10), 2)
    facts = ChildFacts(opened_on=date(2026, 3, 2), meetings=(before, after))
    assert rules.family_network_meeting_due(facts, today=FAR_AWAY, timescales=DEFAULT) is None


@pytest.mark.parametrize(
    ("reviews", "due_on", "basis_starts"),
    [
        ((), date(2027, 1, 21), "20 working days after coming into care on 21 December 2026"),
        ((date(2027, 1, 20),), date(2027, 4, 20), "3 months after the first review"),
        ((date(2027, 1, 20), date(2027, 4, 15)), date(2027, 10, 15), "6 months after the last review"),
        ((date(2027, 1, 20), date(2027, 4, 15), date(2027, 10, 1)), date(2028, 4, 1), "6 months after the last review"),
    ],
)
def test_looked_after_reviews(reviews: tuple[date, ...], due_on: date, basis_starts: str) -> None:
    meetings = tuple(held(MeetingKind.LOOKED_AFTER_REVIEW, on, n) for n, on in enumerate(reviews, start=1))
    facts = ChildFacts(in_care_since=date(2026, 12, 21), meetings=meetings)
    due = rules.looked_after_review_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None
    assert due.due_on == due_on
    assert due.basis.startswith(basis_starts)


def test_child_in_need_reviews_every_3_months() -> None:
    facts = ChildFacts(child_in_need_since=date(2026, 9, 1))
    due = rules.child_in_need_review_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None and due.due_on == date(2026, 12, 1)
    facts = ChildFacts(
        child_in_need_since=date(2026, 9, 1), meetings=(held(MeetingKind.CIN_REVIEW, date(2026, 11, 30)),)
    )
    due = rules.child_in_need_review_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None and due.due_on == date(2027, 2, 28)


# --- Due soon, overdue, planned ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "planned_on", "status"),
    [
        (date(2026, 3, 25), None, DueStatus.OVERDUE),  # due 24 March
        (date(2026, 3, 24), None, DueStatus.DUE_SOON),  # due today
        (date(2026, 3, 17), None, DueStatus.DUE_SOON),  # five working days away
        (date(2026, 3, 16), None, DueStatus.ON_TRACK),  # six working days away
        (date(2026, 3, 10), date(2026, 3, 20), DueStatus.PLANNED),
        (date(2026, 3, 10), date(2026, 3, 24), DueStatus.PLANNED),
        (date(2026, 3, 10), date(2026, 3, 26), DueStatus.PLANNED_LATE),
        (date(2026, 3, 25), date(2026, 3, 20), DueStatus.OVERDUE),  # planned, passed, not recorded as held
    ],
)
def test_due_status(today: date, planned_on: date | None, status: DueStatus) -> None:
    assert rules.due_status(due_on=date(2026, 3, 24), planned_on=planned_on, today=today) is status


def test_a_planned_conference_shows_on_what_is_due() -> None:
    meetings = (
        held(MeetingKind.STRATEGY, date(2026, 3, 3)),
        planned(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 20)),
    )
    due = rules.meetings_due(ChildFacts(meetings=meetings), today=date(2026, 3, 10), timescales=DEFAULT)
    assert [(d.kind, d.status, d.planned_on, d.planned_id) for d in due] == [
        (MeetingKind.INITIAL_CONFERENCE, DueStatus.PLANNED, date(2026, 3, 20), 99)
    ]


def test_everything_due_comes_soonest_first() -> None:
    facts = ChildFacts(
        opened_on=date(2026, 3, 2),
        child_in_need_since=date(2026, 3, 2),
        meetings=(held(MeetingKind.STRATEGY, date(2026, 3, 3)),),
    )
    due = rules.meetings_due(facts, today=FAR_AWAY, timescales=DEFAULT)
    assert [d.kind for d in due] == [MeetingKind.FAMILY_NETWORK, MeetingKind.INITIAL_CONFERENCE, MeetingKind.CIN_REVIEW]


def test_next_due_after_a_conference_is_its_core_group() -> None:
    conference = held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24), cp_decision=ConferenceDecision.PLAN)
    facts = ChildFacts(meetings=(conference,))
    due = rules.next_due_after(conference, facts, today=FAR_AWAY, timescales=DEFAULT)
    assert due is not None and due.kind == MeetingKind.CORE_GROUP and due.due_on == date(2026, 4, 9)


# --- Opening to children's social care ---------------------------------------------------------


@pytest.mark.parametrize(
    ("periods", "opened"),
    [
        ([], None),
        ([(date(2026, 1, 5), date(2026, 2, 1))], None),  # closed
        ([(date(2026, 1, 5), None)], date(2026, 1, 5)),
        # referral → assessment → child in need, each starting the day the last ended: one opening
        (
            [(date(2026, 1, 5), date(2026, 1, 9)), (date(2026, 1, 9), date(2026, 3, 1)), (date(2026, 3, 1), None)],
            date(2026, 1, 5),
        ),
        # closed, then referred again later: a new opening
        ([(date(2025, 1, 5), date(2025, 6, 1)), (date(2026, 2, 2), None)], date(2026, 2, 2)),
    ],
)
def test_opened_on(periods: list[tuple[date, date | None]], opened: date | None) -> None:
    assert rules.opened_on(periods) == opened


# --- Checks ----------------------------------------------------------------------------------------


def test_a_conference_before_its_strategy_discussion_is_refused() -> None:
    strategy = held(MeetingKind.STRATEGY, date(2026, 3, 3))
    problem = rules.follows_problem(kind=MeetingKind.INITIAL_CONFERENCE, on=date(2026, 3, 2), follows=strategy)
    assert problem == ("held_on", "The conference must be on or after the strategy discussion on 3 March 2026")
    assert rules.follows_problem(kind=MeetingKind.INITIAL_CONFERENCE, on=date(2026, 3, 3), follows=strategy) is None


def test_a_core_group_before_the_initial_conference_is_refused() -> None:
    conference = held(MeetingKind.INITIAL_CONFERENCE, date(2026, 3, 24))
    problem = rules.follows_problem(kind=MeetingKind.CORE_GROUP, on=date(2026, 3, 23), follows=conference)
    assert problem == ("held_on", "The core group must be on or after the initial conference on 24 March 2026")


@pytest.mark.parametrize(
    ("kind", "follows_kind", "message"),
    [
        (
            MeetingKind.CORE_GROUP,
            MeetingKind.STRATEGY,
            "A core group follows an initial conference or a review conference",
        ),
        (
            MeetingKind.INITIAL_CONFERENCE,
            MeetingKind.CORE_GROUP,
            "An initial conference follows an outcome of the section 47 enquiry or a strategy discussion",
        ),
    ],
)
def test_a_meeting_of_the_wrong_kind_cannot_be_followed(kind: str, follows_kind: str, message: str) -> None:
    problem = rules.follows_problem(kind=kind, on=date(2026, 5, 1), follows=held(follows_kind, date(2026, 3, 3)))
    assert problem is not None and problem[0] == "follows" and problem[1].startswith(message)


def test_a_cancelled_meeting_cannot_be_followed() -> None:
    cancelled = MeetingFact(id=1, kind=MeetingKind.STRATEGY, on=date(2026, 3, 3), status=CANCELLED)
    problem = rules.follows_problem(kind=MeetingKind.INITIAL_CONFERENCE, on=date(2026, 3, 20), follows=cancelled)
    assert problem is not None and "was cancelled" in problem[1]


@pytest.mark.parametrize(
    ("what", "rationale", "problem"),
    [
        ("Child protection plan", "", ("rationale", "Enter the reason for this decision")),
        ("Child protection plan", "   ", ("rationale", "Enter the reason for this decision")),
        ("", "Because", ("what", "Enter what was decided")),
        ("Child protection plan", "Jay is frightened at home", None),
    ],
)
def test_a_decision_needs_a_reason(what: str, rationale: str, problem: tuple[str, str] | None) -> None:
    assert rules.decision_problem(what=what, rationale=rationale) == problem


@pytest.mark.parametrize(
    ("kind", "s47", "decision", "category", "field"),
    [
        (MeetingKind.SECTION_47_OUTCOME, "", "", "", "s47_outcome"),
        (MeetingKind.SECTION_47_OUTCOME, Section47Outcome.CONFERENCE, "", "", None),
        (MeetingKind.INITIAL_CONFERENCE, "", "", "", "cp_decision"),
        (MeetingKind.INITIAL_CONFERENCE, "", ConferenceDecision.CONTINUES, "", "cp_decision"),
        (MeetingKind.INITIAL_CONFERENCE, "", ConferenceDecision.PLAN, "", "category_of_abuse"),
        (MeetingKind.INITIAL_CONFERENCE, "", ConferenceDecision.PLAN, "NEG", None),
        (MeetingKind.INITIAL_CONFERENCE, "", ConferenceDecision.NO_PLAN, "", None),
        (MeetingKind.REVIEW_CONFERENCE, "", ConferenceDecision.ENDS, "", None),
        (MeetingKind.REVIEW_CONFERENCE, "", ConferenceDecision.CONTINUES, "", "category_of_abuse"),
        (MeetingKind.CORE_GROUP, "", "", "", None),
    ],
)
def test_what_a_held_meeting_must_record(kind: str, s47: str, decision: str, category: str, field: str | None) -> None:
    problem = rules.outcome_problem(kind=kind, s47_outcome=s47, cp_decision=decision, category_of_abuse=category)
    assert (problem[0] if problem else None) == field


@pytest.mark.parametrize(
    ("role", "brought", "reason", "problem"),
    [
        ("child", "", "", ("views_brought", "Select how Jay's views were brought to the meeting")),
        ("child", "not_sought", "", ("views_not_sought_reason", "Enter why Jay's views were not sought")),
        ("child", "not_sought", "He is six weeks old", None),
        ("child", "advocate", "", None),
        ("parent_carer", "", "", None),
    ],
)
def test_the_childs_views(role: str, brought: str, reason: str, problem: tuple[str, str] | None) -> None:
    assert rules.views_problem(role=role, views_brought=brought, reason=reason, who="Jay") == problem


@pytest.mark.parametrize(
    ("owner_kind", "owner_name", "by_date", "field"),
    [
        ("agency", "", date(2026, 4, 1), "owner_name"),
        ("", "School", date(2026, 4, 1), "owner_kind"),
        ("agency", "School", None, "by_date"),
        ("agency", "School", date(2026, 4, 1), None),
    ],
)
def test_an_action_needs_an_owner_and_a_date(
    owner_kind: str, owner_name: str, by_date: date | None, field: str | None
) -> None:
    problem = rules.action_problem(
        what="Walk Jay to school", owner_kind=owner_kind, owner_name=owner_name, by_date=by_date
    )
    assert (problem[0] if problem else None) == field


@pytest.mark.parametrize(
    ("kind", "has_document", "report", "received", "shared", "field"),
    [
        ("document", False, [], date(2026, 3, 1), None, "document"),
        ("document", True, [], date(2026, 3, 1), None, None),
        ("report", False, ["", " "], date(2026, 3, 1), None, "worries"),
        ("report", False, ["Missed school"], date(2026, 3, 1), date(2026, 2, 28), "shared_with_family_on"),
        ("report", False, ["Missed school"], date(2026, 3, 11), None, "received_on"),
        ("report", False, ["Missed school"], date(2026, 3, 1), date(2026, 3, 11), "shared_with_family_on"),
        ("report", False, ["Missed school"], date(2026, 3, 1), date(2026, 3, 1), None),
    ],
)
def test_contribution_checks(
    kind: str, has_document: bool, report: list[str], received: date, shared: date | None, field: str | None
) -> None:
    problem = rules.contribution_problem(
        kind=kind,
        has_document=has_document,
        report=report,
        received_on=received,
        shared_on=shared,
        today=date(2026, 3, 10),
    )
    assert (problem[0] if problem else None) == field


# --- Sharing with the family -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shared_on", "today", "sharing"),
    [
        (date(2026, 3, 20), date(2026, 3, 30), Sharing.IN_TIME),
        (date(2026, 3, 24), date(2026, 3, 30), Sharing.ON_THE_DAY),
        (date(2026, 3, 25), date(2026, 3, 30), Sharing.LATE),
        (None, date(2026, 3, 20), Sharing.NOT_YET),
        (None, date(2026, 3, 24), Sharing.NOT_YET),
        (None, date(2026, 3, 25), Sharing.NOT_SHARED),
    ],
)
def test_sharing_with_the_family_before_the_meeting(shared_on: date | None, today: date, sharing: Sharing) -> None:
    assert rules.sharing_status(shared_on=shared_on, meeting_on=date(2026, 3, 24), today=today) is sharing


def test_the_gaps_before_a_conference() -> None:
    gaps = rules.contribution_gaps(
        invited_agencies=["Riverside Primary School", "Police", "Health visiting", "  police "],
        contributions=[
            ContributionFact("riverside primary school", date(2026, 3, 20)),
            ContributionFact("Health visiting", None),
            ContributionFact("Housing", date(2026, 3, 25)),
            ContributionFact("GP", date(2026, 3, 24)),
        ],
        meeting_on=date(2026, 3, 24),
        today=date(2026, 3, 22),
    )
    assert gaps.not_contributed == ("Police",)
    assert gaps.not_shared == ("Health visiting",)
    assert gaps.shared_on_the_day == ("GP",)
    assert gaps.shared_late == ("Housing",)
    assert not gaps.is_clear


def test_no_gaps_when_everything_reached_the_family() -> None:
    gaps = rules.contribution_gaps(
        invited_agencies=["School"],
        contributions=[ContributionFact("School", date(2026, 3, 20))],
        meeting_on=date(2026, 3, 24),
        today=date(2026, 3, 22),
    )
    assert gaps.is_clear


def test_the_cin_census_section_47_fields() -> None:
    assert rules.initial_conference_target(s47_started_on=date(2026, 12, 14), timescales=DEFAULT) == date(2027, 1, 7)
    assert rules.conference_not_required(Section47Outcome.CONFERENCE) is False
    assert rules.conference_not_required(Section47Outcome.NOT_SUBSTANTIATED) is True


@pytest.mark.parametrize(
    ("on", "words"), [(date(2026, 3, 3), "3 March 2026"), (date(2027, 12, 31), "31 December 2027")]
)
def test_long_date(on: date, words: str) -> None:
    assert rules.long_date(on) == words
