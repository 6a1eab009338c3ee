"""Typed access to the signed-in user of a request."""

from __future__ import annotations

from django.http import HttpRequest

from kith.core.models import User


def user_of(request: HttpRequest) -> User:
    """The signed-in user. Views reach here only behind login_required."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("Not signed in")
    return user
