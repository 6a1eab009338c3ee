"""Pure decisions about oversight, supervision and audits: what is refused, and in what words.

Nothing here reads the clock or the database: callers pass `today` and plain values. Problems
come back as (field, message) in GOV.UK words, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

Problem = tuple[str, str] | None
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class ActionInput:
    what: str
    owner_id: int | None
    due_on: date | None


def action_problem(action: ActionInput, *, on: date, prefix: str = "action") -> Problem:
    """An action says what, who and by when; the date is on or after the day it was agreed."""
    if not action.what.strip():
        return (f"{prefix}_what", "Enter what needs to happen")
    if action.owner_id is None:
        return (f"{prefix}_owner", "Select who will do it")
    if action.due_on is None:
        return (f"{prefix}_due_on", "Enter the date it needs to be done by")
    if action.due_on < on:
        return (f"{prefix}_due_on", "The date it needs to be done by must be on or after the day it was agreed")
    return None


def dated_problem(*, on: date | None, today: date, field: str, label: str) -> Problem:
    if on is None:
        return (field, f"Enter the {label}")
    if on > today:
        return (field, f"The {label} must be today or in the past")
    return None


def oversight_problem(*, recorded_on: date | None, decision: str, rationale: str, today: date) -> Problem:
    """Oversight records a decision and why: a decision without a reason is refused."""
    dated = dated_problem(on=recorded_on, today=today, field="recorded_on", label="date of the oversight")
    if dated:
        return dated
    if not decision.strip():
        return ("decision", "Enter the decision")
    if not rationale.strip():
        return ("rationale", "Enter why you made this decision")
    return None


def supervision_problem(*, held_on: date | None, reflection: str, analysis: str, today: date) -> Problem:
    dated = dated_problem(on=held_on, today=today, field="held_on", label="date of the supervision")
    if dated:
        return dated
    if not reflection.strip():
        return ("reflection", "Enter the reflection")
    if not analysis.strip():
        return ("analysis", "Enter the analysis")
    return None


def audit_problem(*, grade: str, strengths: str, improvements: str) -> Problem:
    """An audit is graded with what is working well; a grade below good says what must improve."""
    if grade not in GRADES:
        return ("grade", "Select a grade")
    if not strengths.strip():
        return ("strengths", "Enter what is working well")
    if grade in ("requires_improvement", "inadequate") and not improvements.strip():
        return ("improvements", "Enter what needs to improve")
    return None


def moderation_problem(*, auditor_id: int, moderator_id: int, grade: str, note: str, already: bool) -> Problem:
    """A second manager moderates: not the auditor, once, with a reason if they change the grade."""
    if already:
        return ("__all__", "This audit has already been moderated")
    if auditor_id == moderator_id:
        return ("__all__", "A second manager must moderate the audit: you graded it")
    if grade not in GRADES:
        return ("grade", "Select the moderated grade")
    return None


def grade_changed_problem(*, original: str, moderated: str, note: str) -> Problem:
    if moderated != original and not note.strip():
        return ("note", "Enter why you changed the grade")
    return None


def agreement(pairs: Sequence[tuple[str, str]]) -> int | None:
    """The share of moderated audits whose grade the moderator agreed with, as a whole percentage."""
    if not pairs:
        return None
    return round(100 * sum(1 for a, b in pairs if a == b) / len(pairs))
