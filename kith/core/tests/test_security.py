"""Sign-in with lockout, Argon2 hashing, headers, and the append-only audit log."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import Client

from kith.conftest import PASSWORD
from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, AuditEvent, User

pytestmark = pytest.mark.django_db


def test_alice_signs_in_and_lands_on_my_work(alice: User) -> None:
    client = Client()
    page = client.get("/sign-in/")
    assert page.status_code == 200
    assert b"Sign in to Kith" in page.content
    response = client.post("/sign-in/", {"username": "alice", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert b"My work" in response.content


def test_wrong_password_says_what_to_do(alice: User) -> None:
    response = Client().post("/sign-in/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    empty = Client().post("/sign-in/", {"username": "", "password": ""})
    assert b"Enter your username" in empty.content and b"Enter your password" in empty.content


def test_repeated_failures_lock_the_account(alice: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "alice", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content


def test_passwords_are_hashed_with_argon2_in_production() -> None:
    # The suite itself swaps in a fast hasher first; production's first choice is Argon2.
    production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_pages_carry_a_content_security_policy_and_safe_headers(as_alice: Client) -> None:
    response = as_alice.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert settings.SESSION_COOKIE_HTTPONLY


def test_audit_events_cannot_be_changed_or_deleted(alice: User) -> None:
    event = record_audit_event(user=alice, action=AuditAction.VIEW, child_id=1)
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()
    # Even past the ORM, the database refuses.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_error_pages_are_in_plain_words(as_alice: Client) -> None:
    response = as_alice.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_administrators_manage_sign_ins_in_the_admin_and_practitioners_cannot(as_alice: Client) -> None:
    from kith.conftest import make_user, signed_in
    from kith.core.models import Role

    admin = signed_in(make_user("ada", Role.ADMINISTRATOR, None, "Ada", "Admin"))
    response = admin.get("/admin/core/user/")
    assert response.status_code == 200
    assert b"alice" in response.content
    assert admin.get("/admin/people/child/").status_code == 404  # records are never browsed around the audit
    assert as_alice.get("/admin/core/user/").status_code == 302
