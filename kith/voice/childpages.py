"""The child's own pages: no staff account, no staff navigation, only this child's things.

Reached through a link the practitioner made (`/me/start/<token>/`) or on the practitioner's
own device handed over to the child. Every view takes the child from the session
(kith.voice.child_session), never from the address. Pages are phone-first, in words for the
child's age band, and in the child's language (English, Arabic or Polish); every page has the
"I do not feel safe" button.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kith.voice.child_actions import (
    VoiceRefused,
    attempts_refused,
    do_add_alert_words,
    do_give_back,
    do_mark_responses_read,
    do_open_child_link,
    do_raise_safety_alert,
    do_record_child_view,
    do_record_failed_attempt,
    do_record_important_people,
    do_refuse_give_back,
    do_request_advocate,
)
from kith.voice.child_forms import (
    AdvocateForm,
    AlertWordsForm,
    FeelingForm,
    GiveBackForm,
    HouseForm,
    PeopleForm,
    WishesForm,
)
from kith.voice.child_pictures import choice_label, choice_picture, face, house, sign
from kith.voice.child_session import (
    CHILDLINE,
    EMERGENCY,
    ChildSession,
    EndedLink,
    child_page,
    chosen_language,
    duty_phone,
    end_hand_over,
    find_link,
    is_handed_over,
    no_pages,
    private,
    start_link,
    worker_first_name,
)
from kith.voice.childtext import (
    BAND_LABELS,
    HOUSE_NAMES,
    KIND_LABELS,
    MEETING_WORDS,
    PLAN_WORDS,
    feeling_label,
    say,
)
from kith.voice.explain import MIDDLE, OLDER, YOUNG
from kith.voice.models import (
    AdvocacyRequest,
    AttemptScope,
    ChildDrawing,
    ChildView,
    SafetyAlert,
    ViewKind,
)
from kith.voice.pictures import picture
from kith.voice.records import explanations_for_child, next_meeting, plan_for_child
from kith.voice.rules import (
    AGE_BANDS,
    ALERT_COALESCE,
    GIVE_BACK_ATTEMPTS_MOST,
    LINK_ATTEMPTS_MOST,
    LinkState,
    link_state,
)

HOUSES = {"worries": ViewKind.WORRIES, "good-things": ViewKind.GOOD_THINGS, "dreams": ViewKind.DREAMS}
BAND_CLASS = {YOUNG: "young", MIDDLE: "middle", OLDER: "older"}
SAID_ON_PAGE = 50


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (`request.POST or None` would show an empty
    post as a fresh form instead of one with errors)."""
    return request.POST if request.method == "POST" else None


# --- Shared parts of every page ------------------------------------------------------------------------


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    items = [
        (_("My pages"), reverse("child:home")),
        (_("Three houses"), reverse("child:houses")),
        (_("How I feel"), reverse("child:feelings")),
        (_("People"), reverse("child:people")),
        (_("What I want"), reverse("child:wishes")),
        (_("What is happening"), reverse("child:about")),
        (_("What I said"), reverse("child:said")),
    ]
    return [{"text": text, "href": href, "active": request.path == href} for text, href in items]


def _notice(code: str, session: ChildSession) -> str:
    notices = {
        "thanks": _("Thank you. %(worker)s will read what you said."),
        "alert_words": _("Thank you. We have added what you wrote."),
        "advocate": _("Thank you. %(worker)s will find an advocate for you."),
    }
    text = notices.get(code)
    return text % {"worker": session.worker_name} if text else ""


def _context(request: HttpRequest, session: ChildSession) -> dict[str, Any]:
    band = session.band
    return {
        "me": session.child.person.known_as,
        "worker_name": session.worker_name,
        "band": band,
        "band_class": BAND_CLASS[band],
        "bands": [{"code": b, "label": str(BAND_LABELS[b]), "current": b == band} for b in AGE_BANDS],
        "languages": [
            {"code": code, "name": name, "current": code == session.language} for code, name in settings.LANGUAGES
        ],
        "child_navigation": _navigation(request),
        "is_hand_over": session.is_hand_over,
        "notice": _notice(request.GET.get("done", ""), session),
        "duty_phone": duty_phone(),
        "childline": CHILDLINE,
        "emergency": EMERGENCY,
    }


