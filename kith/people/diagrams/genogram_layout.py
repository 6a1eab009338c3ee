"""Where everyone goes on a genogram: generations as rows, couples side by side, children below.

Why a layout of our own: family data in a case record is rarely a tidy tree. There are
remarriages, half- and step-siblings, parents "not recorded", adoptive and foster carers next to
birth parents, and sometimes plain mistakes (a child linked to a parent in the wrong generation).
The layout has to give a readable picture for the common shapes and a non-overlapping one for
anything at all. It works in four steps, each deterministic:

1. Generations. Partners (and the two parents of a child, even if no partnership is recorded)
   are joined into clusters that share a row. Clusters form a graph parent → child; cycles are
   broken, each cluster goes one row below its lowest parent, and clusters with no parents (in-laws)
   are pushed down to sit just above their children.
2. Order within rows. Each cluster is a "unit": partners in a chain, a person with several
   partners between them, earliest partner first. Units are sorted by the position of their
   parents (siblings oldest on the left), then by their children, in a few sweeps down and up.
3. Positions. Units are rigid blocks; each row is placed by weighted isotonic regression (the
   pool-adjacent-violators algorithm), which puts blocks as close as possible to where they want to
   be (children centred under their parents, parents over their children) while never overlapping.
4. Lines. Partnership lines get depth levels so none cross; sibship bars and descent routes are
   computed here so the drawing code only paints.

Connected pieces of the family are laid out separately and placed side by side; people with no
links at all are put in a small grid at the end.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kith.people.diagrams.model import ChildLinkKind, GChildLink, Genogram, GPartnership, GPerson
from kith.people.diagrams.svg import Point, wrap

SYMBOL = 36.0  # symbol size (square side, circle diameter)
BOX_W = 118.0  # reserved width for a person: symbol plus label
LINE_H = 13.0  # label line height
LABEL_GAP = 6.0  # symbol to first label line
PARTNER_GAP = 44.0  # between partners' boxes: room for the partnership line and its years
SIB_GAP = 22.0  # between siblings' units
FAMILY_GAP = 44.0  # between units that are not siblings
COMPONENT_GAP = 70.0  # between unconnected pieces of the family
MARGIN = 24.0
MARRIAGE_DROP = 12.0  # label bottom to the first partnership line
MARRIAGE_LEVEL = 30.0  # between partnership lines of different depths
MARRIAGE_TEXT = 32.0  # room under the deepest partnership line for the years
SIB_CLEAR = 30.0  # sibship bar to the children's symbols
SIB_LEVEL = 9.0  # between sibship bars of different depths
ROW_TOP_ROOM = 30.0  # above the first row, for tie arcs
LOOSE_PER_ROW = 6  # people with no links at all, per row of the grid
NAME_CHARS = 18
PAD = 10.0  # household boundary padding
UNBORN_T = 0.36  # an unborn child's triangle: apex this far (times the symbol size) above the centre
DIAMOND_OUT = 2.0  # the "other" diamond reaches this far beyond the symbol square

KIND_PRIORITY: dict[str, int] = {"biological": 0, "adopted": 1, "step": 2, "fostered": 3}

FamilyKey = tuple[int, ...]  # sorted parent ids: one or two


@dataclass(frozen=True)
class Box:
    """The space reserved for one person: the symbol at the top centre, the label below it."""

    x: float
    y: float
    w: float
    h: float
    symbol: float = SYMBOL

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.symbol / 2

    @property
    def symbol_bottom(self) -> float:
        return self.y + self.symbol

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        """Whether two boxes share any area (touching edges do not count)."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class PartnerLine:
    """A horizontal partnership line (or the line joining two parents with no recorded relationship)."""

    id: str | None  # None: implied by a shared child, no relationship recorded
    a: int
    b: int
    x1: float
    x2: float
    y: float
    status: str  # a PartnershipStatus, or "implied"
    anchor_x: float  # where the children's line of descent leaves it
    has_children: bool
    started: str = ""
    ended: str = ""


@dataclass(frozen=True)
class ChildRoute:
    """The line of descent for one child link, as a polyline (or a cubic curve if `curved`)."""

    link_id: str
    kind: ChildLinkKind
    points: tuple[Point, ...]
    curved: bool = False


@dataclass(frozen=True)
class TwinMark:
    """Where twins' lines converge, and the bar joining identical twins' lines."""

    twins_id: str
    identical: bool
    apex: Point | None
    bar: tuple[Point, Point] | None


@dataclass
class GenogramLayout:
    """Everything the drawing needs: person boxes, rows, and the geometry of every line."""

    boxes: dict[int, Box]
    generation: dict[int, int]
    width: float
    height: float
    row_top: dict[int, float] = field(default_factory=dict)
    partner_lines: dict[str, PartnerLine] = field(default_factory=dict)
    implied_lines: list[PartnerLine] = field(default_factory=list)
    child_routes: dict[str, ChildRoute] = field(default_factory=dict)
    twin_marks: dict[str, TwinMark] = field(default_factory=dict)
    household: list[Point] = field(default_factory=list)
    labels: dict[int, list[str]] = field(default_factory=dict)


def name_lines(person: GPerson) -> list[str]:
    """The person's name, wrapped to at most two lines for the label."""
    return wrap(person.name.strip() or "Name not recorded", NAME_CHARS, 2)


