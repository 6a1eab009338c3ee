"""Partnership intelligence pages.

- Home, partner feeds, the matrix and a run's progress: everyone signed in (nothing personal).
- Starting a run: analysts and administrators.
- The review queue and its decisions: caseworkers, for the children they can see and those
  children's parents (named early help leads see every suggestion).
- A child's vulnerability profile: through the child's record (another team's child is "page
  not found", analysts give a reason first); partner agency workers are refused.
- Cohorts, their export and the equity report: analysts and named early help leads.

Every read of a child's details is audited: a profile as the record's pages are, a review
decision page for each candidate, a cohort page and export for each child they show.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from govuk_frontend_django.components.pagination import (
    GovUKPagination,
    PaginationItems,
    PaginationNext,
    PaginationPrevious,
)

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, User
from kith.core.requests import user_of
from kith.intelligence.feeds import FEEDS
from kith.intelligence.matrix import GROUP_TITLES, GROUPS
from kith.partnership import reads, rules
from kith.partnership.actions import DecisionRefused, do_audit_reads, do_decide_link, do_queue_run
from kith.partnership.charts import Bar, bar_chart
from kith.partnership.forms import CohortFilterForm, DecisionForm
from kith.partnership.models import (
    CohortEntry,
    Decision,
    EquityRow,
    FeedLoad,
    IntelligenceRun,
    PartnerLink,
    RetentionRemoval,
)
from kith.partnership.tasks import run_intelligence
from kith.people.access import child_record_view
from kith.people.models import Child

PAGE = 50
DIMENSIONS = {"ethnicity": "Ethnicity", "sex": "Sex", "disability": "Disability", "area": "Area (postcode district)"}


def _pagination(page: Any, query: str = "") -> str:
    """The GOV.UK pagination component for a page of a list, keeping the list's filters."""
    if page.paginator.num_pages <= 1:
        return ""

    def href(number: int) -> str:
        return f"?{query}&page={number}" if query else f"?page={number}"

    items = [
        PaginationItems(href=None, ellipsis=True)
        if number == Paginator.ELLIPSIS
        else PaginationItems(number=str(number), current=number == page.number, href=href(int(number)))
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    previous = (
        PaginationPrevious(href=href(page.previous_page_number()), labelText="Previous")
        if page.has_previous()
        else None
    )
    following = PaginationNext(href=href(page.next_page_number()), labelText="Next") if page.has_next() else None
    return GovUKPagination(previous=previous, next=following, items=items).render()


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "partnership/refused.html", {"message": message}, status=403)


COHORT_REFUSAL = (
    "Cohorts and the equity report are for performance analysts and named early help leads. "
    "Ask your service manager if you need to see them."
)


# --- Home, feeds, matrix ---------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    context = {
        "latest": reads.latest_run(),
        "active": reads.active_run(),
        "can_run": rules.can_start_run(role=user.role),
        "sees_cohorts": reads.sees_cohorts(user),
        "reviews": reads.reviewable_links(user).filter(rank=0).count() if user.is_casework else None,
    }
    return render(request, "partnership/home.html", context)


@login_required
@require_GET
def feeds(request: HttpRequest) -> HttpResponse:
    """The partner feeds (what each agency shares, why it may, how long it is kept) and what
    happened to the files loaded."""
    context = {
        "feeds": FEEDS,
        "loads": list(FeedLoad.objects.all()[:50]),
        "removals": list(RetentionRemoval.objects.all()[:20]),
    }
    return render(request, "partnership/feeds.html", context)


@login_required
@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    """The matrix as configured: every factor, where its evidence comes from, and the patterns."""
    config = reads.matrix_config()
    groups = [
        (GROUP_TITLES[g], [(f, [reads.source_words(s) for s in f.sources]) for f in config.factors if f.group == g])
        for g in GROUPS
    ]
    return render(request, "partnership/matrix.html", {"groups": groups, "patterns": config.patterns})


# --- Runs ------------------------------------------------------------------------------------------


@login_required
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not rules.can_start_run(role=user.role):
        return _refuse(request, "Performance analysts and administrators start runs of the pipeline.")
    active = reads.active_run()
    if active is not None:
        messages.info(request, "A run is already in progress: this is its page.")
        return redirect(active)
    run = do_queue_run(by=user, today=timezone.localdate())
    run_intelligence.enqueue(run.pk)
    return redirect(run)


def _run_of(run_id: int) -> IntelligenceRun:
    run = IntelligenceRun.objects.filter(pk=run_id).select_related("started_by").first()
    if run is None:
        raise Http404("No such run")
    return run


@login_required
@require_GET
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_of(run_id)
    context = {"run": run, "loads": list(FeedLoad.objects.filter(run=run)), "stages": _stage_rows(run)}
    return render(request, "partnership/run.html", context)


