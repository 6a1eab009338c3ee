"""The SSDA903 return for a collection year: its CSV tables, read from Kith's records in a few
set-based queries.

Where it comes from:
- Header: the person record (MOTHER and MC_DOB from the child's own children on the family tree);
- Episodes: each looked-after stage split on every change of legal status or placement
  (`rules.care_rows`), with the details only the return needs from `CareEpisodeDetail` and the
  reason care ended from `CareEnding`;
- Reviews, UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing: this app's models;
- SWEpisodes: the allocation history (who led the work with the child).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from kith.journey.models import Allocation, Episode, LegalStatusPeriod, Placement
from kith.people.models import Address, Child, Relationship
from kith.returns import rules
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
from kith.returns.rules import Period

COLUMNS: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}
FILE_NAMES = {name: f"{name.lower()}.csv" for name in COLUMNS}
# Categories of need the 903 accepts (N0 and N9 are census-only).
CIN_CODES = frozenset({"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"})

Tables = dict[str, list[list[Any]]]


def d(on: date | None) -> str:
    return on.strftime("%d/%m/%Y") if on else ""


def _parsed(on: str) -> date:
    return datetime.strptime(on, "%d/%m/%Y").date()


def flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def la_gss_code() -> str:
    """The council's nine-character ONS code, which the 903 validator reads placements against."""
    return str(getattr(settings, "KITH_LA_GSS_CODE", "E09000027"))


@dataclass
class Return903:
    year: int
    tables: Tables

    def files(self) -> dict[str, bytes]:
        return {FILE_NAMES[name]: to_csv(COLUMNS[name], rows) for name, rows in self.tables.items()}

    def child_ids(self) -> list[str]:
        return [str(row[0]) for row in self.tables["Header"]]


