"""The meetings app's one link to the child's plan (kith.plans): finding the child's open plan
and adding a meeting's action to it. The rest of this app goes through here, so the two apps
meet in one place."""

from __future__ import annotations

from datetime import date

from kith.core.models import User
from kith.people.models import Child
from kith.plans.actions import PlanRefused, do_add_plan_action
from kith.plans.models import Plan
from kith.plans.models import current_plan as _current_plan


class PlanWouldRefuse(Exception):
    """The plan would not take the action: `field` and `message` as the plan says."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def current_plan(child: Child) -> Plan | None:
    """The child's open plan, or None while they have none."""
    return _current_plan(child)


def add_plan_action(
    *,
    plan: Plan,
    what: str,
    owner_kind: str,
    owner_name: str,
    by_date: date,
    by: User,
    meeting_id: int,
    source: str,
) -> int:
    """Add an action to the plan, saying which meeting it came from; the plan action's id."""
    try:
        plan_action = do_add_plan_action(
            plan=plan,
            what=what,
            owner_kind=owner_kind,
            owner_name=owner_name,
            by_date=by_date,
            by=by,
            source=source,
            source_meeting_id=meeting_id,
        )
    except PlanRefused as refusal:
        raise PlanWouldRefuse(refusal.field, refusal.message) from refusal
    return int(plan_action.pk)
