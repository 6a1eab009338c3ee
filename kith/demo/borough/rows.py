"""The rows the borough is made of, and the chunk that carries them to the writer.

Rows are plain dataclasses whose field names are the models' attribute names, so the writer can
build model instances from them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any


@dataclass
class PersonRow:
    id: int
    legal_given_name: str
    legal_family_name: str
    preferred_name: str
    other_names: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    date_of_death: date | None
    sex: str
    gender: str
    ethnicity: str
    first_language: str
    needs_interpreter: bool
    disabilities: list[str]
    nhs_number: str
    upn: str
    search_name: str
    search_phonetic: str
    version: int
    updated_at: datetime
    date_of_birth_accuracy: str = "exact"
    date_of_death_accuracy: str = "exact"
    is_deceased: bool = False


@dataclass
class ChildRow:
    id: int
    person_id: int
    team_id: int | None
    lead_practitioner_id: int | None
    is_open: bool
    current_stage: str
    is_restricted: bool
    la_child_id: str
    created_at: datetime


@dataclass
class RelationshipRow:
    id: int
    from_person_id: int
    to_person_id: int
    kind: str
    nature: str
    has_parental_responsibility: bool
    is_trusted_adult: bool
    starts_on: date | None
    ends_on: date | None
    starts_on_accuracy: str = "exact"
    ends_on_accuracy: str = "exact"
    partnership_status: str = ""
    twin: str = ""
    emotional_tie: str = ""
    tie_direction: str = "both"
    version: int = 1


@dataclass
class HouseholdRow:
    id: int
    name: str


@dataclass
class HouseholdMemberRow:
    id: int
    household_id: int
    person_id: int
    starts_on: date
    ends_on: date | None


@dataclass
class AddressRow:
    id: int
    person_id: int
    line_1: str
    line_2: str
    town: str
    postcode: str
    starts_on: date
    ends_on: date | None


@dataclass
class ConnectionRow:
    id: int
    child_id: int
    kind: str
    name: str
    person_id: int | None
    detail: str
    strength: str
    support_flow: str
    starts_on: date | None
    ends_on: date | None
    version: int = 1


@dataclass
class NetworkMemberRow:
    id: int
    child_id: int
    person_id: int | None
    description: str
    role: str
    part: str
    status: str
    is_lifelong_connection: bool
    phone: str
    email: str
    contact_notes: str
    asked_on: date | None
    starts_on: date
    ends_on: date | None
    version: int = 1


@dataclass
class GenogramReviewRow:
    id: int
    child_id: int
    reviewed_on: date
    reviewed_by_id: int
    mothers_side_explored: bool
    fathers_side_explored: bool
    no_siblings: bool
    note: str
    created_at: datetime


@dataclass
class EpisodeRow:
    id: int
    child_id: int
    stage: str
    starts_on: date
    ends_on: date | None
    follows_id: int | None
    referral_source: str
    primary_need: str
    closure_reason: str
    category_of_abuse: str
    summary: str
    version: int


@dataclass
class LegalStatusPeriodRow:
    id: int
    episode_id: int
    legal_status: str
    starts_on: date
    ends_on: date | None


@dataclass
class PlacementRow:
    id: int
    episode_id: int
    placement_type: str
    postcode: str
    starts_on: date
    ends_on: date | None


@dataclass
class AllocationRow:
    id: int
    child_id: int
    practitioner_id: int
    team_id: int
    starts_on: date
    ends_on: date | None


@dataclass
class VisitRow:
    id: int
    child_id: int
    visited_on: date
    place: str
    who_was_present: str
    child_seen: str
    not_seen_reason: str
    what_i_saw: str
    what_i_heard: str
    what_i_smelled: str
    what_i_felt: str
    child_words: str
    analysis: str
    next_steps: str
    recorded_by_id: int
    recorded_at: datetime


@dataclass
class RestrictedAccessRow:
    id: int
    child_id: int
    user_id: int


@dataclass
class TeamRow:
    id: int
    name: str
    service_id: int


@dataclass
class UserRow:
    id: int
    username: str
    first_name: str
    last_name: str
    role: str
    team_id: int | None
    job_title: str


# --- Practice: assessments, plans, meetings, explanations, oversight and supervision ------------


@dataclass
class AssessmentRow:
    id: int
    child_id: int
    kind: str
    episode_id: int | None
    starts_on: date
    due_on: date
    completed_on: date | None
    status: str
    factors: list[str]
    analysis: str
    decision: str
    authorised_by_id: int | None
    authorised_at: datetime | None
    authorised_on: date | None
    authorisation_rationale: str
    created_by_id: int
    created_at: datetime
    version: int = 1
    child_development: str = ""
    parenting_capacity: str = ""
    family_environment: str = ""
    recommendation: str = ""


@dataclass
class StatusChangeRow:
    id: int
    assessment_id: int
    status: str
    rationale: str
    by_id: int
    changed_at: datetime
    changed_on: date


@dataclass
class PlanRow:
    id: int
    child_id: int
    kind: str
    category_of_abuse: str
    starts_on: date
    ends_on: date | None
    end_reason: str
    next_review_on: date | None
    started_by_id: int
    created_at: datetime
    version: int = 1


@dataclass
class PlanVersionRow:
    id: int
    plan_id: int
    number: int
    kind: str
    snapshot: dict[str, Any]
    what_changed: str
    changed_by_id: int
    changed_at: datetime
    changed_on: date


@dataclass
class PlanGoalRow:
    id: int
    plan_id: int
    words: str
    whose_words: str
    status: str


@dataclass
class PlanActionRow:
    id: int
    plan_id: int
    goal_id: int | None
    what: str
    owner_kind: str
    owner_name: str
    by_date: date
    status: str
    done_on: date | None
    source: str
    created_at: datetime


@dataclass
class PlanReviewRow:
    id: int
    plan_id: int
    held_on: date
    next_review_on: date
    summary: str
    recorded_by_id: int
    recorded_at: datetime


@dataclass
class MeetingRow:
    id: int
    child_id: int
    kind: str
    status: str
    held_on: date
    follows_id: int | None
    summary: str
    s47_outcome: str
    cp_decision: str
    category_of_abuse: str
    planned_on: date
    recorded_by_id: int
    created_at: datetime
    updated_at: datetime
    version: int = 1
    place: str = ""
    cancelled_reason: str = ""


@dataclass
class ContributionRow:
    id: int
    meeting_id: int
    agency: str
    kind: str
    worries: str
    working_well: str
    needs_to_happen: str
    recommendation: str
    received_on: date
    shared_with_family_on: date | None
    recorded_by_id: int
    recorded_at: datetime
    version: int = 1
    document_name: str = ""
    document_type: str = ""
    document_size: int = 0


@dataclass
class ExplanationRow:
    id: int
    child_id: int
    audience: str
    age_band: str
    source_kind: str
    source_id: int
    title: str
    sections: list[dict[str, str]]
    status: str
    given_on: date | None
    given_how: str
    created_by_id: int
    created_at: datetime
    version: int = 1
    is_released_to_child: bool = False


@dataclass
class OversightRow:
    id: int
    child_id: int
    recorded_on: date
    decision: str
    rationale: str
    recorded_by_id: int
    recorded_at: datetime


@dataclass
class SupervisionRow:
    id: int
    child_id: int
    held_on: date
    practitioner_id: int
    supervisor_id: int
    reflection: str
    analysis: str
    recorded_at: datetime


# --- What the SSDA903 return needs (kith.returns' models) ---------------------------------------


@dataclass
class CareEpisodeDetailRow:
    id: int
    episode_id: int
    starts_on: date
    reason_new_episode: str
    place_provider: str
    reason_place_change: str
    home_postcode: str
    urn: str


@dataclass
class CareEndingRow:
    id: int
    episode_id: int
    reason: str


@dataclass
class HealthOutcomeRow:
    id: int
    child_id: int
    collection_year: int
    sdq_score: int | None
    sdq_reason: str
    convicted: bool | None
    health_check: bool | None
    immunisations: bool | None
    teeth_check: bool | None
    health_assessment: bool | None
    substance_misuse: bool | None
    intervention_received: bool | None
    intervention_offered: bool | None


@dataclass
class PlacedForAdoptionRow:
    id: int
    child_id: int
    decided_on: date
    ceased_on: date | None
    reason_ceased: str


@dataclass
class PreviousPermanenceRow:
    id: int
    child_id: int
    kind: str
    local_authority: str
    on: str


def row_values(row: Any) -> dict[str, Any]:
    """A row's fields as keyword arguments for its model."""
    return dict(vars(row))


