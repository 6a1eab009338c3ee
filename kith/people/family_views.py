"""The child's family and network: genogram, ecomap and network pages, editing in place with
htmx, and exports for meetings and families (SVG, PNG, PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction
from kith.core.requests import user_of
from kith.people import family_exports
from kith.people.access import child_record_view
from kith.people.codes import RelationshipKind
from kith.people.diagrams.ecomap import render_ecomap
from kith.people.diagrams.genogram import render_genogram, within_generations
from kith.people.diagrams.legend import ecomap_legend_svg, genogram_legend_svg
from kith.people.family import (
    FamilyRecords,
    ecomap_of,
    genogram_facts,
    genogram_of,
    load_family,
)
from kith.people.family_actions import (
    EditConflict,
    NeedsConfirmation,
    RelationshipRefused,
    do_add_connection,
    do_add_network_member,
    do_add_relative,
    do_change_network_member,
    do_change_relationship,
    do_mark_trusted_adult,
    do_record_genogram_review,
)
from kith.people.family_forms import (
    AddRelativeForm,
    ChangeRelationshipForm,
    ConnectionForm,
    GenogramReviewForm,
    NetworkMemberForm,
)
from kith.people.family_rules import genogram_status
from kith.people.family_text import describe_people, describe_relationships
from kith.people.models import Child, Connection, NetworkMember, Person, Relationship

MOST_GENERATIONS_UP = 6
CONFLICT = (
    "Someone else changed this after you opened it. Your changes have not been saved. "
    "Open it again to see their changes, then make yours."
)


def _generations(request: HttpRequest) -> int:
    try:
        return max(1, min(MOST_GENERATIONS_UP, int(request.GET.get("up", "2"))))
    except ValueError:
        return 2


def _people_choices(family: FamilyRecords) -> list[tuple[int, str]]:
    subject = family.subject_id
    ordered = sorted(family.people.values(), key=lambda p: (p.id != subject, p.name, p.id))
    return [(p.id, f"{p.name} (the child)" if p.id == subject else p.name) for p in ordered]


def _genogram_context(request: HttpRequest, child: Child, family: FamilyRecords) -> dict[str, Any]:
    today = timezone.localdate()
    build = genogram_of(family, today=today)
    up = _generations(request)
    shown = within_generations(build.genogram, child.person_id, up=up, down=1)
    review = child.genogram_reviews.select_related("reviewed_by").first()
    status = genogram_status(genogram_facts(family, build, review), today=today)
    trusted = {
        r.from_person_id for r in family.relationships if r.to_person_id == child.person_id and r.is_trusted_adult
    }
    svg = render_genogram(shown, href=lambda pid: f"#person-{pid}", title=f"Genogram of {child.person.full_name}")
    return {
        "genogram_svg": mark_safe(svg),  # noqa: S308 - built by our renderer, every text escaped
        "legend_svg": mark_safe(genogram_legend_svg()),  # noqa: S308
        "people_rows": describe_people(shown, family, trusted=trusted, today=today),
        "relationship_rows": describe_relationships(shown, family),
        "not_drawn": [
            f"{family.people[r.from_person_id].name} is recorded as {RelationshipKind(r.kind).label.lower()} "
            f"of {family.people[r.to_person_id].name}"
            for r in build.not_drawn
        ],
        "status": status,
        "review": review,
        "up": up,
        "more_up": up + 1 if up < MOST_GENERATIONS_UP else None,
        "fewer_up": up - 1 if up > 1 else None,
        "hidden_count": len(build.genogram.people) - len(shown.people),
    }


def _family_page(
    request: HttpRequest, child: Child, *, form: AddRelativeForm | None = None, status: int = 200
) -> HttpResponse:
    family = load_family(child)
    context = _genogram_context(request, child, family)
    people = _people_choices(family)
    if form is None:
        form = AddRelativeForm(people=people, initial={"anchor": child.person_id})
    _swap_in_place(form, reverse("people:add-relative", args=[child.pk]))
    context |= {"child": child, "person": child.person, "form": form, "section": "genogram"}
    return render(request, "people/family.html", context, status=_status(request, status))


def _swap_in_place(form: Any, action: str) -> None:
    """Post the form with htmx and swap the page's main content in place, so the user stays on
    the drawing; without JavaScript it is an ordinary form post."""
    form.helper.form_action = action
    form.helper.attrs = {
        "hx-post": action,
        "hx-target": "#main-content",
        "hx-select": "#main-content",
        "hx-swap": "outerHTML show:none",
    }


def _status(request: HttpRequest, status: int) -> int:
    """htmx swaps only successful responses, so a form with errors comes back as 200 to htmx."""
    return 200 if status == 400 and getattr(request, "htmx", False) else status


@child_record_view("genogram")
@require_http_methods(["GET"])
def family(request: HttpRequest, child: Child) -> HttpResponse:
    return _family_page(request, child)


@child_record_view("genogram", changes_record=True)
@require_http_methods(["POST"])
def add_relative(request: HttpRequest, child: Child) -> HttpResponse:
    """Add a relative from the genogram page; with htmx the page's panel is swapped in place."""
    family = load_family(child)
    form = AddRelativeForm(request.POST, people=_people_choices(family))
    if not form.is_valid():
        return _family_page(request, child, form=form, status=400)
    data = form.cleaned_data
    if data["anchor"] not in family.people or (data["existing"] and data["existing"] not in family.people):
        raise Http404("Not in this child's family")
    anchor = Person.objects.get(pk=data["anchor"])
    existing = Person.objects.get(pk=data["existing"]) if data["existing"] else None
    try:
        do_add_relative(
            child=child,
            anchor=anchor,
            tie=form.new_tie(),
            person=existing,
            person_fields=None if existing else form.person_fields(),
            confirmed=bool(data.get("confirm")),
            by=user_of(request),
        )
    except NeedsConfirmation as worry:
        form.ask_to_confirm(worry.message)
        return _family_page(request, child, form=form, status=400)
    except RelationshipRefused as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return _family_page(request, child, form=form, status=400)
    messages.success(request, "Added to the genogram")
    return redirect(f"{reverse('people:family', args=[child.pk])}#genogram")


