"""Turning the record's pair-wise relationships into the family tree the genogram draws."""

from __future__ import annotations

from datetime import date
from itertools import count

from kith.people.family import FamilyRecords, PersonFacts, RelationshipFacts, genogram_facts, genogram_of

TODAY = date(2026, 11, 23)
_ids = count(1)


def person(pid: int, given: str, sex: str = "0", born: date | None = None, **extra: object) -> PersonFacts:
    fields: dict[str, object] = {
        "id": pid,
        "legal_given_name": given,
        "legal_family_name": "Green",
        "preferred_name": "",
        "sex": sex,
        "gender": "not_known",
        "date_of_birth": born,
        "date_of_birth_accuracy": "exact",
        "expected_date_of_birth": None,
        "date_of_death": None,
        "date_of_death_accuracy": "exact",
        "is_deceased": False,
        **extra,
    }
    return PersonFacts(**fields)  # type: ignore[arg-type]


def rel(a: int, b: int, kind: str, **extra: object) -> RelationshipFacts:
    fields: dict[str, object] = {
        "id": next(_ids),
        "from_person_id": a,
        "to_person_id": b,
        "kind": kind,
        "nature": "biological",
        "has_parental_responsibility": False,
        "is_trusted_adult": False,
        "starts_on": None,
        "starts_on_accuracy": "exact",
        "ends_on": None,
        "ends_on_accuracy": "exact",
        "partnership_status": "",
        "twin": "",
        "emotional_tie": "",
        "tie_direction": "both",
        "version": 1,
        **extra,
    }
    return RelationshipFacts(**fields)  # type: ignore[arg-type]


CHILD, MUM, DAD, NAN, SISTER, AUNT = 1, 2, 3, 4, 5, 6


def family(
    people: list[PersonFacts], rels: list[RelationshipFacts], household: set[int] | None = None
) -> FamilyRecords:
    return FamilyRecords(
        subject_id=CHILD, people={p.id: p for p in people}, relationships=rels, household=household or set()
    )


def nuclear(*more_people: PersonFacts, more: tuple[RelationshipFacts, ...] = ()) -> FamilyRecords:
    people = [
        person(CHILD, "Ava", "2", date(2015, 3, 27)),
        person(MUM, "Rose", "2", date(1990, 1, 1)),
        person(DAD, "Tom", "1", date(1988, 1, 1)),
        *more_people,
    ]
    rels = [
        rel(MUM, CHILD, "parent"),
        rel(DAD, CHILD, "parent"),
        rel(MUM, DAD, "partner", partnership_status="married"),
        *more,
    ]
    return family(people, list(rels), household={CHILD, MUM, DAD})


def test_parents_become_lines_of_descent_and_partners_a_partnership() -> None:
    g = genogram_of(nuclear(), today=TODAY).genogram
    assert {(link.parent, link.child, link.kind) for link in g.child_links} == {
        (MUM, CHILD, "biological"),
        (DAD, CHILD, "biological"),
    }
    assert [(p.a, p.b, p.status) for p in g.partnerships] == [(MUM, DAD, "married")]
    subject = next(p for p in g.people if p.id == CHILD)
    assert subject.is_subject and subject.in_household and subject.sex == "female" and subject.age == 11


def test_step_adoptive_and_foster_parents_are_drawn_as_such() -> None:
    step, adoptive, foster = person(7, "Sam", "1"), person(8, "Pat", "2"), person(9, "Lee", "1")
    g = genogram_of(
        nuclear(
            step,
            adoptive,
            foster,
            more=(
                rel(7, CHILD, "step_parent", nature="social"),
                rel(8, CHILD, "parent", nature="adoptive"),
                rel(9, CHILD, "foster_carer", nature="social"),
            ),
        ),
        today=TODAY,
    ).genogram
    kinds = {link.parent: link.kind for link in g.child_links}
    assert kinds[7] == "step" and kinds[8] == "adopted" and kinds[9] == "fostered"


def test_a_grandparent_already_shown_through_a_parent_is_not_drawn_twice() -> None:
    nan = person(NAN, "Iris", "2", date(1960, 1, 1))
    build = genogram_of(nuclear(nan, more=(rel(NAN, MUM, "parent"), rel(NAN, CHILD, "grandparent"))), today=TODAY)
    assert not build.not_drawn
    assert {(link.parent, link.child) for link in build.genogram.child_links} >= {(NAN, MUM)}


def test_a_grandparent_with_no_parent_between_them_is_listed_as_not_placed() -> None:
    nan = person(NAN, "Iris", "2")
    build = genogram_of(nuclear(nan, more=(rel(NAN, CHILD, "grandparent"),)), today=TODAY)
    assert [(r.from_person_id, r.kind) for r in build.not_drawn] == [(NAN, "grandparent")]


def test_siblings_who_share_a_parent_need_nothing_more() -> None:
    sister = person(SISTER, "Isla", "2", date(2017, 1, 1))
    build = genogram_of(nuclear(sister, more=(rel(MUM, SISTER, "parent"), rel(CHILD, SISTER, "sibling"))), today=TODAY)
    assert all(p.id > 0 for p in build.genogram.people)


