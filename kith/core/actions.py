"""Every write of the core app: audit events, reasons given to open a record, sign-in accounts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from kith.core.models import AccessGrant, AuditAction, AuditEvent, Role, Team, User


def record_view_event(
    *,
    user_id: int,
    child_id: int,
    child_team_id: int | None,
    object_type: str,
    object_id: int,
    reason: str,
    detail: dict[str, Any],
) -> None:
    """Append a "viewed" event: what `record_audit_event` saves for a view, written as one plain
    INSERT because every page of a child's record writes one (the ORM's insert cost more to
    build than to run). Called inside the request's transaction like any other audit event."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO core_auditevent
                 (at, user_id, action, child_id, child_team_id, object_type, object_id, reason, detail)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            [
                connection.ops.adapt_datetimefield_value(timezone.now()),
                user_id,
                AuditAction.VIEW.value,
                child_id,
                child_team_id,
                object_type,
                object_id,
                reason,
                json.dumps(detail),
            ],
        )


def record_audit_event(
    *,
    user: User | None,
    action: AuditAction,
    child_id: int | None,
    child_team_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the audit log. Called inside the caller's transaction, so a change
    and its audit event are saved together or not at all."""
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        user=user,
        action=action,
        child_id=child_id,
        child_team_id=child_team_id,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        detail=detail or {},
    )


def do_give_access_reason(*, child_id: int, child_team_id: int | None, reason: str, by: User) -> AccessGrant:
    """Record why someone outside the child's team is opening the record. The reason is shown
    to the child's team manager, and lets the user open the record for a few hours."""
    now = timezone.now()
    with transaction.atomic():
        grant = AccessGrant.objects.create(
            user=by,
            child_id=child_id,
            reason=reason,
            given_at=now,
            expires_at=now + timedelta(hours=settings.KITH_ACCESS_REASON_HOURS),
        )
        record_audit_event(
            user=by,
            action=AuditAction.REASON,
            child_id=child_id,
            child_team_id=child_team_id,
            object_type="child",
            object_id=child_id,
            reason=reason,
            at=now,
        )
    return grant


def do_create_user(
    *,
    username: str,
    password: str | None,
    first_name: str,
    last_name: str,
    role: Role,
    team: Team | None,
    job_title: str = "",
    by: User | None,
) -> User:
    """Create a sign-in. A None password makes an account that cannot sign in until one is set."""
    with transaction.atomic():
        user = User(
            username=username, first_name=first_name, last_name=last_name, role=role, team=team, job_title=job_title
        )
        user.is_staff = role == Role.ADMINISTRATOR
        user.is_superuser = role == Role.ADMINISTRATOR
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record_audit_event(user=by, action=AuditAction.CREATE, child_id=None, object_type="user", object_id=user.pk)
    return user
