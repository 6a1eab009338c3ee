"""The child's pages in Arabic (right to left) and Polish, end to end: chosen on the page or
from the browser's language, every string translated, the compiled catalogues up to date."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from kith.people.models import Child

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def test_the_arabic_page_reads_right_to_left(jaydens_link: Client) -> None:
    assert jaydens_link.get("/me/?lang=ar").status_code == 302
    response = jaydens_link.get("/me/")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "لا أشعر بالأمان" in html  # I do not feel safe
    assert "صفحاتي" in html  # My pages
    assert "مرحبًا Jay" in html
    assert response["Content-Language"] == "ar"


def test_the_polish_page_reads_left_to_right(jaydens_link: Client) -> None:
    jaydens_link.get("/me/houses/?lang=pl")
    html = jaydens_link.get("/me/houses/").content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    assert "Nie czuję się bezpiecznie" in html and "Domek zmartwień" in html


def test_errors_come_in_the_childs_language(jaydens_link: Client) -> None:
    jaydens_link.get("/me/?lang=ar")
    response = jaydens_link.post("/me/feelings/", {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "هناك مشكلة" in html  # There is a problem
    assert "اختر وجهًا" in html  # Choose a face


def test_the_browsers_language_is_used_until_the_child_chooses(jayden: Child, alice: object) -> None:
    from kith.voice.tests.conftest import open_link

    client, _ = open_link(jayden, alice)  # type: ignore[arg-type]
    html = client.get("/me/", HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9").content.decode()
    assert '<html lang="pl"' in html
    client.get("/me/?lang=en-gb")
    assert '<html lang="en-gb"' in client.get("/me/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()


def test_a_kind_refusal_is_translated_too(jayden: Child, alice: object) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="ar").get("/me/start/not-a-real-token/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'dir="rtl"' in html and "هذا الرابط لا يعمل" in html


@pytest.mark.parametrize("language", ["ar", "pl"])
def test_every_string_is_translated_and_compiled(language: str) -> None:
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= (LOCALE / language / "LC_MESSAGES" / "django.po").stat().st_mtime - 1
    assert "#, fuzzy" not in po
    empty = re.findall(r'msgid "(.+)"\nmsgstr ""\n', po)
    assert empty == []
    for msgid, msgstr in re.findall(r'msgid "(.+)"\nmsgstr "(.+)"', po):
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) >= sorted(set(re.findall(r"%\(\w+\)s", msgstr))), msgid


@pytest.mark.parametrize("language", ["ar", "pl"])
def test_no_other_catalogue_overrides_the_childs_words(language: str) -> None:
    """Django merges every app's translations and the first app listed wins: a word the admin
    also translates (its "Home" is a home page) must come out as the child's pages say."""
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    with translation.override(language):
        for key, expected in catalogue.items():
            if not key or isinstance(key, tuple):
                continue
            if "\x04" in key:
                context, msgid = key.split("\x04", 1)
                assert translation.pgettext(context, msgid) == expected, key
            else:
                assert translation.gettext(key) == expected, key
