"""Pure decisions about people: search normalisation, ages, and what makes a person's record valid."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from kith.core.rules import nhs_number_is_valid, upn_is_valid

__all__ = [
    "age_on",
    "dob_problem",
    "nhs_number_is_valid",
    "normalise_name",
    "phonetic_key",
    "upn_is_valid",
]

_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")


def normalise_name(*parts: str) -> str:
    """Lower case, accents removed, punctuation dropped: "Zoë O'Brien-Núñez" → "zoe obrien nunez"."""
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_text = ascii_text.replace("-", " ")
    return " ".join(_NOT_LETTERS.sub("", ascii_text).split())


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


def _soundex(word: str) -> str:
    if not word:
        return ""
    first, rest = word[0], word[1:]
    coded = []
    last = first.translate(_SOUNDEX) if first in "bfpvcgjkqsxzdtlmnr" else ""
    for char in rest:
        code = char.translate(_SOUNDEX) if char in "bfpvcgjkqsxzdtlmnr" else ""
        if code and code != last:
            coded.append(code)
        if char not in "hw":
            last = code
    return (first + "".join(coded) + "000")[:4]


def phonetic_key(normalised: str) -> str:
    """Soundex codes of each word, so that "Jaiden Smyth" and "Jayden Smith" meet on SQLite,
    where there is no trigram index. Surrounded by spaces so a word can be matched whole."""
    codes = sorted({_soundex(word) for word in normalised.split() if word.isalpha()})
    return f" {' '.join(codes)} " if codes else ""


def age_on(date_of_birth: date, today: date) -> int:
    years = today.year - date_of_birth.year
    return years - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


def dob_problem(
    *, date_of_birth: date | None, expected_date_of_birth: date | None, today: date
) -> tuple[str, str] | None:
    """The field at fault and a GOV.UK-style message, or None when the dates make sense."""
    if date_of_birth and date_of_birth > today:
        return "date_of_birth", "Date of birth must be today or in the past"
    if date_of_birth and expected_date_of_birth:
        return "expected_date_of_birth", "Remove the expected date of birth once the child is born"
    return None


_DATE_FORMATS = (re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"))


def parse_search(text: str) -> tuple[str, str | date]:
    """What a search box entry is: ("nhs", digits), ("upn", upn), ("dob", date), ("id", text)
    for a local child ID, or ("name", normalised name)."""
    raw = text.strip()
    compact = raw.replace(" ", "")
    if compact.isdigit() and len(compact) == 10:
        return "nhs", compact
    if len(compact) == 13 and compact[0].isalpha() and compact[1:12].isdigit():
        return "upn", compact.upper()
    for pattern in _DATE_FORMATS:
        match = pattern.match(raw)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = (parts[2], parts[1], parts[0]) if pattern is _DATE_FORMATS[0] else parts
            try:
                return "dob", date(year, month, day)
            except ValueError:
                break
    if any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact):
        return "id", compact.upper()
    return "name", normalise_name(raw)
