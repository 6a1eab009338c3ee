"""Finding a child by a misspelt name, an accented name, a date of birth or an identifier."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kith.conftest import make_child, open_child
from kith.core.models import User
from kith.people.models import Child
from kith.people.rules import normalise_name, parse_search, phonetic_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9990001006", ("nhs", "9990001006")),
        ("999 000 1006", ("nhs", "9990001006")),
        ("n999000123001", ("upn", "N999000123001")),
        ("27/03/2015", ("dob", date(2015, 3, 27))),
        ("2015-03-27", ("dob", date(2015, 3, 27))),
        ("KT000001", ("id", "KT000001")),
        ("  Zoë  O'Brien ", ("name", "zoe obrien")),
        ("31/02/2015", ("name", "31022015")),
    ],
)
def test_parse_search(text: str, expected: tuple[str, object]) -> None:
    assert parse_search(text) == expected


def test_normalised_names_and_phonetic_keys_meet_across_spellings() -> None:
    assert normalise_name("Zoë", "Núñez-García") == "zoe nunez garcia"
    assert phonetic_key("jaiden smyth") == phonetic_key("jayden smith")


@pytest.mark.parametrize("query", ["Jaydn Smith", "Jaydn Smiht", "jayden smiht", "JAYDEN", "Smith", "Jay"])
def test_alice_finds_jayden_despite_typos(as_alice: Client, jayden: Child, query: str) -> None:
    response = as_alice.get("/children/search/", {"q": query})
    assert response.status_code == 200
    assert b"Jayden Smith" in response.content


def test_accents_do_not_matter(as_alice: Client, alice: User) -> None:
    open_child(make_child("Zoë", "Núñez", "KT000010", alice), alice)
    assert b"Zo\xc3\xab N\xc3\xba\xc3\xb1ez" in as_alice.get("/children/search/", {"q": "zoe nunez"}).content


def test_search_by_dob_and_identifiers(as_alice: Client, jayden: Child) -> None:
    for query in ("27/03/2015", "9990001006", jayden.la_child_id):
        assert b"Jayden Smith" in as_alice.get("/children/search/", {"q": query}).content


def test_charlie_does_not_find_another_teams_child(as_charlie: Client, jayden: Child) -> None:
    response = as_charlie.get("/children/search/", {"q": "Jayden Smith"})
    assert b"No children found" in response.content


def test_empty_search_says_what_to_enter(as_alice: Client) -> None:
    response = as_alice.get("/children/search/", {"q": ""})
    page = response.content.decode()
    assert "Enter a name, date of birth or identifier" in page
    # The GOV.UK error pattern: a summary linking to the field, the message beside it, the title.
    assert 'class="govuk-error-summary"' in page and 'href="#id_q"' in page
    assert 'class="govuk-error-message"' in page and 'aria-describedby="id_q_hint id_q_error"' in page
    assert "<title>Error: Find a child" in page


def test_an_over_long_search_says_how_long_it_may_be(as_alice: Client) -> None:
    typed = "Jayden " * 20
    page = as_alice.get("/children/search/", {"q": typed}).content.decode()
    assert "Search text must be 100 characters or fewer" in page
    assert f'value="{typed}"' in page  # what they typed stays in the box


def test_a_search_box_before_searching_shows_no_error(as_alice: Client) -> None:
    page = as_alice.get("/children/search/").content.decode()
    assert "govuk-error" not in page and "<title>Find a child" in page
    assert '<label class="govuk-label govuk-label--l" for="id_q">Find a child</label>' in page


def test_search_query_count_does_not_grow_with_results(as_alice: Client, alice: User) -> None:
    for n in range(30):
        open_child(make_child("Jayden", f"Smith{'x' * (n % 3)}", f"KT1{n:05d}", alice), alice)
    with CaptureQueriesContext(connection) as queries:
        response = as_alice.get("/children/search/", {"q": "Jayden"})
    assert response.status_code == 200
    assert len(queries) <= 4


def test_results_refresh_as_you_type_with_htmx(as_alice: Client, jayden: Child) -> None:
    page = as_alice.get("/children/search/").content.decode()
    assert 'hx-get="/children/search/"' in page
    assert 'hx-target="#search-results"' in page
    response = as_alice.get("/children/search/", {"q": "jaydn"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="search-results"' in response.content.decode()
    assert "Jayden Smith" in response.content.decode()


def test_a_practitioner_without_a_team_does_not_find_unallocated_children(alice: User) -> None:
    from kith.conftest import make_user, signed_in
    from kith.core.models import Role

    make_child("Unallocated", "Child", "KT600001", alice)  # no allocation, so no team
    newcomer = signed_in(make_user("nia", Role.PRACTITIONER, None, "Nia", "New"))
    assert b"KT600001" not in newcomer.get("/children/search/", {"q": "Unallocated Child"}).content
