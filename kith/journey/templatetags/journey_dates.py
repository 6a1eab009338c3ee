"""``short_date`` and ``long_date``: Django's ``date`` filter with Kith's two formats, kept per date.

``{{ entry.on|short_date }}`` writes what ``{{ entry.on|date:"j M Y" }}`` writes (4 Sep 2026),
``long_date`` what ``date:"j F Y"`` writes (4 September 2026); an empty date writes nothing.
See kith.journey.dates for why.
"""

from __future__ import annotations

from datetime import date

from django import template

from kith.journey import dates

register = template.Library()


@register.filter
def short_date(on: date | None) -> str:
    return dates.short_date(on)


@register.filter
def long_date(on: date | None) -> str:
    return dates.long_date(on)
