"""Writes for the synthetic borough: the bulk seed and the demo sign-ins.

The seed writes whole chunks of families with `bulk_create`, one transaction per chunk, with
primary keys chosen by the generator (after the current largest id in each table) so related
rows need no reading back. One audit event records the whole run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock_time
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count, Max, Q

from kith.assessments.models import Assessment, StatusChange
from kith.core.actions import do_create_user, record_audit_event
from kith.core.models import AuditAction, Role, Service, Team, User
from kith.demo.borough import GROUPS, Borough, Chunk, Staff, row_values
from kith.journey.actions import do_allocate
from kith.journey.models import Allocation, Episode, LegalStatusPeriod, Placement, Visit
from kith.meetings.models import AgencyContribution, Meeting
from kith.people.models import (
    Address,
    Child,
    Connection,
    GenogramReview,
    Household,
    HouseholdMember,
    NetworkMember,
    Person,
    Relationship,
    RestrictedAccess,
)
from kith.plans.models import Plan, PlanAction, PlanGoal, PlanReview, PlanVersion
from kith.returns.models import (
    CareEnding,
    CareEpisodeDetail,
    HealthOutcome,
    PlacedForAdoption,
    PreviousPermanence,
)
from kith.standards.models import CaseSupervision, ManagementOversight
from kith.voice.models import Explanation

BATCH_SIZE = 2000
INSERT_BATCH = 10_000

TABLE_MODELS: dict[str, type[models.Model]] = {
    "team": Team,
    "user": User,
    "person": Person,
    "child": Child,
    "household": Household,
    "member": HouseholdMember,
    "address": Address,
    "relationship": Relationship,
    "episode": Episode,
    "legal_status": LegalStatusPeriod,
    "placement": Placement,
    "allocation": Allocation,
    "visit": Visit,
    "restricted": RestrictedAccess,
    "connection": Connection,
    "network_member": NetworkMember,
    "genogram_review": GenogramReview,
    "assessment": Assessment,
    "status_change": StatusChange,
    "plan": Plan,
    "plan_version": PlanVersion,
    "plan_goal": PlanGoal,
    "plan_action": PlanAction,
    "plan_review": PlanReview,
    "meeting": Meeting,
    "contribution": AgencyContribution,
    "explanation": Explanation,
    "oversight": ManagementOversight,
    "supervision": CaseSupervision,
    "care_detail": CareEpisodeDetail,
    "care_ending": CareEnding,
    "health_outcome": HealthOutcome,
    "previous_permanence": PreviousPermanence,
    "placed_for_adoption": PlacedForAdoption,
}

# Chunk attribute → model, in an order that satisfies foreign keys.
CHUNK_MODELS: tuple[tuple[str, type[models.Model]], ...] = (
    ("persons", Person),
    ("children", Child),
    ("households", Household),
    ("members", HouseholdMember),
    ("addresses", Address),
    ("relationships", Relationship),
    ("episodes", Episode),
    ("legal_statuses", LegalStatusPeriod),
    ("placements", Placement),
    ("allocations", Allocation),
    ("visits", Visit),
    ("restricted", RestrictedAccess),
    ("connections", Connection),
    ("network_members", NetworkMember),
    ("genogram_reviews", GenogramReview),
    ("assessments", Assessment),
    ("status_changes", StatusChange),
    ("plans", Plan),
    ("plan_versions", PlanVersion),
    ("plan_goals", PlanGoal),
    ("plan_actions", PlanAction),
    ("plan_reviews", PlanReview),
    ("meetings", Meeting),
    ("contributions", AgencyContribution),
    ("explanations", Explanation),
    ("oversight", ManagementOversight),
    ("supervision", CaseSupervision),
    ("care_details", CareEpisodeDetail),
    ("care_endings", CareEnding),
    ("health_outcomes", HealthOutcome),
    ("previous_permanences", PreviousPermanence),
    ("placed_for_adoption", PlacedForAdoption),
)


def first_free_ids() -> dict[str, int]:
    """The first unused primary key in each table the seed writes."""
    return {
        table: (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        for table, model in TABLE_MODELS.items()
    }


def _ensure_services() -> dict[str, int]:
    return {group: Service.objects.get_or_create(name=name)[0].pk for group, (name, *_) in GROUPS.items()}


def _column(field: models.Field[Any, Any]) -> str:
    assert field.column is not None  # every concrete field has a column
    return field.column


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How to turn a row's value into a database parameter, or None to pass it as it is.

    The drivers take strings, numbers, booleans and None as they are (and PostgreSQL's takes
    dates too); JSON, and SQLite's dates and datetimes, go through the field's own conversion,
    so stored values are exactly what `save()` would store.
    """
    needs_field = isinstance(field, models.JSONField) or (
        connection.vendor == "sqlite" and isinstance(field, models.DateField)
    )
    if not needs_field:
        return None
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if isinstance(value, list | dict):
            return field.get_db_prep_save(value, connection)
        if value not in memo:
            memo[value] = field.get_db_prep_save(value, connection)
        return memo[value]

    return convert


