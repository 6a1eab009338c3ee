"""Charts for the dashboards, drawn on the server as SVG with presentation attributes only (the
Content Security Policy allows no inline styles). Every chart has a table beside it on the page
with the same figures; the SVG carries a title and description for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BLUE = "#1d70b8"
GREEN = "#00703c"
RED = "#d4351c"
GREY = "#b1b4b6"
TEXT = "#0b0c0c"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # a percentage, or None when nothing applies
    href: str = ""


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, chart_id: str) -> str:
    """Horizontal bars of percentages, one row per bar, each a link to the children behind it."""
    row, label_w, bar_w = 26, 300, 360
    height = row * len(bars) + 30
    width = label_w + bar_w + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="kith-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for n, bar in enumerate(bars):
        y = n * row + 4
        value = bar.value
        length = 0 if value is None else round(bar_w * value / 100)
        colour = GREY if value is None else (GREEN if value >= 90 else BLUE if value >= 70 else RED)
        shown = "n/a" if value is None else f"{value}%"
        label = escape(bar.label if len(bar.label) <= 44 else bar.label[:43] + "…")
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="{TEXT}">{label}</text>'
        )
        rect = f'<rect x="{label_w}" y="{y + 2}" width="{max(length, 1)}" height="18" fill="{colour}"></rect>'
        if bar.href:
            rect = (
                f'<a href="{escape(bar.href)}" aria-label="{escape(bar.label)}: {shown}, see the children">{rect}</a>'
            )
        parts.append(rect)
        parts.append(f'<text x="{label_w + length + 6}" y="{y + 16}" font-size="13" fill="{TEXT}">{shown}</text>')
    axis_y = row * len(bars) + 8
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + bar_w}" y2="{axis_y}" stroke="{GREY}"></line>')
    for pct in (0, 50, 100):
        x = label_w + bar_w * pct // 100
        parts.append(f'<text x="{x}" y="{axis_y + 16}" text-anchor="middle" font-size="11" fill="{TEXT}">{pct}%</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    label: str
    value: int | None


def line_chart(points: Sequence[Point], *, title: str, description: str, chart_id: str) -> str:
    """One line of percentages over the months, with a dot and label at each month."""
    left, top, w, h = 40, 12, 600, 180
    width, height = left + w + 20, top + h + 40
    step = w / max(1, len(points) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="kith-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for pct in (0, 50, 100):
        y = top + h - h * pct / 100
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + w}" y2="{y:.1f}" stroke="{GREY}" stroke-width="0.5"></line>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">{pct}%</text>'
        )
    coords = []
    for n, point in enumerate(points):
        x = left + n * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + h + 18}" text-anchor="middle" font-size="10" fill="{TEXT}">'
            f"{escape(point.label)}</text>"
        )
        if point.value is not None:
            y = top + h - h * point.value / 100
            coords.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BLUE}"></circle>')
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{BLUE}" stroke-width="2"></polyline>')
    parts.append("</svg>")
    return "".join(parts)
