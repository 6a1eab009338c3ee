"""The search box's read, in plain SQL.

Children matching a name (typos and accents tolerated), a date of birth or an identifier, among
those the user may find (`ChildQuerySet.findable_by`: a caseworker finds what they may open; anyone
else finds every unrestricted child, and gives a reason to open one), best match first. The search
runs as people type, so it is written out rather than built through the ORM, which cost more to
build the query than the database took to run it. `tests/test_search_read.py` proves it finds
what the same search through the ORM finds, for every role and kind of search.

PostgreSQL ranks names by trigram word similarity. Over the whole borough it uses the trigram
index ("<%", written here as "%>" from the name's side); within a caseload, already narrowed to a
team by an ordinary index, it scores those few children directly, which is far cheaper than
matching a common name across every person in the borough first. SQLite, which has no trigrams,
matches each word by its normalised spelling or its Soundex code.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from kith.core.models import Role, User
from kith.core.plainsql import placeholders
from kith.people.models import NAME_SIMILARITY, RestrictedAccess
from kith.people.rules import parse_search, phonetic_key

SEARCH_LIMIT = 25
# The columns of a search result, as read.
ResultRows = tuple[tuple[Any, ...], ...]

SELECT = """SELECT c.id, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth,
  p.expected_date_of_birth, c.la_child_id, tm.name
FROM people_child c JOIN people_person p ON p.id = c.person_id LEFT JOIN core_team tm ON tm.id = c.team_id"""


def _findable(user: User) -> tuple[str, list[Any]]:
    """SQL true for the children `user` may find. The few restricted records they are named on are
    read first, so that each arm can use its own index rather than a scan of every child."""
    team_id = user.team_id or 0  # a caseworker without a team finds only their own children
    if user.role in (Role.PRACTITIONER, Role.TEAM_MANAGER):
        scope, params = "(c.team_id = %s OR c.lead_practitioner_id = %s)", [team_id, user.pk]
    elif user.role == Role.SERVICE_MANAGER:
        scope = (
            "(tm.service_id = (SELECT s.service_id FROM core_team s WHERE s.id = %s) "
            "OR c.team_id = %s OR c.lead_practitioner_id = %s)"
        )
        params = [team_id, team_id, user.pk]
    else:
        scope, params = "1 = 1", []
    sql = f"({scope} AND c.is_restricted = %s)"
    params.append(False)
    named = list(RestrictedAccess.objects.filter(user=user).values_list("child_id", flat=True))
    if named:
        sql = f"({sql} OR c.id IN ({placeholders(named)}))"
        params += named
    return sql, params


def _matching(text: str, *, whole_borough: bool) -> tuple[str, list[Any], str, list[Any]] | None:
    """SQL true for the children matching `text`, and the order to list them in (with its
    parameters); None when there is nothing to search for."""
    kind, value = parse_search(text)
    by_name = "p.legal_family_name, p.legal_given_name, c.id"
    if kind == "nhs":
        return "p.nhs_number = %s", [value], by_name, []
    if kind == "upn":
        return "p.upn = %s", [value], by_name, []
    if kind == "dob":
        return "(p.date_of_birth = %s OR p.expected_date_of_birth = %s)", [value, value], by_name, []
    if kind == "id":
        return "c.la_child_id = %s", [value], by_name, []
    name = str(value)
    words = name.split()
    if not words:
        return None
    if connection.vendor == "postgresql":
        rank = "WORD_SIMILARITY(%s, p.search_name) DESC, p.legal_family_name, c.id"
        if whole_borough:
            return "p.search_name %%> %s", [name], rank, [name]
        return "WORD_SIMILARITY(%s, p.search_name) >= %s", [name, NAME_SIMILARITY], rank, [name]
    parts, params = [], []
    for word in words:
        like = f"%{connection.ops.prep_for_like_query(word)}%"
        if word.isalpha():
            parts.append("(p.search_name LIKE %s ESCAPE '\\' OR p.search_phonetic LIKE %s ESCAPE '\\')")
            params += [like, f"%{connection.ops.prep_for_like_query(f' {phonetic_key(word).strip()} ')}%"]
        else:
            parts.append("p.search_name LIKE %s ESCAPE '\\'")
            params.append(like)
    return " AND ".join(parts), params, by_name, []


def read_search(user: User, text: str) -> ResultRows:
    """The first SEARCH_LIMIT children `user` may find for `text`, best match first."""
    matching = _matching(text, whole_borough=not user.is_casework)
    if matching is None:
        return ()
    match_sql, match_params, order, order_params = matching
    who_sql, who_params = _findable(user)
    sql = f"{SELECT} WHERE {who_sql} AND {match_sql} ORDER BY {order} LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*who_params, *match_params, *order_params, SEARCH_LIMIT])
        return tuple(tuple(row) for row in cursor.fetchall())
