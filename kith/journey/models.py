"""Episodes across the continuum, allocation history, visits and direct work."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kith.core.models import Team, User, period_in_order
from kith.journey.codes import (
    CategoryOfAbuse,
    ChildSeen,
    ClosureReason,
    LegalStatus,
    PlacementType,
    PrimaryNeed,
    ReferralSource,
    Stage,
    VisitPlace,
)
from kith.people.models import Child


class EpisodeQuerySet(models.QuerySet["Episode"]):
    def open(self) -> EpisodeQuerySet:
        return self.filter(ends_on__isnull=True)


class Episode(models.Model):
    """One stage of the child's journey, from `starts_on` until `ends_on` (empty while open).
    `follows` links the stage change that led here, so the journey reads as one line."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="episodes")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True)
    follows = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices, blank=True)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    category_of_abuse = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    summary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["child", "ends_on"])]
        constraints = [period_in_order("episode_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} from {self.starts_on:%d %b %Y}"


class LegalStatusPeriod(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="legal_statuses")
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            period_in_order("legal_status_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status} from {self.starts_on}"


class Placement(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="placements")
    placement_type = models.CharField(max_length=2, choices=PlacementType.choices)
    postcode = models.CharField(max_length=8, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            period_in_order("placement_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_type} from {self.starts_on}"


class AllocationQuerySet(models.QuerySet["Allocation"]):
    def current(self) -> AllocationQuerySet:
        return self.filter(ends_on__isnull=True)


class Allocation(models.Model):
    """Who led the work with a child, and when. One open allocation per child at a time."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allocations")
    practitioner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            period_in_order("allocation_ends_after_it_starts"),
            models.UniqueConstraint(fields=["child"], condition=Q(ends_on__isnull=True), name="one_open_allocation"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} for {self.child_id} from {self.starts_on}"


class Visit(models.Model):
    """A visit or piece of direct work: what was seen, heard, smelled and felt, and the child's
    own words, kept apart from the practitioner's analysis."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("Date of visit")
    place = models.CharField(max_length=12, choices=VisitPlace.choices, default=VisitPlace.HOME)
    who_was_present = models.TextField("Who was present", blank=True)
    child_seen = models.CharField(max_length=12, choices=ChildSeen.choices)
    not_seen_reason = models.TextField("Why the child was not seen", blank=True)
    what_i_saw = models.TextField("What you saw", blank=True)
    what_i_heard = models.TextField("What you heard", blank=True)
    what_i_smelled = models.TextField("What you smelled", blank=True)
    what_i_felt = models.TextField("What you felt", blank=True)
    child_words = models.TextField("The child's own words", blank=True)
    analysis = models.TextField("Your analysis", blank=True)
    next_steps = models.TextField("Next steps", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_on", "-recorded_at"]
        indexes = [models.Index(fields=["child", "-visited_on"])]

    def __str__(self) -> str:
        return f"Visit to {self.child_id} on {self.visited_on}"
