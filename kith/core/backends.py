"""Signing in with a username and password, and finding the signed-in user on each request.

Django's model backend, with the user read by one plain query on every request (the ORM's `get`
cost more to build than to run): the same row, made into a `User` with the ORM's own conversions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from kith.core.models import User
from kith.core.plainsql import Select

USER = Select(User)


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = USER.one("t.id = %s", [pk])
        if not isinstance(user, User):
            return None
        return user if self.user_can_authenticate(user) else None
