"""The CIN census for a collection year, read from Kith's records in a handful of set-based
queries (never a query per child) and put together as a `Census`.

Where it comes from:
- identifiers and characteristics: the child's person record (and `ChildReturnDetail`);
- <CINdetails>: the child's social care stages grouped into episodes of need
  (`rules.episodes_of_need`): the referral source, primary need and reason for closure as the
  stages recorded them;
- <Assessments>: child and family assessments, their authorisation date and DfE factors;
- <CINPlanDates> and <ChildProtectionPlans>: the plans app's child in need and child protection
  plans (a child protection stage, "Child protection plan" on the journey, with no plan recorded
  over it counts as the plan, so a record started before plans were in Kith is still returned);
  review dates are the held review conferences and plan reviews;
- <Section47>: the meetings app's section 47 outcomes, read as
  `kith.meetings.reads.section_47_enquiries` reads them, for every child at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from kith.assessments.codes import AssessmentKind, AssessmentStatus
from kith.assessments.models import Assessment
from kith.journey.models import Episode
from kith.meetings.codes import MeetingKind, MeetingStatus
from kith.meetings.models import Meeting
from kith.people.models import Child
from kith.plans.models import Plan, PlanKind, PlanReview
from kith.returns import rules
from kith.returns.cin_format import Census, Row
from kith.returns.models import ChildReturnDetail
from kith.returns.rules import EpisodeOfNeed, Period, StageFact

Progress = Callable[[int, str], None]


def _iso(on: date | None) -> str | None:
    return on.isoformat() if on else None


def la_code() -> str:
    """The council's three-digit DfE local authority number."""
    return str(getattr(settings, "KITH_LA_CODE", "999"))


def cin_children(period: Period) -> QuerySet[Child]:
    """Children with a social care stage open at some time in the period."""
    stages = Episode.objects.filter(stage__in=rules.CIN_STAGES, starts_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    )
    return Child.objects.filter(pk__in=stages.values("child_id"))


@dataclass
class Source:
    """Everything read for the children in the return, grouped by child id."""

    stages: dict[int, list[StageFact]]
    assessments: dict[int, list[tuple[date, date | None, list[str]]]]
    plans: dict[int, list[tuple[int, str, date, date | None, str]]]
    plan_reviews: dict[int, list[date]]
    meetings: dict[int, list[tuple[int, str, date, int | None, date | None, date | None, bool | None, str]]]
    details: dict[int, tuple[str, str, int]]


def read_source(children: QuerySet[Child]) -> Source:
    ids = children.values("pk")
    stages: dict[int, list[StageFact]] = defaultdict(list)
    for row in Episode.objects.filter(child_id__in=ids, stage__in=rules.CIN_STAGES).values_list(
        "child_id",
        "pk",
        "stage",
        "starts_on",
        "ends_on",
        "follows_id",
        "referral_source",
        "primary_need",
        "closure_reason",
        "category_of_abuse",
    ):
        stages[row[0]].append(StageFact(*row[1:]))
    assessments: dict[int, list[tuple[date, date | None, list[str]]]] = defaultdict(list)
    for child_id, starts, status, authorised, factors in Assessment.objects.filter(
        child_id__in=ids, kind=AssessmentKind.CHILD_AND_FAMILY
    ).values_list("child_id", "starts_on", "status", "authorised_on", "factors"):
        done = authorised if status == AssessmentStatus.AUTHORISED else None
        assessments[child_id].append((starts, done, list(factors or [])))
    plans: dict[int, list[tuple[int, str, date, date | None, str]]] = defaultdict(list)
    for child_id, *plan in Plan.objects.filter(
        child_id__in=ids, kind__in=(PlanKind.CHILD_IN_NEED, PlanKind.CHILD_PROTECTION)
    ).values_list("child_id", "pk", "kind", "starts_on", "ends_on", "category_of_abuse"):
        plans[child_id].append(tuple(plan))  # type: ignore[arg-type]
    plan_reviews: dict[int, list[date]] = defaultdict(list)
    for plan_id, held_on in PlanReview.objects.filter(
        plan__child_id__in=ids, plan__kind=PlanKind.CHILD_PROTECTION
    ).values_list("plan_id", "held_on"):
        plan_reviews[plan_id].append(held_on)
    meetings: dict[int, list[Any]] = defaultdict(list)
    for child_id, *meeting in Meeting.objects.filter(
        child_id__in=ids,
        status=MeetingStatus.HELD,
        kind__in=(MeetingKind.SECTION_47_OUTCOME, MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE),
    ).values_list(
        "child_id",
        "pk",
        "kind",
        "held_on",
        "follows_id",
        "s47_started_on",
        "initial_conference_target_on",
        "initial_conference_not_required",
        "category_of_abuse",
    ):
        meetings[child_id].append(tuple(meeting))
    details = {
        d.child_id: (d.upn_unknown, d.former_upn, d.earlier_cp_plans)
        for d in ChildReturnDetail.objects.filter(child_id__in=ids)
    }
    return Source(stages, assessments, plans, plan_reviews, meetings, details)


