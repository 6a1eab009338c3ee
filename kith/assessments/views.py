"""The child's assessments: the list, starting one, the assessment page with its mapping (added
to in place with htmx), the three domains and the decision, factors, scaling, submission and a
manager's decision.

Every view goes through `child_record_view`: someone outside the child's team is sent to give a
reason first and may then read; views that change the record refuse them. Views validate input
and call one action; the action's refusal is shown on the field at fault.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kith.assessments import actions
from kith.assessments.actions import (
    AlreadyDecided,
    AssessmentRefused,
    EditConflict,
    ScalingRefused,
    do_add_statement,
    do_change_assessment,
    do_decide_assessment,
    do_mark_next_step_done,
    do_record_assessment_scaling,
    do_remove_statement,
    do_start_assessment,
    do_submit_assessment,
)
from kith.assessments.codes import FACTOR_GROUPS, AssessmentStatus, factor_label
from kith.assessments.forms import (
    STATEMENT_FORMS,
    DecisionForm,
    FactorsForm,
    GoalForm,
    ScalingForm,
    SectionsForm,
    StartAssessmentForm,
    StatementForm,
    SubmitForm,
)
from kith.assessments.labels import PracticeLabels, practice_labels
from kith.assessments.models import Assessment, ScalingWho
from kith.assessments.records import (
    Mapping,
    assessment_rows,
    assessment_scaling,
    load_mapping,
    scaling_by_person,
    status_history,
    timing,
)
from kith.assessments.rules import edit_problem, submission_problems
from kith.core.requests import user_of
from kith.people.access import child_record_view
from kith.people.models import Child

CONFLICT = (
    "Someone else changed this assessment after you opened it. Your changes have not been saved. "
    "Open it again to see their changes, then make yours."
)
SECTION_OF = {
    "harm": "worried",
    "danger": "worried",
    "complicating": "worried",
    "strength": "working-well",
    "safety": "working-well",
    "goal": "needs-to-happen",
    "next_step": "needs-to-happen",
}


def _assessment(child: Child, assessment_id: int) -> Assessment:
    """The child's assessment, or "not found": an assessment is reached only through its child."""
    assessment = (
        Assessment.objects.select_related("authorised_by", "created_by").filter(pk=assessment_id, child=child).first()
    )
    if assessment is None:
        raise Http404("No such assessment")
    assessment.child = child  # already loaded, with its person, by child_record_view
    return assessment


def _status(request: HttpRequest, status: int) -> int:
    """htmx swaps only successful responses, so a form with errors comes back as 200 to htmx."""
    return 200 if status == 400 and getattr(request, "htmx", False) else status


def _swap_in_place(form: StatementForm, action: str) -> None:
    """Post with htmx and swap the page's main content in place, keeping the user on the mapping;
    without JavaScript it is an ordinary form post."""
    form.helper.form_action = action
    form.helper.attrs = {
        "hx-post": action,
        "hx-target": "#main-content",
        "hx-select": "#main-content",
        "hx-swap": "outerHTML show:none",
    }


