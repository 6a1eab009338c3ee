"""How easy a text is to read: the Flesch reading ease score and a reading age.

Pure functions, no dependencies. Syllables are counted by a well-known vowel-group rule of thumb,
which is close enough to guide a practitioner ("aim for a reading age of 9 for a child of 10"),
not to grade them. The page shows the figure with what it means in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_ENDS = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n|\n\s*[-•*]\s")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups with the common silent endings dropped:
    "liked" (1) but "decided" (3), "cake" (1) but "table" (2)."""
    w = "".join(c for c in word.lower() if c.isalpha())
    if len(w) <= 3:
        return 1
    if w.endswith("es") or (w.endswith("ed") and w[-3] not in "td"):
        w = w[:-2]
    elif w.endswith("e") and not w.endswith("le"):
        w = w[:-1]
    return max(1, len(_VOWEL_GROUPS.findall(w)))


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    reading_ease: float  # Flesch: 100 very easy … 0 very hard
    reading_age: int  # years, from the Flesch-Kincaid grade (US grade + 5)

    @property
    def in_words(self) -> str:
        if self.words == 0:
            return "No text yet"
        if self.reading_ease >= 80:
            return "Very easy to read"
        if self.reading_ease >= 65:
            return "Easy to read"
        if self.reading_ease >= 50:
            return "Fairly hard to read"
        return "Hard to read: use shorter sentences and shorter words"


def readability(text: str) -> Readability:
    """Flesch reading ease and a reading age for `text`."""
    words = _WORDS.findall(text)
    if not words:
        return Readability(0, 0, 0, 100.0, 5)
    sentences = max(1, len([s for s in _SENTENCE_ENDS.split(text) if _WORDS.search(s)]))
    syllable_count = sum(syllables(w) for w in words)
    per_sentence = len(words) / sentences
    per_word = syllable_count / len(words)
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return Readability(
        words=len(words),
        sentences=sentences,
        syllables=syllable_count,
        reading_ease=round(max(0.0, min(100.0, ease)), 1),
        reading_age=max(5, round(grade + 5)),
    )


def target_reading_age(*, audience: str, child_age: int | None) -> int:
    """The reading age to aim for: a year or two below the child's age, and plain English (about
    9 to 11) for parents, as the GOV.UK and Plain English Campaign guidance suggests."""
    if audience == "parents":
        return 11
    if child_age is None:
        return 9
    return max(6, min(12, child_age - 1))