def _relationship_in_family(child: Child, relationship_id: int) -> tuple[Relationship, FamilyRecords]:
    family = load_family(child)
    try:
        relationship = Relationship.objects.select_related("from_person", "to_person").get(pk=relationship_id)
    except Relationship.DoesNotExist:
        raise Http404("No such relationship") from None
    if relationship.from_person_id not in family.people or relationship.to_person_id not in family.people:
        raise Http404("Not in this child's family")
    return relationship, family


def _direction_labels(relationship: Relationship) -> list[tuple[str, str]]:
    a, b = relationship.from_person, relationship.to_person
    return [("both", "Both ways"), ("from_to", f"From {a} to {b}"), ("to_from", f"From {b} to {a}")]


@child_record_view("relationship", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_relationship(request: HttpRequest, child: Child, relationship_id: int) -> HttpResponse:
    relationship, _family = _relationship_in_family(child, relationship_id)
    kwargs: dict[str, Any] = {
        "is_partnership": relationship.kind == "partner",
        "direction_labels": _direction_labels(relationship),
    }
    page = {"child": child, "heading": f"Change: {relationship}", "section": "genogram"}
    if request.method == "POST":
        form = ChangeRelationshipForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                do_change_relationship(
                    relationship=relationship,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                    child=child,
                    by=user_of(request),
                )
            except EditConflict:
                form.add_error(None, CONFLICT)
                return render(request, "core/child_form_page.html", {**page, "form": form}, status=409)
            except RelationshipRefused as refusal:
                form.add_error(refusal.field, refusal.message)
                return render(request, "core/child_form_page.html", {**page, "form": form}, status=400)
            messages.success(request, "Relationship changed")
            return redirect(f"{reverse('people:family', args=[child.pk])}#relationships")
        return render(request, "core/child_form_page.html", {**page, "form": form}, status=400)
    form = ChangeRelationshipForm(initial=_relationship_initial(relationship), **kwargs)
    return render(request, "core/child_form_page.html", {**page, "form": form})


def _relationship_initial(relationship: Relationship) -> dict[str, Any]:
    from kith.people.family_rules import show_rough_date

    return {
        "partnership_status": relationship.partnership_status,
        "emotional_tie": relationship.emotional_tie,
        "tie_direction": relationship.tie_direction,
        "starts_on": show_rough_date(relationship.starts_on, relationship.starts_on_accuracy),
        "ends_on": show_rough_date(relationship.ends_on, relationship.ends_on_accuracy),
        "version": relationship.version,
    }


@child_record_view("trusted_adult", changes_record=True)
@require_http_methods(["POST"])
def mark_trusted_adult(request: HttpRequest, child: Child, person_id: int) -> HttpResponse:
    family = load_family(child)
    if (
        person_id not in family.people
        and not Relationship.objects.filter(from_person_id=person_id, to_person_id=child.person_id).exists()
    ):
        raise Http404("Not in this child's family or network")
    is_trusted = request.POST.get("trusted") == "yes"
    person = Person.objects.get(pk=person_id)
    do_mark_trusted_adult(child=child, person=person, is_trusted=is_trusted, by=user_of(request))
    messages.success(request, f"{person} is {'now' if is_trusted else 'no longer'} marked as a trusted adult")
    back = request.POST.get("back") == "network"
    return redirect(reverse("people:network" if back else "people:family", args=[child.pk]))


@child_record_view("genogram_review", changes_record=True)
@require_http_methods(["GET", "POST"])
def record_genogram_review(request: HttpRequest, child: Child) -> HttpResponse:
    page = {
        "child": child,
        "heading": "Record a genogram review",
        "intro": "Go through the genogram with the family. Record what was explored, even where no one was found.",
    }
    form = GenogramReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            do_record_genogram_review(child=child, by=user_of(request), **form.cleaned_data)
            messages.success(request, "Genogram review recorded")
            return redirect("people:family", child_id=child.pk)
        return render(request, "core/child_form_page.html", {**page, "form": form}, status=400)
    return render(request, "core/child_form_page.html", {**page, "form": form})


# --- ecomap ----------------------------------------------------------------------------------


def _trusted_adults(child: Child) -> list[Relationship]:
    return list(
        Relationship.objects.filter(to_person_id=child.person_id, is_trusted_adult=True, ends_on__isnull=True)
        .select_related("from_person")
        .order_by("pk")
    )


def _ecomap_svg(child: Child, connections: list[Connection], trusted: list[Relationship]) -> str:
    return render_ecomap(ecomap_of(child, connections, trusted), title=f"Ecomap of {child.person.full_name}")


def _ecomap_page(
    request: HttpRequest, child: Child, *, form: ConnectionForm | None = None, status: int = 200
) -> HttpResponse:
    connections = list(Connection.objects.filter(child=child).current())
    trusted = _trusted_adults(child)
    svg = _ecomap_svg(child, connections, trusted)
    context = {
        "child": child,
        "person": child.person,
        "section": "ecomap",
        "ecomap_svg": mark_safe(svg),  # noqa: S308 - built by our renderer, every text escaped
        "legend_svg": mark_safe(ecomap_legend_svg()),  # noqa: S308
        "connections": connections,
        "trusted": trusted,
        "form": form or ConnectionForm(),
    }
    _swap_in_place(context["form"], reverse("people:add-connection", args=[child.pk]))
    return render(request, "people/ecomap.html", context, status=_status(request, status))


@child_record_view("ecomap")
@require_http_methods(["GET"])
def ecomap(request: HttpRequest, child: Child) -> HttpResponse:
    return _ecomap_page(request, child)


@child_record_view("ecomap", changes_record=True)
@require_http_methods(["POST"])
def add_connection(request: HttpRequest, child: Child) -> HttpResponse:
    form = ConnectionForm(request.POST)
    if not form.is_valid():
        return _ecomap_page(request, child, form=form, status=400)
    do_add_connection(child=child, fields={**form.cleaned_data, "starts_on": timezone.localdate()}, by=user_of(request))
    messages.success(request, "Added to the ecomap")
    return redirect("people:ecomap", child_id=child.pk)


# --- network ----------------------------------------------------------------------------------


def _network_page(
    request: HttpRequest, child: Child, *, form: NetworkMemberForm | None = None, status: int = 200
) -> HttpResponse:
    family = load_family(child)
    members = list(NetworkMember.objects.filter(child=child).current())
    around = Relationship.objects.filter(to_person_id=child.person_id).select_related("from_person")
    trusted = [r for r in around if r.is_trusted_adult and r.ends_on is None]
    context = {
        "child": child,
        "person": child.person,
        "section": "network",
        "members": members,
        "trusted": trusted,
        "lifelong": [m for m in members if m.is_lifelong_connection],
        "still_to_find": [m for m in members if m.status == "to_find"],
        "candidates": [r for r in around if not r.is_trusted_adult and r.ends_on is None],
        "form": form or NetworkMemberForm(people=_people_choices(family)),
    }
    _swap_in_place(context["form"], reverse("people:add-network-member", args=[child.pk]))
    return render(request, "people/network.html", context, status=_status(request, status))


@child_record_view("network")
@require_http_methods(["GET"])
def network(request: HttpRequest, child: Child) -> HttpResponse:
    return _network_page(request, child)


@child_record_view("network", changes_record=True)
@require_http_methods(["POST"])
def add_network_member(request: HttpRequest, child: Child) -> HttpResponse:
    family = load_family(child)
    form = NetworkMemberForm(request.POST, people=_people_choices(family))
    if not form.is_valid():
        return _network_page(request, child, form=form, status=400)
    fields = dict(form.cleaned_data)
    fields.pop("version", None)
    person_id = fields.pop("person")
    fields["person"] = Person.objects.get(pk=person_id) if person_id else None
    do_add_network_member(child=child, fields=fields, by=user_of(request), today=timezone.localdate())
    messages.success(request, "Added to the network")
    return redirect("people:network", child_id=child.pk)


@child_record_view("network_member", changes_record=True)
@require_http_methods(["GET", "POST"])
def change_network_member(request: HttpRequest, child: Child, member_id: int) -> HttpResponse:
    """Record progress with someone in the network: asked, agreed, their part, how to reach them."""
    try:
        member = NetworkMember.objects.get(pk=member_id, child=child)
    except NetworkMember.DoesNotExist:
        raise Http404("No such network member") from None
    people = _people_choices(load_family(child))
    page = {"child": child, "heading": f"Change: {member}", "section": "network"}
    form = NetworkMemberForm(request.POST or None, people=people, editing=True, initial=_member_initial(member))
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "core/child_form_page.html", {**page, "form": form}, status=400)
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        person_id = changes.pop("person")
        changes["person_id"] = person_id
        try:
            do_change_network_member(
                member=member, changes=changes, expected_version=version, child=child, by=user_of(request)
            )
        except EditConflict:
            form.add_error(None, CONFLICT)
            return render(request, "core/child_form_page.html", {**page, "form": form}, status=409)
        messages.success(request, "Network member changed")
        return redirect("people:network", child_id=child.pk)
    return render(request, "core/child_form_page.html", {**page, "form": form})


