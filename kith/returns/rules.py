"""Pure decisions for the statutory returns: collection years, the codes each year uses, how a
child's stages make the census's episodes of need, and how a looked-after episode splits into the
SSDA903's rows. No database, no clock: dates come in as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kith.people.rules import age_on

# The first collection year (by the year it ends) whose CIN census sends <Sex> (M, F, U) in place
# of <GenderCurrent> (1, 2, 0, 9).
SEX_ELEMENT_FROM = 2025
# The first year with the pre-proceedings block (optional; Kith does not record it yet).
PRE_PROCEEDINGS_FROM = 2027
FIRST_YEAR = 2024
LAST_YEAR = 2027
CIN_STAGES = frozenset({"referral", "assessment", "cin", "s47", "cp", "lac"})


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def overlaps(self, starts: date | None, ends: date | None) -> bool:
        """Whether something from `starts` to `ends` (open when None) falls partly in the period."""
        return (starts is None or starts <= self.end) and (ends is None or ends >= self.start)

    def holds(self, on: date | None) -> bool:
        return on is not None and self.start <= on <= self.end


def collection_period(year: int) -> Period:
    """The collection year ending in `year`: 1 April of the year before to 31 March."""
    return Period(date(year - 1, 4, 1), date(year, 3, 31))


def current_collection_year(today: date) -> int:
    """The collection year `today` falls in, named by the year it ends."""
    return today.year + 1 if today.month >= 4 else today.year


def year_label(year: int) -> str:
    return f"{year - 1} to {year}"


def ruleset(prefix: str, year: int) -> str:
    """The validators' ruleset module for a collection year: ("cin", 2027) is "cin2026_27"."""
    return f"{prefix}{year - 1}_{str(year)[2:]}"


def cin_sex(sex: str, year: int) -> str:
    """Kith's sex code (1, 2, 0, 9) as the census of `year` writes it."""
    if year < SEX_ELEMENT_FROM:
        return sex or "0"
    return {"1": "M", "2": "F"}.get(sex, "U")


def sex_from_return(value: str) -> str | None:
    """A sex code read from a return as Kith records it, or None for a code no return uses."""
    return {"M": "1", "1": "1", "F": "2", "2": "2", "U": "0", "0": "0", "9": "9"}.get(value.strip().upper())


def yes_no(value: str) -> bool | None:
    """The census's yes-no type (true, false, 1, 0 in any case) as a boolean."""
    return {"true": True, "1": True, "false": False, "0": False}.get(value.strip().lower())


def upn_unknown_default(*, born: date | None, reference: date) -> str:
    """The reason given for a missing UPN when none was recorded: UN1 for a child not yet of
    school age (or unborn), UN2 for one who has not attended school in England."""
    if born is None or age_on(born, reference) < 5:
        return "UN1"
    return "UN2"


# --- Episodes of need --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageFact:
    id: int
    stage: str
    starts_on: date
    ends_on: date | None
    follows_id: int | None
    referral_source: str = ""
    primary_need: str = ""
    closure_reason: str = ""
    category_of_abuse: str = ""


@dataclass
class EpisodeOfNeed:
    """One <CINdetails>: from referral to closure across the stages that followed each other."""

    stages: list[StageFact] = field(default_factory=list)

    @property
    def referral_on(self) -> date:
        return min(s.starts_on for s in self.stages)

    @property
    def closed_on(self) -> date | None:
        if any(s.ends_on is None for s in self.stages):
            return None
        return max(s.ends_on for s in self.stages if s.ends_on is not None)

    @property
    def last(self) -> StageFact:
        return max(self.stages, key=lambda s: (s.ends_on or date.max, s.starts_on, s.id))

    @property
    def referral_source(self) -> str:
        return next((s.referral_source for s in self.ordered if s.referral_source), "")

    @property
    def primary_need(self) -> str:
        return next((s.primary_need for s in reversed(self.ordered) if s.primary_need), "")

    @property
    def closure_reason(self) -> str:
        return self.last.closure_reason if self.closed_on is not None else ""

    @property
    def ordered(self) -> list[StageFact]:
        return sorted(self.stages, key=lambda s: (s.starts_on, s.id))

    @property
    def is_referral_only(self) -> bool:
        """Closed at referral with no further action: nothing but the referral itself."""
        return self.closed_on is not None and all(s.stage == "referral" for s in self.stages)

    def holds(self, on: date | None) -> bool:
        closed = self.closed_on
        return on is not None and self.referral_on <= on and (closed is None or on <= closed)


