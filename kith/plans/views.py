"""The child's plan: the plan page, starting and closing a plan, goals, actions (status changed in
place with htmx), the safety plan, versions and the scaling chart. Reviews are in review_views.

Every view goes through `child_record_view`: 404 for children the user may not know exist, a
reason first for partner agencies, and 403 for anyone but caseworkers on views that change the
record. Views validate input and call one action.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from kith.core.requests import user_of
from kith.people.access import child_record_view
from kith.people.models import Child, NetworkMember, Person
from kith.plans import reads
from kith.plans.actions import (
    EditConflict,
    PlanRefused,
    SafetyRoleInput,
    do_add_plan_goal,
    do_change_action_status,
    do_change_plan_action,
    do_change_plan_goal,
    do_change_safety_plan,
    do_close_plan,
    do_record_plan_action,
    do_start_plan,
)
from kith.plans.chart import describe_chart, scaling_chart_svg
from kith.plans.forms import (
    ActionForm,
    ActionStatusForm,
    ClosePlanForm,
    GoalForm,
    SafetyPlanForm,
    StartPlanForm,
    safety_role_formset,
)
from kith.plans.models import Plan, PlanAction, PlanGoal, PlanVersion, current_plan
from kith.plans.pages import CONFLICT, closed_page, error_list, form_page, plan_of, status_for, swap_in_place
from kith.plans.rules import review_due
from kith.plans.snapshot import ActionShown, differences, shown, take_snapshot


def _refused(form: Any, refusal: PlanRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


# --- the plan page ------------------------------------------------------------------------------


def _status_form(child: Child, plan: Plan, action: ActionShown) -> ActionStatusForm:
    form = ActionStatusForm(prefix=f"action-{action.id}", initial={"status": action.status, "version": plan.version})
    form.fields["status"].label = f"Where is it up to: {action.what}"
    form.helper = FormHelper()
    form.helper.layout = Layout(
        Field("status", context={"label_size": "govuk-visually-hidden"}),
        Field("version"),
        Submit("submit", "Save", css_class="govuk-button--secondary govuk-!-margin-bottom-0"),
    )
    swap_in_place(form, reverse("plans:action-status", args=[child.pk, plan.pk, action.id]))
    return form


def _plan_page(
    request: HttpRequest, child: Child, plan: Plan, *, errors: list[dict[str, str]] | None = None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    today = timezone.localdate()
    the_plan = shown(take_snapshot(plan), today=today)
    can_change = user.is_casework and plan.is_open
    rows = [(action, _status_form(child, plan, action) if can_change else None) for action in the_plan.actions]
    context = {
        "child": child,
        "plan": plan,
        "shown": the_plan,
        "action_rows": rows,
        "due": review_due(next_review_on=plan.next_review_on, is_open=plan.is_open, today=today),
        "reviews": list(plan.reviews.all()),
        "other_plans": list(Plan.objects.for_child(child).exclude(pk=plan.pk)),
        "can_change": can_change,
        "errors": errors or [],
    }
    return render(request, "plans/plan.html", context, status=status_for(request, status))


@child_record_view("plan")
@require_http_methods(["GET"])
def current(request: HttpRequest, child: Child) -> HttpResponse:
    """The child's current plan, or, with none open, their earlier plans and a way to start one."""
    plan = current_plan(child)
    if plan is not None:
        plan.child = child
        return _plan_page(request, child, plan)
    plans = list(Plan.objects.for_child(child))
    return render(request, "plans/no_plan.html", {"child": child, "plans": plans})


@child_record_view("plan")
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    return _plan_page(request, child, plan_of(child, plan_id))


@child_record_view("plan", changes_record=True)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, child: Child) -> HttpResponse:
    page: dict[str, Any] = {"child": child, "plan": None, "heading": "Start a plan"}
    page["intro"] = (
        "One child, one plan: a child has one plan at a time. Close the current plan before starting another."
    )
    form = StartPlanForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = do_start_plan(child=child, by=user_of(request), **form.cleaned_data)
            except PlanRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, f"{plan.get_kind_display()} started")
                return redirect("plans:current", child_id=child.pk)
        return form_page(request, form=form, status=400, **page)
    return form_page(request, form=form, **page)


