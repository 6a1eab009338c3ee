"""The pure rules of the child's pages: links, tries, age bands, drawings and advocacy."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest

from kith.voice.rules import (
    LINK_ATTEMPTS_MOST,
    AdvocacyChange,
    DrawingProblem,
    LinkState,
    advocacy_change_allowed,
    age_band_for,
    attempts_since,
    image_kind,
    link_expires_at,
    link_state,
    png_from_data_url,
    token_hash,
    too_many_attempts,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def test_only_a_sha256_of_the_token_is_kept() -> None:
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(token_hash("abc")) == 64


@pytest.mark.parametrize(("days", "expires"), [(1, NOW + timedelta(days=1)), (28, NOW + timedelta(days=28))])
def test_a_link_lasts_the_days_chosen(days: int, expires: datetime) -> None:
    assert link_expires_at(NOW, days) == expires


@pytest.mark.parametrize("days", [0, -1, 91])
def test_a_link_lasts_between_one_and_ninety_days(days: int) -> None:
    with pytest.raises(ValueError, match="1 to 90"):
        link_expires_at(NOW, days)


@pytest.mark.parametrize(
    ("expires_at", "revoked_at", "state"),
    [
        (NOW + timedelta(seconds=1), None, LinkState.ACTIVE),
        (NOW, None, LinkState.EXPIRED),
        (NOW - timedelta(days=1), None, LinkState.EXPIRED),
        (NOW + timedelta(days=1), NOW - timedelta(hours=1), LinkState.REVOKED),
        (NOW - timedelta(days=1), NOW - timedelta(days=2), LinkState.REVOKED),
    ],
)
def test_link_state(expires_at: datetime, revoked_at: datetime | None, state: LinkState) -> None:
    assert link_state(expires_at=expires_at, revoked_at=revoked_at, now=NOW) is state


@pytest.mark.parametrize(("failures", "refused"), [(0, False), (19, False), (20, True), (25, True)])
def test_too_many_failed_tries_are_refused(failures: int, refused: bool) -> None:
    assert too_many_attempts(failures, most=LINK_ATTEMPTS_MOST) is refused


def test_tries_are_counted_over_the_last_ten_minutes() -> None:
    assert attempts_since(NOW) == NOW - timedelta(minutes=10)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (None, "13+"),
        (date(2024, 1, 1), "4-7"),  # 2: younger than 4 uses the youngest band
        (date(2022, 11, 23), "4-7"),  # 4 today
        (date(2018, 11, 24), "4-7"),  # 7, 8 tomorrow
        (date(2018, 11, 23), "8-12"),  # 8 today
        (date(2013, 11, 24), "8-12"),  # 12
        (date(2013, 11, 23), "13+"),  # 13 today
        (date(2009, 1, 1), "13+"),
    ],
)
def test_age_band_from_date_of_birth(born: date | None, band: str) -> None:
    assert age_band_for(born, date(2026, 11, 23)) == band


@pytest.mark.parametrize(
    ("head", "kind"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (b"GIF89a", None), (b"%PDF-1.7", None), (b"", None)],
)
def test_image_kind_by_its_first_bytes(head: bytes, kind: str | None) -> None:
    assert image_kind(head) == kind


def test_a_canvas_drawing_is_read_from_its_data_url() -> None:
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert png_from_data_url(url) == PNG


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("data:image/jpeg;base64," + base64.b64encode(JPEG).decode(), "not_png"),
        ("data:image/png;base64," + base64.b64encode(JPEG).decode(), "not_png"),
        ("data:image/png;base64,not base64!", "not_png"),
        ("javascript:alert(1)", "not_png"),
        ("data:image/png;base64," + "A" * 200, "too_big"),
    ],
)
def test_a_canvas_drawing_that_is_not_a_png_is_refused(value: str, code: str) -> None:
    with pytest.raises(DrawingProblem) as refused:
        png_from_data_url(value, most=100)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("status", "change", "allowed"),
    [
        ("requested", AdvocacyChange.ALLOCATE, True),
        ("allocated", AdvocacyChange.ALLOCATE, False),
        ("closed", AdvocacyChange.ALLOCATE, False),
        ("requested", AdvocacyChange.CLOSE, True),
        ("allocated", AdvocacyChange.CLOSE, True),
        ("closed", AdvocacyChange.CLOSE, False),
    ],
)
def test_advocacy_changes(status: str, change: AdvocacyChange, allowed: bool) -> None:
    assert advocacy_change_allowed(status, change) is allowed
