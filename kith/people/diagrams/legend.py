"""Keys for the genogram and the ecomap, drawn with the same functions as the diagrams.

Why: a diagram is only as good as its key, and a key drawn separately drifts out of step with
the diagram. Every sample here is painted by the function that paints the real thing
(`person_symbol`, `partnership_line`, `tie_line`, `eco_tie_line`...), so if a convention
changes, the key changes with it.
"""

from __future__ import annotations

from collections.abc import Callable

from kith.people.diagrams.ecomap import eco_markers, eco_tie_line
from kith.people.diagrams.genogram import (
    descent_line,
    household_boundary,
    partnership_line,
    person_symbol,
    tie_line,
    twins_mark,
)
from kith.people.diagrams.genogram_layout import PartnerLine, TwinMark
from kith.people.diagrams.svg import INK, svg_document, tag, text, wrap

CELL_W = 215.0
CELL_H = 50.0
COLUMNS = 3
SAMPLE_W = 64.0  # room for the drawing; the words follow
HEADING_H = 30.0
MARGIN = 14.0

Draw = Callable[[float, float], str]  # draws a sample in the cell whose top-left is (x, y)
Section = tuple[str, list[tuple[str, Draw]]]


def _symbol(sex: str, **flags: bool) -> Draw:
    return lambda x, y: person_symbol(sex, cx=x + SAMPLE_W / 2, top=y + 8, size=30, **flags)


def _couple(status: str) -> Draw:
    def draw(x: float, y: float) -> str:
        line = PartnerLine(None, 0, 1, x + 8, x + SAMPLE_W - 8, y + 28, status, x + SAMPLE_W / 2, has_children=False)
        return partnership_line(line, top_a=y + 12, top_b=y + 12)

    return draw


def _descent(kind: str) -> Draw:
    def draw(x: float, y: float) -> str:
        mid = x + SAMPLE_W / 2
        bar = tag("path", {"d": f"M{mid - 22} {y + 6}H{mid + 22}", "stroke": INK, "stroke-width": 1.6, "fill": "none"})
        child = person_symbol("female", cx=mid, top=y + 32, size=14)
        return bar + descent_line(kind, [(mid, y + 6), (mid, y + 32)]) + child

    return draw


def _twins(*, identical: bool) -> Draw:
    def draw(x: float, y: float) -> str:
        apex = (x + SAMPLE_W / 2, y + 8)
        left, right = (apex[0] - 18, y + 32), (apex[0] + 18, y + 32)
        lines = descent_line("biological", [apex, left]) + descent_line("biological", [apex, right])
        bar = (((apex[0] + left[0]) / 2, y + 20), ((apex[0] + right[0]) / 2, y + 20)) if identical else None
        mark = twins_mark(TwinMark("legend", identical, apex, bar))
        kids = person_symbol("male", cx=left[0], top=left[1], size=14) + person_symbol(
            "male", cx=right[0], top=right[1], size=14
        )
        return lines + mark + kids

    return draw


def _household(x: float, y: float) -> str:
    points = [(x + 6, y + 6), (x + SAMPLE_W - 6, y + 6), (x + SAMPLE_W - 6, y + CELL_H - 8), (x + 6, y + CELL_H - 8)]
    return household_boundary(points)


def _tie(quality: str, direction: str = "both") -> Draw:
    def draw(x: float, y: float) -> str:
        ends = [(x + 4 + i * (SAMPLE_W - 8) / 12, y + CELL_H / 2 - 2) for i in range(13)]
        return tie_line(quality, direction, ends)

    return draw


GENOGRAM_SECTIONS: list[Section] = [
    (
        "People",
        [
            ("Male", _symbol("male")),
            ("Female", _symbol("female")),
            ("Other gender", _symbol("other")),
            ("Sex not known", _symbol("unknown")),
            ("Unborn (pregnancy)", _symbol("female", unborn=True)),
            ("Died (d. = year)", _symbol("male", deceased=True)),
            ("The child", _symbol("female", subject=True)),
            ("Household", _household),
        ],
    ),
    (
        "Couples",
        [
            ("Married", _couple("married")),
            ("Living together (cohabiting)", _couple("cohabiting")),
            ("Dating", _couple("dating")),
            ("Separated", _couple("separated")),
            ("Divorced", _couple("divorced")),
            ("Parents, relationship not recorded", _couple("implied")),
        ],
    ),
    (
        "Children",
        [
            ("Birth child", _descent("biological")),
            ("Adopted", _descent("adopted")),
            ("Fostered", _descent("fostered")),
            ("Step-child", _descent("step")),
            ("Twins", _twins(identical=False)),
            ("Identical twins", _twins(identical=True)),
        ],
    ),
    (
        "Relationships",
        [
            ("Close", _tie("close")),
            ("Distant", _tie("distant")),
            ("Conflicted", _tie("conflicted")),
            ("Hostile", _tie("hostile")),
            ("Cut off", _tie("cut_off")),
            ("Abusive (arrow to person harmed)", _tie("abusive", "a_to_b")),
        ],
    ),
]


def _eco(strength: str, flow: str = "none") -> Draw:
    def draw(x: float, y: float) -> str:
        mid = y + CELL_H / 2 - 2
        return eco_tie_line(strength, flow, (x + 4, mid), (x + SAMPLE_W - 4, mid), prefix="ecomap-legend")

    return draw


ECOMAP_SECTIONS: list[Section] = [
    (
        "Connections",
        [("Strong", _eco("strong")), ("Tenuous", _eco("tenuous")), ("Stressful", _eco("stressful"))],
    ),
    (
        "Support flow (left end is the child)",
        [
            ("Support flows to the child", _eco("strong", "to_centre")),
            ("Support flows from the child", _eco("strong", "from_centre")),
            ("Support flows both ways", _eco("strong", "both")),
        ],
    ),
]


def _legend(sections: list[Section], *, title: str, id_prefix: str, defs: str = "") -> str:
    y = MARGIN
    parts = [defs]
    for heading, items in sections:
        parts.append(text(MARGIN, y + 18, heading, size=13, anchor="start", font_weight="bold"))
        y += HEADING_H
        for i, (words, draw) in enumerate(items):
            x = MARGIN + (i % COLUMNS) * CELL_W
            top = y + (i // COLUMNS) * CELL_H
            sample = draw(x, top)
            lines = wrap(words, 23, 2)
            first = top + CELL_H / 2 + 2 - (len(lines) - 1) * 7
            label = "".join(
                text(x + SAMPLE_W + 8, first + k * 14, line, size=11.5, anchor="start") for k, line in enumerate(lines)
            )
            parts.append(tag("g", {"class": "legend-item"}, sample + label))
        y += -(-len(items) // COLUMNS) * CELL_H + 6
    names = "; ".join(words for _, items in sections for words, _ in items)
    return svg_document(
        width=2 * MARGIN + COLUMNS * CELL_W,
        height=y + MARGIN,
        title=title,
        desc=f"What each symbol and line means: {names}.",
        id_prefix=id_prefix,
        body="".join(parts),
    )


def genogram_legend_svg() -> str:
    """A key to every genogram symbol and line style."""
    return _legend(GENOGRAM_SECTIONS, title="Genogram key", id_prefix="genogram-legend")


def ecomap_legend_svg() -> str:
    """A key to the ecomap's line styles and support-flow arrows."""
    return _legend(ECOMAP_SECTIONS, title="Ecomap key", id_prefix="ecomap-legend", defs=eco_markers("ecomap-legend"))
