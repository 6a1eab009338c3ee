"""Where explanations come from: each kind of decision (an assessment, a meeting or conference,
a plan review) reads its record into an `ExplanationSource`.

The apps that own those records register a reader here, so this app does not need to know their
models: `register("assessment", read_assessment)`.
"""

from __future__ import annotations

from collections.abc import Callable

from kith.people.models import Child
from kith.voice.explain import ExplanationSource

# (child, source id) → the source, or None when there is no such record for this child.
Reader = Callable[[Child, int], ExplanationSource | None]
_READERS: dict[str, Reader] = {}


def register(kind: str, reader: Reader) -> None:
    _READERS[kind] = reader


def read_source(kind: str, child: Child, source_id: int) -> ExplanationSource | None:
    reader = _READERS.get(kind)
    return reader(child, source_id) if reader else None


def known_kinds() -> tuple[str, ...]:
    return tuple(sorted(_READERS))