@login_required
@require_GET
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress panel alone, which the run's page fetches every two seconds while it runs."""
    run = _run_of(run_id)
    response = render(request, "partnership/_progress.html", {"run": run})
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the finished page in full
    return response


def _stage_rows(run: IntelligenceRun) -> list[tuple[str, float]]:
    from kith.intelligence.sink import STAGES

    return [(title, run.stage_seconds[name]) for name, title in STAGES if name in run.stage_seconds]


# --- Review queue ----------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not rules.can_review_links(is_casework=user.is_casework):
        return _refuse(request, "Practitioners and their managers confirm or reject suggested links.")
    best = reads.reviewable_links(user).filter(rank=0).select_related("person").order_by("-match_weight", "pk")
    page = Paginator(best, PAGE).get_page(request.GET.get("page"))
    shown = Child.objects.filter(person_id__in=[link.person_id for link in page.object_list])
    do_audit_reads(
        user=user,
        action=AuditAction.VIEW,
        children=list(shown.values_list("pk", "team_id")),
        object_type="partner_link_queue",
        detail={"path": request.get_full_path()},
    )
    context = {"page": page, "pagination": _pagination(page), "feed_title": reads.feed_title}
    return render(request, "partnership/review.html", context)


def _candidates(user: User, link_id: int) -> list[PartnerLink]:
    chosen = reads.reviewable_links(user).filter(pk=link_id).first()
    if chosen is None:
        raise Http404("No such suggestion")
    candidates = (
        reads.reviewable_links(user)
        .filter(feed=chosen.feed, person_ref=chosen.person_ref)
        .select_related("person")
        .prefetch_related("person__addresses")
        .order_by("rank")
    )
    return list(candidates)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, link_id: int) -> HttpResponse:
    """A partner's record beside the candidates Kith suggests for it, with what was compared."""
    user = user_of(request)
    if not rules.can_review_links(is_casework=user.is_casework):
        return _refuse(request, "Practitioners and their managers confirm or reject suggested links.")
    candidates = _candidates(user, link_id)
    chosen = next(c for c in candidates if c.pk == link_id)
    action = reverse("partnership:decide", args=[link_id])
    form = DecisionForm(request.POST or None, action=action)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                do_decide_link(
                    link_id=link_id,
                    decision=Decision(form.cleaned_data["decision"]),
                    reason=form.cleaned_data["reason"],
                    by=user,
                )
            except DecisionRefused as refusal:
                form.add_error(None, refusal.message)
                status = 409
            else:
                messages.success(request, "Your decision is saved. Every later run keeps to it.")
                return redirect("partnership:review")
        else:
            status = 400
    else:
        children = dict(
            Child.objects.filter(person_id__in=[c.person_id for c in candidates]).values_list("pk", "team_id")
        )
        do_audit_reads(
            user=user,
            action=AuditAction.VIEW,
            children=list(children.items()),
            object_type="partner_link_candidates",
            detail={"path": request.path},
        )
    context = {"chosen": chosen, "candidates": candidates, "form": form, "feed_title": reads.feed_title(chosen.feed)}
    return render(request, "partnership/decide.html", context, status=status)


# --- A child's profile ---------------------------------------------------------------------------------


@child_record_view("vulnerability_profile")
@require_GET
def profile(request: HttpRequest, child: Child) -> HttpResponse:
    """What partners and Kith record about the child, factor by factor, with where each came from."""
    user = user_of(request)
    if not rules.can_see_profile(role=user.role):
        return _refuse(
            request,
            "The vulnerability profile brings together what other agencies shared with the council for "
            "safeguarding. It is not shared with partner agency workers.",
        )
    context = {"child": child, "person": child.person, "profile": reads.profile_for(child), "run": reads.latest_run()}
    return render(request, "partnership/profile.html", context)


# --- Cohorts and equity ------------------------------------------------------------------------------


def _cohort_options() -> dict[str, list[tuple[str, str]]]:
    entries = CohortEntry.objects.all()

    def distinct(column: str) -> list[tuple[str, str]]:
        values = entries.order_by(column).values_list(column, flat=True).distinct()
        return [(v, v) for v in values]

    patterns = [(p.code, p.words) for p in reads.matrix_config().patterns if p.cohort]
    return {
        "family_hub": distinct("family_hub"),
        "locality": distinct("locality"),
        "school": distinct("school"),
        "pattern": patterns,
    }


def _cohort_entries(form: CohortFilterForm) -> Any:
    entries = CohortEntry.objects.select_related("child__person")
    if not form.is_valid():
        return entries.none()
    data = form.cleaned_data
    for name in ("family_hub", "locality", "school"):
        if data.get(name):
            entries = entries.filter(**{name: data[name]})
    if data.get("pattern"):
        entries = entries.filter(
            child__partnership_patterns__pattern=data["pattern"], child__partnership_patterns__cohort=True
        )
    return entries.order_by("family_hub", "locality", "child__person__legal_family_name", "child_id")


