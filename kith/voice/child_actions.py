"""Every write about the child's own pages: links, what the child says there, "I do not feel
safe", the worker's answers ("you said, we did"), advocacy and handing a device over.

Each is one transaction with its audit event. What the child says is audited with no user (the
child has no account) and a detail saying it came through the child's link or a handed-over
device, so the audit trail shows the child's own contributions apart from the staff's.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, User
from kith.people.actions import EditConflict
from kith.people.codes import NetworkRole, NetworkStatus
from kith.people.family_actions import do_add_network_member
from kith.people.models import Child
from kith.voice.child_pictures import choice_keys
from kith.voice.images import CleanImage
from kith.voice.models import (
    AdvocacyRequest,
    AdvocacyStatus,
    AttemptScope,
    ChildDrawing,
    ChildLink,
    ChildView,
    LinkAttempt,
    SafetyAlert,
    Via,
    ViewKind,
)
from kith.voice.rules import (
    ALERT_COALESCE,
    AdvocacyChange,
    advocacy_change_allowed,
    attempts_since,
    link_expires_at,
    token_hash,
    too_many_attempts,
)

__all__ = [
    "EditConflict",
    "ImportantPerson",
    "MadeLink",
    "Speaker",
    "VoiceRefused",
    "attempts_refused",
    "do_acknowledge_safety_alert",
    "do_add_alert_words",
    "do_allocate_advocate",
    "do_close_advocacy",
    "do_give_back",
    "do_hand_over",
    "do_make_child_link",
    "do_mark_responses_read",
    "do_mark_view_seen",
    "do_open_child_link",
    "do_raise_safety_alert",
    "do_record_child_view",
    "do_record_failed_attempt",
    "do_record_important_people",
    "do_refuse_give_back",
    "do_request_advocate",
    "do_respond_to_view",
    "do_revoke_child_link",
]

# 24 random bytes: 192 bits, 32 characters in a URL.
TOKEN_BYTES = 24
# Failed tries are kept this long, far longer than any window they are counted in.
ATTEMPTS_KEPT = timedelta(days=1)
MOST_PEOPLE = 8


class VoiceRefused(ValueError):
    """The change cannot be made: `field` is the form field at fault, `message` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Speaker:
    """The child speaking on their own pages, and how they reached them: their link, or their
    worker's device handed over to them. The worker is who made the link or handed over."""

    child: Child
    via: str
    worker: User
    link: ChildLink | None = None
    age_band: str = ""
    language: str = ""

    @property
    def handed_over_by(self) -> User | None:
        return self.worker if self.via == Via.HAND_OVER else None

    def audit_detail(self, **more: Any) -> dict[str, Any]:
        detail: dict[str, Any] = {"from": "child_link" if self.via == Via.LINK else "hand_over"}
        if self.link is not None:
            detail["link"] = self.link.pk
        if self.via == Via.HAND_OVER:
            detail["handed_over_by"] = self.worker.pk
        return detail | more

    def source_fields(self) -> dict[str, Any]:
        """The fields every record of something the child said carries."""
        return {
            "child": self.child,
            "via": self.via,
            "link": self.link,
            "handed_over_by": self.handed_over_by,
            "age_band": self.age_band,
            "language": self.language,
        }


@dataclass(frozen=True)
class MadeLink:
    link: ChildLink
    token: str


@dataclass(frozen=True)
class ImportantPerson:
    name: str
    how: str
    trusted: bool


