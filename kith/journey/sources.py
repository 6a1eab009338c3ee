"""The other apps' lines in the child's chronology.

Each app that has dated events about a child (assessments, plans, meetings, the child's own
words, returns) offers `CHRONOLOGY_ARMS` — SQL arms returning the chronology's columns for
`%(child)s` — and `describe(kind, a, b) -> (title, detail)`, with its kinds prefixed by its name.
The record's chronology stays one UNION ALL statement over all of them.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType

# Kind prefix → the module that owns those kinds.
SOURCES: dict[str, str] = {
    "assessment_": "kith.assessments.chronology",
    "plans_": "kith.plans.chronology",
    "meetings_": "kith.meetings.chronology",
    "voice_": "kith.voice.chronology",
    "returns_": "kith.returns.chronology",
    "standards_": "kith.standards.chronology",
    "partnership_": "kith.partnership.chronology",
}


@cache
def _modules() -> tuple[tuple[str, ModuleType], ...]:
    return tuple((prefix, import_module(name)) for prefix, name in SOURCES.items())


@cache
def other_arms() -> tuple[str, ...]:
    """Every other app's SQL arms, in a fixed order."""
    return tuple(arm.strip() for _, module in _modules() for arm in module.CHRONOLOGY_ARMS)


def describe(kind: str, a: str, b: str) -> tuple[str, str] | None:
    """The title and detail of another app's line, or None if no app owns the kind."""
    for prefix, module in _modules():
        if kind.startswith(prefix):
            title, detail = module.describe(kind, a, b)
            return str(title), str(detail)
    return None
