"""The search box's plain-SQL read (kith.people.search) finds exactly what the same search built
through the ORM finds, in the same order, for every role and every kind of search, on SQLite and
PostgreSQL. The ORM search here is the reference: how the search was written before it was
written out in SQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Q

from kith.conftest import make_child, make_user, open_child
from kith.core.models import Role, Team, User
from kith.people.models import NAME_SIMILARITY, Child, ChildQuerySet
from kith.people.rules import parse_search, phonetic_key
from kith.people.search import SEARCH_LIMIT, ResultRows, read_search

pytestmark = pytest.mark.django_db

COLUMNS = (
    "pk", "person__legal_given_name", "person__legal_family_name", "person__preferred_name",
    "person__date_of_birth", "person__expected_date_of_birth", "la_child_id", "team__name",
)  # fmt: skip


def _orm_search(found: ChildQuerySet, text: str, *, whole_borough: bool) -> ChildQuerySet:
    kind, value = parse_search(text)
    if kind == "nhs":
        return found.filter(person__nhs_number=value).order_by("person__legal_family_name", "person__legal_given_name")
    if kind == "upn":
        return found.filter(person__upn=value).order_by("person__legal_family_name", "person__legal_given_name")
    if kind == "dob":
        both = Q(person__date_of_birth=value) | Q(person__expected_date_of_birth=value)
        return found.filter(both).order_by("person__legal_family_name", "person__legal_given_name")
    if kind == "id":
        return found.filter(la_child_id=value).order_by("person__legal_family_name", "person__legal_given_name")
    words = str(value).split()
    if not words:
        return found.none()
    if connection.vendor == "postgresql":
        ranked = found.annotate(rank=TrigramWordSimilarity(str(value), "person__search_name"))
        if whole_borough:
            ranked = ranked.filter(person__search_name__trigram_word_similar=value)
        else:
            ranked = ranked.filter(rank__gte=NAME_SIMILARITY)
        return ranked.order_by("-rank", "person__legal_family_name")
    matches = Q()
    for word in words:
        word_match = Q(person__search_name__contains=word)
        if word.isalpha():
            word_match |= Q(person__search_phonetic__contains=f" {phonetic_key(word).strip()} ")
        matches &= word_match
    return found.filter(matches).order_by("person__legal_family_name", "person__legal_given_name")


def _reference(user: User, text: str) -> ResultRows:
    found = _orm_search(Child.objects.findable_by(user), text, whole_borough=not user.is_casework)
    ordering = [*found.query.order_by, "pk"]  # ties in the same order as the plain read
    return tuple(found.order_by(*ordering).values_list(*COLUMNS)[:SEARCH_LIMIT])


SEARCHES = [
    "Jayden Smith", "jaydn smiht", "Smith", "smyth", "Chloe", "Zoë", "zoe brown", "Mia", "Jones", "o'neil",
    "27/03/2015", "2015-03-27", "9990001006", "KT000001", "kt000003", "A123456789012", "100%", "zz", "   ",
]  # fmt: skip


@pytest.fixture
def borough(alice: User, charlie: User, jayden: Child, mia: Child) -> None:
    """Children in two teams and none, some alike in name, one restricted, one unborn."""
    open_child(make_child("Zoë", "Brown", "KT000003", alice), alice)
    open_child(make_child("Jaden", "Smyth", "KT000004", charlie), charlie)
    open_child(make_child("Mia", "Jones", "KT000005", charlie, date_of_birth=date(2016, 1, 2)), charlie)
    make_child("Shaun", "O'Neil", "KT000006", alice)  # not allocated to any team
    make_child("Baby", "Smith", "KT000007", alice, date_of_birth=None, expected_date_of_birth=date(2027, 5, 1))
    open_child(make_child("Jayden", "Smithson", "KT000008", alice), alice)


def _people(alice: User, bob: User, charlie: User, dana: User, erin: User, riverside: Team) -> list[User]:
    manager = make_user("sam", Role.SERVICE_MANAGER, riverside, "Sam", "Singh")
    loner = make_user("nia", Role.PRACTITIONER, None, "Nia", "New")
    return [alice, bob, charlie, dana, erin, manager, loner]


@pytest.mark.usefixtures("borough")
def test_every_role_finds_what_the_orm_finds(
    alice: User, bob: User, charlie: User, dana: User, erin: User, riverside: Team
) -> None:
    found_any = 0
    for user in _people(alice, bob, charlie, dana, erin, riverside):
        for text in SEARCHES:
            rows = read_search(user, text)
            assert rows == _reference(user, text), (user.username, text)
            found_any += bool(rows)
    assert found_any > 20  # the searches find something for most people
