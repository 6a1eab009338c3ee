"""The practice timescales a council works to, with England's statutory defaults.

Every period is configurable per council through the `KITH_TIMESCALES` setting (JSON, from the
environment), for example `{"assessment_working_days": 40}`. The rules that use these take a
`Timescales` value as an argument, so they stay pure and testable; `timescales()` reads the
council's settings once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class Timescales:
    # Opening to children's social care → family network meeting (the council's practice standard).
    family_network_meeting_working_days: int = 10
    # Strategy discussion → initial child protection conference (Working Together).
    initial_conference_working_days: int = 15
    # Initial conference → first core group.
    first_core_group_working_days: int = 10
    # Initial conference → first review conference, then between reviews.
    first_review_conference_months: int = 3
    later_review_conference_months: int = 6
    # Child in need plan reviews.
    child_in_need_review_months: int = 3
    # Coming into care → first looked after review; then the second; then every later one.
    first_looked_after_review_working_days: int = 20
    second_looked_after_review_months: int = 3
    later_looked_after_review_months: int = 6
    # Referral → child and family assessment completed.
    assessment_working_days: int = 45
    # Early help assessment, from the start of early help (local: many councils use 45 too).
    early_help_assessment_working_days: int = 45
    # Early help plan reviews (local).
    early_help_review_months: int = 3
    # Supervision at least every this many weeks.
    supervision_weeks: int = 6
    # The genogram reviewed with the family at least this often.
    genogram_review_months: int = 6

    @classmethod
    def from_settings(cls, overrides: dict[str, int]) -> Timescales:
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"KITH_TIMESCALES has unknown names: {', '.join(sorted(unknown))}")
        bad = {k: v for k, v in overrides.items() if not isinstance(v, int) or isinstance(v, bool) or v <= 0}
        if bad:
            raise ValueError(f"KITH_TIMESCALES values must be whole numbers above 0: {bad}")
        return cls(**overrides)


@cache
def timescales() -> Timescales:
    """The council's timescales: the defaults above with `KITH_TIMESCALES` applied."""
    return Timescales.from_settings(dict(getattr(settings, "KITH_TIMESCALES", {})))
