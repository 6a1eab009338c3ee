"""Import for onboarding: a council's last CIN census (XML) and SSDA903 (CSV files) bring its
children's history into Kith.

Each child in a file is checked first (codes the DfE lists, dates that parse and make sense, the
same child not twice with different dates). A child that fails is rejected whole, with the
reason; a part of a child's history that fails (an assessment authorised before it started, a
section 47 enquiry before the referral) is rejected alone and the rest comes in. Nothing that is
already in Kith is changed: a child is matched by LA child ID, then by UPN (the returns carry no
names, so name and date of birth cannot be used), and only what Kith does not hold yet is added.
Each piece of history is found again by what identifies it (the stage and its start, the
assessment's start, the plan's kind and start, the meeting's kind and date), so importing the
same files twice changes nothing.

Children are written in bulk, one transaction per child with its audit event: the apps' own
actions refuse past-dated history (a plan closed last year, an episode for 2019) that an import
must bring across as it was. The import keeps, as `accepted`, the census as Kith took it (the file
less what was rejected), which an export of the same children over the same span gives back.
"""

from __future__ import annotations

import copy
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kith.assessments.codes import AssessmentFactor, AssessmentKind, AssessmentStatus
from kith.assessments.models import Assessment
from kith.assessments.rules import assessment_due_on
from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, User
from kith.core.timescales import timescales
from kith.journey.codes import CategoryOfAbuse, ClosureReason, LegalStatus, PlacementType, PrimaryNeed, ReferralSource
from kith.journey.models import Episode, LegalStatusPeriod, Placement
from kith.meetings.codes import ConferenceDecision, MeetingKind, MeetingStatus
from kith.meetings.models import Meeting
from kith.people.actions import do_create_child
from kith.people.codes import Disability, Ethnicity
from kith.people.models import Child
from kith.plans.models import Plan, PlanKind
from kith.returns import rules, ssda903
from kith.returns.cin_format import Census, Row
from kith.returns.codes import ImportOutcome, ReasonCeased
from kith.returns.models import (
    AdoptionDetails,
    CareEnding,
    CareEpisodeDetail,
    CareLeaverOutcome,
    ChildReturnDetail,
    HealthOutcome,
    LookedAfterReview,
    MissingEpisode,
    PlacedForAdoption,
    PreviousPermanence,
    UascPeriod,
)

Progress = Callable[[int, str], None]
UPN_UNKNOWN = frozenset({f"UN{n}" for n in range(1, 8)})


class Rejected(Exception):
    """A row Kith cannot take; the message says why, in plain words."""


@dataclass(frozen=True)
class Note:
    outcome: str
    la_child_id: str
    what: str
    reason: str = ""
    child_id: int | None = None


@dataclass
class ImportReport:
    notes: list[Note] = field(default_factory=list)
    accepted: Census | None = None

    def add(self, outcome: str, la_child_id: str, what: str, reason: str = "", child_id: int | None = None) -> None:
        self.notes.append(Note(outcome, la_child_id, what, reason, child_id))

    def counts(self) -> dict[str, int]:
        return dict(Counter(n.outcome for n in self.notes if n.what == "child"))

    def rejected_rows(self) -> int:
        return sum(1 for n in self.notes if n.outcome == ImportOutcome.REJECTED)


def parse_date(value: str | None, what: str) -> date | None:
    if value is None or value == "":
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise Rejected(f"{what} is not a date: {value!r}")


