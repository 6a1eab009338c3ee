"""Ofsted's Annex A: the eleven lists an inspection asks for at its start, as one workbook for a
chosen period, with the list names, columns and coded answers ("a) Male", "k) APKN",
"q) 6: Police") of the Annex A template.

Each list is read with a few set-based queries. What Kith does not record yet is left blank,
not guessed: the date of the last IRO visit, health and dental checks (list 8), accommodation
suitability (list 9) and the whole of list 11 (adopters, recorded by the regional adoption
agency), which is returned with its columns and no rows.
"""

from __future__ import annotations

# The template's column names are kept exactly, typographic quotes included.
# ruff: noqa: RUF001
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Font

from kith.assessments.codes import AssessmentKind
from kith.assessments.models import Assessment
from kith.core.rules import add_months
from kith.journey.codes import CategoryOfAbuse, LegalStatus, PlacementType, PrimaryNeed, Stage
from kith.journey.models import Allocation, Episode, LegalStatusPeriod, Placement, Visit
from kith.meetings.codes import MeetingKind, MeetingStatus
from kith.meetings.models import Meeting
from kith.people.codes import Ethnicity
from kith.people.models import Child
from kith.plans.models import Plan, PlanKind
from kith.returns import rules
from kith.returns.codes import ReasonCeased
from kith.returns.models import AdoptionDetails, CareLeaverOutcome, LookedAfterReview, MissingEpisode, PlacedForAdoption

COMMON = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age")
WITH_DISABILITY = (*COMMON, "Does the Child have a Disability")
ALLOCATED = ("Allocated Team", "Allocated Worker")

LISTS: dict[str, tuple[str, ...]] = {
    "List 1": (*COMMON, "Date of Contact", "Contact Source"),
    "List 2": (
        *COMMON,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ),
    "List 3": (
        *COMMON,
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED,
    ),
    "List 4": (
        *WITH_DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATED,
    ),
    "List 5": (
        *WITH_DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATED,
    ),
    "List 6": (
        *WITH_DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOCATED,
    ),
    "List 7": (
        *WITH_DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *ALLOCATED,
    ),
    "List 8": (
        *COMMON,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
        "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *ALLOCATED,
    ),
    "List 9": (
        *WITH_DISABILITY,
        *ALLOCATED,
        "Eligibility Category",
        "LA in Touch",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ),
    "List 10": (
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order ",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ),
    "List 11": (
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ),
}

GENDER = {"1": "a) Male", "2": "b) Female"}
# The template's lettering: the DfE order, with "Information not yet obtained" as s) and
# "Refused" after it.
ETHNICITY = {code: f"{chr(ord('a') + n)}) {code}" for n, code in enumerate(Ethnicity.values[:18])}
ETHNICITY.update({"NOBT": "s) NOBT", "REFU": "t) REFU"})
_SOURCES = (
    *("1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C"),
    *("6", "7", "8", "9", "10", "5D"),
)
SOURCE_WORDS = {
    "1": "Individual",
    "2": "Schools",
    "3": "Health services",
    "4": "Housing",
    "5": "LA services",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
SOURCE = {
    code: f"{chr(ord('a') + n)}) {code}: {SOURCE_WORDS[code.rstrip('ABCDEF') or code]}"
    for n, code in enumerate(_SOURCES)
}
YES, NO = "a) Yes", "b) No"
PLACEMENT_TYPES = {code: f"{chr(ord('a') + n)}) {code}" for n, code in enumerate(PlacementType.values)}


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@dataclass(frozen=True)
class Person:
    """What every list says about a child."""

    la_child_id: str
    sex: str
    ethnicity: str
    born: date | None
    disabled: bool

    def common(self, on: date) -> list[Any]:
        return [
            self.la_child_id,
            GENDER.get(self.sex, "c) Not stated/recorded"),
            ETHNICITY.get(self.ethnicity, ""),
            self.born,
            rules.age_in_years(self.born, on),
        ]

    def with_disability(self, on: date) -> list[Any]:
        return [*self.common(on), YES if self.disabled else NO]


class Reader:
    """The facts the lists share, read once for the children they name."""

    def __init__(self, period: rules.Period) -> None:
        self.period = period
        self.people: dict[int, Person] = {}
        self.allocation: dict[int, tuple[str, str]] = {}

    def load(self, child_ids: Iterable[int]) -> None:
        wanted = [i for i in set(child_ids) if i not in self.people]
        if not wanted:
            return
        for child in Child.objects.filter(pk__in=wanted).select_related("person"):
            p = child.person
            self.people[child.pk] = Person(child.la_child_id, p.sex, p.ethnicity, p.date_of_birth, bool(p.disabilities))
        end = self.period.end
        for child_id, team, first, last in (
            Allocation.objects.filter(child_id__in=wanted, starts_on__lte=end)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=end))
            .values_list("child_id", "team__name", "practitioner__first_name", "practitioner__last_name")
        ):
            self.allocation[child_id] = (team, f"{first} {last}".strip())

    def allocated(self, child_id: int) -> list[str]:
        return list(self.allocation.get(child_id, ("", "")))