def _audit(
    *,
    child: Child,
    user: User | None,
    action: AuditAction,
    object_type: str,
    object_id: int,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    record_audit_event(
        user=user,
        action=action,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        at=at,
    )


# --- Links ---------------------------------------------------------------------------------------------


def do_make_child_link(*, child: Child, days: int, by: User, now: datetime | None = None) -> MadeLink:
    """Make a link to the child's own pages. The token is returned once, to be shown once; only
    its hash is kept, so no one can read it back from the database."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        link = ChildLink.objects.create(
            child=child,
            token_hash=token_hash(token),
            made_by=by,
            made_at=now,
            expires_at=link_expires_at(now, days),
        )
        _audit(
            child=child,
            user=by,
            action=AuditAction.CREATE,
            object_type="child_link",
            object_id=link.pk,
            detail={"days": days, "expires_at": link.expires_at.isoformat()},
            at=now,
        )
    return MadeLink(link=link, token=token)


def do_revoke_child_link(*, link: ChildLink, by: User, now: datetime | None = None) -> ChildLink:
    """Stop a link working at once. Revoking one already revoked changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = ChildLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by)
        if changed:
            _audit(
                child=link.child,
                user=by,
                action=AuditAction.UPDATE,
                object_type="child_link",
                object_id=link.pk,
                detail={"revoked": True},
                at=now,
            )
    link.refresh_from_db()
    return link


def do_open_child_link(*, link: ChildLink, now: datetime) -> None:
    """The child opened their link: count it, and audit it as the child reading their pages."""
    with transaction.atomic():
        ChildLink.objects.filter(pk=link.pk).update(last_used_at=now, times_used=F("times_used") + 1)
        _audit(
            child=link.child,
            user=None,
            action=AuditAction.VIEW,
            object_type="child_link",
            object_id=link.pk,
            detail={"from": "child_link", "link": link.pk},
            at=now,
        )


def attempts_refused(*, scope: str, key: str, now: datetime, most: int) -> bool:
    """Whether `key` has failed too often lately to be let try again."""
    failures = LinkAttempt.objects.filter(scope=scope, key=key, at__gte=attempts_since(now)).count()
    return too_many_attempts(failures, most=most)


def do_record_failed_attempt(*, scope: str, key: str, now: datetime) -> None:
    """Count a failed try, and forget tries old enough never to count again."""
    with transaction.atomic():
        LinkAttempt.objects.create(scope=scope, key=key[:64], at=now)
        LinkAttempt.objects.filter(at__lt=now - ATTEMPTS_KEPT).delete()


# --- What the child says -------------------------------------------------------------------------------


def do_record_child_view(
    *,
    speaker: Speaker,
    kind: str,
    words: str = "",
    pictures: Sequence[str] = (),
    feeling: int | None = None,
    drawing: CleanImage | None = None,
    drawing_source: str = "",
    now: datetime | None = None,
) -> ChildView:
    """Keep something the child said, in their own words, pictures or drawing, for their worker
    to read and answer. Audited as the child's own contribution."""
    now = now or timezone.now()
    words = words.strip()
    if kind not in ViewKind.values:
        raise VoiceRefused("kind", "Choose what you want to tell us about")
    unknown = set(pictures) - set(choice_keys())
    if unknown:
        raise VoiceRefused("pictures", "Choose from the pictures on the page")
    if feeling is not None and not 1 <= feeling <= 5:
        raise VoiceRefused("feeling", "Choose one of the faces")
    if not (words or pictures or feeling or drawing):
        raise VoiceRefused("words", "Write, choose or draw something")
    with transaction.atomic():
        view = ChildView.objects.create(
            **speaker.source_fields(),
            kind=kind,
            words=words,
            pictures=list(dict.fromkeys(pictures)),
            feeling=feeling,
            has_drawing=drawing is not None,
            said_on=timezone.localdate(now),
            said_at=now,
        )
        if drawing is not None:
            ChildDrawing.objects.create(
                view=view, content=drawing.content, content_type=drawing.content_type, source=drawing_source
            )
        _audit(
            child=speaker.child,
            user=None,
            action=AuditAction.CREATE,
            object_type="child_view",
            object_id=view.pk,
            detail=speaker.audit_detail(kind=kind),
            at=now,
        )
    return view


def _network_description(person: ImportantPerson) -> str:
    return (
        f"{person.name[:60]} — {person.how[:100]} (the child told us)"
        if person.how
        else (f"{person.name[:60]} (the child told us)")
    )


