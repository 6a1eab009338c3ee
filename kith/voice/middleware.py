"""Hand-over mode: a practitioner's signed-in browser handed to a child shows only that child's
pages. Every other address (every staff page, the admin, signing out) is sent back to the
child's pages until the practitioner gives their password on "Give back".

Goes in MIDDLEWARE after AuthenticationMiddleware (it reads the session and the signed-in user),
that is directly after "django.contrib.messages.middleware.MessageMiddleware".
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kith.voice.child_session import HAND_OVER_KEY


class HandOverMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and isinstance(session.get(HAND_OVER_KEY), dict):
            child_pages = reverse("child:home")
            allowed = (child_pages, str(settings.STATIC_URL or "/static/"))
            if not request.path.startswith(allowed):
                return HttpResponseRedirect(child_pages)
        return self.get_response(request)
