"""Genogram layout and drawing: the conventions, the layout guarantees, and random families.

The SVG is parsed and checked for meaning (shapes, data- attributes, geometry), never compared
byte for byte, so the drawing can be polished without rewriting these tests.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.people.diagrams.genogram import layout_genogram, render_genogram, within_generations
from kith.people.diagrams.genogram_layout import Box, GenogramLayout
from kith.people.diagrams.legend import genogram_legend_svg
from kith.people.diagrams.model import (
    GChildLink,
    Genogram,
    GPartnership,
    GPerson,
    GTie,
    GTwins,
)

NS = "{http://www.w3.org/2000/svg}"


# --- helpers ------------------------------------------------------------------------------------


def person(pid: int, sex: str = "female", year: int | None = None, **extra: object) -> GPerson:
    born = date(year, 1, 1) if year else None
    return GPerson(id=pid, name=f"Person {pid}", sex=sex, born=str(year or ""), birth_sort=born, **extra)  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    return fromstring(svg)


def person_group(root: ET.Element, pid: int) -> ET.Element:
    found = [g for g in root.iter(f"{NS}g") if g.get("data-person") == str(pid)]
    assert len(found) == 1
    return found[0]


def rel(root: ET.Element, rel_id: str) -> ET.Element:
    found = [e for e in root.iter() if e.get("data-rel") == rel_id]
    assert len(found) == 1, rel_id
    return found[0]


def symbols(group: ET.Element) -> list[ET.Element]:
    return [e for e in group.iter() if e.get("class") == "symbol"]


def rel_counts(root: ET.Element) -> Counter[str]:
    return Counter(e.get("data-rel") or "" for e in root.iter() if e.get("data-rel"))


def assert_no_inline_style(svg: str) -> None:
    root = parse(svg)
    assert not list(root.iter(f"{NS}style"))
    assert all("style" not in e.attrib for e in root.iter())
    assert not list(root.iter(f"{NS}script"))


def assert_no_overlap(layout: GenogramLayout) -> None:
    boxes = sorted(layout.boxes.items())
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b, box_a, box_b)


def family(
    *people: GPerson,
    partnerships: tuple[GPartnership, ...] = (),
    links: tuple[tuple[int, int], ...] = (),
    **extra: object,
) -> Genogram:
    child_links = tuple(GChildLink(id=f"c{child}-{parent}", child=child, parent=parent) for child, parent in links)
    return Genogram(people=people, partnerships=partnerships, child_links=child_links, **extra)  # type: ignore[arg-type]


def nuclear() -> Genogram:
    return family(
        person(1, "male", 1980),
        person(2, "female", 1982),
        person(3, "female", 2012),
        person(4, "male", 2010),
        person(5, "unknown", 2015),
        partnerships=(GPartnership("p1", 1, 2, "married", "2008"),),
        links=((3, 1), (3, 2), (4, 1), (4, 2), (5, 1), (5, 2)),
        subject_id=3,
    )


# --- symbols ------------------------------------------------------------------------------------


def test_each_sex_has_its_own_shape() -> None:
    g = family(
        person(1, "male"),
        person(2, "female"),
        person(3, "other"),
        person(4, "unknown"),
        person(5, "male", is_unborn=True),
    )
    root = parse(render_genogram(g))
    expected = {
        1: ("rect", "square"),
        2: ("circle", "circle"),
        3: ("polygon", "diamond"),
        4: ("rect", "unknown"),
        5: ("polygon", "triangle"),
    }
    for pid, (tag_name, shape) in expected.items():
        (symbol,) = symbols(person_group(root, pid))
        assert symbol.tag == f"{NS}{tag_name}"
        assert symbol.get("data-shape") == shape
    unknown = person_group(root, 4)
    assert any(e.text == "?" for e in unknown.iter(f"{NS}text"))
    assert symbols(person_group(root, 1))[0].get("rx") is None
    assert symbols(person_group(root, 4))[0].get("rx") is not None


def test_the_child_has_a_double_outline() -> None:
    root = parse(render_genogram(nuclear()))
    child = person_group(root, 3)
    assert child.get("data-subject") == "true"
    outlines = [e for e in child.iter() if e.get("class") in ("symbol", "subject-outline")]
    assert [e.tag for e in outlines] == [f"{NS}circle", f"{NS}circle"]
    assert float(outlines[1].get("r", 0)) < float(outlines[0].get("r", 0))
    assert outlines[0].get("cx") == outlines[1].get("cx")
    others = [person_group(root, p) for p in (1, 2, 4, 5)]
    assert all(g.get("data-subject") is None for g in others)
    assert not [e for g in others for e in g.iter() if e.get("class") == "subject-outline"]


def test_someone_who_died_has_a_cross_and_a_death_date() -> None:
    g = family(person(1, "male", 1940, died="2019", is_deceased=True), person(2, "female", 1945))
    root = parse(render_genogram(g))
    dead = person_group(root, 1)
    assert [e for e in dead.iter(f"{NS}path") if e.get("class") == "deceased-cross"]
    assert "d. 2019" in [t.text for t in dead.iter(f"{NS}text")]
    assert not [e for e in person_group(root, 2).iter(f"{NS}path") if e.get("class") == "deceased-cross"]


def test_labels_show_name_birth_and_age() -> None:
    g = family(GPerson(1, "Ada <b>Green</b>", "female", born="about 1980", age=44))
    root = parse(render_genogram(g))
    texts = [t.text for t in person_group(root, 1).iter(f"{NS}text")]
    assert texts[0] == "Ada <b>Green</b>"  # escaped in the SVG, so it is text again once parsed
    assert any("b. about 1980" in (t or "") for t in texts)
    assert any("age 44" in (t or "") for t in texts)


# --- partnerships and children -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "dashed", "slashes"),
    [
        ("married", False, 0),
        ("cohabiting", True, 0),
        ("dating", True, 0),
        ("separated", False, 1),
        ("divorced", False, 2),
    ],
)
def test_partnership_status_is_drawn(status: str, dashed: bool, slashes: int) -> None:
    g = family(person(1, "male"), person(2, "female"), partnerships=(GPartnership("p1", 1, 2, status, "2004", "2015"),))  # type: ignore[arg-type]
    root = parse(render_genogram(g))
    line = rel(root, "p1")
    assert line.get("data-kind") == "partnership"
    assert line.get("data-style") == status
    (main,) = [e for e in line.iter(f"{NS}path") if e.get("class") == "partnership-line"]
    assert (main.get("stroke-dasharray") is not None) == dashed
    assert len([e for e in line.iter(f"{NS}path") if e.get("class") == "slash"]) == slashes
    texts = " ".join(t.text or "" for t in line.iter(f"{NS}text"))
    if status in ("married", "divorced"):
        assert "m. 2004" in texts
    if status == "divorced":
        assert "div. 2015" in texts
    if status == "separated":
        assert "sep. 2015" in texts


def test_dating_is_dotted_and_cohabiting_dashed() -> None:
    def dash(status: str) -> str:
        g = family(person(1, "male"), person(2, "female"), partnerships=(GPartnership("p", 1, 2, status),))  # type: ignore[arg-type]
        line = rel(parse(render_genogram(g)), "p")
        return next(e.get("stroke-dasharray") or "" for e in line.iter(f"{NS}path"))

    dotted, dashed = (float(dash(s).split()[0]) for s in ("dating", "cohabiting"))
    assert dotted < dashed


@pytest.mark.parametrize(
    ("kind", "dasharray"), [("biological", None), ("adopted", "7 4"), ("fostered", "2 3"), ("step", "10 3 2 3")]
)
def test_descent_line_style_follows_the_kind_of_link(kind: str, dasharray: str | None) -> None:
    g = Genogram(
        people=(person(1, "male"), person(2, "female"), person(3, "female", 2010)),
        partnerships=(GPartnership("p1", 1, 2, "married"),),
        child_links=(GChildLink("a", 3, 1, kind), GChildLink("b", 3, 2, kind)),  # type: ignore[arg-type]
    )
    root = parse(render_genogram(g))
    for link_id in ("a", "b"):
        line = rel(root, link_id)
        assert line.get("data-kind") == "child"
        assert line.get("data-style") == kind
        assert line.get("stroke-dasharray") == dasharray


def test_children_hang_below_their_parents_oldest_on_the_left() -> None:
    g = nuclear()
    layout = layout_genogram(g)
    boxes = layout.boxes
    assert layout.generation[1] == layout.generation[2] == layout.generation[3] - 1
    assert boxes[4].cx < boxes[3].cx < boxes[5].cx  # born 2010, 2012, 2015
    assert all(boxes[c].y > boxes[1].bottom for c in (3, 4, 5))
    middle = (boxes[3].cx + boxes[4].cx + boxes[5].cx) / 3
    assert abs(middle - (boxes[1].cx + boxes[2].cx) / 2) < 1


def test_unknown_birth_dates_sort_after_known_ones_then_by_id() -> None:
    g = family(
        person(1, "male"),
        person(9, "female", None),
        person(8, "female", None),
        person(7, "male", 2001),
        links=((9, 1), (8, 1), (7, 1)),
    )
    boxes = layout_genogram(g).boxes
    assert boxes[7].cx < boxes[8].cx < boxes[9].cx


def test_single_parent_children_hang_from_the_parent() -> None:
    g = family(person(1, "female", 1980), person(2, "male", 2005), links=((2, 1),))
    layout = layout_genogram(g)
    route = layout.child_routes["c2-1"]
    assert route.points[0][0] == pytest.approx(layout.boxes[1].cx)
    assert route.points[-1] == pytest.approx((layout.boxes[2].cx, layout.boxes[2].y))


def test_twins_converge_and_identical_twins_have_a_bar() -> None:
    g = Genogram(
        people=(
            person(1, "male"),
            person(2, "female"),
            person(3, "male", 2010),
            person(4, "male", 2010),
            person(5, "female", 2008),
            person(6, "female", 2008),
        ),
        partnerships=(GPartnership("p", 1, 2, "married"),),
        child_links=tuple(GChildLink(f"c{c}{p}", c, p) for c in (3, 4, 5, 6) for p in (1, 2)),
        twins=(GTwins("same", (3, 4), identical=True), GTwins("fraternal", (5, 6))),
    )
    layout = layout_genogram(g)
    root = parse(render_genogram(g))
    for twin_id, members in (("same", (3, 4)), ("fraternal", (5, 6))):
        starts = {layout.child_routes[f"c{m}1"].points[-2] for m in members}
        assert len(starts) == 1  # both lines leave the sibship line at one point
        assert all(layout.child_routes[f"c{m}1"].points[-2][0] != layout.boxes[m].cx for m in members)
        element = rel(root, twin_id)
        assert element.get("data-kind") == "twins"
    assert rel(root, "same").get("data-style") == "identical"
    assert [e for e in rel(root, "same").iter() if e.get("class") == "twin-bar"]
    assert not [e for e in rel(root, "fraternal").iter() if e.get("class") == "twin-bar"]
    assert abs(layout.boxes[3].cx - layout.boxes[4].cx) < abs(layout.boxes[3].cx - layout.boxes[5].cx) + 1


# --- emotional ties -----------------------------------------------------------------------------


def test_each_tie_quality_is_drawn_distinctly() -> None:
    qualities = ("close", "distant", "conflicted", "hostile", "cut_off", "abusive")
    people = tuple(person(i, "female" if i % 2 else "male") for i in range(1, 8))
    ties = tuple(GTie(q, 1, i + 2, q, "a_to_b" if q == "abusive" else "both") for i, q in enumerate(qualities))  # type: ignore[arg-type]
    root = parse(render_genogram(Genogram(people=people, ties=ties)))
    looks = {}
    for q in qualities:
        tie = rel(root, q)
        assert tie.get("data-kind") == "tie"
        assert tie.get("data-style") == q
        paths = list(tie.iter(f"{NS}path"))
        looks[q] = (
            len(paths),
            tuple(p.get("stroke-dasharray") for p in paths),
            len(list(tie.iter(f"{NS}polygon"))),
            paths[0].get("stroke"),
        )
    assert looks["close"][0] == 2  # two parallel lines
    assert looks["distant"][1][0] is not None  # dotted
    assert looks["hostile"][0] == 2  # zigzag over a line
    assert looks["cut_off"][0] == 4  # two pieces and two bars
    assert looks["abusive"][2] == 1  # one arrowhead
    assert len(set(looks.values())) == len(qualities)
    assert len({look[3] for look in looks.values()}) == len(qualities)


def test_abusive_arrow_points_at_the_person_harmed() -> None:
    g = Genogram(people=(person(1, "male"), person(2, "female")), ties=(GTie("t", 1, 2, "abusive", "a_to_b"),))
    layout = layout_genogram(g)
    tie = rel(parse(render_genogram(g)), "t")
    (head,) = tie.iter(f"{NS}polygon")
    tip = tuple(float(v) for v in (head.get("points") or "").split()[0].split(","))
    harmed, harmer = layout.boxes[2], layout.boxes[1]
    assert abs(tip[0] - harmed.cx) < abs(tip[0] - harmer.cx)


# --- household, links, markup -------------------------------------------------------------------


def point_in_polygon(pt: tuple[float, float], poly: list[tuple[float, float]]) -> bool:
    x, y = pt
    inside = False
    for i in range(len(poly)):
        (x1, y1), (x2, y2) = poly[i - 1], poly[i]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def corners(box: Box) -> list[tuple[float, float]]:
    return [(box.x, box.y), (box.x + box.w, box.y), (box.x, box.bottom), (box.x + box.w, box.bottom)]


def test_household_boundary_encloses_household_members() -> None:
    g = nuclear()
    g = Genogram(
        people=tuple(GPerson(**{**p.__dict__, "in_household": p.id in (2, 3, 5)}) for p in g.people),
        partnerships=g.partnerships,
        child_links=g.child_links,
        subject_id=3,
    )
    layout = layout_genogram(g)
    assert layout.household
    for pid in (2, 3, 5):
        assert all(point_in_polygon(c, layout.household) for c in corners(layout.boxes[pid]))
    root = parse(render_genogram(g))
    assert len([e for e in root.iter() if e.get("data-kind") == "household"]) == 1


def test_no_household_no_boundary() -> None:
    root = parse(render_genogram(nuclear()))
    assert not [e for e in root.iter() if e.get("data-kind") == "household"]


def test_people_are_links_when_href_is_given() -> None:
    root = parse(render_genogram(nuclear(), href=lambda pid: f"/people/{pid}/?a=1&b=2"))
    links = list(root.iter(f"{NS}a"))
    assert len(links) == 5
    for link in links:
        (group,) = list(link)
        assert group.get("class") == "person"
        assert link.get("href") == f"/people/{group.get('data-person')}/?a=1&b=2"
        # The link is named by the words it shows (WCAG "label in name"), not an aria-label.
        assert link.get("aria-label") is None
    child = next(link for link in links if link[0].get("data-person") == "3")
    assert child[0].find(f"{NS}title").text == "Person 3, female, born 2012, the child"
    assert root.get("role") == "group"  # a drawing with links is not a flat image
    plain = parse(render_genogram(nuclear()))
    assert not list(plain.iter(f"{NS}a")) and plain.get("role") == "img"


def test_the_svg_is_accessible_and_has_no_inline_styles() -> None:
    svg = render_genogram(nuclear(), title="Family of <Person 3>")
    assert_no_inline_style(svg)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") and root.get("height")
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    title = next(e for e in root if e.get("id") == title_id)
    assert title.tag == f"{NS}title"
    assert title.text == "Family of <Person 3>"
    assert next(e for e in root if e.get("id") == desc_id).tag == f"{NS}desc"
    assert all(t.get("font-family") == "Arial, sans-serif" for t in root.iter(f"{NS}text"))


def test_the_legend_shows_every_convention() -> None:
    svg = genogram_legend_svg()
    assert_no_inline_style(svg)
    words = " ".join(t.text or "" for t in parse(svg).iter(f"{NS}text")).lower()
    for word in (
        "male", "female", "other", "not known", "unborn", "died", "the child", "married", "living together",
        "dating", "separated", "divorced", "birth child", "adopted", "fostered", "step", "twins", "identical",
        "household", "close", "distant", "conflicted", "hostile", "cut off", "abusive",
    ):  # fmt: skip
        assert word in words, word


def test_empty_genogram_still_renders() -> None:
    root = parse(render_genogram(Genogram(people=())))
    assert root.get("role") == "img"


def test_same_family_in_any_order_draws_the_same() -> None:
    g = nuclear()
    shuffled = Genogram(
        people=g.people[::-1], partnerships=g.partnerships, child_links=g.child_links[::-1], subject_id=g.subject_id
    )
    assert render_genogram(g) == render_genogram(shuffled)


# --- crossing-free common shapes ----------------------------------------------------------------

Segment = tuple[float, float, float, float]  # x1, y1, x2, y2; horizontal or vertical


def partnership_segments(layout: GenogramLayout) -> list[tuple[str, list[Segment]]]:
    out = []
    for line in [*layout.partner_lines.values(), *layout.implied_lines]:
        a, b = layout.boxes[line.a], layout.boxes[line.b]
        segs = [
            (line.x1, line.y, line.x2, line.y),
            (a.cx, a.symbol_bottom, a.cx, line.y),
            (b.cx, b.symbol_bottom, b.cx, line.y),
        ]
        out.append((line.id or f"{line.a}-{line.b}", segs))
    return out


def crosses(s: Segment, t: Segment) -> bool:
    s_h, t_h = s[1] == s[3], t[1] == t[3]
    if s_h and t_h:
        return abs(s[1] - t[1]) < 0.5 and min(s[2], t[2]) - max(s[0], t[0]) > 0.5
    if not s_h and not t_h:
        return False
    h, v = (s, t) if s_h else (t, s)
    lo, hi = sorted((v[1], v[3]))
    return min(h[0], h[2]) + 0.5 < v[0] < max(h[0], h[2]) - 0.5 and lo + 0.5 < h[1] < hi - 0.5


def assert_partnerships_clear(layout: GenogramLayout) -> None:
    lines = partnership_segments(layout)
    for i, (name_a, segs_a) in enumerate(lines):
        for name_b, segs_b in lines[i + 1 :]:
            assert not any(crosses(s, t) for s in segs_a for t in segs_b), (name_a, name_b)
    assert_no_partnership_through_boxes(layout)


def assert_no_partnership_through_boxes(layout: GenogramLayout) -> None:
    """No partnership line runs through anyone's box, and no partner's drop through someone else's."""
    for name, segs in partnership_segments(layout):
        (x1, y, x2, _), *drops = segs
        for pid, box in layout.boxes.items():
            assert not (box.y < y < box.bottom and box.x < x2 and x1 < box.x + box.w), (name, pid)
            for dx, top, _, bottom in drops:
                if not (box.x < dx < box.x + box.w and top <= box.cy <= bottom):
                    continue
                assert box.cx == pytest.approx(dx), (name, pid)  # only the partner's own box


