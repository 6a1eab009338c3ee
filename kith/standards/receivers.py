"""Every write of a child's record writes an audit event (kith.core.actions.record_audit_event):
after each, the month-end history it may change is marked stale (kith.standards.history), in the
same transaction."""

from __future__ import annotations

from typing import Any

from kith.core.models import AuditEvent
from kith.standards.history import mark_for_audit_event


def audit_event_saved(sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        mark_for_audit_event(
            action=instance.action,
            child_id=instance.child_id,
            object_type=instance.object_type,
            object_id=instance.object_id,
        )