def do_record_important_people(
    *, speaker: Speaker, people: Sequence[ImportantPerson], words: str = "", now: datetime | None = None
) -> ChildView:
    """Keep who the child says is important to them and whom they trust, and add each person to
    the child's family network as someone found but not yet asked, for the worker to follow up:
    we presume there is a network, and the child is the first to know it."""
    now = now or timezone.now()
    named = [p for p in people if p.name.strip()][:MOST_PEOPLE]
    if not named:
        raise VoiceRefused("name_1", "Write the name of someone who is important to you")
    today = timezone.localdate(now)
    with transaction.atomic():
        kept = []
        for person in named:
            member = do_add_network_member(
                child=speaker.child,
                fields={
                    "description": _network_description(person),
                    "status": NetworkStatus.TO_ASK,
                    "role": NetworkRole.SUPPORT,
                    "part": "The child says they trust this person." if person.trusted else "",
                },
                by=speaker.worker,
                today=today,
            )
            kept.append(
                {"name": person.name, "how": person.how, "trusted": person.trusted, "network_member_id": member.pk}
            )
        lines = [f"{p.name} — {p.how}" if p.how else p.name for p in named]
        if words.strip():
            lines.append(words.strip())
        view = ChildView.objects.create(
            **speaker.source_fields(),
            kind=ViewKind.PEOPLE,
            words="\n".join(lines),
            people=kept,
            said_on=today,
            said_at=now,
        )
        _audit(
            child=speaker.child,
            user=None,
            action=AuditAction.CREATE,
            object_type="child_view",
            object_id=view.pk,
            detail=speaker.audit_detail(kind=ViewKind.PEOPLE, network_members=[p["network_member_id"] for p in kept]),
            at=now,
        )
    return view


def do_mark_responses_read(*, speaker: Speaker, now: datetime | None = None) -> int:
    """The child has seen their worker's answers: they are no longer new to them."""
    now = now or timezone.now()
    with transaction.atomic():
        read = ChildView.objects.filter(
            child=speaker.child, responded_at__isnull=False, response_read_at__isnull=True
        ).update(response_read_at=now)
        if read:
            _audit(
                child=speaker.child,
                user=None,
                action=AuditAction.VIEW,
                object_type="child_view_answers",
                object_id=speaker.child.pk,
                detail=speaker.audit_detail(answers_read=read),
                at=now,
            )
    return read


# --- "I do not feel safe" ------------------------------------------------------------------------------


def do_raise_safety_alert(*, speaker: Speaker, now: datetime | None = None) -> SafetyAlert:
    """The child says they do not feel safe. The alert is kept at once for the worker and the
    duty team; pressing again while it is waiting adds to the same alert."""
    now = now or timezone.now()
    with transaction.atomic():
        waiting = (
            SafetyAlert.objects.select_for_update()
            .filter(child=speaker.child, acknowledged_at__isnull=True, raised_at__gte=now - ALERT_COALESCE)
            .order_by("-raised_at")
            .first()
        )
        if waiting is not None:
            SafetyAlert.objects.filter(pk=waiting.pk).update(presses=F("presses") + 1, version=F("version") + 1)
            _audit(
                child=speaker.child,
                user=None,
                action=AuditAction.UPDATE,
                object_type="safety_alert",
                object_id=waiting.pk,
                detail=speaker.audit_detail(pressed_again=True),
                at=now,
            )
            waiting.refresh_from_db()
            return waiting
        alert = SafetyAlert.objects.create(**speaker.source_fields(), raised_on=timezone.localdate(now), raised_at=now)
        _audit(
            child=speaker.child,
            user=None,
            action=AuditAction.CREATE,
            object_type="safety_alert",
            object_id=alert.pk,
            detail=speaker.audit_detail(),
            at=now,
        )
    return alert


def do_add_alert_words(*, alert: SafetyAlert, speaker: Speaker, words: str, now: datetime | None = None) -> SafetyAlert:
    """The child says more about why they do not feel safe: added to their alert."""
    now = now or timezone.now()
    words = words.strip()
    if not words:
        raise VoiceRefused("words", "Write what is happening")
    if alert.child_id != speaker.child.pk:
        raise VoiceRefused("words", "This is not your alert")
    with transaction.atomic():
        current = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
        joined = f"{current.words}\n\n{words}" if current.words else words
        SafetyAlert.objects.filter(pk=alert.pk).update(words=joined, version=F("version") + 1)
        _audit(
            child=speaker.child,
            user=None,
            action=AuditAction.UPDATE,
            object_type="safety_alert",
            object_id=alert.pk,
            detail=speaker.audit_detail(words_added=True),
            at=now,
        )
    alert.refresh_from_db()
    return alert


