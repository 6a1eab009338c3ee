"""The practice standards engine, oversight, supervision, case audits and compliance dashboards."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Keep the working-day calendar filled and the shipped standards loaded after every
    migrate (and after a test flush, which empties every table): both are cheap when already
    in place."""
    if sender.name != "kith.standards":
        return
    from kith.standards.loader import ensure_loaded

    ensure_loaded(using=using)


class StandardsConfig(AppConfig):
    name = "kith.standards"
    label = "standards"
    verbose_name = "Practice standards"

    def ready(self) -> None:
        post_migrate.connect(_after_migrate, dispatch_uid="kith.standards.after_migrate")
        from kith.core.models import AuditEvent
        from kith.standards.receivers import audit_event_saved

        post_save.connect(audit_event_saved, sender=AuditEvent, dispatch_uid="kith.standards.history_stale")
