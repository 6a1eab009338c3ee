"""The child's voice in their chronology: each arm runs on its own on SQLite and PostgreSQL with
the columns the record's UNION ALL needs, and reads as plain words."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from kith.core.models import User
from kith.people.models import Child
from kith.voice.child_actions import (
    Speaker,
    do_acknowledge_safety_alert,
    do_add_alert_words,
    do_allocate_advocate,
    do_raise_safety_alert,
    do_record_child_view,
    do_request_advocate,
    do_respond_to_view,
)
from kith.voice.chronology import CHRONOLOGY_ARMS, describe

pytestmark = pytest.mark.django_db

COLUMNS = ["on_date", "kind", "a", "b", "words", "seq", "rank"]


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _run(sql: str, child: Child) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS x", {"child": child.pk})  # noqa: S608 - our own arms
        assert [c[0] for c in cursor.description] == COLUMNS
        return list(cursor.fetchall())


@pytest.fixture
def history(speaker: Speaker, alice: User) -> Child:
    today = timezone.localdate()
    worries = do_record_child_view(speaker=speaker, kind="worries", words="Shouting", pictures=["shouting", "home"])
    do_record_child_view(speaker=speaker, kind="feeling", feeling=2)
    do_respond_to_view(view=worries, response="We talked to mum", expected_version=worries.version, by=alice)
    alert = do_raise_safety_alert(speaker=speaker)
    do_raise_safety_alert(speaker=speaker)
    alert = do_add_alert_words(alert=alert, speaker=speaker, words="Scared tonight")
    do_acknowledge_safety_alert(alert=alert, action_taken="Visited at 6pm", expected_version=alert.version, by=alice)
    request = do_request_advocate(child=speaker.child, words="For my review", asked_by_child=True, by=alice)
    do_allocate_advocate(
        request=request,
        name="Sam Lee",
        organisation="Voices",
        allocated_on=today,
        expected_version=request.version,
        by=alice,
        today=today,
    )
    return speaker.child


def test_each_arm_runs_on_its_own(history: Child, mia: Child) -> None:
    found: dict[str, list[tuple[object, ...]]] = {}
    for arm in CHRONOLOGY_ARMS:
        rows = _run(arm, history)
        assert rows, arm
        found[str(rows[0][1])] = rows
        assert _run(arm, mia) == []  # nothing of Jayden's on Mia's chronology
    assert sorted(found) == [
        "voice_advocate_allocated",
        "voice_advocate_requested",
        "voice_alert_acted",
        "voice_child_said",
        "voice_safety_alert",
        "voice_worker_responded",
    ]
    said = {row[2]: row for row in found["voice_child_said"]}
    assert said["worries"][4] == "Shouting"
    assert describe("voice_child_said", "worries", str(said["worries"][3])) == (
        "The house of worries, on the child's own pages",
        "Chose pictures: Shouting, Home",
    )
    assert describe("voice_child_said", "feeling", str(said["feeling"][3]))[1] == "Feeling sad (2 of 5)"
    (alert,) = found["voice_safety_alert"]
    assert (alert[2], alert[4]) == ("2", "Scared tonight")
    assert _as_date(alert[0]) == timezone.localdate()


def test_all_arms_run_together(history: Child) -> None:
    union = " UNION ALL ".join(CHRONOLOGY_ARMS)
    rows = _run(union, history)
    assert len(rows) == 7


@pytest.mark.parametrize(
    ("kind", "a", "b", "expected"),
    [
        ("voice_safety_alert", "1", "", ("The child said they do not feel safe", "")),
        ("voice_safety_alert", "3", "", ("The child said they do not feel safe (pressed 3 times)", "")),
        ("voice_alert_acted", "Alice Ahmed", "Visited", ("Alice Ahmed acted on the child's safety alert", "Visited")),
        (
            "voice_worker_responded",
            "wishes",
            "We asked dad",
            ("Answered the child (What I want to happen)", "We did: We asked dad"),
        ),
        ("voice_advocate_requested", "child", "", ("The child asked for an independent advocate", "")),
        ("voice_advocate_requested", "worker", "x", ("The worker asked for an independent advocate", "x")),
        ("voice_advocate_allocated", "Sam Lee", "Voices", ("Independent advocate allocated: Sam Lee", "Voices")),
        ("voice_child_said", "people", "[]", ("Who is important to me, on the child's own pages", "")),
        ("voice_child_said", "dreams", "not json", ("The house of dreams, on the child's own pages", "")),
    ],
)
def test_lines_read_as_plain_words(kind: str, a: str, b: str, expected: tuple[str, str]) -> None:
    assert describe(kind, a, b) == expected
