"""The assessments' lines in the child's chronology.

The child's chronology is one SQL UNION ALL (kith.journey.chronology); each arm here is one more
source for it, returning exactly its columns: on_date (date), kind (text), a (text), b (text),
words (text), seq (timestamp or NULL) and rank (int), for the child `%(child)s`. `describe`
turns a row's kind, a and b into the line's title and detail in plain words.

  assessment_started     a: the kind of assessment, b: its due date (ISO)
  assessment_submitted   a: the kind, b: empty
  assessment_authorised  a: the kind, b: the manager's rationale
  assessment_returned    a: the kind, b: the manager's rationale
  assessment_completed   a: the kind, b: the decision (the date the practitioner completed an
                         assessment that has since been authorised)
  assessment_scaling     a: who|name, b: score|reason, words: the reason when the child gave it

Scaling asked during plan reviews, meetings and visits belongs to those events' own lines.
"""

from __future__ import annotations

from datetime import date

from kith.assessments.codes import AssessmentKind
from kith.assessments.labels import practice_labels
from kith.assessments.models import ScalingWho
from kith.core.codes import label_for
from kith.journey.dates import short_date

STARTED = """
SELECT a.starts_on AS on_date, 'assessment_started' AS kind, a.kind AS a, CAST(a.due_on AS TEXT) AS b,
       '' AS words, a.created_at AS seq, 6 AS rank
  FROM assessments_assessment a WHERE a.child_id = %(child)s
"""

STATUS_CHANGES = """
SELECT s.changed_on AS on_date, 'assessment_' || s.status AS kind, a.kind AS a, s.rationale AS b,
       '' AS words, s.changed_at AS seq, 7 AS rank
  FROM assessments_statuschange s JOIN assessments_assessment a ON a.id = s.assessment_id
 WHERE a.child_id = %(child)s
"""

COMPLETED = """
SELECT a.completed_on AS on_date, 'assessment_completed' AS kind, a.kind AS a, a.decision AS b,
       '' AS words, NULL AS seq, 8 AS rank
  FROM assessments_assessment a
 WHERE a.child_id = %(child)s AND a.status = 'authorised' AND a.completed_on IS NOT NULL
"""

SCALING = """
SELECT sc.asked_on AS on_date, 'assessment_scaling' AS kind, sc.who || '|' || sc.name AS a,
       CAST(sc.score AS TEXT) || '|' || sc.reason AS b,
       CASE WHEN sc.who = 'child' THEN sc.reason ELSE '' END AS words, sc.recorded_at AS seq, 9 AS rank
  FROM assessments_scalingscore sc
 WHERE sc.child_id = %(child)s AND sc.context = 'assessment'
"""

CHRONOLOGY_ARMS: tuple[str, ...] = (STARTED, STATUS_CHANGES, COMPLETED, SCALING)


def _kind(code: str) -> str:
    return label_for(AssessmentKind, code)


def _date(iso: str) -> str:
    try:
        return short_date(date.fromisoformat(iso[:10]))
    except ValueError:
        return iso


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """The chronology line's title and detail for one of this app's rows."""
    a, b = a or "", b or ""
    if kind == "assessment_started":
        return f"{_kind(a)} started", f"Due {_date(b)}" if b else ""
    if kind == "assessment_submitted":
        return f"{_kind(a)} sent to a manager for a decision", ""
    if kind == "assessment_authorised":
        return f"{_kind(a)} authorised", b
    if kind == "assessment_returned":
        return f"{_kind(a)} returned for more work", b
    if kind == "assessment_completed":
        return f"{_kind(a)} completed", f"Decision: {b}" if b else ""
    if kind == "assessment_scaling":
        who, _, name = a.partition("|")
        score, _, reason = b.partition("|")
        title = f"{practice_labels()['scaling']}: {name} ({label_for(ScalingWho, who).lower()}) gave {score} out of 10"
        return title, reason
    return kind, b
