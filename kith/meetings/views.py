"""The child's meetings: the list with what is due next, planning a meeting, the meeting page
(participants and attendance, agency contributions and their sharing with the family,
decisions and actions), and the forms that change them.

Every view goes through `child_record_view`: another team's child is "page not found", a
partner agency gives a reason before reading, and only caseworkers change anything. Small
forms on the meeting page post with htmx and the page is swapped in place; without JavaScript
they are ordinary form posts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction
from kith.core.requests import user_of
from kith.core.timescales import timescales
from kith.meetings import plan_link, rules
from kith.meetings.actions import (
    EditConflict,
    MeetingRefused,
    do_add_contribution,
    do_add_meeting_action,
    do_add_participant,
    do_cancel_meeting,
    do_change_contribution,
    do_change_meeting,
    do_change_participant,
    do_plan_meeting,
    do_record_decision,
    do_record_meeting_held,
    do_record_sharing,
    do_send_action_to_plan,
)
from kith.meetings.codes import MeetingStatus, ParticipantRole
from kith.meetings.forms import (
    CancelMeetingForm,
    ChangeMeetingForm,
    ChangeParticipantForm,
    ContributionForm,
    DecisionForm,
    MeetingActionForm,
    ParticipantForm,
    PlanMeetingForm,
    RecordHeldForm,
    SharingForm,
)
from kith.meetings.models import AgencyContribution, ContributionDocument, Meeting, MeetingAction, Participant
from kith.meetings.reads import child_facts, meeting_fact
from kith.people.access import child_record_view
from kith.people.models import Child, Person, Relationship

CONFLICT = (
    "Someone else changed this after you opened it. Your changes have not been saved. "
    "Open it again to see their changes, then make yours."
)


def _status(request: HttpRequest, status: int) -> int:
    """htmx swaps only successful responses, so a form with errors comes back as 200 to htmx."""
    return 200 if status == 400 and getattr(request, "htmx", False) else status


def _swap_in_place(form: Any, action: str) -> None:
    """Post the form with htmx and swap the page's main content in place; without JavaScript
    it is an ordinary form post."""
    form.helper.form_action = action
    form.helper.attrs = {
        "hx-post": action,
        "hx-target": "#main-content",
        "hx-select": "#main-content",
        "hx-swap": "outerHTML show:none",
    }


def _refused(form: forms.Form, refusal: MeetingRefused) -> None:
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def _form_page(
    request: HttpRequest,
    child: Child,
    form: forms.Form,
    heading: str,
    *,
    meeting: Meeting | None = None,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    """A form about the child's meetings, with a way back to the meeting (or the list)."""
    back_url = meeting.get_absolute_url() if meeting else reverse("meetings:list", args=[child.pk])
    context = {
        "child": child,
        "form": form,
        "heading": heading,
        "intro": intro,
        "back_url": back_url,
        "back_text": "Back to the meeting" if meeting else "Back to meetings",
    }
    return render(request, "meetings/form_page.html", context, status=status)


def _meeting_of(child: Child, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("follows"), pk=meeting_id, child=child)
    meeting.child = child  # the access check already read the child; its actions need it
    return meeting


def _earlier(child: Child, *, besides: Meeting | None = None) -> list[Meeting]:
    meetings = Meeting.objects.filter(child=child).exclude(status=MeetingStatus.CANCELLED).order_by("-held_on", "-pk")
    if besides is not None:
        meetings = meetings.exclude(pk=besides.pk)
    return list(meetings)


# --- The list ---------------------------------------------------------------------------------


@child_record_view("meetings")
@require_http_methods(["GET"])
def meeting_list(request: HttpRequest, child: Child) -> HttpResponse:
    """The child's meetings, newest first, and what is due next with why."""
    today = timezone.localdate()
    meetings = list(Meeting.objects.for_child(child.pk))
    facts = child_facts(child.pk, meetings=meetings)
    due = rules.meetings_due(facts, today=today, timescales=timescales())
    context = {"child": child, "person": child.person, "meetings": meetings, "due": due, "today": today}
    return render(request, "meetings/list.html", context)


# --- Planning, changing, holding, cancelling --------------------------------------------------