# --- goals --------------------------------------------------------------------------------------


@child_record_view("plan_goal", changes_record=True)
@require_http_methods(["GET", "POST"])
def add_goal(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    plan = plan_of(child, plan_id)
    if not plan.is_open:
        return closed_page(request, child=child, plan=plan, message="You cannot change a closed plan")
    page: dict[str, Any] = {"child": child, "plan": plan, "heading": "Add a goal"}
    page["intro"] = "Write what the family want to be different, in their own words, and say whose words they are."
    form = GoalForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_add_plan_goal(
                    plan=plan,
                    words=data["words"],
                    whose_words=data["whose_words"],
                    expected_version=data["version"],
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                return form_page(request, form=form, status=409, **page)
            except PlanRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Goal added")
                return redirect(f"{reverse('plans:current', args=[child.pk])}#goals")
        return form_page(request, form=form, status=400, **page)
    return form_page(request, form=form, **page)


@child_record_view("plan_goal", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_goal(request: HttpRequest, child: Child, plan_id: int, goal_id: int) -> HttpResponse:
    plan = plan_of(child, plan_id)
    try:
        goal = PlanGoal.objects.get(pk=goal_id, plan=plan)
    except PlanGoal.DoesNotExist:
        raise Http404("No such goal") from None
    goal.plan = plan
    if not plan.is_open:
        return closed_page(request, child=child, plan=plan, message="You cannot change a closed plan")
    page: dict[str, Any] = {"child": child, "plan": plan, "heading": "Change a goal"}
    initial = {"words": goal.words, "whose_words": goal.whose_words, "status": goal.status, "version": plan.version}
    form = GoalForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_change_plan_goal(
                    goal=goal,
                    words=data["words"],
                    whose_words=data["whose_words"],
                    status=data["status"],
                    expected_version=data["version"],
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                return form_page(request, form=form, status=409, **page)
            except PlanRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Goal changed")
                return redirect(f"{reverse('plans:current', args=[child.pk])}#goals")
        return form_page(request, form=form, status=400, **page)
    return form_page(request, form=form, **page)


# --- actions ------------------------------------------------------------------------------------


def _goal_choices(plan: Plan) -> list[tuple[int, str]]:
    return [(g.pk, f"Goal {n}: {g.words[:80]}") for n, g in enumerate(plan.goals.order_by("pk"), start=1)]


def _action_form(request: HttpRequest, child: Child, plan: Plan, action: PlanAction | None) -> ActionForm:
    if action is None:
        initial = {"version": plan.version, "status": "not_started"}
    else:
        initial = {
            "what": action.what,
            "owner_kind": action.owner_kind,
            "owner_name": action.owner_name,
            "owner_person": action.owner_person_id,
            "by_date": action.by_date,
            "goal": action.goal_id,
            "status": action.status,
            "version": plan.version,
        }
    return ActionForm(
        request.POST or None,
        initial=initial,
        people=reads.people_around(child),
        goals=_goal_choices(plan),
        editing=action is not None,
        was_by=action.by_date if action else None,
    )


def _save_action(request: HttpRequest, plan: Plan, form: ActionForm, action: PlanAction | None) -> None:
    data = form.cleaned_data
    goal = PlanGoal.objects.filter(pk=data["goal"], plan=plan).first() if data["goal"] else None
    person = Person.objects.filter(pk=data["owner_person"]).first() if data["owner_person"] else None
    fields = {
        "what": data["what"],
        "owner_kind": data["owner_kind"],
        "owner_name": data["owner_name"],
        "by_date": data["by_date"],
        "status": data["status"],
        "owner_person": person,
        "goal": goal,
        "expected_version": data["version"],
        "by": user_of(request),
    }
    if action is None:
        do_record_plan_action(plan=plan, **fields)
    else:
        do_change_plan_action(action=action, **fields)


@child_record_view("plan_action", changes_record=True)
@require_http_methods(["GET", "POST"])
def add_action(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    return _action_page(request, child, plan_of(child, plan_id), None)


@child_record_view("plan_action", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_action(request: HttpRequest, child: Child, plan_id: int, action_id: int) -> HttpResponse:
    plan = plan_of(child, plan_id)
    try:
        action = PlanAction.objects.get(pk=action_id, plan=plan)
    except PlanAction.DoesNotExist:
        raise Http404("No such action") from None
    action.plan = plan
    return _action_page(request, child, plan, action)


def _action_page(request: HttpRequest, child: Child, plan: Plan, action: PlanAction | None) -> HttpResponse:
    if not plan.is_open:
        return closed_page(request, child=child, plan=plan, message="You cannot change a closed plan")
    page: dict[str, Any] = {"child": child, "plan": plan, "heading": "Change an action" if action else "Add an action"}
    page["intro"] = "Say who will do what, and by when: someone in the family, in their network, an agency or you."
    form = _action_form(request, child, plan, action)
    if request.method == "POST":
        if form.is_valid():  # the person, if any, is one of those offered: around this child
            try:
                _save_action(request, plan, form, action)
            except EditConflict:
                form.add_error(None, CONFLICT)
                return form_page(request, form=form, status=409, **page)
            except PlanRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Action changed" if action else "Action added")
                return redirect(f"{reverse('plans:current', args=[child.pk])}#actions")
        return form_page(request, form=form, status=400, **page)
    return form_page(request, form=form, **page)


@child_record_view("plan_action", changes_record=True)
@require_http_methods(["POST"])
def action_status(request: HttpRequest, child: Child, plan_id: int, action_id: int) -> HttpResponse:
    """Say where one action is up to, from the plan page; with htmx the page is swapped in place."""
    plan = plan_of(child, plan_id)
    try:
        action = PlanAction.objects.get(pk=action_id, plan=plan)
    except PlanAction.DoesNotExist:
        raise Http404("No such action") from None
    action.plan = plan
    form = ActionStatusForm(request.POST, prefix=f"action-{action.pk}")
    if not form.is_valid():
        return _plan_page(request, child, plan, errors=error_list(form), status=400)
    try:
        do_change_action_status(
            action=action,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
            by=user_of(request),
        )
    except EditConflict:
        return _plan_page(request, child, plan, errors=[{"text": CONFLICT, "href": "#actions"}], status=409)
    except PlanRefused as refusal:
        return _plan_page(request, child, plan, errors=[{"text": refusal.message, "href": "#actions"}], status=400)
    messages.success(request, f"Action now {action.get_status_display().lower()}: {action.what}")
    return redirect(f"{reverse('plans:plan', args=[child.pk, plan.pk])}#actions")


# --- the safety plan ----------------------------------------------------------------------------


@child_record_view("safety_plan", changes_record=True)
@require_http_methods(["GET", "POST"])
def safety_plan(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    """The whole safety plan on one page: rules, the network and their parts, what would show it
    is not working, and what happens if it fails."""
    plan = plan_of(child, plan_id)
    if not plan.is_open:
        return closed_page(request, child=child, plan=plan, message="You cannot change a closed plan")
    members = reads.network_members(child)
    snapshot = take_snapshot(plan)["safety"]
    initial = {
        "rules": "\n".join(snapshot["rules"]),
        "triggers": "\n".join(snapshot["triggers"]),
        "fallbacks": "\n".join(snapshot["fallbacks"]),
        "version": plan.version,
    }
    roles = [
        {
            "network_member": r["network_member_id"],
            "name": "" if r["network_member_id"] else r["name"],
            "part": r["part"],
        }
        for r in snapshot["network"]
    ]
    data = request.POST if request.method == "POST" else None
    form = SafetyPlanForm(data, initial=initial)
    network = safety_role_formset(members, data=data, initial=None if data else roles)
    if request.method == "POST" and form.is_valid() and network.is_valid():
        chosen = {m.pk: m for m in NetworkMember.objects.filter(child=child)}
        try:
            do_change_safety_plan(
                plan=plan,
                network=[
                    SafetyRoleInput(
                        part=row["part"],
                        name="" if row["network_member"] else row["name"],
                        network_member=chosen.get(row["network_member"] or 0),
                    )
                    for row in network.rows()
                ],
                expected_version=form.cleaned_data["version"],
                by=user_of(request),
                **form.lists(),
            )
        except EditConflict:
            form.add_error(None, CONFLICT)
            return _safety_page(request, child, plan, form, network, status=409)
        except PlanRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, "Safety plan saved")
            return redirect(f"{reverse('plans:current', args=[child.pk])}#safety-plan")
    status = 400 if request.method == "POST" else 200
    return _safety_page(request, child, plan, form, network, status=status)


def _safety_page(
    request: HttpRequest, child: Child, plan: Plan, form: SafetyPlanForm, network: Any, *, status: int
) -> HttpResponse:
    context = {
        "child": child,
        "plan": plan,
        "form": form,
        "network": network,
        "errors": error_list(form, *network.forms) if status != 200 else [],
    }
    return render(request, "plans/safety_plan_form.html", context, status=status)


# --- closing ------------------------------------------------------------------------------------


@child_record_view("plan", changes_record=True)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    plan = plan_of(child, plan_id)
    if not plan.is_open:
        return closed_page(request, child=child, plan=plan, message="This plan is already closed")
    page: dict[str, Any] = {"child": child, "plan": plan, "heading": f"Close the {plan.get_kind_display().lower()}"}
    page["intro"] = "The plan stays on the record with its versions and reviews."
    form = ClosePlanForm(request.POST or None, initial={"ends_on": timezone.localdate(), "version": plan.version})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_close_plan(
                    plan=plan,
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                    expected_version=data["version"],
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                return form_page(request, form=form, status=409, **page)
            except PlanRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Plan closed")
                return redirect("plans:plan", child_id=child.pk, plan_id=plan.pk)
        return form_page(request, form=form, status=400, **page)
    return form_page(request, form=form, **page)


# --- versions -----------------------------------------------------------------------------------


@child_record_view("plan_versions")
@require_http_methods(["GET"])
def versions(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    plan = plan_of(child, plan_id)
    rows = list(
        PlanVersion.objects.filter(plan=plan)
        .select_related("changed_by")
        .only("number", "kind", "what_changed", "changed_at", "changed_by__first_name", "changed_by__last_name")
        .order_by("-number")
    )
    return render(request, "plans/versions.html", {"child": child, "plan": plan, "versions": rows})


@child_record_view("plan_version")
@require_http_methods(["GET"])
def version(request: HttpRequest, child: Child, plan_id: int, number: int) -> HttpResponse:
    """The plan exactly as one version left it, with what changed from the version before."""
    plan = plan_of(child, plan_id)
    found = {
        v.number: v
        for v in PlanVersion.objects.filter(plan=plan, number__in=(number - 1, number)).select_related("changed_by")
    }
    if number not in found:
        raise Http404("No such version")
    this = found[number]
    before = found.get(number - 1)
    as_it_was = shown(this.snapshot, today=this.changed_on)
    context = {
        "child": child,
        "plan": plan,
        "version": this,
        "shown": as_it_was,
        "action_rows": [(action, None) for action in as_it_was.actions],
        "can_change": False,
        "differences": [
            line
            for line in differences(before.snapshot if before else None, this.snapshot)
            if line != this.what_changed
        ],
        "newer": number + 1 if number < plan.version else None,
        "older": number - 1 if number > 1 else None,
    }
    return render(request, "plans/version.html", context)


# --- scaling ------------------------------------------------------------------------------------


@child_record_view("scaling")
@require_http_methods(["GET"])
def scaling(request: HttpRequest, child: Child) -> HttpResponse:
    """Scaling over time, a line for each person asked, with every score in a table beside it."""
    questions = []
    for n, question in enumerate(reads.scaling_questions(child), start=1):
        title = f"Scaling over time for {child.person.full_name}: {question.question}"
        svg = scaling_chart_svg(
            question.series, title=title, description=describe_chart(question.series), id_prefix=f"scaling-{n}"
        )
        questions.append({"question": question, "svg": mark_safe(svg)})  # noqa: S308 - every text escaped
    return render(request, "plans/scaling.html", {"child": child, "questions": questions})
