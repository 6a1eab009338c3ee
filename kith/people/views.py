"""Views about people: finding a child, giving a reason to open a record, editing details,
and a child's audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kith.core.actions import do_give_access_reason
from kith.core.forms import AccessReasonForm
from kith.core.models import AuditEvent
from kith.core.requests import user_of
from kith.core.rules import Access
from kith.people.access import child_record_view, load_child
from kith.people.actions import EditConflict, do_update_person
from kith.people.forms import PersonForm, SearchForm
from kith.people.models import Child

SEARCH_LIMIT = 25
PERSON_FIELDS = [name for name in PersonForm.base_fields if name != "version"]


@login_required
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = SearchForm(request.GET or None)
    results: list[Child] = []
    if form.is_valid():
        found = Child.objects.findable_by(user).search(form.cleaned_data["q"], whole_borough=not user.is_casework)
        results = list(found.with_person()[:SEARCH_LIMIT])
    return render(request, "people/search.html", {"form": form, "results": results, "limit": SEARCH_LIMIT})


@login_required
@require_http_methods(["GET", "POST"])
def access_reason(request: HttpRequest, child_id: int) -> HttpResponse:
    user = user_of(request)
    child, access, _reason = load_child(user, child_id)
    if access is Access.ALLOW:
        return redirect(child)
    form = AccessReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_give_access_reason(
            child_id=child.pk, child_team_id=child.team_id, reason=form.cleaned_data["reason"], by=user
        )
        return redirect(child)
    return render(request, "people/access_reason.html", {"child": child, "form": form})


@child_record_view("person", changes_record=True)
@require_http_methods(["GET", "POST"])
def edit_person(request: HttpRequest, child: Child) -> HttpResponse:
    person = child.person
    page = {"child": child, "heading": "Change details"}
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
            try:
                do_update_person(
                    person=person,
                    changes=changes,
                    expected_version=form.cleaned_data["version"],
                    child=child,
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(
                    None,
                    "Someone else changed these details after you opened them. Your changes have not been "
                    "saved. Open the record again to see their changes, then make yours.",
                )
                return render(request, "core/child_form_page.html", {**page, "form": form}, status=409)
            messages.success(request, "Details saved")
            return redirect(child)
    else:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        form = PersonForm(initial={**initial, "version": person.version})
    return render(request, "core/child_form_page.html", {**page, "form": form})


@child_record_view("audit_trail")
@require_http_methods(["GET"])
def audit_trail(request: HttpRequest, child: Child) -> HttpResponse:
    user = user_of(request)
    if not user.is_manager:
        raise Http404("Only managers can read a child's audit trail")
    events = AuditEvent.objects.for_child(child.pk)[:500]
    return render(request, "people/audit_trail.html", {"child": child, "events": events})
