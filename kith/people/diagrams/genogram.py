"""Genograms drawn as SVG, in the McGoldrick-Gerson conventions social workers are trained in.

Why these conventions: a genogram is read at a glance in meetings and court bundles, so it has to
look like the ones practitioners draw by hand: squares for males, circles for females, an X for
someone who has died, a double outline for the child, partnership lines under couples (solid for
marriage, dashed for living together, slashes for separation and divorce), children hanging from
their parents' line oldest first, and emotional relationships as the familiar zigzags and double
lines. The layout lives in `genogram_layout`; this module only paints it.

Every symbol and line is drawn by a small public function (`person_symbol`, `partnership_line`,
...) that the legend reuses, so the legend cannot disagree with the diagram. The SVG uses
presentation attributes only (the Content Security Policy forbids inline styles), carries data-
attributes so tests and scripts can read what each element means, and wraps people in links when
the page can take the reader to the person.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import replace

from kith.people.diagrams.genogram_layout import (
    DIAMOND_OUT,
    LABEL_GAP,
    LINE_H,
    SYMBOL,
    UNBORN_T,
    Box,
    GenogramLayout,
    PartnerLine,
    TwinMark,
    layout_genogram,
    name_lines,
    people_by_id,
    subject_of,
    symbol_bottom_of,
    symbol_half_width,
    symbol_top_at,
)
from kith.people.diagrams.model import Genogram, GPerson
from kith.people.diagrams.svg import (
    INK,
    AttrValue,
    Point,
    arrowhead,
    bezier,
    esc,
    fmt,
    offset_polyline,
    path_d,
    point_at,
    points_attr,
    polyline_length,
    rounded_polygon,
    rounded_route,
    sub_polyline,
    svg_document,
    tag,
    text,
    text_width,
    zigzag,
)

__all__ = [
    "GenogramLayout",
    "descent_line",
    "household_boundary",
    "layout_genogram",
    "partnership_line",
    "person_symbol",
    "render_genogram",
    "tie_line",
    "twins_mark",
    "within_generations",
]

PAPER = "#ffffff"
HOUSEHOLD = "#1d5fa8"
DESCENT_DASH: dict[str, str | None] = {"biological": None, "adopted": "7 4", "fostered": "2 3", "step": "10 3 2 3"}
PARTNER_DASH: dict[str, str | None] = {
    "married": None,
    "cohabiting": "8 4",
    "dating": "2 3",
    "separated": None,
    "divorced": None,
    "implied": None,
}
SLASHES = {"separated": 1, "divorced": 2}
TIE_COLOUR = {
    "close": "#1b7a3a",
    "distant": "#5f6f7a",
    "conflicted": "#c45a00",
    "hostile": "#c0152a",
    "cut_off": "#3b3b3b",
    "abusive": "#7a1fa2",
}
TIE_WORDS = {
    "close": "Close",
    "distant": "Distant",
    "conflicted": "Conflicted",
    "hostile": "Hostile",
    "cut_off": "Cut off",
    "abusive": "Abusive",
}
STATUS_WORDS = {
    "married": "Married",
    "cohabiting": "Living together",
    "dating": "Dating",
    "separated": "Separated",
    "divorced": "Divorced",
    "implied": "Parents (relationship not recorded)",
}
SEX_WORDS = {"male": "male", "female": "female", "other": "other gender", "unknown": "sex not known"}


# --- symbols ------------------------------------------------------------------------------------


def person_symbol(
    sex: str,
    *,
    cx: float,
    top: float,
    size: float = SYMBOL,
    unborn: bool = False,
    deceased: bool = False,
    subject: bool = False,
) -> str:
    """The symbol for one person: square, circle, diamond, rounded square with ?, or a triangle if unborn.

    The child the record is about gets a second outline inside the first; someone who has died
    gets an X across the symbol.
    """
    cy = top + size / 2
    parts = [_shape(sex, cx, cy, size, unborn=unborn, klass="symbol")]
    if subject:
        parts.append(_shape(sex, cx, cy, size - 9, unborn=unborn, klass="subject-outline", mark=False))
    if deceased:
        h = size / 2 + 3
        lo_x, hi_x, lo_y, hi_y = fmt(cx - h), fmt(cx + h), fmt(cy - h), fmt(cy + h)
        d = f"M{lo_x} {lo_y}L{hi_x} {hi_y}M{hi_x} {lo_y}L{lo_x} {hi_y}"
        parts.append(tag("path", {"class": "deceased-cross", "d": d, "stroke": INK, "stroke-width": 2, "fill": "none"}))
    return "".join(parts)


def _shape(sex: str, cx: float, cy: float, size: float, *, unborn: bool, klass: str, mark: bool = True) -> str:
    common: dict[str, AttrValue] = {
        "class": klass,
        "fill": PAPER if klass == "symbol" else "none",
        "stroke": INK,
        "stroke-width": 2,
    }
    r = size / 2
    if unborn:
        t = size * UNBORN_T
        pts = [(cx, cy - t), (cx + t * 1.1, cy + t * 0.8), (cx - t * 1.1, cy + t * 0.8)]
        return tag("polygon", {"data-shape": "triangle", "points": points_attr(pts), **common})
    if sex == "male":
        return tag("rect", {"data-shape": "square", "x": cx - r, "y": cy - r, "width": size, "height": size, **common})
    if sex == "female":
        return tag("circle", {"data-shape": "circle", "cx": cx, "cy": cy, "r": r, **common})
    if sex == "other":
        d = r + DIAMOND_OUT
        pts = [(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)]
        return tag("polygon", {"data-shape": "diamond", "points": points_attr(pts), **common})
    shape = tag(
        "rect",
        {"data-shape": "unknown", "x": cx - r, "y": cy - r, "width": size, "height": size, "rx": r * 0.45, **common},
    )
    if mark:
        shape += text(cx, cy + size * 0.2, "?", size=size * 0.55, font_weight="bold", **{"class": "unknown-mark"})
    return shape


def _person_words(person: GPerson, subject: bool) -> str:
    words = [person.name.strip() or "Name not recorded", "unborn" if person.is_unborn else SEX_WORDS[person.sex]]
    if person.born:
        words.append(person.born if person.is_unborn else f"born {person.born}")
    if person.age is not None:
        words.append(f"age {person.age}")
    if person.is_deceased:
        words.append(f"died {person.died}" if person.died else "died")
    if subject:
        words.append("the child")
    if person.in_household:
        words.append("in the household")
    return ", ".join(words)


def _label(box: Box, lines: list[str], name_count: int) -> str:
    if not lines:
        return ""
    top = box.y + box.symbol + LABEL_GAP - 1
    widest = max(text_width(line, 11) * (1.1 if i < name_count else 1) for i, line in enumerate(lines))
    bg = tag(
        "rect",
        {
            "class": "label-bg",
            "x": box.cx - widest / 2 - 3,
            "y": top,
            "width": widest + 6,
            "height": len(lines) * LINE_H + 3,
            "fill": PAPER,
            "fill-opacity": 0.92,
            "rx": 2,
        },
    )
    texts = [
        text(box.cx, top + (i + 1) * LINE_H - 1, line, font_weight="bold" if i < name_count else None)
        for i, line in enumerate(lines)
    ]
    return bg + "".join(texts)


def _person(person: GPerson, box: Box, lines: list[str], *, subject: bool, href: Callable[[int], str] | None) -> str:
    words = _person_words(person, subject)
    group = tag(
        "g",
        {
            "class": "person",
            "data-person": str(person.id),
            "data-sex": person.sex,
            "data-subject": "true" if subject else None,
            "data-deceased": "true" if person.is_deceased else None,
            "data-unborn": "true" if person.is_unborn else None,
            "data-household": "true" if person.in_household else None,
        },
        tag("title", {}, esc(words))
        + person_symbol(
            person.sex,
            cx=box.cx,
            top=box.y,
            size=box.symbol,
            unborn=person.is_unborn,
            deceased=person.is_deceased,
            subject=subject,
        )
        + _label(box, lines, len(name_lines(person))),
    )
    if href is None:
        return group
    # No aria-label: the link's name is the name and dates it shows, as WCAG's "label in name"
    # asks; the fuller words are in the group's <title>.
    return tag("a", {"href": href(person.id), "class": "person-link"}, group)


# --- lines --------------------------------------------------------------------------------------


def partnership_line(
    line: PartnerLine, *, top_a: float, top_b: float, data: dict[str, str | None] | None = None
) -> str:
    """A partnership: drops from both partners to a horizontal line below them.

    Married is solid, living together dashed, dating dotted; one slash means separated and two
    divorced. The years sit under the line, to the left of where the children hang.
    """
    xa, xb = (line.x1, line.x2)
    d = f"M{fmt(xa)} {fmt(top_a)}V{fmt(line.y)}H{fmt(xb)}V{fmt(top_b)}"
    implied = line.status == "implied"
    stroke: dict[str, AttrValue] = {
        "stroke": "#8a8a8a" if implied else INK,
        "stroke-width": 1.2 if implied else 2,
        "fill": "none",
    }
    parts = [
        tag("path", {"class": "partnership-line", "d": d, "stroke-dasharray": PARTNER_DASH[line.status], **stroke})
    ]
    slashes = SLASHES.get(line.status, 0)
    mark_x = line.anchor_x + 18 if line.has_children else (line.x1 + line.x2) / 2 - 4 * (slashes - 1)
    for k in range(slashes):
        x = mark_x + k * 8
        slash = f"M{fmt(x - 4)} {fmt(line.y + 7)}L{fmt(x + 4)} {fmt(line.y - 7)}"
        parts.append(tag("path", {"class": "slash", "d": slash, "stroke": INK, "stroke-width": 2, "fill": "none"}))
    years = _years(line)
    if line.has_children:
        x, anchor = line.anchor_x - 6, "end"
    else:
        x, anchor = (line.x1 + line.x2) / 2, "middle"
    parts += [text(x, line.y + 16 + i * 11, words, size=10, anchor=anchor) for i, words in enumerate(years)]
    title = tag("title", {}, esc(STATUS_WORDS[line.status] + (", " + ", ".join(years) if years else "")))
    return tag("g", {"class": "implied-union" if implied else "partnership", **(data or {})}, title + "".join(parts))


def _years(line: PartnerLine) -> list[str]:
    start, end = line.started, line.ended
    first = {"married": "m. ", "divorced": "m. ", "cohabiting": "cohab. "}.get(line.status, "from ")
    out = [first + start] if start else []
    if end:
        out.append({"separated": "sep. ", "divorced": "div. "}.get(line.status, "ended ") + end)
    return out


def descent_line(
    kind: str, points: Sequence[Point], *, curved: bool = False, data: dict[str, str | None] | None = None
) -> str:
    """A line of descent: solid for a birth child, dashed adopted, dotted fostered, dash-dot step."""
    if curved and len(points) == 4:
        p0, p1, p2, p3 = points
        d = f"M{fmt(p0[0])} {fmt(p0[1])}C{fmt(p1[0])} {fmt(p1[1])} {fmt(p2[0])} {fmt(p2[1])} {fmt(p3[0])} {fmt(p3[1])}"
    else:
        d = path_d(points)
    return tag(
        "path",
        {
            "class": "child-line",
            **(data or {}),
            "d": d,
            "fill": "none",
            "stroke": INK,
            "stroke-width": 1.6,
            "stroke-dasharray": DESCENT_DASH.get(kind),
        },
    )


def twins_mark(mark: TwinMark, *, data: dict[str, str | None] | None = None) -> str:
    """Where twins' lines meet (a dot on the sibship line) and, for identical twins, the bar between them."""
    parts = [tag("title", {}, "Identical twins" if mark.identical else "Twins")]
    if mark.apex:
        parts.append(
            tag("circle", {"class": "twin-apex", "cx": mark.apex[0], "cy": mark.apex[1], "r": 2.2, "fill": INK})
        )
    if mark.bar:
        (x1, y), (x2, _) = mark.bar
        parts.append(
            tag(
                "path", {"class": "twin-bar", "d": f"M{fmt(x1)} {fmt(y)}H{fmt(x2)}", "stroke": INK, "stroke-width": 1.6}
            )
        )
    return tag("g", {"class": "twins", **(data or {})}, "".join(parts))


