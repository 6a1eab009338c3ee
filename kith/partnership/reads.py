"""Reads behind the partnership pages: who may review what, a child's profile, labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db.models import Q, QuerySet

from kith.core.codes import label_for
from kith.core.models import User
from kith.intelligence.feeds import FEEDS_BY_NAME
from kith.intelligence.matrix import DEFAULT_MATRIX, GROUP_TITLES, GROUPS, MatrixConfig, Source, load_config
from kith.partnership.models import ChildFactor, ChildPattern, EarlyHelpLead, IntelligenceRun, PartnerLink, RunStatus
from kith.partnership.rules import can_see_cohorts
from kith.people.codes import Ethnicity, Sex
from kith.people.models import Child, Relationship

PARENTAL_KINDS = ("parent", "step_parent", "carer")


@lru_cache(maxsize=4)
def _config(path: str, mtime: float) -> MatrixConfig:
    return load_config(Path(path))


def matrix_config() -> MatrixConfig:
    """The matrix as configured (read again only when its file changes)."""
    import os

    path = Path(os.environ.get("KITH_MATRIX_FILE") or DEFAULT_MATRIX)
    return _config(str(path), path.stat().st_mtime)


def feed_title(name: str) -> str:
    feed = FEEDS_BY_NAME.get(name)
    return feed.title if feed else ("Kith" if name == "kith" else name)


ABOUT_WORDS = {"child": "the child", "parent": "a parent or carer", "child_or_parent": "the child or a parent or carer"}
OPERATOR_WORDS = {
    "=": "is",
    "!=": "is not",
    "<": "is under",
    "<=": "is at most",
    ">": "is over",
    ">=": "is at least",
    "in": "is one of",
    "not in": "is none of",
    "is true": "is true",
    "is false": "is false",
}


def source_words(source: Source) -> str:
    """Where a factor's evidence comes from, in words."""
    if source.feed:
        where = f"{feed_title(source.feed)}: records about {ABOUT_WORDS[source.about]}"
    else:
        where = f"Kith's own record ({source.kith.replace('_', ' ')})"
    conditions = []
    for condition in source.where:
        value = condition.value
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))
        conditions.append(f"{condition.column.replace('_', ' ')} {OPERATOR_WORDS[condition.operator]} {shown}".strip())
    if conditions:
        where += " where " + " and ".join(conditions)
    if source.min_records > 1:
        where += f", when there are {source.min_records} or more"
    return where


def is_early_help_lead(user: User) -> bool:
    return EarlyHelpLead.objects.filter(user=user).exists()


def sees_cohorts(user: User) -> bool:
    return can_see_cohorts(role=user.role, is_early_help_lead=is_early_help_lead(user))


def latest_run() -> IntelligenceRun | None:
    return IntelligenceRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at", "-pk").first()


def active_run() -> IntelligenceRun | None:
    return IntelligenceRun.objects.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).order_by("-pk").first()


def reviewable_links(user: User) -> QuerySet[PartnerLink]:
    """Suggestions this user may decide: named early help leads see them all; other caseworkers
    those about children they can see, or those children's parents and carers."""
    links = PartnerLink.objects.to_review()
    if is_early_help_lead(user):
        return links
    child_persons = Child.objects.visible_to(user).values("person_id")
    parents = Relationship.objects.filter(
        to_person_id__in=child_persons, kind__in=PARENTAL_KINDS, ends_on__isnull=True
    ).values("from_person_id")
    return links.filter(Q(person_id__in=child_persons) | Q(person_id__in=parents))


@dataclass
class FactorView:
    code: str
    title: str
    local: bool
    evidence: list[ChildFactor] = field(default_factory=list)

    @property
    def agencies(self) -> list[str]:
        return sorted({e.agency for e in self.evidence})


@dataclass
class GroupView:
    code: str
    title: str
    factors: list[FactorView]


@dataclass
class Profile:
    groups: list[GroupView]
    concerns: list[ChildPattern]
    protective: list[ChildPattern]
    links: list[PartnerLink]

    @property
    def is_empty(self) -> bool:
        return not any(g.factors for g in self.groups)


def profile_for(child: Child) -> Profile:
    """The child's factors grouped as the matrix groups them, each with its evidence; patterns;
    and the partner records linked to the child."""
    config = matrix_config()
    by_code: dict[str, FactorView] = {}
    for row in ChildFactor.objects.filter(child=child).select_related("via_person").order_by("-event_on", "pk"):
        if row.factor not in by_code:
            factor = next((f for f in config.factors if f.code == row.factor), None)
            by_code[row.factor] = FactorView(
                row.factor, factor.title if factor else row.factor, bool(factor and factor.local)
            )
        by_code[row.factor].evidence.append(row)
    order = {f.code: n for n, f in enumerate(config.factors)}
    groups = []
    for group in GROUPS:
        present = [f for f in by_code.values() if any(e.factor_group == group for e in f.evidence)]
        groups.append(GroupView(group, GROUP_TITLES[group], sorted(present, key=lambda f: order.get(f.code, 999))))
    patterns = list(ChildPattern.objects.filter(child=child).order_by("pattern"))
    links = list(PartnerLink.objects.filter(person_id=child.person_id, status="linked").order_by("feed", "person_ref"))
    return Profile(
        groups=groups,
        concerns=[p for p in patterns if p.kind == "concern"],
        protective=[p for p in patterns if p.kind == "protective"],
        links=links,
    )


def code_labels() -> dict[str, dict[str, str]]:
    """Words for the codes the equity report groups by."""
    return {
        "ethnicity": {code: label_for(Ethnicity, code) for code in Ethnicity.values},
        "sex": {code: label_for(Sex, code) for code in Sex.values},
        "all": {},
        "disability": {},
        "area": {},
    }
