"""The child's voice in their chronology, as SQL arms for the record's one UNION ALL
(kith.journey.chronology), and the words for each line.

Each arm returns `on_date, kind, a, b, words, seq, rank` for the child `%(child)s` and runs
unchanged on SQLite and PostgreSQL.
- voice_child_said: the child said something on their own pages (a: what kind, b: the pictures
  chosen as JSON, or the feeling 1 to 5; words: the child's own words).
- voice_safety_alert: the child pressed "I do not feel safe" (a: how many times; words: what
  they added).
- voice_alert_acted: someone acted on the alert (a: their name, b: what they did).
- voice_worker_responded: the worker answered ("you said, we did"; a: what kind, b: the answer).
- voice_advocate_requested: an advocate was asked for (a: "child" or "worker", b: why).
- voice_advocate_allocated: an advocate was allocated (a: their name, b: their organisation).
"""

from __future__ import annotations

import json

from kith.core.codes import label_for
from kith.voice.child_pictures import choice_label
from kith.voice.models import ViewKind

CHRONOLOGY_ARMS: tuple[str, ...] = (
    """SELECT v.said_on AS on_date, 'voice_child_said' AS kind, v.kind AS a,
           CASE WHEN v.feeling IS NOT NULL THEN CAST(v.feeling AS TEXT) ELSE CAST(v.pictures AS TEXT) END AS b,
           v.words AS words, v.said_at AS seq, 0 AS rank
      FROM voice_childview v WHERE v.child_id = %(child)s""",
    """SELECT s.raised_on AS on_date, 'voice_safety_alert' AS kind, CAST(s.presses AS TEXT) AS a, '' AS b,
           s.words AS words, s.raised_at AS seq, 0 AS rank
      FROM voice_safetyalert s WHERE s.child_id = %(child)s""",
    """SELECT s.acknowledged_on AS on_date, 'voice_alert_acted' AS kind, u.first_name || ' ' || u.last_name AS a,
           s.action_taken AS b, '' AS words, s.acknowledged_at AS seq, 1 AS rank
      FROM voice_safetyalert s JOIN core_user u ON u.id = s.acknowledged_by_id
     WHERE s.child_id = %(child)s AND s.acknowledged_on IS NOT NULL""",
    """SELECT v.responded_on AS on_date, 'voice_worker_responded' AS kind, v.kind AS a, v.response AS b,
           '' AS words, v.responded_at AS seq, 1 AS rank
      FROM voice_childview v WHERE v.child_id = %(child)s AND v.responded_on IS NOT NULL""",
    """SELECT r.requested_on AS on_date, 'voice_advocate_requested' AS kind,
           CASE WHEN r.asked_by_child THEN 'child' ELSE 'worker' END AS a, r.words AS b,
           '' AS words, r.requested_at AS seq, 2 AS rank
      FROM voice_advocacyrequest r WHERE r.child_id = %(child)s""",
    """SELECT r.allocated_on AS on_date, 'voice_advocate_allocated' AS kind, r.advocate_name AS a,
           r.advocate_organisation AS b, '' AS words, NULL AS seq, 2 AS rank
      FROM voice_advocacyrequest r WHERE r.child_id = %(child)s AND r.allocated_on IS NOT NULL""",
)

FEELINGS = {1: "very sad", 2: "sad", 3: "OK", 4: "happy", 5: "very happy"}


def _kind(code: str) -> str:
    return label_for(ViewKind, code)


def _chosen(b: str) -> str:
    """The pictures or the feeling the child chose, in words."""
    if not b:
        return ""
    if b.isdigit():
        return f"Feeling {FEELINGS.get(int(b), b)} ({b} of 5)"
    try:
        keys = json.loads(b)
    except ValueError:
        return ""
    if not isinstance(keys, list) or not keys:
        return ""
    return "Chose pictures: " + ", ".join(choice_label(str(key)) for key in keys)


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """(title, detail) in plain words for one of the lines above."""
    a, b = a or "", b or ""
    if kind == "voice_child_said":
        return f"{_kind(a)}, on the child's own pages", _chosen(b)
    if kind == "voice_safety_alert":
        presses = f" (pressed {a} times)" if a not in ("", "1") else ""
        return f"The child said they do not feel safe{presses}", ""
    if kind == "voice_alert_acted":
        return f"{a} acted on the child's safety alert", b
    if kind == "voice_worker_responded":
        return f"Answered the child ({_kind(a)})", f"We did: {b}" if b else ""
    if kind == "voice_advocate_requested":
        who = "The child" if a == "child" else "The worker"
        return f"{who} asked for an independent advocate", b
    if kind == "voice_advocate_allocated":
        return f"Independent advocate allocated: {a}", b
    return kind, b