def household_boundary(points: Sequence[Point]) -> str:
    """The dashed outline around the people who live in the household now."""
    return tag(
        "path",
        {
            "class": "household",
            "data-kind": "household",
            "d": rounded_polygon(points, 14),
            "fill": "#e9f1fb",
            "fill-opacity": 0.55,
            "stroke": HOUSEHOLD,
            "stroke-width": 1.8,
            "stroke-dasharray": "9 5",
        },
    )


def tie_line(
    quality: str, direction: str, centre: Sequence[Point], *, data: dict[str, str | None] | None = None
) -> str:
    """An emotional relationship along a centreline.

    Close: two parallel lines. Distant: dotted. Conflicted: zigzag. Hostile: zigzag over a solid
    line. Cut off: a line broken by two bars. Abusive: zigzag with an arrowhead at the person
    harmed. Each has its own colour too, but never only a colour.
    """
    colour = TIE_COLOUR[quality]
    parts = _tie_strokes(quality, centre, colour) + _arrowheads(quality, direction, centre, colour)
    words = TIE_WORDS[quality] + " relationship"
    return tag("g", {"class": "tie", **(data or {})}, tag("title", {}, words) + "".join(parts))


def _tie_strokes(quality: str, centre: Sequence[Point], colour: str) -> list[str]:
    stroke: dict[str, AttrValue] = {"fill": "none", "stroke": colour, "stroke-width": 1.7, "stroke-linejoin": "round"}
    if quality == "close":
        return [tag("path", {"d": path_d(offset_polyline(centre, s)), **stroke}) for s in (-2.6, 2.6)]
    if quality == "distant":
        dotted: dict[str, AttrValue] = {"stroke-width": 2.2, "stroke-dasharray": "1 4", "stroke-linecap": "round"}
        return [tag("path", {"d": path_d(centre), **stroke, **dotted})]
    if quality == "cut_off":
        total = polyline_length(centre)
        gap = min(12.0, total / 6)
        mid = _straightest_middle(centre, total)
        pieces = [
            tag("path", {"d": path_d(sub_polyline(centre, lo, hi)), **stroke})
            for lo, hi in ((0.0, mid - gap), (mid + gap, total))
        ]
        return pieces + [_bar_across(centre, mid + s * gap, stroke) for s in (-1, 1)]
    parts = [tag("path", {"d": path_d(centre), **stroke, "stroke-width": 1.3})] if quality == "hostile" else []
    return [*parts, tag("path", {"d": path_d(zigzag(centre)), **stroke})]


