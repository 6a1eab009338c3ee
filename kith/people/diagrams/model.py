"""What a genogram or an ecomap says, as plain frozen values.

The drawing code takes these and nothing else: no models, no queries, no Django. That keeps the
layout a pure function of the family (same family in, same picture out), lets the views build
the values from the record in whatever way suits them, and lets property tests throw thousands
of made-up families at the layout without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Sex = Literal["male", "female", "other", "unknown"]


@dataclass(frozen=True)
class GPerson:
    """One person on the genogram; the display texts are already worded for people to read."""

    id: int
    name: str  # display name
    sex: Sex
    born: str = ""  # display text: "1980", "about 1980", "" if not known
    birth_sort: date | None = None  # orders siblings, oldest on the left; unknown dates after known
    died: str = ""  # display text of death date/year ("2019", "about 2019")
    is_deceased: bool = False
    is_subject: bool = False  # the child the record is about: drawn with a double outline
    is_unborn: bool = False  # pregnancy / unborn child: drawn as a triangle
    in_household: bool = False  # inside the current household boundary
    age: int | None = None  # shown under the symbol when known


PartnershipStatus = Literal["married", "cohabiting", "separated", "divorced", "dating"]


@dataclass(frozen=True)
class GPartnership:
    """Two people in a couple relationship, now or in the past."""

    id: str  # stable id, e.g. "rel-12"
    a: int
    b: int
    status: PartnershipStatus
    started: str = ""  # year text: "2004" or "about 2004"
    ended: str = ""  # separation/divorce year text


ChildLinkKind = Literal["biological", "adopted", "fostered", "step"]


@dataclass(frozen=True)
class GChildLink:
    """One parent of one child; a child with two parents has two links."""

    id: str
    child: int
    parent: int
    kind: ChildLinkKind = "biological"


@dataclass(frozen=True)
class GTwins:
    """Two or more siblings born together."""

    id: str
    members: tuple[int, ...]
    identical: bool = False


TieQuality = Literal["close", "distant", "conflicted", "hostile", "cut_off", "abusive"]
TieDirection = Literal["both", "a_to_b", "b_to_a"]


@dataclass(frozen=True)
class GTie:
    """An emotional relationship line; abusive ties point at the person harmed."""

    id: str
    a: int
    b: int
    quality: TieQuality
    direction: TieDirection = "both"


@dataclass(frozen=True)
class Genogram:
    """Everyone to draw and how they are related."""

    people: tuple[GPerson, ...]
    partnerships: tuple[GPartnership, ...] = ()
    child_links: tuple[GChildLink, ...] = ()
    twins: tuple[GTwins, ...] = ()
    ties: tuple[GTie, ...] = ()
    subject_id: int | None = None


# --- ecomap -------------------------------------------------------------------------------------

Strength = Literal["strong", "tenuous", "stressful"]
Flow = Literal["none", "to_centre", "from_centre", "both"]  # the way support flows
EcoKind = Literal[
    "person",
    "family",
    "school",
    "gp",
    "health_visitor",
    "health",
    "youth_club",
    "faith_group",
    "police",
    "social_care",
    "housing",
    "work",
    "friends",
    "other_agency",
    "community_group",
]


@dataclass(frozen=True)
class EcoNode:
    """A person, group or agency in the child's world."""

    id: str
    label: str
    kind: EcoKind
    detail: str = ""  # e.g. "Year 5" or a contact's name


@dataclass(frozen=True)
class EcoTie:
    """How the child (or household) at the centre is connected to one node."""

    id: str
    node: str  # EcoNode.id
    strength: Strength
    flow: Flow = "none"


@dataclass(frozen=True)
class Ecomap:
    """The child or household at the centre and the world around them."""

    centre_label: str
    nodes: tuple[EcoNode, ...] = ()
    ties: tuple[EcoTie, ...] = ()
