"""The standards app's lines in the child's chronology: oversight, supervision and case audits.

Each arm returns exactly the chronology's columns: on_date (date), kind (text), a (text), b (text),
words (text), seq (timestamp or NULL) and rank (int), for the child `%(child)s`.

  standards_oversight    a: the decision, b: why
  standards_supervision  a: the practitioner's name, b: the supervisor's name
  standards_audit        a: the grade, b: the auditor's name
  standards_moderated    a: the moderated grade, b: the moderator's name
"""

from __future__ import annotations

from kith.core.codes import label_for
from kith.standards.models import Grade

OVERSIGHT = """
SELECT o.recorded_on AS on_date, 'standards_oversight' AS kind, o.decision AS a, o.rationale AS b,
       '' AS words, o.recorded_at AS seq, 20 AS rank
  FROM standards_managementoversight o WHERE o.child_id = %(child)s
"""

# The names are looked up one by one (a child has a handful of supervisions): joined, the planner
# would read every user to hash them, on every load of the record.
SUPERVISION = """
SELECT s.held_on AS on_date, 'standards_supervision' AS kind,
       (SELECT p.first_name || ' ' || p.last_name FROM core_user p WHERE p.id = s.practitioner_id) AS a,
       (SELECT u.first_name || ' ' || u.last_name FROM core_user u WHERE u.id = s.supervisor_id) AS b,
       '' AS words, s.recorded_at AS seq, 21 AS rank
  FROM standards_casesupervision s
 WHERE s.child_id = %(child)s
"""

AUDITS = """
SELECT c.audited_on AS on_date, 'standards_audit' AS kind, c.grade AS a, u.first_name || ' ' || u.last_name AS b,
       '' AS words, c.recorded_at AS seq, 22 AS rank
  FROM standards_caseaudit c JOIN core_user u ON u.id = c.auditor_id WHERE c.child_id = %(child)s
"""

MODERATED = """
SELECT c.moderated_on AS on_date, 'standards_moderated' AS kind, c.moderated_grade AS a,
       u.first_name || ' ' || u.last_name AS b, '' AS words, NULL AS seq, 23 AS rank
  FROM standards_caseaudit c JOIN core_user u ON u.id = c.moderator_id
 WHERE c.child_id = %(child)s AND c.status = 'moderated'
"""

CHRONOLOGY_ARMS: tuple[str, ...] = (OVERSIGHT, SUPERVISION, AUDITS, MODERATED)


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """(title, detail) for one of this app's chronology lines, in plain words."""
    if kind == "standards_oversight":
        return "Management oversight", f"{a} Why: {b}"
    if kind == "standards_supervision":
        return "Case discussed in supervision", f"{a} with {b}"
    if kind == "standards_audit":
        return "Case audited", f"Graded {label_for(Grade, a).lower()} by {b}"
    if kind == "standards_moderated":
        return "Case audit moderated", f"Moderated as {label_for(Grade, a).lower()} by {b}"
    return kind, ""
