"""The child's journey: episodes and stages, allocation, visits and the chronology."""

from __future__ import annotations

from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "kith.journey"
    label = "journey"
    verbose_name = "Journey"
