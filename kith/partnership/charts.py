"""Horizontal bar charts drawn on the server as SVG, for the cohort and equity pages.

Presentation attributes only (the content security policy refuses inline styles), a title and a
description for assistive technology, every text escaped. The page always shows the same numbers
as a table beside the chart: the chart is for seeing the shape, the table for reading the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 760
LABEL_WIDTH = 250
VALUE_WIDTH = 90
BAR_HEIGHT = 22
GAP = 8
TOP = 8
INK = "#0b0c0c"
BAR = "#1d70b8"
MARKED = "#d4351c"
GRID = "#505a5f"
FONT = "arial, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the table shows it
    marked: bool = False  # drawn in a second colour, and the table says why


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    reference: float | None = None,
    reference_label: str = "",
    width: int = WIDTH,
) -> SafeString:
    """Bars from left to right, longest at the largest value; an optional dashed line marks a
    reference value (the rate for all children)."""
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    top = max([b.value for b in bars] + [reference or 0, 0.0001])
    height = TOP + len(bars) * (BAR_HEIGHT + GAP) + (28 if reference is not None else 8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart-title chart-desc" font-family="{FONT}">',
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>',
    ]
    for n, bar in enumerate(bars):
        y = TOP + n * (BAR_HEIGHT + GAP)
        length = max(1.0, bar.value / top * plot) if bar.value > 0 else 0.0
        colour = MARKED if bar.marked else BAR
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" font-size="14" fill="{INK}">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT - 6}" font-size="14" fill="{INK}">'
            f"{escape(bar.shown)}</text>"
        )
    if reference is not None:
        x = LABEL_WIDTH + reference / top * plot
        bottom = TOP + len(bars) * (BAR_HEIGHT + GAP)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="13" fill="{INK}">'
            f"{escape(reference_label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
