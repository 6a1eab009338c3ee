"""Reads of the child's voice for other pages and for the child's own pages.

For staff pages (the lead engineer includes these in "My work" and the child's record):
- `new_from_children(user)`: what children have said that the user has not yet answered,
  safety alerts first of all, each child's own words first; drawn by `voice/_my_work_voice.html`
  with the context variable `voice_inbox`.
- `voice_for_child(child)`: the child's latest words, open alerts and advocacy for the record;
  drawn by `voice/_record_voice.html` with the context variable `voice`.

For the child's own pages: who their worker is, their next meeting and what their plan says, read
through small guarded functions, so the pages work for a child with no plan or meeting yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.apps import apps
from django.db import connection
from django.db.models import Case, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info

from kith.core.models import User
from kith.people.models import Child
from kith.voice.child_pictures import choice_label
from kith.voice.childtext import feeling_label
from kith.voice.explain import CHILD, OLDER
from kith.voice.models import (
    OPEN_ADVOCACY,
    AdvocacyRequest,
    ChildView,
    Explanation,
    SafetyAlert,
    ViewKind,
)

INBOX_VIEWS = 20
RECORD_VIEWS = 5


def _child_name(child: Child) -> str:
    return f"{child.person.known_as} {child.person.legal_family_name}"


def my_children(user: User) -> QuerySet[Child]:
    """Children whose voice comes to this user's "My work": a practitioner's own allocated
    children, a manager's team's (restricted records only where they are named)."""
    if not user.is_casework:
        return Child.objects.none()
    visible = Child.objects.visible_to(user)
    return visible if user.is_manager else visible.filter(lead_practitioner=user)


# --- "My work" -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxAlert:
    alert_id: int
    child_id: int
    child_name: str
    raised_at: datetime
    presses: int
    words: str
    act_url: str


@dataclass(frozen=True)
class SaidRow:
    """Something a child said, as a worker reads it: the child's own words first."""

    view_id: int
    child_id: int
    child_name: str
    kind: str
    words: str
    pictures: list[str]
    feeling: str
    people: list[str]
    has_drawing: bool
    said_on: date
    language: str  # the language the child's pages were in, when not English ("Arabic")
    is_seen: bool
    is_answered: bool
    response: str
    url: str


@dataclass(frozen=True)
class VoiceInbox:
    alerts: list[InboxAlert]
    views: list[SaidRow]
    more_views: int
    duty_url: str

    @property
    def is_empty(self) -> bool:
        return not self.alerts and not self.views


def _language_name(code: str) -> str:
    if not code or code.startswith("en"):
        return ""
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code


def said_row(view: ChildView, child_name: str) -> SaidRow:
    people = [f"{p.get('name', '')} ({p.get('how')})" if p.get("how") else str(p.get("name", "")) for p in view.people]
    return SaidRow(
        view_id=view.pk,
        child_id=view.child_id,
        child_name=child_name,
        kind=view.get_kind_display(),
        words="" if view.kind == ViewKind.PEOPLE else view.words,
        pictures=[choice_label(key) for key in view.pictures],
        feeling=f"{feeling_label(view.feeling, OLDER)} ({view.feeling} of 5)" if view.feeling else "",
        people=[f"{name}, trusted" if p.get("trusted") else name for name, p in zip(people, view.people, strict=True)],
        has_drawing=view.has_drawing,
        said_on=view.said_on,
        language=_language_name(view.language),
        is_seen=view.seen_at is not None,
        is_answered=view.responded_at is not None,
        response=view.response,
        url=reverse("voice:said", args=[view.child_id, view.pk]),
    )