def remarried() -> Genogram:
    return family(
        person(1, "male", 1975),
        person(2, "female", 1977),
        person(3, "female", 1980),
        person(4, "male", 2005),
        person(5, "female", 2015),
        partnerships=(
            GPartnership("p1", 1, 2, "divorced", "2000", "2008"),
            GPartnership("p2", 1, 3, "married", "2012"),
        ),
        links=((4, 1), (4, 2), (5, 1), (5, 3)),
    )


def twice_remarried() -> Genogram:
    return family(
        person(1, "female", 1970),
        person(2, "male", 1968),
        person(3, "male", 1972),
        person(4, "male", 1975),
        person(5, "male", 1995),
        person(6, "female", 2003),
        person(7, "female", 2012),
        partnerships=(
            GPartnership("p1", 1, 2, "divorced", "1990", "1998"),
            GPartnership("p2", 1, 3, "separated", "2000", "2008"),
            GPartnership("p3", 1, 4, "cohabiting", "2010"),
        ),
        links=((5, 1), (5, 2), (6, 1), (6, 3), (7, 1), (7, 4)),
    )


def both_repartnered() -> Genogram:
    return family(
        person(1, "male", 1978),
        person(2, "female", 1980),
        person(3, "female", 1985),
        person(4, "male", 1979),
        person(5, "female", 2008),
        person(6, "male", 2016),
        person(7, "female", 2018),
        partnerships=(
            GPartnership("p1", 1, 2, "divorced", "2005", "2012"),
            GPartnership("p2", 1, 3, "married", "2014"),
            GPartnership("p3", 2, 4, "cohabiting", "2015"),
        ),
        links=((5, 1), (5, 2), (6, 1), (6, 3), (7, 2), (7, 4)),
        subject_id=5,
    )


