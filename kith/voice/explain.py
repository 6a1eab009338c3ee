"""Draft plain-language explanations of a decision: one for the child, in words for their age,
and one for the parents, saying what was decided and why, and what happens next.

Pure: it takes an `ExplanationSource` (plain values read from an assessment, a conference or a
review) and returns sections of text. The practitioner always edits the draft before it is
given: it is a starting point in plain words, never a finished letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CHILD, PARENTS = "child", "parents"
YOUNG, MIDDLE, OLDER = "4-7", "8-12", "13+"


@dataclass(frozen=True)
class Decision:
    what: str
    why: str


@dataclass(frozen=True)
class ExplanationSource:
    """What an explanation can say, read from the record."""

    kind: str  # "assessment", "conference", "review", "meeting"
    title: str  # e.g. "Initial child protection conference"
    held_on: date
    child_name: str  # the name the child likes to be called
    child_age: int | None
    worker_name: str
    decisions: tuple[Decision, ...] = ()
    worries: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    next_date: date | None = None
    next_what: str = ""
    child_said: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str
    picture: str  # a key into kith.voice.pictures


def age_band(age: int | None) -> str:
    """The child's age band: 4 to 7 (read with a worker), 8 to 12, 13 and over."""
    if age is None or age >= 13:
        return OLDER
    return YOUNG if age <= 7 else MIDDLE


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def _bullets(items: tuple[str, ...], limit: int = 5) -> str:
    return "\n".join(f"- {item.strip().rstrip('.')}." for item in items[:limit] if item.strip())


def _what_happened(s: ExplanationSource, audience: str, band: str) -> str:
    when = _day(s.held_on)
    if audience == PARENTS:
        return (
            f"On {when} there was a {s.title.lower()} about {s.child_name}. {s.worker_name} is {s.child_name}'s worker."
        )
    if band == YOUNG:
        return f"On {when}, some grown-ups met to talk about how to help you. {s.worker_name} is your worker."
    return f"On {when} there was a {s.title.lower()} about you. {s.worker_name} is your worker and was there."


def _decided(s: ExplanationSource, audience: str, band: str) -> str:
    if not s.decisions:
        return "Nothing new was decided." if audience == PARENTS else "Nothing new was decided this time."
    if band == YOUNG and audience == CHILD:
        return "The grown-ups decided:\n" + _bullets(tuple(d.what for d in s.decisions), 3)
    return "What was decided:\n" + _bullets(tuple(d.what for d in s.decisions))


def _why(s: ExplanationSource, audience: str, band: str) -> str:
    reasons = tuple(d.why for d in s.decisions if d.why)
    parts = []
    if s.worries:
        lead = (
            "The grown-ups are worried that:"
            if band == YOUNG and audience == CHILD
            else "What people are worried about:"
        )
        parts.append(lead + "\n" + _bullets(s.worries, 3 if band == YOUNG else 5))
    if s.strengths:
        lead = "Good things people see:" if audience == CHILD else "What is working well:"
        parts.append(lead + "\n" + _bullets(s.strengths, 3 if band == YOUNG else 5))
    if reasons and not (band == YOUNG and audience == CHILD):
        parts.append("Why:\n" + _bullets(reasons))
    return "\n\n".join(parts) or "The reasons are written in the full record. Ask your worker to go through them."


def _next(s: ExplanationSource, audience: str, band: str) -> str:
    parts = []
    if s.goals:
        lead = "What we are all working towards:" if audience == CHILD else "The goals in the plan:"
        parts.append(lead + "\n" + _bullets(s.goals, 3 if band == YOUNG else 5))
    if s.next_steps:
        parts.append("Who will do what:\n" + _bullets(s.next_steps, 3 if band == YOUNG else 6))
    if s.next_date:
        what = s.next_what or "next meeting"
        parts.append(f"The {what} will be on {_day(s.next_date)}.")
    return "\n\n".join(parts) or f"{s.worker_name} will tell you what happens next."


def _voice(s: ExplanationSource, audience: str, band: str) -> str:
    said = f'You told us: "{s.child_said}". ' if s.child_said and audience == CHILD else ""
    if audience == PARENTS:
        return (
            f"You can talk to {s.worker_name} about anything in this letter. If you do not agree with a "
            "decision, you can say so, ask for an advocate, or make a complaint, and we will explain how."
        )
    if band == YOUNG:
        return f"{said}You can tell {s.worker_name}, or a grown-up you trust, how you feel about this."
    return (
        f"{said}What you think matters. You can tell {s.worker_name}, ask for an advocate to help you "
        "say it, or write or draw it for the next meeting."
    )


HEADINGS = {
    CHILD: {
        "happened": "What happened",
        "decided": "What was decided",
        "why": "Why",
        "next": "What happens next",
        "voice": "What you think matters",
    },
    PARENTS: {
        "happened": "What this is about",
        "decided": "What was decided",
        "why": "Why it was decided",
        "next": "What happens next",
        "voice": "If you have questions or disagree",
    },
}
PICTURES = {"happened": "people", "decided": "tick", "why": "question", "next": "calendar", "voice": "speech"}


def draft(source: ExplanationSource, *, audience: str) -> tuple[Section, ...]:
    """The draft sections of an explanation for `audience` ("child" or "parents")."""
    band = age_band(source.child_age) if audience == CHILD else OLDER
    writers = {
        "happened": _what_happened,
        "decided": _decided,
        "why": _why,
        "next": _next,
        "voice": _voice,
    }
    return tuple(
        Section(key, HEADINGS[audience][key], writer(source, audience, band), PICTURES[key])
        for key, writer in writers.items()
    )
