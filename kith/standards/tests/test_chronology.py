"""The standards app's chronology arms, each run on its own as the lead's UNION ALL will run them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from kith.conftest import make_user
from kith.core.models import Role, Team, User
from kith.people.models import Child
from kith.standards.actions import do_audit_case, do_moderate_audit, do_record_oversight, do_record_supervision
from kith.standards.chronology import CHRONOLOGY_ARMS, describe

pytestmark = pytest.mark.django_db
COLUMNS = ["on_date", "kind", "a", "b", "words", "seq", "rank"]


def run_arm(arm: str, child: Child) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({arm}) AS x", {"child": child.pk})  # noqa: S608 - our own SQL
        assert [c[0] for c in cursor.description] == COLUMNS
        return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def test_each_arm_runs_alone_with_the_chronology_columns(
    jayden: Child, alice: User, bob: User, riverside: Team
) -> None:
    today = date.today()
    do_record_oversight(child=jayden, recorded_on=today, decision="Continue", rationale="Safer now", by=bob)
    do_record_supervision(child=jayden, held_on=today, practitioner=alice, reflection="r", analysis="a", by=bob)
    audit = do_audit_case(child=jayden, grade="good", strengths="Words recorded", improvements="", results=[], by=bob)
    second = make_user("sam", Role.SERVICE_MANAGER, riverside, "Sam", "Second")
    do_moderate_audit(audit=audit, grade="good", note="", expected_version=audit.version, by=second)
    lines = {
        row["kind"]: describe(row["kind"], row["a"], row["b"])
        for arm in CHRONOLOGY_ARMS
        for row in run_arm(arm, jayden)
    }
    assert lines == {
        "standards_oversight": ("Management oversight", "Continue Why: Safer now"),
        "standards_supervision": ("Case discussed in supervision", "Alice Ahmed with Bob Baker"),
        "standards_audit": ("Case audited", "Graded good by Bob Baker"),
        "standards_moderated": ("Case audit moderated", "Moderated as good by Sam Second"),
    }