def label_lines(person: GPerson) -> list[str]:
    """The text under a symbol: name (the first `len(name_lines(person))` lines), birth and age, death."""
    lines = name_lines(person)
    facts: list[str] = []
    if person.born:
        plain = person.is_unborn or person.born.lower().startswith(("due", "b."))
        facts.append(person.born if plain else f"b. {person.born}")
    if person.age is not None:
        facts.append(f"age {person.age}")
    joined = " · ".join(facts)
    lines += facts if len(joined) > NAME_CHARS + 2 else ([joined] if joined else [])
    if person.is_deceased:
        lines.append(f"d. {person.died}" if person.died else "died")
    return lines


def symbol_top_at(person: GPerson, box: Box, dx: float) -> float:
    """The y of the top edge of a person's symbol, dx from its centre, so that lines meet the
    outline of a circle, diamond or triangle rather than stopping short of it."""
    r = box.symbol / 2
    dx = min(abs(dx), r)
    if person.is_unborn:
        t = box.symbol * UNBORN_T
        return box.cy - t + min(dx, 1.1 * t) * 1.8 / 1.1
    if person.sex == "female":
        return box.cy - (r * r - dx * dx) ** 0.5
    if person.sex == "other":
        return box.cy - r - DIAMOND_OUT + dx
    return box.y


def symbol_bottom_of(person: GPerson, box: Box) -> float:
    """The y of the bottom of a person's symbol, where partnership lines leave it."""
    if person.is_unborn:
        return box.cy + box.symbol * UNBORN_T * 0.8
    return box.cy + box.symbol / 2 + (DIAMOND_OUT if person.sex == "other" else 0)


def symbol_half_width(person: GPerson, box: Box) -> float:
    """Half the width of a person's symbol at its middle height."""
    if person.is_unborn:
        return box.symbol * UNBORN_T * 1.1 / 1.8
    return box.symbol / 2 + (DIAMOND_OUT if person.sex == "other" else 0)


def people_by_id(g: Genogram) -> dict[int, GPerson]:
    """People by id, in id order; if an id is repeated, the same one wins whatever the input order."""
    out: dict[int, GPerson] = {}
    for person in sorted(g.people, key=lambda p: (p.id, repr(p))):
        out.setdefault(person.id, person)
    return out


def year_of(text: str) -> int:
    """The first four-digit year in a date text, for ordering partnerships; 9999 if none."""
    found = re.search(r"\d{4}", text)
    return int(found.group()) if found else 9999


# --- step 0: the family as a cleaned-up graph -------------------------------------------------


@dataclass
class _Family:
    key: FamilyKey
    partnerships: list[GPartnership]
    kids: list[int] = field(default_factory=list)  # children who hang from this family


class _Graph:
    """The input, deduplicated and sorted, with each child's parents grouped into families."""

    def __init__(self, g: Genogram) -> None:
        self.people = people_by_id(g)
        known = self.people.keys()
        self.partnerships = sorted(
            (p for p in g.partnerships if p.a in known and p.b in known and p.a != p.b), key=lambda p: p.id
        )
        self.links = sorted(
            (k for k in g.child_links if k.child in known and k.parent in known and k.child != k.parent),
            key=lambda k: k.id,
        )
        self.pairs: dict[frozenset[int], list[GPartnership]] = defaultdict(list)
        for p in self.partnerships:
            self.pairs[frozenset((p.a, p.b))].append(p)
        self.twins = sorted(g.twins, key=lambda t: t.id)
        self.families: dict[FamilyKey, _Family] = {}
        self.family_of_link: dict[str, FamilyKey] = {}
        self.primary: dict[int, FamilyKey] = {}
        self.birth_key = self._birth_keys(g)
        self._group_families()

    def _birth_keys(self, g: Genogram) -> dict[int, tuple[tuple[int, int, int], ...]]:
        def own(p: GPerson) -> tuple[int, int, int]:
            return (0, p.birth_sort.toordinal(), p.id) if isinstance(p.birth_sort, date) else (1, 0, p.id)

        keys: dict[int, tuple[tuple[int, int, int], ...]] = {pid: (own(p), own(p)) for pid, p in self.people.items()}
        for twins in sorted(g.twins, key=lambda t: t.id):
            members = [m for m in twins.members if m in self.people]
            if members:
                group = min(own(self.people[m]) for m in members)
                for m in members:
                    keys[m] = (group, own(self.people[m]))
        return keys

    def _group_families(self) -> None:
        by_child: dict[int, list[GChildLink]] = defaultdict(list)
        for link in self.links:
            by_child[link.child].append(link)
        for child in sorted(by_child):
            groups = self._parent_groups(by_child[child])
            best = min(groups, key=lambda grp: self._family_rank(grp, by_child[child]))
            for key in groups:
                family = self.families.setdefault(
                    key, _Family(key, self.pairs.get(frozenset(key), []) if len(key) == 2 else [])
                )
                if key == best:
                    family.kids.append(child)
            self.primary[child] = best
            for link in by_child[child]:
                self.family_of_link[link.id] = next(k for k in groups if link.parent in k)
        for family in self.families.values():
            family.kids.sort(key=lambda c: self.birth_key[c])

    def _parent_groups(self, links: list[GChildLink]) -> list[FamilyKey]:
        """Split one child's parents into couples (partners first) and single parents."""
        rank: dict[int, int] = {}
        for link in links:
            rank[link.parent] = min(rank.get(link.parent, 9), KIND_PRIORITY[link.kind])
        parents = sorted(rank, key=lambda p: (rank[p], p))
        pairs = sorted(
            ((a, b) for i, a in enumerate(parents) for b in parents[i + 1 :] if frozenset((a, b)) in self.pairs),
            key=lambda ab: (rank[ab[0]] + rank[ab[1]], min(ab), max(ab)),
        )
        used: set[int] = set()
        groups: list[FamilyKey] = []
        for a, b in pairs:
            if a not in used and b not in used:
                used |= {a, b}
                groups.append((min(a, b), max(a, b)))
        rest = [p for p in parents if p not in used]
        if len(rest) == 2:
            groups.append((min(rest), max(rest)))
        else:
            groups.extend((p,) for p in rest)
        return groups

    @staticmethod
    def _family_rank(key: FamilyKey, links: list[GChildLink]) -> tuple[int, int, int, FamilyKey]:
        kinds = [link.kind for link in links if link.parent in key]
        biological = sum(1 for k in kinds if k == "biological")
        return (-biological, -len(key), sum(KIND_PRIORITY[k] for k in kinds), key)

    def implied_pairs(self) -> list[FamilyKey]:
        """Two parents of a child with no partnership recorded between them."""
        return sorted(k for k in self.families if len(k) == 2 and not self.pairs.get(frozenset(k)))

    def couple_edges(self) -> list[tuple[int, int, tuple[int, str]]]:
        """Every line joining two people in a row: partnerships, then implied couples."""
        edges = [(p.a, p.b, (year_of(p.started), p.id)) for p in self.partnerships]
        edges += [(a, b, (9999, "~implied")) for a, b in self.implied_pairs()]
        return edges