def _episodes(stage: str, period: rules.Period, *, starting: bool) -> list[Episode]:
    found = Episode.objects.filter(stage=stage)
    if starting:
        found = found.filter(starts_on__range=(period.start, period.end))
    else:
        found = found.filter(starts_on__lte=period.end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    return list(found.order_by("starts_on", "pk"))


def _last_seen(child_ids: list[int], before: date) -> dict[int, tuple[date, bool]]:
    seen: dict[int, tuple[date, bool]] = {}
    for child_id, on, how in (
        Visit.objects.filter(child_id__in=child_ids, visited_on__lte=before)
        .exclude(child_seen="not_seen")
        .order_by("visited_on")
        .values_list("child_id", "visited_on", "child_seen")
    ):
        seen[child_id] = (on, how == "seen_alone")
    return seen


def list_1(reader: Reader) -> list[list[Any]]:
    contacts = _episodes(Stage.CONTACT, reader.period, starting=True)
    reader.load(e.child_id for e in contacts)
    return [
        [*reader.people[e.child_id].common(e.starts_on), e.starts_on, SOURCE.get(e.referral_source, "")]
        for e in contacts
    ]


def list_2(reader: Reader) -> list[list[Any]]:
    p = reader.period
    found = list(
        Assessment.objects.filter(kind=AssessmentKind.EARLY_HELP, starts_on__lte=p.end)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=p.start))
        .select_related("child__team")
        .order_by("starts_on", "pk")
    )
    reader.load(a.child_id for a in found)
    return [
        [
            *reader.people[a.child_id].common(a.starts_on),
            a.starts_on,
            a.completed_on,
            a.child.team.name if a.child.team else "",
        ]
        for a in found
    ]


def list_3(reader: Reader) -> list[list[Any]]:
    referrals = _episodes(Stage.REFERRAL, reader.period, starting=True)
    reader.load(e.child_id for e in referrals)
    history: dict[int, list[date]] = defaultdict(list)
    for child_id, on in Episode.objects.filter(
        stage=Stage.REFERRAL, child_id__in=[e.child_id for e in referrals]
    ).values_list("child_id", "starts_on"):
        history[child_id].append(on)
    followed = set(
        Episode.objects.filter(follows_id__in=[e.pk for e in referrals]).values_list("follows_id", flat=True)
    )
    rows = []
    for e in referrals:
        year_before = add_months(e.starts_on, -12)
        earlier = sum(1 for on in history[e.child_id] if year_before <= on < e.starts_on)
        nfa = e.ends_on is not None and e.pk not in followed
        rows.append(
            [
                *reader.people[e.child_id].common(e.starts_on),
                e.starts_on,
                SOURCE.get(e.referral_source, ""),
                yes_no(nfa),
                earlier,
                *reader.allocated(e.child_id),
            ]
        )
    return rows