def grandparents_both_sides() -> Genogram:
    return family(
        person(1, "male", 1950),
        person(2, "female", 1952),
        person(3, "male", 1949),
        person(4, "female", 1951),
        person(5, "male", 1978),
        person(6, "female", 1980),
        person(7, "female", 1975),
        person(8, "male", 1983),
        person(9, "female", 2010),
        person(10, "male", 2012),
        person(11, "male", 1976),
        person(12, "female", 2005),
        partnerships=(
            GPartnership("p1", 1, 2, "married", "1974"),
            GPartnership("p2", 3, 4, "divorced", "1972", "1990"),
            GPartnership("p3", 5, 6, "married", "2008"),
            GPartnership("p4", 7, 11, "married", "2000"),
        ),
        links=(
            (5, 1),
            (5, 2),
            (7, 1),
            (7, 2),
            (6, 3),
            (6, 4),
            (8, 3),
            (8, 4),
            (9, 5),
            (9, 6),
            (10, 5),
            (10, 6),
            (12, 7),
            (12, 11),
        ),
        subject_id=9,
    )


def blended_with_grandparents() -> Genogram:
    """Both sets of grandparents, and each parent with a child by another partner."""
    g = grandparents_both_sides()
    return Genogram(
        people=(
            *g.people,
            person(13, "female", 1979),
            person(14, "male", 2001),
            person(15, "male", 1977),
            person(16, "female", 2015),
        ),
        partnerships=(
            *g.partnerships,
            GPartnership("p5", 5, 13, "divorced", "1999", "2003"),
            GPartnership("p6", 6, 15, "cohabiting", "2014"),
        ),
        child_links=(
            *g.child_links,
            GChildLink("x1", 14, 5),
            GChildLink("x2", 14, 13),
            GChildLink("x3", 16, 6),
            GChildLink("x4", 16, 15),
        ),
        subject_id=9,
    )


