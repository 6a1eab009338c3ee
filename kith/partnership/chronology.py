"""Partnership lines in the child's chronology, as SQL arms for the record's one UNION ALL
(kith.journey.chronology), and the words for each line.

Each arm returns `on_date, kind, a, b, words, seq, rank` for the child `%(child)s`, and runs
unchanged on SQLite and PostgreSQL.
- partnership_link_confirmed: a practitioner confirmed that a partner agency's record is the
  child's (a: the feed, b: why).
- partnership_link_rejected: a practitioner decided a suggested partner record is not the
  child's (a: the feed, b: why).
"""

from __future__ import annotations

from kith.intelligence.feeds import FEEDS_BY_NAME

CHRONOLOGY_ARMS: tuple[str, ...] = (
    """SELECT d.decided_on AS on_date, 'partnership_link_' || d.decision AS kind, d.feed AS a, d.reason AS b,
           '' AS words, d.decided_at AS seq, 9 AS rank
      FROM partnership_linkdecision d JOIN people_child c ON c.person_id = d.person_id
     WHERE c.id = %(child)s""",
)


def _feed(name: str) -> str:
    feed = FEEDS_BY_NAME.get(name)
    return feed.title.lower() if feed else name


def describe(kind: str, a: str, b: str) -> tuple[str, str]:
    """(title, detail) in plain words for one of the lines above."""
    if kind == "partnership_link_confirmed":
        return f"A {_feed(a or '')} record was confirmed as theirs", b or ""
    if kind == "partnership_link_rejected":
        return f"A suggested {_feed(a or '')} record was found to be someone else's", b or ""
    return kind, b or ""
