"""Template context shared by every page: the service name and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    navigation: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        items = [("My work", reverse("journey:my-work")), ("Find a child", reverse("people:search"))]
        if getattr(user, "is_manager", False):
            items.append(("Reasons given", reverse("core:access-reasons")))
        items.append(("Sign out", reverse("core:sign-out")))
        path = request.path
        navigation = [{"text": text, "href": href, "active": path == href} for text, href in items]
    return {"service_name": settings.KITH_SERVICE_NAME, "navigation": navigation}
