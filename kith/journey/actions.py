"""Every write on the child's journey: episodes, allocation, visits. Atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, Team, User
from kith.journey.models import Allocation, Episode, Visit
from kith.journey.rules import allocation_problem, episode_dates_problem, visit_problem
from kith.people.actions import EditConflict
from kith.people.models import Child


class JourneyError(Exception):
    """Input the journey cannot accept: `field` is the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _refresh_child_stage(child: Child) -> None:
    """Keep the child's denormalised open flag and current stage in step with their episodes."""
    latest = Episode.objects.filter(child=child, ends_on__isnull=True).order_by("-starts_on", "-id").first()
    child.is_open = latest is not None
    child.current_stage = latest.stage if latest else ""
    Child.objects.filter(pk=child.pk).update(is_open=child.is_open, current_stage=child.current_stage)


def do_open_episode(
    *,
    child: Child,
    stage: str,
    starts_on: date,
    codes: dict[str, str] | None = None,
    summary: str = "",
    close_current: bool = False,
    by: User,
) -> Episode:
    """Start a stage of the journey. With `close_current` the open episodes end the same day and
    the new one follows the latest of them (a stage change)."""
    problem = episode_dates_problem(starts_on=starts_on, ends_on=None, today=timezone.localdate())
    if problem:
        raise JourneyError(*problem)
    with transaction.atomic():
        open_episodes = list(Episode.objects.select_for_update().filter(child=child, ends_on__isnull=True))
        follows = max(open_episodes, key=lambda e: (e.starts_on, e.pk), default=None)
        if close_current:
            if any(e.starts_on > starts_on for e in open_episodes):
                raise JourneyError("starts_on", "Start date must be on or after the start of the current stage")
            Episode.objects.filter(pk__in=[e.pk for e in open_episodes]).update(
                ends_on=starts_on, version=F("version") + 1
            )
        episode = Episode.objects.create(
            child=child, stage=stage, starts_on=starts_on, follows=follows, summary=summary, **(codes or {})
        )
        _refresh_child_stage(child)
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=child.pk,
            child_team_id=child.team_id,
            object_type="episode",
            object_id=episode.pk,
            detail={"stage": stage, "follows": follows.pk if follows else None},
        )
    return episode


def do_close_episode(
    *, episode: Episode, ends_on: date, closure_reason: str, expected_version: int, by: User
) -> Episode:
    problem = episode_dates_problem(starts_on=episode.starts_on, ends_on=ends_on, today=timezone.localdate())
    if problem:
        raise JourneyError(*problem)
    with transaction.atomic():
        updated = Episode.objects.filter(pk=episode.pk, version=expected_version, ends_on__isnull=True).update(
            ends_on=ends_on, closure_reason=closure_reason, version=F("version") + 1
        )
        if updated != 1:
            raise EditConflict
        _refresh_child_stage(episode.child)
        record_audit_event(
            user=by,
            action=AuditAction.UPDATE,
            child_id=episode.child_id,
            child_team_id=episode.child.team_id,
            object_type="episode",
            object_id=episode.pk,
            detail={"ends_on": str(ends_on), "closure_reason": closure_reason},
        )
    episode.refresh_from_db()
    return episode


def do_allocate(*, child: Child, practitioner: User, team: Team, starts_on: date, by: User | None) -> Allocation:
    """Make `practitioner` the child's lead practitioner, ending the previous allocation.
    `by` is None when the system itself allocates (the demo borough's sign-ins)."""
    with transaction.atomic():
        # Lock the open allocation so two managers allocating at once cannot both pass the check.
        current = Allocation.objects.select_for_update().filter(child=child, ends_on__isnull=True).first()
        problem = allocation_problem(
            starts_on=starts_on,
            current_started_on=current.starts_on if current else None,
            today=timezone.localdate(),
        )
        if problem:
            raise JourneyError(*problem)
        if current:
            Allocation.objects.filter(pk=current.pk).update(ends_on=starts_on)
        allocation = Allocation.objects.create(child=child, practitioner=practitioner, team=team, starts_on=starts_on)
        Child.objects.filter(pk=child.pk).update(team=team, lead_practitioner=practitioner)
        child.team, child.lead_practitioner = team, practitioner
        record_audit_event(
            user=by,
            action=AuditAction.UPDATE,
            child_id=child.pk,
            child_team_id=team.pk,
            object_type="allocation",
            object_id=allocation.pk,
            detail={"practitioner": practitioner.pk, "team": team.pk},
        )
    return allocation


def do_record_visit(*, child: Child, details: dict[str, Any], by: User) -> Visit:
    """Record a visit or piece of direct work. Refused for a child whose case is not open."""
    today = timezone.localdate()
    with transaction.atomic():
        is_open = Child.objects.filter(pk=child.pk, is_open=True).exists()
        problem = visit_problem(
            child_is_open=is_open,
            visited_on=details["visited_on"],
            child_seen=details["child_seen"],
            not_seen_reason=details.get("not_seen_reason", ""),
            today=today,
        )
        if problem:
            raise JourneyError(*problem)
        visit = Visit.objects.create(child=child, recorded_by=by, recorded_at=timezone.now(), **details)
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=child.pk,
            child_team_id=child.team_id,
            object_type="visit",
            object_id=visit.pk,
        )
    return visit
