"""The Django side of the benchmark, run as ``python -m bench.fixture`` with DATABASE_URL set.

- ``count``: print how many child records the database holds.
- ``prepare``: sign the demo practitioner in (a session made directly, no password), choose the
  URLs to request with the marker each response must contain, and count the database queries
  each page makes. Prints JSON for the harness.

It runs in its own process so that the harness never holds a Django connection of its own and
can point each step at a different database.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any
from urllib.parse import urlencode

import django

PRACTITIONER = "demo-practitioner"


def _count() -> dict[str, Any]:
    from kith.people.models import Child

    return {"children": Child.objects.count()}


def _session_for(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from kith.core.sessions import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "kith.core.backends.UserBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


def misspell(word: str, rng: random.Random) -> str:
    """A plausible typing slip that keeps the first letter: one letter dropped or two swapped."""
    for _ in range(10):
        if rng.random() < 0.5 and len(word) >= 4:
            i = rng.randrange(1, len(word))
            slip = word[:i] + word[i + 1 :]
        else:
            i = rng.randrange(1, len(word) - 1)
            slip = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if slip.lower() != word.lower():
            return slip
    return word[:-1]


def _child_targets(user: Any, limit: int) -> list[dict[str, str]]:
    from django.utils.html import escape

    from kith.people.models import Child

    children = Child.objects.filter(lead_practitioner=user, is_open=True).select_related("person").order_by("pk")
    return [
        {"path": f"/children/{child.pk}/", "expect": str(escape(child.person.legal_family_name))}
        for child in children[:limit]
    ]


def _search_targets(user: Any, limit: int) -> list[dict[str, str]]:
    """Misspelt surnames (three in four) and dates of birth of children the practitioner may find.

    Each response must echo the query; the hint (the real surname) measures whether the slip was
    forgiven without failing the run when it was not.
    """
    from django.utils.html import escape

    from kith.people.models import Child

    rng = random.Random(1)
    people = (
        Child.objects.visible_to(user)
        .filter(person__date_of_birth__isnull=False)
        .select_related("person")
        .order_by("pk")[: limit * 3]
    )
    targets: list[dict[str, str]] = []
    seen: set[str] = set()
    for child in people:
        person = child.person
        surname = person.legal_family_name
        if len(targets) % 4 == 3 and person.date_of_birth is not None:
            query = person.date_of_birth.strftime("%d/%m/%Y")
        elif len(surname) >= 4 and surname.isalpha():
            query = misspell(surname, rng)
        else:
            continue
        if query in seen:
            continue
        seen.add(query)
        targets.append(
            {
                "path": f"/children/search/?{urlencode({'q': query})}",
                "expect": 'id="results"',
                "hint": str(escape(surname)),
            }
        )
        if len(targets) >= limit:
            break
    return targets


def _count_queries(session_key: str, paths: dict[str, str]) -> dict[str, int]:
    """Queries per page on a warm second request, through Django's test client (one process, no HTTP)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session_key
    counts: dict[str, int] = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts[name] = len(captured) if response.status_code == 200 else -response.status_code
    return counts


def _prepare(limit: int, pages: list[str]) -> dict[str, Any]:
    from kith.core.models import User

    user = User.objects.filter(username=PRACTITIONER).first()
    if user is None:
        raise SystemExit(f"No user {PRACTITIONER!r}: run manage.py demo_sign_ins first.")
    session_key = _session_for(user)
    targets: dict[str, list[dict[str, str]]] = {
        "trivial": [{"path": "/healthz", "expect": "ok"}],
        "my_work": [{"path": "/", "expect": "My work"}],
    }
    if "child_record" in pages:
        targets["child_record"] = _child_targets(user, limit)
        if not targets["child_record"]:
            raise SystemExit(f"{PRACTITIONER} has no open allocated children to request.")
    if "search" in pages:
        targets["search"] = _search_targets(user, limit)
        if not targets["search"]:
            raise SystemExit(f"{PRACTITIONER} can find no children with a surname or date of birth to search for.")
    targets = {name: value for name, value in targets.items() if name in pages or name == "trivial"}
    queries = _count_queries(session_key, {name: value[0]["path"] for name, value in targets.items()})
    return {"session_key": session_key, "user_id": user.pk, "targets": targets, "queries": queries}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fixture", description=__doc__)
    parser.add_argument("command", choices=["count", "prepare"])
    parser.add_argument("--limit", type=int, default=200, help="distinct children or queries per page")
    parser.add_argument("--pages", default="trivial,my_work,child_record,search")
    args = parser.parse_args(argv)
    django.setup()
    result = _count() if args.command == "count" else _prepare(args.limit, args.pages.split(","))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
