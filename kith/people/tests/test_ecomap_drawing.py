"""Ecomap layout and drawing: line styles, support-flow arrows, ring layout, markup rules."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.people.diagrams.ecomap import CENTRE_R, KIND_ORDER, NODE_R, layout_ecomap, node_order, render_ecomap
from kith.people.diagrams.legend import ecomap_legend_svg
from kith.people.diagrams.model import Ecomap, EcoNode, EcoTie

NS = "{http://www.w3.org/2000/svg}"
STRENGTHS = ("strong", "tenuous", "stressful")
FLOWS = ("none", "to_centre", "from_centre", "both")


def parse(svg: str) -> ET.Element:
    return fromstring(svg)


def one(root: ET.Element, attr: str, value: str) -> ET.Element:
    found = [e for e in root.iter() if e.get(attr) == value]
    assert len(found) == 1, (attr, value)
    return found[0]


def line_of(tie: ET.Element) -> ET.Element:
    (path,) = [e for e in tie.iter(f"{NS}path") if e.get("class") == "eco-line"]
    return path


def sample(count: int = 5) -> Ecomap:
    kinds = KIND_ORDER
    nodes = tuple(EcoNode(f"n{i}", f"Node {i}", kinds[i % len(kinds)], "Year 5" if i % 2 else "") for i in range(count))  # type: ignore[arg-type]
    ties = tuple(EcoTie(f"t{i}", f"n{i}", STRENGTHS[i % 3], FLOWS[i % 4]) for i in range(count))  # type: ignore[arg-type]
    return Ecomap(centre_label="Lily Green", nodes=nodes, ties=ties)


def test_the_child_is_at_the_centre() -> None:
    root = parse(render_ecomap(sample()))
    (centre,) = [g for g in root.iter(f"{NS}g") if g.get("class") == "eco-centre"]
    assert [t.text for t in centre.iter(f"{NS}text")] == ["Lily Green"]
    layout = layout_ecomap(sample())
    assert layout.centre == (layout.width / 2, layout.height / 2)


@pytest.mark.parametrize("strength", STRENGTHS)
def test_each_strength_has_its_own_line(strength: str) -> None:
    e = Ecomap("Child", (EcoNode("school", "Oak Primary", "school"),), (EcoTie("t", "school", strength),))  # type: ignore[arg-type]
    tie = one(parse(render_ecomap(e)), "data-tie", "t")
    assert tie.get("data-strength") == strength
    line = line_of(tie)
    commands = (line.get("d") or "").count("L")
    if strength == "strong":
        assert float(line.get("stroke-width") or 0) >= 4
        assert line.get("stroke-dasharray") is None
        assert commands == 1
    elif strength == "tenuous":
        assert line.get("stroke-dasharray")
        assert commands == 1
    else:
        assert line.get("stroke-dasharray") is None
        assert commands > 6  # a zigzag


@pytest.mark.parametrize(
    ("flow", "start", "end"),
    [("none", False, False), ("to_centre", True, False), ("from_centre", False, True), ("both", True, True)],
)
def test_support_flow_arrows(flow: str, start: bool, end: bool) -> None:
    e = Ecomap("Child", (EcoNode("gp", "Dr Shah", "gp"),), (EcoTie("t", "gp", "strong", flow),))  # type: ignore[arg-type]
    root = parse(render_ecomap(e))
    tie = one(root, "data-tie", "t")
    assert tie.get("data-flow") == flow
    line = line_of(tie)
    marker_ids = {m.get("id") for m in root.iter(f"{NS}marker")}
    for attr, wanted in (("marker-start", start), ("marker-end", end)):
        value = line.get(attr)
        assert (value is not None) == wanted
        if value:
            assert value[5:-1] in marker_ids  # url(#id)
    if start:  # the path starts where the centre's arrow begins: the line runs from the centre outwards
        first = (line.get("d") or "")[1:].split("L")[0].split()
        layout = layout_ecomap(e)
        assert math.dist(tuple(map(float, first)), layout.centre) < CENTRE_R + 20


def test_nodes_are_ordered_by_kind_then_label() -> None:
    nodes = (
        EcoNode("c", "Zed", "school"),
        EcoNode("b", "Amy", "school"),
        EcoNode("a", "Mum", "family"),
        EcoNode("d", "PC Jones", "police"),
    )
    assert [n.id for n in node_order(nodes)] == ["a", "b", "c", "d"]


@pytest.mark.parametrize("count", [0, 1, 2, 5, 12, 13, 25, 40])
def test_nodes_never_overlap(count: int) -> None:
    layout = layout_ecomap(sample(count))
    spots = [*layout.nodes.values()]
    for i, a in enumerate(spots):
        assert math.dist(a, layout.centre) >= CENTRE_R + NODE_R + 20
        assert NODE_R <= a[0] <= layout.width - NODE_R and NODE_R <= a[1] <= layout.height - NODE_R
        for b in spots[i + 1 :]:
            assert math.dist(a, b) >= 2 * NODE_R + 10


def test_more_than_twelve_nodes_use_two_rings_and_lines_pass_between() -> None:
    layout = layout_ecomap(sample(20))
    radii = sorted({round(math.dist(p, layout.centre)) for p in layout.nodes.values()})
    assert len(radii) == 2
    inner = [p for p in layout.nodes.values() if round(math.dist(p, layout.centre)) == radii[0]]
    outer = [p for p in layout.nodes.values() if round(math.dist(p, layout.centre)) == radii[1]]
    cx, cy = layout.centre
    for ox, oy in outer:  # the line from the centre to each outer node keeps clear of inner nodes
        length = math.dist((ox, oy), layout.centre)
        for ix, iy in inner:
            t = max(0.0, min(1.0, ((ix - cx) * (ox - cx) + (iy - cy) * (oy - cy)) / length**2))
            assert math.dist((ix, iy), (cx + t * (ox - cx), cy + t * (oy - cy))) > NODE_R + 8
    twelve = layout_ecomap(sample(12))
    assert len({round(math.dist(p, twelve.centre)) for p in twelve.nodes.values()}) == 1


def test_nodes_show_label_detail_and_kind() -> None:
    e = Ecomap("Child", (EcoNode("s", "Oak <Primary>", "school", "Year 5"),))
    node = one(parse(render_ecomap(e)), "data-node", "s")
    texts = [t.text for t in node.iter(f"{NS}text")]
    assert texts == ["SCHOOL", "Oak <Primary>", "Year 5"]
    assert node.get("data-kind") == "school"


def test_markup_is_accessible_and_has_no_inline_styles() -> None:
    svg = render_ecomap(sample(), title="Lily's world")
    root = parse(svg)
    assert not list(root.iter(f"{NS}style"))
    assert all("style" not in e.attrib for e in root.iter())
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    assert next(e for e in root if e.get("id") == title_id).text == "Lily's world"
    assert "Lily Green" in (next(e for e in root if e.get("id") == desc_id).text or "")
    assert all(t.get("font-family") == "Arial, sans-serif" for t in root.iter(f"{NS}text"))


def test_ties_to_unknown_nodes_are_left_out_and_several_ties_to_one_node_are_apart() -> None:
    e = Ecomap(
        "Child",
        (EcoNode("a", "Nan", "family"),),
        (EcoTie("t1", "a", "strong"), EcoTie("t2", "a", "stressful"), EcoTie("t3", "missing", "strong")),
    )
    root = parse(render_ecomap(e))
    ties = [x for x in root.iter() if x.get("data-tie")]
    assert sorted(t.get("data-tie") or "" for t in ties) == ["t1", "t2"]
    starts = {(line_of(t).get("d") or "").split("L")[0] for t in ties}
    assert len(starts) == 2


def test_the_legend_shows_every_line_and_flow() -> None:
    svg = ecomap_legend_svg()
    root = parse(svg)
    assert all("style" not in e.attrib for e in root.iter())
    words = " ".join(t.text or "" for t in root.iter(f"{NS}text")).lower()
    for word in ("strong", "tenuous", "stressful", "support flows to", "support flows from", "both ways"):
        assert word in words


nodes_strategy = st.lists(
    st.builds(
        EcoNode,
        id=st.text("abcdef", min_size=1, max_size=3),
        label=st.text(min_size=0, max_size=40),
        kind=st.sampled_from(KIND_ORDER),
        detail=st.text(max_size=30),
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(nodes_strategy, st.data())
def test_random_ecomaps_draw_every_tie_once(nodes: list[EcoNode], data: st.DataObject) -> None:
    ids = sorted({n.id for n in nodes})
    ties = [
        EcoTie(f"tie-{i}", node, data.draw(st.sampled_from(STRENGTHS)), data.draw(st.sampled_from(FLOWS)))  # type: ignore[arg-type]
        for i, node in enumerate(data.draw(st.lists(st.sampled_from(ids), max_size=40)) if ids else [])
    ]
    e = Ecomap(data.draw(st.text(max_size=30)), tuple(nodes), tuple(ties))
    svg = render_ecomap(e)
    root = parse(svg)
    assert Counter(x.get("data-tie") for x in root.iter() if x.get("data-tie")) == Counter(t.id for t in ties)
    assert sorted(x.get("data-node") or "" for x in root.iter() if x.get("class") == "eco-node") == ids
    assert svg == render_ecomap(Ecomap(e.centre_label, e.nodes[::-1], e.ties))
