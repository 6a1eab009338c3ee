"""Explanations of decisions: draft from a decision, edit with a readability score, download as
a PDF, and record that it was given."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction
from kith.core.requests import user_of
from kith.people.access import child_record_view
from kith.people.models import Child
from kith.people.rules import age_on
from kith.voice.actions import (
    EditConflict,
    ExplanationRefused,
    do_draft_explanations,
    do_edit_explanation,
    do_record_given,
)
from kith.voice.forms import ExplanationForm, GivenForm
from kith.voice.models import Explanation
from kith.voice.pictures import picture
from kith.voice.readability import readability, target_reading_age
from kith.voice.sources import read_source


def _explanation(child: Child, explanation_id: int) -> Explanation:
    try:
        return Explanation.objects.select_related("child").get(pk=explanation_id, child=child)
    except Explanation.DoesNotExist:
        raise Http404("No such explanation") from None


def _child_age(child: Child) -> int | None:
    born = child.person.date_of_birth
    return age_on(born, timezone.localdate()) if born else None


def _sections_with_scores(explanation: Explanation) -> list[dict[str, Any]]:
    return [
        {
            **section,
            "picture_svg": mark_safe(picture(section.get("picture", ""))),  # noqa: S308 - our SVG, text escaped
            "score": readability(section["text"]),
        }
        for section in explanation.sections
    ]


@child_record_view("explanations")
@require_http_methods(["GET"])
def explanations(request: HttpRequest, child: Child) -> HttpResponse:
    found = list(Explanation.objects.for_child(child))
    return render(request, "voice/explanations.html", {"child": child, "explanations": found})


@child_record_view("explanation", changes_record=True)
@require_http_methods(["POST"])
def draft_explanations(request: HttpRequest, child: Child, source_kind: str, source_id: int) -> HttpResponse:
    source = read_source(source_kind, child, source_id)
    if source is None:
        raise Http404("Nothing to explain here")
    for_child, _for_parents = do_draft_explanations(
        child=child, source=source, source_kind=source_kind, source_id=source_id, by=user_of(request)
    )
    messages.success(request, "Explanations drafted for the child and for the parents. Edit them before you give them.")
    return redirect("voice:explanation", child_id=child.pk, explanation_id=for_child.pk)


@child_record_view("explanation")
@require_http_methods(["GET", "POST"])
def explanation(request: HttpRequest, child: Child, explanation_id: int) -> HttpResponse:
    found = _explanation(child, explanation_id)
    user = user_of(request)
    form = ExplanationForm(request.POST or None, explanation=found, initial={"version": found.version})
    status = 200
    if request.method == "POST":
        if not user.is_casework:
            return render(request, "core/cannot_change.html", {"child": child}, status=403)
        if form.is_valid():
            try:
                do_edit_explanation(
                    explanation=found, texts=form.texts(), expected_version=form.cleaned_data["version"], by=user
                )
            except EditConflict:
                form.add_error(
                    None, "Someone else changed this wording after you opened it. Your changes have not been saved."
                )
                status = 409
            else:
                messages.success(request, "Wording saved")
                return redirect("voice:explanation", child_id=child.pk, explanation_id=found.pk)
        else:
            status = 400
    overall = readability(found.text)
    target = target_reading_age(audience=found.audience, child_age=_child_age(child))
    context = {
        "child": child,
        "explanation": found,
        "sections": _sections_with_scores(found),
        "overall": overall,
        "target_age": target,
        "form": form,
        "siblings": Explanation.objects.filter(
            child=child, source_kind=found.source_kind, source_id=found.source_id
        ).exclude(pk=found.pk),
    }
    return render(request, "voice/explanation.html", context, status=status)


@child_record_view("explanation_pdf")
@require_http_methods(["GET"])
def explanation_pdf(request: HttpRequest, child: Child, explanation_id: int) -> HttpResponse:
    from weasyprint import HTML  # imported here: pango is loaded only when someone downloads

    found = _explanation(child, explanation_id)
    html = render_to_string(
        "voice/explanation_pdf.html", {"child": child, "explanation": found, "sections": _sections_with_scores(found)}
    )
    record_audit_event(
        user=user_of(request),
        action=AuditAction.EXPORT,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type="explanation",
        object_id=found.pk,
        detail={"format": "pdf"},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="explanation-{found.audience}-{found.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@child_record_view("explanation", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_given(request: HttpRequest, child: Child, explanation_id: int) -> HttpResponse:
    found = _explanation(child, explanation_id)
    page = {"child": child, "heading": f"Record that it was given: {found}"}
    form = GivenForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                do_record_given(
                    explanation=found,
                    given_on=form.cleaned_data["given_on"],
                    how=form.cleaned_data["how"],
                    by=user_of(request),
                    today=timezone.localdate(),
                )
            except ExplanationRefused as refusal:
                form.add_error(refusal.field, refusal.message)
            else:
                messages.success(request, "Recorded that the explanation was given")
                return redirect("voice:explanation", child_id=child.pk, explanation_id=found.pk)
        return render(request, "core/child_form_page.html", {**page, "form": form}, status=400)
    return render(request, "core/child_form_page.html", {**page, "form": form})