def list_4(reader: Reader) -> list[list[Any]]:
    p = reader.period
    found = list(
        Assessment.objects.filter(kind=AssessmentKind.CHILD_AND_FAMILY, starts_on__lte=p.end)
        .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gte=p.start))
        .order_by("starts_on", "pk")
    )
    ids = [a.child_id for a in found]
    reader.load(ids)
    visits: dict[int, list[date]] = defaultdict(list)
    for child_id, on in (
        Visit.objects.filter(child_id__in=ids).exclude(child_seen="not_seen").values_list("child_id", "visited_on")
    ):
        visits[child_id].append(on)
    support = set(
        Episode.objects.filter(
            child_id__in=ids, stage__in=(Stage.CHILD_IN_NEED, Stage.CHILD_PROTECTION, Stage.LOOKED_AFTER)
        ).values_list("child_id", "starts_on")
    )
    rows = []
    for a in found:
        end = a.authorised_on or p.end
        seen = any(a.starts_on <= on <= end for on in visits[a.child_id])
        needs = any(c == a.child_id and on >= a.starts_on for c, on in support) if a.authorised_on else None
        rows.append(
            [
                *reader.people[a.child_id].with_disability(a.starts_on),
                a.starts_on,
                yes_no(seen),
                a.authorised_on,
                "" if needs is None else yes_no(needs),
                *reader.allocated(a.child_id),
            ]
        )
    return rows


def list_5(reader: Reader) -> list[list[Any]]:
    p = reader.period
    outcomes = list(
        Meeting.objects.filter(kind=MeetingKind.SECTION_47_OUTCOME, status=MeetingStatus.HELD)
        .filter(
            Q(s47_started_on__range=(p.start, p.end)) | Q(s47_started_on__isnull=True, held_on__range=(p.start, p.end))
        )
        .order_by("held_on", "pk")
    )
    ids = [m.child_id for m in outcomes]
    reader.load(ids)
    conferences = list(
        Meeting.objects.filter(
            child_id__in=ids, kind=MeetingKind.INITIAL_CONFERENCE, status=MeetingStatus.HELD
        ).values_list("child_id", "held_on", "follows_id", "cp_decision")
    )
    enquiries = defaultdict(list)
    for m in Meeting.objects.filter(child_id__in=ids, kind=MeetingKind.SECTION_47_OUTCOME, status=MeetingStatus.HELD):
        enquiries[m.child_id].append(m.s47_started_on or m.held_on)
    rows = []
    for m in outcomes:
        started = m.s47_started_on or m.held_on
        sources = {m.pk, m.follows_id}
        conference = min(((on, dec) for c, on, f, dec in conferences if f in sources), default=None)
        year_before = add_months(started, -12)
        rows.append(
            [
                *reader.people[m.child_id].with_disability(started),
                started,
                yes_no(bool(m.initial_conference_not_required)),
                conference[0] if conference else None,
                yes_no(conference[1] == "plan") if conference else "",
                sum(1 for on in enquiries[m.child_id] if year_before <= on < started),
                sum(1 for c, on, _f, _d in conferences if c == m.child_id and year_before <= on <= started),
                *reader.allocated(m.child_id),
            ]
        )
    return rows


def list_6(reader: Reader) -> list[list[Any]]:
    found = _episodes(Stage.CHILD_IN_NEED, reader.period, starting=False)
    ids = [e.child_id for e in found]
    reader.load(ids)
    seen = _last_seen(ids, reader.period.end)
    rows = []
    for e in found:
        need = e.primary_need
        rows.append(
            [
                *reader.people[e.child_id].with_disability(reader.period.end),
                e.starts_on,
                f"{need} - {PrimaryNeed(need).label}" if need in PrimaryNeed.values else "",
                seen.get(e.child_id, (None, False))[0],
                e.ends_on if e.ends_on and e.ends_on <= reader.period.end else None,
                e.closure_reason or None,
                "c) Child in need plan",
                *reader.allocated(e.child_id),
            ]
        )
    return rows


