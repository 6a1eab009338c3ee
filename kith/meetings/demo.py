"""Synthetic meetings for the demo borough, made through the app's own actions.

For children on a child protection plan: a strategy discussion 10 to 18 working days before the
initial conference (the day their plan started), the section 47 outcome between them, the
conference with the child, a parent, the chair and the school, health and the police invited,
agency reports received in the days before (some shared with the family in time, some late,
some not at all, and now and then an agency that sent nothing), core groups and reviews. For
every child open to children's social care, a family network meeting (most within the 10
working days, some later, a few not yet); child in need reviews; looked after reviews.

Every word is invented and generic. The same `rng` gives the same meetings.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from kith.core.models import User
from kith.core.rules import add_months, add_working_days
from kith.journey.codes import SOCIAL_CARE_STAGES, Stage
from kith.journey.models import Episode
from kith.meetings import rules
from kith.meetings.actions import (
    AttendanceRecord,
    MeetingRefused,
    do_add_contribution,
    do_add_meeting_action,
    do_add_participant,
    do_plan_meeting,
    do_record_decision,
    do_record_meeting_held,
)
from kith.meetings.codes import MeetingKind, ParticipantRole, ViewsBrought
from kith.meetings.models import Meeting
from kith.meetings.plan_link import current_plan
from kith.people.models import Child, Connection, Relationship

WORRIES = (
    "{child} has been late or absent on {n} days this half term and sometimes arrives hungry.",
    "Officers attended the home twice after arguments between adults; {child} was present once.",
    "{child} has missed two health appointments and a check on their growth is overdue.",
    "{child} has told staff they do not like going home on Fridays.",
)
WORKING_WELL = (
    "{child} is settled in class and has a close friend they play with every day.",
    "{parent} came to every appointment this month and asked for help with routines.",
    "Nan collects {child} twice a week and {child} talks about her warmly.",
    "{child} enjoys football club and the coach says they are always on time there.",
)
NEEDS_TO_HAPPEN = (
    "A morning routine agreed with the family, with the network helping on hard days.",
    "The adults agree how arguments will be handled when {child} is at home.",
    "{parent} is supported to get to health appointments, with transport if needed.",
)
RECOMMENDATIONS = (
    "A child protection plan under the category agreed by the conference.",
    "Support as a child in need, with a review in three months.",
    "Continue the plan; progress is real but not yet steady.",
)
DECISIONS = (
    (
        "{child} needs a child protection plan.",
        "The worries about {child}'s care are serious and continuing, and the "
        "network is not yet strong enough to keep {child} safe without a plan.",
    ),
    (
        "A family network meeting will be held within two weeks.",
        "{parent} named people who could help; the network needs to meet to agree who does what.",
    ),
)
ACTIONS = (
    ("Walk {child} to school each morning", "family_member", "{parent}"),
    ("Check {child} has had breakfast and tell the practitioner if not", "agency", "{school}"),
    ("Hold a family network meeting", "practitioner", "{worker}"),
    ("Book the missed health check and go with {parent}", "agency", "Health visiting team"),
)
VIEWS = (
    ViewsBrought.THROUGH_WORKER,
    ViewsBrought.WRITING_DRAWING,
    ViewsBrought.ADVOCATE,
    ViewsBrought.IN_PERSON,
    ViewsBrought.RECORDING,
)
CORE_GROUP_EVERY_DAYS = (35, 49)


@dataclass
class Family:
    """The names a meeting about one child needs."""

    child: Child
    parent: str
    school: str
    health: str
    worker: str

    def words(self, text: str, rng: random.Random) -> str:
        return text.format(
            child=self.child.person.known_as,
            parent=self.parent,
            school=self.school,
            worker=self.worker,
            n=rng.randint(3, 9),
        )


class Seeder:
    def __init__(self, *, by: User, today: date, rng: random.Random) -> None:
        self.by, self.today, self.rng = by, today, rng
        self.made = 0

    def plan(self, family: Family, kind: str, on: date, follows: Meeting | None = None) -> Meeting:
        self.made += 1
        on = add_working_days(on - timedelta(days=1), 1)  # meetings fall on working days
        planned_on = min(self.today, on - timedelta(days=self.rng.randint(3, 12)))
        return do_plan_meeting(
            child=family.child,
            kind=kind,
            held_on=on,
            follows=follows,
            by=self.by,
            today=planned_on,
            place="Kithborough family centre",
        )

    def hold(self, meeting: Meeting, family: Family, summary: str, **outcome: str) -> Meeting:
        if meeting.held_on > self.today:
            return meeting  # still to come: it stays planned
        attendance = {}
        for p in meeting.participants.all():
            came = self.rng.random() < (0.9 if p.role != ParticipantRole.AGENCY else 0.75)
            views = ""
            if p.role == ParticipantRole.CHILD:
                views = self.rng.choice(VIEWS)
                came = views in (ViewsBrought.IN_PERSON, ViewsBrought.ADVOCATE)
            attendance[p.pk] = AttendanceRecord("yes" if came else self.rng.choice(("no", "sent_apologies")), views)
        return do_record_meeting_held(
            meeting=meeting,
            held_on=meeting.held_on,
            summary=family.words(summary, self.rng),
            attendance=attendance,
            expected_version=meeting.version,
            by=self.by,
            today=self.today,
            **outcome,  # type: ignore[arg-type]
        )

    def invite(self, meeting: Meeting, family: Family, *, agencies: bool) -> None:
        child = family.child
        do_add_participant(meeting=meeting, name="", person=child.person, role=ParticipantRole.CHILD, by=self.by)
        do_add_participant(meeting=meeting, name=family.parent, role=ParticipantRole.PARENT_CARER, by=self.by)
        do_add_participant(meeting=meeting, name=family.worker, role=ParticipantRole.PRACTITIONER, by=self.by)
        if agencies:
            do_add_participant(meeting=meeting, name="Independent chair", role=ParticipantRole.CHAIR, by=self.by)
            for agency in (family.school, family.health, "Kithborough Police"):
                do_add_participant(meeting=meeting, name="", role=ParticipantRole.AGENCY, agency=agency, by=self.by)

    def contributions(self, meeting: Meeting, family: Family) -> None:
        """Reports arrive a few days before; most reach the family in time, some late, some never."""
        for agency in (family.school, family.health, "Kithborough Police"):
            if self.rng.random() < 0.12:
                continue  # this agency sent nothing
            received = add_working_days(meeting.held_on, -self.rng.randint(2, 6))
            roll = self.rng.random()
            shared: date | None
            if roll < 0.6:
                shared = max(add_working_days(meeting.held_on, -self.rng.randint(1, 2)), received)
            elif roll < 0.8:
                shared = add_working_days(meeting.held_on, self.rng.randint(0, 2))
            else:
                shared = None
            if shared is not None and shared > self.today:
                shared = None
            report = {
                "worries": family.words(self.rng.choice(WORRIES), self.rng),
                "working_well": family.words(self.rng.choice(WORKING_WELL), self.rng),
                "needs_to_happen": family.words(self.rng.choice(NEEDS_TO_HAPPEN), self.rng),
                "recommendation": self.rng.choice(RECOMMENDATIONS),
            }
            do_add_contribution(
                meeting=meeting,
                agency=agency,
                kind="report",
                report=report,
                received_on=min(received, self.today),
                shared_with_family_on=shared,
                by=self.by,
                today=self.today,
            )

    def decide(self, meeting: Meeting, family: Family, first: bool) -> None:
        what, why = DECISIONS[0] if first else DECISIONS[1]
        do_record_decision(
            meeting=meeting,
            what=family.words(what, self.rng),
            rationale=family.words(why, self.rng),
            made_by="The conference",
            by=self.by,
        )
        for what, owner_kind, owner in self.rng.sample(ACTIONS, 2):
            by_date = add_working_days(meeting.held_on, self.rng.randint(5, 20))
            kwargs = {
                "meeting": meeting,
                "what": family.words(what, self.rng),
                "owner_kind": owner_kind,
                "owner_name": family.words(owner, self.rng),
                "by_date": by_date,
                "by": self.by,
            }
            try:
                do_add_meeting_action(**kwargs, into_plan=current_plan(family.child) is not None)  # type: ignore[arg-type]
            except MeetingRefused:  # the plan started after the action fell due: keep it on the meeting
                do_add_meeting_action(**kwargs, into_plan=False)  # type: ignore[arg-type]

    # --- Journeys ----------------------------------------------------------------------------

    def child_protection(self, family: Family, plan_started: date, category: str) -> None:
        rng = self.rng
        conference_on = plan_started
        strategy_on = add_working_days(conference_on, -rng.randint(10, 18))
        strategy = self.hold(
            self.plan(family, MeetingKind.STRATEGY, strategy_on),
            family,
            "Police, health and school shared what they know about {child}.",
        )
        outcome_on = add_working_days(strategy_on, rng.randint(4, 8))
        if outcome_on < conference_on:
            outcome = self.plan(family, MeetingKind.SECTION_47_OUTCOME, outcome_on, follows=strategy)
            self.hold(
                outcome,
                family,
                "The enquiry found the worries about {child} are real and continuing.",
                s47_outcome="conference",
            )
        conference = self.plan(family, MeetingKind.INITIAL_CONFERENCE, conference_on, follows=strategy)
        self.invite(conference, family, agencies=True)
        if conference.held_on <= self.today:
            self.contributions(conference, family)
        conference = self.hold(
            conference,
            family,
            "Everyone shared their worries and what is going well for {child}.",
            cp_decision="plan",
            category_of_abuse=category,
        )
        if not conference.is_held:
            return
        self.decide(conference, family, first=True)
        self.core_groups(family, conference)
        self.reviews(family, conference, category)

    def enquiry(self, family: Family, started_on: date) -> None:
        """A section 47 enquiry under way: the strategy discussion that began it, and the
        conference planned, with agencies' reports arriving and some already with the family."""
        strategy = self.plan(family, MeetingKind.STRATEGY, started_on)
        strategy = self.hold(strategy, family, "Police, health and school shared what they know about {child}.")
        on = add_working_days(started_on, self.rng.randint(12, 15))
        if on <= self.today:
            return  # the list shows the conference overdue
        conference = self.plan(family, MeetingKind.INITIAL_CONFERENCE, on, follows=strategy)
        self.invite(conference, family, agencies=True)
        if add_working_days(on, -6) <= self.today:
            self.contributions(conference, family)

    def core_groups(self, family: Family, conference: Meeting) -> None:
        on = add_working_days(conference.held_on, self.rng.randint(7, 12))
        follows = conference
        while True:
            meeting = self.plan(family, MeetingKind.CORE_GROUP, on, follows=follows)
            if meeting.held_on > self.today:
                return
            self.invite(meeting, family, agencies=False)
            self.hold(meeting, family, "The core group went through the plan's actions with {parent}.")
            on += timedelta(days=self.rng.randint(*CORE_GROUP_EVERY_DAYS))

    def reviews(self, family: Family, conference: Meeting, category: str) -> None:
        on, follows = add_months(conference.held_on, 3) - timedelta(days=self.rng.randint(0, 6)), conference
        while True:
            review = self.plan(family, MeetingKind.REVIEW_CONFERENCE, on, follows=follows)
            if review.held_on > self.today:
                return
            self.invite(review, family, agencies=True)
            self.contributions(review, family)
            follows = self.hold(
                review,
                family,
                "The conference reviewed the plan with {parent} and {child}'s network.",
                cp_decision="continues",
                category_of_abuse=category,
            )
            on = add_months(on, 6) - timedelta(days=self.rng.randint(0, 6))

    def family_network_meeting(self, family: Family, opened_on: date) -> None:
        roll = self.rng.random()
        if roll < 0.12:
            return  # not held yet: the list shows it due or overdue
        days = self.rng.randint(4, 10) if roll < 0.8 else self.rng.randint(11, 25)
        on = add_working_days(opened_on, days)
        meeting = self.plan(family, MeetingKind.FAMILY_NETWORK, on)
        if meeting.held_on <= self.today:
            self.invite(meeting, family, agencies=False)
            do_add_participant(meeting=meeting, name="Nan", role=ParticipantRole.NETWORK, by=self.by)
            self.hold(meeting, family, "{parent}, Nan and a family friend agreed who will help with mornings.")

    def regular_reviews(self, family: Family, kind: str, first: date, *, second: int, later: int) -> None:
        """Reviews from `first`, the next `second` months later, then every `later` months."""
        on, months = first, second
        while True:
            meeting = self.plan(family, kind, on)
            if meeting.held_on > self.today:
                return
            self.invite(meeting, family, agencies=False)
            self.hold(meeting, family, "The plan was reviewed with {parent}; {child} shared their wishes and feelings.")
            on = add_months(on, months) - timedelta(days=self.rng.randint(0, 10))
            months = later


