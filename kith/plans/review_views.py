"""Recording a review of the plan and reading one back.

A review is one page and one transaction: who was invited and who came (and, for a child who did
not, how their views were brought), progress on each goal and action, each person's scaling with
their reason, and the date of the next review.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kith.assessments.models import ScalingContext, ScalingScore
from kith.core.requests import user_of
from kith.core.timescales import timescales
from kith.journey.dates import long_date, short_date
from kith.people.access import child_record_view
from kith.people.models import Child
from kith.plans import reads
from kith.plans.actions import (
    AttendeeInput,
    EditConflict,
    PlanRefused,
    ProgressInput,
    ScalingInput,
    do_record_plan_review,
)
from kith.plans.forms import ProgressForm, ReviewForm, attendee_formset, scaling_formset
from kith.plans.models import Plan, PlanKind, PlanReview
from kith.plans.pages import CONFLICT, closed_page, error_list, plan_of
from kith.plans.rules import plan_review_due_on


def _suggested_next(plan: Plan, child: Child, held_on: Any) -> Any:
    previous = list(plan.reviews.values_list("held_on", flat=True))
    came = reads.came_into_care_on(child) if plan.kind == PlanKind.CARE_PLAN else None
    return plan_review_due_on(
        kind=plan.kind,
        starts_on=plan.starts_on,
        previous_reviews=[*previous, held_on],
        timescales=timescales(),
        came_into_care_on=came,
    )


def _forms(request: HttpRequest, child: Child, plan: Plan) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    suggested = _suggested_next(plan, child, today)
    hint = f"By the council's timescales, the next review is due by {long_date(suggested)} if this one is held today"
    invited = reads.invited_by_default(child, str(user_of(request)))
    goals = [(g.pk, f"Goal {n}: {g.words}", g.status) for n, g in enumerate(plan.goals.order_by("pk"), start=1)]
    actions = [
        (a.pk, f"{a.owner_name} to {a.what} (by {short_date(a.by_date)})", a.status)
        for a in plan.actions.order_by("by_date", "pk")
    ]
    return {
        "form": ReviewForm(
            data, initial={"held_on": today, "next_review_on": suggested, "version": plan.version}, due_hint=hint
        ),
        # Rows are filled in for the page only: a posted row that matches them still counts.
        "attendees": attendee_formset(data=data, initial=None if data else invited),
        "progress": ProgressForm(data, actions=actions, goals=goals),
        "scaling": scaling_formset(data=data, initial=None if data else reads.scaling_rows_for(invited)),
    }


def _all_forms(forms: dict[str, Any]) -> list[Any]:
    return [forms["form"], *forms["attendees"].forms, forms["progress"], *forms["scaling"].forms]


def _page(request: HttpRequest, child: Child, plan: Plan, forms: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context = {"child": child, "plan": plan, **forms, "errors": error_list(*_all_forms(forms)) if status != 200 else []}
    return render(request, "plans/review_form.html", context, status=status)


def _save(request: HttpRequest, plan: Plan, forms: dict[str, Any]) -> PlanReview:
    data = forms["form"].cleaned_data
    progress = forms["progress"]
    return do_record_plan_review(
        plan=plan,
        held_on=data["held_on"],
        next_review_on=data["next_review_on"],
        summary=data["summary"],
        attendees=[
            AttendeeInput(
                name=row["name"],
                role=row["role"],
                attended=row["attended"] == "yes",
                views_brought_by=row["views_brought_by"],
            )
            for row in forms["attendees"].rows()
        ],
        action_progress=[ProgressInput(*row) for row in progress.progress("action")],
        goal_progress=[ProgressInput(*row) for row in progress.progress("goal")],
        scaling=[
            ScalingInput(who=row["who"], name=row["name"], score=row["score"], reason=row["reason"])
            for row in forms["scaling"].rows()
        ],
        expected_version=data["version"],
        by=user_of(request),
    )


@child_record_view("plan_review", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_review(request: HttpRequest, child: Child, plan_id: int) -> HttpResponse:
    plan = plan_of(child, plan_id)
    if not plan.is_open:
        return closed_page(request, child=child, plan=plan, message="You cannot review a closed plan")
    forms = _forms(request, child, plan)
    if request.method == "GET":
        return _page(request, child, plan, forms)
    if not all(f.is_valid() for f in (forms["form"], forms["attendees"], forms["progress"], forms["scaling"])):
        return _page(request, child, plan, forms, status=400)
    try:
        review = _save(request, plan, forms)
    except EditConflict:
        forms["form"].add_error(None, CONFLICT)
        return _page(request, child, plan, forms, status=409)
    except PlanRefused as refusal:
        form = forms["form"]
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return _page(request, child, plan, forms, status=400)
    messages.success(request, f"Review of {long_date(review.held_on)} recorded")
    return redirect(f"{reverse('plans:current', args=[child.pk])}#reviews")


@child_record_view("plan_review")
@require_http_methods(["GET"])
def review(request: HttpRequest, child: Child, review_id: int) -> HttpResponse:
    try:
        found = PlanReview.objects.select_related("plan", "recorded_by").get(pk=review_id, plan__child=child)
    except PlanReview.DoesNotExist:
        raise Http404("No such review") from None
    context = {
        "child": child,
        "plan": found.plan,
        "review": found,
        "attendees": list(found.attendees.all()),
        "goal_progress": list(found.goal_progress.select_related("goal")),
        "action_progress": list(found.action_progress.select_related("action")),
        "scores": list(
            ScalingScore.objects.filter(child=child, context=ScalingContext.PLAN_REVIEW, context_id=found.pk).order_by(
                "pk"
            )
        ),
    }
    return render(request, "plans/review.html", context)
