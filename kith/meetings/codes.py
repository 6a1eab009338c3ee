"""The vocabulary of meetings: kinds, statuses, outcomes, who takes part and how the child's
views reach the meeting. Labels are the words shown on the page."""

from __future__ import annotations

from django.db import models

# Who will do an action (a family member, someone from the network, an agency, the practitioner):
# the plan's own words, since a meeting's actions go into the child's plan.
from kith.plans.models import OwnerKind


class MeetingKind(models.TextChoices):
    FAMILY_NETWORK = "family_network_meeting", "Family network meeting"
    STRATEGY = "strategy_discussion", "Strategy discussion"
    SECTION_47_OUTCOME = "section_47_outcome", "Outcome of the section 47 enquiry"
    INITIAL_CONFERENCE = "initial_cp_conference", "Initial child protection conference"
    REVIEW_CONFERENCE = "review_cp_conference", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group"
    CIN_REVIEW = "cin_review", "Child in need review"
    LOOKED_AFTER_REVIEW = "looked_after_review", "Looked after review"
    FAMILY_GROUP_CONFERENCE = "family_group_conference", "Family group conference"


# Short names, for sentences ("The conference must be on or after the strategy discussion ...").
SHORT_NAME: dict[str, str] = {
    MeetingKind.FAMILY_NETWORK: "family network meeting",
    MeetingKind.STRATEGY: "strategy discussion",
    MeetingKind.SECTION_47_OUTCOME: "outcome of the section 47 enquiry",
    MeetingKind.INITIAL_CONFERENCE: "initial conference",
    MeetingKind.REVIEW_CONFERENCE: "review conference",
    MeetingKind.CORE_GROUP: "core group",
    MeetingKind.CIN_REVIEW: "child in need review",
    MeetingKind.LOOKED_AFTER_REVIEW: "looked after review",
    MeetingKind.FAMILY_GROUP_CONFERENCE: "family group conference",
}

CONFERENCES = frozenset({MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE})


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Section47Outcome(models.TextChoices):
    """What the section 47 enquiry found (Working Together 2023, 4.3). Only the first leads to
    an initial child protection conference; the others are the CIN census's ICPCnotRequired."""

    CONFERENCE = (
        "conference",
        (
            "Concerns substantiated and the child is judged to be at continuing risk of significant harm: "
            "initial child protection conference"
        ),
    )
    SUBSTANTIATED_NOT_AT_RISK = (
        "substantiated_not_at_risk",
        ("Concerns substantiated but the child is not judged to be at continuing risk of significant harm"),
    )
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    ALREADY_ON_PLAN = "already_on_plan", "The child already has a child protection plan"
    ENDED_EARLY = "ended_early", "The enquiry ended early, for example the family moved to another area"


class ConferenceDecision(models.TextChoices):
    """The conference's decision on a child protection plan. An initial conference decides to
    start one or not; a review conference decides whether it continues."""

    PLAN = "plan", "The child needs a child protection plan"
    NO_PLAN = "no_plan", "No child protection plan is needed"
    CONTINUES = "continues", "The child protection plan continues"
    ENDS = "ends", "The child protection plan ends"


INITIAL_DECISIONS = (ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN)
REVIEW_DECISIONS = (ConferenceDecision.CONTINUES, ConferenceDecision.ENDS)
# Decisions under which the child has a child protection plan after the conference.
PLAN_IN_PLACE = frozenset({ConferenceDecision.PLAN, ConferenceDecision.CONTINUES})


class ParticipantRole(models.TextChoices):
    CHILD = "child", "The child"
    PARENT_CARER = "parent_carer", "Parent or carer"
    NETWORK = "network", "Family network"
    AGENCY = "agency", "Agency"
    PRACTITIONER = "practitioner", "Practitioner"
    CHAIR = "chair", "Chair"
    OTHER = "other", "Someone else"


class Attendance(models.TextChoices):
    YES = "yes", "Attended"
    NO = "no", "Did not attend"
    SENT_APOLOGIES = "sent_apologies", "Sent apologies"


class ViewsBrought(models.TextChoices):
    """How the child's wishes and feelings reached the meeting."""

    IN_PERSON = "in_person", "In person"
    ADVOCATE = "advocate", "With or through an advocate"
    WRITING_DRAWING = "writing_drawing", "In writing or a drawing"
    THROUGH_WORKER = "through_worker", "Through their worker"
    RECORDING = "recording", "A recording"
    NOT_SOUGHT = "not_sought", "Not sought"


class ContributionKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    REPORT = "report", "Structured report"


__all__ = [
    "CONFERENCES",
    "SHORT_NAME",
    "Attendance",
    "ConferenceDecision",
    "ContributionKind",
    "MeetingKind",
    "MeetingStatus",
    "OwnerKind",
    "ParticipantRole",
    "Section47Outcome",
    "ViewsBrought",
]
