"""The core app: users, roles, teams, access rules, the audit log, the working-day calendar."""

from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kith.core"
    label = "core"
    verbose_name = "Kith core"

    def ready(self) -> None:
        from kith.core import govuk

        govuk.use_one_jinja_environment()
