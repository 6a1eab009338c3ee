"""Template context shared by every page: the service name, the navigation and the assets."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from kith.core.models import Role

# The static files every page links to, by the names base.html uses for them.
ASSETS = {
    "favicon": "assets/images/favicon.ico",
    "css": "kith/kith.css",
    "init_js": "kith/init.js",
    "govuk_js": "kith/govuk.mjs",
    "htmx_js": "htmx/htmx.min.js",
}


@lru_cache(maxsize=64)
def _navigation_items(role: str, urlconf: str | None, script_prefix: str) -> tuple[tuple[str, str], ...]:
    """The links in the service navigation for a role. The URLs depend only on the URL
    configuration and the script prefix, so they are reversed once for each rather than on every
    page."""
    casework = role in (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER)
    managers = role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER)
    items = [("My work", reverse("journey:my-work")), ("Find a child", reverse("people:search"))]
    if casework:
        items.append(("Duty alerts", reverse("duty:alerts")))
    if casework or role == Role.ANALYST:
        items.append(("Practice standards", reverse("standards:index")))
    if managers or role == Role.ANALYST:
        items.append(("Returns", reverse("returns:home")))
        items.append(("Partnership", reverse("partnership:home")))
    if managers:
        items.append(("Reasons given", reverse("core:access-reasons")))
    items.append(("Sign out", reverse("core:sign-out")))
    return tuple(items)


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    navigation: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        path = request.path
        items = _navigation_items(str(getattr(user, "role", "")), get_urlconf(), get_script_prefix())
        navigation = [{"text": text, "href": href, "active": path == href} for text, href in items]
    return {
        "service_name": settings.KITH_SERVICE_NAME,
        "navigation": navigation,
        "assets": _assets(settings.STATIC_URL),
    }


@lru_cache(maxsize=4)
def _assets(static_url: str | None) -> dict[str, str]:
    """The URLs of ASSETS, as the {% static %} tag gives them. They change only when the static
    files are collected again, which restarts Kith, so each is worked out once (per STATIC_URL)."""
    return {name: staticfiles_storage.url(path) for name, path in ASSETS.items()}


@receiver(setting_changed)
def _forget_kept_urls(**kwargs: Any) -> None:
    """Settings only change in tests (a static files storage, a URL configuration), which then
    start afresh."""
    _navigation_items.cache_clear()
    _assets.cache_clear()