COMMON_SHAPES = {
    "blended, with grandparents": blended_with_grandparents,
    "nuclear": nuclear,
    "one remarriage": remarried,
    "two remarriages": twice_remarried,
    "both parents with new partners": both_repartnered,
    "grandparents on both sides": grandparents_both_sides,
}


@pytest.mark.parametrize("shape", sorted(COMMON_SHAPES))
def test_common_family_shapes_have_no_crossing_partnership_lines(shape: str) -> None:
    layout = layout_genogram(COMMON_SHAPES[shape]())
    assert_no_overlap(layout)
    assert_partnerships_clear(layout)


def test_a_person_with_several_partners_sits_between_them_earliest_first() -> None:
    layout = layout_genogram(twice_remarried())
    xs = {pid: layout.boxes[pid].cx for pid in (1, 2, 3, 4)}
    partners = sorted((2, 3, 4), key=lambda p: xs[p])
    assert min(xs[2], xs[3]) < xs[1] < max(xs[2], xs[3])  # first two partners either side
    assert partners.index(4) in (0, 2)  # the third further out


def test_both_sets_of_grandparents_sit_above_their_own_child() -> None:
    layout = layout_genogram(grandparents_both_sides())
    b = layout.boxes
    assert layout.generation[1] == layout.generation[3] == 0
    father_side = (b[1].cx + b[2].cx) / 2
    mother_side = (b[3].cx + b[4].cx) / 2
    assert (father_side < mother_side) == (b[5].cx < b[6].cx)
    assert b[1].cx < b[2].cx  # husband on the left