def _page(
    request: HttpRequest, session: ChildSession, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    return render(request, template, {**_context(request, session), **context}, status=status)


def _not_found(request: HttpRequest, session: ChildSession) -> HttpResponse:
    return _page(request, session, "voice/child/not_found.html", {}, status=404)


def _thanks(request: HttpRequest, to: str, notice: str = "thanks") -> HttpResponse:
    """Back to a page, which thanks the child (the note travels in the address, not the session)."""
    return redirect(f"{to}?done={notice}")


# --- Opening a link ------------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@require_http_methods(["GET"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    """The link the practitioner gave the child. Tries from one address are limited across every
    process (the count is in the database); a link that does not work says so kindly."""
    language = chosen_language(request)
    with translation.override(language):
        response = _start(request, token)
    return private(response, language)


def _start(request: HttpRequest, token: str) -> HttpResponse:
    if is_handed_over(request):
        return redirect("child:home")
    now = timezone.now()
    address = client_address(request)
    if attempts_refused(scope=AttemptScope.LINK, key=address, now=now, most=LINK_ATTEMPTS_MOST):
        context = {"duty_phone": duty_phone(), "emergency": EMERGENCY, "child_navigation": []}
        return render(request, "voice/child/too_many.html", context, status=429)
    link = find_link(token)
    if link is None:
        do_record_failed_attempt(scope=AttemptScope.LINK, key=address, now=now)
        return no_pages(request, None)
    state = link_state(expires_at=link.expires_at, revoked_at=link.revoked_at, now=now)
    if state is not LinkState.ACTIVE:
        return no_pages(request, EndedLink(state=state, worker_name=worker_first_name(link.child, link.made_by)))
    start_link(request, link)
    do_open_child_link(link=link, now=now)
    return redirect("child:home")


# --- The pages -----------------------------------------------------------------------------------------


def _tile(key: str, title: str, href: str, svg: Any) -> dict[str, Any]:
    return {"key": key, "title": title, "href": href, "picture": svg}


@child_page
@require_http_methods(["GET"])
def home(request: HttpRequest, session: ChildSession) -> HttpResponse:
    size = 96 if session.band == YOUNG else 64
    tiles = [
        _tile("houses", _("My three houses"), reverse("child:houses"), house("good_things", size=size)),
        _tile("feelings", _("How I feel"), reverse("child:feelings"), sign("feelings", size=size)),
        _tile("people", _("People who matter to me"), reverse("child:people"), sign("people", size=size)),
        _tile("wishes", _("What I want"), reverse("child:wishes"), sign("wishes", size=size)),
        _tile("about", _("What is happening"), reverse("child:about"), sign("plan", size=size)),
        _tile("said", _("What I said and what happened"), reverse("child:said"), sign("said", size=size)),
        _tile("advocate", _("Ask for an advocate"), reverse("child:advocate"), sign("advocate", size=size)),
    ]
    new_answers = ChildView.objects.filter(
        child=session.child, responded_at__isnull=False, response_read_at__isnull=True
    ).count()
    intro = say("home_intro", session.band, worker=session.worker_name)
    context = {"tiles": tiles, "intro": intro, "new_answers": new_answers}
    return _page(request, session, "voice/child/home.html", context)


@child_page
@require_http_methods(["GET"])
def houses(request: HttpRequest, session: ChildSession) -> HttpResponse:
    size = 120 if session.band == YOUNG else 88
    tiles = [
        _tile(slug, str(HOUSE_NAMES[kind]), reverse("child:house", args=[slug]), house(kind, size=size))
        for slug, kind in HOUSES.items()
    ]
    context = {"tiles": tiles, "intro": say("houses_intro", session.band)}
    return _page(request, session, "voice/child/houses.html", context)


@child_page
@require_http_methods(["GET", "POST"])
def house_page(request: HttpRequest, session: ChildSession, house_slug: str) -> HttpResponse:
    kind = HOUSES.get(house_slug)
    if kind is None:
        return _not_found(request, session)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = HouseForm(*data, house=kind, band=session.band)
    if request.method == "POST" and form.is_valid():
        drawing, source = form.picture()
        try:
            do_record_child_view(
                speaker=session.speaker,
                kind=kind,
                words=form.cleaned_data.get("words", ""),
                pictures=form.cleaned_data.get("pictures", []),
                drawing=drawing,
                drawing_source=source,
            )
        except VoiceRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, _(refusal.message))
        else:
            return _thanks(request, reverse("child:houses"))
    context = {
        "form": form,
        "heading": HOUSE_NAMES[kind],
        "house_picture": house(kind, size=120 if session.band == YOUNG else 88),
        "colours": _colours(),
    }
    return _page(request, session, "voice/child/house.html", context, status=400 if form.errors else 200)


def _colours() -> list[dict[str, str]]:
    return [
        {"value": "#0b0c0c", "name": _("Black"), "key": "black"},
        {"value": "#1d70b8", "name": _("Blue"), "key": "blue"},
        {"value": "#d4351c", "name": _("Red"), "key": "red"},
        {"value": "#00703c", "name": _("Green"), "key": "green"},
        {"value": "#ffdd00", "name": _("Yellow"), "key": "yellow"},
    ]


@child_page
@require_http_methods(["GET", "POST"])
def feelings(request: HttpRequest, session: ChildSession) -> HttpResponse:
    form = FeelingForm(_posted(request), band=session.band)
    if request.method == "POST" and form.is_valid():
        do_record_child_view(
            speaker=session.speaker,
            kind=ViewKind.FEELING,
            feeling=form.cleaned_data["feeling"],
            words=form.cleaned_data.get("words", ""),
        )
        return _thanks(request, reverse("child:home"))
    return _page(request, session, "voice/child/feelings.html", {"form": form}, status=400 if form.errors else 200)


@child_page
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, session: ChildSession) -> HttpResponse:
    form = PeopleForm(_posted(request), band=session.band)
    if request.method == "POST" and form.is_valid():
        do_record_important_people(
            speaker=session.speaker, people=form.people(), words=form.cleaned_data.get("words", "")
        )
        return _thanks(request, reverse("child:home"))
    context = {"form": form, "intro": say("people_intro", session.band, worker=session.worker_name)}
    return _page(request, session, "voice/child/people.html", context, status=400 if form.errors else 200)


@child_page
@require_http_methods(["GET", "POST"])
def wishes(request: HttpRequest, session: ChildSession) -> HttpResponse:
    form = WishesForm(_posted(request), band=session.band, worker=session.worker_name)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind in (ViewKind.WISHES, ViewKind.FOR_MEETING):
                words = (form.cleaned_data.get(kind) or "").strip()
                if words:
                    do_record_child_view(speaker=session.speaker, kind=kind, words=words)
        return _thanks(request, reverse("child:home"))
    return _page(request, session, "voice/child/wishes.html", {"form": form}, status=400 if form.errors else 200)


# --- "I do not feel safe" ------------------------------------------------------------------------------


@child_page
@require_http_methods(["GET", "POST"])
def not_safe(request: HttpRequest, session: ChildSession) -> HttpResponse:
    """POST: the button on every page raises the alert at once. GET: what happens next and who
    to contact now, with a box to say more."""
    if request.method == "POST":
        do_raise_safety_alert(speaker=session.speaker)
        return redirect("child:not-safe")
    return _not_safe_page(request, session, AlertWordsForm())


def _current_alert(session: ChildSession) -> SafetyAlert | None:
    """The child's alert still waiting from the last little while: the one just raised, which
    pressing again or adding words goes to."""
    since = timezone.now() - ALERT_COALESCE
    waiting = SafetyAlert.objects.filter(child=session.child, acknowledged_at__isnull=True, raised_at__gte=since)
    return waiting.order_by("-raised_at").first()


def _not_safe_page(
    request: HttpRequest, session: ChildSession, form: AlertWordsForm, status: int = 200
) -> HttpResponse:
    alert = _current_alert(session)
    context = {
        "alert": alert,
        "told": say("not_safe_told", session.band, worker=session.worker_name),
        "form": form,
        "phone_picture": sign("phone", size=40),
    }
    return _page(request, session, "voice/child/not_safe.html", context, status=status)


@child_page
@require_http_methods(["POST"])
def not_safe_words(request: HttpRequest, session: ChildSession) -> HttpResponse:
    alert = _current_alert(session) or do_raise_safety_alert(speaker=session.speaker)
    form = AlertWordsForm(request.POST)
    if form.is_valid():
        do_add_alert_words(alert=alert, speaker=session.speaker, words=form.cleaned_data["words"])
        return _thanks(request, reverse("child:not-safe"), "alert_words")
    return _not_safe_page(request, session, form, status=400)


# --- Information ---------------------------------------------------------------------------------------


@child_page
@require_http_methods(["GET"])
def about(request: HttpRequest, session: ChildSession) -> HttpResponse:
    today = timezone.localdate()
    meeting = next_meeting(session.child, today=today)
    plan = plan_for_child(session.child)
    context = {
        "worker_is": say("worker_is", session.band, worker=session.worker_name) if session.worker_name else "",
        "meeting": meeting,
        "meeting_words": MEETING_WORDS.get(meeting.kind, "") if meeting else "",
        "plan": plan,
        "plan_words": PLAN_WORDS.get(plan.kind, "") if plan else "",
        "explanations": list(explanations_for_child(session.child)),
        "pictures": {
            "worker": sign("worker", size=56),
            "meeting": sign("meeting", size=56),
            "plan": sign("plan", size=56),
            "explain": sign("explain", size=56),
        },
    }
    return _page(request, session, "voice/child/about.html", context)


@child_page
@require_http_methods(["GET"])
def explanation(request: HttpRequest, session: ChildSession, explanation_id: int) -> HttpResponse:
    found = explanations_for_child(session.child).filter(pk=explanation_id).first()
    if found is None:
        return _not_found(request, session)
    sections = [{**s, "picture_svg": picture(s.get("picture", ""))} for s in found.sections]
    return _page(request, session, "voice/child/explanation.html", {"explanation": found, "sections": sections})


@child_page
@require_http_methods(["GET"])
def said(request: HttpRequest, session: ChildSession) -> HttpResponse:
    """What the child said and what their worker did about it. Answers are new until seen here."""
    found = ChildView.objects.filter(child=session.child).select_related("responded_by")
    views = list(found.order_by("-said_at", "-pk")[:SAID_ON_PAGE])
    rows = [
        {
            "view": v,
            "kind": KIND_LABELS.get(v.kind, ""),
            "pictures": [{"picture": choice_picture(key, size=40), "label": choice_label(key)} for key in v.pictures],
            "feeling": feeling_label(v.feeling, session.band) if v.feeling else "",
            "face": face(v.feeling, size=40) if v.feeling else "",
            "is_new": v.responded_at is not None and v.response_read_at is None,
        }
        for v in views
    ]
    response = _page(request, session, "voice/child/said.html", {"rows": rows})
    do_mark_responses_read(speaker=session.speaker)
    return response


@child_page
@require_http_methods(["GET"])
def said_drawing(request: HttpRequest, session: ChildSession, view_id: int) -> HttpResponse:
    drawing = ChildDrawing.objects.filter(view_id=view_id, view__child=session.child).first()
    if drawing is None:
        return _not_found(request, session)
    return drawing_response(drawing)


def drawing_response(drawing: ChildDrawing) -> HttpResponse:
    response = HttpResponse(bytes(drawing.content), content_type=drawing.content_type)
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- Advocacy ------------------------------------------------------------------------------------------


@child_page
@require_http_methods(["GET", "POST"])
def advocate(request: HttpRequest, session: ChildSession) -> HttpResponse:
    current = AdvocacyRequest.objects.filter(child=session.child).open().first()
    form = AdvocateForm(_posted(request))
    if request.method == "POST" and current is None and form.is_valid():
        # Asked for already, perhaps in another window: the page shows that request instead.
        with contextlib.suppress(VoiceRefused):
            do_request_advocate(
                child=session.child,
                words=form.cleaned_data.get("words", ""),
                asked_by_child=True,
                by=None,
                speaker=session.speaker,
            )
        return _thanks(request, reverse("child:advocate"), "advocate")
    context = {
        "current": current,
        "advocate_is": say("advocate_is", session.band),
        "form": form,
        "picture": sign("advocate", size=64),
    }
    return _page(request, session, "voice/child/advocate.html", context, status=400 if form.errors else 200)


# --- Giving a handed-over device back ------------------------------------------------------------------


@child_page
@require_http_methods(["GET", "POST"])
def give_back(request: HttpRequest, session: ChildSession) -> HttpResponse:
    """The worker takes their device back by giving their password. Wrong passwords are counted:
    after a few, further tries wait a while."""
    if not session.is_hand_over:
        return _not_found(request, session)
    form = GiveBackForm(_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        if attempts_refused(
            scope=AttemptScope.GIVE_BACK, key=str(session.worker.pk), now=timezone.now(), most=GIVE_BACK_ATTEMPTS_MOST
        ):
            return _page(request, session, "voice/child/too_many.html", {}, status=429)
        if session.worker.check_password(form.cleaned_data["password"]):
            do_give_back(child=session.child, by=session.worker)
            end_hand_over(request)
            return redirect("voice:child-voice", child_id=session.child.pk)
        do_refuse_give_back(child=session.child, by=session.worker)
        form.add_error("password", _("The password is not right"))
    if form.errors:
        status = 400
    return _page(request, session, "voice/child/give_back.html", {"form": form}, status=status)