def _insert(model: type[models.Model], rows: Sequence[Any]) -> int:
    """Insert generated rows with one prepared INSERT executed for each row.

    `bulk_create` spends most of its time compiling SQL for every value (about 70 s of a
    100,000-child seed); the rows here come from the generator with primary keys already set,
    so the statement is built once from the model's metadata and the driver does the rest.
    """
    if not rows:
        return 0
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    names = list(row_values(rows[0]))
    fields = [by_attname[name] for name in names]
    quote = connection.ops.quote_name
    # Table and column names come from the model, quoted; values are bound parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(_column(f)) for f in fields), ", ".join(["%s"] * len(fields))
    )
    converters = [(n, c) for n, c in enumerate(_converter(f) for f in fields) if c is not None]
    params = []
    for row in rows:
        values = list(vars(row).values())
        for n, convert in converters:
            values[n] = convert(values[n])
        params.append(values)
    if connection.vendor == "postgresql":
        _copy(model, fields, params)
    else:
        with connection.cursor() as cursor:
            for start in range(0, len(params), INSERT_BATCH):
                cursor.executemany(sql, params[start : start + INSERT_BATCH])
    return len(params)


def _copy(model: type[models.Model], fields: list[models.Field[Any, Any]], params: list[list[Any]]) -> None:
    """PostgreSQL's COPY: many times faster than row-by-row INSERTs for a hundred thousand families."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(_column(f)) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for values in params:
            copy.write_row(values)


def _write_staff(staff: Staff, joined: datetime) -> dict[str, int]:
    Team.objects.bulk_create([Team(**row_values(row)) for row in staff.teams], batch_size=BATCH_SIZE)
    users = []
    for row in staff.users:
        user = User(**row_values(row), date_joined=joined, is_active=True)
        user.password = make_password(None)  # unusable: staff sign in once an administrator sets one
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    return {"teams": len(staff.teams), "users": len(users)}


def _write_chunk(chunk: Chunk) -> dict[str, int]:
    return {name: _insert(model, getattr(chunk, name)) for name, model in CHUNK_MODELS}


def _reset_sequences() -> None:
    """PostgreSQL sequences do not see explicit ids; move them past the rows just written."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(TABLE_MODELS.values()))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _refresh_statistics() -> None:
    """Give the query planner statistics for the rows just loaded. Without them (autovacuum may
    be off, or not yet run) PostgreSQL plans the record page and search as if tables were empty."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def do_seed_borough(
    *,
    children: int,
    seed: int,
    today: date,
    by: User | None = None,
    families_per_chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Add a synthetic borough of `children` children, their families, journeys and staff.

    Deterministic for a given `children`, `seed`, `today` and starting database. Returns how
    many rows of each kind were made. Each chunk of families is one transaction.
    """
    started = time.monotonic()
    stamp = datetime.combine(today, clock_time(9, 0), tzinfo=UTC)
    with transaction.atomic():
        services = _ensure_services()
        borough = Borough(
            children=children,
            seed=seed,
            today=today,
            first_ids=first_free_ids(),
            service_ids=services,
            la_code=settings.KITH_LA_CODE,
        )
        counts = _write_staff(borough.staff, stamp)
    for chunk in borough.chunks(families_per_chunk):
        with transaction.atomic():
            for name, made in _write_chunk(chunk).items():
                counts[name] = counts.get(name, 0) + made
        if progress:
            progress(counts["children"])
    _reset_sequences()
    _refresh_statistics()
    with transaction.atomic():
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=None,
            object_type="borough",
            detail={
                "children": children,
                "seed": seed,
                "today": today.isoformat(),
                "counts": counts,
                "seconds": round(time.monotonic() - started, 1),
            },
        )
    return counts


# --- Demo sign-ins ------------------------------------------------------------------------------

DEMO_ROLES: tuple[Role, ...] = (
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.SERVICE_MANAGER,
    Role.PARTNER,
    Role.ANALYST,
    Role.ADMINISTRATOR,
)
DEMO_NAMES: dict[Role, tuple[str, str, str]] = {
    Role.PRACTITIONER: ("Dee", "Practitioner", "Social worker"),
    Role.TEAM_MANAGER: ("Tam", "Manager", "Team manager"),
    Role.SERVICE_MANAGER: ("Sam", "Service-Manager", "Service manager"),
    Role.PARTNER: ("Pat", "Partner", "Designated safeguarding lead, Kithborough Academy"),
    Role.ANALYST: ("Ana", "Analyst", "Performance analyst"),
    Role.ADMINISTRATOR: ("Adi", "Administrator", "System administrator"),
}
DEMO_CASELOAD = 15


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    password: str
    role: str
    team: str


