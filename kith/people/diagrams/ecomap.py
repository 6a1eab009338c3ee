"""Ecomaps drawn as SVG: the child at the centre, the people and services around them.

Why an ecomap as well as a genogram: it shows the child's world outside the family tree (school,
GP, youth club, police, friends) and how each connection feels: strong, tenuous or stressful,
and which way support flows. The conventions are Hartman's, as taught to social workers:
a thick line for a strong connection, a dashed line for a tenuous one, a zigzag for a stressful
one, arrows for the direction of support.

Nodes sit on one ring around the centre, or two rings when there are more than twelve, in a
fixed order (by kind, then label, then id) so the same map always looks the same. Ring radii are
worked out so that no two nodes overlap and every line to the outer ring passes between the
nodes of the inner one. Presentation attributes only, no inline styles (the Content Security
Policy blocks them); arrowheads are SVG markers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import get_args

from kith.people.diagrams.model import EcoKind, Ecomap, EcoNode, EcoTie
from kith.people.diagrams.svg import INK, Point, esc, path_d, svg_document, tag, text, wrap, zigzag

NODE_R = 50.0
CENTRE_R = 64.0
MARGIN = 20.0
ONE_RING = 12  # more nodes than this go on two rings
ARROW = 12.0
TIE_SPACING = 9.0  # between parallel ties to the same node

KIND_ORDER: tuple[str, ...] = get_args(EcoKind)
KIND_WORDS = {
    "person": "Person",
    "family": "Family",
    "school": "School",
    "gp": "GP",
    "health_visitor": "Health visitor",
    "health": "Health",
    "youth_club": "Youth club",
    "faith_group": "Faith group",
    "police": "Police",
    "social_care": "Social care",
    "housing": "Housing",
    "work": "Work",
    "friends": "Friends",
    "other_agency": "Agency",
    "community_group": "Community group",
}
KIND_FILL = {
    "person": "#fdf1e3",
    "family": "#fdf1e3",
    "friends": "#fdf1e3",
    "school": "#eaf3e6",
    "youth_club": "#eaf3e6",
    "faith_group": "#eaf3e6",
    "community_group": "#eaf3e6",
    "gp": "#e6f0fa",
    "health_visitor": "#e6f0fa",
    "health": "#e6f0fa",
    "police": "#f1ecf7",
    "social_care": "#f1ecf7",
    "housing": "#f1ecf7",
    "work": "#f1ecf7",
    "other_agency": "#f1ecf7",
}
STRENGTH_COLOUR = {"strong": "#1f5130", "tenuous": "#5a6670", "stressful": "#b3261e"}
STRENGTH_WORDS = {"strong": "Strong", "tenuous": "Tenuous", "stressful": "Stressful"}
FLOW_WORDS = {
    "none": "",
    "to_centre": "support flows to the centre",
    "from_centre": "support flows from the centre",
    "both": "support flows both ways",
}


@dataclass(frozen=True)
class EcomapLayout:
    """Where the centre and each node go."""

    centre: Point
    nodes: dict[str, Point]
    width: float
    height: float


def node_order(nodes: tuple[EcoNode, ...]) -> list[EcoNode]:
    """Nodes in drawing order: by kind (so schools sit together), then label, then id."""
    unique: dict[str, EcoNode] = {}
    for node in sorted(nodes, key=lambda n: (n.id, n.kind, n.label, n.detail)):
        unique.setdefault(node.id, node)
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(unique.values(), key=lambda n: (rank.get(n.kind, len(rank)), n.label.casefold(), n.id))


def _ring_positions(count: int) -> list[tuple[float, float]]:
    """(radius, angle) for each slot, going clockwise from the top, inner and outer rings interleaved."""
    if count == 0:
        return []
    base = CENTRE_R + NODE_R + 80
    if count <= ONE_RING:
        radius = max(base, (NODE_R + 14) / math.sin(math.pi / count)) if count > 1 else base
        return [(radius, -math.pi / 2 + 2 * math.pi * k / count) for k in range(count)]
    inner = math.ceil(count / 2)
    r1 = max(base, (NODE_R + 18) / math.sin(math.pi / inner))
    r2 = r1 + 2 * NODE_R + 30
    step = 2 * math.pi / inner
    slots = []
    for k in range(inner):
        slots.append((r1, -math.pi / 2 + k * step))
        if k < count - inner:
            slots.append((r2, -math.pi / 2 + (k + 0.5) * step))
    return slots


def layout_ecomap(e: Ecomap) -> EcomapLayout:
    """Place the centre and the nodes; deterministic and overlap-free."""
    nodes = node_order(e.nodes)
    slots = _ring_positions(len(nodes))
    reach = max((r for r, _ in slots), default=0.0) + NODE_R
    reach = max(reach, CENTRE_R) + MARGIN
    centre = (reach, reach)
    placed = {
        n.id: (centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)) for n, (r, a) in zip(nodes, slots, strict=True)
    }
    return EcomapLayout(centre=centre, nodes=placed, width=2 * reach, height=2 * reach)


# --- drawing pieces (shared with the legend) -----------------------------------------------------


def eco_markers(prefix: str) -> str:
    """Arrowhead markers, one pair (end and start) per strength so each matches its line's colour."""
    out = []
    for strength, colour in STRENGTH_COLOUR.items():
        for end, d, ref in (("end", "M0 0L12 6L0 12Z", 0), ("start", "M12 0L0 6L12 12Z", 12)):
            out.append(
                tag(
                    "marker",
                    {
                        "id": f"{prefix}-arrow-{strength}-{end}",
                        "viewBox": "0 0 12 12",
                        "refX": ref,
                        "refY": 6,
                        "markerWidth": ARROW,
                        "markerHeight": ARROW,
                        "markerUnits": "userSpaceOnUse",
                        "orient": "auto",
                    },
                    tag("path", {"d": d, "fill": colour}),
                )
            )
    return tag("defs", {}, "".join(out))