class _UnionFind:
    def __init__(self, items: Iterable[int]) -> None:
        self.parent = {i: i for i in items}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# --- step 1: generations ------------------------------------------------------------------------


def _acyclic(nodes: Sequence[int], succ: dict[int, list[int]]) -> tuple[dict[int, list[int]], list[int]]:
    """Drop the edges that close cycles (depth-first, in id order); return edges kept and a topological order."""
    state: dict[int, int] = {}
    kept: dict[int, list[int]] = {n: [] for n in nodes}
    finished: list[int] = []
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, remaining = stack[-1]
            for nxt in remaining:
                if state.get(nxt) == 1:
                    continue
                kept[node].append(nxt)
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
                    break
            else:
                state[node] = 2
                finished.append(node)
                stack.pop()
    return kept, finished[::-1]


def _generations(graph: _Graph, clusters: _UnionFind) -> tuple[dict[int, int], _UnionFind]:
    """Row of each cluster, normalised so each connected piece starts at row 0; plus the pieces."""
    nodes = sorted({clusters.find(p) for p in graph.people})
    succ: dict[int, list[int]] = {n: [] for n in nodes}
    for link in graph.links:
        pc, cc = clusters.find(link.parent), clusters.find(link.child)
        if pc != cc and cc not in succ[pc]:
            succ[pc].append(cc)
    for n in nodes:
        succ[n].sort()
    kept, order = _acyclic(nodes, succ)
    gen = dict.fromkeys(nodes, 0)
    for n in order:
        for c in kept[n]:
            gen[c] = max(gen[c], gen[n] + 1)
    has_parent = {c for n in nodes for c in kept[n]}
    for n in reversed(order):
        if n not in has_parent and kept[n]:
            gen[n] = min(gen[c] for c in kept[n]) - 1
    pieces = _UnionFind(nodes)
    for n in nodes:
        for c in kept[n]:
            pieces.union(n, c)
    lowest: dict[int, int] = {}
    for n in nodes:
        root = pieces.find(n)
        lowest[root] = min(lowest.get(root, gen[n]), gen[n])
    return {n: gen[n] - lowest[pieces.find(n)] for n in nodes}, pieces


# --- step 2: units and their order ------------------------------------------------------------


@dataclass
class _Unit:
    members: list[int]
    left: float = 0.0

    @property
    def width(self) -> float:
        return len(self.members) * BOX_W + (len(self.members) - 1) * PARTNER_GAP

    @staticmethod
    def offset(i: float) -> float:
        """Centre of the i-th member relative to the unit's left edge."""
        return BOX_W / 2 + i * (BOX_W + PARTNER_GAP)


_Attach = Callable[[_Unit, dict[int, int]], list[tuple[float, float]]]


def _chain(members: list[int], edges: list[tuple[int, int, tuple[int, str]]]) -> list[int]:
    """Order a cluster of partners so lines stay short: the person with most partners in the middle,
    the earliest partner on the left, the next on the right; partners' other partners further out."""
    nbrs: dict[int, list[tuple[tuple[int, str], int]]] = {m: [] for m in members}
    for a, b, key in edges:
        nbrs[a].append((key, b))
        nbrs[b].append((key, a))
    ordered = {m: list(dict.fromkeys(w for _, w in sorted(nbrs[m]))) for m in members}
    centre = max(members, key=lambda m: (len(ordered[m]), -m))
    seq, side, queue = [centre], {centre: 0}, deque([centre])
    while queue:
        v = queue.popleft()
        outer = {-1: v, 1: v}
        placed = 0
        for w in ordered[v]:
            if w in side:
                continue
            s = side[v] or (-1 if placed % 2 == 0 else 1)
            placed += 1
            idx = seq.index(outer[s])
            seq.insert(idx if s < 0 else idx + 1, w)
            outer[s], side[w] = w, s
            queue.append(w)
    return seq + sorted(m for m in members if m not in side)