def _families(children: list[Child]) -> dict[int, Family]:
    ids = [c.pk for c in children]
    parents: dict[int, str] = {}
    person_to_child = {c.person_id: c.pk for c in children}
    for to_id, given, family_name in Relationship.objects.filter(
        to_person_id__in=person_to_child, kind="parent"
    ).values_list("to_person_id", "from_person__legal_given_name", "from_person__legal_family_name"):
        parents.setdefault(person_to_child[to_id], f"{given} {family_name}")
    places: dict[tuple[int, str], str] = {}
    for child_id, kind, name in Connection.objects.filter(
        child_id__in=ids, kind__in=("school", "gp", "health_visitor")
    ).values_list("child_id", "kind", "name"):
        places.setdefault((child_id, kind), name)
    return {
        c.pk: Family(
            child=c,
            parent=parents.get(c.pk, "Their parent"),
            school=places.get((c.pk, "school"), "Kithborough Nursery"),
            health=places.get((c.pk, "health_visitor")) or places.get((c.pk, "gp"), "Kithborough Medical Centre"),
            worker=str(c.lead_practitioner) if c.lead_practitioner else "The practitioner",
        )
        for c in children
    }


def seed_meetings(*, children: list[Child], by: User, today: date, rng: random.Random) -> int:
    """Give open children the meetings their journey would have had by `today`. Children who
    already have meetings are left alone. Returns how many meetings were made."""
    with_meetings = set(Meeting.objects.filter(child__in=children).values_list("child_id", flat=True))
    children = [c for c in children if c.is_open and c.pk not in with_meetings]
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for episode in Episode.objects.filter(child__in=children).order_by("starts_on", "pk"):
        episodes[episode.child_id].append(episode)
    families = _families(children)
    seeder = Seeder(by=by, today=today, rng=rng)
    for child in children:
        _seed_child(seeder, families[child.pk], episodes[child.pk])
    return seeder.made


def _seed_child(seeder: Seeder, family: Family, episodes: list[Episode]) -> None:
    opened = rules.opened_on([(e.starts_on, e.ends_on) for e in episodes if e.stage in SOCIAL_CARE_STAGES])
    open_now = {e.stage: e for e in episodes if e.ends_on is None}
    if opened is not None:
        seeder.family_network_meeting(family, opened)
    cp = open_now.get(Stage.CHILD_PROTECTION)
    if cp is not None:
        seeder.child_protection(family, cp.starts_on, cp.category_of_abuse or "NEG")
    s47 = open_now.get(Stage.SECTION_47)
    if s47 is not None and cp is None:
        seeder.enquiry(family, s47.starts_on)
    cin = open_now.get(Stage.CHILD_IN_NEED)
    if cin is not None:
        seeder.regular_reviews(family, MeetingKind.CIN_REVIEW, add_months(cin.starts_on, 3), second=3, later=3)
    lac = open_now.get(Stage.LOOKED_AFTER)
    if lac is not None:
        first = add_working_days(lac.starts_on, seeder.rng.randint(12, 20))
        seeder.regular_reviews(family, MeetingKind.LOOKED_AFTER_REVIEW, first, second=3, later=6)
