"""Writes about the family: each refused case leaves nothing half-saved, and each change is audited."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.models import AuditEvent, User
from kith.people.family_actions import (
    CHILD,
    PARENT,
    PARTNER,
    EditConflict,
    NeedsConfirmation,
    NewTie,
    RelationshipRefused,
    do_add_relative,
    do_change_relationship,
    do_mark_trusted_adult,
    do_record_genogram_review,
)
from kith.people.models import Child, Person, Relationship

pytestmark = pytest.mark.django_db


def new(given: str, born: date | None = None, sex: str = "2") -> dict[str, object]:
    return {"legal_given_name": given, "legal_family_name": "Smith", "date_of_birth": born, "sex": sex}


def mum_of(child: Child) -> Person:
    return Relationship.objects.get(to_person=child.person, kind="parent").from_person


def test_alice_adds_a_grandmother_beside_mum_and_it_is_audited(jayden: Child, alice: User) -> None:
    mum = mum_of(jayden)
    relationship = do_add_relative(
        child=jayden,
        anchor=mum,
        tie=NewTie(relation=PARENT),
        person_fields=new("Iris", date(1962, 1, 1)),
        by=alice,
    )
    assert relationship.kind == "parent" and relationship.to_person == mum
    assert relationship.from_person.legal_given_name == "Iris"
    events = AuditEvent.objects.filter(child_id=jayden.pk, object_type__in=["person", "relationship"])
    assert {e.object_type for e in events} == {"person", "relationship"}


def test_a_person_cannot_become_their_own_ancestor(jayden: Child, alice: User) -> None:
    mum = mum_of(jayden)
    before = Person.objects.count()
    with pytest.raises(RelationshipRefused, match="ancestors"):
        # Jayden as Chloé's parent: Chloé is already Jayden's parent.
        do_add_relative(child=jayden, anchor=mum, tie=NewTie(relation=PARENT), person=jayden.person, by=alice)
    assert Person.objects.count() == before


def test_a_parent_too_young_asks_for_confirmation_and_saves_nothing_until_confirmed(jayden: Child, alice: User) -> None:
    persons, relationships = Person.objects.count(), Relationship.objects.count()
    tie = NewTie(relation=PARENT)
    with pytest.raises(NeedsConfirmation, match="younger than 12"):
        do_add_relative(
            child=jayden, anchor=jayden.person, tie=tie, person_fields=new("Kay", date(2006, 1, 1)), by=alice
        )
    assert (Person.objects.count(), Relationship.objects.count()) == (persons, relationships)
    do_add_relative(
        child=jayden,
        anchor=jayden.person,
        tie=tie,
        person_fields=new("Kay", date(2006, 1, 1)),
        confirmed=True,
        by=alice,
    )
    assert Relationship.objects.count() == relationships + 1


def test_a_parent_born_after_the_child_asks_for_confirmation(jayden: Child, alice: User) -> None:
    with pytest.raises(NeedsConfirmation, match="born on or after"):
        do_add_relative(
            child=jayden,
            anchor=jayden.person,
            tie=NewTie(relation=PARENT),
            person_fields=new("Lu", date(2016, 1, 1)),
            by=alice,
        )


def test_a_duplicate_partnership_is_refused(jayden: Child, alice: User) -> None:
    mum = mum_of(jayden)
    partner = do_add_relative(
        child=jayden,
        anchor=mum,
        tie=NewTie(relation=PARTNER, partnership_status="married"),
        person_fields=new("Tom", date(1988, 1, 1), "1"),
        by=alice,
    ).to_person
    with pytest.raises(RelationshipRefused, match="already have a partnership"):
        do_add_relative(child=jayden, anchor=partner, tie=NewTie(relation=PARTNER), person=mum, by=alice)


def test_a_relationship_with_oneself_is_refused(jayden: Child, alice: User) -> None:
    mum = mum_of(jayden)
    with pytest.raises(RelationshipRefused, match="themselves"):
        do_add_relative(child=jayden, anchor=mum, tie=NewTie(relation=PARTNER), person=mum, by=alice)


def test_a_child_is_added_below_a_parent(jayden: Child, alice: User) -> None:
    mum = mum_of(jayden)
    relationship = do_add_relative(
        child=jayden,
        anchor=mum,
        tie=NewTie(relation=CHILD, descent="adopted"),
        person_fields=new("Poppy", date(2019, 6, 1)),
        by=alice,
    )
    assert (relationship.from_person, relationship.kind, relationship.nature) == (mum, "parent", "adoptive")


def test_two_people_changing_one_relationship_cannot_both_win(jayden: Child, alice: User, bob: User) -> None:
    relationship = Relationship.objects.get(to_person=jayden.person, kind="parent")
    do_change_relationship(
        relationship=relationship, changes={"emotional_tie": "close"}, expected_version=1, child=jayden, by=alice
    )
    with pytest.raises(EditConflict):
        do_change_relationship(
            relationship=relationship, changes={"emotional_tie": "distant"}, expected_version=1, child=jayden, by=bob
        )
    relationship.refresh_from_db()
    assert relationship.emotional_tie == "close" and relationship.version == 2


def test_marking_a_trusted_adult_records_it_on_their_relationship(jayden: Child, alice: User) -> None:
    mum = mum_of(jayden)
    relationship = do_mark_trusted_adult(child=jayden, person=mum, is_trusted=True, by=alice)
    assert relationship.is_trusted_adult
    coach = Person.objects.create(legal_given_name="Coach", legal_family_name="Reid", updated_at=jayden.created_at)
    made = do_mark_trusted_adult(child=jayden, person=coach, is_trusted=True, by=alice)
    assert (made.kind, made.is_trusted_adult) == ("other", True)
    assert AuditEvent.objects.filter(child_id=jayden.pk, object_type="trusted_adult").count() == 2


def test_a_genogram_review_is_recorded(jayden: Child, alice: User) -> None:
    review = do_record_genogram_review(
        child=jayden,
        reviewed_on=date(2026, 11, 1),
        mothers_side_explored=True,
        fathers_side_explored=False,
        no_siblings=True,
        note="With mum at home.",
        by=alice,
    )
    assert jayden.genogram_reviews.first() == review


def test_a_brother_or_sister_shares_the_birth_parents(jayden: Child, alice: User) -> None:
    from kith.people.family_actions import SIBLING

    relationship = do_add_relative(
        child=jayden,
        anchor=jayden.person,
        tie=NewTie(relation=SIBLING),
        person_fields=new("Ella", date(2017, 1, 1)),
        by=alice,
    )
    sister = relationship.to_person
    assert Relationship.objects.filter(from_person=mum_of(jayden), to_person=sister, kind="parent").exists()


def test_the_genogram_status_on_the_record_follows_every_change_to_the_family(jayden: Child, alice: User) -> None:
    """The status is kept keyed on the family as read, so a change shows on the next load."""
    from kith.people.family import genogram_status_for
    from kith.people.family_actions import SIBLING

    def met(item: str) -> bool:
        status = genogram_status_for(jayden, today=today)
        return next(check.is_met for check in status.checks if check.item == item)

    today = date(2026, 11, 23)
    assert not met("Brothers and sisters recorded")
    assert not met("Brothers and sisters recorded")  # read again, kept: the same answer
    do_add_relative(
        child=jayden,
        anchor=jayden.person,
        tie=NewTie(relation=SIBLING),
        person_fields=new("Kim", date(2014, 1, 1)),
        by=alice,
    )
    assert met("Brothers and sisters recorded")
    assert not met("Mother's side of the family explored")
    assert genogram_status_for(jayden, today=today).last_reviewed_on is None
    do_record_genogram_review(
        child=jayden,
        reviewed_on=today,
        mothers_side_explored=True,
        fathers_side_explored=False,
        no_siblings=False,
        note="",
        by=alice,
    )
    assert met("Mother's side of the family explored")
    reviewed = genogram_status_for(jayden, today=today)
    assert reviewed.last_reviewed_on == today and not reviewed.is_review_overdue
