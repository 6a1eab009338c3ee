"""Views about people: finding a child, giving a reason to open a record, editing details,
and a child's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse_lazy
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from kith.core.actions import do_give_access_reason
from kith.core.forms import AccessReasonForm
from kith.core.models import AuditEvent
from kith.core.requests import user_of
from kith.core.rules import Access
from kith.journey.dates import short_date
from kith.people.access import child_record_view, child_url, load_child
from kith.people.actions import EditConflict, do_update_person
from kith.people.forms import PersonForm, SearchForm
from kith.people.models import Child
from kith.people.search import SEARCH_LIMIT, ResultRows, read_search

SEARCH_URL = reverse_lazy("people:search")
# Results kept drawn in each process (see `results_markup`).
RESULTS_KEPT = 256
PERSON_FIELDS = [name for name in PersonForm.base_fields if name != "version"]


@dataclass(frozen=True)
class SearchResult:
    """One row of search results, in words: no model instances for a list that only shows them."""

    name: str
    preferred_name: str
    url: str
    born: str
    la_child_id: str
    team: str | None


def _born(date_of_birth: date | None, expected: date | None) -> str:
    if date_of_birth:
        return short_date(date_of_birth)
    if expected:
        return f"Unborn, due {short_date(expected)}"
    return ""


@lru_cache(maxsize=RESULTS_KEPT)
def _results_markup(
    rows: ResultRows | None, language: str | None, urlconf: str | None, script_prefix: str
) -> SafeString:
    results = [
        SearchResult(
            name=f"{given} {family}",
            preferred_name=preferred,
            url=child_url(pk),
            born=_born(date_of_birth, expected),
            la_child_id=la_child_id,
            team=team,
        )
        for pk, given, family, preferred, date_of_birth, expected, la_child_id, team in rows or ()
    ]
    context = {"searched": rows is not None, "results": results, "limit": SEARCH_LIMIT}
    return render_to_string("people/search_results.html", context)


@receiver(setting_changed)
def _forget_kept_results(**kwargs: Any) -> None:
    """Settings only change in tests, which then start afresh (see kith.journey.records)."""
    _results_markup.cache_clear()


def results_markup(rows: ResultRows | None) -> SafeString:
    """The results section, drawn from the rows found (None before a search) and kept keyed on
    them: the rows are read afresh on every search, so kept results are never out of date, and
    searches that find the same children (as typing a name letter by letter often does) draw
    them once. The rows are only those the user may find, and nothing else about the user is
    drawn."""
    return _results_markup(rows, get_language(), get_urlconf(), get_script_prefix())


@login_required
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    """Results refresh as the user types (htmx asks for them and swaps them in): htmx's requests
    get the results section alone, everyone else the page."""
    user = user_of(request)
    form = SearchForm(request.GET or None)
    rows = read_search(user, form.cleaned_data["q"]) if form.is_valid() else None
    results = results_markup(rows)
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = HttpResponse(results)
    else:
        field = form.fields["q"]
        errors = form.errors.get("q") if form.is_bound else None
        page = {
            "label": field.label,
            "hint": field.help_text,
            "max_length": SearchForm.MAX_LENGTH,
            "q": request.GET.get("q", ""),
            "error": errors[0] if errors else "",
            "search_url": SEARCH_URL,
            "results": results,
        }
        response = render(request, "people/search.html", page)
    patch_vary_headers(response, ["HX-Request"])
    return response


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
