"""The worker's side of the child's voice: what the child said (their own words first) and the
answers to it, links to the child's pages, handing a device over, safety alerts and the duty
page, and advocacy requests."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kith.core.requests import user_of
from kith.people.access import child_record_view
from kith.people.models import Child
from kith.voice.child_actions import (
    EditConflict,
    VoiceRefused,
    do_acknowledge_safety_alert,
    do_allocate_advocate,
    do_close_advocacy,
    do_hand_over,
    do_make_child_link,
    do_mark_view_seen,
    do_request_advocate,
    do_respond_to_view,
    do_revoke_child_link,
)
from kith.voice.child_session import start_hand_over
from kith.voice.childpages import drawing_response
from kith.voice.models import AdvocacyRequest, ChildDrawing, ChildLink, ChildView, SafetyAlert
from kith.voice.records import said_row
from kith.voice.staff_forms import (
    AcknowledgeAlertForm,
    AllocateAdvocateForm,
    CloseAdvocacyForm,
    MakeLinkForm,
    RequestAdvocateForm,
    RespondForm,
)

CONFLICT = (
    "Someone else changed this after you opened it. Your changes have not been saved. Open it again to see theirs."
)
VIEWS_ON_PAGE = 100
RECENTLY_ACTED = 20


def _name(child: Child) -> str:
    return f"{child.person.known_as} {child.person.legal_family_name}"


def _form_page(
    request: HttpRequest,
    child: Child,
    form: forms.Form,
    heading: str,
    *,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {"child": child, "form": form, "heading": heading, "intro": intro}
    return render(request, "voice/staff_form_page.html", context, status=status)


def _refused(form: forms.Form, refusal: VoiceRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (`request.POST or None` would show an empty
    post as a fresh form instead of one with errors)."""
    return request.POST if request.method == "POST" else None


# --- The child's voice page ----------------------------------------------------------------------------


@child_record_view("child_voice")
@require_http_methods(["GET"])
def child_voice(request: HttpRequest, child: Child) -> HttpResponse:
    return _voice_page(request, child)


def _voice_page(request: HttpRequest, child: Child, *, link_form: MakeLinkForm | None = None) -> HttpResponse:
    now = timezone.now()
    name = _name(child)
    views = ChildView.objects.filter(child=child).order_by("-said_at", "-pk")[:VIEWS_ON_PAGE]
    alerts = list(SafetyAlert.objects.filter(child=child).select_related("acknowledged_by")[:RECENTLY_ACTED])
    context = {
        "child": child,
        "views": [said_row(v, name) for v in views],
        "waiting_alerts": [a for a in alerts if a.acknowledged_at is None],
        "acted_alerts": [a for a in alerts if a.acknowledged_at is not None],
        "links": list(ChildLink.objects.for_child(child).active(now)),
        "advocacy": list(AdvocacyRequest.objects.filter(child=child).select_related("requested_by")),
        "link_form": link_form or MakeLinkForm(),
        "can_change": user_of(request).is_casework,
    }
    return render(request, "voice/child_voice.html", context, status=400 if link_form else 200)


# --- Links and hand-over -------------------------------------------------------------------------------


@child_record_view("child_link", changes_record=True)
@require_http_methods(["POST"])
def make_link(request: HttpRequest, child: Child) -> HttpResponse:
    """Make a link and show it once: only its hash is kept, so it cannot be shown again."""
    form = MakeLinkForm(request.POST)
    if not form.is_valid():
        return _voice_page(request, child, link_form=form)
    made = do_make_child_link(child=child, days=form.cleaned_data["days"], by=user_of(request))
    address = request.build_absolute_uri(reverse("child:start", args=[made.token]))
    response = render(request, "voice/link_made.html", {"child": child, "link": made.link, "address": address})
    response.headers["Cache-Control"] = "no-store"
    return response


