"""Month-end history as a background task (django-tasks): run after each month end, or nightly,
so that the first dashboard of the day finds its history already kept."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kith.standards.history import SCOPE_KINDS, refresh, scopes_to_refresh
from kith.standards.reads import month_ends, standards_in_force


@task()
def refresh_month_ends(kinds: list[str] | None = None) -> int:
    """Work out every dashboard's month ends that are missing or stale; returns how many scopes."""
    specs = [spec for _, spec in standards_in_force()]
    kinds = kinds or list(SCOPE_KINDS)
    scopes = scopes_to_refresh(kinds)
    return refresh(specs, scopes, month_ends(timezone.localdate()), prune=set(kinds) == set(SCOPE_KINDS))