@child_record_view("meeting_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def plan_meeting(request: HttpRequest, child: Child) -> HttpResponse:
    earlier = _earlier(child)
    initial = {"kind": request.GET.get("kind", ""), "follows": request.GET.get("follows", "")}
    form = PlanMeetingForm(request.POST or None, earlier=earlier, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = do_plan_meeting(
                    child=child,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    starts_at=data["starts_at"],
                    place=data["place"],
                    follows=form.follows_meeting(),
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, f"{meeting.get_kind_display()} planned")
                return redirect(meeting)
    return _form_page(request, child, form, "Plan a meeting", status=status)


@child_record_view("meeting_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_meeting(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    meeting = _meeting_of(child, meeting_id)
    if meeting.status != MeetingStatus.PLANNED:
        raise Http404("Only a planned meeting is changed here")
    initial = {
        "held_on": meeting.held_on,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "follows": str(meeting.follows_id or ""),
        "version": meeting.version,
    }
    form = ChangeMeetingForm(request.POST or None, earlier=_earlier(child, besides=meeting), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            changes = {k: data[k] for k in ("held_on", "starts_at", "place")} | {"follows": form.follows_meeting()}
            try:
                do_change_meeting(
                    meeting=meeting, changes=changes, expected_version=data["version"], by=user_of(request)
                )
            except MeetingRefused as refusal:
                _refused(form, refusal)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, "Meeting changed")
                return redirect(meeting)
    heading = f"Change: {meeting.get_kind_display().lower()}"
    return _form_page(request, child, form, heading, meeting=meeting, status=status)


def _participants(meeting: Meeting) -> list[Participant]:
    return list(Participant.objects.filter(meeting=meeting))


@child_record_view("meeting_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_held(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    """Record that the meeting took place, with who came and what was found or decided."""
    meeting = _meeting_of(child, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404("A cancelled meeting was not held")
    participants = _participants(meeting)
    form = RecordHeldForm(
        request.POST or None, meeting=meeting, participants=participants, initial=_held_initial(meeting, participants)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_record_meeting_held(
                    meeting=meeting,
                    held_on=data["held_on"],
                    summary=data["summary"],
                    attendance=form.attendance(),
                    s47_outcome=data.get("s47_outcome", ""),
                    cp_decision=data.get("cp_decision", ""),
                    category_of_abuse=data.get("category_of_abuse", ""),
                    expected_version=data["version"],
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                form.add_error(form.field_for(refusal.field), refusal.message)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, f"{meeting.get_kind_display()} recorded")
                return redirect(meeting)
    heading = f"Record the {meeting.get_kind_display().lower()}"
    intro = "Record who came and, for the child, how their views were brought to the meeting."
    return _form_page(request, child, form, heading, meeting=meeting, intro=intro, status=status)


def _held_initial(meeting: Meeting, participants: list[Participant]) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "held_on": meeting.held_on if meeting.held_on <= timezone.localdate() else None,
        "summary": meeting.summary,
        "s47_outcome": meeting.s47_outcome,
        "cp_decision": meeting.cp_decision,
        "category_of_abuse": meeting.category_of_abuse,
        "version": meeting.version,
    }
    for p in participants:
        initial |= {
            f"attendance_{p.pk}": p.attendance,
            f"views_brought_{p.pk}": p.views_brought,
            f"views_not_sought_reason_{p.pk}": p.views_not_sought_reason,
        }
    return initial


@child_record_view("meeting_form", changes_record=True)
@require_http_methods(["GET", "POST"])
def cancel_meeting(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    meeting = _meeting_of(child, meeting_id)
    if meeting.status != MeetingStatus.PLANNED:
        raise Http404("Only a planned meeting can be cancelled")
    form = CancelMeetingForm(request.POST or None, initial={"version": meeting.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                do_cancel_meeting(
                    meeting=meeting,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                _refused(form, refusal)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, "Meeting cancelled")
                return redirect(meeting)
    intro = f"{meeting}. It stays on the record as cancelled, with your reason."
    heading = f"Cancel the {meeting.get_kind_display().lower()}"
    return _form_page(request, child, form, heading, meeting=meeting, intro=intro, status=status)


# --- The meeting page -------------------------------------------------------------------------


def _people_on_record(child: Child) -> list[tuple[int, str]]:
    """The child and the people in relationships with them, to choose participants from."""
    rows = Relationship.objects.filter(Q(from_person_id=child.person_id) | Q(to_person_id=child.person_id)).values_list(
        "from_person_id", "to_person_id"
    )
    others = {a if b == child.person_id else b for a, b in rows} - {child.person_id}
    people = [(child.person_id, f"{child.person.full_name} (the child)")]
    people += [(p.pk, p.full_name) for p in Person.objects.filter(pk__in=others).order_by("legal_given_name")]
    return people


def _meeting_forms(
    request: HttpRequest, child: Child, meeting: Meeting, has_plan: bool, given: dict[str, Any]
) -> dict[str, Any]:
    if not user_of(request).is_casework or meeting.status == MeetingStatus.CANCELLED:
        return {}
    forms_ = {
        "participant_form": given.get("participant_form") or ParticipantForm(people=_people_on_record(child)),
        "decision_form": given.get("decision_form") or DecisionForm(),
        "action_form": given.get("action_form")
        or MeetingActionForm(has_plan=has_plan, child_name=child.person.known_as),
    }
    for name, url in (
        ("participant_form", "meetings:add-participant"),
        ("decision_form", "meetings:add-decision"),
        ("action_form", "meetings:add-action"),
    ):
        _swap_in_place(forms_[name], reverse(url, args=[child.pk, meeting.pk]))
    return forms_


def _contributions(
    meeting: Meeting, participants: list[Participant], today: date
) -> tuple[list[tuple[AgencyContribution, rules.Sharing]], rules.ContributionGaps]:
    """Each contribution with whether it reached the family in time, and the invited agencies
    that sent nothing or whose information the family has not had."""
    contributions = list(AgencyContribution.objects.for_meeting(meeting.pk))
    invited = [p.agency_name for p in participants if p.role == ParticipantRole.AGENCY and p.is_invited]
    gaps = rules.contribution_gaps(
        invited_agencies=invited,
        contributions=[rules.ContributionFact(c.agency, c.shared_with_family_on) for c in contributions],
        meeting_on=meeting.held_on,
        today=today,
    )
    rows = [
        (c, rules.sharing_status(shared_on=c.shared_with_family_on, meeting_on=meeting.held_on, today=today))
        for c in contributions
    ]
    return rows, gaps


def _meeting_page(
    request: HttpRequest, child: Child, meeting: Meeting, *, status: int = 200, action_error: str = "", **given: Any
) -> HttpResponse:
    today = timezone.localdate()
    participants = _participants(meeting)
    rows, gaps = _contributions(meeting, participants, today)
    decisions = list(meeting.decisions.all())
    actions = list(meeting.actions.all())
    has_plan = plan_link.current_plan(child) is not None
    followers = list(meeting.followed_by.exclude(status=MeetingStatus.CANCELLED).order_by("held_on"))
    next_due = None
    if meeting.is_held:
        next_due = rules.next_due_after(
            meeting_fact(meeting), child_facts(child.pk), today=today, timescales=timescales()
        )
    context = {
        "child": child,
        "person": child.person,
        "meeting": meeting,
        "participants": participants,
        "children_taking_part": [p for p in participants if p.is_child],
        "contributions": rows,
        "gaps": gaps,
        "decisions": decisions,
        "actions": actions,
        "has_plan": has_plan,
        "followers": followers,
        "next_due": next_due,
        "today": today,
        "action_error": action_error,
        "is_past": meeting.held_on < today,
        "open_participant_form": "participant_form" in given or not participants,
        "open_decision_form": "decision_form" in given or (meeting.is_held and not decisions),
        "open_action_form": "action_form" in given or (meeting.is_held and not actions),
        **_meeting_forms(request, child, meeting, has_plan, given),
    }
    bound = next((f for f in given.values() if isinstance(f, forms.Form) and f.is_bound), None)
    context["bound_form"] = bound
    return render(request, "meetings/meeting.html", context, status=_status(request, status))


@child_record_view("meeting")
@require_http_methods(["GET"])
def meeting_page(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, child, _meeting_of(child, meeting_id))


def _live_meeting(child: Child, meeting_id: int) -> Meeting:
    meeting = _meeting_of(child, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404("This meeting was cancelled")
    return meeting


@child_record_view("meeting_participant", changes_record=True)
@require_http_methods(["POST"])
def add_participant(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    people = _people_on_record(child)
    form = ParticipantForm(request.POST, people=people)
    if form.is_valid():
        data = form.cleaned_data
        person_id = form.person_id()
        person = Person.objects.get(pk=person_id) if person_id else None
        try:
            participant = do_add_participant(
                meeting=meeting,
                name=data["name"],
                role=data["role"],
                person=person,
                agency=data["agency"],
                is_invited=data["is_invited"],
                by=user_of(request),
            )
        except MeetingRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, f"{participant.name} added to the meeting")
            return redirect(f"{meeting.get_absolute_url()}#participants")
    return _meeting_page(request, child, meeting, participant_form=form, status=400)


@child_record_view("meeting_participant", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_participant(request: HttpRequest, child: Child, meeting_id: int, participant_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    participant = get_object_or_404(Participant, pk=participant_id, meeting=meeting)
    participant.meeting = meeting
    fields = ("name", "role", "agency", "is_invited", "attendance", "views_brought", "views_not_sought_reason")
    initial = {name: getattr(participant, name) for name in fields} | {"version": participant.version}
    form = ChangeParticipantForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in fields}
            try:
                do_change_participant(
                    participant=participant,
                    changes=changes,
                    expected_version=form.cleaned_data["version"],
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                _refused(form, refusal)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, f"{changes['name']} changed")
                return redirect(f"{meeting.get_absolute_url()}#participants")
    return _form_page(
        request, child, form, f"Change: {participant.name}", meeting=meeting, intro=str(meeting), status=status
    )


# --- Contributions ----------------------------------------------------------------------------


def _invited_agencies(meeting: Meeting) -> list[str]:
    return [
        p.agency_name for p in Participant.objects.filter(meeting=meeting, role=ParticipantRole.AGENCY, is_invited=True)
    ]


@child_record_view("agency_contribution", changes_record=True)
@require_http_methods(["GET", "POST"])
def add_contribution(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    initial = {"agency": request.GET.get("agency", ""), "received_on": timezone.localdate()}
    form = ContributionForm(
        request.POST or None, request.FILES or None, agencies=_invited_agencies(meeting), initial=initial
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_add_contribution(
                    meeting=meeting,
                    agency=data["agency"],
                    kind=data["kind"],
                    report=form.report(),
                    document=data["document"],
                    received_on=data["received_on"],
                    shared_with_family_on=data["shared_with_family_on"],
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, f"Contribution from {data['agency']} added")
                return redirect(f"{meeting.get_absolute_url()}#contributions")
    intro = f"For the {meeting}. Record a document the agency sent, or the four parts of their report."
    return _form_page(request, child, form, "Add an agency's contribution", meeting=meeting, intro=intro, status=status)


def _contribution_of(meeting: Meeting, contribution_id: int) -> AgencyContribution:
    contribution = get_object_or_404(AgencyContribution, pk=contribution_id, meeting=meeting)
    contribution.meeting = meeting
    return contribution


@child_record_view("agency_contribution", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_contribution(request: HttpRequest, child: Child, meeting_id: int, contribution_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    contribution = _contribution_of(meeting, contribution_id)
    fields = (
        "agency",
        "worries",
        "working_well",
        "needs_to_happen",
        "recommendation",
        "received_on",
        "shared_with_family_on",
    )
    initial = {name: getattr(contribution, name) for name in fields} | {"version": contribution.version}
    form = ContributionForm(request.POST or None, request.FILES or None, changing=True, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in fields}
            try:
                do_change_contribution(
                    contribution=contribution,
                    changes=changes,
                    document=form.cleaned_data["document"],
                    expected_version=form.cleaned_data["version"],
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                _refused(form, refusal)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, f"Contribution from {changes['agency']} changed")
                return redirect(f"{meeting.get_absolute_url()}#contributions")
    return _form_page(
        request, child, form, f"Change: {contribution}", meeting=meeting, intro=str(meeting), status=status
    )


@child_record_view("agency_contribution", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_sharing(request: HttpRequest, child: Child, meeting_id: int, contribution_id: int) -> HttpResponse:
    """Record the day an agency's information was shared with the family."""
    meeting = _live_meeting(child, meeting_id)
    contribution = _contribution_of(meeting, contribution_id)
    initial = {"shared_on": contribution.shared_with_family_on or timezone.localdate(), "version": contribution.version}
    form = SharingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                do_record_sharing(
                    contribution=contribution,
                    shared_on=form.cleaned_data["shared_on"],
                    expected_version=form.cleaned_data["version"],
                    by=user_of(request),
                )
            except MeetingRefused as refusal:
                form.add_error("shared_on", refusal.message)
            except EditConflict:
                form.add_error(None, CONFLICT)
                status = 409
            else:
                messages.success(request, f"Sharing of {contribution.agency}'s information with the family recorded")
                return redirect(f"{meeting.get_absolute_url()}#contributions")
    intro = f"{contribution} for the {meeting}, received on {rules.long_date(contribution.received_on)}."
    heading = "When was it shared with the family?"
    return _form_page(request, child, form, heading, meeting=meeting, intro=intro, status=status)


@child_record_view("agency_contribution_document")
@require_http_methods(["GET"])
def contribution_document(request: HttpRequest, child: Child, meeting_id: int, contribution_id: int) -> HttpResponse:
    """Download an agency's document. Always as an attachment, never shown in the page, so an
    uploaded file cannot run as part of Kith."""
    meeting = _meeting_of(child, meeting_id)
    contribution = _contribution_of(meeting, contribution_id)
    document = get_object_or_404(ContributionDocument, contribution=contribution)
    record_audit_event(
        user=user_of(request),
        action=AuditAction.EXPORT,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type="agency_contribution",
        object_id=contribution.pk,
        detail={"meeting": meeting.pk, "document": contribution.document_name},
    )
    response = HttpResponse(
        bytes(document.content), content_type=contribution.document_type or "application/octet-stream"
    )
    response["Content-Disposition"] = _attachment(contribution.document_name)
    return response


def _attachment(name: str) -> str:
    safe = "".join(ch for ch in name if ch.isalnum() or ch in " ._-").strip() or "document"
    return f'attachment; filename="{safe}"'


# --- Decisions and actions --------------------------------------------------------------------


@child_record_view("meeting_decision", changes_record=True)
@require_http_methods(["POST"])
def add_decision(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            do_record_decision(meeting=meeting, by=user_of(request), **form.cleaned_data)
        except MeetingRefused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, "Decision recorded")
            return redirect(f"{meeting.get_absolute_url()}#decisions")
    return _meeting_page(request, child, meeting, decision_form=form, status=400)


@child_record_view("meeting_action", changes_record=True)
@require_http_methods(["POST"])
def add_action(request: HttpRequest, child: Child, meeting_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    has_plan = plan_link.current_plan(child) is not None
    form = MeetingActionForm(request.POST, has_plan=has_plan, child_name=child.person.known_as)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = do_add_meeting_action(
                meeting=meeting,
                what=data["what"],
                owner_kind=data["owner_kind"],
                owner_name=data["owner_name"],
                by_date=data["by_date"],
                into_plan=has_plan,
                by=user_of(request),
            )
        except MeetingRefused as refusal:
            _refused(form, refusal)
        else:
            where = "added to the plan" if action.is_in_plan else "kept on the meeting"
            messages.success(request, f"Action {where}")
            return redirect(f"{meeting.get_absolute_url()}#actions")
    return _meeting_page(request, child, meeting, action_form=form, status=400)


@child_record_view("meeting_action", changes_record=True)
@require_http_methods(["POST"])
def send_action_to_plan(request: HttpRequest, child: Child, meeting_id: int, action_id: int) -> HttpResponse:
    meeting = _live_meeting(child, meeting_id)
    action = get_object_or_404(MeetingAction, pk=action_id, meeting=meeting)
    action.meeting = meeting
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise Http404("No version given") from None
    try:
        do_send_action_to_plan(action=action, expected_version=version, by=user_of(request))
    except MeetingRefused as refusal:
        return _meeting_page(request, child, meeting, status=400, action_error=refusal.message)
    except EditConflict:
        error = "That action has already been sent to the plan, or was changed. Nothing has been saved"
        return _meeting_page(request, child, meeting, status=409, action_error=error)
    messages.success(request, "Action added to the plan")
    return redirect(f"{meeting.get_absolute_url()}#actions")
