"""Views of the standards app: dashboards and their drill-downs and exports, the child's standards,
management oversight, supervision, group supervision, case audits and the standards in force."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, Role, Team, User
from kith.core.requests import user_of
from kith.core.timescales import timescales
from kith.people.access import child_record_view
from kith.people.actions import EditConflict
from kith.people.models import Child
from kith.standards import exports
from kith.standards.actions import (
    StandardsRefused,
    do_audit_case,
    do_mark_action_done,
    do_moderate_audit,
    do_record_group_supervision,
    do_record_oversight,
    do_record_supervision,
)
from kith.standards.dashboard import build_dashboard, children_behind, scope_url
from kith.standards.forms import (
    ActionDoneForm,
    AuditForm,
    GroupSupervisionForm,
    ModerateForm,
    OversightForm,
    SupervisionForm,
)
from kith.standards.measures import measure_words, parse_measure
from kith.standards.models import (
    ActionSource,
    AuditStatus,
    CaseAudit,
    CaseSupervision,
    DefinitionLoad,
    Grade,
    GroupSupervision,
    ManagementOversight,
    PracticeAction,
    Standard,
)
from kith.standards.reads import default_scope, may_see_dashboards, resolve_scope
from kith.standards.records import standards_for_child
from kith.standards.rules import agreement

CONFLICT = "Someone else changed this after you opened it. Nothing has been saved. Open it again to see the change."
PARTS = ("children", "export.csv", "export.xlsx", "children.csv", "children.xlsx")


def _form_error(form: forms.Form, error: StandardsRefused) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "standards/refused.html", {"message": message}, status=403)


# --- Dashboards -----------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_see_dashboards(user):
        return _refused(request, "Practice dashboards are for practitioners, managers and performance analysts.")
    kind, scope_id = default_scope(user)
    return redirect(
        reverse("standards:borough") if kind == "borough" else reverse("standards:dashboard", args=[kind, scope_id])
    )


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise Http404("No such date") from None


@login_required
@require_GET
def dashboard(request: HttpRequest, scope: str, scope_id: int) -> HttpResponse:
    user = user_of(request)
    resolved = resolve_scope(user, scope, int(scope_id))
    today = timezone.localdate()
    board = build_dashboard(user, resolved, today, trend_code=request.GET.get("trend", ""))
    context: dict[str, Any] = {
        "board": board,
        "scope": resolved,
        "export_csv": scope_url(resolved, "export.csv"),
        "export_xlsx": scope_url(resolved, "export.xlsx"),
        "related": _related_scopes(user, resolved),
    }
    return render(request, "standards/dashboard.html", context)


def _related_scopes(user: User, scope: Any) -> list[tuple[str, str]]:
    """Links to the dashboards around this one that the user may see."""
    links: list[tuple[str, str]] = []
    if user.team_id and user.is_casework and not (scope.kind == "team" and scope.id == user.team_id):
        links.append(("Your team", reverse("standards:dashboard", args=["team", user.team_id])))
    if user.role == Role.PRACTITIONER and not (scope.kind == "practitioner" and scope.id == user.pk):
        links.append(("Your own work", reverse("standards:dashboard", args=["practitioner", user.pk])))
    if user.role == Role.SERVICE_MANAGER and user.team and user.team.service_id and scope.kind != "service":
        links.append(("Your service", reverse("standards:dashboard", args=["service", user.team.service_id])))
    if user.role == Role.ANALYST and scope.kind != "borough":
        links.append(("The borough", reverse("standards:borough")))
    return links


@login_required
@require_GET
def dashboard_part(request: HttpRequest, scope: str, scope_id: int, part: str) -> HttpResponse:
    """The children behind a figure, or an export of the figures or of those children."""
    if part not in PARTS:
        raise Http404("No such page")
    user = user_of(request)
    resolved = resolve_scope(user, scope, int(scope_id))
    today = timezone.localdate()
    if part.startswith("export."):
        board = build_dashboard(user, resolved, today)
        table = exports.figures_table(board)
        fmt = part.split(".")[1]
        _audit_export(user, resolved, fmt, "figures", len(table[1]), {})
        return exports.export(table, fmt, f"standards-{resolved.kind}-{resolved.id}-{today}", title="Standards")
    code, status = request.GET.get("standard", ""), request.GET.get("status", "")
    on, changes = _parse_date(request.GET.get("on", "")), request.GET.get("changes", "")
    query = {"code": code, "status": status, "on": on.isoformat() if on else "", "changes": changes}
    drill = children_behind(user, resolved, today, code=code, status=status, on=on, changes=changes)
    if part.startswith("children."):
        fmt = part.split(".")[1]
        table = exports.children_table(drill)
        _audit_export(user, resolved, fmt, "children", len(table[1]), query)
        return exports.export(table, fmt, f"children-{resolved.kind}-{resolved.id}-{today}", title="Children")
    record_audit_event(
        user=user,
        action=AuditAction.VIEW,
        child_id=None,
        object_type="standards_children",
        detail={
            "scope": resolved.kind,
            "scope_id": resolved.id,
            "children": len(drill.rows),
            "path": request.get_full_path(),
        },
    )
    raw = {k: request.GET.get(k, "") for k in ("standard", "status", "on", "changes")}
    context = {
        "drill": drill,
        "scope": resolved,
        "back": scope_url(resolved),
        "export_csv": scope_url(resolved, "children.csv", **raw),
        "export_xlsx": scope_url(resolved, "children.xlsx", **raw),
    }
    return render(request, "standards/children.html", context)


def _audit_export(user: User, scope: Any, fmt: str, what: str, rows: int, query: dict[str, str]) -> None:
    record_audit_event(
        user=user,
        action=AuditAction.EXPORT,
        child_id=None,
        object_type=f"standards_{what}",
        detail={"scope": scope.kind, "scope_id": scope.id, "format": fmt, "rows": rows, **query},
    )


@login_required
@require_GET
def borough(request: HttpRequest) -> HttpResponse:
    return dashboard(request, "borough", 0)


@login_required
@require_GET
def borough_part(request: HttpRequest, part: str) -> HttpResponse:
    return dashboard_part(request, "borough", 0, part)


# --- The child's standards ----------------------------------------------------------------------------


@child_record_view("standards")
@require_GET
def child_standards(request: HttpRequest, child: Child) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "child": child,
        "child_standards": standards_for_child(child, today),
        "actions": PracticeAction.objects.filter(child=child)
        .select_related("owner")
        .order_by("done_on", "due_on")[:50],
        "audits": CaseAudit.objects.filter(child=child).select_related("auditor", "moderator")[:20],
        "can_manage": user_of(request).is_manager,
    }
    return render(request, "standards/child.html", context)


def _owners(child: Child) -> list[tuple[int, str]]:
    people = User.objects.filter(Q(team_id=child.team_id) | Q(pk=child.lead_practitioner_id), is_active=True)
    people = (
        people.filter(role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER])
        if child.team_id
        else people
    )
    return [(u.pk, str(u)) for u in people.order_by("last_name", "first_name")]


def _manager_only(request: HttpRequest, child: Child, what: str) -> HttpResponse | None:
    if not user_of(request).is_manager:
        return render(request, "core/cannot_change.html", {"child": child, "reason": what}, status=403)
    return None


@child_record_view("oversight")
@require_GET
def oversight(request: HttpRequest, child: Child) -> HttpResponse:
    entries = ManagementOversight.objects.filter(child=child).select_related("recorded_by")
    actions = PracticeAction.objects.filter(child=child, source=ActionSource.OVERSIGHT).select_related("owner")
    context = {"child": child, "entries": entries, "actions": actions, "can_record": user_of(request).is_manager}
    return render(request, "standards/oversight.html", context)


@child_record_view("oversight_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_oversight(request: HttpRequest, child: Child) -> HttpResponse:
    refused = _manager_only(request, child, "Only a team or service manager can record management oversight.")
    if refused:
        return refused
    form = OversightForm(request.POST or None, owners=_owners(child), initial={"recorded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_record_oversight(
                child=child,
                recorded_on=data["recorded_on"],
                decision=data["decision"],
                rationale=data["rationale"],
                actions=form.actions(),
                by=user_of(request),
            )
        except StandardsRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, "Management oversight recorded")
            return redirect("standards:oversight", child.pk)
    return _form_page(request, child, form, "Record management oversight")


def _form_page(request: HttpRequest, child: Child, form: forms.Form, heading: str, intro: str = "") -> HttpResponse:
    status = 400 if form.errors else 200
    context = {"child": child, "form": form, "heading": heading, "intro": intro}
    return render(request, "core/child_form_page.html", context, status=status)


@child_record_view("supervision")
@require_GET
def supervision(request: HttpRequest, child: Child) -> HttpResponse:
    user = user_of(request)
    if not user.is_casework:
        return _refused(request, "Supervision records are for the practitioner and their managers.")
    sessions = CaseSupervision.objects.filter(child=child).select_related("practitioner", "supervisor")
    carried = PracticeAction.objects.filter(
        child=child, source=ActionSource.SUPERVISION, done_on__isnull=True
    ).select_related("owner")
    groups = GroupSupervision.objects.filter(children=child).select_related("facilitator")
    context = {
        "child": child,
        "sessions": sessions,
        "carried": carried,
        "groups": groups,
        "can_record": user.is_manager,
    }
    return render(request, "standards/supervision.html", context)


@child_record_view("supervision_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_supervision(request: HttpRequest, child: Child) -> HttpResponse:
    refused = _manager_only(request, child, "Only a team or service manager can record supervision.")
    if refused:
        return refused
    carried = PracticeAction.objects.filter(child=child, source=ActionSource.SUPERVISION, done_on__isnull=True)
    choices = [(a.pk, f"{a.what} ({a.owner}, by {a.due_on:%-d %B %Y})") for a in carried.select_related("owner")]
    form = SupervisionForm(
        request.POST or None, owners=_owners(child), carried=choices, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        practitioner = child.lead_practitioner or user_of(request)
        try:
            do_record_supervision(
                child=child,
                held_on=data["held_on"],
                practitioner=practitioner,
                reflection=data["reflection"],
                analysis=data["analysis"],
                actions=form.actions(),
                done_action_ids=data.get("done", []),
                by=user_of(request),
            )
        except StandardsRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, "Supervision recorded")
            return redirect("standards:supervision", child.pk)
    intro = "Actions from earlier supervisions that are still to do are carried forward until they are done."
    return _form_page(request, child, form, "Record case supervision", intro)


@login_required
@require_http_methods(["POST"])
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    user = user_of(request)
    action = get_object_or_404(PracticeAction.objects.select_related("child"), pk=action_id)
    visible = action.owner_id == user.pk or (
        action.child_id is not None and Child.objects.visible_to(user).filter(pk=action.child_id).exists()
    )
    if not visible:
        raise Http404("No such action")
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        return _refused(request, "The action could not be marked done. Go back and try again.")
    try:
        do_mark_action_done(
            action=action, done_on=timezone.localdate(), expected_version=form.cleaned_data["version"], by=user
        )
    except StandardsRefused as error:
        return _refused(request, error.message)
    except EditConflict:
        return render(request, "standards/refused.html", {"message": CONFLICT}, status=409)
    messages.success(request, "Action marked done")
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "journey:my-work")


# --- Group supervision --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_supervision(request: HttpRequest, team_id: int) -> HttpResponse:
    user = user_of(request)
    team = get_object_or_404(Team, pk=team_id)
    if not user.is_casework or user.team_id != team.pk:
        raise Http404("No such team")
    sessions = GroupSupervision.objects.filter(team=team).prefetch_related("children__person", "attendees")[:30]
    form = None
    if user.is_manager:
        members = [(u.pk, str(u)) for u in User.objects.filter(team=team, is_active=True).order_by("last_name")]
        children = [
            (c.pk, c.person.full_name)
            for c in Child.objects.visible_to(user)
            .open()
            .filter(team=team)
            .select_related("person")
            .order_by("person__legal_family_name", "pk")[:300]
        ]
        form = GroupSupervisionForm(
            request.POST or None, members=members, children=children, initial={"held_on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                do_record_group_supervision(
                    team=team,
                    held_on=data["held_on"],
                    theme=data["theme"],
                    reflection=data["reflection"],
                    learning=data["learning"],
                    attendees=list(User.objects.filter(pk__in=data["attendees"], team=team)),
                    children=list(Child.objects.filter(pk__in=data["children"], team=team)),
                    by=user,
                )
            except StandardsRefused as error:
                _form_error(form, error)
            else:
                messages.success(request, "Group supervision recorded")
                return redirect("standards:group-supervision", team.pk)
    elif request.method == "POST":
        return _refused(request, "Only a team or service manager can record group supervision.")
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "standards/group_supervision.html", {"team": team, "sessions": sessions, "form": form}, status=status
    )


# --- Case audits --------------------------------------------------------------------------------------


@child_record_view("audit_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def start_audit(request: HttpRequest, child: Child) -> HttpResponse:
    refused = _manager_only(request, child, "Only a team or service manager can audit a case.")
    if refused:
        return refused
    today = timezone.localdate()
    standing = standards_for_child(child, today)
    form = AuditForm(request.POST or None, worker_id=child.lead_practitioner_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = [
            {"code": r.code, "title": r.title, "status": r.status, "due_on": r.due_on.isoformat() if r.due_on else None}
            for r in standing.rows
        ]
        try:
            audit = do_audit_case(
                child=child,
                grade=data["grade"],
                strengths=data["strengths"],
                improvements=data["improvements"],
                results=results,
                actions=form.actions() if child.lead_practitioner_id else [],
                by=user_of(request),
            )
        except StandardsRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, "Audit graded. A second manager now moderates it")
            return redirect(audit)
    status = 400 if form.errors else 200
    return render(
        request, "standards/audit_form.html", {"child": child, "form": form, "child_standards": standing}, status=status
    )


@child_record_view("audit", changes_record=False)
@require_http_methods(["GET", "POST"])
def audit_detail(request: HttpRequest, child: Child, audit_id: int) -> HttpResponse:
    audit = get_object_or_404(CaseAudit.objects.select_related("auditor", "moderator"), pk=audit_id, child=child)
    user = user_of(request)
    form = None
    status = 200
    may_moderate = user.is_manager and audit.status == AuditStatus.GRADED and audit.auditor_id != user.pk
    if may_moderate:
        form = ModerateForm(request.POST or None, initial={"grade": audit.grade, "version": audit.version})
        if request.method == "POST" and form.is_valid():
            try:
                do_moderate_audit(
                    audit=audit,
                    grade=form.cleaned_data["grade"],
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                    by=user,
                )
            except StandardsRefused as error:
                _form_error(form, error)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, "Audit moderated")
                return redirect(audit)
        if form.errors and status == 200:
            status = 400
    elif request.method == "POST":
        return _refused(request, "A second manager, not the auditor, moderates an audit, once.")
    actions = PracticeAction.objects.filter(source=ActionSource.AUDIT, source_id=audit.pk).select_related("owner")
    context = {"child": child, "audit": audit, "form": form, "actions": actions}
    return render(request, "standards/audit.html", context, status=status)


@login_required
@require_GET
def audits(request: HttpRequest) -> HttpResponse:
    """Audit results aggregated: grades by team and month, and how often moderators agreed."""
    user = user_of(request)
    if not (user.is_manager or user.role == Role.ANALYST):
        return _refused(request, "Audit results are for managers and performance analysts.")
    found = CaseAudit.objects.all()
    if user.role == Role.TEAM_MANAGER:
        found = found.filter(team_id=user.team_id or 0)
    elif user.role == Role.SERVICE_MANAGER:
        service = user.team.service_id if user.team else None
        found = found.filter(team__service_id=service or 0)
    rows = list(found.values_list("team__name", "grade", "moderated_grade", "status", "audited_on"))
    grades = [g.value for g in Grade]
    by_team: dict[str, Counter[str]] = {}
    for team, grade, moderated, _, _ in rows:
        by_team.setdefault(team or "No team", Counter())[moderated or grade] += 1
    table = [
        (team, [counts.get(g, 0) for g in grades], sum(counts.values())) for team, counts in sorted(by_team.items())
    ]
    totals = Counter(moderated or grade for _, grade, moderated, _, _ in rows)
    pairs = [(grade, moderated) for _, grade, moderated, status, _ in rows if status == AuditStatus.MODERATED]
    context = {
        "grades": [(g.value, g.label) for g in Grade],
        "table": table,
        "totals": [totals.get(g, 0) for g in grades],
        "count": len(rows),
        "moderated": len(pairs),
        "agreement": agreement(pairs),
        "waiting": CaseAudit.objects.filter(pk__in=found.values("pk"), status=AuditStatus.GRADED)
        .select_related("child__person", "auditor")
        .order_by("audited_on")[:50],
    }
    return render(request, "standards/audits.html", context)


# --- The standards in force ---------------------------------------------------------------------------


@login_required
@require_GET
def definitions(request: HttpRequest) -> HttpResponse:
    scales = timescales()
    standards = []
    for standard in Standard.objects.active():
        try:
            words = measure_words(parse_measure(standard.measure), scales)
        except ValueError:
            words = "This measure cannot be read: an administrator must correct it"
        standards.append((standard, words))
    user = user_of(request)
    loads = DefinitionLoad.objects.all()[:5] if user.role == Role.ADMINISTRATOR else []
    return render(request, "standards/definitions.html", {"standards": standards, "loads": loads})