@child_record_view("child_link", changes_record=True)
@require_http_methods(["POST"])
def revoke_link(request: HttpRequest, child: Child, link_id: int) -> HttpResponse:
    link = ChildLink.objects.filter(pk=link_id, child=child).select_related("child").first()
    if link is None:
        raise Http404("No such link")
    do_revoke_child_link(link=link, by=user_of(request))
    messages.success(request, "Link stopped. It no longer opens the child's pages.")
    return redirect("voice:child-voice", child_id=child.pk)


@child_record_view("hand_over", changes_record=True)
@require_http_methods(["POST"])
def hand_over(request: HttpRequest, child: Child) -> HttpResponse:
    """This device now shows only the child's pages until the worker gives their password."""
    user = user_of(request)
    do_hand_over(child=child, by=user)
    start_hand_over(request, child, user)
    return redirect("child:home")


# --- What the child said -------------------------------------------------------------------------------


def _view(child: Child, view_id: int) -> ChildView:
    found = ChildView.objects.filter(pk=view_id, child=child).select_related("child", "responded_by").first()
    if found is None:
        raise Http404("No such view")
    return found


@child_record_view("child_view")
@require_http_methods(["GET", "POST"])
def said(request: HttpRequest, child: Child, view_id: int) -> HttpResponse:
    """One thing the child said, in their own words first, and the answer: you said, we did."""
    view = _view(child, view_id)
    form = RespondForm(_posted(request), initial={"version": view.version, "response": view.response})
    status = 200
    if request.method == "POST":
        user = user_of(request)
        if not user.is_casework:
            return render(request, "core/cannot_change.html", {"child": child}, status=403)
        if form.is_valid():
            try:
                do_respond_to_view(
                    view=view,
                    response=form.cleaned_data["response"],
                    expected_version=form.cleaned_data["version"],
                    by=user,
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            except VoiceRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, f"Answer sent. {child.person.known_as} will see it on their pages.")
                return redirect("voice:child-voice", child_id=child.pk)
        status = status if status != 200 else 400
    row = said_row(view, _name(child))
    return render(request, "voice/said.html", {"child": child, "row": row, "view": view, "form": form}, status=status)


@child_record_view("child_view", changes_record=True)
@require_http_methods(["POST"])
def mark_seen(request: HttpRequest, child: Child, view_id: int) -> HttpResponse:
    do_mark_view_seen(view=_view(child, view_id), by=user_of(request))
    return redirect("voice:child-voice", child_id=child.pk)


@child_record_view("child_drawing")
@require_http_methods(["GET"])
def drawing(request: HttpRequest, child: Child, view_id: int) -> HttpResponse:
    found = ChildDrawing.objects.filter(view_id=view_id, view__child=child).first()
    if found is None:
        raise Http404("No such drawing")
    return drawing_response(found)


# --- Safety alerts -------------------------------------------------------------------------------------


@child_record_view("safety_alert")
@require_http_methods(["GET", "POST"])
def alert(request: HttpRequest, child: Child, alert_id: int) -> HttpResponse:
    """Act on a child's safety alert: say what was done. The first to do so acknowledges it."""
    found = SafetyAlert.objects.filter(pk=alert_id, child=child).select_related("acknowledged_by", "link").first()
    if found is None:
        raise Http404("No such alert")
    form = AcknowledgeAlertForm(_posted(request), initial={"version": found.version})
    status = 200
    if request.method == "POST":
        user = user_of(request)
        if not user.is_casework:
            return render(request, "core/cannot_change.html", {"child": child}, status=403)
        if form.is_valid():
            try:
                do_acknowledge_safety_alert(
                    alert=found,
                    action_taken=form.cleaned_data["action_taken"],
                    expected_version=form.cleaned_data["version"],
                    by=user,
                )
            except EditConflict:
                form.add_error(
                    None,
                    "Someone else acted on this alert, or the child added to it, after you opened it. "
                    "Read it again before you record what you did.",
                )
                status = 409
            except VoiceRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Recorded what you did about the alert")
                return redirect("voice:child-voice", child_id=child.pk)
        status = status if status != 200 else 400
    return render(request, "voice/alert.html", {"child": child, "alert": found, "form": form}, status=status)


