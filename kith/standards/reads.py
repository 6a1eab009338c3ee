"""Reads behind the standards pages: the standards in force, who may see which dashboard, the
figures for a dashboard, caseloads and changes of worker. Every figure is counted by the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from kith.core.models import Role, Service, Team, User
from kith.core.rules import add_months
from kith.journey.models import Allocation
from kith.people.models import Child, RestrictedAccess
from kith.standards.engine import Scope, Spec
from kith.standards.measures import MeasureError
from kith.standards.models import Standard, Status

ScopeKind = Literal["borough", "service", "team", "practitioner"]
SCOPE_KINDS: tuple[ScopeKind, ...] = ("borough", "service", "team", "practitioner")
MONTHS_BACK = 12


def standards_in_force() -> list[tuple[Standard, Spec]]:
    """The active standards with their measures, in order: one query. A standard whose measure
    no longer parses (changed outside the loader) is left out rather than breaking every page."""
    pairs = []
    for standard in Standard.objects.active():
        try:
            pairs.append((standard, _spec(Spec.key(standard))))
        except MeasureError:
            continue
    return pairs


@lru_cache(maxsize=256)
def _spec(key: tuple[Any, ...]) -> Spec:
    """Parsing a measure costs more than reading it: a standard's spec is kept by its fields."""
    return Spec.from_key(key)


def month_ends(today: date, months: int = MONTHS_BACK) -> list[date]:
    """The last day of each of the `months` months before this one, oldest first."""
    first = today.replace(day=1)
    return [add_months(first, -n + 1) - timedelta(days=1) for n in range(months, 0, -1)]


def named_children(user: User) -> tuple[int, ...]:
    return tuple(RestrictedAccess.objects.filter(user=user).values_list("child_id", flat=True))


# --- Who may see which dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class DashboardScope:
    kind: ScopeKind
    id: int
    name: str
    team_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return {"borough": "The borough", "service": "Service", "team": "Team", "practitioner": "Practitioner"}[
            self.kind
        ]

    def engine_scope(self, viewer: User) -> Scope:
        if self.kind == "borough":
            return Scope("borough", viewer=viewer.pk)
        if self.kind == "practitioner":
            return Scope("practitioner", ids=(self.id,), viewer=viewer.pk)
        return Scope("teams", ids=self.team_ids, viewer=viewer.pk)


def _service_team_ids(service_id: int | None) -> tuple[int, ...]:
    if service_id is None:
        return ()
    return tuple(Team.objects.filter(service_id=service_id).order_by("pk").values_list("pk", flat=True))


def may_see_dashboards(user: User) -> bool:
    return user.is_casework or user.role == Role.ANALYST


def default_scope(user: User) -> tuple[ScopeKind, int]:
    """Where a user's dashboards open: their own work, their team, their service, the borough."""
    if user.role == Role.ANALYST:
        return "borough", 0
    if user.role == Role.SERVICE_MANAGER and user.team is not None and user.team.service_id:
        return "service", user.team.service_id
    if user.role == Role.TEAM_MANAGER and user.team_id:
        return "team", user.team_id
    return "practitioner", user.pk


def resolve_scope(user: User, kind: str, scope_id: int) -> DashboardScope:
    """The dashboard asked for, if this user may see it; "not found" otherwise. Analysts see the
    whole borough; service managers their service, its teams and practitioners; team managers and
    practitioners their team and its practitioners (practitioners also their own work)."""
    if kind not in SCOPE_KINDS or not may_see_dashboards(user):
        raise Http404("No such dashboard")
    analyst = user.role == Role.ANALYST
    own_team = user.team
    own_service = own_team.service_id if own_team else None
    is_service_manager = user.role == Role.SERVICE_MANAGER
    if kind == "borough":
        if not analyst:
            raise Http404("No such dashboard")
        return DashboardScope("borough", 0, "The borough")
    if kind == "service":
        service = Service.objects.filter(pk=scope_id).first()
        if service is None or not (analyst or (is_service_manager and own_service == service.pk)):
            raise Http404("No such dashboard")
        return DashboardScope("service", service.pk, service.name, _service_team_ids(service.pk))
    if kind == "team":
        team = Team.objects.filter(pk=scope_id).first()
        allowed = team is not None and (
            analyst
            or (user.is_casework and user.team_id == team.pk)
            or (is_service_manager and own_service is not None and team.service_id == own_service)
        )
        if team is None or not allowed:
            raise Http404("No such dashboard")
        return DashboardScope("team", team.pk, team.name, (team.pk,))
    worker = User.objects.select_related("team").filter(pk=scope_id, role=Role.PRACTITIONER).first()
    if worker is None and scope_id == user.pk and user.is_casework:
        worker = user
    allowed = worker is not None and (
        analyst
        or worker.pk == user.pk
        or (user.is_manager and worker.team_id is not None and worker.team_id == user.team_id)
        or (is_service_manager and worker.team is not None and worker.team.service_id == own_service)
    )
    if worker is None or not allowed:
        raise Http404("No such dashboard")
    return DashboardScope("practitioner", worker.pk, str(worker), (worker.team_id,) if worker.team_id else ())