@dataclass(frozen=True)
class Enquiry:
    started_on: date
    target_on: date | None
    conference_on: date | None
    not_required: bool


def section_47s(meetings: list[Any]) -> list[Enquiry]:
    """The child's section 47 enquiries, as kith.meetings.reads.section_47_enquiries finds them."""
    conferences = [(on, follows) for _pk, kind, on, follows, *_ in meetings if kind == MeetingKind.INITIAL_CONFERENCE]
    found = []
    for pk, kind, on, follows, started, target, not_required, _category in meetings:
        if kind != MeetingKind.SECTION_47_OUTCOME:
            continue
        sources = {pk} | ({follows} if follows else set())
        conference = min((c_on for c_on, c_follows in conferences if c_follows in sources), default=None)
        found.append((started or on, pk, Enquiry(started or on, target, conference, bool(not_required))))
    return [enquiry for *_, enquiry in sorted(found, key=lambda f: (f[0], f[1]))]


def build_census(
    year: int,
    *,
    now: datetime,
    progress: Progress | None = None,
    period: Period | None = None,
    la_child_ids: list[str] | None = None,
) -> Census:
    """The census for the collection year ending in `year`. `period` and `la_child_ids` narrow it
    to a span and to some children (to compare an import with the file it came from)."""
    period = period or rules.collection_period(year)
    children = cin_children(period)
    if la_child_ids is not None:
        children = children.filter(la_child_id__in=la_child_ids)
    children = children.select_related("person").order_by("la_child_id")
    source = read_source(children)
    header: dict[str, str | None] = {
        "Collection": "CIN",
        "Year": str(year),
        "ReferenceDate": rules.collection_period(year).end.isoformat(),
        "SourceLevel": "L",
        "LEA": la_code(),
        "SoftwareCode": "Kith",
        "Release": "1",
        "SerialNo": "001",
        "DateTime": now.replace(microsecond=0, tzinfo=None).isoformat(),
    }
    census = Census(year=year, header=header)
    everyone = list(children)
    for n, child in enumerate(everyone):
        row = child_row(child, source, period, year)
        if row["CINdetails"]:
            census.children.append(row)
        if progress and n % 2000 == 0:
            progress(n * 100 // max(1, len(everyone)), f"Read {n:,} of {len(everyone):,} children")
    return census


def child_row(child: Child, source: Source, period: Period, year: int) -> Row:
    person = child.person
    upn_unknown, former_upn, earlier = source.details.get(child.pk, ("", "", 0))
    born = person.date_of_birth
    unborn = born is None and person.expected_date_of_birth is not None
    row: Row = {
        "LAchildID": child.la_child_id,
        "UPN": person.upn or None,
        "FormerUPN": former_upn or None,
        "UPNunknown": None
        if person.upn
        else (upn_unknown or rules.upn_unknown_default(born=born, reference=period.end)),
        "PersonBirthDate": _iso(born),
        "ExpectedPersonBirthDate": _iso(person.expected_date_of_birth) if unborn else None,
        "GenderCurrent": None,
        "Sex": None,
        "PersonDeathDate": _iso(person.date_of_death),
        "Ethnicity": person.ethnicity,
        "Disabilities": list(person.disabilities) or ["NONE"],
    }
    sex = "U" if unborn and year >= rules.SEX_ELEMENT_FROM else rules.cin_sex(person.sex, year)
    row["Sex" if year >= rules.SEX_ELEMENT_FROM else "GenderCurrent"] = sex
    episodes = rules.episodes_of_need(source.stages.get(child.pk, []))
    cp_plans = _cp_plans(child.pk, source, episodes)
    enquiries = section_47s(source.meetings.get(child.pk, []))
    row["CINdetails"] = [
        _details(episode, child.pk, source, period, cp_plans, enquiries, earlier)
        for episode in episodes
        if period.overlaps(episode.referral_on, episode.closed_on)
    ]
    return row


def _details(
    episode: EpisodeOfNeed,
    child_id: int,
    source: Source,
    period: Period,
    cp_plans: list[tuple[date, date | None, str, str, list[date]]],
    enquiries: list[Enquiry],
    earlier: int,
) -> Row:
    closed = episode.closed_on
    in_episode = [e for e in enquiries if episode.holds(e.started_on) and e.started_on <= period.end]
    blocks = [e for e in in_episode if period.overlaps(e.started_on, e.conference_on)]
    # An initial conference goes on its <Section47> block; on <CINdetails> only when the enquiry
    # itself is not in this return (it started and was reported in an earlier year).
    first_conference = min(
        (e.conference_on for e in in_episode if e.conference_on and e not in blocks and period.holds(e.conference_on)),
        default=None,
    )
    details: Row = {
        "CINreferralDate": _iso(episode.referral_on),
        "ReferralSource": episode.referral_source or None,
        "PrimaryNeedCode": episode.primary_need or None,
        "CINclosureDate": _iso(closed) if closed and closed <= period.end else None,
        "ReasonForClosure": (episode.closure_reason or None) if closed and closed <= period.end else None,
        "DateOfInitialCPC": _iso(first_conference),
        "ReferralNFA": "true" if episode.is_referral_only else "false",
    }
    details["Assessments"] = [
        {
            "AssessmentActualStartDate": _iso(starts),
            "AssessmentInternalReviewDate": None,
            "AssessmentAuthorisationDate": _iso(done) if done and done <= period.end else None,
            "AssessmentFactors": factors if done and done <= period.end else [],
        }
        for starts, done, factors in sorted(source.assessments.get(child_id, []))
        if episode.holds(starts) and starts <= period.end and (done is None or done >= period.start)
    ]
    details["CINPlanDates"] = [
        {"CINPlanStartDate": _iso(s), "CINPlanEndDate": _iso(e) if e and e <= period.end else None}
        for s, e in _cin_plans(child_id, source, episode)
        if episode.holds(s) and period.overlaps(s, e)
    ]
    details["Section47"] = [
        {
            "S47ActualStartDate": _iso(e.started_on),
            "InitialCPCtarget": _iso(e.target_on),
            "DateOfInitialCPC": _iso(e.conference_on) if e.conference_on and e.conference_on <= period.end else None,
            "ICPCnotRequired": "true" if e.not_required else "false",
        }
        for e in blocks
    ]
    details["ChildProtectionPlans"] = []
    for n, (starts, ends, initial, latest, reviews) in enumerate(cp_plans):
        if not (episode.holds(starts) and period.overlaps(starts, ends)):
            continue
        details["ChildProtectionPlans"].append(
            {
                "CPPstartDate": _iso(starts),
                "CPPendDate": _iso(ends) if ends and ends <= period.end else None,
                "InitialCategoryOfAbuse": initial or None,
                "LatestCategoryOfAbuse": latest or initial or None,
                "NumberOfPreviousCPP": str(earlier + n),
                "Reviews": [_iso(on) for on in reviews if on <= period.end and (ends is None or on <= ends)],
            }
        )
    return details


def _cin_plans(child_id: int, source: Source, episode: EpisodeOfNeed) -> list[tuple[date, date | None]]:
    plans = [(s, e) for _pk, kind, s, e, _c in source.plans.get(child_id, []) if kind == PlanKind.CHILD_IN_NEED]
    return sorted(plans, key=lambda p: p[0])


def _overlap(s1: date, e1: date | None, s2: date, e2: date | None) -> bool:
    return (e1 is None or e1 >= s2) and (e2 is None or e2 >= s1)


def _cp_plans(
    child_id: int, source: Source, episodes: list[EpisodeOfNeed]
) -> list[tuple[date, date | None, str, str, list[date]]]:
    """Every child protection plan the child has had, oldest first (the position is the number
    of previous plans): start, end, initial and latest category of abuse, review dates."""
    reviews = [
        (on, category)
        for _pk, kind, on, _f, *_rest, category in source.meetings.get(child_id, [])
        if kind == MeetingKind.REVIEW_CONFERENCE
    ]
    cp_stages = [s for e in episodes for s in e.stages if s.stage == "cp"]
    plans = []
    for pk, kind, starts, ends, category in source.plans.get(child_id, []):
        if kind != PlanKind.CHILD_PROTECTION:
            continue
        # The DfE counts a plan from the initial conference that decided it (rule 2885): the
        # child protection stage starts that day, the written plan may be recorded days later.
        starts = next((s.starts_on for s in cp_stages if _overlap(s.starts_on, s.ends_on, starts, starts)), starts)
        held = [on for on, _c in reviews if on >= starts and (ends is None or on <= ends)]
        held += source.plan_reviews.get(pk, [])
        latest = next((c for on, c in sorted(reviews, reverse=True) if c and on in held), category)
        plans.append((starts, ends, category, latest, sorted(set(held))))
    for stage in cp_stages:
        if not any(_overlap(p[0], p[1], stage.starts_on, stage.ends_on) for p in plans):
            plans.append((stage.starts_on, stage.ends_on, stage.category_of_abuse, stage.category_of_abuse, []))
    return sorted(plans, key=lambda p: p[0])
