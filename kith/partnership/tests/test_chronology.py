"""The partnership chronology arm runs on its own on SQLite and PostgreSQL, and reads in words."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from kith.core.models import User
from kith.partnership.actions import do_decide_link
from kith.partnership.chronology import CHRONOLOGY_ARMS, describe
from kith.partnership.models import Decision, IntelligenceRun, PartnerLink
from kith.people.models import Child

pytestmark = pytest.mark.django_db
COLUMNS = ["on_date", "kind", "a", "b", "words", "seq", "rank"]


def run_arm(arm: str, child: Child) -> list[dict[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({arm}) AS x", {"child": child.pk})  # noqa: S608 - the arm is a constant
        assert [c[0] for c in cursor.description] == COLUMNS
        return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def test_a_confirmed_link_is_a_line_in_the_childs_chronology(
    results: IntelligenceRun, alice: User, jayden: Child, mia: Child
) -> None:
    link = PartnerLink.objects.get(status="review", person=jayden.person)
    do_decide_link(link_id=link.pk, decision=Decision.CONFIRMED, reason="School confirmed the date of birth", by=alice)
    (arm,) = CHRONOLOGY_ARMS
    (line,) = run_arm(arm, jayden)
    on = line["on_date"] if isinstance(line["on_date"], date) else date.fromisoformat(str(line["on_date"]))
    assert (line["kind"], line["a"], line["b"], line["rank"]) == (
        "partnership_link_confirmed",
        "police_notifications",
        "School confirmed the date of birth",
        9,
    )
    assert on == link.run.today or on.year >= 2026
    assert run_arm(arm, mia) == []


@pytest.mark.parametrize(
    ("kind", "a", "b", "expected"),
    [
        (
            "partnership_link_confirmed",
            "police_notifications",
            "Checked",
            ("A police notifications record was confirmed as theirs", "Checked"),
        ),
        (
            "partnership_link_rejected",
            "health_events",
            "",
            ("A suggested health record was found to be someone else's", ""),
        ),
        ("partnership_other", "x", "y", ("partnership_other", "y")),
    ],
)
def test_lines_read_in_plain_words(kind: str, a: str, b: str, expected: tuple[str, str]) -> None:
    assert describe(kind, a, b) == expected
