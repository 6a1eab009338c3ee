"""Small helpers the plan views share: form pages, error summaries over several forms, htmx."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kith.people.models import Child
from kith.plans.models import Plan

CONFLICT = (
    "Someone else changed this plan after you opened it. Your changes have not been saved. "
    "Open the plan again to see their changes, then make yours."
)


def plan_of(child: Child, plan_id: int) -> Plan:
    """One of this child's plans, or "not found"."""
    try:
        plan = Plan.objects.get(pk=plan_id, child=child)
    except Plan.DoesNotExist:
        raise Http404("No such plan") from None
    plan.child = child
    return plan


def _anchor(field: forms.BoundField) -> str:
    """Where an error summary link should land: the first input of the field."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return f"id_{field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


def error_list(*all_forms: forms.Form) -> list[dict[str, str]]:
    """Every error of the forms on a page, in order, for the GOV.UK error summary."""
    items: list[dict[str, str]] = []
    for form in all_forms:
        visible = form.visible_fields()
        first = f"#{_anchor(visible[0])}" if visible else "#main-content"
        items += [{"text": str(error), "href": first} for error in form.non_field_errors()]
        for field in visible:
            items += [{"text": str(error), "href": f"#{_anchor(field)}"} for error in field.errors]
    return items


def swap_in_place(form: Any, action: str) -> None:
    """Post the form with htmx and swap the page's main content in place; without JavaScript it
    is an ordinary form post."""
    form.helper.form_action = action
    form.helper.attrs = {
        "hx-post": action,
        "hx-target": "#main-content",
        "hx-select": "#main-content",
        "hx-swap": "outerHTML show:none",
    }


def status_for(request: HttpRequest, status: int) -> int:
    """htmx swaps only successful responses, so a page with errors comes back as 200 to htmx."""
    return 200 if status in (400, 409) and getattr(request, "htmx", False) else status


def form_page(
    request: HttpRequest,
    *,
    child: Child,
    plan: Plan | None,
    heading: str,
    form: forms.Form,
    intro: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
    template: str = "plans/form_page.html",
) -> HttpResponse:
    context = {"child": child, "plan": plan, "heading": heading, "intro": intro, "form": form, **(extra or {})}
    return render(request, template, context, status=status)


def closed_page(request: HttpRequest, *, child: Child, plan: Plan, message: str) -> HttpResponse:
    """A change asked of a closed plan: say so, and how to go on."""
    return render(request, "plans/closed.html", {"child": child, "plan": plan, "message": message}, status=400)
