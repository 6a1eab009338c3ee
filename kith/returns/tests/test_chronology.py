"""The returns app's arms of the child's chronology, each run on its own as the journey app
will join them, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from kith.people.models import Child
from kith.returns.chronology import CHRONOLOGY_ARMS, describe
from kith.returns.models import LookedAfterReview, MissingEpisode

pytestmark = pytest.mark.django_db


def _run(arm: str, child: Child) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({arm}) AS x", {"child": child.pk})  # noqa: S608 - our own SQL
        return cursor.fetchall()


def test_each_arm_runs_on_its_own(jayden: Child) -> None:
    MissingEpisode.objects.create(child=jayden, kind="M", starts_on=date(2026, 9, 3), ends_on=date(2026, 9, 4))
    LookedAfterReview.objects.create(child=jayden, held_on=date(2026, 10, 1), participation="PN1")
    missing, review = (_run(arm, jayden) for arm in CHRONOLOGY_ARMS)
    assert [(str(r[0]), r[1], r[2], r[3]) for r in missing] == [("2026-09-03", "returns_missing", "M", "2026-09-04")]
    assert [(str(r[0]), r[1], r[2]) for r in review] == [("2026-10-01", "returns_lac_review", "PN1")]


@pytest.mark.parametrize(
    ("kind", "a", "b", "title", "detail"),
    [
        ("returns_missing", "M", "2026-09-04", "Went missing", "Back on 2026-09-04"),
        ("returns_missing", "A", "", "Away from placement without permission", "Not yet back"),
        (
            "returns_lac_review",
            "PN1",
            "",
            "Looked-after review held",
            "Child physically attended and spoke for themselves",
        ),
    ],
)
def test_each_line_is_described_in_plain_words(kind: str, a: str, b: str, title: str, detail: str) -> None:
    assert describe(kind, a, b) == (title, detail)
