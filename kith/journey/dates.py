"""Dates in words for the journey's pages, as Django's ``date`` filter writes them.

Django's filter looks the format up and translates month names on every call (about 15 µs); a
caseload or a chronology shows dozens of dates, most of them repeated. The same formatter runs
here once per date, format and language, and the words are kept.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.utils import dateformat
from django.utils.translation import get_language

SHORT = "j M Y"  # 4 Sep 2026
LONG = "j F Y"  # 4 September 2026


@lru_cache(maxsize=8192)
def _words(on: date, style: str, language: str | None) -> str:
    return dateformat.format(on, style)


def short_date(on: date | None, default: str = "") -> str:
    return _words(on, SHORT, get_language()) if on is not None else default


def long_date(on: date | None, default: str = "") -> str:
    return _words(on, LONG, get_language()) if on is not None else default
