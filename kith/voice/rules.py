"""Pure decisions for the child's own pages: how long a link lasts, whether it still works, when
too many tries are refused, which age band a child's pages start in, what a drawing's bytes are,
and which changes an advocacy request may make. No database, no clock: callers pass `now`/`today`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import date, datetime, timedelta
from enum import Enum

from kith.people.rules import age_on
from kith.voice.explain import MIDDLE, OLDER, YOUNG, age_band

AGE_BANDS = (YOUNG, MIDDLE, OLDER)

LINK_DAYS_DEFAULT = 28
LINK_DAYS_CHOICES = (7, 14, 28, 56)
LINK_DAYS_MOST = 90

# Failed tries at a link from one address, and at the give-back password for one user, within
# the window, before further tries are refused for the rest of it.
ATTEMPT_WINDOW = timedelta(minutes=10)
LINK_ATTEMPTS_MOST = 20
GIVE_BACK_ATTEMPTS_MOST = 5

# Pressing "I do not feel safe" again while an alert is still waiting, within this time, adds to
# that alert instead of raising another: the duty team sees one alert pressed three times.
ALERT_COALESCE = timedelta(minutes=30)

LARGEST_DRAWING_BYTES = 3 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG, JPEG = "image/png", "image/jpeg"
DATA_URL_PREFIX = "data:image/png;base64,"


class LinkState(Enum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def token_hash(token: str) -> str:
    """What is kept of a link's token: its SHA-256, in hex. A token carries 192 random bits, so
    a plain hash cannot be reversed by guessing and needs no salt or slow hashing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_expires_at(made_at: datetime, days: int) -> datetime:
    """When a link made at `made_at` to last `days` days stops working."""
    if not 1 <= days <= LINK_DAYS_MOST:
        raise ValueError(f"A link lasts from 1 to {LINK_DAYS_MOST} days")
    return made_at + timedelta(days=days)


def link_state(*, expires_at: datetime, revoked_at: datetime | None, now: datetime) -> LinkState:
    """Revoked wins over expired: the child is told the worker stopped it, not that time ran out."""
    if revoked_at is not None:
        return LinkState.REVOKED
    if expires_at <= now:
        return LinkState.EXPIRED
    return LinkState.ACTIVE


def attempts_since(now: datetime) -> datetime:
    """The start of the window in which failed tries are counted."""
    return now - ATTEMPT_WINDOW


def too_many_attempts(failures: int, *, most: int) -> bool:
    """Refuse once `most` tries have failed within the window."""
    return failures >= most


def age_band_for(date_of_birth: date | None, today: date) -> str:
    """The band a child's pages start in: 4 to 7 (used with a worker), 8 to 12, or 13 and over.
    Younger than 4 uses the youngest band; a child whose age is not known starts in the oldest,
    and can change it on the page."""
    if date_of_birth is None:
        return OLDER
    return age_band(max(age_on(date_of_birth, today), 4))


def image_kind(head: bytes) -> str | None:
    """PNG or JPEG by the file's first bytes (never by its name or the browser's word)."""
    if head.startswith(PNG_MAGIC):
        return PNG
    if head.startswith(JPEG_MAGIC):
        return JPEG
    return None


class DrawingProblem(ValueError):
    """The drawing cannot be kept: `code` says why ("not_png", "not_image", "too_big"); the form
    puts it into words for the child."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def png_from_data_url(value: str, *, most: int = LARGEST_DRAWING_BYTES) -> bytes:
    """The PNG bytes of a canvas drawing sent as a data URL, or DrawingProblem."""
    if not value.startswith(DATA_URL_PREFIX):
        raise DrawingProblem("not_png")
    encoded = value[len(DATA_URL_PREFIX) :]
    if len(encoded) > most * 4 // 3 + 4:
        raise DrawingProblem("too_big")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DrawingProblem("not_png") from None
    if image_kind(content) != PNG:
        raise DrawingProblem("not_png")
    return content


class AdvocacyChange(Enum):
    ALLOCATE = "allocate"
    CLOSE = "close"


def advocacy_change_allowed(status: str, change: AdvocacyChange) -> bool:
    """An advocate is allocated to a request still waiting; a request is closed once, from
    waiting (no longer wanted) or from allocated (the advocacy finished)."""
    if change is AdvocacyChange.ALLOCATE:
        return status == "requested"
    return status in ("requested", "allocated")