# How much a practitioner's own children have to say: safety alerts waiting and words not yet
# answered. "Their own children" as `my_children` has them for a practitioner: allocated to them,
# and a restricted record only where they are named. Plain SQL, one query: most of the time
# there is nothing waiting, and building the two full queries through the ORM costs more than
# running them.
WAITING_FOR_PRACTITIONER_SQL = """
WITH mine AS (
  SELECT c.id FROM people_child c
   WHERE c.lead_practitioner_id = %(user)s
     AND (NOT c.is_restricted
          OR EXISTS (SELECT 1 FROM people_restrictedaccess ra WHERE ra.child_id = c.id AND ra.user_id = %(user)s))
)
SELECT (SELECT COUNT(*) FROM voice_safetyalert a
         WHERE a.acknowledged_at IS NULL AND a.child_id IN (SELECT id FROM mine)),
       (SELECT COUNT(*) FROM voice_childview v
         WHERE v.responded_at IS NULL AND v.child_id IN (SELECT id FROM mine))
"""


def _nothing_waiting(user: User) -> bool:
    """Whether a practitioner's children have no alert and no words waiting (managers: never
    known without the full queries, so False)."""
    if not user.is_casework or user.is_manager:
        return False
    with connection.cursor() as cursor:
        cursor.execute(WAITING_FOR_PRACTITIONER_SQL, {"user": user.pk})
        alerts, views = cursor.fetchone()
    return not alerts and not views


def new_from_children(user: User, *, limit: int = INBOX_VIEWS) -> VoiceInbox:
    """Safety alerts waiting for someone to act, oldest first, then what children said that has
    not been answered: not yet seen first, newest first. One query when nothing is waiting for a
    practitioner, otherwise three (four for a practitioner)."""
    if not user.is_casework or _nothing_waiting(user):
        return VoiceInbox(alerts=[], views=[], more_views=0, duty_url=reverse("duty:alerts"))
    children = my_children(user).values("pk")
    alerts = (
        SafetyAlert.objects.unacknowledged()
        .filter(child__in=children)
        .select_related("child__person")
        .order_by("raised_at", "pk")
    )
    views = (
        ChildView.objects.unanswered()
        .filter(child__in=children)
        .select_related("child__person")
        .order_by(Case(When(seen_at__isnull=True, then=Value(0)), default=Value(1)), "-said_at", "-pk")
    )
    found = list(views[: limit + 1])
    more = 0
    if len(found) > limit:
        more = views.count() - limit
        found = found[:limit]
    return VoiceInbox(
        alerts=[
            InboxAlert(
                alert_id=a.pk,
                child_id=a.child_id,
                child_name=_child_name(a.child),
                raised_at=a.raised_at,
                presses=a.presses,
                words=a.words,
                act_url=reverse("voice:alert", args=[a.child_id, a.pk]),
            )
            for a in alerts
        ],
        views=[said_row(v, _child_name(v.child)) for v in found],
        more_views=more,
        duty_url=reverse("duty:alerts"),
    )


# --- The child's record --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordVoice:
    child_id: int
    known_as: str
    views: list[SaidRow]
    unanswered: int
    alerts: list[InboxAlert]
    advocacy: list[AdvocacyRequest]
    active_links: int
    url: str


# What the child's record needs to know before reading any of it: one query, so a child who has
# said nothing and has no alert, advocacy or working link costs no more.
CHILD_VOICE_COUNTS_SQL = """
SELECT (SELECT COUNT(*) FROM voice_childview WHERE child_id = %(child)s),
       (SELECT COUNT(*) FROM voice_childview WHERE child_id = %(child)s AND responded_at IS NULL),
       (SELECT COUNT(*) FROM voice_safetyalert WHERE child_id = %(child)s AND acknowledged_at IS NULL),
       (SELECT COUNT(*) FROM voice_advocacyrequest
         WHERE child_id = %(child)s AND status IN (%(requested)s, %(allocated)s)),
       (SELECT COUNT(*) FROM voice_childlink
         WHERE child_id = %(child)s AND revoked_at IS NULL AND expires_at > %(now)s)
"""


