"""The whole plan as plain values: written into every `PlanVersion`, and what the plan pages show.

The plan page and the page of an earlier version draw from the same shape, so a version looks
exactly as the plan did. A snapshot holds codes and ISO dates (JSON); `shown` turns one into
values with labels and dates for the templates. Reading a plan for a snapshot takes six queries
however long it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kith.core.codes import label_for
from kith.journey.codes import CategoryOfAbuse
from kith.journey.dates import long_date
from kith.plans.models import ActionStatus, GoalStatus, OwnerKind, Plan, PlanKind
from kith.plans.rules import action_is_overdue

Snapshot = dict[str, Any]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def take_snapshot(plan: Plan) -> Snapshot:
    """The plan, its goals, actions and safety plan as they are in the database now."""
    goals = list(plan.goals.order_by("pk").values("id", "words", "whose_words", "status"))
    actions = [
        {**row, "by_date": _iso(row["by_date"]), "done_on": _iso(row["done_on"])}
        for row in plan.actions.order_by("by_date", "pk").values(
            "id",
            "goal_id",
            "what",
            "owner_kind",
            "owner_name",
            "owner_person_id",
            "by_date",
            "status",
            "done_on",
            "source",
            "source_meeting_id",
        )
    ]
    return {
        "plan": {
            "id": plan.pk,
            "kind": plan.kind,
            "category_of_abuse": plan.category_of_abuse,
            "starts_on": _iso(plan.starts_on),
            "ends_on": _iso(plan.ends_on),
            "end_reason": plan.end_reason,
            "next_review_on": _iso(plan.next_review_on),
        },
        "goals": goals,
        "actions": actions,
        "safety": {
            "rules": list(plan.safety_rules.order_by("pk").values_list("words", flat=True)),
            "network": list(plan.safety_network.order_by("pk").values("network_member_id", "name", "part")),
            "triggers": list(plan.safety_triggers.order_by("pk").values_list("words", flat=True)),
            "fallbacks": list(plan.safety_fallbacks.order_by("pk").values_list("words", flat=True)),
        },
    }


@dataclass(frozen=True)
class GoalShown:
    id: int
    number: int
    words: str
    whose_words: str
    status: str

    @property
    def status_label(self) -> str:
        return label_for(GoalStatus, self.status)

    @property
    def status_colour(self) -> str:
        return {"achieved": "green", "not_achieved": "red", "not_needed": "grey"}.get(self.status, "blue")


@dataclass(frozen=True)
class ActionShown:
    id: int
    goal_number: int | None
    what: str
    owner_kind: str
    owner_name: str
    by_date: date
    status: str
    done_on: date | None
    source: str
    is_overdue: bool

    @property
    def status_label(self) -> str:
        return label_for(ActionStatus, self.status)

    @property
    def owner_kind_label(self) -> str:
        return label_for(OwnerKind, self.owner_kind)

    @property
    def status_colour(self) -> str:
        if self.is_overdue:
            return "red"
        return {"done": "green", "in_progress": "blue", "not_done": "grey"}.get(self.status, "yellow")


@dataclass(frozen=True)
class NetworkRoleShown:
    name: str
    part: str


@dataclass(frozen=True)
class PlanShown:
    """A plan (now, or as one version left it) for a page."""

    id: int
    kind: str
    category_of_abuse: str
    starts_on: date
    ends_on: date | None
    end_reason: str
    next_review_on: date | None
    goals: list[GoalShown]
    actions: list[ActionShown]
    rules: list[str]
    network: list[NetworkRoleShown]
    triggers: list[str]
    fallbacks: list[str]

    @property
    def kind_label(self) -> str:
        return label_for(PlanKind, self.kind)

    @property
    def category_label(self) -> str:
        return label_for(CategoryOfAbuse, self.category_of_abuse) if self.category_of_abuse else ""

    @property
    def is_open(self) -> bool:
        return self.ends_on is None

    @property
    def has_safety_plan(self) -> bool:
        return bool(self.rules or self.network or self.triggers or self.fallbacks)


def _action(row: dict[str, Any], goal_numbers: dict[int, int], *, is_open: bool, today: date) -> ActionShown:
    by_date = date.fromisoformat(row["by_date"])
    return ActionShown(
        id=row["id"],
        goal_number=goal_numbers.get(row["goal_id"]) if row["goal_id"] else None,
        what=row["what"],
        owner_kind=row["owner_kind"],
        owner_name=row["owner_name"],
        by_date=by_date,
        status=row["status"],
        done_on=_day(row.get("done_on")),
        source=row.get("source", ""),
        is_overdue=is_open and action_is_overdue(by_date=by_date, status=row["status"], today=today),
    )


def shown(snapshot: Snapshot, *, today: date) -> PlanShown:
    """The snapshot in words and dates, goals numbered in order, actions overdue marked."""
    plan = snapshot["plan"]
    goal_numbers = {goal["id"]: n for n, goal in enumerate(snapshot["goals"], start=1)}
    is_open = plan["ends_on"] is None
    safety = snapshot["safety"]
    return PlanShown(
        id=plan["id"],
        kind=plan["kind"],
        category_of_abuse=plan["category_of_abuse"],
        starts_on=date.fromisoformat(plan["starts_on"]),
        ends_on=_day(plan["ends_on"]),
        end_reason=plan.get("end_reason", ""),
        next_review_on=_day(plan["next_review_on"]),
        goals=[
            GoalShown(g["id"], goal_numbers[g["id"]], g["words"], g["whose_words"], g["status"])
            for g in snapshot["goals"]
        ],
        actions=[_action(row, goal_numbers, is_open=is_open, today=today) for row in snapshot["actions"]],
        rules=list(safety["rules"]),
        network=[
            NetworkRoleShown(name=r["name"] or "Someone in the network", part=r["part"]) for r in safety["network"]
        ],
        triggers=list(safety["triggers"]),
        fallbacks=list(safety["fallbacks"]),
    )


def _by_id(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def _goal_changes(before: Snapshot, after: Snapshot) -> list[str]:
    lines = []
    old, new = _by_id(before["goals"]), _by_id(after["goals"])
    for pk, goal in new.items():
        was = old.get(pk)
        if was is None:
            lines.append(f"Goal added: {goal['words']}")
        elif was["words"] != goal["words"] or was["whose_words"] != goal["whose_words"]:
            lines.append(f"Goal reworded: {goal['words']} (was: {was['words']})")
        if was is not None and was["status"] != goal["status"]:
            lines.append(f"Goal now {label_for(GoalStatus, goal['status']).lower()}: {goal['words']}")
    lines += [f"Goal removed: {goal['words']}" for pk, goal in old.items() if pk not in new]
    return lines


ACTION_FIELDS = ("what", "owner_kind", "owner_name", "owner_person_id", "by_date", "goal_id")


def _action_changes(before: Snapshot, after: Snapshot) -> list[str]:
    lines = []
    old, new = _by_id(before["actions"]), _by_id(after["actions"])
    for pk, action in new.items():
        was = old.get(pk)
        said = f"{action['owner_name']} to {action['what']}"
        if was is None:
            lines.append(f"Action added: {said}")
            continue
        if any(was[name] != action[name] for name in ACTION_FIELDS):
            lines.append(f"Action changed: {said}")
        if was["status"] != action["status"]:
            lines.append(f"Action now {label_for(ActionStatus, action['status']).lower()}: {said}")
    return lines


def differences(before: Snapshot | None, after: Snapshot) -> list[str]:
    """What changed between two versions of a plan, a line each, for the version page."""
    if before is None:
        return ["The plan started"]
    lines = _goal_changes(before, after) + _action_changes(before, after)
    labels = {"rules": "rules", "network": "people in the safety network", "triggers": "signs it is not working"}
    labels["fallbacks"] = "what happens if it fails"
    lines += [
        f"Safety plan: {label} changed"
        for key, label in labels.items()
        if before["safety"][key] != after["safety"][key]
    ]
    old_plan, new_plan = before["plan"], after["plan"]
    if old_plan["next_review_on"] != new_plan["next_review_on"] and new_plan["next_review_on"]:
        lines.append(f"Next review by {long_date(_day(new_plan['next_review_on']))}")
    if old_plan["ends_on"] is None and new_plan["ends_on"]:
        lines.append(f"The plan closed: {new_plan['end_reason']}")
    return lines