def _code(value: str | None, allowed: list[str] | frozenset[str], what: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise Rejected(f"{what} is missing")
        return ""
    if value not in allowed:
        raise Rejected(f"{what} {value!r} is not a DfE code")
    return value


def _not_future(on: date | None, what: str, today: date) -> None:
    if on is not None and on > today:
        raise Rejected(f"{what} ({on:%d/%m/%Y}) is in the future")


# --- Children -----------------------------------------------------------------------------------


@dataclass
class ChildFacts:
    la_child_id: str
    upn: str
    former_upn: str
    upn_unknown: str
    born: date | None
    expected: date | None
    died: date | None
    sex: str
    ethnicity: str
    disabilities: list[str]


def child_facts(row: Row, today: date) -> ChildFacts:
    """The identifiers and characteristics of a census child, checked. Raises Rejected."""
    la_id = (row.get("LAchildID") or "").strip()
    if not la_id:
        raise Rejected("The child has no LA child ID")
    if len(la_id) > 20:
        raise Rejected("The LA child ID is longer than 20 characters")
    raw_sex = row.get("Sex") or row.get("GenderCurrent") or ""
    sex = rules.sex_from_return(raw_sex)
    if sex is None:
        raise Rejected(f"Sex {raw_sex!r} is not a DfE code")
    born = parse_date(row.get("PersonBirthDate"), "Date of birth")
    expected = parse_date(row.get("ExpectedPersonBirthDate"), "Expected date of birth")
    if born is None and expected is None:
        raise Rejected("The child has neither a date of birth nor an expected date of birth")
    _not_future(born, "Date of birth", today)
    disabilities = [d for d in row.get("Disabilities") or [] if d != "NONE"]
    for code in disabilities:
        _code(code, Disability.values, "Disability")
    return ChildFacts(
        la_child_id=la_id,
        upn=(row.get("UPN") or "").strip(),
        former_upn=(row.get("FormerUPN") or "").strip(),
        upn_unknown=_code(row.get("UPNunknown"), UPN_UNKNOWN, "UPN unknown reason") if not row.get("UPN") else "",
        born=born,
        expected=expected if born is None else None,
        died=parse_date(row.get("PersonDeathDate"), "Date of death"),
        sex=sex,
        ethnicity=_code(row.get("Ethnicity"), Ethnicity.values, "Ethnicity", required=True),
        disabilities=disabilities,
    )


def _find_child(facts: ChildFacts) -> tuple[Child | None, str]:
    """The child already in Kith, and how they were matched ("" when new). Raises Rejected when
    a match disagrees on the date of birth."""
    child = Child.objects.select_related("person").filter(la_child_id=facts.la_child_id).first()
    how = "LA child ID"
    if child is None and facts.upn:
        child = Child.objects.select_related("person").filter(person__upn=facts.upn).first()
        how = "UPN"
    if child is None:
        return None, ""
    person = child.person
    if facts.born and person.date_of_birth and facts.born != person.date_of_birth:
        raise Rejected(
            f"Matched by {how} to {child.la_child_id}, who has a different date of birth in Kith "
            f"({person.date_of_birth:%d/%m/%Y}, the file says {facts.born:%d/%m/%Y})"
        )
    return child, how


def _create_child(facts: ChildFacts, by: User) -> Child:
    person_fields = {
        # The returns carry no names: the record says so until someone adds them.
        "legal_given_name": "Name not recorded",
        "legal_family_name": facts.la_child_id,
        "date_of_birth": facts.born,
        "expected_date_of_birth": facts.expected,
        "date_of_death": facts.died,
        "is_deceased": facts.died is not None,
        "sex": facts.sex,
        "ethnicity": facts.ethnicity,
        "disabilities": facts.disabilities,
        "upn": facts.upn,
    }
    return do_create_child(person_fields=person_fields, la_child_id=facts.la_child_id, by=by)


def _differences(child: Child, facts: ChildFacts) -> list[str]:
    person = child.person
    found = []
    if person.sex != facts.sex:
        found.append(f"sex (Kith {person.sex}, file {facts.sex})")
    if person.ethnicity != facts.ethnicity:
        found.append(f"ethnicity (Kith {person.ethnicity}, file {facts.ethnicity})")
    if facts.upn and person.upn and person.upn != facts.upn:
        found.append(f"UPN (Kith {person.upn}, file {facts.upn})")
    return found


def _refresh_stage(child: Child) -> None:
    """Keep the child's open flag and current stage in step with their episodes, as the journey
    app's actions do."""
    latest = Episode.objects.filter(child=child, ends_on__isnull=True).order_by("-starts_on", "-id").first()
    Child.objects.filter(pk=child.pk).update(is_open=latest is not None, current_stage=latest.stage if latest else "")


def _duplicates(children: list[Row]) -> dict[str, str]:
    """LA child IDs in the file more than once with different dates: {id: reason}."""
    seen: dict[str, set[tuple[Any, Any]]] = defaultdict(set)
    for row in children:
        la_id = (row.get("LAchildID") or "").strip()
        seen[la_id].add((row.get("PersonBirthDate"), row.get("ExpectedPersonBirthDate")))
    return {
        la_id: "The child is in the file more than once with different dates of birth"
        for la_id, dates in seen.items()
        if la_id and len(dates) > 1
    }


# --- CIN census -----------------------------------------------------------------------------------


def import_census(census: Census, *, by: User, today: date, progress: Progress | None = None) -> ImportReport:
    """Bring a census's children into Kith; the report says what happened to each."""
    report = ImportReport()
    accepted = Census(year=census.year, header=dict(census.header))
    conflicts = _duplicates(census.children)
    merged_rows: dict[str, Row] = {}
    for row in census.children:
        la_id = (row.get("LAchildID") or "").strip()
        if la_id in merged_rows:  # the same child twice with the same dates: one child, both histories
            merged_rows[la_id]["CINdetails"] = merged_rows[la_id]["CINdetails"] + row["CINdetails"]
        else:
            merged_rows[la_id] = copy.deepcopy(row)
    total = len(merged_rows)
    for n, (la_id, row) in enumerate(merged_rows.items()):
        if progress and n % 200 == 0:
            progress(n * 100 // max(1, total), f"Imported {n:,} of {total:,} children")
        if la_id in conflicts:
            report.add(ImportOutcome.REJECTED, la_id, "child", conflicts[la_id])
            continue
        try:
            facts = child_facts(row, today)
            kept = _import_census_child(facts, row, by=by, today=today, report=report)
        except Rejected as why:
            report.add(ImportOutcome.REJECTED, la_id, "child", str(why))
            continue
        accepted.children.append(kept)
    report.accepted = accepted
    return report


def _import_census_child(facts: ChildFacts, row: Row, *, by: User, today: date, report: ImportReport) -> Row:
    with transaction.atomic():
        child, how = _find_child(facts)
        created = child is None
        if child is None:
            child = _create_child(facts, by)
        kept: Row = {**row, "CINdetails": []}
        added = 0
        for details in row["CINdetails"]:
            try:
                kept_details, count = _import_details(child, details, by=by, today=today, report=report)
            except Rejected as why:
                report.add(ImportOutcome.REJECTED, facts.la_child_id, "CIN episode", str(why), child.pk)
                continue
            kept["CINdetails"].append(kept_details)
            added += count
        added += _return_detail(child, facts, kept)
        kept["UPNunknown"] = facts.upn_unknown or None
        _refresh_stage(child)
        if created or added:  # nothing changed, nothing to audit
            record_audit_event(
                user=by,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                child_id=child.pk,
                child_team_id=child.team_id,
                object_type="return_import",
                object_id=child.pk,
                detail={"source": "cin_census", "added": added},
            )
    _report_child(report, facts, child, created=created, how=how, added=added)
    return kept


def _report_child(
    report: ImportReport, facts: ChildFacts, child: Child, *, created: bool, how: str, added: int
) -> None:
    if created:
        report.add(ImportOutcome.IMPORTED, facts.la_child_id, "child", f"{added} records added", child.pk)
    elif added:
        differences = _differences(child, facts)
        reason = f"Matched by {how}; {added} records added"
        if differences:
            reason += "; kept Kith's " + ", ".join(differences)
        report.add(ImportOutcome.MERGED, facts.la_child_id, "child", reason, child.pk)
    else:
        report.add(ImportOutcome.UNCHANGED, facts.la_child_id, "child", f"Matched by {how}; nothing new", child.pk)


def _return_detail(child: Child, facts: ChildFacts, kept: Row) -> int:
    """The identifiers the person record does not hold, and the child protection plans the
    child had before the first plan that came across (from its NumberOfPreviousCPP)."""
    earlier = 0
    plans = [p for d in kept["CINdetails"] for p in d["ChildProtectionPlans"]]
    if plans and (plans[0].get("NumberOfPreviousCPP") or "").isdigit():
        earlier = int(plans[0]["NumberOfPreviousCPP"])
    _detail, made = ChildReturnDetail.objects.get_or_create(
        child=child,
        defaults={"upn_unknown": facts.upn_unknown, "former_upn": facts.former_upn, "earlier_cp_plans": earlier},
    )
    return int(made and bool(facts.upn_unknown or facts.former_upn or earlier))


def _stage_for(details: Row) -> str:
    if rules.yes_no(details.get("ReferralNFA") or "") and not details["Assessments"]:
        return "referral"
    if details["CINPlanDates"] or details["ChildProtectionPlans"]:
        return "cin"
    return "assessment"


def _import_details(child: Child, details: Row, *, by: User, today: date, report: ImportReport) -> tuple[Row, int]:
    """One <CINdetails>: an episode of need and what happened in it. Returns what was kept."""
    la_id = child.la_child_id
    referral = parse_date(details.get("CINreferralDate"), "Referral date")
    if referral is None:
        raise Rejected("The CIN episode has no referral date")
    _not_future(referral, "Referral date", today)
    closed = parse_date(details.get("CINclosureDate"), "Closure date")
    _not_future(closed, "Closure date", today)
    if closed and closed < referral:
        raise Rejected("The closure date is before the referral date")
    codes = {
        "referral_source": _code(details.get("ReferralSource"), ReferralSource.values, "Referral source"),
        "primary_need": _code(details.get("PrimaryNeedCode"), PrimaryNeed.values, "Primary need"),
        "closure_reason": _code(details.get("ReasonForClosure"), ClosureReason.values, "Reason for closure"),
    }
    if rules.yes_no(details.get("ReferralNFA") or "false") is None:
        raise Rejected(f"Referral NFA {details.get('ReferralNFA')!r} is not yes or no")

    def inside(on: date | None) -> bool:
        return on is not None and referral <= on and (closed is None or on <= closed)

    kept: Row = {**details, "Assessments": [], "CINPlanDates": [], "Section47": [], "ChildProtectionPlans": []}
    stage = _stage_for(details)
    added = 0
    episode = Episode.objects.filter(child=child, stage__in=rules.CIN_STAGES, starts_on=referral).first()
    if episode is None:
        episode = Episode.objects.create(child=child, stage=stage, starts_on=referral, ends_on=closed, **codes)
        added += 1
    kept["ReferralNFA"] = "true" if stage == "referral" and closed else "false"
    for part, rows, reader in (
        ("assessment", details["Assessments"], _assessment),
        ("CIN plan", details["CINPlanDates"], _cin_plan),
        ("section 47 enquiry", details["Section47"], _section_47),
        ("child protection plan", details["ChildProtectionPlans"], _cp_plan),
    ):
        for item in rows:
            try:
                new = reader(child, episode, item, inside=inside, by=by, today=today)
            except Rejected as why:
                report.add(ImportOutcome.REJECTED, la_id, part, str(why), child.pk)
                continue
            added += new
            kept[_KEY[part]].append(_normalised(part, item))
    if details.get("DateOfInitialCPC"):
        report.add(
            ImportOutcome.REJECTED,
            la_id,
            "date of initial conference",
            "An initial conference recorded on the CIN episode without its section 47 enquiry: Kith keeps each "
            "conference with its enquiry, so add them on the child's meetings page",
            child.pk,
        )
    kept["DateOfInitialCPC"] = None
    return kept, added


_KEY = {
    "assessment": "Assessments",
    "CIN plan": "CINPlanDates",
    "section 47 enquiry": "Section47",
    "child protection plan": "ChildProtectionPlans",
}


def _normalised(part: str, item: Row) -> Row:
    if part == "section 47 enquiry":
        return {**item, "ICPCnotRequired": "true" if rules.yes_no(item.get("ICPCnotRequired") or "") else "false"}
    return item


def _assessment(child: Child, episode: Episode, item: Row, *, inside: Any, by: User, today: date) -> int:
    starts = parse_date(item.get("AssessmentActualStartDate"), "Assessment start date")
    authorised = parse_date(item.get("AssessmentAuthorisationDate"), "Assessment authorisation date")
    if starts is None:
        raise Rejected("The assessment has no start date")
    _not_future(starts, "Assessment start date", today)
    _not_future(authorised, "Assessment authorisation date", today)
    if not inside(starts):
        raise Rejected(f"The assessment starts ({starts:%d/%m/%Y}) outside its CIN episode")
    if authorised and authorised < starts:
        raise Rejected("The assessment was authorised before it started")
    factors = list(item.get("AssessmentFactors") or [])
    for code in factors:
        _code(code, AssessmentFactor.values, "Assessment factor")
    if Assessment.objects.filter(child=child, kind=AssessmentKind.CHILD_AND_FAMILY, starts_on=starts).exists():
        return 0
    now = timezone.now()
    Assessment.objects.create(
        child=child,
        kind=AssessmentKind.CHILD_AND_FAMILY,
        episode=episode,
        starts_on=starts,
        due_on=assessment_due_on(kind=AssessmentKind.CHILD_AND_FAMILY, starts_on=starts, timescales=timescales()),
        completed_on=authorised,
        status=AssessmentStatus.AUTHORISED if authorised else AssessmentStatus.IN_PROGRESS,
        factors=factors,
        authorised_on=authorised,
        authorisation_rationale="Imported from the council's CIN census." if authorised else "",
        created_by=by,
        created_at=now,
    )
    return 1


def _plan(child: Child, kind: str, starts: date, ends: date | None, category: str, by: User) -> int:
    if Plan.objects.filter(child=child, kind=kind, starts_on=starts).exists():
        return 0
    if ends is None and Plan.objects.filter(child=child, ends_on__isnull=True).exists():
        raise Rejected("The child already has an open plan in Kith: a child has one plan at a time")
    Plan.objects.create(
        child=child,
        kind=kind,
        starts_on=starts,
        ends_on=ends,
        category_of_abuse=category,
        started_by=by,
        created_at=timezone.now(),
    )
    return 1


def _cin_plan(child: Child, episode: Episode, item: Row, *, inside: Any, by: User, today: date) -> int:
    starts = parse_date(item.get("CINPlanStartDate"), "CIN plan start date")
    ends = parse_date(item.get("CINPlanEndDate"), "CIN plan end date")
    if starts is None:
        raise Rejected("The CIN plan has no start date")
    _not_future(starts, "CIN plan start date", today)
    if not inside(starts):
        raise Rejected(f"The CIN plan starts ({starts:%d/%m/%Y}) outside its CIN episode")
    if ends and ends < starts:
        raise Rejected("The CIN plan ends before it starts")
    return _plan(child, PlanKind.CHILD_IN_NEED, starts, ends, "", by)


def _meeting(child: Child, kind: str, on: date, by: User, **fields: Any) -> tuple[Meeting, int]:
    found = Meeting.objects.filter(child=child, kind=kind, held_on=on).first()
    if found:
        return found, 0
    now = timezone.now()
    meeting = Meeting.objects.create(
        child=child,
        kind=kind,
        status=MeetingStatus.HELD,
        held_on=on,
        planned_on=on,
        recorded_by=by,
        created_at=now,
        updated_at=now,
        summary="Imported from the council's CIN census.",
        **fields,
    )
    return meeting, 1


def _section_47(child: Child, episode: Episode, item: Row, *, inside: Any, by: User, today: date) -> int:
    starts = parse_date(item.get("S47ActualStartDate"), "Section 47 start date")
    target = parse_date(item.get("InitialCPCtarget"), "Initial conference target date")
    conference = parse_date(item.get("DateOfInitialCPC"), "Date of initial conference")
    not_required = rules.yes_no(item.get("ICPCnotRequired") or "")
    if starts is None:
        raise Rejected("The section 47 enquiry has no start date")
    if not_required is None:
        raise Rejected(f"ICPC not required {item.get('ICPCnotRequired')!r} is not yes or no")
    _not_future(starts, "Section 47 start date", today)
    _not_future(conference, "Date of initial conference", today)
    if not inside(starts):
        raise Rejected(f"The section 47 enquiry starts ({starts:%d/%m/%Y}) outside its CIN episode")
    if conference and conference < starts:
        raise Rejected("The initial conference is before the section 47 enquiry started")
    outcome, added = _meeting(
        child,
        MeetingKind.SECTION_47_OUTCOME,
        starts,
        by,
        s47_started_on=starts,
        initial_conference_target_on=target,
        initial_conference_not_required=not_required,
    )
    if conference:
        plan_starts = Plan.objects.filter(child=child, kind=PlanKind.CHILD_PROTECTION, starts_on=conference).exists()
        _, more = _meeting(
            child,
            MeetingKind.INITIAL_CONFERENCE,
            conference,
            by,
            follows=outcome,
            cp_decision=ConferenceDecision.PLAN if plan_starts else "",
        )
        added += more
    return added


def _cp_plan(child: Child, episode: Episode, item: Row, *, inside: Any, by: User, today: date) -> int:
    starts = parse_date(item.get("CPPstartDate"), "Child protection plan start date")
    ends = parse_date(item.get("CPPendDate"), "Child protection plan end date")
    if starts is None:
        raise Rejected("The child protection plan has no start date")
    _not_future(starts, "Child protection plan start date", today)
    _not_future(ends, "Child protection plan end date", today)
    if not inside(starts):
        raise Rejected(f"The child protection plan starts ({starts:%d/%m/%Y}) outside its CIN episode")
    if ends and ends < starts:
        raise Rejected("The child protection plan ends before it starts")
    initial = _code(
        item.get("InitialCategoryOfAbuse"), CategoryOfAbuse.values, "Initial category of abuse", required=True
    )
    latest = _code(item.get("LatestCategoryOfAbuse"), CategoryOfAbuse.values, "Latest category of abuse") or initial
    reviews = [parse_date(on, "Review date") for on in item.get("Reviews") or []]
    for on in reviews:
        assert on is not None
        if on < starts or (ends and on > ends):
            raise Rejected(f"The review on {on:%d/%m/%Y} is outside its child protection plan")
    if latest != initial and not reviews:
        raise Rejected("The latest category of abuse differs from the initial one but no review is recorded")
    added = _plan(child, PlanKind.CHILD_PROTECTION, starts, ends, initial, by)
    for n, on in enumerate(sorted(r for r in reviews if r)):
        category = latest if n == len(reviews) - 1 else ""
        _, more = _meeting(child, MeetingKind.REVIEW_CONFERENCE, on, by, category_of_abuse=category)
        added += more
    return added


# --- SSDA903 ----------------------------------------------------------------------------------------


def _d903(value: str, what: str) -> date | None:
    return parse_date(value or None, what)


def import_903(
    files: dict[str, bytes], *, year: int, by: User, today: date, progress: Progress | None = None
) -> ImportReport:
    """Bring an SSDA903 return's looked-after children into Kith."""
    report = ImportReport()
    tables, problems = ssda903.read_csvs(files)
    for problem in problems:
        report.add(ImportOutcome.REJECTED, "", "file", problem)
    if "Header" not in tables:
        report.add(
            ImportOutcome.REJECTED, "", "file", "There is no SSDA903 header file (CHILD, SEX, DOB, ETHNIC, UPN...)"
        )
        return report
    by_child: dict[str, dict[str, list[list[str]]]] = defaultdict(lambda: defaultdict(list))
    for name, rows in tables.items():
        for r in rows:
            by_child[r[0]][name].append(r)
    headers = by_child
    total = len(headers)
    for n, (la_id, child_tables) in enumerate(headers.items()):
        if progress and n % 200 == 0:
            progress(n * 100 // max(1, total), f"Imported {n:,} of {total:,} children")
        if not child_tables.get("Header"):
            report.add(ImportOutcome.REJECTED, la_id, "child", "The child has rows but is not in the header file")
            continue
        if len({tuple(h[1:3]) for h in child_tables["Header"]}) > 1:
            report.add(
                ImportOutcome.REJECTED,
                la_id,
                "child",
                "The child is in the header file more than once with different details",
            )
            continue
        try:
            _import_903_child(la_id, child_tables, year=year, by=by, today=today, report=report)
        except Rejected as why:
            report.add(ImportOutcome.REJECTED, la_id, "child", str(why))
    return report


def _facts_903(la_id: str, header: list[str], today: date) -> ChildFacts:
    _child, sex, dob, ethnic, upn, _mother, _mc = header
    row = {
        "LAchildID": la_id,
        "Sex": sex,
        "PersonBirthDate": dob,
        "Ethnicity": ethnic,
        "UPN": upn if upn and not upn.startswith("UN") else None,
        "UPNunknown": upn if upn.startswith("UN") else None,
    }
    return child_facts(row, today)


def _import_903_child(
    la_id: str, t: dict[str, list[list[str]]], *, year: int, by: User, today: date, report: ImportReport
) -> None:
    facts = _facts_903(la_id, t["Header"][0], today)
    with transaction.atomic():
        child, how = _find_child(facts)
        created = child is None
        if child is None:
            child = _create_child(facts, by)
        added = 0
        try:
            added += _care_periods(child, t.get("Episodes", []), today)
        except Rejected as why:
            report.add(ImportOutcome.REJECTED, la_id, "looked-after episodes", str(why), child.pk)
        for name, reader in _903_READERS.items():
            for r in t.get(name, []):
                try:
                    added += reader(child, r, year)
                except (Rejected, ValueError) as why:
                    report.add(ImportOutcome.REJECTED, la_id, name, str(why), child.pk)
        ChildReturnDetail.objects.get_or_create(child=child, defaults={"upn_unknown": facts.upn_unknown})
        _refresh_stage(child)
        if created or added:
            record_audit_event(
                user=by,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                child_id=child.pk,
                child_team_id=child.team_id,
                object_type="return_import",
                object_id=child.pk,
                detail={"source": "ssda903", "added": added},
            )
    if created:
        report.add(ImportOutcome.IMPORTED, la_id, "child", f"{added} records added", child.pk)
    elif added:
        report.add(ImportOutcome.MERGED, la_id, "child", f"Matched by {how}; {added} records added", child.pk)
    else:
        report.add(ImportOutcome.UNCHANGED, la_id, "child", f"Matched by {how}; nothing new", child.pk)


def _care_periods(child: Child, rows: list[list[str]], today: date) -> int:
    """The 903 episode rows as looked-after stages with their legal statuses and placements."""
    cols = ssda903.COLUMNS["Episodes"]
    parsed = []
    for r in rows:
        row = dict(zip(cols, r, strict=True))
        starts = _d903(row["DECOM"], "DECOM")
        ends = _d903(row["DEC"], "DEC")
        if starts is None:
            raise Rejected("An episode has no start date (DECOM)")
        _not_future(starts, "DECOM", today)
        _not_future(ends, "DEC", today)
        if ends and ends < starts:
            raise Rejected(f"The episode starting {starts:%d/%m/%Y} ends before it starts")
        _code(row["LS"], LegalStatus.values, "Legal status", required=True)
        _code(row["PLACE"], PlacementType.values, "Placement type", required=True)
        _code(row["REC"], ["X1", *ReasonCeased.values], "Reason episode ceased")
        parsed.append((starts, ends, row))
    parsed.sort(key=lambda p: p[0])
    for (s1, e1, _), (s2, _e2, _) in itertools.pairwise(parsed):
        if e1 is None or e1 > s2:
            raise Rejected(f"Episodes overlap: one starting {s1:%d/%m/%Y} is still open when the next starts")
    periods: list[list[tuple[date, date | None, dict[str, str]]]] = []
    for item in parsed:
        if periods and periods[-1][-1][2]["REC"] == "X1" and periods[-1][-1][1] == item[0]:
            periods[-1].append(item)
        else:
            periods.append([item])
    added = 0
    for period in periods:
        added += _care_period(child, period)
    return added


def _care_period(child: Child, rows: list[tuple[date, date | None, dict[str, str]]]) -> int:
    starts, ends = rows[0][0], rows[-1][1]
    if Episode.objects.filter(child=child, stage="lac", starts_on=starts).exists():
        return 0
    need = rows[0][2]["CIN"]
    episode = Episode.objects.create(
        child=child,
        stage="lac",
        starts_on=starts,
        ends_on=ends,
        primary_need=need if need in PrimaryNeed.values else "",
    )
    for code_field, model in (("LS", LegalStatusPeriod), ("PLACE", Placement)):
        runs: list[list[Any]] = []
        for s, e, row in rows:
            key = row[code_field] if code_field == "LS" else (row["PLACE"], row["PL_POST"])
            if runs and runs[-1][0] == key:
                runs[-1][2] = e
            else:
                runs.append([key, s, e])
        for key, s, e in runs:
            if model is LegalStatusPeriod:
                LegalStatusPeriod.objects.create(episode=episode, legal_status=key, starts_on=s, ends_on=e)
            else:
                Placement.objects.create(
                    episode=episode, placement_type=key[0], postcode=key[1], starts_on=s, ends_on=e
                )
    for s, _e, row in rows:
        CareEpisodeDetail.objects.create(
            episode=episode,
            starts_on=s,
            reason_new_episode=row["RNE"],
            place_provider=row["PLACE_PROVIDER"],
            reason_place_change=row["REASON_PLACE_CHANGE"],
            home_postcode=row["HOME_POST"],
            urn=row["URN"],
        )
    last = rows[-1][2]["REC"]
    if ends and last and last != "X1":
        CareEnding.objects.create(episode=episode, reason=last)
    return 1


def _created(made: bool) -> int:
    return int(made)


def _review(child: Child, r: list[str], year: int) -> int:
    on = _d903(r[2], "REVIEW")
    if on is None:
        raise Rejected("The review has no date")
    return _created(
        LookedAfterReview.objects.get_or_create(child=child, held_on=on, defaults={"participation": r[3]})[1]
    )


def _uasc(child: Child, r: list[str], year: int) -> int:
    return _created(UascPeriod.objects.get_or_create(child=child, defaults={"ceased_on": _d903(r[3], "DUC")})[1])


def _missing(child: Child, r: list[str], year: int) -> int:
    starts = _d903(r[3], "MIS_START")
    if starts is None or r[2] not in ("M", "A"):
        raise Rejected("The missing episode has no start date or an unknown kind")
    return _created(
        MissingEpisode.objects.get_or_create(
            child=child, kind=r[2], starts_on=starts, defaults={"ends_on": _d903(r[4], "MIS_END")}
        )[1]
    )


def _flag(value: str) -> bool | None:
    return None if value == "" else value == "1"


def _oc2(child: Child, r: list[str], year: int) -> int:
    """OC2 rows carry no year of their own: they belong to the return they came in."""
    return _created(
        HealthOutcome.objects.get_or_create(
            child=child,
            collection_year=year,
            defaults={
                "sdq_score": int(r[2]) if r[2].isdigit() else None,
                "sdq_reason": r[3],
                **{name: _flag(v) for name, v in zip(ssda903.OC2_FLAGS, r[4:], strict=True)},
            },
        )[1]
    )


def _oc3(child: Child, r: list[str], year: int) -> int:
    return _created(
        CareLeaverOutcome.objects.get_or_create(
            child=child, collection_year=year, defaults={"in_touch": r[2], "activity": r[3], "accommodation": r[4]}
        )[1]
    )


def _ad1(child: Child, r: list[str], year: int) -> int:
    decided = _d903(r[2], "DATE_INT")
    matched = _d903(r[3], "DATE_MATCH")
    if decided is None or matched is None:
        raise Rejected("AD1 needs the date of decision and of the match")
    return _created(
        AdoptionDetails.objects.get_or_create(
            child=child,
            decided_on=decided,
            defaults={
                "matched_on": matched,
                "foster_care": r[4] == "1",
                "number_of_adopters": int(r[5] or 0),
                "sex_of_adopters": r[6],
                "legal_status_of_adopters": r[7],
            },
        )[1]
    )


def _placed(child: Child, r: list[str], year: int) -> int:
    decided = _d903(r[2], "DATE_PLACED")
    if decided is None:
        raise Rejected("Placed for adoption needs the date of the decision")
    return _created(
        PlacedForAdoption.objects.get_or_create(
            child=child,
            decided_on=decided,
            defaults={"ceased_on": _d903(r[3], "DATE_PLACED_CEASED"), "reason_ceased": r[4]},
        )[1]
    )


def _prev_perm(child: Child, r: list[str], year: int) -> int:
    return _created(
        PreviousPermanence.objects.get_or_create(
            child=child, defaults={"kind": r[2], "local_authority": r[3], "on": r[4]}
        )[1]
    )


_903_READERS: dict[str, Callable[[Child, list[str], int], int]] = {
    "Reviews": _review,
    "UASC": _uasc,
    "Missing": _missing,
    "OC2": _oc2,
    "OC3": _oc3,
    "AD1": _ad1,
    "PlacedAdoption": _placed,
    "PrevPerm": _prev_perm,
}