def demo_username(role: Role) -> str:
    return f"demo-{role.value}"


def demo_password(role: Role) -> str:
    return f"kith-demo-{role.value}"


def _demo_team() -> Team:
    """The social work team with most children in need or on plans (then most open children,
    then the lowest id), or a demo team when nothing is open."""
    social_work = Q(children__is_open=True, children__current_stage__in=["cin", "cp"])
    team = (
        Team.objects.annotate(
            open_children=Count("children", filter=Q(children__is_open=True)),
            social_work=Count("children", filter=social_work),
        )
        .filter(open_children__gt=0)
        .order_by("-social_work", "-open_children", "pk")
        .first()
    )
    return team or Team.objects.get_or_create(name="Demo team")[0]


def _ensure_user(role: Role, team: Team | None) -> User:
    username, password = demo_username(role), demo_password(role)
    user = User.objects.filter(username=username).first()
    if user is None:
        first, last, job_title = DEMO_NAMES[role]
        return do_create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            role=role,
            team=team,
            job_title=job_title,
            by=None,
        )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _fill_caseload(practitioner: User, today: date) -> None:
    """Give the demo practitioner about DEMO_CASELOAD open children from their own team."""
    held = Child.objects.filter(lead_practitioner=practitioner, is_open=True).count()
    team_id = practitioner.team_id
    if held >= DEMO_CASELOAD or team_id is None:
        return
    others = Child.objects.filter(is_open=True, is_restricted=False).exclude(lead_practitioner=practitioner)
    # Prefer the practitioner's own team; top up from other teams in a small borough.
    candidates = list(others.filter(team_id=team_id).order_by("pk")[: DEMO_CASELOAD - held])
    if len(candidates) < DEMO_CASELOAD - held:
        elsewhere = others.exclude(team_id=team_id).order_by("pk")
        candidates += list(elsewhere[: DEMO_CASELOAD - held - len(candidates)])
    team = practitioner.team
    assert team is not None
    for child in candidates:
        do_allocate(child=child, practitioner=practitioner, team=team, starts_on=today, by=None)


def _name_on_restricted_record(practitioner: User, manager: User) -> None:
    """Make sure the demo practitioner (and team manager) can see at least one restricted record."""
    if RestrictedAccess.objects.filter(user=practitioner).exists():
        return
    child = Child.objects.filter(is_restricted=True, team=practitioner.team).order_by("pk").first()
    if child is None:
        child = Child.objects.filter(lead_practitioner=practitioner, is_open=True).order_by("pk").first()
        if child is None:
            return
        Child.objects.filter(pk=child.pk).update(is_restricted=True)
    for user in (practitioner, manager):
        RestrictedAccess.objects.get_or_create(child=child, user=user)
    record_audit_event(
        user=None,
        action=AuditAction.UPDATE,
        child_id=child.pk,
        child_team_id=child.team_id,
        object_type="restricted_access",
        object_id=child.pk,
        detail={"named": [practitioner.username, manager.username]},
    )


def _fill_practice(practitioner: User, today: date) -> None:
    """Assessments, plans and meetings for the demo practitioner's caseload, made through each
    app's own actions, once: a demo should show the whole workflow, not empty pages."""
    from kith.assessments.demo import seed_assessments
    from kith.assessments.models import Assessment
    from kith.meetings.demo import seed_meetings
    from kith.plans.demo import seed_plans

    children = list(
        Child.objects.filter(lead_practitioner=practitioner, is_open=True).select_related("person").order_by("pk")
    )
    if not children or Assessment.objects.filter(child__in=children).exists():
        return
    rng = random.Random(f"demo-practice-{practitioner.pk}")
    seed_assessments(children=children, by=practitioner, today=today, rng=rng)
    seed_plans(children=children, by=practitioner, today=today, rng=rng)
    seed_meetings(children=children, by=practitioner, today=today, rng=rng)


def do_ensure_demo_sign_ins(*, today: date) -> list[DemoSignIn]:
    """One sign-in per role, the practitioner holding a caseload in a team with open children.

    Safe to run again: existing demo users keep their team; only missing pieces are added.
    """
    with transaction.atomic():
        existing = User.objects.filter(username=demo_username(Role.PRACTITIONER)).first()
        team = existing.team if existing and existing.team else _demo_team()
        casework = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
        users = {role: _ensure_user(role, team if role in casework else None) for role in DEMO_ROLES}
        _fill_caseload(users[Role.PRACTITIONER], today)
        _name_on_restricted_record(users[Role.PRACTITIONER], users[Role.TEAM_MANAGER])
        _fill_practice(users[Role.PRACTITIONER], today)
    return [
        DemoSignIn(demo_username(role), demo_password(role), role.label, str(user.team or ""))
        for role, user in users.items()
    ]