def voice_for_child(child: Child, *, now: datetime | None = None, limit: int = RECORD_VIEWS) -> RecordVoice:
    """The child's voice on their record: open safety alerts, their latest words (answered or
    not), open advocacy requests and how many links work. One query counts them all; the words,
    alerts and advocacy are read only when there are some."""
    name = _child_name(child)
    requested, allocated = OPEN_ADVOCACY
    with connection.cursor() as cursor:
        cursor.execute(
            CHILD_VOICE_COUNTS_SQL,
            {
                "child": child.pk,
                "requested": requested.value,
                "allocated": allocated.value,
                "now": connection.ops.adapt_datetimefield_value(now or timezone.now()),
            },
        )
        said, unanswered, open_alerts, open_advocacy, active_links = cursor.fetchone()
    views = list(ChildView.objects.filter(child=child).order_by("-said_at", "-pk")[:limit]) if said else []
    alerts = (
        list(SafetyAlert.objects.filter(child=child).unacknowledged().order_by("raised_at", "pk"))
        if open_alerts
        else []
    )
    advocacy = list(AdvocacyRequest.objects.filter(child=child).open()) if open_advocacy else []
    return RecordVoice(
        child_id=child.pk,
        known_as=child.person.known_as,
        views=[said_row(v, name) for v in views],
        unanswered=unanswered,
        alerts=[
            InboxAlert(
                alert_id=a.pk,
                child_id=child.pk,
                child_name=name,
                raised_at=a.raised_at,
                presses=a.presses,
                words=a.words,
                act_url=reverse("voice:alert", args=[child.pk, a.pk]),
            )
            for a in alerts
        ],
        advocacy=advocacy,
        active_links=active_links,
        url=reverse("voice:child-voice", args=[child.pk]),
    )


# --- For the child's own pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class NextMeeting:
    kind: str
    held_on: date
    starts_at: time | None
    place: str


@dataclass(frozen=True)
class PlanAction:
    what: str
    who: str
    by_date: date | None


@dataclass(frozen=True)
class PlanForChild:
    kind: str
    starts_on: date
    next_review_on: date | None
    goals: list[str] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    safety_rules: list[str] = field(default_factory=list)


# Meetings a child is told about: not strategy discussions or section 47 outcomes, which are
# professionals' meetings.
CHILD_MEETING_KINDS = (
    "family_network_meeting",
    "initial_cp_conference",
    "review_cp_conference",
    "core_group",
    "cin_review",
    "looked_after_review",
    "family_group_conference",
)


def next_meeting(child: Child, *, today: date) -> NextMeeting | None:
    """The child's next planned meeting that a child is told about, if the meetings app has one."""
    if not apps.is_installed("kith.meetings"):
        return None
    from kith.meetings.models import Meeting

    found = (
        Meeting.objects.planned()
        .filter(child=child, held_on__gte=today, kind__in=CHILD_MEETING_KINDS)
        .order_by("held_on", "starts_at", "pk")
        .first()
    )
    if found is None:
        return None
    return NextMeeting(kind=found.kind, held_on=found.held_on, starts_at=found.starts_at, place=found.place)


def plan_for_child(child: Child) -> PlanForChild | None:
    """What the child's current plan says: its goals in the family's words, who will do what by
    when, and the safety rules; never the category of abuse or the worker's notes."""
    if not apps.is_installed("kith.plans"):
        return None
    from kith.plans.models import Plan

    plan = Plan.objects.current_for(child)
    if plan is None:
        return None
    return PlanForChild(
        kind=plan.kind,
        starts_on=plan.starts_on,
        next_review_on=plan.next_review_on,
        goals=[g.words for g in plan.goals.all()],
        actions=[
            PlanAction(what=a.what, who=a.owner_name, by_date=a.by_date)
            for a in plan.actions.filter(status__in=("not_started", "in_progress"))
        ],
        safety_rules=[r.words for r in plan.safety_rules.all()],
    )


def explanations_for_child(child: Child) -> QuerySet[Explanation]:
    """Explanations the worker has released to the child's own pages, newest first."""
    return Explanation.objects.filter(child=child, audience=CHILD, is_released_to_child=True).order_by(
        "-given_on", "-created_at"
    )
