"""The staff: teams for each service, their managers and practitioners."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kith.demo.borough.catalogue import GROUPS, OPEN_CHILDREN_PER_PRACTITIONER, PRACTITIONERS_PER_TEAM
from kith.demo.borough.rows import TeamRow, UserRow
from kith.people.rules import normalise_name

if TYPE_CHECKING:
    from kith.demo.borough.generator import Borough


@dataclass
class Staff:
    teams: list[TeamRow]
    users: list[UserRow]
    practitioners: dict[str, list[int]]  # group → practitioner ids
    team_of: dict[int, int]  # practitioner id → team id
    manager_of_team: dict[int, int]  # team id → team manager id


def expected_teams(children: int) -> dict[str, int]:
    """How many teams each service needs so practitioners hold about 15-20 open children."""
    per_team = PRACTITIONERS_PER_TEAM * OPEN_CHILDREN_PER_PRACTITIONER
    return {group: max(1, round(children * share / per_team)) for group, (*_, share) in GROUPS.items()}


def plan_staff(b: Borough, service_ids: Mapping[str, int]) -> Staff:
    """Teams for each service, each with a manager and practitioners, and a service manager."""
    staff = Staff([], [], {}, {}, {})
    for group, count in expected_teams(b.children).items():
        _, label, job_title, _ = GROUPS[group]
        staff.practitioners[group] = []
        for _ in range(count):
            team = TeamRow(b.ids.take("team"), "", service_ids[group])
            team.name = f"{label} {team.id}"
            staff.teams.append(team)
            staff.manager_of_team[team.id] = _staff_user(b, staff, "team_manager", team.id, "Team manager")
            for _ in range(PRACTITIONERS_PER_TEAM):
                pid = _staff_user(b, staff, "practitioner", team.id, job_title)
                staff.practitioners[group].append(pid)
                staff.team_of[pid] = team.id
        first_team = staff.teams[-count].id
        _staff_user(b, staff, "service_manager", first_team, "Service manager")
    return staff


def _staff_user(b: Borough, staff: Staff, role: str, team_id: int, job_title: str) -> int:
    heritage = b.pick(b.heritages, b.heritage_cum)
    given = b.rng.choice(heritage.female if b.rng.random() < 0.75 else heritage.male)
    family = b.rng.choice(heritage.surnames)
    user_id = b.ids.take("user")
    username = f"{normalise_name(given).replace(' ', '')}.{normalise_name(family).replace(' ', '')}.{user_id}"
    staff.users.append(UserRow(user_id, username, given, family, role, team_id, job_title))
    return user_id