class _Piece:
    """One connected piece of the family: its rows of units, ordered and then placed."""

    def __init__(self, graph: _Graph, people: list[int], gen: dict[int, int], units: list[_Unit]) -> None:
        self.graph = graph
        self.gen = gen
        depth = max(gen[p] for p in people) + 1
        self.rows: list[list[_Unit]] = [[] for _ in range(depth)]
        self.unit_of: dict[int, _Unit] = {}
        for unit in units:
            self.rows[gen[unit.members[0]]].append(unit)
            for m in unit.members:
                self.unit_of[m] = unit
        self.parent_families: dict[int, list[FamilyKey]] = defaultdict(list)
        for key, fam in graph.families.items():
            if fam.kids and key[0] in self.unit_of:
                for p in key:
                    self.parent_families[p].append(key)

    # -- ordering --

    def order(self) -> None:
        seen = self._visit_order()
        for row in self.rows:
            row.sort(key=lambda u: min(seen[m] for m in u.members))
        for _ in range(3):
            self._sweep_down()
            self._sweep_up()
        self._sweep_down()

    def _visit_order(self) -> dict[int, int]:
        g = self.graph
        neighbours: dict[int, list[int]] = defaultdict(list)
        for unit in self.unit_of.values():
            for m in unit.members:
                neighbours[m] += [o for o in unit.members if o != m]
        for key, fam in g.families.items():
            for p in key:
                neighbours[p] += fam.kids
            for c in fam.kids:
                neighbours[c] += list(key)
        start = min(self.unit_of, key=lambda p: (self.gen[p], p))
        seen: dict[int, int] = {}
        stack = [start]
        while stack:
            p = stack.pop()
            if p in seen or p not in self.unit_of:
                continue
            seen[p] = len(seen)
            stack += reversed(neighbours[p])
        for p in sorted(self.unit_of):
            seen.setdefault(p, len(seen))
        return seen

    def _positions(self, row: list[_Unit]) -> dict[int, int]:
        return {m: i for i, m in enumerate(m for u in row for m in u.members)}

    def _sweep_down(self) -> None:
        for r in range(1, len(self.rows)):
            above = self._positions(self.rows[r - 1])
            self._sort_row(r, above, down=True)

    def _sweep_up(self) -> None:
        for r in range(len(self.rows) - 2, -1, -1):
            below = self._positions(self.rows[r + 1])
            self._sort_row(r, below, down=False)

    def _parent_attachments(self, unit: _Unit, other: dict[int, int]) -> list[tuple[float, float]]:
        out = []
        for i, m in enumerate(unit.members):
            key = self.graph.primary.get(m)
            if key and all(p in other for p in key):
                out.append((float(i), sum(other[p] for p in key) / len(key)))
        return out

    def _child_attachments(self, unit: _Unit, other: dict[int, int]) -> list[tuple[float, float]]:
        out = []
        index = {m: i for i, m in enumerate(unit.members)}
        for key in dict.fromkeys(k for m in unit.members for k in self.parent_families[m]):
            kids = [other[c] for c in self.graph.families[key].kids if c in other]
            if kids and all(p in index for p in key):
                out.append((sum(index[p] for p in key) / len(key), sum(kids) / len(kids)))
        return out

    def _sort_row(self, r: int, other: dict[int, int], *, down: bool) -> None:
        attach: _Attach = self._parent_attachments if down else self._child_attachments
        row = self.rows[r]
        scale = len(other) / max(1, sum(len(u.members) for u in row))
        keys: dict[int, tuple[float, tuple[tuple[int, int, int], ...], int]] = {}
        pos = 0
        for unit in row:
            atts = attach(unit, other)
            self._orient(unit, atts)
            atts = attach(unit, other)
            first = min(unit.members)
            if atts:
                born = min(self.graph.birth_key[unit.members[int(i)]] for i, _ in atts) if down else ()
                keys[id(unit)] = (sum(a for _, a in atts) / len(atts), born, first)
            else:
                centre = (pos + (len(unit.members) - 1) / 2 + 0.5) * scale - 0.5
                keys[id(unit)] = (centre, ((3, 0, 0),), first)
            pos += len(unit.members)
        row.sort(key=lambda u: keys[id(u)])

    def _orient(self, unit: _Unit, atts: list[tuple[float, float]]) -> None:
        if len(unit.members) < 2:
            return
        cov = 0.0
        if atts:
            mi = sum(i for i, _ in atts) / len(atts)
            ma = sum(a for _, a in atts) / len(atts)
            cov = sum((i - mi) * (a - ma) for i, a in atts)
        if cov < -1e-9 or (abs(cov) <= 1e-9 and self._males_right(unit)):
            unit.members.reverse()

    def _males_right(self, unit: _Unit) -> bool:
        mid = (len(unit.members) - 1) / 2
        score = 0.0
        for i, m in enumerate(unit.members):
            sex = self.graph.people[m].sex
            score += (i - mid) * (1 if sex == "male" else -1 if sex == "female" else 0)
        return score > 0

    # -- placing --

    def place(self) -> float:
        """Give every unit a left edge; return the piece's width."""
        for row in self.rows:
            self._solve(row, [u.left for u in row], [0.0] * len(row), pack=True)
        self._anchor_offsets = {key: self.anchor_offset(key) for key in self.graph.families if key[0] in self.unit_of}
        for _ in range(4):
            for r in range(1, len(self.rows)):
                self._place_down(r)
            for r in range(len(self.rows) - 2, -1, -1):
                self._place_up(r)
        for r in range(1, len(self.rows)):
            self._place_down(r)
        lowest = min(u.left for row in self.rows for u in row)
        for row in self.rows:
            for u in row:
                u.left -= lowest
        return max(u.left + u.width for row in self.rows for u in row)

    def anchor_offset(self, key: FamilyKey) -> float:
        """Where a family's children hang from, relative to the parents' unit's left edge."""
        unit = self.unit_of[key[0]]
        idx = [unit.members.index(p) for p in key]
        if len(idx) == 1 or abs(idx[0] - idx[1]) <= 1:
            return _Unit.offset(sum(idx) / len(idx))
        lo, hi = sorted(idx)
        degree = {i: len([k for k in self.graph.pairs if unit.members[i] in k]) for i in (lo, hi)}
        if degree[lo] < degree[hi]:
            return _Unit.offset(lo + 0.5)
        return _Unit.offset(hi - 0.5)

    def _gap(self, a: _Unit, b: _Unit) -> float:
        fams = {self.graph.primary.get(m) for m in a.members} - {None}
        return SIB_GAP if any(self.graph.primary.get(m) in fams for m in b.members) else FAMILY_GAP

    def _solve(self, row: list[_Unit], desired: list[float], weights: list[float], *, pack: bool = False) -> None:
        offsets, c = [], 0.0
        for i, unit in enumerate(row):
            offsets.append(c)
            c += unit.width + (self._gap(unit, row[i + 1]) if i + 1 < len(row) else 0)
        if pack:
            for unit, off in zip(row, offsets, strict=True):
                unit.left = off
            return
        fitted = _isotonic([d - o for d, o in zip(desired, offsets, strict=True)], weights)
        for unit, y, off in zip(row, fitted, offsets, strict=True):
            unit.left = y + off

    def _centres(self, row: list[_Unit]) -> dict[int, float]:
        return {m: u.left + u.offset(i) for u in row for i, m in enumerate(u.members)}

    def _place_down(self, r: int) -> None:
        row = self.rows[r]
        above = self._centres(self.rows[r - 1])
        saved = [u.left for u in row]
        self._solve(row, [], [], pack=True)
        packed = self._centres(row)
        for u, left in zip(row, saved, strict=True):
            u.left = left
        want: dict[int, float] = {}
        for key, fam in self.graph.families.items():
            kids = [k for k in fam.kids if k in packed]
            if kids and all(p in above for p in key):
                anchor = self.unit_of[key[0]].left + self._anchor_offsets[key]
                mean = sum(packed[k] for k in kids) / len(kids)
                for k in kids:
                    want[k] = anchor + packed[k] - mean
        desired, weights = [], []
        for u in row:
            vals = [want[m] - u.offset(i) for i, m in enumerate(u.members) if m in want]
            desired.append(sum(vals) / len(vals) if vals else u.left)
            weights.append(float(len(vals)) if vals else 0.01)
        self._solve(row, desired, weights)

    def _place_up(self, r: int) -> None:
        row = self.rows[r]
        below = self._centres(self.rows[r + 1])
        desired, weights = [], []
        for u in row:
            total, weight = 0.0, 0.0
            for key in dict.fromkeys(k for m in u.members for k in self.parent_families[m]):
                kids = [below[c] for c in self.graph.families[key].kids if c in below]
                if kids and self.unit_of[key[0]] is u:
                    total += ((min(kids) + max(kids)) / 2 - self._anchor_offsets[key]) * len(kids)
                    weight += len(kids)
            desired.append(total / weight if weight else u.left)
            weights.append(weight or 0.01)
        self._solve(row, desired, weights)


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """Weighted least-squares non-decreasing fit (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for t, w in zip(targets, weights, strict=True):
        blocks.append([t * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, wt, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += wt
            blocks[-1][2] += n
    out: list[float] = []
    for s, wt, n in blocks:
        out += [s / wt] * int(n)
    return out


# --- step 3: the whole drawing ------------------------------------------------------------------


def layout_genogram(g: Genogram) -> GenogramLayout:
    """Lay out a genogram: boxes for people, rows for generations, and every line's geometry.

    Deterministic: the input is sorted by id first, so the same family always gives the same
    picture, whatever order the record returned it in.
    """
    graph = _Graph(g)
    if not graph.people:
        return GenogramLayout(boxes={}, generation={}, width=2 * MARGIN, height=2 * MARGIN)
    edges = graph.couple_edges()
    clusters = _UnionFind(graph.people)
    for a, b, _ in edges:
        clusters.union(a, b)
    cluster_gen, pieces = _generations(graph, clusters)
    gen = {p: cluster_gen[clusters.find(p)] for p in graph.people}
    groups, loose = _split_pieces(graph, clusters, pieces, subject_of(g))
    centres: dict[int, float] = {}
    anchors: dict[FamilyKey, float] = {}
    x0 = MARGIN
    for people in groups:
        x0 = _place_piece(_Piece(graph, people, gen, _units(people, edges, clusters)), x0, centres, anchors)
    for i, p in enumerate(loose):  # people with no links at all: a small grid at the end
        gen[p] = i // LOOSE_PER_ROW
        centres[p] = x0 + (i % LOOSE_PER_ROW) * (BOX_W + FAMILY_GAP) + BOX_W / 2
    anchors.update({(p,): centres[p] for p in graph.people})
    return _Geometry(graph, gen, centres, anchors).build()


def _split_pieces(
    graph: _Graph, clusters: _UnionFind, pieces: _UnionFind, subject: int | None
) -> tuple[list[list[int]], list[int]]:
    """Connected pieces with more than one person (the child's first), and people on their own."""
    by_piece: dict[int, list[int]] = defaultdict(list)
    for p in graph.people:
        by_piece[pieces.find(clusters.find(p))].append(p)
    loose = sorted(ps[0] for ps in by_piece.values() if len(ps) == 1 and ps[0] != subject)
    groups = [ps for ps in by_piece.values() if len(ps) > 1 or ps[0] == subject]
    return sorted(groups, key=lambda ps: (subject not in ps, min(ps))), loose


def _units(people: list[int], edges: list[tuple[int, int, tuple[int, str]]], clusters: _UnionFind) -> list[_Unit]:
    members = set(people)
    mine = [e for e in edges if e[0] in members]
    return [
        _Unit(_chain(ms, [e for e in mine if clusters.find(e[0]) == clusters.find(ms[0])]))
        for ms in _clusters_of(people, clusters)
    ]


def _place_piece(piece: _Piece, x0: float, centres: dict[int, float], anchors: dict[FamilyKey, float]) -> float:
    """Order and place one piece with its left edge at x0; return where the next piece starts."""
    piece.order()
    width = piece.place()
    for unit in {id(u): u for u in piece.unit_of.values()}.values():
        for i, m in enumerate(unit.members):
            centres[m] = x0 + unit.left + unit.offset(i)
        for a in unit.members:
            for b in unit.members:
                if a < b:
                    anchors[(a, b)] = x0 + unit.left + piece.anchor_offset((a, b))
    return x0 + width + COMPONENT_GAP


def subject_of(g: Genogram) -> int | None:
    """The child the genogram is about: `subject_id`, or else the first person marked as subject."""
    ids = {p.id for p in g.people}
    if g.subject_id is not None and g.subject_id in ids:
        return g.subject_id
    marked = sorted(p.id for p in g.people if p.is_subject)
    return marked[0] if marked else None


def _clusters_of(people: list[int], clusters: _UnionFind) -> list[list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for p in sorted(people):
        grouped[clusters.find(p)].append(p)
    return [grouped[k] for k in sorted(grouped)]


def _levels(items: list[tuple[int, str, float, float]]) -> dict[str, int]:
    """Give each horizontal interval (row, key, lo, hi) the shallowest level of its row where it
    overlaps no other interval; intervals that only touch at an end may share a level."""
    taken: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    out: dict[str, int] = {}
    for row, key, lo, hi in items:
        level = 0
        while any(lo < h - 0.5 and low < hi - 0.5 for low, h in taken[(row, level)]):
            level += 1
        taken[(row, level)].append((lo, hi))
        out[key] = level
    return out


class _Geometry:
    """Turns rows and centres into boxes, row heights and the geometry of every line."""

    def __init__(
        self, graph: _Graph, gen: dict[int, int], centres: dict[int, float], anchors: dict[FamilyKey, float]
    ) -> None:
        self.graph, self.gen, self.centres, self.anchors = graph, gen, centres, anchors
        self.labels = {p: label_lines(person) for p, person in graph.people.items()}
        self.box_h = SYMBOL + LABEL_GAP + max(len(lines) for lines in self.labels.values()) * LINE_H
        self.rows = range(max(gen.values()) + 1)
        self.stems: dict[int, float] = {}
        self.twin_of: dict[int, str] = {}

    def build(self) -> GenogramLayout:
        line_level, line_rows = self._partner_levels()
        self._twin_stems()
        bar_level, bar_rows = self._bar_levels()
        top = self._row_tops(line_rows, bar_rows)
        self.top = top
        boxes = {p: Box(c - BOX_W / 2, top[self.gen[p]], BOX_W, self.box_h) for p, c in self.centres.items()}
        self.boxes = boxes
        lines = self._partner_lines(line_level)
        family_y = self._family_y(lines)
        self.bar_y = {k: top[int(k.split("@")[1])] - SIB_CLEAR - lvl * SIB_LEVEL for k, lvl in bar_level.items()}
        routes = self._routes(family_y)
        width = max(b.x + b.w for b in boxes.values()) + MARGIN
        height = top[self.rows[-1]] + self.box_h + self._marriage_zone(line_rows[self.rows[-1]]) + MARGIN
        return GenogramLayout(
            boxes=boxes,
            generation=dict(self.gen),
            width=width,
            height=height,
            row_top=top,
            partner_lines={pl.id: pl for pl in lines if pl.id is not None},
            implied_lines=[pl for pl in lines if pl.id is None],
            child_routes=routes,
            twin_marks=self._twin_marks(),
            household=_household_outline([boxes[p] for p, person in self.graph.people.items() if person.in_household]),
            labels=self.labels,
        )

    # -- partnership lines --

    def _couples(self) -> list[tuple[str, int, int, GPartnership | None]]:
        out: list[tuple[str, int, int, GPartnership | None]] = [(p.id, p.a, p.b, p) for p in self.graph.partnerships]
        out += [(f"~{a}-{b}", a, b, None) for a, b in self.graph.implied_pairs()]
        return out

    def _partner_levels(self) -> tuple[dict[str, int], dict[int, int]]:
        items = []
        for key, a, b, _ in self._couples():
            lo, hi = sorted((self.centres[a], self.centres[b]))
            items.append((round(hi - lo, 2), lo, key, hi, self.gen[a]))
        items.sort()
        level = _levels([(row, key, lo, hi) for _, lo, key, hi, row in items])
        counts: dict[int, int] = defaultdict(int)
        for key, a, _, _ in self._couples():
            counts[self.gen[a]] = max(counts[self.gen[a]], level[key] + 1)
        return level, counts

    def _partner_lines(self, level: dict[str, int]) -> list[PartnerLine]:
        with_children = {k for k, fam in self.graph.families.items() if len(k) == 2}
        with_children |= {k for k in self.graph.family_of_link.values() if len(k) == 2}
        chosen: dict[FamilyKey, str] = {}
        for key, a, b, _ in sorted(self._couples(), key=lambda c: (level[c[0]], c[0])):
            chosen.setdefault((min(a, b), max(a, b)), key)
        out = []
        for key, a, b, p in self._couples():
            pair = (min(a, b), max(a, b))
            x1, x2 = sorted((self.centres[a], self.centres[b]))
            y = self.top[self.gen[a]] + self.box_h + MARRIAGE_DROP + level[key] * MARRIAGE_LEVEL
            anchor = self.anchors.get(pair, (x1 + x2) / 2)
            out.append(
                PartnerLine(
                    id=p.id if p else None,
                    a=a,
                    b=b,
                    x1=x1,
                    x2=x2,
                    y=y,
                    status=p.status if p else "implied",
                    anchor_x=anchor,
                    has_children=pair in with_children and chosen[pair] == key,
                    started=p.started if p else "",
                    ended=p.ended if p else "",
                )
            )
        return out

    def _family_y(self, lines: list[PartnerLine]) -> dict[FamilyKey, float]:
        out: dict[FamilyKey, float] = {(p,): self.top[self.gen[p]] + SYMBOL for p in self.graph.people}
        for pl in lines:
            if pl.has_children:
                out[(min(pl.a, pl.b), max(pl.a, pl.b))] = pl.y
        return out

    def _marriage_zone(self, levels: int) -> float:
        return MARRIAGE_DROP + (levels - 1) * MARRIAGE_LEVEL + MARRIAGE_TEXT if levels else 16.0

    # -- sibship bars and twins --

    def _twin_groups(self) -> list[tuple[str, bool, list[int]]]:
        """Each twin set's members that hang from one family in one row (the ones that can converge)."""
        out = []
        for twins in sorted(self._input_twins(), key=lambda t: t[0]):
            twin_id, identical, members = twins
            groups: dict[tuple[FamilyKey, int], list[int]] = defaultdict(list)
            for m in members:
                fam = self.graph.primary.get(m)
                if fam and m not in self.twin_of and self.gen[m] > self.gen[fam[0]]:
                    groups[(fam, self.gen[m])].append(m)
            best = max(groups.values(), key=len, default=[])
            out.append((twin_id, identical, best if len(best) > 1 else []))
            for m in best if len(best) > 1 else []:
                self.twin_of[m] = twin_id
        return out

    def _input_twins(self) -> list[tuple[str, bool, list[int]]]:
        return [(t.id, t.identical, sorted(set(t.members) & self.graph.people.keys())) for t in self.graph.twins]

    def _twin_stems(self) -> None:
        self.twin_groups = self._twin_groups()
        for _, _, members in self.twin_groups:
            if members:
                apex = sum(self.centres[m] for m in members) / len(members)
                for m in members:
                    self.stems[m] = apex

    def _bar_levels(self) -> tuple[dict[str, int], dict[int, int]]:
        items = []
        for key, fam in self.graph.families.items():
            rows: dict[int, list[int]] = defaultdict(list)
            for kid in fam.kids:
                if self.gen[kid] > self.gen[key[0]]:
                    rows[self.gen[kid]].append(kid)
            for row, kids in rows.items():
                xs = [self.stems.get(k, self.centres[k]) for k in kids] + [self.anchors[key]]
                items.append((row, min(xs), max(xs), f"{'-'.join(map(str, key))}@{row}"))
        items.sort()
        level = _levels([(row, name, lo, hi) for row, lo, hi, name in items])
        counts: dict[int, int] = defaultdict(int)
        for row, _, _, name in items:
            counts[row] = max(counts[row], level[name] + 1)
        return level, counts

    def _row_tops(self, line_rows: dict[int, int], bar_rows: dict[int, int]) -> dict[int, float]:
        def sib_zone(r: int) -> float:
            return SIB_CLEAR + (bar_rows[r] - 1) * SIB_LEVEL + 10 if bar_rows.get(r) else ROW_TOP_ROOM

        top = {0: MARGIN + sib_zone(0)}
        for r in self.rows[1:]:
            top[r] = top[r - 1] + self.box_h + self._marriage_zone(line_rows.get(r - 1, 0)) + sib_zone(r)
        return top

    # -- lines of descent --

    def _routes(self, family_y: dict[FamilyKey, float]) -> dict[str, ChildRoute]:
        routes: dict[str, ChildRoute] = {}
        extra: dict[tuple[int, FamilyKey], int] = {}  # n-th other family of a child: its own lane
        for link in self.graph.links:
            key = self.graph.family_of_link[link.id]
            child = link.child
            start = (self.anchors[key], family_y[key])
            if self.gen[child] <= self.gen[key[0]]:
                routes[link.id] = self._curve(link)
            elif key == self.graph.primary[child]:
                routes[link.id] = ChildRoute(link.id, link.kind, self._primary_points(link, key, start))
            else:
                nth = extra.setdefault((child, key), sum(1 for c, _ in extra if c == child) + 1)
                routes[link.id] = ChildRoute(link.id, link.kind, self._secondary_points(child, start, nth))
        return routes

    def _primary_points(self, link: GChildLink, key: FamilyKey, start: Point) -> tuple[Point, ...]:
        child = link.child
        bar = self.bar_y[f"{'-'.join(map(str, key))}@{self.gen[child]}"]
        kinds = {k.kind for k in self.graph.links if k.child == child and k.parent in key}
        dx = 0.0 if len(kinds) == 1 else (-2.5 if key.index(link.parent) == 0 else 2.5)
        stem = self.stems.get(child, self.centres[child]) + dx
        x = self.centres[child] + dx
        end = (x, symbol_top_at(self.graph.people[child], self._box(child), dx))
        alone = sum(1 for k in self.graph.families[key].kids if self.gen[k] == self.gen[child]) == 1
        if alone and abs(stem - start[0]) < 8:  # straight down rather than a tiny jog
            return ((stem, start[1]), end)
        return (start, (start[0], bar), (stem, bar), end)

    def _box(self, person: int) -> Box:
        return Box(self.centres[person] - BOX_W / 2, self.top[self.gen[person]], BOX_W, self.box_h)

    def _secondary_points(self, child: int, start: Point, nth: int) -> tuple[Point, ...]:
        top = self.top[self.gen[child]]
        route_y = top - 8 - 4 * ((nth - 1) % 3)
        dx = 10 + 4 * ((nth - 1) % 3)
        x = self.centres[child] + dx
        return (
            start,
            (start[0], route_y),
            (x, route_y),
            (x, symbol_top_at(self.graph.people[child], self._box(child), dx)),
        )

    def _curve(self, link: GChildLink) -> ChildRoute:
        parent, child = self.boxes[link.parent], self.boxes[link.child]
        p0 = (parent.cx, symbol_bottom_of(self.graph.people[link.parent], parent))
        p3 = (child.cx, symbol_top_at(self.graph.people[link.child], child, 0))
        return ChildRoute(link.id, link.kind, (p0, (p0[0], p0[1] + 70), (p3[0], p3[1] - 70), p3), curved=True)

    def _twin_marks(self) -> dict[str, TwinMark]:
        marks: dict[str, TwinMark] = {}
        for twin_id, identical, members in self.twin_groups:
            if not members:
                marks[twin_id] = TwinMark(twin_id, identical, None, None)
                continue
            fam = self.graph.primary[members[0]]
            apex = (self.stems[members[0]], self.bar_y[f"{'-'.join(map(str, fam))}@{self.gen[members[0]]}"])
            top = self.top[self.gen[members[0]]]
            bar = None
            if identical:
                xs = [apex[0] + (self.centres[m] - apex[0]) * 0.5 for m in members]
                y = (apex[1] + top) / 2
                bar = ((min(xs), y), (max(xs), y))
            marks[twin_id] = TwinMark(twin_id, identical, apex, bar)
        return marks


def _household_outline(boxes: list[Box]) -> list[Point]:
    """One closed outline around everyone in the household.

    Each row with household members gets a band from its leftmost to its rightmost member; bands of
    consecutive rows are joined through the space between the rows, so the outline is a single
    shape that is monotone top to bottom. People who sit between household members in a row
    end up inside it too (the layout does not move people to make the household contiguous).
    """
    if not boxes:
        return []
    rows: dict[float, list[Box]] = defaultdict(list)
    for box in boxes:
        rows[box.y].append(box)
    bands = [
        (y - PAD, max(b.bottom for b in bs) + PAD, min(b.x for b in bs) - PAD, max(b.x + b.w for b in bs) + PAD)
        for y, bs in sorted(rows.items())
    ]
    joined = [bands[0]]
    for above, below in itertools.pairwise(bands):
        joined += [(above[1], below[0], min(above[2], below[2]), max(above[3], below[3])), below]
    right = [pt for top, bottom, _, hi in joined for pt in ((hi, top), (hi, bottom))]
    left = [pt for top, bottom, lo, _ in joined for pt in ((lo, top), (lo, bottom))]
    return _simplify(right + left[::-1])


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and points in the middle of a straight run."""
    out: list[Point] = []
    for pt in points:
        if not out or pt != out[-1]:
            out.append(pt)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    changed = True
    while changed and len(out) > 3:
        changed = False
        for i in range(len(out)):
            a, b, c = out[i - 1], out[i], out[(i + 1) % len(out)]
            if (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
                out.pop(i)
                changed = True
                break
    return out
