"""Reads for other pages: what children said that a worker has not answered (alerts first of
all, each child's own words first) for "My work", the child's voice for their record, and the
partials that draw them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from kith.conftest import make_child, open_child
from kith.core.models import User
from kith.people.models import Child
from kith.voice.child_actions import (
    Speaker,
    do_make_child_link,
    do_mark_view_seen,
    do_raise_safety_alert,
    do_record_child_view,
    do_request_advocate,
    do_respond_to_view,
)
from kith.voice.models import Via
from kith.voice.records import my_children, new_from_children, next_meeting, plan_for_child, voice_for_child

pytestmark = pytest.mark.django_db


def speaker_for(child: Child, worker: User) -> Speaker:
    return Speaker(
        child=child, via=Via.LINK, worker=worker, link=do_make_child_link(child=child, days=7, by=worker).link
    )


def test_my_work_puts_alerts_first_then_unseen_words_newest_first(
    speaker: Speaker, alice: User, django_assert_max_num_queries: Any
) -> None:
    older = do_record_child_view(speaker=speaker, kind="worries", words="Older worry")
    seen = do_record_child_view(speaker=speaker, kind="dreams", words="Seen dream")
    do_mark_view_seen(view=seen, by=alice)
    newer = do_record_child_view(speaker=speaker, kind="wishes", words="Newer wish")
    answered = do_record_child_view(speaker=speaker, kind="feeling", feeling=5)
    do_respond_to_view(view=answered, response="Great", expected_version=answered.version, by=alice)
    do_raise_safety_alert(speaker=speaker)
    with django_assert_max_num_queries(4):
        inbox = new_from_children(alice)
    assert [a.child_name for a in inbox.alerts] == ["Jay Smith"]
    assert [row.view_id for row in inbox.views] == [newer.pk, older.pk, seen.pk]
    assert inbox.views[0].words == "Newer wish"
    assert inbox.views[2].is_seen and not inbox.views[0].is_seen
    html = render_to_string("voice/_my_work_voice.html", {"voice_inbox": inbox})
    assert html.index("said they do not feel safe") < html.index("Newer wish") < html.index("Older worry")


def test_my_work_shows_only_the_users_own_children(
    speaker: Speaker, alice: User, bob: User, charlie: User, dana: User, riverside: object
) -> None:
    do_record_child_view(speaker=speaker, kind="worries", words="Jayden's worry")
    other = open_child(make_child("Kim", "Other", "KT000099", bob), bob)
    do_record_child_view(speaker=speaker_for(other, bob), kind="dreams", words="Kim's dream")
    assert [r.words for r in new_from_children(alice).views] == ["Jayden's worry"]
    assert sorted(r.words for r in new_from_children(bob).views) == ["Jayden's worry", "Kim's dream"]  # manager
    assert new_from_children(charlie).is_empty
    assert new_from_children(dana).is_empty
    assert list(my_children(dana)) == []


def test_more_than_fit_are_counted(speaker: Speaker, alice: User) -> None:
    for n in range(5):
        do_record_child_view(speaker=speaker, kind="dreams", words=f"Dream {n}")
    inbox = new_from_children(alice, limit=3)
    assert (len(inbox.views), inbox.more_views) == (3, 2)


def test_nothing_new_draws_nothing(alice: User) -> None:
    assert render_to_string("voice/_my_work_voice.html", {"voice_inbox": new_from_children(alice)}).strip() == ""


def test_the_record_shows_jaydens_voice(
    speaker: Speaker, jayden: Child, alice: User, django_assert_max_num_queries: Any
) -> None:
    do_record_child_view(speaker=speaker, kind="people", words="Nan — my nan", pictures=[])
    do_record_child_view(speaker=speaker, kind="worries", words="Bedtime")
    do_raise_safety_alert(speaker=speaker)
    do_request_advocate(child=jayden, words="", asked_by_child=True, by=alice)
    jayden = Child.objects.select_related("person").get(pk=jayden.pk)  # as the record page has it
    with django_assert_max_num_queries(5):
        voice = voice_for_child(jayden, now=timezone.now())
    assert (voice.unanswered, len(voice.alerts), len(voice.advocacy), voice.active_links) == (2, 1, 1, 1)
    html = render_to_string("voice/_record_voice.html", {"voice": voice})
    assert "Jay said they do not feel safe" in html and "Bedtime" in html
    assert f"/children/{jayden.pk}/voice/" in html


def test_the_childs_next_meeting_and_plan_when_there_are_none(jayden: Child) -> None:
    assert next_meeting(jayden, today=timezone.localdate()) is None
    assert plan_for_child(jayden) is None


def test_the_childs_next_meeting_leaves_out_professionals_meetings(jayden: Child, alice: User) -> None:
    from kith.meetings.actions import do_plan_meeting

    today = timezone.localdate()
    do_plan_meeting(child=jayden, kind="strategy_discussion", held_on=today + timedelta(days=1), by=alice)
    assert next_meeting(jayden, today=today) is None
    do_plan_meeting(child=jayden, kind="family_network_meeting", held_on=today + timedelta(days=5), by=alice)
    found = next_meeting(jayden, today=today)
    assert found is not None and found.kind == "family_network_meeting"


def test_a_worker_is_told_which_language_the_child_wrote_in(jayden: Child, alice: User) -> None:
    arabic = Speaker(
        child=jayden,
        via=Via.LINK,
        worker=alice,
        link=do_make_child_link(child=jayden, days=7, by=alice).link,
        language="ar",
    )
    do_record_child_view(speaker=arabic, kind="dreams", words="أريد أن أصبح طبيبًا")
    (row,) = new_from_children(alice).views
    assert row.language == "Arabic"
    assert "in Arabic" in render_to_string("voice/_my_work_voice.html", {"voice_inbox": new_from_children(alice)})
