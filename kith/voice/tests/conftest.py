"""Shared pieces for the voice app's tests: a child's link opened in a test client, and
pictures as a phone would send them."""

from __future__ import annotations

import pytest
from django.test import Client

from kith.core.models import User
from kith.people.models import Child
from kith.voice.child_actions import Speaker, do_make_child_link
from kith.voice.models import Via


def open_link(child: Child, by: User, *, days: int = 28, client: Client | None = None) -> tuple[Client, str]:
    """A browser that has opened a new link for `child`: its client and the token."""
    made = do_make_child_link(child=child, days=days, by=by)
    browser = client or Client()
    response = browser.get(f"/me/start/{made.token}/")
    assert response.status_code == 302, response.content.decode()[:500]
    return browser, made.token


@pytest.fixture
def jaydens_link(jayden: Child, alice: User) -> Client:
    return open_link(jayden, alice)[0]


def png_bytes(size: tuple[int, int] = (20, 10), colour: str = "red") -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(*, with_location: bool = False) -> bytes:
    """A small JPEG, with a GPS position in its metadata when asked (as a phone's photo has)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (30, 20), "blue")
    exif = Image.Exif()
    if with_location:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def speaker(jayden: Child, alice: User) -> Speaker:
    """Jayden on his own pages, through a link Alice made."""
    made = do_make_child_link(child=jayden, days=28, by=alice)
    return Speaker(child=jayden, via=Via.LINK, worker=alice, link=made.link, age_band="8-12", language="en-gb")
