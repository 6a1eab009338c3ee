"""Meetings about a child: family network meetings, strategy discussions, conferences, core
groups and reviews, with who took part, what each agency contributed and when it reached the
family, what was decided and why, and the actions that follow.

A meeting `follows` the one that led to it (a conference follows its strategy discussion, a
core group its conference), so the journey through child protection reads as one line and the
timescales can be counted from the right date.

Uploaded documents are kept in the database (`ContributionDocument`), not on disk: Kith has no
media storage configured, and a contribution's document must be kept, audited and backed up
with the rest of the record.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from kith.core.models import User
from kith.journey.codes import CategoryOfAbuse
from kith.meetings.codes import (
    Attendance,
    ConferenceDecision,
    ContributionKind,
    MeetingKind,
    MeetingStatus,
    OwnerKind,
    ParticipantRole,
    Section47Outcome,
    ViewsBrought,
)
from kith.people.models import Child, Person


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def for_child(self, child_id: int) -> MeetingQuerySet:
        return self.filter(child_id=child_id).order_by("-held_on", "-pk")

    def held(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.HELD)

    def planned(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.PLANNED)


class Meeting(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    # The date it is planned for, then the date it was held.
    held_on = models.DateField("Date")
    starts_at = models.TimeField("Start time", null=True, blank=True)
    place = models.CharField("Where", max_length=200, blank=True)
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by")
    summary = models.TextField("What happened", blank=True)

    # Outcome of a section 47 enquiry, as the CIN census's <Section47> block reads it:
    # S47ActualStartDate, InitialCPCtarget, ICPCnotRequired (DateOfInitialCPC is the initial
    # conference that follows the same strategy discussion).
    s47_outcome = models.CharField("Outcome", max_length=30, choices=Section47Outcome.choices, blank=True)
    s47_started_on = models.DateField("Section 47 enquiry started", null=True, blank=True)
    initial_conference_target_on = models.DateField("Initial conference due by", null=True, blank=True)
    initial_conference_not_required = models.BooleanField("Initial conference not required", null=True, blank=True)

    # Conferences: the decision on a child protection plan and the category of abuse.
    cp_decision = models.CharField("Decision", max_length=10, choices=ConferenceDecision.choices, blank=True)
    category_of_abuse = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)

    cancelled_reason = models.TextField("Why it was cancelled", blank=True)
    planned_on = models.DateField("Date it was planned")
    cancelled_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["child", "-held_on"]), models.Index(fields=["kind", "status", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED) | Q(cancelled_on__isnull=False),
                name="meeting_cancelled_has_a_date",
            ),
            models.CheckConstraint(condition=~Q(follows=models.F("pk")), name="meeting_does_not_follow_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.child_id, self.pk])

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class Participant(models.Model):
    """Someone invited to, or taking part in, a meeting: the child, their family and network,
    agencies, the practitioner and the chair."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=120)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    role = models.CharField(max_length=12, choices=ParticipantRole.choices)
    agency = models.CharField("Agency", max_length=120, blank=True)
    is_invited = models.BooleanField("Invited", default=True)
    attendance = models.CharField(max_length=14, choices=Attendance.choices, blank=True)
    # For the child: how their views were brought to the meeting, and why not when they were not sought.
    views_brought = models.CharField(
        "How their views were brought", max_length=16, choices=ViewsBrought.choices, blank=True
    )
    views_not_sought_reason = models.TextField("Why their views were not sought", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["role", "name", "pk"]
        indexes = [models.Index(fields=["meeting", "role"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_child(self) -> bool:
        return self.role == ParticipantRole.CHILD

    @property
    def agency_name(self) -> str:
        """The agency an agency participant speaks for (their own name when none is given)."""
        return self.agency or self.name


class AgencyContributionQuerySet(models.QuerySet["AgencyContribution"]):
    def for_meeting(self, meeting_id: int) -> AgencyContributionQuerySet:
        return self.filter(meeting_id=meeting_id).order_by("agency", "pk")


class AgencyContribution(models.Model):
    """What an agency brought to a meeting, as a document or a structured report, and the day
    it was shared with the family (agencies send their information to the family ahead of a
    conference)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="contributions")
    agency = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=ContributionKind.choices)
    worries = models.TextField("What they are worried about", blank=True)
    working_well = models.TextField("What is working well", blank=True)
    needs_to_happen = models.TextField("What needs to happen", blank=True)
    recommendation = models.TextField("Their recommendation", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    received_on = models.DateField("Date received")
    shared_with_family_on = models.DateField("Date shared with the family", null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = AgencyContributionQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "pk"]
        indexes = [models.Index(fields=["meeting", "agency"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_family_on__isnull=True) | Q(shared_with_family_on__gte=models.F("received_on")),
                name="contribution_shared_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.agency}"

    @property
    def has_document(self) -> bool:
        return bool(self.document_name)


class ContributionDocument(models.Model):
    """The bytes of an uploaded document, apart from the contribution so that pages listing
    contributions never read them."""

    contribution = models.OneToOneField(AgencyContribution, on_delete=models.CASCADE, related_name="document")
    content = models.BinaryField()

    def __str__(self) -> str:
        return f"Document of contribution {self.contribution_id}"


class Decision(models.Model):
    """Something a meeting decided, with the reason for it: every decision is explained."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    what = models.TextField("What was decided")
    rationale = models.TextField("Why")
    made_by = models.CharField("Who made the decision", max_length=120, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=~Q(rationale=""), name="decision_has_a_rationale")]

    def __str__(self) -> str:
        return self.what[:60]


class MeetingAction(models.Model):
    """Something to be done after the meeting, by whom and by when. It goes into the child's
    plan as a plan action (`plan_action_id`); while the child has no open plan it is kept on
    the meeting only, and can be sent to the plan later."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField("What needs to happen")
    owner_kind = models.CharField("Who", max_length=20, choices=OwnerKind.choices)
    owner_name = models.CharField("Their name", max_length=120)
    by_date = models.DateField("By when")
    # Ids in the plans app, kept as plain numbers: the plan is the other app's to change.
    plan_id = models.BigIntegerField(null=True, blank=True)
    plan_action_id = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["by_date", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(owner_name=""), name="meeting_action_has_an_owner")]

    def __str__(self) -> str:
        return f"{self.owner_name}: {self.what[:60]}"

    @property
    def is_in_plan(self) -> bool:
        return self.plan_action_id is not None