# Tables in the order they are written; the generator numbers rows in each from a given start.
TABLES: tuple[str, ...] = (
    "team",
    "user",
    "person",
    "child",
    "household",
    "member",
    "address",
    "relationship",
    "episode",
    "legal_status",
    "placement",
    "allocation",
    "visit",
    "restricted",
    "connection",
    "network_member",
    "genogram_review",
    "assessment",
    "status_change",
    "plan",
    "plan_version",
    "plan_goal",
    "plan_action",
    "plan_review",
    "meeting",
    "contribution",
    "explanation",
    "oversight",
    "supervision",
    "care_detail",
    "care_ending",
    "health_outcome",
    "previous_permanence",
    "placed_for_adoption",
)


@dataclass
class Chunk:
    """Rows for a batch of families, written together in one transaction."""

    persons: list[PersonRow] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    members: list[HouseholdMemberRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)
    episodes: list[EpisodeRow] = field(default_factory=list)
    legal_statuses: list[LegalStatusPeriodRow] = field(default_factory=list)
    placements: list[PlacementRow] = field(default_factory=list)
    allocations: list[AllocationRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    restricted: list[RestrictedAccessRow] = field(default_factory=list)
    connections: list[ConnectionRow] = field(default_factory=list)
    network_members: list[NetworkMemberRow] = field(default_factory=list)
    genogram_reviews: list[GenogramReviewRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    status_changes: list[StatusChangeRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    plan_versions: list[PlanVersionRow] = field(default_factory=list)
    plan_goals: list[PlanGoalRow] = field(default_factory=list)
    plan_actions: list[PlanActionRow] = field(default_factory=list)
    plan_reviews: list[PlanReviewRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    contributions: list[ContributionRow] = field(default_factory=list)
    explanations: list[ExplanationRow] = field(default_factory=list)
    oversight: list[OversightRow] = field(default_factory=list)
    supervision: list[SupervisionRow] = field(default_factory=list)
    care_details: list[CareEpisodeDetailRow] = field(default_factory=list)
    care_endings: list[CareEndingRow] = field(default_factory=list)
    health_outcomes: list[HealthOutcomeRow] = field(default_factory=list)
    previous_permanences: list[PreviousPermanenceRow] = field(default_factory=list)
    placed_for_adoption: list[PlacedForAdoptionRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}
