"""A child's family read from the record, and turned into the genogram and ecomap to draw.

The record holds relationships as pairs ("A is parent of B", "C is grandparent of B"); a genogram
needs a family tree. `load_family` reads the people and relationships around a child in two
statements (a recursive walk outwards, then the people). `genogram_of` (pure) builds the tree:
parent links become lines of descent, partners become partnership lines, and pair-wise facts that
the tree already shows (a grandparent who is a parent's parent, siblings who share a parent) are
not drawn twice. Where the record says two children are siblings but no shared parent is
recorded, a "parent not recorded" is drawn, as practitioners do by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.core.signals import setting_changed
from django.db import connection as database
from django.dispatch import receiver

from kith.core.plainsql import placeholders
from kith.people.codes import EmotionalTie, Gender, PartnershipStatus, RelationshipKind, Sex
from kith.people.diagrams.model import (
    Ecomap,
    EcoNode,
    EcoTie,
    GChildLink,
    Genogram,
    GPartnership,
    GPerson,
    GTie,
    GTwins,
)
from kith.people.family_rules import GenogramFacts, GenogramStatus, genogram_status, show_rough_date
from kith.people.models import Child, Connection, GenogramReview, Relationship
from kith.people.rules import age_on

# Kinds that make up the family tree; friends, neighbours and professionals belong on the ecomap.
FAMILY_KINDS = (
    RelationshipKind.PARENT,
    RelationshipKind.STEP_PARENT,
    RelationshipKind.FOSTER_CARER,
    RelationshipKind.SIBLING,
    RelationshipKind.HALF_SIBLING,
    RelationshipKind.STEP_SIBLING,
    RelationshipKind.GRANDPARENT,
    RelationshipKind.AUNT_UNCLE,
    RelationshipKind.COUSIN,
    RelationshipKind.PARTNER,
)
PARENT_KINDS = {RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.FOSTER_CARER}
SIBLING_KINDS = {RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING, RelationshipKind.STEP_SIBLING}
STEPS_OUT = 5  # child → parent → grandparent → aunt → cousin, and their partners
MOST_PEOPLE = 400

PERSON_FIELDS = (
    "id",
    "legal_given_name",
    "legal_family_name",
    "preferred_name",
    "sex",
    "gender",
    "date_of_birth",
    "date_of_birth_accuracy",
    "expected_date_of_birth",
    "date_of_death",
    "date_of_death_accuracy",
    "is_deceased",
)
RELATIONSHIP_FIELDS = (
    "id",
    "from_person_id",
    "to_person_id",
    "kind",
    "nature",
    "has_parental_responsibility",
    "is_trusted_adult",
    "starts_on",
    "starts_on_accuracy",
    "ends_on",
    "ends_on_accuracy",
    "partnership_status",
    "twin",
    "emotional_tie",
    "tie_direction",
    "version",
)


@dataclass(frozen=True)
class PersonFacts:
    id: int
    legal_given_name: str
    legal_family_name: str
    preferred_name: str
    sex: str
    gender: str
    date_of_birth: date | None
    date_of_birth_accuracy: str
    expected_date_of_birth: date | None
    date_of_death: date | None
    date_of_death_accuracy: str
    is_deceased: bool

    @property
    def name(self) -> str:
        return f"{self.preferred_name or self.legal_given_name} {self.legal_family_name}"

    @property
    def has_died(self) -> bool:
        return self.is_deceased or self.date_of_death is not None


@dataclass(frozen=True)
class RelationshipFacts:
    id: int
    from_person_id: int
    to_person_id: int
    kind: str
    nature: str
    has_parental_responsibility: bool
    is_trusted_adult: bool
    starts_on: date | None
    starts_on_accuracy: str
    ends_on: date | None
    ends_on_accuracy: str
    partnership_status: str
    twin: str
    emotional_tie: str
    tie_direction: str
    version: int


@dataclass
class FamilyRecords:
    """The people and relationships around one child, as plain values."""

    subject_id: int
    people: dict[int, PersonFacts]
    relationships: list[RelationshipFacts]
    household: set[int] = field(default_factory=set)


_PERSON_COLUMNS = ", ".join(PERSON_FIELDS)
_RELATIONSHIP_COLUMNS = ", ".join(f"r.{name}" for name in RELATIONSHIP_FIELDS)


# Everyone related to the person `start` within STEPS_OUT steps by the family's kinds, with the
# fewest steps to each (`walk` may meet a person at several depths: `reach` keeps the fewest). The
# walk stops a step early where the people found reach MOST_PEOPLE: it goes `steps` steps out.
# The relationships are those a step out from someone fewer than `steps` steps away, and the
# emotional ties between any two people found; each person comes with whether they live in the
# person's current household now. Each part joins from the few people found to the relationships,
# so that every one is read through an index (an OR of the two ends would read them all).
FAMILY_SQL = """WITH RECURSIVE walk(person_id, depth) AS (
  SELECT CAST(%(start)s AS bigint), 0
  UNION
  SELECT CASE WHEN r.from_person_id = w.person_id THEN r.to_person_id ELSE r.from_person_id END, w.depth + 1
  FROM walk w JOIN people_relationship r ON r.from_person_id = w.person_id OR r.to_person_id = w.person_id
  WHERE w.depth < %(steps)s AND r.kind IN ({kinds})
),
reach AS (SELECT person_id, MIN(depth) AS depth FROM walk GROUP BY person_id),
levels AS (SELECT depth, COUNT(*) AS n FROM reach GROUP BY depth),
steps AS (
  SELECT COALESCE(MIN(l.depth), %(steps)s) AS n FROM levels l
  WHERE (SELECT SUM(k.n) FROM levels k WHERE k.depth <= l.depth) >= %(most)s
),
inner_ AS (SELECT person_id FROM reach WHERE depth < (SELECT n FROM steps)),
found AS (SELECT person_id FROM reach WHERE depth <= (SELECT n FROM steps))
SELECT {columns} FROM inner_ i JOIN people_relationship r ON r.from_person_id = i.person_id WHERE r.kind IN ({kinds})
UNION
SELECT {columns} FROM inner_ i JOIN people_relationship r ON r.to_person_id = i.person_id WHERE r.kind IN ({kinds})
UNION
SELECT {columns} FROM found f JOIN people_relationship r ON r.from_person_id = f.person_id
  WHERE r.emotional_tie <> '' AND r.to_person_id IN (SELECT person_id FROM found)