def _straightest_middle(centre: Sequence[Point], total: float) -> float:
    """Where along the line to put a mark: the middle of its longest straight run, if it has a
    long one (routed ties), otherwise halfway."""
    best, best_at, walked = 0.0, total / 2, 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(centre):
        seg = math.hypot(x2 - x1, y2 - y1)
        if seg > best:
            best, best_at = seg, walked + seg / 2
        walked += seg
    return best_at if best > 0.3 * total else total / 2


def _bar_across(centre: Sequence[Point], at: float, stroke: dict[str, AttrValue]) -> str:
    (x, y), (dx, dy) = point_at(centre, at)
    d = path_d([(x - dy * 7, y + dx * 7), (x + dy * 7, y - dx * 7)])
    return tag("path", {"d": d, **stroke, "stroke-width": 2})


def _arrowheads(quality: str, direction: str, centre: Sequence[Point], colour: str) -> list[str]:
    if direction == "both" and quality != "abusive":
        return []
    total = polyline_length(centre)
    heads = []
    if direction in ("a_to_b", "both"):
        _, (dx, dy) = point_at(centre, total)
        heads.append(arrowhead(centre[-1], (dx, dy)))
    if direction in ("b_to_a", "both"):
        _, (dx, dy) = point_at(centre, 0)
        heads.append(arrowhead(centre[0], (-dx, -dy)))
    return [tag("polygon", {"class": "arrowhead", "points": points_attr(h), "fill": colour}) for h in heads]


