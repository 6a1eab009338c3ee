"""Views on the child's journey: "My work", the child's record, visits and stages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kith.core.models import Role, User
from kith.core.requests import user_of
from kith.journey.actions import JourneyError, do_allocate, do_close_episode, do_open_episode, do_record_visit
from kith.journey.forms import AllocateForm, CloseEpisodeForm, OpenEpisodeForm, VisitForm
from kith.journey.models import Episode
from kith.journey.records import child_record, my_work_body, record_version, sections_body
from kith.people.access import child_record_view
from kith.people.actions import EditConflict
from kith.people.family import genogram_status_for
from kith.people.models import Child
from kith.standards.records import (
    actions_for,
    caseload_section,
    record_section,
    standards_for_caseload,
    standards_for_child,
)
from kith.voice.records import new_from_children, voice_for_child


@login_required
@require_http_methods(["GET"])
def my_work_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    caseload = my_work_body(user, today=timezone.localdate())
    today = timezone.localdate()
    context = {
        "caseload": caseload,
        "voice_inbox": new_from_children(user) if user.is_casework else None,
        "standards_section": caseload_section(standards_for_caseload(user, today)),
        "practice_actions": actions_for(user),
    }
    return render(request, "journey/my_work.html", context)


@child_record_view("child")
@require_http_methods(["GET"])
def child_view(request: HttpRequest, child: Child) -> HttpResponse:
    version = record_version(child.pk)  # first: what is kept under it is read after
    context = child_record(
        child, viewer=user_of(request), full_chronology=request.GET.get("all") == "1", version=version
    )
    today = timezone.localdate()
    status = genogram_status_for(child, today=today, version=version.families or 0)
    context["sections"] = sections_body(child, status)
    context["voice"] = voice_for_child(child)
    context["standards_section"] = record_section(standards_for_child(child, today))
    return render(request, "journey/child.html", context)


def _form_page(
    request: HttpRequest, child: Child, form: forms.Form, heading: str, *, intro: str = "", status: int = 200
) -> HttpResponse:
    context = {"child": child, "form": form, "heading": heading, "intro": intro}
    return render(request, "core/child_form_page.html", context, status=status)


def _form_error(form: forms.Form, error: JourneyError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@child_record_view("visit_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_visit(request: HttpRequest, child: Child) -> HttpResponse:
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            do_record_visit(child=child, details=form.cleaned_data, by=user_of(request))
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Visit saved")
            return redirect(child)
    status = 400 if form.errors else 200
    return _form_page(request, child, form, "Record a visit", status=status)


@child_record_view("episode_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def open_episode(request: HttpRequest, child: Child) -> HttpResponse:
    form = OpenEpisodeForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        codes = {k: data[k] for k in ("referral_source", "primary_need") if data[k]}
        try:
            do_open_episode(
                child=child,
                stage=data["stage"],
                starts_on=data["starts_on"],
                codes=codes,
                summary=data["summary"],
                close_current=data["close_current"],
                by=user_of(request),
            )
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Stage started")
            return redirect(child)
    status = 400 if form.errors else 200
    return _form_page(request, child, form, "Start a stage", status=status)


@child_record_view("episode_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def close_episode(request: HttpRequest, child: Child, episode_id: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("child"), pk=episode_id, child=child)
    if episode.ends_on is not None:
        raise Http404("This stage has already ended")
    form = CloseEpisodeForm(request.POST or None, initial={"ends_on": timezone.localdate(), "version": episode.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_close_episode(
                episode=episode,
                ends_on=data["ends_on"],
                closure_reason=data["closure_reason"],
                expected_version=data["version"],
                by=user_of(request),
            )  # type: ignore[arg-type]
        except JourneyError as error:
            _form_error(form, error)
        except EditConflict:
            form.add_error(
                None,
                "Someone else changed this stage after you opened it. Nothing has been saved. "
                "Go back to the record to see the change.",
            )
            status = 409
        else:
            messages.success(request, "Stage ended")
            return redirect(child)
    if form.errors and status == 200:
        status = 400
    heading = f"End {episode.get_stage_display().lower()}"
    return _form_page(request, child, form, heading, intro=f"Started {episode.starts_on:%-d %B %Y}.", status=status)


@child_record_view("allocation_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, child: Child) -> HttpResponse:
    """Team and service managers choose the child's lead practitioner."""
    user = user_of(request)
    if not user.is_manager:
        return render(request, "core/403.html", status=403)
    practitioners = User.objects.filter(role=Role.PRACTITIONER, is_active=True, team__isnull=False)
    if user.role == Role.TEAM_MANAGER:
        practitioners = practitioners.filter(team_id=user.team_id or 0)
    else:
        practitioners = practitioners.filter(team__service__teams__id=user.team_id or 0)
    form = AllocateForm(
        request.POST or None,
        practitioners=practitioners.select_related("team"),
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        chosen: User = form.cleaned_data["practitioner"]
        team = chosen.team
        assert team is not None  # every practitioner offered has a team
        try:
            do_allocate(child=child, practitioner=chosen, team=team, starts_on=form.cleaned_data["starts_on"], by=user)
        except JourneyError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{child.person.full_name} is now allocated to {chosen}")
            return redirect(child)
    status = 400 if form.errors else 200
    return _form_page(request, child, form, "Allocate a lead practitioner", status=status)
