"""What a dashboard shows, read in a handful of queries: each standard's compliance now and at the
end of each of the last 12 months, caseloads, and changes of worker, with the links that drill
down to the children behind every figure; and the children behind one figure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from kith.core.codes import label_for
from kith.core.models import User
from kith.journey.codes import Stage
from kith.people.models import Child
from kith.standards import history
from kith.standards.charts import Bar, Point, bar_chart, line_chart
from kith.standards.engine import Filter, count, evaluate
from kith.standards.kept import kept as keep
from kith.standards.kept import marks
from kith.standards.models import Standard, Status
from kith.standards.reads import (
    CHANGE_BANDS,
    Caseload,
    DashboardScope,
    Figure,
    caseloads,
    change_band,
    change_distribution,
    figures_from,
    month_ends,
    named_children,
    standards_in_force,
    visible_children,
    worker_changes,
)
from kith.standards.records import child_link

MOST_LISTED = 500
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _base_url(scope: DashboardScope, part: str) -> str:
    if scope.kind == "borough":
        return reverse("standards:borough-part", args=[part]) if part else reverse("standards:borough")
    if part:
        return reverse("standards:dashboard-part", args=[scope.kind, scope.id, part])
    return reverse("standards:dashboard", args=[scope.kind, scope.id])


def _with_query(base: str, query: dict[str, Any]) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return f"{base}?{urlencode(query)}" if query else base


def scope_url(scope: DashboardScope, part: str = "", **query: Any) -> str:
    """The dashboard's address (or one of its parts: children, export.csv...) with a query."""
    return _with_query(_base_url(scope, part), query)


@dataclass(frozen=True)
class Cell:
    figure: Figure
    on: date
    href: str

    @property
    def month(self) -> str:
        """The month and year ("March 2027"), made here: the template's date filter, once a cell, costs more."""
        return f"{MONTH_NAMES[self.on.month - 1]} {self.on.year}"


@dataclass(frozen=True)
class StandardLine:
    code: str
    title: str
    pillar: str
    now: Cell
    months: list[Cell]
    overdue_href: str
    due_href: str


@dataclass
class Dashboard:
    scope: DashboardScope
    today: date
    months: list[date]
    lines: list[StandardLine]
    population: int
    population_by_month: list[int]
    caseloads: list[Caseload]
    changes: list[tuple[str, int, str]]
    bar_svg: SafeString
    trend_svg: SafeString
    trend_code: str
    trend_title: str
    trend: list[Point] = field(default_factory=list)
    history_computed_at: datetime | None = None


def _cell(children: str, figure: Figure, on: date, code: str) -> Cell:
    return Cell(figure, on, _with_query(children, {"standard": code, "on": on.isoformat()}))


def build_dashboard(user: User, scope: DashboardScope, today: date, *, trend_code: str = "") -> Dashboard:
    """Every figure on the dashboard: the standards now (kept until a write marks a child in the
    scope, kith.standards.kept: one query to check, one more to work them out again), at the end
    of each of the last 12 months (kept history, kith.standards.history: one query to check and
    count it, worked out again first where missing or made stale by a write), caseloads (one) and
    changes of worker (one)."""
    pairs = standards_in_force()
    specs = [spec for _, spec in pairs]
    named = named_children(user)
    months = month_ends(today)
    dates = [*months, today]
    engine_scope = scope.engine_scope(user)
    kept = history.month_ends(specs, engine_scope, months, named)
    now = keep(("counts", tuple(specs), marks(engine_scope, today)), lambda: count(specs, engine_scope, [today]))
    counts, population = dict(now[0]), dict(now[1])  # copies: the kept figures are shared
    counts |= kept.counts
    population |= kept.population
    lines = []
    children = _base_url(scope, "children")  # reversed once: a dashboard has hundreds of links
    for standard, _ in pairs:
        code = standard.code
        cells = [_cell(children, figures_from(counts, on, code), on, code) for on in dates]
        lines.append(
            StandardLine(
                code=code,
                title=standard.title,
                pillar=standard.get_pillar_display(),
                now=cells[-1],
                months=cells[:-1],
                overdue_href=_with_query(children, {"standard": code, "status": Status.OVERDUE}),
                due_href=_with_query(children, {"standard": code, "status": Status.DUE_SOON}),
            )
        )
    changes = worker_changes(scope, named, today)
    distribution = change_distribution(changes, population.get(today, 0))
    trend_line = next((line for line in lines if line.code == trend_code), None)
    trend = _trend(lines, trend_line, months, today)
    # The chart is a picture (role="img"): links to the children are in the table beside it.
    bars = [Bar(f"{line.code} {line.title}", line.now.figure.percent) for line in lines]
    trend_title = f"{trend_line.code}: {trend_line.title}" if trend_line else "All standards together"
    return Dashboard(
        scope=scope,
        today=today,
        months=months,
        lines=lines,
        population=population.get(today, 0),
        population_by_month=[population.get(on, 0) for on in months],
        caseloads=caseloads(scope),
        changes=[
            (band, distribution.get(band, 0), scope_url(scope, "children", changes=band)) for band in CHANGE_BANDS
        ],
        bar_svg=mark_safe(  # noqa: S308 - drawn by charts.py, every text escaped
            bar_chart(
                bars,
                title=f"Standards met or not yet due now: {scope.name}",
                description="One bar for each standard: the share of children it applies to for whom it is met or "
                "not yet due. The table below has the same figures.",
                chart_id="now-chart",
            )
        ),
        trend_svg=mark_safe(  # noqa: S308
            line_chart(
                trend,
                title=f"Compliance by month: {trend_title}",
                description="The share met or not yet due at the end of each month, and now. The table of months "
                "below has the same figures.",
                chart_id="trend-chart",
            )
        ),
        trend_code=trend_line.code if trend_line else "",
        trend_title=trend_title,
        trend=trend,
        history_computed_at=kept.computed_at,
    )


