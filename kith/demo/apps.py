"""The synthetic borough: deterministic, realistic, and never a real person's details."""

from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kith.demo"
    label = "demo"
    verbose_name = "Synthetic borough"