def list_7(reader: Reader) -> list[list[Any]]:
    p = reader.period
    plans = list(
        Plan.objects.filter(kind=PlanKind.CHILD_PROTECTION, starts_on__lte=p.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=p.start))
        .order_by("starts_on", "pk")
    )
    ids = [pl.child_id for pl in plans]
    reader.load(ids)
    seen = _last_seen(ids, p.end)
    earlier: dict[int, list[date]] = defaultdict(list)
    for child_id, on in Plan.objects.filter(child_id__in=ids, kind=PlanKind.CHILD_PROTECTION).values_list(
        "child_id", "starts_on"
    ):
        earlier[child_id].append(on)
    reviews: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for child_id, on, category in Meeting.objects.filter(
        child_id__in=ids, kind=MeetingKind.REVIEW_CONFERENCE, status=MeetingStatus.HELD, held_on__lte=p.end
    ).values_list("child_id", "held_on", "category_of_abuse"):
        reviews[child_id].append((on, category))
    protected = set(
        LegalStatusPeriod.objects.filter(
            episode__child_id__in=ids,
            legal_status__in=(LegalStatus.L1, LegalStatus.L2),
            starts_on__gte=p.end - timedelta(days=183),
        ).values_list("episode__child_id", flat=True)
    )
    rows = []
    for plan in plans:
        held = sorted(
            r
            for r in reviews[plan.child_id]
            if r[0] >= plan.starts_on and (plan.ends_on is None or r[0] <= plan.ends_on)
        )
        latest = next((c for _on, c in reversed(held) if c), plan.category_of_abuse)
        last_seen = seen.get(plan.child_id, (None, False))
        rows.append(
            [
                *reader.people[plan.child_id].with_disability(p.end),
                plan.starts_on,
                CategoryOfAbuse(plan.category_of_abuse).label if plan.category_of_abuse else "",
                CategoryOfAbuse(latest).label if latest else "",
                last_seen[0],
                (YES if last_seen[1] else NO) if last_seen[0] else "",
                held[-1][0] if held else None,
                plan.ends_on if plan.ends_on and plan.ends_on <= p.end else None,
                YES if plan.child_id in protected else NO,
                sum(1 for on in earlier[plan.child_id] if on < plan.starts_on),
                *reader.allocated(plan.child_id),
            ]
        )
    return rows


def list_8(reader: Reader) -> list[list[Any]]:
    p = reader.period
    care = _episodes(Stage.LOOKED_AFTER, p, starting=False)
    ids = [e.child_id for e in care]
    reader.load(ids)
    seen = _last_seen(ids, p.end)
    statuses: dict[int, list[tuple[str, date | None]]] = defaultdict(list)
    for episode_id, code, on in (
        LegalStatusPeriod.objects.filter(episode__in=care)
        .order_by("starts_on")
        .values_list("episode_id", "legal_status", "starts_on")
    ):
        statuses[episode_id].append((code, on))
    places: dict[int, list[tuple[str, date, str]]] = defaultdict(list)
    for episode_id, kind, on, postcode in (
        Placement.objects.filter(episode__in=care)
        .order_by("starts_on")
        .values_list("episode_id", "placement_type", "starts_on", "postcode")
    ):
        places[episode_id].append((kind, on, postcode))
    last_review = dict(
        LookedAfterReview.objects.filter(child_id__in=ids, held_on__lte=p.end)
        .order_by("held_on")
        .values_list("child_id", "held_on")
    )
    missing: dict[int, list[str]] = defaultdict(list)
    for child_id, kind in MissingEpisode.objects.filter(
        child_id__in=ids, starts_on__range=(add_months(p.end, -12), p.end)
    ).values_list("child_id", "kind"):
        missing[child_id].append(kind)
    year_ago = add_months(p.end, -12)
    periods: dict[int, int] = defaultdict(int)
    for child_id in Episode.objects.filter(
        child_id__in=ids, stage=Stage.LOOKED_AFTER, starts_on__gte=year_ago
    ).values_list("child_id", flat=True):
        periods[child_id] += 1
    rows = []
    for e in care:
        status, status_on = (statuses[e.pk] or [("", None)])[-1]
        place = places[e.pk]
        kind, place_on, postcode = place[-1] if place else ("", None, "")
        ended = e.ends_on if e.ends_on and e.ends_on <= p.end else None
        rows.append(
            [
                *reader.people[e.child_id].common(p.end),
                "",
                YES if reader.people[e.child_id].disabled else NO,
                e.starts_on,
                f"{e.primary_need} - {PrimaryNeed(e.primary_need).label}"
                if e.primary_need in PrimaryNeed.values
                else "",
                "a) Yes" if periods[e.child_id] > 1 else "b) No",
                status_on,
                f"{status}: {LegalStatus(status).label}" if status in LegalStatus.values else "",
                last_review.get(e.child_id),
                seen.get(e.child_id, (None, False))[0],
                "",
                None,
                None,
                None,
                sum(1 for _k, on, _pc in place if on >= year_ago),
                ended,
                "",
                place_on,
                PLACEMENT_TYPES.get(kind, ""),
                "",
                postcode,
                "",
                "",
                "",
                missing[e.child_id].count("M"),
                missing[e.child_id].count("A"),
                "",
                "",
                *reader.allocated(e.child_id),
            ]
        )
    return rows