def test_siblings_with_no_shared_parent_recorded_hang_from_a_parent_not_recorded() -> None:
    people = [person(CHILD, "Ava", "2"), person(SISTER, "Isla", "2"), person(10, "Finn", "1")]
    rels = [rel(CHILD, SISTER, "sibling"), rel(SISTER, 10, "half_sibling")]
    g = genogram_of(family(people, rels), today=TODAY).genogram
    unknown = [p for p in g.people if p.id < 0]
    assert len(unknown) == 1 and unknown[0].name == "Parent not recorded"
    assert {link.child for link in g.child_links if link.parent == unknown[0].id} == {CHILD, SISTER, 10}


def test_an_aunt_recorded_as_mums_sister_is_placed_beside_mum() -> None:
    aunt = person(AUNT, "June", "2")
    build = genogram_of(nuclear(aunt, more=(rel(AUNT, MUM, "sibling"), rel(AUNT, CHILD, "aunt_uncle"))), today=TODAY)
    g = build.genogram
    unknown = next(p for p in g.people if p.id < 0)
    assert {link.child for link in g.child_links if link.parent == unknown.id} == {MUM, AUNT}
    assert not build.not_drawn


def test_twins_and_identical_twins_are_grouped() -> None:
    people = [person(CHILD, "Ava", "2"), person(SISTER, "Isla", "2"), person(10, "Finn", "1"), person(11, "Gus", "1")]
    rels = [
        rel(MUM, CHILD, "parent"),
        rel(MUM, SISTER, "parent"),
        rel(MUM, 10, "parent"),
        rel(MUM, 11, "parent"),
        rel(CHILD, SISTER, "sibling", twin="identical"),
        rel(10, 11, "sibling", twin="twin"),
    ]
    g = genogram_of(family([person(MUM, "Rose", "2"), *people], rels), today=TODAY).genogram
    assert {(t.members, t.identical) for t in g.twins} == {((CHILD, SISTER), True), ((10, 11), False)}


def test_emotional_ties_keep_their_direction() -> None:
    g = genogram_of(
        nuclear(more=(rel(DAD, MUM, "other", emotional_tie="abusive", tie_direction="from_to"),)), today=TODAY
    ).genogram
    assert [(t.a, t.b, t.quality, t.direction) for t in g.ties] == [(DAD, MUM, "abusive", "a_to_b")]


def test_partnership_status_defaults_follow_the_dates() -> None:
    more = (
        rel(MUM, 7, "partner", ends_on=date(2019, 1, 1), ends_on_accuracy="year"),
        rel(DAD, 8, "partner", partnership_status="civil_partners"),
    )
    g = genogram_of(nuclear(person(7, "Jo", "1"), person(8, "Al", "1"), more=more), today=TODAY).genogram
    statuses = {(p.a, p.b): (p.status, p.ended) for p in g.partnerships}
    assert statuses[(MUM, 7)] == ("separated", "2019")
    assert statuses[(DAD, 8)] == ("married", "")


def test_unborn_and_deceased_people_are_marked() -> None:
    unborn = person(12, "Unborn", expected_date_of_birth=date(2027, 2, 1))
    grandad = person(13, "Len", "1", date(1950, 1, 1), date_of_birth_accuracy="about", is_deceased=True)
    g = genogram_of(
        nuclear(unborn, grandad, more=(rel(MUM, 12, "parent"), rel(13, DAD, "parent"))), today=TODAY
    ).genogram
    drawn = {p.id: p for p in g.people}
    assert drawn[12].is_unborn and drawn[12].born == "due February 2027"
    assert drawn[13].is_deceased and drawn[13].born == "about 1950" and drawn[13].age is None


def test_the_minimum_sees_both_sides_siblings_and_household() -> None:
    nan, aunt, sister = person(NAN, "Iris", "2"), person(AUNT, "June", "2"), person(SISTER, "Isla", "2")
    records = nuclear(
        nan, aunt, sister, more=(rel(NAN, MUM, "parent"), rel(AUNT, DAD, "sibling"), rel(MUM, SISTER, "parent"))
    )
    facts = genogram_facts(records, genogram_of(records, today=TODAY), None)
    assert facts.mother_recorded and facts.father_recorded
    assert facts.mothers_family_recorded and facts.fathers_family_recorded
    assert facts.siblings_recorded and facts.household_recorded
    bare = nuclear()
    facts = genogram_facts(bare, genogram_of(bare, today=TODAY), None)
    assert not facts.mothers_family_recorded and not facts.siblings_recorded


def test_an_aunt_whose_parents_are_not_recorded_does_not_upset_the_build() -> None:
    """Reading the tree must never add to it while it is being walked."""
    aunt, cousin = person(AUNT, "June", "2"), person(20, "Kit", "1")
    records = nuclear(
        aunt,
        cousin,
        more=(
            rel(AUNT, CHILD, "aunt_uncle"),
            rel(AUNT, 20, "parent"),
            rel(20, CHILD, "cousin"),
            rel(AUNT, MUM, "sibling"),
        ),
    )
    build = genogram_of(records, today=TODAY)
    assert not build.not_drawn