def _trend(lines: list[StandardLine], chosen: StandardLine | None, months: list[date], today: date) -> list[Point]:
    chosen_lines = [chosen] if chosen else lines
    points = []
    for n, on in enumerate([*months, today]):
        cells = [line.months[n] if n < len(months) else line.now for line in chosen_lines]
        applies = sum(c.figure.applies for c in cells)
        in_time = sum(c.figure.in_time for c in cells)
        label = "Now" if n == len(months) else on.strftime("%b")
        points.append(Point(label, round(100 * in_time / applies) if applies else None))
    return points


# --- The children behind a figure -------------------------------------------------------------------


@dataclass(frozen=True)
class ChildLine:
    child_id: int
    name: str
    url: str
    stage: str
    status: str
    status_label: str
    due_on: date | None
    evidence_on: date | None
    detail: str
    step_url: str


@dataclass
class Drilldown:
    heading: str
    rows: list[ChildLine]
    hidden: int  # children counted in the figure the viewer may not see listed
    more: int  # children beyond the list's length


def children_behind(
    user: User, scope: DashboardScope, today: date, *, code: str, status: str, on: date | None, changes: str
) -> Drilldown:
    """The children behind one figure, that the viewer may see."""
    if changes:
        return _changed_children(user, scope, today, changes)
    pairs = standards_in_force()
    standard = next((s for s, _ in pairs if s.code == code), None)
    if standard is None:
        return Drilldown("No such standard", [], 0, 0)
    spec = next(spec for s, spec in pairs if s.code == code)
    when = on or today
    engine_scope = scope.engine_scope(user)
    kept = history.fresh_runs(engine_scope, [when], history.fingerprint([s for _, s in pairs])) if when < today else {}
    if when in kept:  # a month end's figure is kept: its children are the ones counted in it
        results = history.kept_results(kept[when][0], Filter(code, status), named_children(user))
    else:
        results = evaluate([spec], engine_scope, [when], with_names=True, only=Filter(code, status))
    visible = set(
        Child.objects.filter(visible_children(user), pk__in=[r.child_id for r in results]).values_list("pk", flat=True)
    )
    stages = dict(Child.objects.filter(pk__in=visible).values_list("pk", "current_stage"))
    from kith.standards.records import StandardInfo, row_of

    info = StandardInfo.of(standard, spec)
    rows = []
    for result in sorted(results, key=lambda r: (r.due_on or date.max, r.name)):
        if result.child_id not in visible:
            continue
        row = row_of(info, result)
        rows.append(
            ChildLine(
                child_id=result.child_id,
                name=result.name,
                url=child_link("journey:child", result.child_id),
                stage=label_for(Stage, stages.get(result.child_id, "")),
                status=result.status,
                status_label=str(Status(result.status).label),
                due_on=result.due_on,
                evidence_on=result.evidence_on,
                detail="",
                step_url=row.link,
            )
        )
    label = str(Status(status).label).lower() if status else "all results"
    when_words = "now" if on is None or on == today else f"on {on:%-d %B %Y}"
    heading = f"{standard.code} {standard.title}: {label}, {when_words}"
    return Drilldown(heading, rows[:MOST_LISTED], len(results) - len(visible), max(0, len(rows) - MOST_LISTED))


def _changed_children(user: User, scope: DashboardScope, today: date, band: str) -> Drilldown:
    named = named_children(user)
    changes = worker_changes(scope, named, today)
    from kith.standards.reads import _scope_children

    children = (
        Child.objects.filter(_scope_children(scope, named))
        .filter(visible_children(user))
        .select_related("person", "lead_practitioner")
        .order_by("person__legal_family_name", "pk")
    )
    rows = []
    for child in children:
        n = changes.get(child.pk, 0)
        if change_band(n) != band:
            continue
        rows.append(
            ChildLine(
                child_id=child.pk,
                name=child.person.full_name,
                url=child.get_absolute_url(),
                stage=label_for(Stage, child.current_stage),
                status="",
                status_label="",
                due_on=None,
                evidence_on=None,
                detail=f"{n} change{'' if n == 1 else 's'} of worker; now {child.lead_practitioner or 'not allocated'}",
                step_url="",
            )
        )
    heading = f"Children whose worker changed {band} time{'' if band == '1' else 's'} in the last 12 months"
    return Drilldown(heading, rows[:MOST_LISTED], 0, max(0, len(rows) - MOST_LISTED))


def standards_list() -> list[Standard]:
    return list(Standard.objects.active())
