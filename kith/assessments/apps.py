from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def check_practice_labels(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`manage.py check` (and every start) reports a mistyped or empty KITH_PRACTICE_LABELS
    name, instead of the assessment pages failing when first opened."""
    from kith.assessments.labels import practice_labels

    try:
        practice_labels()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="kith.assessments.E001")]
    return []


class AssessmentsConfig(AppConfig):
    name = "kith.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        checks.register(check_practice_labels)
