"""The meetings' lines in the child's chronology, as SQL arms for the record's one UNION ALL
(kith.journey.chronology), and the words for each line.

Each arm returns `on_date, kind, a, b, words, seq, rank` for the child `%(child)s`, and runs
unchanged on SQLite and PostgreSQL (dates are cast to text where they travel in `a` or `b`).
- meetings_planned: a meeting was planned (a: kind, b: the date it is planned for). Meetings
  recorded only after they were held have no "planned" line.
- meetings_held: a: kind, b: what happened.
- meetings_cancelled: a: kind, b: why.
- meetings_contribution_received: a: agency, b: the meeting's kind.
- meetings_contribution_shared: a: agency, b: the meeting's kind, its date and the date shared,
  as "kind|YYYY-MM-DD|YYYY-MM-DD".
- meetings_decision: a: the meeting's kind, b: what was decided and why, joined by `US`.
"""

from __future__ import annotations

from datetime import date

from kith.core.codes import label_for
from kith.meetings.codes import SHORT_NAME, MeetingKind
from kith.meetings.rules import Sharing, long_date, sharing_status

# The ASCII unit separator, between what was decided and why: free text may hold any printable character.
US = "\x1f"

CHRONOLOGY_ARMS: tuple[str, ...] = (
    """SELECT m.planned_on AS on_date, 'meetings_planned' AS kind, m.kind AS a, CAST(m.held_on AS TEXT) AS b,
           '' AS words, m.created_at AS seq, 6 AS rank
      FROM meetings_meeting m
     WHERE m.child_id = %(child)s AND NOT (m.status = 'held' AND m.planned_on >= m.held_on)""",
    """SELECT m.held_on AS on_date, 'meetings_held' AS kind, m.kind AS a, m.summary AS b,
           '' AS words, m.updated_at AS seq, 6 AS rank
      FROM meetings_meeting m
     WHERE m.child_id = %(child)s AND m.status = 'held'""",
    """SELECT m.cancelled_on AS on_date, 'meetings_cancelled' AS kind, m.kind AS a, m.cancelled_reason AS b,
           '' AS words, m.updated_at AS seq, 6 AS rank
      FROM meetings_meeting m
     WHERE m.child_id = %(child)s AND m.status = 'cancelled' AND m.cancelled_on IS NOT NULL""",
    """SELECT c.received_on AS on_date, 'meetings_contribution_received' AS kind, c.agency AS a, m.kind AS b,
           '' AS words, c.recorded_at AS seq, 7 AS rank
      FROM meetings_agencycontribution c JOIN meetings_meeting m ON m.id = c.meeting_id
     WHERE m.child_id = %(child)s""",
    """SELECT c.shared_with_family_on AS on_date, 'meetings_contribution_shared' AS kind, c.agency AS a,
           m.kind || '|' || CAST(m.held_on AS TEXT) || '|' || CAST(c.shared_with_family_on AS TEXT) AS b,
           '' AS words, c.recorded_at AS seq, 7 AS rank
      FROM meetings_agencycontribution c JOIN meetings_meeting m ON m.id = c.meeting_id
     WHERE m.child_id = %(child)s AND c.shared_with_family_on IS NOT NULL""",
    f"""SELECT m.held_on AS on_date, 'meetings_decision' AS kind, m.kind AS a, d.what || '{US}' || d.rationale AS b,
           '' AS words, d.recorded_at AS seq, 8 AS rank
      FROM meetings_decision d JOIN meetings_meeting m ON m.id = d.meeting_id
     WHERE m.child_id = %(child)s AND m.status <> 'cancelled'""",  # noqa: S608 - US is a constant
)


def _kind(code: str) -> str:
    return label_for(MeetingKind, code)


def _short(code: str) -> str:
    return SHORT_NAME.get(code, code)


def _on(text: str) -> str:
    try:
        return long_date(date.fromisoformat(text[:10]))
    except ValueError:
        return text


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """(title, detail) in plain words for one of the lines above."""
    a, b = a or "", b or ""
    if kind == "meetings_planned":
        return f"{_kind(a)} planned", f"For {_on(b)}" if b else ""
    if kind == "meetings_held":
        return f"{_kind(a)} held", b
    if kind == "meetings_cancelled":
        return f"{_kind(a)} cancelled", b
    if kind == "meetings_contribution_received":
        return f"Information from {a} received", f"For the {_short(b)}"
    if kind == "meetings_contribution_shared":
        meeting_kind, held, shared = ([*b.split("|"), "", ""])[:3]
        return f"Information from {a} shared with the family", _shared_detail(meeting_kind, held, shared)
    if kind == "meetings_decision":
        what, _, why = b.partition(US)
        return f"Decision at the {_short(a)}", f"{what} Reason: {why}" if why else what
    return kind.replace("_", " ").capitalize(), b


def _shared_detail(meeting_kind: str, held: str, shared: str) -> str:
    try:
        held_on, shared_on = date.fromisoformat(held[:10]), date.fromisoformat(shared[:10])
    except ValueError:
        return f"For the {_short(meeting_kind)}"
    status = sharing_status(shared_on=shared_on, meeting_on=held_on, today=shared_on)
    when = {
        Sharing.IN_TIME: "before the meeting",
        Sharing.ON_THE_DAY: "on the day of the meeting",
        Sharing.LATE: "after the meeting",
    }.get(status, "")
    return f"For the {_short(meeting_kind)} on {long_date(held_on)}: shared {when}"


__all__ = ["CHRONOLOGY_ARMS", "describe"]
