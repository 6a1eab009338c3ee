"""Scaling over time, drawn on the server as SVG: one line of points for each person asked.

Scores run 0 to 10 up the side, dates along the bottom. The drawing uses presentation attributes
only (no style attribute: the content security policy refuses inline styles) and carries a title
and description for assistive technology; the page always puts the full table of scores beside
it, because a picture alone leaves people out. Series differ by colour, marker shape and dash,
so they can be told apart without colour. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from kith.journey.dates import short_date

WIDTH, HEIGHT = 760, 400
LEFT, RIGHT, TOP = 56, 24, 24
PLOT_BOTTOM = 300  # the 0 line; the date labels and the legend sit below it
LEGEND_TOP = 350
SCALE_TOP = 10
GRID = "#b1b4b6"
INK = "#0b0c0c"
FONT = "arial, sans-serif"  # the pages' own font (kith/core/scss)
# GOV.UK colours with at least 3:1 contrast against white, for lines and markers.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#912b88", "#505a5f", "#6f4e37", "#0b0c0c")
DASHES = ("", "8 4", "2 3", "10 3 2 3")
SHAPES = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Point:
    on: date
    score: int
    reason: str = ""


@dataclass(frozen=True)
class Series:
    """One person's scores over time, oldest first."""

    name: str
    points: tuple[Point, ...]


def _x(on: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return LEFT + (on - first).days / span * (WIDTH - LEFT - RIGHT)


def _y(score: int) -> float:
    return PLOT_BOTTOM - score / SCALE_TOP * (PLOT_BOTTOM - TOP)


def _date_range(series: Iterable[Series]) -> tuple[date, date]:
    days = [p.on for s in series for p in s.points]
    first, last = min(days), max(days)
    if first == last:  # one day: put it in the middle of a month
        return first - timedelta(days=15), last + timedelta(days=15)
    pad = timedelta(days=max(1, (last - first).days // 20))
    return first - pad, last + pad


def _axes(first: date, last: date) -> list[str]:
    parts = ['<g data-part="axes">']
    for score in range(0, SCALE_TOP + 1):
        y = _y(score)
        width = "1.5" if score in (0, SCALE_TOP) else "0.75"
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}" stroke-width="{width}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + 5:.1f}" text-anchor="end" font-size="14" fill="{INK}">{score}</text>'
        )
    ticks = 5
    for n in range(ticks + 1):
        on = first + timedelta(days=round((last - first).days * n / ticks))
        x = _x(on, first, last)
        anchor = "start" if n == 0 else "end" if n == ticks else "middle"
        parts.append(f'<line x1="{x:.1f}" y1="{PLOT_BOTTOM}" x2="{x:.1f}" y2="{PLOT_BOTTOM + 6}" stroke="{INK}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{PLOT_BOTTOM + 24}" text-anchor="{anchor}" font-size="14" fill="{INK}">'
            f"{escape(short_date(on))}</text>"
        )
    parts.append(
        f'<text x="16" y="{(TOP + PLOT_BOTTOM) / 2:.0f}" font-size="14" fill="{INK}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(TOP + PLOT_BOTTOM) / 2:.0f})">Score (0 to 10)</text>'
    )
    parts.append("</g>")
    return parts


def _marker(shape: str, x: float, y: float, colour: str, label: str, extra: str = "") -> str:
    """A point's marker: the shape tells series apart without colour. `extra` adds attributes."""
    title = f"<title>{escape(label)}</title>"
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"{extra}>{title}</rect>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}"
        return f'<polygon points="{points}" fill="{colour}"{extra}>{title}</polygon>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"{extra}>{title}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"{extra}>{title}</circle>'


def _series(n: int, series: Series, first: date, last: date) -> list[str]:
    colour, dash, shape = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)], SHAPES[n % len(SHAPES)]
    coords = [(_x(p.on, first, last), _y(p.score)) for p in series.points]
    parts = [f'<g data-series="{escape(series.name)}">']
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
    for point, (x, y) in zip(series.points, coords, strict=True):
        label = f"{series.name}: {point.score} on {short_date(point.on)}"
        extra = f' data-score="{point.score}" data-on="{point.on.isoformat()}"'
        parts.append(_marker(shape, x, y, colour, label, extra))
    parts.append("</g>")
    return parts


def _legend(series: list[Series]) -> list[str]:
    parts = ['<g data-part="legend">']
    columns = 2
    column_width = (WIDTH - LEFT - RIGHT) / columns
    for n, one in enumerate(series):
        row, column = divmod(n, columns)
        x, y = LEFT + column * column_width, LEGEND_TOP + row * 22
        colour, dash, shape = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)], SHAPES[n % len(SHAPES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 28:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(shape, x + 14, y, colour, one.name))
        name = one.name if len(one.name) <= 42 else one.name[:41] + "…"
        parts.append(f'<text x="{x + 36:.1f}" y="{y + 5:.1f}" font-size="14" fill="{INK}">{escape(name)}</text>')
    parts.append("</g>")
    return parts


def scaling_chart_svg(series: list[Series], *, title: str, description: str, id_prefix: str = "scaling") -> str:
    """The chart as an SVG element, or an empty string when no one has been asked yet."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return ""
    first, last = _date_range(drawn)
    rows = (len(drawn) + 1) // 2
    height = HEIGHT + max(0, rows - 2) * 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" focusable="false" '
        f'font-family="{FONT}">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        *_axes(first, last),
    ]
    for n, one in enumerate(drawn):
        parts.extend(_series(n, one, first, last))
    parts.extend(_legend(drawn))
    parts.append("</svg>")
    return "\n".join(parts)


def describe_chart(series: list[Series]) -> str:
    """The chart in a sentence per person: first and latest scores, for the SVG's description."""
    sentences = []
    for one in series:
        if not one.points:
            continue
        first, latest = one.points[0], one.points[-1]
        if len(one.points) == 1:
            sentences.append(f"{one.name} scored {first.score} on {short_date(first.on)}.")
        else:
            sentences.append(
                f"{one.name} scored {first.score} on {short_date(first.on)} and {latest.score} "
                f"on {short_date(latest.on)}, {len(one.points)} scores in all."
            )
    return " ".join(sentences)