def episodes_of_need(stages: Iterable[StageFact]) -> list[EpisodeOfNeed]:
    """A child's social care stages grouped into episodes of need, oldest first.

    A stage joins the episode of the stage it follows, or of a stage it overlaps or starts the
    day another ends (Kith's stage changes end one stage the day the next starts); anything else
    starts a new episode."""
    ordered = sorted(stages, key=lambda s: (s.starts_on, s.id))
    groups: list[EpisodeOfNeed] = []
    where: dict[int, EpisodeOfNeed] = {}
    for stage in ordered:
        group = where.get(stage.follows_id) if stage.follows_id else None
        if group is None:
            group = next((g for g in groups if _touches(g, stage)), None)
        if group is None:
            group = EpisodeOfNeed()
            groups.append(group)
        group.stages.append(stage)
        where[stage.id] = group
    return groups


def _touches(group: EpisodeOfNeed, stage: StageFact) -> bool:
    closed = group.closed_on
    return closed is None or stage.starts_on <= closed


# --- SSDA903 rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CareRow:
    """One row of the SSDA903 episodes table."""

    starts_on: date
    ends_on: date | None
    legal_status: str
    placement: str
    postcode: str
    reason_new: str


Dated = tuple[str, date, date | None]


def _value_on(periods: Sequence[tuple[str, date, date | None, str]], on: date) -> tuple[str, str]:
    for code, starts, ends, extra in sorted(periods, key=lambda p: p[1], reverse=True):
        if starts <= on and (ends is None or on < ends or (ends == on and starts == on)):
            return code, extra
    return "", ""


def care_rows(
    *,
    starts_on: date,
    ends_on: date | None,
    legal_statuses: Sequence[Dated],
    placements: Sequence[tuple[str, date, date | None, str]],
) -> list[CareRow]:
    """A looked-after episode as the 903's rows: a new row on each change of legal status or
    placement, with the reason for the new row (S, L, P or B)."""
    bounds = {starts_on}
    for _code, starts, _ends in legal_statuses:
        if starts > starts_on and (ends_on is None or starts < ends_on):
            bounds.add(starts)
    for _code, starts, _ends, _post in placements:
        if starts > starts_on and (ends_on is None or starts < ends_on):
            bounds.add(starts)
    cuts = sorted(bounds)
    statuses = [(c, s, e, "") for c, s, e in legal_statuses]
    rows: list[CareRow] = []
    for n, cut in enumerate(cuts):
        row_end = cuts[n + 1] if n + 1 < len(cuts) else ends_on
        status, _ = _value_on(statuses, cut)
        place, postcode = _value_on(placements, cut)
        if not rows:
            reason = "S"
        else:
            before = rows[-1]
            status_changed = status != before.legal_status
            place_changed = place != before.placement or postcode != before.postcode
            # A move into or back from a temporary placement is an ordinary change of placement
            # (P): the DfE's rules 380 and 383 no longer accept T for it.
            if status_changed and place_changed:
                reason = "B"
            elif status_changed:
                reason = "L"
            else:
                reason = "P"
        rows.append(CareRow(cut, row_end, status, place, postcode, reason))
    return rows


def age_in_years(born: date | None, on: date) -> float | None:
    """Age as Annex A shows it: years with a fraction."""
    if born is None:
        return None
    return round((on - born).days / 365.25, 2)
