"""Drafting, editing and giving explanations: audited, and no lost edits."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.models import AuditEvent, User
from kith.people.models import Child
from kith.voice.actions import (
    EditConflict,
    ExplanationRefused,
    do_draft_explanations,
    do_edit_explanation,
    do_record_given,
)
from kith.voice.explain import Decision, ExplanationSource

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def conference(child: Child) -> ExplanationSource:
    return ExplanationSource(
        kind="conference",
        title="Initial child protection conference",
        held_on=date(2026, 11, 12),
        child_name=child.person.known_as,
        child_age=11,
        worker_name="Alice Ahmed",
        decisions=(Decision("Jay will have a child protection plan", "Jay was hurt at home"),),
    )


def test_alice_drafts_one_for_jayden_and_one_for_his_parents(jayden: Child, alice: User) -> None:
    for_child, for_parents = do_draft_explanations(
        child=jayden, source=conference(jayden), source_kind="meeting", source_id=7, by=alice
    )
    assert (for_child.audience, for_child.age_band) == ("child", "8-12")
    assert for_parents.audience == "parents"
    assert for_child.title == "Initial child protection conference, 12 November 2026"
    assert "Jay will have a child protection plan" in for_child.text
    assert AuditEvent.objects.filter(child_id=jayden.pk, object_type="explanation").count() == 2


def test_two_people_editing_the_wording_cannot_both_win(jayden: Child, alice: User, bob: User) -> None:
    for_child, _ = do_draft_explanations(
        child=jayden, source=conference(jayden), source_kind="meeting", source_id=7, by=alice
    )
    do_edit_explanation(explanation=for_child, texts={"decided": "You will have a plan."}, expected_version=1, by=alice)
    assert for_child.sections[1]["text"] == "You will have a plan."
    with pytest.raises(EditConflict):
        do_edit_explanation(explanation=for_child, texts={"decided": "Something else."}, expected_version=1, by=bob)


def test_giving_it_is_recorded_and_only_the_childs_can_go_to_the_childs_pages(jayden: Child, alice: User) -> None:
    for_child, for_parents = do_draft_explanations(
        child=jayden, source=conference(jayden), source_kind="meeting", source_id=7, by=alice
    )
    given = do_record_given(explanation=for_child, given_on=TODAY, how="child_pages", by=alice, today=TODAY)
    assert (given.status, given.is_released_to_child) == ("given", True)
    with pytest.raises(ExplanationRefused, match="Only the child's explanation"):
        do_record_given(explanation=for_parents, given_on=TODAY, how="child_pages", by=alice, today=TODAY)
    with pytest.raises(ExplanationRefused, match="today or in the past"):
        do_record_given(explanation=for_parents, given_on=date(2026, 12, 1), how="post", by=alice, today=TODAY)
