"""Opening a child's record: the access decision, the reason page and the audit event.

Every view of a child's record goes through `child_record_view`, which loads the child with
one query, asks `kith.core.rules.access_to_record`, and writes the "viewed" audit event, on
every request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from kith.core.actions import record_view_event
from kith.core.models import AccessGrant, Role, Team, User
from kith.core.plainsql import Join, Select
from kith.core.requests import user_of
from kith.core.rules import Access, RecordFacts, Viewer, access_to_record
from kith.people.models import Child, RestrictedAccess

P = ParamSpec("P")
ChildView = Callable[Concatenate[HttpRequest, Child, P], HttpResponse]


def viewer_for(user: User) -> Viewer:
    service_teams: frozenset[int] = frozenset()
    if user.role == Role.SERVICE_MANAGER and user.team_id is not None:
        service_teams = frozenset(Team.objects.filter(service__teams__id=user.team_id).values_list("id", flat=True))
    return Viewer(
        user_id=user.pk,
        is_casework=user.is_casework,
        team_id=user.team_id,
        service_team_ids=service_teams,
    )


def access_for(user: User, child: Child) -> tuple[Access, str]:
    """The access decision, and the reason given where one was needed."""
    named: frozenset[int] = frozenset()
    if child.is_restricted:
        named = frozenset(RestrictedAccess.objects.filter(child=child).values_list("user_id", flat=True))
    record = RecordFacts(
        team_id=child.team_id,
        lead_practitioner_id=child.lead_practitioner_id,
        is_restricted=child.is_restricted,
        named_user_ids=named,
    )
    viewer = viewer_for(user)
    reason = ""
    if not viewer.is_casework and not child.is_restricted:
        grants = AccessGrant.objects.filter(user=user, child_id=child.pk, expires_at__gt=timezone.now())
        reason = grants.order_by("-given_at").values_list("reason", flat=True).first() or ""
    return access_to_record(viewer, record, has_reason=bool(reason)), reason


@lru_cache(maxsize=4096)
def _child_url(child_id: int, urlconf: str | None, script_prefix: str) -> str:
    return reverse("journey:child", args=[child_id], urlconf=urlconf)


def child_url(child_id: int) -> str:
    """Where a child's record opens: what `Child.get_absolute_url` gives, for lists that have
    the child's id but no Child. Reversing a URL costs more than the rest of a list row, and a
    caseload's rows repeat from one request to the next, so each child's URL is kept."""
    return _child_url(child_id, get_urlconf(), get_script_prefix())


# The child with their person, team and lead practitioner (what `Child.objects.with_person()`
# selects), read on every request for a record page.
CHILD_WITH_PERSON = Select(Child, (Join("person", "p"), Join("team", "tm"), Join("lead_practitioner", "lp")))


def load_child(user: User, child_id: int) -> tuple[Child, Access, str]:
    child = CHILD_WITH_PERSON.one("t.id = %s", [child_id])
    if not isinstance(child, Child):
        raise Http404("No such child")
    access, reason = access_for(user, child)
    if access is Access.NOT_FOUND:
        raise Http404("No such child")
    return child, access, reason


def child_record_view(
    object_type: str = "child", *, changes_record: bool = False
) -> Callable[[ChildView[P]], Callable[Concatenate[HttpRequest, int, P], HttpResponse]]:
    """Decorate a view taking (request, child, ...) so it is reached with (request, child_id, ...).

    Someone outside the child's team is sent to give a reason first. A GET is audited as a
    view of `object_type`; changes are audited by the action that makes them. Views that
    change the record (`changes_record`) are for caseworkers only: a partner agency worker,
    analyst or administrator who may read the record is refused with "You cannot change this
    record".
    """

    def decorate(view: ChildView[P]) -> Callable[Concatenate[HttpRequest, int, P], HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, child_id: int, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            user = user_of(request)
            child, access, reason = load_child(user, child_id)
            if access is Access.NEEDS_REASON:
                return redirect("people:access-reason", child_id=child.pk)
            if changes_record and not user.is_casework:
                return render(request, "core/cannot_change.html", {"child": child}, status=403)
            if request.method == "GET":
                record_view_event(
                    user_id=user.pk,
                    child_id=child.pk,
                    child_team_id=child.team_id,
                    object_type=object_type,
                    object_id=child.pk,
                    reason=reason,
                    detail={"path": request.path},
                )
            return view(request, child, *args, **kwargs)

        return wrapper

    return decorate