def do_acknowledge_safety_alert(
    *, alert: SafetyAlert, action_taken: str, expected_version: int, by: User, now: datetime | None = None
) -> SafetyAlert:
    """Someone has acted on the child's alert and says what they did. Refused if someone else
    acted on it first, or the child added to it since the page was opened."""
    now = now or timezone.now()
    action_taken = action_taken.strip()
    if not action_taken:
        raise VoiceRefused("action_taken", "Enter what you have done")
    with transaction.atomic():
        changed = SafetyAlert.objects.filter(
            pk=alert.pk, version=expected_version, acknowledged_at__isnull=True
        ).update(
            acknowledged_at=now,
            acknowledged_on=timezone.localdate(now),
            acknowledged_by=by,
            action_taken=action_taken,
            version=F("version") + 1,
        )
        if changed != 1:
            raise EditConflict
        _audit(
            child=alert.child,
            user=by,
            action=AuditAction.UPDATE,
            object_type="safety_alert",
            object_id=alert.pk,
            detail={"acknowledged": True},
            at=now,
        )
    alert.refresh_from_db()
    return alert


# --- You said, we did ----------------------------------------------------------------------------------


def do_mark_view_seen(*, view: ChildView, by: User, now: datetime | None = None) -> ChildView:
    """The worker has read what the child said. Marking it again changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = ChildView.objects.filter(pk=view.pk, seen_at__isnull=True).update(
            seen_at=now, seen_by=by, version=F("version") + 1
        )
        if changed:
            _audit(
                child=view.child,
                user=by,
                action=AuditAction.UPDATE,
                object_type="child_view",
                object_id=view.pk,
                detail={"seen": True},
                at=now,
            )
    view.refresh_from_db()
    return view


def do_respond_to_view(
    *, view: ChildView, response: str, expected_version: int, by: User, now: datetime | None = None
) -> ChildView:
    """Record what was done about what the child said ("you said, we did"). The child reads it
    on their pages the next time they use them, as new."""
    now = now or timezone.now()
    response = response.strip()
    if not response:
        raise VoiceRefused("response", "Enter what you did about it")
    with transaction.atomic():
        changed = ChildView.objects.filter(pk=view.pk, version=expected_version).update(
            response=response,
            responded_on=timezone.localdate(now),
            responded_at=now,
            responded_by=by,
            response_read_at=None,
            version=F("version") + 1,
        )
        if changed != 1:
            raise EditConflict
        # Answering it is reading it.
        ChildView.objects.filter(pk=view.pk, seen_at__isnull=True).update(seen_at=now, seen_by=by)
        _audit(
            child=view.child,
            user=by,
            action=AuditAction.UPDATE,
            object_type="child_view",
            object_id=view.pk,
            detail={"responded": True},
            at=now,
        )
    view.refresh_from_db()
    return view


# --- Advocacy ------------------------------------------------------------------------------------------


def _open_request_exists(child: Child) -> bool:
    return AdvocacyRequest.objects.filter(child=child).open().exists()


def do_request_advocate(
    *,
    child: Child,
    words: str,
    asked_by_child: bool,
    by: User | None,
    speaker: Speaker | None = None,
    now: datetime | None = None,
) -> AdvocacyRequest:
    """Ask for an independent advocate for the child: on their own pages (`speaker`), or by
    their worker (`by`), who says whether the child asked them. One request is open at a time."""
    now = now or timezone.now()
    if _open_request_exists(child):
        raise VoiceRefused("words", "An advocate has already been asked for")
    with transaction.atomic():
        request = AdvocacyRequest.objects.create(
            child=child,
            asked_by_child=asked_by_child or speaker is not None,
            requested_by=speaker.handed_over_by if speaker else by,
            via=speaker.via if speaker else "",
            words=words.strip(),
            requested_on=timezone.localdate(now),
            requested_at=now,
        )
        _audit(
            child=child,
            user=None if speaker else by,
            action=AuditAction.CREATE,
            object_type="advocacy_request",
            object_id=request.pk,
            detail=speaker.audit_detail() if speaker else {"asked_by_child": asked_by_child},
            at=now,
        )
    return request


def _change_advocacy(request: AdvocacyRequest, expected_version: int, changes: dict[str, Any], by: User) -> None:
    changed = AdvocacyRequest.objects.filter(pk=request.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    if changed != 1:
        raise EditConflict
    _audit(
        child=request.child,
        user=by,
        action=AuditAction.UPDATE,
        object_type="advocacy_request",
        object_id=request.pk,
        detail={"status": changes["status"]},
    )


def do_allocate_advocate(
    *,
    request: AdvocacyRequest,
    name: str,
    organisation: str,
    allocated_on: date,
    expected_version: int,
    by: User,
    today: date,
) -> AdvocacyRequest:
    """An advocate has been found for the child: who, from where, and since when."""
    if not advocacy_change_allowed(request.status, AdvocacyChange.ALLOCATE):
        raise VoiceRefused("advocate_name", "An advocate has already been allocated, or the request is closed")
    if not name.strip():
        raise VoiceRefused("advocate_name", "Enter the advocate's name")
    if allocated_on > today:
        raise VoiceRefused("allocated_on", "Date allocated must be today or in the past")
    if allocated_on < request.requested_on:
        raise VoiceRefused("allocated_on", "Date allocated must be the same as or after the date it was asked for")
    changes = {
        "status": AdvocacyStatus.ALLOCATED,
        "advocate_name": name.strip(),
        "advocate_organisation": organisation.strip(),
        "allocated_on": allocated_on,
        "allocated_by": by,
    }
    with transaction.atomic():
        _change_advocacy(request, expected_version, changes, by)
    request.refresh_from_db()
    return request


def do_close_advocacy(
    *, request: AdvocacyRequest, reason: str, closed_on: date, expected_version: int, by: User, today: date
) -> AdvocacyRequest:
    """The advocacy has finished, or is no longer wanted: say why."""
    if not advocacy_change_allowed(request.status, AdvocacyChange.CLOSE):
        raise VoiceRefused("reason", "This request is already closed")
    if not reason.strip():
        raise VoiceRefused("reason", "Enter why it is closed")
    if closed_on > today:
        raise VoiceRefused("closed_on", "Date closed must be today or in the past")
    if closed_on < request.requested_on:
        raise VoiceRefused("closed_on", "Date closed must be the same as or after the date it was asked for")
    changes = {"status": AdvocacyStatus.CLOSED, "closed_reason": reason.strip(), "closed_on": closed_on}
    with transaction.atomic():
        _change_advocacy(request, expected_version, changes, by)
    request.refresh_from_db()
    return request


# --- Handing a device over -----------------------------------------------------------------------------


def do_hand_over(*, child: Child, by: User) -> None:
    """The practitioner hands their own signed-in device to the child, locked to the child's pages."""
    _audit(
        child=child,
        user=by,
        action=AuditAction.CREATE,
        object_type="hand_over",
        object_id=child.pk,
        detail={"handed_over": True},
    )


def do_give_back(*, child: Child, by: User) -> None:
    """The practitioner gave their password and has their device back."""
    _audit(
        child=child,
        user=by,
        action=AuditAction.UPDATE,
        object_type="hand_over",
        object_id=child.pk,
        detail={"given_back": True},
    )


def do_refuse_give_back(*, child: Child, by: User, now: datetime | None = None) -> None:
    """A wrong password was given to take the device back: counted, and audited."""
    now = now or timezone.now()
    with transaction.atomic():
        do_record_failed_attempt(scope=AttemptScope.GIVE_BACK, key=str(by.pk), now=now)
        _audit(
            child=child,
            user=by,
            action=AuditAction.REFUSED,
            object_type="hand_over",
            object_id=child.pk,
            detail={"wrong_password": True},
            at=now,
        )