@login_required
@require_GET
def cohorts(request: HttpRequest) -> HttpResponse:
    """Children whose profile shows a cohort pattern and who have no open involvement: families
    to offer a conversation to, not referrals. Each entry says why it is there."""
    user = user_of(request)
    if not reads.sees_cohorts(user):
        return _refuse(request, COHORT_REFUSAL)
    form = CohortFilterForm(request.GET or None, options=_cohort_options())
    bound = form if request.GET else CohortFilterForm({}, options=_cohort_options())
    entries = _cohort_entries(bound)
    page = Paginator(entries, PAGE).get_page(request.GET.get("page"))
    do_audit_reads(
        user=user,
        action=AuditAction.VIEW,
        children=[(e.child_id, e.child.team_id) for e in page.object_list],
        object_type="early_help_cohort",
        detail={"path": request.get_full_path()},
    )
    hubs = list(CohortEntry.objects.values("family_hub").annotate(children=Count("pk")).order_by("family_hub"))
    chart = (
        bar_chart(
            title="Children listed by family hub",
            description="; ".join(f"{h['family_hub']}: {h['children']}" for h in hubs),
            bars=[Bar(h["family_hub"], h["children"], f"{h['children']:,}") for h in hubs],
            width=560,
        )
        if hubs
        else ""
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "hubs": hubs,
        "chart": chart,
        "run": reads.latest_run(),
        "query": query.urlencode(),
        "pagination": _pagination(page, query.urlencode()),
    }
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "partnership/cohorts.html", context, status=status)


@login_required
@require_GET
def cohort_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The cohort (as filtered) as CSV, each row with its explanation. Audited for every child."""
    user = user_of(request)
    if not reads.sees_cohorts(user):
        return _refuse(request, COHORT_REFUSAL)
    form = CohortFilterForm(request.GET, options=_cohort_options())
    entries = list(_cohort_entries(form))
    do_audit_reads(
        user=user,
        action=AuditAction.EXPORT,
        children=[(e.child_id, e.child.team_id) for e in entries],
        object_type="early_help_cohort",
        detail={"path": request.get_full_path(), "rows": len(entries)},
    )

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    header = [
        "LA child ID",
        "First name",
        "Last name",
        "Date of birth",
        "Family hub",
        "Locality",
        "School",
        "Patterns",
        "Why listed",
    ]
    rows = [header] + [
        [
            e.child.la_child_id,
            e.child.person.legal_given_name,
            e.child.person.legal_family_name,
            e.child.person.date_of_birth.isoformat() if e.child.person.date_of_birth else "",
            e.family_hub,
            e.locality,
            e.school,
            e.patterns,
            e.explanation,
        ]
        for e in entries
    ]
    response = StreamingHttpResponse((writer.writerow(_safe(row)) for row in rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="early-help-cohort-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def _safe(row: list[str]) -> list[str]:
    """Cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""
    return ["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row]


@login_required
@require_GET
def equity(request: HttpRequest) -> HttpResponse:
    """The rate at which children are listed, by ethnicity, sex, disability and area, beside the
    rate for all children."""
    user = user_of(request)
    if not reads.sees_cohorts(user):
        return _refuse(request, COHORT_REFUSAL)
    record_audit_event(user=user, action=AuditAction.VIEW, child_id=None, object_type="equity_report")
    rows = EquityRow.objects.values_list("dimension", "grouping", "population", "listed")
    lines = rules.equity_lines(rows, reads.code_labels())
    overall = next((line for line in lines if line.dimension == "all"), None)
    sections = []
    for dimension, title in DIMENSIONS.items():
        mine = sorted((line for line in lines if line.dimension == dimension), key=lambda line: line.label)
        shown = [line for line in mine if not line.is_small]
        chart = (
            bar_chart(
                title=f"Children listed per 1,000, by {title.lower()}",
                description="; ".join(f"{line.label}: {line.rate_per_1000} per 1,000" for line in shown),
                bars=[
                    Bar(line.label, line.rate_per_1000 or 0, f"{line.rate_per_1000}", line.marked != "")
                    for line in shown
                ],
                reference=overall.rate_per_1000 if overall else None,
                reference_label=f"All children: {overall.rate_per_1000} per 1,000" if overall else "",
            )
            if shown
            else ""
        )
        sections.append({"key": dimension, "title": title, "lines": mine, "chart": chart})
    context = {
        "overall": overall,
        "sections": sections,
        "run": reads.latest_run(),
        "small": rules.SMALL_GROUP,
        "ratio": rules.MARKED_RATIO,
    }
    return render(request, "partnership/equity.html", context)