def eco_tie_line(strength: str, flow: str, start: Point, end: Point, *, prefix: str) -> str:
    """One connection from `start` (the centre's edge) to `end` (the node's edge).

    Strong: thick solid line. Tenuous: dashed. Stressful: zigzag. Arrowheads show which way
    support flows: towards the centre, towards the node, or both.
    """
    length = math.hypot(end[0] - start[0], end[1] - start[1]) or 1.0
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    head_at_start, head_at_end = flow in ("to_centre", "both"), flow in ("from_centre", "both")
    p0 = (start[0] + ux * ARROW, start[1] + uy * ARROW) if head_at_start else start
    p1 = (end[0] - ux * ARROW, end[1] - uy * ARROW) if head_at_end else end
    colour = STRENGTH_COLOUR[strength]
    values: dict[str, str | float | None] = {"fill": "none", "stroke": colour, "stroke-linejoin": "round"}
    if strength == "strong":
        values |= {"d": path_d([p0, p1]), "stroke-width": 4.5}
    elif strength == "tenuous":
        values |= {"d": path_d([p0, p1]), "stroke-width": 2, "stroke-dasharray": "8 6"}
    else:
        values |= {"d": path_d(zigzag([p0, p1], amplitude=5, wave=10)), "stroke-width": 2}
    values["marker-start"] = f"url(#{prefix}-arrow-{strength}-start)" if head_at_start else None
    values["marker-end"] = f"url(#{prefix}-arrow-{strength}-end)" if head_at_end else None
    return tag("path", {"class": "eco-line", **values})


def eco_node(node: EcoNode, at: Point) -> str:
    """A node: a tinted circle with its kind, label and detail inside."""
    x, y = at
    label = wrap(node.label.strip() or KIND_WORDS.get(node.kind, "Other"), 14, 2)
    detail = wrap(node.detail, 17, 2) if node.detail else []
    lines: list[tuple[str, float, str, str | None]] = [
        (KIND_WORDS.get(node.kind, "Other").upper(), 8.5, "#555555", None)
    ]
    lines += [(line, 11.5, INK, "bold") for line in label]
    lines += [(line, 10.0, INK, None) for line in detail]
    heights = [size + 2.5 for _, size, _, _ in lines]
    top = y - sum(heights) / 2
    texts = []
    for (words, size, colour, weight), h in zip(lines, heights, strict=True):
        top += h
        texts.append(text(x, top - 3, words, size=size, fill=colour, font_weight=weight))
    circle = tag(
        "circle",
        {
            "cx": x,
            "cy": y,
            "r": NODE_R,
            "fill": KIND_FILL.get(node.kind, "#f3f3f3"),
            "stroke": INK,
            "stroke-width": 1.5,
        },
    )
    words = ", ".join(w for w in (KIND_WORDS.get(node.kind, "Other"), node.label, node.detail) if w)
    return tag(
        "g",
        {"class": "eco-node", "data-node": node.id, "data-kind": node.kind},
        tag("title", {}, esc(words)) + circle + "".join(texts),
    )


