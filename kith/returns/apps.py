"""The returns app."""

from __future__ import annotations

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "kith.returns"
    label = "returns"
    verbose_name = "Statutory returns"
