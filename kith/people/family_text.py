"""The genogram in words: the same facts as the drawing, as a list of people and a list of
relationships, for screen readers, for keyboard users and for anyone who prefers words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kith.people.codes import RelationshipKind
from kith.people.diagrams.model import Genogram, GPerson
from kith.people.family import FamilyRecords
from kith.people.rules import age_on

ADULT_AGE = 18

DESCENT_WORDS = {
    "biological": "birth parent",
    "adopted": "adoptive parent",
    "step": "step-parent",
    "fostered": "foster carer",
}
STATUS_WORDS = {
    "married": "married",
    "cohabiting": "living together",
    "dating": "in a relationship",
    "separated": "separated",
    "divorced": "divorced",
}
TIE_WORDS = {
    "close": "close",
    "distant": "distant",
    "conflicted": "in conflict",
    "hostile": "hostile",
    "cut_off": "cut off from each other",
}
SEX_WORDS = {"male": "male", "female": "female", "other": "other gender", "unknown": "sex not known"}


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    to_child: str
    facts: str
    in_household: bool
    is_trusted_adult: bool
    is_recorded: bool  # False for a "parent not recorded" the drawing adds
    is_adult: bool  # 18 or over, or age not known: only adults are marked as trusted adults


@dataclass(frozen=True)
class RelationshipRow:
    key: str
    text: str
    relationship_id: int | None  # the record's relationship, where one can be changed


def _facts(person: GPerson) -> str:
    parts = [SEX_WORDS[person.sex]]
    if person.is_unborn:
        parts.append(f"unborn, {person.born}" if person.born else "unborn")
    elif person.born:
        parts.append(f"born {person.born}")
    if person.age is not None:
        parts.append(f"aged {person.age}")
    if person.is_deceased:
        parts.append(f"died {person.died}" if person.died else "has died")
    return ", ".join(parts)


def _is_adult(family: FamilyRecords, person_id: int, today: date) -> bool:
    facts = family.people.get(person_id)
    if facts is None or facts.date_of_birth is None:
        return facts is not None and facts.expected_date_of_birth is None
    return age_on(facts.date_of_birth, today) >= ADULT_AGE


def describe_people(g: Genogram, family: FamilyRecords, *, trusted: set[int], today: date) -> list[PersonRow]:
    """One row per person drawn, the child first, with what they are to the child."""
    to_child: dict[int, str] = {}
    for rel in family.relationships:
        if rel.to_person_id == family.subject_id and rel.from_person_id not in to_child:
            to_child[rel.from_person_id] = RelationshipKind(rel.kind).label
        elif rel.from_person_id == family.subject_id and rel.kind in (
            RelationshipKind.SIBLING,
            RelationshipKind.HALF_SIBLING,
            RelationshipKind.STEP_SIBLING,
        ):
            to_child.setdefault(rel.to_person_id, RelationshipKind(rel.kind).label)
    rows = [
        PersonRow(
            id=p.id,
            name=p.name,
            to_child="The child" if p.is_subject else to_child.get(p.id, ""),
            facts=_facts(p),
            in_household=p.in_household,
            is_trusted_adult=p.id in trusted,
            is_recorded=p.id > 0,
            is_adult=p.id != family.subject_id and _is_adult(family, p.id, today),
        )
        for p in g.people
    ]
    return sorted(rows, key=lambda r: (r.to_child != "The child", not r.is_recorded, r.name, r.id))


def _record_id(key: str) -> int | None:
    prefix, _, number = key.partition("-")
    return int(number) if prefix in ("rel", "tie") and number.isdigit() else None


def describe_relationships(g: Genogram, family: FamilyRecords) -> list[RelationshipRow]:
    """Every line on the drawing, in words, in the order partnerships, children, twins, ties."""
    name = {p.id: p.name for p in g.people}
    rows: list[RelationshipRow] = []
    for p in g.partnerships:
        when = f" since {p.started}" if p.started else ""
        ended = f", until {p.ended}" if p.ended else ""
        rows.append(
            RelationshipRow(
                p.id, f"{name[p.a]} and {name[p.b]}: {STATUS_WORDS[p.status]}{when}{ended}", _record_id(p.id)
            )
        )
    for link in sorted(g.child_links, key=lambda c: (c.child, c.parent)):
        words = DESCENT_WORDS[link.kind]
        rows.append(
            RelationshipRow(link.id, f"{name[link.parent]} is the {words} of {name[link.child]}", _record_id(link.id))
        )
    for twins in g.twins:
        names = " and ".join(name[m] for m in twins.members)
        rows.append(RelationshipRow(twins.id, f"{names} are {'identical ' if twins.identical else ''}twins", None))
    for tie in g.ties:
        if tie.quality == "abusive":
            harmer, harmed = (tie.b, tie.a) if tie.direction == "b_to_a" else (tie.a, tie.b)
            text = f"{name[harmer]} is abusive towards {name[harmed]}"
            if tie.direction == "both":
                text = f"{name[tie.a]} and {name[tie.b]} are abusive towards each other"
        else:
            text = f"{name[tie.a]} and {name[tie.b]} are {TIE_WORDS[tie.quality]}"
        rows.append(RelationshipRow(tie.id, text, _record_id(tie.id)))
    return rows