def _refusal(form: forms.Form, refusal: AssessmentRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def _form_page(
    request: HttpRequest,
    child: Child,
    assessment: Assessment | None,
    form: forms.Form | None,
    heading: str,
    *,
    intro: str = "",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"child": child, "assessment": assessment, "form": form, "heading": heading, "intro": intro, **extra}
    return render(request, "assessments/form_page.html", context, status=status)


def _cannot_change(request: HttpRequest, child: Child, assessment: Assessment) -> HttpResponse | None:
    """The page saying why an assessment cannot be changed now, or None when it can."""
    problem = edit_problem(assessment.status)
    if problem is None:
        return None
    context = {"child": child, "assessment": assessment, "problem": problem}
    return render(request, "assessments/cannot_change.html", context, status=409)


# --- The list and starting one ----------------------------------------------------------------------------


@child_record_view("assessments")
@require_http_methods(["GET"])
def assessment_list(request: HttpRequest, child: Child) -> HttpResponse:
    rows = assessment_rows(child, today=timezone.localdate())
    return render(request, "assessments/list.html", {"child": child, "rows": rows})


@child_record_view("assessment_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def start_assessment(request: HttpRequest, child: Child) -> HttpResponse:
    form = StartAssessmentForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = do_start_assessment(
                child=child,
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                by=user_of(request),
            )
        except AssessmentRefused as refusal:
            _refusal(form, refusal)
        else:
            messages.success(request, f"{assessment.get_kind_display()} started")
            return redirect(assessment)
    status = 400 if form.errors else 200
    return _form_page(request, child, None, form, "Start an assessment", status=status)


# --- The assessment page ------------------------------------------------------------------------------------


def _statement_forms(
    child: Child, assessment: Assessment, mapping: Mapping, labels: PracticeLabels, bound: StatementForm | None
) -> dict[str, StatementForm]:
    built: dict[str, StatementForm] = {}
    for kind, form_class in STATEMENT_FORMS.items():
        if bound is not None and bound.kind == kind:
            form = bound
        elif form_class is GoalForm:
            form = GoalForm(labels=labels, dangers=[pair.danger for pair in mapping.dangers])
        else:
            form = form_class(labels=labels)
        _swap_in_place(form, reverse("assessments:add-statement", args=[child.pk, assessment.pk, kind]))
        built[kind] = form
    return built


def _assessment_context(
    request: HttpRequest, child: Child, assessment: Assessment, *, bound: StatementForm | None = None
) -> dict[str, Any]:
    labels = practice_labels()
    mapping = load_mapping(assessment)
    scores = assessment_scaling(assessment)
    user = user_of(request)
    can_change = user.is_casework and assessment.is_editable
    return {
        "child": child,
        "assessment": assessment,
        "labels": labels,
        "mapping": mapping,
        "time": timing(assessment, today=timezone.localdate()),
        "scaling_people": scaling_by_person(scores),
        "scores": scores,
        "history": status_history(assessment),
        "factors": [(code, factor_label(code)) for code in assessment.factors],
        "can_change": can_change,
        "can_decide": user.is_manager and assessment.status == AssessmentStatus.SUBMITTED,
        "forms": _statement_forms(child, assessment, mapping, labels, bound) if can_change else {},
        "form": bound,
    }


@child_record_view("assessment")
@require_http_methods(["GET"])
def assessment_detail(request: HttpRequest, child: Child, assessment_id: int) -> HttpResponse:
    assessment = _assessment(child, assessment_id)
    return render(request, "assessments/assessment.html", _assessment_context(request, child, assessment))


@child_record_view("assessment_mapping", changes_record=True)
@require_http_methods(["POST"])
def add_statement(request: HttpRequest, child: Child, assessment_id: int, kind: str) -> HttpResponse:
    """Add a statement to the mapping; with htmx the page is swapped in place."""
    form_class = STATEMENT_FORMS.get(kind)
    if form_class is None:
        raise Http404("No such mapping statement")
    assessment = _assessment(child, assessment_id)
    labels = practice_labels()
    if form_class is GoalForm:
        dangers = [pair.danger for pair in load_mapping(assessment).dangers]
        form: StatementForm = GoalForm(request.POST, labels=labels, dangers=dangers)
    else:
        form = form_class(request.POST, labels=labels)
    if form.is_valid():
        try:
            do_add_statement(assessment=assessment, kind=kind, fields=form.statement_fields(), by=user_of(request))
        except AssessmentRefused as refusal:
            _refusal(form, refusal)
        except EditConflict:
            form.add_error(None, CONFLICT)
        else:
            messages.success(request, "Added to the mapping")
            return redirect(f"{assessment.get_absolute_url()}#{SECTION_OF[kind]}")
    assessment.refresh_from_db()
    context = _assessment_context(request, child, assessment, bound=form)
    return render(request, "assessments/assessment.html", context, status=_status(request, 400))


@child_record_view("assessment_mapping", changes_record=True)
@require_http_methods(["POST"])
def remove_statement(
    request: HttpRequest, child: Child, assessment_id: int, kind: str, statement_id: int
) -> HttpResponse:
    if kind not in STATEMENT_FORMS:
        raise Http404("No such mapping statement")
    assessment = _assessment(child, assessment_id)
    try:
        do_remove_statement(assessment=assessment, kind=kind, statement_id=statement_id, by=user_of(request))
    except AssessmentRefused as refusal:
        return _refused_page(request, child, assessment, refusal.message)
    except EditConflict:
        return _refused_page(request, child, assessment, CONFLICT)
    messages.success(request, "Taken off the mapping")
    return redirect(f"{assessment.get_absolute_url()}#{SECTION_OF[kind]}")


def _refused_page(request: HttpRequest, child: Child, assessment: Assessment, problem: str) -> HttpResponse:
    context = {"child": child, "assessment": assessment, "problem": problem}
    return render(request, "assessments/cannot_change.html", context, status=409)


@child_record_view("assessment_mapping", changes_record=True)
@require_http_methods(["POST"])
def next_step_done(request: HttpRequest, child: Child, assessment_id: int, step_id: int) -> HttpResponse:
    assessment = _assessment(child, assessment_id)
    done_on = timezone.localdate() if request.POST.get("done") == "yes" else None
    try:
        do_mark_next_step_done(assessment=assessment, step_id=step_id, done_on=done_on, by=user_of(request))
    except AssessmentRefused as refusal:
        return _refused_page(request, child, assessment, refusal.message)
    except EditConflict:
        return _refused_page(request, child, assessment, CONFLICT)
    messages.success(request, "Next step marked done" if done_on else "Next step marked not done")
    return redirect(f"{assessment.get_absolute_url()}#needs-to-happen")


# --- Sections and factors -------------------------------------------------------------------------------------


@child_record_view("assessment_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_sections(request: HttpRequest, child: Child, assessment_id: int) -> HttpResponse:
    assessment = _assessment(child, assessment_id)
    refused = _cannot_change(request, child, assessment)
    if refused:
        return refused
    heading = "The assessment, analysis and decision"
    if request.method == "POST":
        form = SectionsForm(request.POST)
        if form.is_valid():
            try:
                do_change_assessment(
                    assessment=assessment,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                return _form_page(request, child, assessment, form, heading, status=409)
            except AssessmentRefused as refusal:
                _refusal(form, refusal)
            else:
                messages.success(request, "Assessment saved")
                return redirect(f"{assessment.get_absolute_url()}#assessment")
        return _form_page(request, child, assessment, form, heading, status=400)
    initial = {name: getattr(assessment, name) for name in actions.CHANGEABLE if name != "factors"}
    form = SectionsForm(initial={**initial, "version": assessment.version})
    return _form_page(request, child, assessment, form, heading)


@child_record_view("assessment_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_factors(request: HttpRequest, child: Child, assessment_id: int) -> HttpResponse:
    assessment = _assessment(child, assessment_id)
    refused = _cannot_change(request, child, assessment)
    if refused:
        return refused
    heading = "Factors identified at assessment"
    intro = (
        "The Department for Education's assessment factors, sent in the Children in Need census. "
        "Select every factor the assessment found."
    )
    if request.method == "POST":
        form = FactorsForm(request.POST)
        if form.is_valid():
            try:
                do_change_assessment(
                    assessment=assessment,
                    changes={"factors": form.factors()},
                    expected_version=form.cleaned_data["version"],
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                return _form_page(request, child, assessment, form, heading, intro=intro, status=409)
            except AssessmentRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, "Factors saved")
                return redirect(f"{assessment.get_absolute_url()}#factors")
        return _form_page(request, child, assessment, form, heading, intro=intro, status=400)
    form = FactorsForm(chosen=list(assessment.factors), initial={"version": assessment.version})
    return _form_page(request, child, assessment, form, heading, intro=intro, groups=FACTOR_GROUPS)


# --- Scaling -----------------------------------------------------------------------------------------------------


@child_record_view("assessment_scaling", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_scaling(request: HttpRequest, child: Child, assessment_id: int) -> HttpResponse:
    assessment = _assessment(child, assessment_id)
    refused = _cannot_change(request, child, assessment)
    if refused:
        return refused
    labels = practice_labels()
    initial = {"asked_on": timezone.localdate(), "who": ScalingWho.CHILD, "name": child.person.known_as}
    form = ScalingForm(request.POST or None, question=labels["scaling_question"], initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_record_assessment_scaling(
                assessment=assessment,
                asked_on=data["asked_on"],
                who=data["who"],
                name=data["name"],
                score=data["score"],
                reason=data["reason"],
                by=user_of(request),
            )
        except AssessmentRefused as refusal:
            _refusal(form, refusal)
        except ScalingRefused as refusal:
            form.add_error("score", str(refusal))
        except EditConflict:
            form.add_error(None, CONFLICT)
        else:
            messages.success(request, f"Score recorded for {data['name']}")
            return redirect(f"{assessment.get_absolute_url()}#scaling")
    status = 400 if form.errors else 200
    return _form_page(request, child, assessment, form, f"{labels['scaling']}: record a score", status=status)


# --- Sign-off ----------------------------------------------------------------------------------------------------


@child_record_view("assessment_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def submit_assessment(request: HttpRequest, child: Child, assessment_id: int) -> HttpResponse:
    assessment = _assessment(child, assessment_id)
    refused = _cannot_change(request, child, assessment)
    if refused:
        return refused
    heading = "Send the assessment to a manager"
    missing = submission_problems(actions.submission_facts(assessment))
    form = SubmitForm(
        request.POST or None, initial={"completed_on": timezone.localdate(), "version": assessment.version}
    )
    if request.method == "POST" and not missing and form.is_valid():
        try:
            do_submit_assessment(
                assessment=assessment,
                completed_on=form.cleaned_data["completed_on"],
                expected_version=form.cleaned_data["version"],
                by=user_of(request),
            )
        except AssessmentRefused as refusal:
            _refusal(form, refusal)
        except EditConflict:
            form.add_error(None, CONFLICT)
        else:
            messages.success(request, "Sent to a manager for a decision")
            return redirect(assessment)
    posted = request.method == "POST"
    return _form_page(
        request,
        child,
        assessment,
        None if missing else form,
        heading,
        status=400 if posted else 200,
        missing=missing,
        missing_is_error=posted and bool(missing),
    )


@child_record_view("assessment_decision", changes_record=True)
@require_http_methods(["GET", "POST"])
def decide_assessment(request: HttpRequest, child: Child, assessment_id: int) -> HttpResponse:
    """A manager's page: the whole assessment, then authorise or return it with the reason."""
    user = user_of(request)
    if not user.is_manager:
        return render(request, "core/403.html", status=403)
    assessment = _assessment(child, assessment_id)
    form = DecisionForm(request.POST or None, initial={"version": assessment.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_decide_assessment(
                    assessment=assessment,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    expected_version=data["version"],
                    by=user,
                )
            except AssessmentRefused as refusal:
                _refusal(form, refusal)
            except AlreadyDecided as decided:
                form.add_error(None, decided.message)
                status = 409
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                authorised = data["outcome"] == AssessmentStatus.AUTHORISED
                messages.success(
                    request, "Assessment authorised" if authorised else "Assessment returned for more work"
                )
                return redirect(assessment)
    context = _assessment_context(request, child, assessment)
    context |= {"form": form, "can_change": False, "forms": {}}
    if assessment.status != AssessmentStatus.SUBMITTED and request.method == "GET":
        context["not_waiting"] = True
    return render(request, "assessments/decide.html", context, status=status)
