"""Pure decisions for partnership intelligence: who may see what, and reading the equity report.

No database and no clock: callers pass plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kith.core.models import Role

# Fewer children than this in a group and the rate is not shown: it would say too much about
# too few, and mean too little.
SMALL_GROUP = 10
# A group listed at this many times the rate for all children (or at most its reciprocal) is
# marked, so the difference is seen and asked about.
MARKED_RATIO = 1.25


def can_see_cohorts(*, role: str, is_early_help_lead: bool) -> bool:
    """Cohorts and the equity report: performance analysts and named early help leads only."""
    return role == Role.ANALYST or is_early_help_lead


def can_start_run(*, role: str) -> bool:
    """Running the pipeline: analysts and administrators."""
    return role in (Role.ANALYST, Role.ADMINISTRATOR)


def can_review_links(*, is_casework: bool) -> bool:
    """Confirming or rejecting a suggested link is a practitioner's decision about a person they
    can see: caseworkers only."""
    return is_casework


def can_see_profile(*, role: str) -> bool:
    """A child's vulnerability profile brings together what other agencies shared with the
    council. Partner agency workers may read the record, but not this."""
    return role != Role.PARTNER


@dataclass(frozen=True)
class EquityLine:
    dimension: str
    grouping: str
    label: str
    population: int
    listed: int
    rate_per_1000: float | None  # None when the group is too small to show
    ratio: float | None  # to the rate for all children
    marked: str  # "higher", "lower" or ""

    @property
    def is_small(self) -> bool:
        return self.rate_per_1000 is None


def equity_lines(
    rows: Iterable[tuple[str, str, int, int]], labels: dict[str, dict[str, str]] | None = None
) -> list[EquityLine]:
    """(dimension, grouping, population, listed) rows as rates beside the rate for all children.

    Groups with fewer than SMALL_GROUP children show counts only. A rate at least MARKED_RATIO
    times the overall rate is marked "higher", at most its reciprocal "lower"."""
    rows = list(rows)
    labels = labels or {}
    overall = next(((p, n) for d, _, p, n in rows if d == "all"), (0, 0))
    overall_rate = overall[1] / overall[0] if overall[0] else 0.0
    lines = []
    for dimension, grouping, population, listed in rows:
        rate = listed / population if population else 0.0
        small = population < SMALL_GROUP
        ratio = rate / overall_rate if overall_rate and not small else None
        marked = ""
        if ratio is not None and dimension != "all":
            marked = "higher" if ratio >= MARKED_RATIO else "lower" if ratio <= 1 / MARKED_RATIO else ""
        lines.append(
            EquityLine(
                dimension=dimension,
                grouping=grouping,
                label=labels.get(dimension, {}).get(grouping, grouping),
                population=population,
                listed=listed,
                rate_per_1000=None if small else round(rate * 1000, 1),
                ratio=None if ratio is None else round(ratio, 2),
                marked=marked,
            )
        )
    return lines


def weight_words(weight: float | None) -> str:
    """A match weight as the odds it stands for, in words ("about 1,000 to 1 for")."""
    if weight is None:
        return "not scored"
    odds = 2 ** abs(weight)
    if odds < 1.5:
        return "evens"
    shown = f"{odds:,.0f}" if odds < 1e6 else "more than a million"
    return f"about {shown} to 1 {'for' if weight > 0 else 'against'}"