def visible_children(user: User) -> Q:
    """The children whose names this user may see in a list: their own (caseworkers), or any
    unrestricted child (analysts, who give a reason to open one), restricted ones only where named."""
    if user.is_casework:
        return Q(pk__in=Child.objects.visible_to(user).values("pk"))
    return Q(pk__in=Child.objects.findable_by(user).values("pk"))


# --- Figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One standard's results on one date."""

    met: int = 0
    due_soon: int = 0
    overdue: int = 0

    @property
    def applies(self) -> int:
        return self.met + self.due_soon + self.overdue

    @property
    def in_time(self) -> int:
        return self.met + self.due_soon

    @property
    def percent(self) -> int | None:
        """Met or not yet due, as a whole percentage of the children the standard applies to."""
        return round(100 * self.in_time / self.applies) if self.applies else None


def figures_from(counts: dict[tuple[date, str, str], int], on: date, code: str) -> Figure:
    return Figure(
        met=counts.get((on, code, Status.MET), 0),
        due_soon=counts.get((on, code, Status.DUE_SOON), 0),
        overdue=counts.get((on, code, Status.OVERDUE), 0),
    )


@dataclass(frozen=True)
class Caseload:
    practitioner_id: int
    name: str
    team: str
    children: int


def caseloads(scope: DashboardScope) -> list[Caseload]:
    """Open children allocated to each practitioner in the scope now, the busiest first."""
    allocations = Allocation.objects.filter(ends_on__isnull=True, child__is_open=True)
    if scope.kind == "practitioner":
        allocations = allocations.filter(practitioner_id=scope.id)
    elif scope.kind != "borough":
        allocations = allocations.filter(team_id__in=scope.team_ids)
    rows = (
        allocations.values("practitioner_id", "practitioner__first_name", "practitioner__last_name", "team__name")
        .annotate(n=Count("id"))
        .order_by("-n", "practitioner__last_name", "practitioner_id")
    )
    return [
        Caseload(
            r["practitioner_id"],
            f"{r['practitioner__first_name']} {r['practitioner__last_name']}",
            r["team__name"],
            r["n"],
        )
        for r in rows
    ]


def _scope_children(scope: DashboardScope, named: tuple[int, ...]) -> Q:
    """Children open now with their current allocation in the scope (restricted ones only where named)."""
    current = Allocation.objects.filter(child_id=OuterRef("pk"), ends_on__isnull=True)
    if scope.kind == "practitioner":
        current = current.filter(practitioner_id=scope.id)
    elif scope.kind != "borough":
        current = current.filter(team_id__in=scope.team_ids)
    return Q(is_open=True) & Q(Exists(current)) & (Q(is_restricted=False) | Q(pk__in=named))


def worker_changes(scope: DashboardScope, named: tuple[int, ...], today: date) -> dict[int, int]:
    """For each child open in the scope now, how many times their lead practitioner changed in
    the last 12 months (a new allocation to someone else taking over from an earlier one)."""
    since = add_months(today, -12)
    earlier = (
        Allocation.objects.filter(
            child_id=OuterRef("child_id"), starts_on__lte=OuterRef("starts_on"), ends_on__gte=OuterRef("starts_on")
        )
        .exclude(pk=OuterRef("pk"))
        .exclude(practitioner_id=OuterRef("practitioner_id"))
    )
    children = Child.objects.filter(_scope_children(scope, named)).values("pk")
    rows = (
        Allocation.objects.filter(child_id__in=children, starts_on__gt=since, starts_on__lte=today)
        .filter(Exists(earlier))
        .values("child_id")
        .annotate(n=Count("id"))
    )
    return {row["child_id"]: row["n"] for row in rows}


CHANGE_BANDS = ("0", "1", "2", "3 or more")


def change_band(n: int) -> str:
    return CHANGE_BANDS[min(n, 3)]


def change_distribution(changes: dict[int, int], children_now: int) -> Counter[str]:
    bands: Counter[str] = Counter(change_band(n) for n in changes.values())
    bands["0"] = max(0, children_now - sum(bands.values()))
    return bands