# --- the whole drawing --------------------------------------------------------------------------


def tie_centreline(layout: GenogramLayout, people: dict[int, GPerson], a: int, b: int, lane: int = 0) -> list[Point]:
    """The path an emotional tie takes from a to b, avoiding the middles of symbols and labels.

    People in one row: an arc over the row. People in neighbouring rows: out of the upper
    symbol's side into the gap beside it, down between the rows, and into the lower symbol from
    above. Further apart: a curve. `lane` spreads out ties that share a person.
    """
    box_a, box_b = layout.boxes[a], layout.boxes[b]
    if layout.generation[a] == layout.generation[b]:
        return _arc(box_a, box_b, people[a], people[b], lane)
    upper, lower = (a, b) if box_a.y < box_b.y else (b, a)
    if abs(layout.generation[a] - layout.generation[b]) == 1:
        points = _elbow(layout, people, upper, lower, lane)
    else:
        points = _long_curve(layout.boxes[upper], layout.boxes[lower], lane)
    return points if upper == a else points[::-1]


def _arc(a: Box, b: Box, pa: GPerson, pb: GPerson, lane: int) -> list[Point]:
    s = 1 if b.cx > a.cx else -1
    dx = SYMBOL * 0.22
    p0 = (a.cx + s * dx, symbol_top_at(pa, a, dx) - 1)
    p3 = (b.cx - s * dx, symbol_top_at(pb, b, dx) - 1)
    h = min(24 + abs(p3[0] - p0[0]) * 0.08, 46) + 10 * min(lane, 3)
    top = min(p0[1], p3[1]) - h
    p1 = (p0[0] + (p3[0] - p0[0]) * 0.15, top)
    p2 = (p0[0] + (p3[0] - p0[0]) * 0.85, top)
    return bezier(p0, p1, p2, p3)


