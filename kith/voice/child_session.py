"""Who is on the child's pages, from the browser's session: a child who opened their link, or a
child given their worker's signed-in device ("hand-over").

A link's token is read once, at `/me/start/<token>/`; from then on the session holds the link's
id, and every page checks the link still works (a revoked link stops at once). The child is
always the session's child: no child's page takes a child's id from the address, so another
child's identifiers lead nowhere.

The language and age band the child chose are kept in the session too.

Session data may be cached in each process (Kith's sessions are "cached_db" over a per-process
cache), so a value written by one process can be read stale by another. Every change that
matters here therefore gives the session a new key (`cycle_key`): opening a link, handing over,
giving back, choosing a language or band. A new key has never been cached anywhere, so every
process reads it fresh. Passing notes from one page to the next (a thank-you) travel in the
address instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation

from kith.core.models import User
from kith.people.models import Child
from kith.voice.child_actions import Speaker
from kith.voice.models import ChildLink, Via
from kith.voice.rules import AGE_BANDS, LinkState, age_band_for, link_state, token_hash

LINK_KEY = "kith_voice_link"
HAND_OVER_KEY = "kith_voice_hand_over"
LANGUAGE_KEY = "kith_voice_language"
BAND_KEY = "kith_voice_band"
CHILDLINE = "0800 1111"
EMERGENCY = "999"

P = ParamSpec("P")


@dataclass(frozen=True)
class ChildSession:
    """The child on these pages, how they got here, and how they want the pages."""

    child: Child
    via: str
    worker: User
    link: ChildLink | None
    band: str
    language: str

    @property
    def speaker(self) -> Speaker:
        return Speaker(
            child=self.child,
            via=self.via,
            worker=self.worker,
            link=self.link,
            age_band=self.band,
            language=self.language,
        )

    @property
    def is_hand_over(self) -> bool:
        return self.via == Via.HAND_OVER

    @property
    def worker_name(self) -> str:
        return worker_first_name(self.child, self.worker)


@dataclass(frozen=True)
class EndedLink:
    """The link no longer works: why, and whom the child can ask for a new one."""

    state: LinkState
    worker_name: str


def worker_first_name(child: Child, fallback: User | None) -> str:
    """The child's worker as the child knows them: their lead practitioner's first name, or the
    first name of whoever made the link or handed over."""
    worker = child.lead_practitioner or fallback
    if worker is None:
        return ""
    return worker.first_name or worker.username


def duty_phone() -> str:
    return str(getattr(settings, "KITH_DUTY_PHONE", "0800 000 0000"))


def find_link(token: str) -> ChildLink | None:
    """The link whose token this is, by its hash, or None."""
    if not token or len(token) > 100:
        return None
    return (
        ChildLink.objects.select_related("child__person", "child__lead_practitioner", "made_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _band(request: HttpRequest, child: Child) -> str:
    chosen = request.session.get(BAND_KEY)
    if chosen in AGE_BANDS:
        return str(chosen)
    return age_band_for(child.person.date_of_birth, timezone.localdate())


def chosen_language(request: HttpRequest) -> str:
    chosen = request.session.get(LANGUAGE_KEY)
    codes = [code for code, _ in settings.LANGUAGES]
    if chosen in codes:
        return str(chosen)
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def _hand_over(request: HttpRequest) -> ChildSession | None:
    state = request.session.get(HAND_OVER_KEY)
    if not isinstance(state, dict):
        return None
    user = request.user
    if not isinstance(user, User) or user.pk != state.get("user"):
        request.session.pop(HAND_OVER_KEY, None)
        return None
    child_id = state.get("child")
    if not isinstance(child_id, int):
        return None
    child = Child.objects.select_related("person", "lead_practitioner").filter(pk=child_id).first()
    if child is None:
        return None
    return ChildSession(
        child=child,
        via=Via.HAND_OVER,
        worker=user,
        link=None,
        band=_band(request, child),
        language=chosen_language(request),
    )


def resolve(request: HttpRequest, now: datetime) -> ChildSession | EndedLink | None:
    """The child on these pages, an ended link, or None when the browser has neither."""
    handed = _hand_over(request)
    if handed is not None:
        return handed
    link_id = request.session.get(LINK_KEY)
    if link_id is None:
        return None
    link = ChildLink.objects.select_related("child__person", "child__lead_practitioner", "made_by").filter(pk=link_id)
    found = link.first()
    if found is None:
        request.session.pop(LINK_KEY, None)
        return None
    state = link_state(expires_at=found.expires_at, revoked_at=found.revoked_at, now=now)
    if state is not LinkState.ACTIVE:
        request.session.pop(LINK_KEY, None)
        return EndedLink(state=state, worker_name=worker_first_name(found.child, found.made_by))
    return ChildSession(
        child=found.child,
        via=Via.LINK,
        worker=found.made_by,
        link=found,
        band=_band(request, found.child),
        language=chosen_language(request),
    )


def start_link(request: HttpRequest, link: ChildLink) -> None:
    """The browser is now on this child's pages. A new session key, so a session id seen before
    the link was opened is worth nothing after."""
    for key in (LINK_KEY, BAND_KEY):
        request.session.pop(key, None)
    request.session[LINK_KEY] = link.pk
    request.session.cycle_key()


def start_hand_over(request: HttpRequest, child: Child, by: User) -> None:
    for key in (LINK_KEY, BAND_KEY, LANGUAGE_KEY):
        request.session.pop(key, None)
    request.session[HAND_OVER_KEY] = {"child": child.pk, "user": by.pk}
    request.session.cycle_key()


def end_hand_over(request: HttpRequest) -> None:
    for key in (HAND_OVER_KEY, BAND_KEY, LANGUAGE_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()


def is_handed_over(request: HttpRequest) -> bool:
    return isinstance(request.session.get(HAND_OVER_KEY), dict)


def _choice_redirect(request: HttpRequest) -> HttpResponse | None:
    """`?lang=ar` or `?band=8-12` from the choosers on every page: kept, then the page again."""
    changed = False
    language = request.GET.get("lang")
    if language in [code for code, _ in settings.LANGUAGES]:
        request.session[LANGUAGE_KEY] = language
        changed = True
    band = request.GET.get("band")
    if band in AGE_BANDS:
        request.session[BAND_KEY] = band
        changed = True
    if not changed:
        return None
    request.session.cycle_key()
    return HttpResponseRedirect(request.path)


def private(response: HttpResponse, language: str) -> HttpResponse:
    response.headers["Content-Language"] = language
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


ChildPageView = Callable[Concatenate[HttpRequest, ChildSession, P], HttpResponse]


def child_page(view: ChildPageView[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Decorate a view taking (request, session, ...): it runs only for a browser on a child's
    pages, in the child's language; an ended link or a browser with no link gets a kind page
    saying what to do."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        chosen = _choice_redirect(request)
        if chosen is not None:
            return chosen
        language = chosen_language(request)
        with translation.override(language):
            found = resolve(request, timezone.now())
            if isinstance(found, ChildSession):
                response = view(request, found, *args, **kwargs)
            else:
                response = no_pages(request, found)
        return private(response, language)

    return wrapper


def no_pages(request: HttpRequest, ended: EndedLink | None, *, status: int | None = None) -> HttpResponse:
    """The kind page for a link that does not work: ended (410) or never was (404)."""
    context: dict[str, Any] = {
        "ended": ended,
        "worker_name": ended.worker_name if ended else "",
        "duty_phone": duty_phone(),
        "childline": CHILDLINE,
        "emergency": EMERGENCY,
        "revoked": ended is not None and ended.state is LinkState.REVOKED,
        "child_navigation": [],
    }
    code = status or (410 if ended else 404)
    return render(request, "voice/child/no_pages.html", context, status=code)
