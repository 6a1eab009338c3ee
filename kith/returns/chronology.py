"""The returns app's arms of the child's chronology: going missing or away from placement, and
reviews of a looked-after child (recorded for the SSDA903).

Each arm is a SQL SELECT for the child `%(child)s` returning the chronology's columns
(on_date, kind, a, b, words, seq, rank), which the journey app joins into its one UNION ALL.
The SQL is plain and runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from kith.core.codes import label_for
from kith.returns.codes import MissingKind, ReviewParticipation

MISSING = """
SELECT m.starts_on AS on_date, 'returns_missing' AS kind, m.kind AS a,
       COALESCE(CAST(m.ends_on AS VARCHAR(10)), '') AS b, '' AS words, NULL AS seq, 5 AS rank
  FROM returns_missingepisode m WHERE m.child_id = %(child)s
"""

LOOKED_AFTER_REVIEW = """
SELECT r.held_on AS on_date, 'returns_lac_review' AS kind, r.participation AS a, '' AS b,
       '' AS words, NULL AS seq, 6 AS rank
  FROM returns_lookedafterreview r WHERE r.child_id = %(child)s
"""

CHRONOLOGY_ARMS: tuple[str, ...] = (MISSING, LOOKED_AFTER_REVIEW)


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """A chronology line of the returns app as (title, detail) in plain words."""
    if kind == "returns_missing":
        what = "Went missing" if a == MissingKind.MISSING else "Away from placement without permission"
        return what, f"Back on {b}" if b else "Not yet back"
    if kind == "returns_lac_review":
        return "Looked-after review held", label_for(ReviewParticipation, a)
    return kind, b