def _elbow(layout: GenogramLayout, people: dict[int, GPerson], upper: int, lower: int, lane: int) -> list[Point]:
    up, low = layout.boxes[upper], layout.boxes[lower]
    s = 1 if low.cx >= up.cx else -1
    # Just outside the upper person's box: clear of their label, and of the lines of descent
    # that hang from the middle of the gap between partners.
    gap_x = (up.x + up.w + 8 if s > 0 else up.x - 8) + s * 4 * min(lane, 2)
    low_y = low.y - 17 - 5 * min(lane, 3)  # above the corridor that other parents' lines use (top - 8)
    side = 1 if gap_x >= low.cx else -1
    end_x = low.cx + side * SYMBOL * 0.25
    p_up, p_low = people[upper], people[lower]
    start = (up.cx + s * (symbol_half_width(p_up, up) + 1), up.cy)
    end = (end_x, symbol_top_at(p_low, low, SYMBOL * 0.25) - 1)
    return rounded_route([start, (gap_x, start[1]), (gap_x, low_y), (end_x, low_y), end], 9)


def _long_curve(up: Box, low: Box, lane: int) -> list[Point]:
    bulge = 70 + 14 * lane
    p0, p3 = (up.cx + SYMBOL / 2 + 2, up.cy), (low.cx + SYMBOL / 2 + 2, low.cy)
    return bezier(p0, (p0[0] + bulge, p0[1]), (p3[0] + bulge, p3[1]), p3)


def render_genogram(
    g: Genogram,
    *,
    href: Callable[[int], str] | None = None,
    title: str = "Genogram",
    id_prefix: str = "genogram",
) -> str:
    """The genogram as a complete, accessible <svg> element.

    `href(person_id)` makes each person a keyboard-focusable link; `id_prefix` keeps the ids of
    the title and description unique when several diagrams share a page.
    """
    layout = layout_genogram(g)
    subject = subject_of(g)
    people = people_by_id(g)
    body = [household_boundary(layout.household)] if layout.household else []
    body.append(_ties(g, layout))
    body.append(_partnerships(layout, people))
    body.append(_descent(layout))
    body.append(_twins(layout))
    drawn = "".join(
        _person(people[p], layout.boxes[p], layout.labels[p], subject=p == subject or people[p].is_subject, href=href)
        for p in sorted(layout.boxes)
    )
    body.append(tag("g", {"class": "people"}, drawn))
    return svg_document(
        width=layout.width,
        height=layout.height,
        title=title,
        desc=_describe(g, layout, people.get(subject) if subject is not None else None),
        id_prefix=id_prefix,
        body="".join(body),
        role="img" if href is None else "group",
    )


def _twins(layout: GenogramLayout) -> str:
    marks = (
        twins_mark(mark, data=_data(mark.twins_id, "twins", "identical" if mark.identical else "fraternal"))
        for _, mark in sorted(layout.twin_marks.items())
    )
    return tag("g", {"class": "twin-marks"}, "".join(marks))


def _data(rel_id: str, kind: str, style: str) -> dict[str, str | None]:
    return {"data-rel": rel_id, "data-kind": kind, "data-style": style}