def _centre(label: str, at: Point) -> str:
    lines = wrap(label.strip() or "Child", 14, 3)
    top = at[1] - len(lines) * 16 / 2
    texts = [text(at[0], top + (i + 1) * 16 - 4, line, size=13.5, font_weight="bold") for i, line in enumerate(lines)]
    circle = tag(
        "circle", {"cx": at[0], "cy": at[1], "r": CENTRE_R, "fill": "#fff8d6", "stroke": INK, "stroke-width": 2.5}
    )
    return tag("g", {"class": "eco-centre"}, circle + "".join(texts))


# --- the whole map ------------------------------------------------------------------------------


def render_ecomap(e: Ecomap, *, title: str = "Ecomap", id_prefix: str = "ecomap") -> str:
    """The ecomap as a complete, accessible <svg> element.

    `id_prefix` keeps marker, title and description ids unique when several diagrams share a page.
    """
    layout = layout_ecomap(e)
    nodes = {n.id: n for n in node_order(e.nodes)}
    ties = [t for t in sorted(e.ties, key=lambda t: t.id) if t.node in layout.nodes]
    body = eco_markers(id_prefix) + _ties(ties, layout, id_prefix)
    body += tag("g", {"class": "eco-nodes"}, "".join(eco_node(n, layout.nodes[n.id]) for n in nodes.values()))
    body += _centre(e.centre_label, layout.centre)
    return svg_document(
        width=layout.width,
        height=layout.height,
        title=title,
        desc=_describe(e, ties, nodes),
        id_prefix=id_prefix,
        body=body,
    )


def _ties(ties: list[EcoTie], layout: EcomapLayout, prefix: str) -> str:
    per_node: dict[str, list[EcoTie]] = defaultdict(list)
    for tie in ties:
        per_node[tie.node].append(tie)
    cx, cy = layout.centre
    parts = []
    for node_id, group in per_node.items():
        nx, ny = layout.nodes[node_id]
        dist = math.hypot(nx - cx, ny - cy) or 1.0
        ux, uy = (nx - cx) / dist, (ny - cy) / dist
        for k, tie in enumerate(group):
            off = (k - (len(group) - 1) / 2) * TIE_SPACING
            ox, oy = -uy * off, ux * off
            start = (cx + ux * (CENTRE_R + 3) + ox, cy + uy * (CENTRE_R + 3) + oy)
            end = (nx - ux * (NODE_R + 3) + ox, ny - uy * (NODE_R + 3) + oy)
            words = (
                STRENGTH_WORDS[tie.strength]
                + " connection"
                + (f", {FLOW_WORDS[tie.flow]}" if tie.flow != "none" else "")
            )
            parts.append(
                tag(
                    "g",
                    {
                        "class": "eco-tie",
                        "data-tie": tie.id,
                        "data-node": tie.node,
                        "data-strength": tie.strength,
                        "data-flow": tie.flow,
                    },
                    tag("title", {}, esc(words)) + eco_tie_line(tie.strength, tie.flow, start, end, prefix=prefix),
                )
            )
    return tag("g", {"class": "eco-ties"}, "".join(parts))


def _describe(e: Ecomap, ties: list[EcoTie], nodes: dict[str, EcoNode]) -> str:
    plural = "s" if len(nodes) != 1 else ""
    words = f"Ecomap of {e.centre_label.strip() or 'the child'} with {len(nodes)} connection{plural}"
    by_strength: dict[str, list[str]] = defaultdict(list)
    for tie in ties:
        by_strength[tie.strength].append(nodes[tie.node].label)
    for strength in ("strong", "tenuous", "stressful"):
        if by_strength[strength]:
            words += f". {STRENGTH_WORDS[strength]}: " + ", ".join(by_strength[strength])
    return words + "."