ORDER BY 1"""
PEOPLE_SQL = """SELECT {columns}, id IN (SELECT m.person_id FROM people_householdmember m
    WHERE m.ends_on IS NULL AND m.household_id IN (SELECT h.household_id FROM people_householdmember h
      WHERE h.person_id = %s AND h.ends_on IS NULL))
FROM people_person WHERE id IN ({ids})"""


def load_family(child: Child) -> FamilyRecords:
    """Everyone related to the child within a few steps, with every relationship between them.

    Two statements of plain SQL over the columns the family needs (the relationships found by a
    recursive walk outwards, then the people with whether each lives in the child's household):
    building these small queries through the ORM cost several times what running them did."""
    return _load_family(child.person_id)


def _load_family(start: int) -> FamilyRecords:
    kinds = [str(kind) for kind in FAMILY_KINDS]
    kind_holes = ", ".join(f"%(kind{n})s" for n in range(len(kinds)))
    sql = FAMILY_SQL.format(columns=_RELATIONSHIP_COLUMNS, kinds=kind_holes)
    params: dict[str, int | str] = {"start": start, "steps": STEPS_OUT, "most": MOST_PEOPLE}
    params |= {f"kind{n}": kind for n, kind in enumerate(kinds)}
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        relationships = [RelationshipFacts(*row) for row in cursor.fetchall()]
        known = sorted({start} | {p for r in relationships for p in (r.from_person_id, r.to_person_id)})
        cursor.execute(PEOPLE_SQL.format(columns=_PERSON_COLUMNS, ids=placeholders(known)), [start, *known])
        rows = cursor.fetchall()
    return FamilyRecords(
        subject_id=start,
        people={row[0]: PersonFacts(*row[:-1]) for row in rows},
        relationships=relationships,
        household={row[0] for row in rows if row[-1]},
    )


# --- the genogram ----------------------------------------------------------------------------


def _sex_of(person: PersonFacts) -> str:
    if person.gender == Gender.BOY_OR_MAN:
        return "male"
    if person.gender == Gender.GIRL_OR_WOMAN:
        return "female"
    if person.gender in (Gender.NON_BINARY, Gender.OTHER):
        return "other"
    return {Sex.MALE: "male", Sex.FEMALE: "female"}.get(person.sex, "unknown")  # type: ignore[call-overload]


def _drawn_person(person: PersonFacts, *, subject_id: int, household: set[int], today: date) -> GPerson:
    unborn = person.date_of_birth is None and person.expected_date_of_birth is not None
    if unborn and person.expected_date_of_birth:
        born = f"due {person.expected_date_of_birth:%B %Y}"
    else:
        born = show_rough_date(person.date_of_birth, person.date_of_birth_accuracy, year_only=True)
    died = show_rough_date(person.date_of_death, person.date_of_death_accuracy, year_only=True)
    age = None
    if person.date_of_birth and not person.has_died and person.date_of_birth_accuracy == "exact":
        age = age_on(person.date_of_birth, today)
    return GPerson(
        id=person.id,
        name=person.name,
        sex=_sex_of(person),  # type: ignore[arg-type]
        born=born,
        birth_sort=person.date_of_birth or person.expected_date_of_birth,
        died=died if person.has_died else "",
        is_deceased=person.has_died,
        is_subject=person.id == subject_id,
        is_unborn=unborn,
        in_household=person.id in household,
        age=age,
    )


def _partnership(rel: RelationshipFacts) -> GPartnership:
    status = rel.partnership_status or (PartnershipStatus.SEPARATED if rel.ends_on else PartnershipStatus.COHABITING)
    drawn = "married" if status == PartnershipStatus.CIVIL_PARTNERS else status
    return GPartnership(
        id=f"rel-{rel.id}",
        a=rel.from_person_id,
        b=rel.to_person_id,
        status=drawn,  # type: ignore[arg-type]
        started=show_rough_date(rel.starts_on, rel.starts_on_accuracy, year_only=True),
        ended=show_rough_date(rel.ends_on, rel.ends_on_accuracy, year_only=True),
    )


def _descent(rel: RelationshipFacts) -> str:
    if rel.kind == RelationshipKind.STEP_PARENT:
        return "step"
    if rel.kind == RelationshipKind.FOSTER_CARER:
        return "fostered"
    return "adopted" if rel.nature in ("adoptive", "legal") else "biological"


class _Tree:
    """Parent links, with "parent not recorded" people added where the record implies one."""

    def __init__(self) -> None:
        self.parents: dict[int, set[int]] = defaultdict(set)
        self.links: list[GChildLink] = []
        self.unknown: list[GPerson] = []

    def link(self, link_id: str, parent: int, child: int, kind: str) -> None:
        self.parents[child].add(parent)
        self.links.append(GChildLink(id=link_id, child=child, parent=parent, kind=kind))  # type: ignore[arg-type]

    def of(self, person: int) -> set[int]:
        # .get, never [], so reading never adds a key while another loop walks the mapping.
        return self.parents.get(person, set())

    def share_parent(self, a: int, b: int) -> bool:
        return bool(self.of(a) & self.of(b))

    def siblings(self, person: int) -> set[int]:
        own = self.of(person)
        return {c for c, ps in self.parents.items() if ps & own and c != person}

    def add_unknown_parent(self, children: Iterable[int]) -> None:
        ident = -(len(self.unknown) + 1)
        self.unknown.append(GPerson(id=ident, name="Parent not recorded", sex="unknown"))
        for child in sorted(children):
            self.link(f"implied-{-ident}-{child}", ident, child, "biological")


def _explained(rel: RelationshipFacts, tree: _Tree) -> bool:
    """Whether the tree already shows a pair-wise relationship, so it is not drawn twice."""
    a, b = rel.from_person_id, rel.to_person_id
    if rel.kind in SIBLING_KINDS:
        return tree.share_parent(a, b)
    if rel.kind == RelationshipKind.GRANDPARENT:
        return any(a in tree.of(p) for p in tree.of(b))
    if rel.kind == RelationshipKind.AUNT_UNCLE:
        return any(a in tree.siblings(p) for p in tree.of(b))
    if rel.kind == RelationshipKind.COUSIN:
        return any(q in tree.siblings(p) for p in tree.of(b) for q in tree.of(a))
    return False


def _sibling_groups(rels: list[RelationshipFacts], tree: _Tree) -> list[set[int]]:
    """Siblings with no shared parent recorded, grouped so each group shares one unknown parent."""
    group_of: dict[int, set[int]] = {}
    for rel in rels:
        if rel.kind not in SIBLING_KINDS or _explained(rel, tree):
            continue
        a, b = rel.from_person_id, rel.to_person_id
        merged = group_of.get(a, {a}) | group_of.get(b, {b})
        for person in merged:
            group_of[person] = merged
    unique: dict[int, set[int]] = {min(g): g for g in group_of.values()}
    return [unique[k] for k in sorted(unique)]


@dataclass(frozen=True)
class GenogramBuild:
    genogram: Genogram
    not_drawn: tuple[RelationshipFacts, ...]  # pair-wise facts the tree cannot place yet


def genogram_of(family: FamilyRecords, *, today: date) -> GenogramBuild:
    """The family tree to draw from the record's pair-wise relationships."""
    tree = _Tree()
    rels = family.relationships
    for rel in rels:
        if rel.kind in PARENT_KINDS:
            tree.link(f"rel-{rel.id}", rel.from_person_id, rel.to_person_id, _descent(rel))
    for group in _sibling_groups(rels, tree):
        tree.add_unknown_parent(group)
    partnerships = tuple(_partnership(r) for r in rels if r.kind == RelationshipKind.PARTNER)
    not_drawn = tuple(
        r
        for r in rels
        if r.kind in (RelationshipKind.GRANDPARENT, RelationshipKind.AUNT_UNCLE, RelationshipKind.COUSIN)
        and not _explained(r, tree)
    )
    people = tuple(
        _drawn_person(p, subject_id=family.subject_id, household=family.household, today=today)
        for p in sorted(family.people.values(), key=lambda p: p.id)
    )
    genogram = Genogram(
        people=(*people, *tree.unknown),
        partnerships=partnerships,
        child_links=tuple(tree.links),
        twins=_twins(rels),
        ties=tuple(_tie(r) for r in rels if r.emotional_tie),
        subject_id=family.subject_id,
    )
    return GenogramBuild(genogram=genogram, not_drawn=not_drawn)


def _twins(rels: list[RelationshipFacts]) -> tuple[GTwins, ...]:
    groups: dict[int, set[int]] = {}
    identical: dict[int, bool] = {}
    ids: dict[int, int] = {}
    for rel in rels:
        if not rel.twin:
            continue
        a, b = rel.from_person_id, rel.to_person_id
        merged = groups.get(a, {a}) | groups.get(b, {b})
        is_identical = rel.twin == "identical" and identical.get(a, True) and identical.get(b, True)
        first = min(ids.get(a, rel.id), ids.get(b, rel.id), rel.id)
        for person in merged:
            groups[person], identical[person], ids[person] = merged, is_identical, first
    seen: dict[int, GTwins] = {}
    for person, members in groups.items():
        seen.setdefault(
            ids[person], GTwins(id=f"twins-{ids[person]}", members=tuple(sorted(members)), identical=identical[person])
        )
    return tuple(seen[k] for k in sorted(seen))


def _tie(rel: RelationshipFacts) -> GTie:
    direction = {"from_to": "a_to_b", "to_from": "b_to_a"}.get(rel.tie_direction, "both")
    return GTie(
        id=f"tie-{rel.id}",
        a=rel.from_person_id,
        b=rel.to_person_id,
        quality=EmotionalTie(rel.emotional_tie).value,  # type: ignore[arg-type]
        direction=direction,  # type: ignore[arg-type]
    )


# --- the minimum ------------------------------------------------------------------------------


def genogram_facts(
    family: FamilyRecords, build: GenogramBuild, review: GenogramReview | _ReviewFacts | None
) -> GenogramFacts:
    """Reduce the family to the facts the "every child has a genogram" minimum looks at."""
    parents_of: dict[int, set[int]] = defaultdict(set)
    for link in build.genogram.child_links:
        if link.kind == "biological":
            parents_of[link.child].add(link.parent)
    subject = family.subject_id
    people = family.people
    parents = [p for p in parents_of[subject] if p in people]
    mothers = [p for p in parents if _sex_of(people[p]) == "female"]
    fathers = [p for p in parents if _sex_of(people[p]) == "male"]

    def has_family(person_ids: list[int]) -> bool:
        for person in person_ids:
            own_parents = parents_of[person]
            if own_parents or any(person != c and parents_of[c] & own_parents for c in parents_of):
                return True
        return False

    siblings = any(subject != c and parents_of[c] & parents_of[subject] for c in parents_of) or any(
        r.kind in SIBLING_KINDS and subject in (r.from_person_id, r.to_person_id) for r in family.relationships
    )
    return GenogramFacts(
        mother_recorded=bool(mothers),
        father_recorded=bool(fathers),
        mothers_family_recorded=has_family(mothers),
        fathers_family_recorded=has_family(fathers),
        siblings_recorded=siblings,
        household_recorded=len(family.household) > 0,
        last_reviewed_on=review.reviewed_on if review else None,
        mothers_side_explored=bool(review and review.mothers_side_explored),
        fathers_side_explored=bool(review and review.fathers_side_explored),
        no_siblings=bool(review and review.no_siblings),
    )


# --- the ecomap --------------------------------------------------------------------------------


def ecomap_of(child: Child, connections: Iterable[Connection], trusted: Iterable[Relationship] = ()) -> Ecomap:
    """The child at the centre and the people, groups and agencies around them; the adults the
    child trusts are drawn from their relationships, as strong ties of support."""
    nodes: list[EcoNode] = []
    ties: list[EcoTie] = []
    for rel in trusted:
        node_id = f"trusted-{rel.pk}"
        detail = f"Trusted adult ({rel.get_kind_display().lower()})"
        nodes.append(EcoNode(id=node_id, label=str(rel.from_person), kind="person", detail=detail))
        ties.append(EcoTie(id=f"trusted-tie-{rel.pk}", node=node_id, strength="strong", flow="to_centre"))
    for connection in connections:
        node_id = f"connection-{connection.pk}"
        nodes.append(
            EcoNode(id=node_id, label=connection.name, kind=connection.kind, detail=connection.detail)  # type: ignore[arg-type]
        )
        ties.append(
            EcoTie(
                id=f"tie-{connection.pk}",
                node=node_id,
                strength=connection.strength,  # type: ignore[arg-type]
                flow=connection.support_flow,  # type: ignore[arg-type]
            )
        )
    return Ecomap(
        centre_label=child.person.known_as + " " + child.person.legal_family_name, nodes=tuple(nodes), ties=tuple(ties)
    )


@dataclass(frozen=True)
class _ReviewFacts:
    """What `genogram_facts` reads of the latest genogram review."""

    reviewed_on: date
    mothers_side_explored: bool
    fathers_side_explored: bool
    no_siblings: bool


def _latest_review(child_id: int) -> _ReviewFacts | None:
    with database.cursor() as cursor:
        cursor.execute(
            """SELECT reviewed_on, mothers_side_explored, fathers_side_explored, no_siblings
                 FROM people_genogramreview WHERE child_id = %s ORDER BY reviewed_on DESC, id DESC LIMIT 1""",
            [child_id],
        )
        row = cursor.fetchone()
    return _ReviewFacts(*row) if row else None


# Every write that can change what the genogram status reads (the people and relationships
# around a child, the child's genogram reviews) is audited as one of these kinds of change
# (kith.people.actions, kith.people.family_actions; households are written only by the synthetic
# borough's generator, before anyone signs in). The newest of those events is the families'
# version: statuses are kept under it, and any such write anywhere has them worked out again.
# Migration 0006 indexes exactly these events, so reading the version is one index probe.
FAMILY_WRITES = ("child", "person", "relationship", "trusted_adult", "genogram_review")
FAMILY_WRITE_ACTIONS = ("create", "update")
FAMILY_WRITES_WHERE = (
    f"object_type IN ({', '.join(repr(kind) for kind in FAMILY_WRITES)}) "
    f"AND action IN ({', '.join(repr(action) for action in FAMILY_WRITE_ACTIONS)})"
)
STATUSES_KEPT = 2048


def families_version() -> int:
    with database.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM core_auditevent WHERE {FAMILY_WRITES_WHERE}")  # noqa: S608 - constants
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


@lru_cache(maxsize=STATUSES_KEPT)
def _status_of(database_name: str, child_id: int, person_id: int, version: int, today: date) -> GenogramStatus:
    family = _load_family(person_id)
    facts = genogram_facts(family, genogram_of(family, today=today), _latest_review(child_id))
    return genogram_status(facts, today=today)


def genogram_status_for(child: Child, *, today: date, version: int | None = None) -> GenogramStatus:
    """Whether the child's genogram meets the minimum and when it was last reviewed.

    Kept for each child and day under the families' version, read first (one index probe; the
    record passes the one it read with its own version): an unchanged family is neither read nor
    laid out again on every load of the record, and any change to a family gives a new version. A
    write committed after the version was read and before the family was gives a status newer
    than its key, never older."""
    current = families_version() if version is None else version
    return _status_of(database.settings_dict["NAME"], child.pk, child.person_id, current, today)


def forget_kept_statuses() -> None:
    """For tests, whose rolled-back ids are used again and whose factories write unaudited."""
    _status_of.cache_clear()


@receiver(setting_changed)
def _forget_kept_statuses(**kwargs: object) -> None:
    """Settings only change in tests, which then start afresh (see kith.journey.records)."""
    forget_kept_statuses()
