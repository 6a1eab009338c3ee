"""The returns pages: make and validate a return, make Annex A, import a council's files, follow
a run's progress, read its validation report (errors apart from queries, every issue linked to
the child and the page where it is fixed) and download its files (every download audited).

Performance analysts and service managers run returns and download them; team managers read the
reports for their own team's children. Everyone else is refused.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kith.core.models import Role, User
from kith.core.requests import user_of
from kith.people.access import child_record_view
from kith.people.models import Child
from kith.returns import rules
from kith.returns.actions import RunRefused, Upload, do_record_download, do_start_run
from kith.returns.codes import IssueKind, RunKind
from kith.returns.forms import AnnexAForm, ExportForm, ImportForm
from kith.returns.models import (
    AdoptionDetails,
    CareLeaverOutcome,
    HealthOutcome,
    LookedAfterReview,
    MissingEpisode,
    PlacedForAdoption,
    ReturnFile,
    ReturnRun,
    ValidationIssue,
)

READERS = frozenset({Role.ANALYST, Role.SERVICE_MANAGER, Role.TEAM_MANAGER})
RUNNERS = frozenset({Role.ANALYST, Role.SERVICE_MANAGER})
ISSUES_SHOWN = 500

# Where each table of a return is put right in Kith: (URL name, words for the link).
FIX_PAGES: dict[str, tuple[str, str]] = {
    "ChildIdentifiers": ("people:edit-person", "Change the child's details"),
    "ChildCharacteristics": ("people:edit-person", "Change the child's details"),
    "Disabilities": ("people:edit-person", "Change the child's details"),
    "Header": ("people:edit-person", "Change the child's details"),
    "CINdetails": ("journey:child", "The child's journey"),
    "Episodes": ("journey:child", "The child's journey"),
    "SWEpisodes": ("journey:allocate", "Allocation"),
    "Assessments": ("assessments:list", "Assessments"),
    "AssessmentFactorsList": ("assessments:list", "Assessments"),
    "CINplanDates": ("plans:current", "The child's plan"),
    "ChildProtectionPlans": ("plans:current", "The child's plan"),
    "Reviews": ("plans:current", "The child's plan"),
    "Section47": ("meetings:list", "Meetings"),
}
RETURN_DETAILS = ("returns:child", "Return details")


def fix_page(issue: ValidationIssue, run_kind: str) -> tuple[str, str] | None:
    """The page where the fault behind an issue is put right, and the words for the link."""
    if issue.child_id is None:
        return None
    name, words = FIX_PAGES.get(issue.table, RETURN_DETAILS)
    if run_kind == RunKind.SSDA903 and issue.table == "Reviews":
        name, words = RETURN_DETAILS
    return reverse(name, args=[issue.child_id]), words


def _refuse(request: HttpRequest) -> HttpResponse:
    return render(request, "returns/refused.html", status=403)


def _reader(request: HttpRequest) -> User | None:
    user = user_of(request)
    return user if user.role in READERS else None


def _runs_for(user: User) -> QuerySet[ReturnRun]:
    return ReturnRun.objects.select_related("created_by")


def _issues_for(user: User, run: ReturnRun) -> QuerySet[ValidationIssue]:
    issues = run.issues.all()
    if user.role == Role.TEAM_MANAGER:
        issues = issues.filter(Q(child__team_id=user.team_id) | Q(child__isnull=True, la_child_id=""))
    return issues


def _home(request: HttpRequest, user: User, status: int = 200, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "can_run": user.role in RUNNERS,
        "runs": list(_runs_for(user)[:20]),
        "export_form": forms.get("export_form") or ExportForm(today=today),
        "annex_form": forms.get("annex_form")
        or AnnexAForm(initial={"period_start": today.replace(year=today.year - 1), "period_end": today}),
        "import_form": forms.get("import_form") or ImportForm(today=today),
        "current_year": rules.year_label(rules.current_collection_year(today)),
    }
    return render(request, "returns/home.html", context, status=status)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    if user is None:
        return _refuse(request)
    return _home(request, user)


def _runner(request: HttpRequest) -> User | None:
    user = user_of(request)
    return user if user.role in RUNNERS else None


@login_required
@require_POST
def start_export(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    if user is None:
        return _refuse(request)
    form = ExportForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return _home(request, user, status=400, export_form=form)
    run = do_start_run(kind=form.cleaned_data["kind"], collection_year=int(form.cleaned_data["year"]), by=user)
    return redirect(run)


@login_required
@require_POST
def start_annex_a(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    if user is None:
        return _refuse(request)
    form = AnnexAForm(request.POST)
    if not form.is_valid():
        return _home(request, user, status=400, annex_form=form)
    data = form.cleaned_data
    run = do_start_run(kind=RunKind.ANNEX_A, period_start=data["period_start"], period_end=data["period_end"], by=user)
    return redirect(run)


@login_required
@require_POST
def start_import(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    if user is None:
        return _refuse(request)
    form = ImportForm(request.POST, request.FILES, today=timezone.localdate())
    if not form.is_valid():
        return _home(request, user, status=400, import_form=form)
    uploads = [
        Upload(name=f.name or "upload", content_type=f.content_type or "", content=f.read())
        for f in form.cleaned_data["uploads"]
    ]
    try:
        run = do_start_run(
            kind=RunKind.IMPORT, collection_year=int(form.cleaned_data["year"]), uploads=uploads, by=user
        )
    except RunRefused as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return _home(request, user, status=400, import_form=form)
    messages.success(request, "Import started")
    return redirect(run)


def _rule_counts(issues: QuerySet[ValidationIssue], kind: str) -> list[dict[str, Any]]:
    counted = issues.filter(kind=kind).values("rule_code", "message").annotate(count=Count("pk"))
    return [dict(row) for row in counted.order_by("-count", "rule_code")]


@login_required
@require_GET
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _reader(request)
    if user is None:
        return _refuse(request)
    run = get_object_or_404(_runs_for(user), pk=run_id)
    issues = _issues_for(user, run)
    kind = request.GET.get("kind", IssueKind.ERROR)
    if kind not in IssueKind.values:
        kind = IssueKind.ERROR
    rule = request.GET.get("rule", "")
    shown = issues.filter(kind=kind)
    if rule:
        shown = shown.filter(rule_code=rule)
    rows = [
        (issue, fix_page(issue, run.kind)) for issue in shown.order_by("rule_code", "la_child_id", "pk")[:ISSUES_SHOWN]
    ]
    records = run.import_records.all()
    context = {
        "run": run,
        "can_download": user.role in RUNNERS,
        "files": list(run.files.filter(is_upload=False).defer("content")),
        "errors": _rule_counts(issues, IssueKind.ERROR),
        "queries": _rule_counts(issues, IssueKind.QUERY),
        "could_not_run": list(issues.filter(kind=IssueKind.COULD_NOT_RUN).order_by("rule_code")),
        "kind": kind,
        "kind_label": IssueKind(kind).label,
        "rule": rule,
        "rows": rows,
        "shown_limit": ISSUES_SHOWN,
        "import_counts": list(records.values("outcome").annotate(count=Count("pk")).order_by("outcome")),
        "import_records": list(records.exclude(outcome="unchanged")[:ISSUES_SHOWN])
        if run.kind == RunKind.IMPORT
        else [],
    }
    return render(request, "returns/run.html", context)


@login_required
@require_GET
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _reader(request)
    if user is None:
        return _refuse(request)
    run = get_object_or_404(ReturnRun, pk=run_id)
    response = render(request, "returns/_progress.html", {"run": run})
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def download(request: HttpRequest, run_id: int, file_id: int) -> HttpResponse:
    user = _runner(request)
    if user is None:
        return _refuse(request)
    file = get_object_or_404(ReturnFile, pk=file_id, run_id=run_id, is_upload=False)
    do_record_download(file=file, by=user)
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


@child_record_view("return_details")
@require_http_methods(["GET"])
def child_details(request: HttpRequest, child: Child) -> HttpResponse:
    """What the child's record holds for the SSDA903 that the other pages do not show yet."""
    context = {
        "child": child,
        "person": child.person,
        "missing": list(MissingEpisode.objects.filter(child=child)),
        "reviews": list(LookedAfterReview.objects.filter(child=child)),
        "health": list(HealthOutcome.objects.filter(child=child).order_by("collection_year")),
        "leaving": list(CareLeaverOutcome.objects.filter(child=child).order_by("collection_year")),
        "adoptions": list(AdoptionDetails.objects.filter(child=child)),
        "placed": list(PlacedForAdoption.objects.filter(child=child)),
    }
    return render(request, "returns/child.html", context)