def to_csv(columns: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode()


def looked_after_children(period: Period) -> QuerySet[Child]:
    care = Episode.objects.filter(stage="lac", starts_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    )
    return Child.objects.filter(pk__in=care.values("child_id"))


def build_903(year: int) -> Return903:
    """The SSDA903 tables for the collection year ending in `year`."""
    period = rules.collection_period(year)
    children = list(looked_after_children(period).select_related("person").order_by("la_child_id"))
    ids = [c.pk for c in children]
    tables: Tables = {name: [] for name in COLUMNS}
    dob = {c.pk: d(c.person.date_of_birth) for c in children}
    code = {c.pk: c.la_child_id for c in children}
    _header(tables, children, period, year)
    windows = _care_windows(_episodes(tables, ids, code, period), period)
    for r in LookedAfterReview.objects.filter(child_id__in=ids, held_on__range=(period.start, period.end)):
        tables["Reviews"].append([code[r.child_id], dob[r.child_id], d(r.held_on), r.participation])
    by_pk = {c.pk: c for c in children}
    for u in UascPeriod.objects.filter(child_id__in=ids):
        sex = rules.cin_sex(by_pk[u.child_id].person.sex, year)
        tables["UASC"].append([code[u.child_id], sex, dob[u.child_id], d(u.ceased_on)])
    for h in HealthOutcome.objects.filter(child_id__in=ids, collection_year=year):
        tables["OC2"].append(
            [code[h.child_id], dob[h.child_id], "" if h.sdq_score is None else h.sdq_score, h.sdq_reason]
            + [flag(getattr(h, f)) for f in OC2_FLAGS]
        )
    _care_leavers(tables, year)
    for a in AdoptionDetails.objects.filter(child_id__in=ids, matched_on__lte=period.end):
        tables["AD1"].append(
            [
                code[a.child_id],
                dob[a.child_id],
                d(a.decided_on),
                d(a.matched_on),
                flag(a.foster_care),
                a.number_of_adopters,
                a.sex_of_adopters,
                a.legal_status_of_adopters,
            ]
        )
    for p in PlacedForAdoption.objects.filter(child_id__in=ids, decided_on__lte=period.end):
        tables["PlacedAdoption"].append(
            [code[p.child_id], dob[p.child_id], d(p.decided_on), d(p.ceased_on), p.reason_ceased]
        )
    # Previous permanence is returned for the children who started to be looked after in the year
    # (rules 630 and 634).
    started = {row[0] for row in tables["Episodes"] if row[2] == "S" and period.holds(_parsed(row[1]))}
    for pp in PreviousPermanence.objects.filter(child_id__in=ids):
        if code[pp.child_id] in started:
            tables["PrevPerm"].append([code[pp.child_id], dob[pp.child_id], pp.kind, pp.local_authority, pp.on])
    for m in MissingEpisode.objects.filter(child_id__in=ids, starts_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    ):
        tables["Missing"].append([code[m.child_id], dob[m.child_id], m.kind, d(m.starts_on), d(m.ends_on)])
    _social_workers(tables, ids, code, dob, period, windows)
    return Return903(year=year, tables=tables)


OC2_FLAGS = (
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)


def _header(tables: Tables, children: list[Child], period: Period, year: int) -> None:
    ids = [c.pk for c in children]
    unknown = dict(ChildReturnDetail.objects.filter(child_id__in=ids).values_list("child_id", "upn_unknown"))
    # A girl's own children, for MOTHER and MC_DOB.
    births: dict[int, list[date]] = defaultdict(list)
    for person_id, born in Relationship.objects.filter(
        from_person__child_record__in=ids, kind="parent", nature="biological", to_person__date_of_birth__isnull=False
    ).values_list("from_person_id", "to_person__date_of_birth"):
        if born is not None:
            births[person_id].append(born)
    for child in children:
        person = child.person
        upn = (
            person.upn
            or unknown.get(child.pk)
            or rules.upn_unknown_default(born=person.date_of_birth, reference=period.end)
        )
        mother, mc_dob = "", ""
        if person.sex == "2":
            own = sorted(births.get(person.pk, []))
            mother = "1" if own else "0"
            mc_dob = d(own[0]) if own else ""
        tables["Header"].append(
            [
                child.la_child_id,
                rules.cin_sex(person.sex, year),
                d(person.date_of_birth),
                person.ethnicity,
                upn,
                mother,
                mc_dob,
            ]
        )


def _episodes(tables: Tables, ids: list[int], code: dict[int, str], period: Period) -> list[Episode]:
    """The Episodes table; returns the looked-after episodes it was made from."""
    care = list(
        Episode.objects.filter(child_id__in=ids, stage="lac", starts_on__lte=period.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
        .order_by("child_id", "starts_on")
    )
    episode_ids = [e.pk for e in care]
    statuses: dict[int, list[tuple[str, date, date | None]]] = defaultdict(list)
    for episode_id, *status in LegalStatusPeriod.objects.filter(episode_id__in=episode_ids).values_list(
        "episode_id", "legal_status", "starts_on", "ends_on"
    ):
        statuses[episode_id].append(tuple(status))  # type: ignore[arg-type]
    places: dict[int, list[tuple[str, date, date | None, str]]] = defaultdict(list)
    for episode_id, kind, starts, ends, postcode in Placement.objects.filter(episode_id__in=episode_ids).values_list(
        "episode_id", "placement_type", "starts_on", "ends_on", "postcode"
    ):
        places[episode_id].append((kind, starts, ends, postcode))
    details = {(x.episode_id, x.starts_on): x for x in CareEpisodeDetail.objects.filter(episode_id__in=episode_ids)}
    endings = dict(CareEnding.objects.filter(episode_id__in=episode_ids).values_list("episode_id", "reason"))
    homes = _home_postcodes(ids)
    for episode in care:
        rows = rules.care_rows(
            starts_on=episode.starts_on,
            ends_on=episode.ends_on,
            legal_statuses=statuses.get(episode.pk, []),
            placements=places.get(episode.pk, []),
        )
        need = episode.primary_need if episode.primary_need in CIN_CODES else ""
        for n, row in enumerate(rows):
            if not period.overlaps(row.starts_on, row.ends_on):
                continue
            detail = details.get((episode.pk, row.starts_on))
            last = n == len(rows) - 1
            ended = row.ends_on is not None and row.ends_on <= period.end
            reason_ceased = (endings.get(episode.pk, "") if last else "X1") if ended else ""
            provider = (
                detail.place_provider if detail and detail.place_provider else ("PR0" if row.placement == "P1" else "")
            )
            home = (detail.home_postcode if detail and detail.home_postcode else "") or homes.get(episode.child_id, "")
            tables["Episodes"].append(
                [
                    code[episode.child_id],
                    d(row.starts_on),
                    detail.reason_new_episode if detail and detail.reason_new_episode else row.reason_new,
                    row.legal_status,
                    need,
                    row.placement,
                    provider,
                    d(row.ends_on) if ended else "",
                    reason_ceased,
                    (detail.reason_place_change if detail else "") if ended and not last else "",
                    home,
                    row.postcode,
                    detail.urn if detail else "",
                ]
            )
    return care


def _home_postcodes(ids: list[int]) -> dict[int, str]:
    """The child's own home postcode (their earliest recorded address): where they lived before care."""
    homes: dict[int, str] = {}
    for child_id, postcode in (
        Address.objects.filter(person__child_record__in=ids)
        .order_by("starts_on")
        .values_list("person__child_record", "postcode")
    ):
        homes.setdefault(child_id, postcode)
    return homes


def _care_leavers(tables: Tables, year: int) -> None:
    for o in CareLeaverOutcome.objects.filter(collection_year=year).select_related("child__person"):
        tables["OC3"].append(
            [o.child.la_child_id, d(o.child.person.date_of_birth), o.in_touch, o.activity, o.accommodation]
        )


def _care_windows(care: list[Episode], period: Period) -> dict[int, tuple[date, date | None]]:
    """For each child, the span of their care that the year's return covers: from the start of
    the first looked-after episode that reaches into the year to the end of the last (None while
    they are still looked after at the end of the year). `care` is in order of start."""
    windows: dict[int, tuple[date, date | None]] = {}
    for episode in care:
        ends = episode.ends_on
        first = windows.get(episode.child_id, (episode.starts_on, ends))[0]
        windows[episode.child_id] = (first, None if ends is None or ends > period.end else ends)
    return windows


def _social_workers(
    tables: Tables,
    ids: list[int],
    code: dict[int, str],
    dob: dict[int, str],
    period: Period,
    windows: dict[int, tuple[date, date | None]],
) -> None:
    """Who was the child's social worker while they were looked after in the year (SWEpisodes).

    An episode begins when the worker was allocated or, for a worker already allocated when the
    child came into care, on the day care began (the DfE's rule SW12STG2 reads a social worker
    episode as one of the child's time in care). It ends when another worker took over while the
    child was looked after; a worker who stayed with the child after care ended is still their
    social worker as far as the return goes, so the episode is left open (SW17STG2)."""
    first: dict[int, date] = {}
    for child_id, starts in (
        Allocation.objects.filter(child_id__in=ids).order_by("starts_on").values_list("child_id", "starts_on")
    ):
        first.setdefault(child_id, starts)
    for child_id, practitioner_id, starts, ends in (
        Allocation.objects.filter(child_id__in=ids, starts_on__lte=period.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
        .order_by("child_id", "starts_on")
        .values_list("child_id", "practitioner_id", "starts_on", "ends_on")
    ):
        window = windows.get(child_id)
        if window is None:
            continue
        care_starts, care_ends = window
        if (ends is not None and ends <= care_starts) or (care_ends is not None and starts >= care_ends):
            continue  # the worker's time with the child was all before or after their care
        reason = "FCONTA" if first.get(child_id) == starts else "OTHERS"
        ended = ends if ends is not None and ends <= period.end and (care_ends is None or ends < care_ends) else None
        tables["SWEpisodes"].append(
            [code[child_id], dob[child_id], f"SW{practitioner_id:06d}", d(max(starts, care_starts)), d(ended), reason]
        )


def read_csvs(files: dict[str, bytes]) -> tuple[Tables, list[str]]:
    """SSDA903 CSV files as tables, each recognised by its columns; and what could not be read."""
    tables: Tables = {}
    problems: list[str] = []
    wanted = {frozenset(cols): name for name, cols in COLUMNS.items()}
    for file_name, content in files.items():
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(f"{file_name}: the file is not UTF-8 text")
            continue
        reader = csv.reader(io.StringIO(text))
        head = next(reader, [])
        name = wanted.get(frozenset(h.strip().upper() for h in head))
        if name is None:
            problems.append(f"{file_name}: the columns are not those of an SSDA903 table")
            continue
        order = [h.strip().upper() for h in head]
        rows = [[dict(zip(order, r, strict=False)).get(c, "").strip() for c in COLUMNS[name]] for r in reader if any(r)]
        tables.setdefault(name, []).extend(rows)
    return tables, problems
