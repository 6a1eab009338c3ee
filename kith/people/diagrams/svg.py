"""Small helpers for writing SVG as text, shared by the genogram, ecomap and legends.

Why strings and not a DOM: the diagrams are a few hundred elements, built once per page view, and
string building is fast and has no dependencies. Everything a person typed (names, labels) goes
through `esc`/`attr` so a name like `<script>` is only ever text. Only presentation attributes are
written (fill=, stroke=...), never style= or <style>, because the Content Security Policy blocks
inline styles.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

FONT = "Arial, sans-serif"
INK = "#1f1f1f"
SVG_NS = "http://www.w3.org/2000/svg"

Point = tuple[float, float]
AttrValue = str | float | int | None


def fmt(value: float) -> str:
    """A coordinate with at most one decimal, so output is short and stable across platforms."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def esc(text: str) -> str:
    """Text content, escaped; characters XML cannot hold (control characters) are dropped."""
    return escape(_NOT_XML.sub("", text))


def attr(value: str) -> str:
    """An attribute value, escaped for a double-quoted attribute."""
    return escape(_NOT_XML.sub("", value), {'"': "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})


def attrs(values: Mapping[str, AttrValue]) -> str:
    """` name="value"` pairs in the given order; None values are left out."""
    parts: list[str] = []
    for name, value in values.items():
        if value is None:
            continue
        shown = fmt(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{attr(shown)}"')
    return "".join(parts)


def tag(name: str, values: Mapping[str, AttrValue], inner: str | None = None) -> str:
    """One element; self-closing when it has no content."""
    if inner is None:
        return f"<{name}{attrs(values)}/>"
    return f"<{name}{attrs(values)}>{inner}</{name}>"


def points_attr(points: Iterable[Point]) -> str:
    """The value of a polygon/polyline points attribute."""
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)


def path_d(points: Sequence[Point], *, closed: bool = False) -> str:
    """A path through points with straight segments."""
    if not points:
        return ""
    first, *rest = points
    d = f"M{fmt(first[0])} {fmt(first[1])}" + "".join(f"L{fmt(x)} {fmt(y)}" for x, y in rest)
    return d + ("Z" if closed else "")


def text(x: float, y: float, content: str, *, size: float = 11, anchor: str = "middle", **extra: AttrValue) -> str:
    """A line of text in the diagram font."""
    values: dict[str, AttrValue] = {
        "x": float(x),
        "y": float(y),
        "font-family": FONT,
        "font-size": size,
        "text-anchor": anchor,
        "fill": extra.pop("fill", INK),
    }
    values.update({k.replace("_", "-"): v for k, v in extra.items()})
    return tag("text", values, esc(content))


_NARROW = set("iljtf.,;:'|!() ")
_WIDE = set("mwMW@%")


def text_width(content: str, size: float) -> float:
    """A generous estimate of how wide Arial draws the text; used to size label backgrounds."""
    units = 0.0
    for ch in content:
        if ch in _NARROW:
            units += 0.3
        elif ch in _WIDE:
            units += 0.85
        elif ch.isupper() or ch.isdigit():
            units += 0.64
        else:
            units += 0.54
    return units * size


def wrap(content: str, width: int, lines: int) -> list[str]:
    """Break text into at most `lines` lines of about `width` characters, ending in … if cut."""
    words = content.split()
    out: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:
            if current:
                out.append(current)
                current = ""
            out.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        out[-1] = (last[: width - 1] if len(last) >= width else last).rstrip("-") + "…"
    return out


def rounded_polygon(points: Sequence[Point], radius: float) -> str:
    """A closed path through points with the corners rounded off (for boundaries)."""
    n = len(points)
    if n < 3:
        return path_d(points, closed=True)
    parts: list[str] = []
    for i in range(n):
        prev, here, nxt = points[i - 1], points[i], points[(i + 1) % n]
        r_in = min(radius, _dist(prev, here) / 2)
        r_out = min(radius, _dist(here, nxt) / 2)
        start = _towards(here, prev, r_in)
        end = _towards(here, nxt, r_out)
        cmd = "M" if i == 0 else "L"
        parts.append(f"{cmd}{fmt(start[0])} {fmt(start[1])}Q{fmt(here[0])} {fmt(here[1])} {fmt(end[0])} {fmt(end[1])}")
    return "".join(parts) + "Z"


def rounded_route(points: Sequence[Point], radius: float, samples: int = 5) -> list[Point]:
    """A polyline with its inner corners rounded off (sampled, so it can still be zigzagged)."""
    if len(points) < 3:
        return list(points)
    out = [points[0]]
    for prev, here, nxt in zip(points, points[1:], points[2:], strict=False):
        r = min(radius, _dist(prev, here) / 2, _dist(here, nxt) / 2)
        a, c = _towards(here, prev, r), _towards(here, nxt, r)
        for i in range(samples + 1):
            t = i / samples
            u = 1 - t
            out.append(
                (u * u * a[0] + 2 * u * t * here[0] + t * t * c[0], u * u * a[1] + 2 * u * t * here[1] + t * t * c[1])
            )
    out.append(points[-1])
    return out


def _dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _towards(a: Point, b: Point, distance: float) -> Point:
    length = _dist(a, b)
    if length == 0:
        return a
    return (a[0] + (b[0] - a[0]) * distance / length, a[1] + (b[1] - a[1]) * distance / length)


def svg_document(
    *, width: float, height: float, title: str, desc: str, id_prefix: str, body: str, role: str = "img"
) -> str:
    """The outer <svg> with an accessible name (title) and description (desc).

    A picture is role="img"; a drawing with links in it is role="group", because assistive
    technology treats an image's contents as presentational and would hide the links.
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    head = attrs(
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {fmt(width)} {fmt(height)}",
            "width": float(width),
            "height": float(height),
            "role": role,
            "aria-labelledby": f"{title_id} {desc_id}",
            "font-family": FONT,
        }
    )
    return (
        f"<svg{head}>"
        + tag("title", {"id": title_id}, esc(title))
        + tag("desc", {"id": desc_id}, esc(desc))
        + body
        + "</svg>"
    )


# --- drawing lines along a centreline (ties, stressful links) ---------------------------------


def polyline_length(points: Sequence[Point]) -> float:
    """Total length of a polyline."""
    return sum(_dist(points[i], points[i + 1]) for i in range(len(points) - 1))


def points_at(points: Sequence[Point], distances: Sequence[float]) -> list[tuple[Point, Point]]:
    """Points, with the unit direction there, at increasing distances along a polyline (one walk)."""
    segs = [(a, b, _dist(a, b)) for a, b in itertools.pairwise(points) if _dist(a, b) > 0]
    if not segs:
        return [(points[-1], (1.0, 0.0)) for _ in distances]
    out: list[tuple[Point, Point]] = []
    i, walked = 0, 0.0
    for distance in distances:
        while i < len(segs) - 1 and walked + segs[i][2] < distance:
            walked += segs[i][2]
            i += 1
        (ax, ay), (bx, by), seg = segs[i]
        t = min(1.0, max(0.0, distance - walked) / seg)
        out.append(((ax + (bx - ax) * t, ay + (by - ay) * t), ((bx - ax) / seg, (by - ay) / seg)))
    return out


def point_at(points: Sequence[Point], distance: float) -> tuple[Point, Point]:
    """The point `distance` along a polyline and the unit direction there."""
    return points_at(points, [distance])[0]


def sub_polyline(points: Sequence[Point], start: float, end: float, step: float = 6.0) -> list[Point]:
    """The part of a polyline between two distances along it, resampled every `step`."""
    count = max(1, math.ceil((end - start) / step))
    return [pt for pt, _ in points_at(points, [start + (end - start) * i / count for i in range(count + 1)])]


def offset_polyline(points: Sequence[Point], offset: float, step: float = 6.0) -> list[Point]:
    """A line running parallel to a polyline, `offset` to its left (for double lines)."""
    total = polyline_length(points)
    count = max(1, math.ceil(total / step))
    samples = points_at(points, [total * i / count for i in range(count + 1)])
    return [(x - dy * offset, y + dx * offset) for (x, y), (dx, dy) in samples]


def zigzag(points: Sequence[Point], *, amplitude: float = 4.0, wave: float = 9.0, lead: float = 8.0) -> list[Point]:
    """A zigzag along a polyline, straight for `lead` at both ends so arrowheads sit cleanly."""
    total = polyline_length(points)
    if total <= 2 * lead + wave:
        return list(points)
    count = max(2, round((total - 2 * lead) / (wave / 2)))
    span = (total - 2 * lead) / count
    samples = points_at(points, [lead + i * span for i in range(count + 1)])
    out: list[Point] = [points[0], samples[0][0]]
    for i, ((x, y), (dx, dy)) in enumerate(samples[1:-1], start=1):
        side = amplitude if i % 2 else -amplitude
        out.append((x - dy * side, y + dx * side))
    return [*out, samples[-1][0], points[-1]]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, samples: int = 24) -> list[Point]:
    """Points along a cubic Bézier curve, so curves can be zigzagged like straight lines."""
    out: list[Point] = []
    for i in range(samples + 1):
        t = i / samples
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append(
            (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]),
        )
    return out


def arrowhead(tip: Point, direction: Point, *, length: float = 10.0, half_width: float = 4.5) -> list[Point]:
    """The three corners of an arrowhead whose tip is at `tip`, pointing along `direction`."""
    dx, dy = direction
    base = (tip[0] - dx * length, tip[1] - dy * length)
    return [
        tip,
        (base[0] - dy * half_width, base[1] + dx * half_width),
        (base[0] + dy * half_width, base[1] - dx * half_width),
    ]
