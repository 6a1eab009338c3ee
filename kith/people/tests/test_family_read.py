"""`load_family` reads the family in two statements (a recursive walk, then the people): it gives
exactly what a step-by-step walk through the ORM gives, as far out as STEPS_OUT, stopping a step
early where MOST_PEOPLE is reached, with the emotional ties between those found and the household."""

from __future__ import annotations

import importlib
import random
from datetime import date

import pytest

from kith.core.models import User
from kith.people import family as family_module
from kith.people.actions import do_add_relationship, do_create_person
from kith.people.codes import EmotionalTie, RelationshipKind
from kith.people.family import FAMILY_KINDS, FamilyRecords, load_family
from kith.people.family_actions import do_record_genogram_review
from kith.people.models import Child, Household, HouseholdMember, Person, Relationship

pytestmark = pytest.mark.django_db


def _walk_by_steps(child: Child) -> tuple[set[int], set[int], set[int]]:
    """The reference: one ORM query a step out, as the genogram was read before (people,
    relationships, household)."""
    known, frontier, found = {child.person_id}, {child.person_id}, set()
    kinds = [str(kind) for kind in FAMILY_KINDS]
    for _ in range(family_module.STEPS_OUT):
        if not frontier or len(known) >= family_module.MOST_PEOPLE:
            break
        new: set[int] = set()
        for rel in Relationship.objects.filter(kind__in=kinds).filter(
            from_person_id__in=frontier
        ) | Relationship.objects.filter(kind__in=kinds, to_person_id__in=frontier):
            found.add(rel.pk)
            new |= {rel.from_person_id, rel.to_person_id}
        frontier = new - known
        known |= new
    ties = Relationship.objects.filter(from_person_id__in=known, to_person_id__in=known).exclude(emotional_tie="")
    found |= set(ties.values_list("pk", flat=True))
    homes = HouseholdMember.objects.filter(person_id=child.person_id, ends_on__isnull=True).values("household_id")
    household = set(
        HouseholdMember.objects.filter(household_id__in=homes, ends_on__isnull=True).values_list("person_id", flat=True)
    )
    return known, found, household


def _read(family: FamilyRecords) -> tuple[set[int], set[int], set[int]]:
    return set(family.people), {r.id for r in family.relationships}, family.household


def _person(name: str, alice: User) -> Person:
    return do_create_person(person_fields={"legal_given_name": name, "legal_family_name": "Line"}, by=alice)


def _random_family(child: Child, alice: User, seed: int, size: int) -> None:
    """A tangle of relatives, some far beyond STEPS_OUT, some ties, friends (not family) and a
    household with someone unrelated in it."""
    rng = random.Random(seed)
    people = [child.person] + [_person(f"P{seed}-{n}", alice) for n in range(size)]
    kinds = [RelationshipKind.SIBLING, RelationshipKind.COUSIN, RelationshipKind.AUNT_UNCLE, RelationshipKind.PARTNER]
    for n in range(1, len(people)):  # a long line, so the walk must stop at STEPS_OUT
        do_add_relationship(
            from_person=people[n - 1], to_person=people[n], kind=rng.choice(kinds), nature="social", by=alice
        )
    for _ in range(size // 2):
        a, b = rng.sample(people, 2)
        kind = rng.choice([*kinds, RelationshipKind.FRIEND])
        rel = do_add_relationship(from_person=a, to_person=b, kind=kind, nature="social", by=alice)
        if rng.random() < 0.4:
            Relationship.objects.filter(pk=rel.pk).update(emotional_tie=rng.choice(list(EmotionalTie)))
    home = Household.objects.create(name="Home")
    for person in [child.person, people[-1], _person("Lodger", alice)]:
        HouseholdMember.objects.create(household=home, person=person, starts_on=date(2020, 1, 1))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_walk_equals_a_step_by_step_read(seed: int, alice: User, jayden: Child) -> None:
    _random_family(jayden, alice, seed, size=14)
    known, found, household = _walk_by_steps(jayden)
    people, relationships, home = _read(load_family(jayden))
    assert (people, relationships) == (known, found)
    assert home == household & known  # the lodger is in no relationship: not drawn, not counted
    assert len(known) < Person.objects.count()  # some relatives lie beyond STEPS_OUT


@pytest.mark.parametrize("most", [2, 4, 7])
def test_the_walk_stops_a_step_early_where_most_people_are_found(
    most: int, alice: User, jayden: Child, monkeypatch: pytest.MonkeyPatch
) -> None:
    _random_family(jayden, alice, 7, size=14)
    monkeypatch.setattr(family_module, "MOST_PEOPLE", most)
    known, found, _ = _walk_by_steps(jayden)
    people, relationships, _ = _read(load_family(jayden))
    assert (people, relationships) == (known, found)


def test_a_child_with_no_family_is_alone(alice: User, jayden: Child) -> None:
    Relationship.objects.all().delete()
    family = load_family(jayden)
    assert set(family.people) == {jayden.person_id} and not family.relationships and not family.household


def test_the_families_version_is_what_the_index_covers() -> None:
    migration = importlib.import_module("kith.people.migrations.0006_family_writes_index")
    assert migration.WHERE == family_module.FAMILY_WRITES_WHERE


def test_each_change_to_a_family_gives_a_new_version_and_a_fresh_status(alice: User, jayden: Child) -> None:
    today = date(2026, 11, 1)
    before = family_module.families_version()
    status = family_module.genogram_status_for(jayden, today=today)
    assert family_module.families_version() == before  # reading changes nothing
    gran = _person("Gran", alice)
    assert family_module.families_version() > before
    mum = Relationship.objects.get(to_person=jayden.person, kind="parent").from_person
    do_add_relationship(from_person=gran, to_person=mum, kind="parent", nature="biological", by=alice)
    changed = family_module.genogram_status_for(jayden, today=today)
    family_module.forget_kept_statuses()
    assert changed == family_module.genogram_status_for(jayden, today=today)  # as worked out afresh
    do_record_genogram_review(
        child=jayden, reviewed_on=today, mothers_side_explored=True, fathers_side_explored=False,
        no_siblings=True, note="", by=alice,
    )  # fmt: skip
    reviewed = family_module.genogram_status_for(jayden, today=today)
    assert reviewed.last_reviewed_on == today and status.last_reviewed_on is None