def list_9(reader: Reader) -> list[list[Any]]:
    leavers = _episodes(Stage.CARE_LEAVER, reader.period, starting=False)
    ids = [e.child_id for e in leavers]
    reader.load(ids)
    outcomes = {
        o.child_id: o
        for o in CareLeaverOutcome.objects.filter(
            child_id__in=ids, collection_year__lte=reader.period.end.year + 1
        ).order_by("collection_year")
    }
    rows = []
    for e in leavers:
        o = outcomes.get(e.child_id)
        rows.append(
            [
                *reader.people[e.child_id].with_disability(reader.period.end),
                *reader.allocated(e.child_id),
                "b) Former relevant child",
                ("a) Yes" if o.in_touch == "YES" else "b) No") if o else "",
                o.accommodation if o else "",
                "",
                o.activity if o else "",
            ]
        )
    return rows


def list_10(reader: Reader) -> list[list[Any]]:
    p = reader.period
    decisions = list(PlacedForAdoption.objects.filter(decided_on__lte=p.end).order_by("decided_on", "pk"))
    ids = [x.child_id for x in decisions]
    reader.load(ids)
    entered = dict(
        Episode.objects.filter(child_id__in=ids, stage=Stage.LOOKED_AFTER)
        .order_by("starts_on")
        .values_list("child_id", "starts_on")
    )
    orders = dict(
        LegalStatusPeriod.objects.filter(episode__child_id__in=ids, legal_status=LegalStatus.E1).values_list(
            "episode__child_id", "starts_on"
        )
    )
    matches = dict(AdoptionDetails.objects.filter(child_id__in=ids).values_list("child_id", "matched_on"))
    placed = dict(
        Placement.objects.filter(episode__child_id__in=ids, placement_type__in=("A3", "A4", "A5", "A6")).values_list(
            "episode__child_id", "starts_on"
        )
    )
    ffa = dict(
        Placement.objects.filter(episode__child_id__in=ids, placement_type__in=("U2", "U5")).values_list(
            "episode__child_id", "starts_on"
        )
    )
    adopted = dict(
        Episode.objects.filter(
            child_id__in=ids, stage=Stage.LOOKED_AFTER, care_ending__reason__in=(ReasonCeased.E11, ReasonCeased.E12)
        ).values_list("child_id", "ends_on")
    )
    rows = []
    for x in decisions:
        person = reader.people[x.child_id]
        born = person.born
        rows.append(
            [
                person.la_child_id,
                "",
                GENDER.get(person.sex, "c) Not stated/recorded"),
                ETHNICITY.get(person.ethnicity, ""),
                born,
                int(rules.age_in_years(born, p.end) or 0) if born else None,
                YES if person.disabled else NO,
                entered.get(x.child_id),
                x.decided_on,
                orders.get(x.child_id),
                matches.get(x.child_id),
                placed.get(x.child_id),
                adopted.get(x.child_id),
                x.ceased_on,
                x.reason_ceased or None,
                ffa.get(x.child_id),
            ]
        )
    return rows


BUILDERS: dict[str, Callable[[Reader], list[list[Any]]]] = {
    "List 1": list_1,
    "List 2": list_2,
    "List 3": list_3,
    "List 4": list_4,
    "List 5": list_5,
    "List 6": list_6,
    "List 7": list_7,
    "List 8": list_8,
    "List 9": list_9,
    "List 10": list_10,
    "List 11": lambda reader: [],
}


def build_annex_a(start: date, end: date) -> tuple[bytes, dict[str, int]]:
    """The workbook for the period and the number of rows on each list."""
    reader = Reader(rules.Period(start, end))
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    counts = {}
    for name, columns in LISTS.items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rows = BUILDERS[name](reader)
        for row in rows:
            sheet.append(row)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        counts[name] = len(rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), counts
