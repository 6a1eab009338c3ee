"""Every write about explanations: drafting, editing, and recording that one was given.
Atomic and audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.errors import Refused
from kith.core.models import AuditAction, User
from kith.people.actions import EditConflict
from kith.people.models import Child
from kith.voice.explain import CHILD, PARENTS, ExplanationSource, age_band, draft
from kith.voice.models import Explanation, ExplanationStatus, HowGiven

__all__ = ["EditConflict", "ExplanationRefused", "do_draft_explanations", "do_edit_explanation", "do_record_given"]


class ExplanationRefused(Refused):
    """The explanation cannot be recorded as given: `field` is the form field at fault."""


def _audit(explanation: Explanation, *, by: User, action: AuditAction, **detail: object) -> None:
    record_audit_event(
        user=by,
        action=action,
        child_id=explanation.child_id,
        child_team_id=explanation.child.team_id,
        object_type="explanation",
        object_id=explanation.pk,
        detail=detail or None,
    )


def do_draft_explanations(
    *, child: Child, source: ExplanationSource, source_kind: str, source_id: int, by: User
) -> tuple[Explanation, Explanation]:
    """Draft the child's and the parents' explanations of one decision, for the worker to edit."""
    now = timezone.now()
    made = []
    with transaction.atomic():
        for audience in (CHILD, PARENTS):
            explanation = Explanation.objects.create(
                child=child,
                audience=audience,
                age_band=age_band(source.child_age) if audience == CHILD else "",
                source_kind=source_kind,
                source_id=source_id,
                title=f"{source.title}, {source.held_on.day} {source.held_on:%B %Y}",
                sections=[asdict(section) for section in draft(source, audience=audience)],
                created_by=by,
                created_at=now,
            )
            _audit(explanation, by=by, action=AuditAction.CREATE, audience=audience)
            made.append(explanation)
    return made[0], made[1]


def do_edit_explanation(
    *, explanation: Explanation, texts: dict[str, str], expected_version: int, by: User
) -> Explanation:
    """Save the worker's wording, unless someone else saved theirs since `expected_version`."""
    sections = [{**s, "text": texts.get(s["key"], s["text"]).strip()} for s in explanation.sections]
    with transaction.atomic():
        updated = Explanation.objects.filter(pk=explanation.pk, version=expected_version).update(
            sections=sections, version=F("version") + 1
        )
        if updated != 1:
            raise EditConflict
        _audit(explanation, by=by, action=AuditAction.UPDATE)
    explanation.refresh_from_db()
    return explanation


def do_record_given(*, explanation: Explanation, given_on: date, how: str, by: User, today: date) -> Explanation:
    """Record that the explanation was given, and how. Given to the child, it counts towards the
    voice-of-the-child standards; released to the child's pages, the child can read it there."""
    if given_on > today:
        raise ExplanationRefused("given_on", "Date given must be today or in the past")
    if how == HowGiven.CHILD_PAGES and explanation.audience != CHILD:
        raise ExplanationRefused("how", "Only the child's explanation can be released to the child's pages")
    with transaction.atomic():
        changes: dict[str, object] = {"status": ExplanationStatus.GIVEN, "given_on": given_on, "given_how": how}
        if how == HowGiven.CHILD_PAGES:
            changes["is_released_to_child"] = True
        Explanation.objects.filter(pk=explanation.pk).update(**changes, version=F("version") + 1)
        _audit(explanation, by=by, action=AuditAction.UPDATE, given_on=str(given_on), how=how)
    explanation.refresh_from_db()
    return explanation