@login_required
@require_http_methods(["GET"])
def duty(request: HttpRequest) -> HttpResponse:
    """Safety alerts from the children of the user's team that no one has acted on yet, longest
    waiting first, then the latest acted on."""
    user = user_of(request)
    if not user.is_casework:
        raise PermissionDenied
    children = Child.objects.visible_to(user).values("pk")
    alerts = SafetyAlert.objects.filter(child__in=children).select_related(
        "child__person", "child__lead_practitioner", "acknowledged_by"
    )
    waiting = list(alerts.filter(acknowledged_at__isnull=True).order_by("raised_at", "pk"))
    acted = list(alerts.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at", "-pk")[:RECENTLY_ACTED])
    return render(request, "voice/duty.html", {"waiting": waiting, "acted": acted})


# --- Advocacy ------------------------------------------------------------------------------------------


def _asked(found: AdvocacyRequest) -> str:
    who = "the child" if found.asked_by_child else "the worker"
    return f"Asked for by {who} on {found.requested_on:%-d %B %Y}." + (f" “{found.words}”" if found.words else "")


def _advocacy(child: Child, request_id: int) -> AdvocacyRequest:
    found = AdvocacyRequest.objects.filter(pk=request_id, child=child).select_related("child").first()
    if found is None:
        raise Http404("No such request")
    return found


@child_record_view("advocacy_request", changes_record=True)
@require_http_methods(["GET", "POST"])
def request_advocate(request: HttpRequest, child: Child) -> HttpResponse:
    form = RequestAdvocateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            do_request_advocate(
                child=child,
                words=form.cleaned_data.get("words", ""),
                asked_by_child=form.cleaned_data["asked_by_child"],
                by=user_of(request),
            )
        except VoiceRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, "Advocate asked for")
            return redirect("voice:child-voice", child_id=child.pk)
    heading = f"Ask for an independent advocate for {child.person.known_as}"
    return _form_page(request, child, form, heading, status=400 if form.errors else 200)


@child_record_view("advocacy_request", changes_record=True)
@require_http_methods(["GET", "POST"])
def allocate_advocate(request: HttpRequest, child: Child, request_id: int) -> HttpResponse:
    found = _advocacy(child, request_id)
    today = timezone.localdate()
    form = AllocateAdvocateForm(_posted(request), initial={"allocated_on": today, "version": found.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            do_allocate_advocate(
                request=found,
                name=form.cleaned_data["advocate_name"],
                organisation=form.cleaned_data.get("advocate_organisation", ""),
                allocated_on=form.cleaned_data["allocated_on"],
                expected_version=form.cleaned_data["version"],
                by=user_of(request),
                today=today,
            )
        except EditConflict:
            form.add_error(None, CONFLICT)
            status = 409
        except VoiceRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, "Advocate allocated")
            return redirect("voice:child-voice", child_id=child.pk)
    if form.errors and status == 200:
        status = 400
    heading = f"Advocate allocated to {child.person.known_as}"
    return _form_page(request, child, form, heading, intro=_asked(found), status=status)


@child_record_view("advocacy_request", changes_record=True)
@require_http_methods(["GET", "POST"])
def close_advocacy(request: HttpRequest, child: Child, request_id: int) -> HttpResponse:
    found = _advocacy(child, request_id)
    today = timezone.localdate()
    form = CloseAdvocacyForm(_posted(request), initial={"closed_on": today, "version": found.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            do_close_advocacy(
                request=found,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
                by=user_of(request),
                today=today,
            )
        except EditConflict:
            form.add_error(None, CONFLICT)
            status = 409
        except VoiceRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, "Advocacy request closed")
            return redirect("voice:child-voice", child_id=child.pk)
    if form.errors and status == 200:
        status = 400
    heading = "Close the advocacy request"
    return _form_page(request, child, form, heading, intro=_asked(found), status=status)