# --- which generations ----------------------------------------------------------------------------


def four_generations() -> Genogram:
    """Great-grandparents 1, 2; grandparents 3, 4 (paternal) and 5, 6 (maternal); parents 7, 8;
    aunt 9 and cousin 10; the child 11 and brother 12; the child's baby 13 and partner 14."""
    people = tuple(person(i, "male" if i % 2 else "female", 1900 + i * 8) for i in range(1, 15))
    return family(
        *people,
        partnerships=(
            GPartnership("p12", 1, 2, "married"),
            GPartnership("p34", 3, 4, "married"),
            GPartnership("p56", 5, 6, "married"),
            GPartnership("p78", 7, 8, "married"),
            GPartnership("p1114", 11, 14, "dating"),
        ),
        links=(
            (3, 1),
            (3, 2),
            (7, 3),
            (7, 4),
            (9, 3),
            (9, 4),
            (10, 9),
            (8, 5),
            (8, 6),
            (11, 7),
            (11, 8),
            (12, 7),
            (12, 8),
            (13, 11),
            (13, 14),
        ),
        ties=(GTie("t1", 1, 11, "close"), GTie("t2", 11, 12, "conflicted")),
        subject_id=11,
    )


def test_within_generations_keeps_three_generations_around_the_child() -> None:
    small = within_generations(four_generations(), 11)
    kept = {p.id for p in small.people}
    assert kept == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
    assert {p.id for p in small.partnerships} == {"p34", "p56", "p78", "p1114"}
    assert {t.id for t in small.ties} == {"t2"}
    assert small.subject_id == 11
    assert all(link.child in kept and link.parent in kept for link in small.child_links)


