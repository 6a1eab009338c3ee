"""Two managers authorising the same assessment at the same moment, on two real connections.

PostgreSQL only: SQLite allows one writer at a time, so there is no race to lose there (the
sequential version of this race runs on both databases in test_actions.py). Here Bob's UPDATE
holds the assessment's row while his transaction is still open; Brenda's UPDATE, sent meanwhile,
waits for the row, then finds the version moved on and matches nothing: she is told Bob decided.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection

from kith.assessments import actions
from kith.assessments.actions import AlreadyDecided, do_authorise_assessment, do_return_assessment
from kith.assessments.models import Assessment, StatusChange
from kith.assessments.tests.helpers import submitted
from kith.conftest import make_user
from kith.core.models import Role, User
from kith.people.models import Child

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
HOLD_SECONDS = 0.5


def test_two_managers_authorising_at_once_one_wins_and_the_other_is_told(
    jayden: Child, alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has one writer at a time")
    assert bob.team is not None
    brenda = make_user("brenda", Role.TEAM_MANAGER, bob.team, "Brenda", "Boateng")
    assessment = submitted(jayden, alice)
    version = assessment.version
    bob_has_the_row = threading.Event()
    real_status_change = actions._status_change

    def slow_for_bob(*args: Any, **kwargs: Any) -> Any:
        """Bob's UPDATE has run and holds the row: let Brenda send hers, and keep holding."""
        if threading.current_thread().name == "bob":
            bob_has_the_row.set()
            time.sleep(HOLD_SECONDS)
        return real_status_change(*args, **kwargs)

    monkeypatch.setattr(actions, "_status_change", slow_for_bob)
    results: dict[str, Any] = {}

    def decide(name: str, manager: User, action: Any, rationale: str) -> None:
        try:
            if name == "brenda":
                assert bob_has_the_row.wait(5)
            copy = Assessment.objects.get(pk=assessment.pk)  # read at the version both managers saw
            copy.version = version
            started = time.monotonic()
            try:
                action(assessment=copy, rationale=rationale, expected_version=version, by=manager)
                results[name] = "decided"
            except AlreadyDecided as told:
                results[name] = told.message
            results[f"{name}_seconds"] = time.monotonic() - started
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, name="bob", args=("bob", bob, do_authorise_assessment, "Agreed")),
        threading.Thread(target=decide, name="brenda", args=("brenda", brenda, do_return_assessment, "More work")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert results["bob"] == "decided"
    assert results["brenda"].startswith("Bob Baker authorised this assessment at ")
    assert results["brenda_seconds"] >= HOLD_SECONDS * 0.6  # she waited for Bob's row
    assessment.refresh_from_db()
    assert (assessment.status, assessment.authorised_by_id, assessment.version) == ("authorised", bob.pk, version + 1)
    assert list(StatusChange.objects.filter(assessment=assessment).values_list("status", flat=True)) == [
        "submitted",
        "authorised",
    ]
