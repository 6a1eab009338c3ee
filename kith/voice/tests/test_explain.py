"""Drafting explanations in plain words, and measuring how easy they are to read."""

from __future__ import annotations

from datetime import date

import pytest

from kith.voice.explain import CHILD, PARENTS, Decision, ExplanationSource, age_band, draft
from kith.voice.readability import readability, syllables, target_reading_age


def source(age: int | None = 9, **changes: object) -> ExplanationSource:
    fields: dict[str, object] = {
        "kind": "conference",
        "title": "Initial child protection conference",
        "held_on": date(2026, 11, 12),
        "child_name": "Jay",
        "child_age": age,
        "worker_name": "Alice Ahmed",
        "decisions": (Decision("Jay will have a child protection plan", "Jay has been hurt at home twice this year"),),
        "worries": ("Jay was hurt when the adults argued",),
        "strengths": ("Nan picks Jay up from school every day",),
        "goals": ("Jay feels safe at home every day",),
        "next_steps": ("Mum will go to the Freedom Programme by 1 February",),
        "next_date": date(2027, 2, 11),
        "next_what": "review conference",
        **changes,
    }
    return ExplanationSource(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("age", "band"), [(4, "4-7"), (7, "4-7"), (8, "8-12"), (12, "8-12"), (13, "13+"), (None, "13+")]
)
def test_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


def test_the_childs_draft_says_what_was_decided_why_and_what_happens_next() -> None:
    sections = {s.key: s for s in draft(source(), audience=CHILD)}
    assert list(sections) == ["happened", "decided", "why", "next", "voice"]
    assert "Jay will have a child protection plan" in sections["decided"].text
    assert "Jay has been hurt at home twice this year" in sections["why"].text
    assert "Thursday 11 February 2027" in sections["next"].text
    assert "advocate" in sections["voice"].text
    assert all(s.picture for s in sections.values())


def test_a_young_childs_draft_is_shorter_and_leaves_out_the_formal_reasons() -> None:
    young = {s.key: s.text for s in draft(source(age=5), audience=CHILD)}
    assert "some grown-ups met" in young["happened"]
    assert "Why:" not in young["why"]
    assert "Nan picks Jay up" in young["why"]


def test_the_parents_draft_says_how_to_disagree() -> None:
    sections = {s.key: s for s in draft(source(), audience=PARENTS)}
    assert sections["voice"].heading == "If you have questions or disagree"
    assert "complaint" in sections["voice"].text


def test_a_draft_with_nothing_decided_still_reads() -> None:
    sections = {s.key: s.text for s in draft(source(decisions=(), worries=(), strengths=()), audience=CHILD)}
    assert sections["decided"] == "Nothing new was decided this time."


@pytest.mark.parametrize(
    ("word", "count"), [("cat", 1), ("table", 2), ("conference", 3), ("liked", 1), ("decided", 3), ("cake", 1)]
)
def test_syllables_are_counted_by_rule_of_thumb(word: str, count: int) -> None:
    assert syllables(word) == count


def test_plain_words_read_easier_than_officialese() -> None:
    plain = readability("We met today. We talked about you. Nan will help. You are safe at school.")
    official = readability(
        "Consideration was given to the multi-agency safeguarding information, culminating in a determination "
        "that the threshold for significant harm, pursuant to section forty-seven, had been satisfied."
    )
    assert plain.reading_ease > 80 > official.reading_ease
    assert plain.reading_age < official.reading_age
    assert readability("").in_words == "No text yet"


def test_the_target_reading_age_follows_the_child() -> None:
    assert target_reading_age(audience="child", child_age=10) == 9
    assert target_reading_age(audience="child", child_age=5) == 6
    assert target_reading_age(audience="parents", child_age=5) == 11