def test_within_generations_can_reach_further() -> None:
    kept = {p.id for p in within_generations(four_generations(), 11, up=3).people}
    assert {1, 2} <= kept
    only_parents = {p.id for p in within_generations(four_generations(), 11, up=1, down=0).people}
    assert only_parents == {7, 8, 11, 12, 14}  # 14 is the child's partner


def test_within_generations_needs_the_child_on_the_genogram() -> None:
    with pytest.raises(ValueError, match="not on this genogram"):
        within_generations(nuclear(), 99)


# --- random families ------------------------------------------------------------------------------

SEXES = ("male", "female", "male", "female", "other", "unknown")
STATUSES = ("married", "cohabiting", "separated", "divorced", "dating")
KINDS = ("biological",) * 6 + ("adopted", "fostered", "step")
QUALITIES = ("close", "distant", "conflicted", "hostile", "cut_off", "abusive")
DIRECTIONS = ("both", "a_to_b", "b_to_a")


class _FamilyMaker:
    """Builds a plausible family (with some oddities) from a seeded random source."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng, self.size = rng, size
        self.people: list[GPerson] = []
        self.partnerships: list[GPartnership] = []
        self.links: dict[tuple[int, int], GChildLink] = {}
        self.twins: list[GTwins] = []
        self.gen: dict[int, int] = {}

    def add(self, gen: int, year: int | None = None) -> int:
        rng = self.rng
        pid = (len(self.people) + 1) * (-1 if rng.random() < 0.1 else 1)
        year = year or 1930 + gen * 28 + rng.randint(0, 15)
        known = rng.random() < 0.8
        self.people.append(
            GPerson(
                id=pid,
                name=rng.choice(["Ada", "Bo", "Christopher Alexander Montgomery-Smythe", "Di", ""]) + f" {pid}",
                sex=rng.choice(SEXES),  # type: ignore[arg-type]
                born=str(year) if known else "",
                birth_sort=date(year, rng.randint(1, 12), 1) if known else None,
                died=str(year + 60) if rng.random() < 0.5 else "",
                is_deceased=rng.random() < 0.15,
                is_unborn=gen >= 2 and rng.random() < 0.05,
                in_household=rng.random() < 0.25,
                age=rng.randint(0, 90) if rng.random() < 0.5 else None,
            )
        )
        self.gen[pid] = gen
        return pid

    def partner(self, a: int) -> int:
        b = self.add(self.gen[a])
        self.partnerships.append(
            GPartnership(f"p{len(self.partnerships)}", a, b, self.rng.choice(STATUSES), "2001", "2009")
        )  # type: ignore[arg-type]
        return b

    def link(self, child: int, parent: int, kind: str | None = None) -> None:
        if child != parent and (parent, child) not in self.links:
            self.links[(parent, child)] = GChildLink(
                f"c{len(self.links)}", child, parent, kind or self.rng.choice(KINDS)
            )  # type: ignore[arg-type]

    def children(self, parents: list[int]) -> None:
        rng = self.rng
        gen = max(self.gen[p] for p in parents) + 1
        kids = [self.add(gen) for _ in range(rng.randint(1, 4))]
        if len(kids) >= 2 and rng.random() < 0.3:
            self.twins.append(GTwins(f"t{len(self.twins)}", tuple(kids[:2]), identical=rng.random() < 0.5))
        for kid in kids:
            for parent in parents:
                self.link(kid, parent)

    def build(self) -> Genogram:
        rng = self.rng
        for _ in range(rng.randint(1, 2)):
            a = self.add(0)
            self.children([a, self.partner(a)] if rng.random() < 0.85 else [a])
        while len(self.people) < self.size:
            a = rng.choice([p.id for p in self.people])
            roll = rng.random()
            if roll < 0.55:
                self.children([a, self.partner(a)])
            elif roll < 0.7:
                self.children([a])
            elif roll < 0.8:
                self.add(rng.randint(0, 3))  # someone with no links
            elif roll < 0.9:
                self.link(a, rng.choice([p.id for p in self.people]))  # an odd link
            else:
                b = rng.choice([p.id for p in self.people])
                if a != b:
                    self.partnerships.append(GPartnership(f"p{len(self.partnerships)}", a, b, rng.choice(STATUSES)))  # type: ignore[arg-type]
        ids = [p.id for p in self.people]
        ties = [
            GTie(f"e{i}", a, b, rng.choice(QUALITIES), rng.choice(DIRECTIONS))  # type: ignore[arg-type]
            for i in range(rng.randint(0, 6))
            if (a := rng.choice(ids)) != (b := rng.choice(ids))
        ]
        return Genogram(
            people=tuple(self.people),
            partnerships=tuple(self.partnerships),
            child_links=tuple(self.links.values()),
            twins=tuple(self.twins),
            ties=tuple(ties),
            subject_id=rng.choice(ids),
        )


@st.composite
def families(draw: st.DrawFn) -> Genogram:
    return _FamilyMaker(draw(st.randoms(use_true_random=False)), draw(st.integers(1, 54))).build()


def input_rel_ids(g: Genogram) -> list[str]:
    return [r.id for group in (g.partnerships, g.child_links, g.twins, g.ties) for r in group]


@settings(max_examples=150, deadline=None)
@given(families())
def test_random_families_draw_without_overlaps_and_with_every_relationship(g: Genogram) -> None:
    layout = layout_genogram(g)
    assert set(layout.boxes) == {p.id for p in g.people}
    assert_no_overlap(layout)
    svg = render_genogram(g, href=lambda pid: f"/p/{pid}")
    assert_no_inline_style(svg)
    root = parse(svg)
    assert rel_counts(root) == Counter(input_rel_ids(g))
    drawn = [e.get("data-person") for e in root.iter() if e.get("data-person")]
    assert sorted(drawn) == sorted(str(p.id) for p in g.people)
    assert person_group(root, g.subject_id or 0).get("data-subject") == "true"
    for line in layout.partner_lines.values():
        assert layout.generation[line.a] == layout.generation[line.b]
    assert_no_partnership_through_boxes(layout)


@settings(max_examples=40, deadline=None)
@given(families())
def test_random_families_cut_to_three_generations_still_draw(g: Genogram) -> None:
    assert g.subject_id is not None
    small = within_generations(g, g.subject_id)
    kept = {p.id for p in small.people}
    assert g.subject_id in kept
    assert all(r.a in kept and r.b in kept for r in small.partnerships)
    root = parse(render_genogram(small))
    assert rel_counts(root) == Counter(input_rel_ids(small))
    assert_no_overlap(layout_genogram(small))


def test_weird_families_still_draw_without_overlaps() -> None:
    people = tuple(person(i, "male" if i % 2 else "female", 1950 + i) for i in range(1, 9))
    g = Genogram(
        people=people,
        partnerships=(
            GPartnership("a", 1, 2, "married"),
            GPartnership("b", 2, 3, "married"),
            GPartnership("c", 3, 1, "divorced"),  # a cycle of partners
            GPartnership("d", 1, 2, "divorced"),  # the same couple twice
            GPartnership("e", 5, 5, "married"),  # with themselves: not drawn
        ),
        child_links=(
            GChildLink("l1", 4, 1),
            GChildLink("l2", 1, 4),  # parent of their own parent
            GChildLink("l3", 2, 1),  # child of their partner
            GChildLink("l4", 6, 7),
            GChildLink("l5", 6, 8),
            GChildLink("l6", 6, 4),
            GChildLink("l7", 6, 99),  # unknown person: not drawn
        ),
        ties=(GTie("t", 6, 6, "close"),),
    )
    layout = layout_genogram(g)
    assert_no_overlap(layout)
    counts = rel_counts(parse(render_genogram(g)))
    assert counts == Counter(["a", "b", "c", "d", "l1", "l2", "l3", "l4", "l5", "l6"])
