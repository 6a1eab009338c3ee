"""The words the mapping is shown in: configuration, not code.

Councils practise under different models and call the same things by different names (and some
names, such as Signs of Safety's, are trademarks). Kith's defaults are plain, generic wording; a
council overrides any of them with the `KITH_PRACTICE_LABELS` setting, a dict such as
`{"danger": "Worry statement", "goal": "Wellbeing goal"}`. Templates show these labels and never
write the names themselves.

The setting is read when the labels are asked for, never at import time, so a council's
settings (and a test's `override_settings`) always apply.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_LABELS: dict[str, str] = {
    "mapping": "Mapping",
    "mapping_intro": (
        "What we are worried about, what is working well and what needs to happen, in words the family can understand."
    ),
    "worried": "What are we worried about?",
    "working_well": "What's working well?",
    "needs_to_happen": "What needs to happen?",
    "harm": "Harm",
    "harm_prompt": "What has happened to the child, when, and what impact it had on them.",
    "danger": "Danger statement",
    "danger_plural": "Danger statements",
    "danger_prompt": (
        "Who is worried, what they are worried could happen, and what it would mean for the child if nothing changes."
    ),
    "complicating": "Complicating factors",
    "complicating_prompt": "What makes things harder, without being harm or danger in itself.",
    "strength": "Existing strengths",
    "strength_prompt": "What the family and the people around them already do well for the child.",
    "existing_safety": "Existing safety",
    "existing_safety_prompt": "What is already keeping the child safe, shown over time.",
    "goal": "Safety goal",
    "goal_plural": "Safety goals",
    "goal_prompt": "What everyone needs to see happening, over time, for this worry to be gone.",
    "next_step": "Next steps",
    "next_step_prompt": "What needs to happen next, who will do it and by when.",
    "scaling": "Scaling",
    "scaling_question": (
        "On a scale of 0 to 10, where 10 means everyone is confident the child is safe and well enough "
        "for us to stop being involved, and 0 means things are so worrying the child cannot stay where "
        "they are, where are things now?"
    ),
}


class PracticeLabels(Mapping[str, str]):
    """The council's labels: the defaults with `KITH_PRACTICE_LABELS` applied. Templates read
    them as `{{ labels.worried }}`."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        unknown = sorted(set(overrides) - set(DEFAULT_LABELS))
        if unknown:
            raise ImproperlyConfigured(
                f"KITH_PRACTICE_LABELS has unknown names: {', '.join(unknown)}. "
                f"Known names: {', '.join(sorted(DEFAULT_LABELS))}"
            )
        blank = sorted(name for name, text in overrides.items() if not isinstance(text, str) or not text.strip())
        if blank:
            raise ImproperlyConfigured(f"KITH_PRACTICE_LABELS values must be words, not empty: {', '.join(blank)}")
        self._labels = {**DEFAULT_LABELS, **overrides}

    def __getitem__(self, name: str) -> str:
        return self._labels[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


def practice_labels() -> PracticeLabels:
    """The labels to show now, read from settings on every call (cheap: a dict merge)."""
    return PracticeLabels(dict(getattr(settings, "KITH_PRACTICE_LABELS", {}) or {}))