def _ties(g: Genogram, layout: GenogramLayout) -> str:
    people = people_by_id(g)
    busy: dict[int, int] = defaultdict(int)
    parts = []
    for tie in sorted(g.ties, key=lambda t: t.id):
        if tie.a == tie.b or tie.a not in layout.boxes or tie.b not in layout.boxes:
            continue
        lane = max(busy[tie.a], busy[tie.b])
        busy[tie.a] += 1
        busy[tie.b] += 1
        centre = tie_centreline(layout, people, tie.a, tie.b, lane)
        data = {
            **_data(tie.id, "tie", tie.quality),
            "data-direction": tie.direction,
            "data-a": str(tie.a),
            "data-b": str(tie.b),
        }
        parts.append(tie_line(tie.quality, tie.direction, centre, data=data))
    return tag("g", {"class": "ties"}, "".join(parts))


def _partnerships(layout: GenogramLayout, people: dict[int, GPerson]) -> str:
    parts = []
    for line in [*sorted(layout.partner_lines.values(), key=lambda pl: pl.id or ""), *layout.implied_lines]:
        left, right = (line.a, line.b) if layout.boxes[line.a].cx <= layout.boxes[line.b].cx else (line.b, line.a)
        data = _data(line.id, "partnership", line.status) if line.id else {"data-kind": "implied-union"}
        data = {**data, "data-a": str(line.a), "data-b": str(line.b)}
        parts.append(
            partnership_line(
                line,
                top_a=symbol_bottom_of(people[left], layout.boxes[left]),
                top_b=symbol_bottom_of(people[right], layout.boxes[right]),
                data=data,
            )
        )
    return tag("g", {"class": "partnerships"}, "".join(parts))


def _descent(layout: GenogramLayout) -> str:
    parts = []
    for link_id, route in sorted(layout.child_routes.items()):
        parts.append(
            descent_line(route.kind, route.points, curved=route.curved, data=_data(link_id, "child", route.kind))
        )
    return tag("g", {"class": "descent"}, "".join(parts))


def _describe(g: Genogram, layout: GenogramLayout, subject: GPerson | None) -> str:
    rows = len(set(layout.generation.values()))
    words = f"Family tree of {len(layout.boxes)} people over {rows} generation{'s' if rows != 1 else ''}"
    if subject:
        words += f", drawn around {subject.name}"
    household = sorted(p.name for p in g.people if p.in_household)
    if household:
        words += ". In the household: " + ", ".join(household)
    return words + "."


# --- choosing who to draw -----------------------------------------------------------------------


def within_generations(g: Genogram, subject_id: int, up: int = 2, down: int = 1) -> Genogram:
    """The part of the family within `up` generations above the child and `down` below.

    Why: a full family record can run to great-grandparents and second cousins; the picture
    practitioners use day to day is three generations around the child. People are reached
    through family links (parent, child, partner), and only through people who are themselves
    within range, so aunts and cousins come in by way of the grandparents. Relationships are kept
    when both ends are.
    """
    if subject_id not in {p.id for p in g.people}:
        raise ValueError(f"Person {subject_id} is not on this genogram")
    steps: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for p in sorted(g.partnerships, key=lambda p: p.id):
        steps[p.a].append((p.b, 0))
        steps[p.b].append((p.a, 0))
    for link in sorted(g.child_links, key=lambda k: k.id):
        steps[link.child].append((link.parent, -1))
        steps[link.parent].append((link.child, 1))
    offset = {subject_id: 0}
    queue = deque([subject_id])
    while queue:
        here = queue.popleft()
        for there, step in steps[here]:
            gen = offset[here] + step
            if there not in offset and -up <= gen <= down:
                offset[there] = gen
                queue.append(there)
    return _keep(g, set(offset), subject_id)


def _keep(g: Genogram, keep: set[int], subject_id: int) -> Genogram:
    twins = []
    for t in g.twins:
        members = tuple(m for m in t.members if m in keep)
        if len(members) >= 2:
            twins.append(replace(t, members=members))
    return Genogram(
        people=tuple(p for p in g.people if p.id in keep),
        partnerships=tuple(p for p in g.partnerships if p.a in keep and p.b in keep),
        child_links=tuple(k for k in g.child_links if k.child in keep and k.parent in keep),
        twins=tuple(twins),
        ties=tuple(t for t in g.ties if t.a in keep and t.b in keep),
        subject_id=subject_id,
    )