def _member_initial(member: NetworkMember) -> dict[str, Any]:
    fields = ("description", "role", "part", "status", "is_lifelong_connection", "phone", "email", "asked_on")
    return {"person": member.person_id, "version": member.version, **{f: getattr(member, f) for f in fields}}


# --- exports ---------------------------------------------------------------------------------


@child_record_view("genogram_export")
@require_http_methods(["GET"])
def export_diagram(request: HttpRequest, child: Child, diagram: str, fmt: str) -> HttpResponse:
    """The genogram or ecomap as SVG, PNG or PDF, for meetings and for families. Audited as an export."""
    if diagram not in ("genogram", "ecomap") or fmt not in ("svg", "png", "pdf"):
        raise Http404("No such export")
    if diagram == "genogram":
        family = load_family(child)
        context = _genogram_context(request, child, family)
        svg, legend = str(context["genogram_svg"]), str(context["legend_svg"])
    else:
        connections = list(Connection.objects.filter(child=child).current())
        trusted = _trusted_adults(child)
        svg = _ecomap_svg(child, connections, trusted)
        legend, context = ecomap_legend_svg(), {"connections": connections, "trusted": trusted}
    record_audit_event(
        user=user_of(request),
        action=AuditAction.EXPORT,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type=diagram,
        object_id=child.pk,
        detail={"format": fmt},
    )
    return family_exports.respond(
        request, child=child, diagram=diagram, fmt=fmt, svg=svg, legend=legend, context=context
    )
