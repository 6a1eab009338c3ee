"""Runs of the statutory returns, their files and validation issues, import outcomes, and what
Kith records only for the SSDA903 return.

A `ReturnRun` is one export, validation or import, worked in the background: it carries its
progress for the page, a summary when done, its files (`ReturnFile`, kept apart so that lists
never read the bytes), the issues the DfE's validator found (`ValidationIssue`) and, for an
import, what happened to each row (`ImportRecord`).

The SSDA903 models below hold what the rest of Kith does not model yet: the episode details the
903 needs (reason for a new episode, placement provider, reason for a change of placement, home
postcode, Ofsted URN, reason care ended), missing episodes, UASC, the OC2 and OC3 outcomes,
adoption (AD1 and placed for adoption), previous permanence and reviews of looked-after children.
Each is linked to the child (and the looked-after episode where it belongs).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from kith.core.models import User, period_in_order
from kith.journey.models import Episode
from kith.people.models import Child
from kith.returns.codes import (
    ImportOutcome,
    InTouch,
    IssueKind,
    MissingKind,
    PlacedCeasedReason,
    PlacementProvider,
    PreviousPermanenceKind,
    ReasonCeased,
    ReasonNewEpisode,
    ReviewParticipation,
    RunKind,
    RunStatus,
)

# --- Runs -----------------------------------------------------------------------------------------


class ReturnRun(models.Model):
    kind = models.CharField(max_length=12, choices=RunKind.choices)
    # The year the collection ends in: 2027 for 2026-27 (1 April 2026 to 31 March 2027).
    collection_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Annex A's chosen period.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    stage = models.CharField("What it is doing", max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("returns:run", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def year_label(self) -> str:
        if not self.collection_year:
            return ""
        return f"{self.collection_year - 1} to {self.collection_year}"


class ReturnFile(models.Model):
    """A file a run made or was given: the bytes live here, apart from the run."""

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    is_upload = models.BooleanField(default=False)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="one_return_file_per_name")]

    def __str__(self) -> str:
        return self.name


class ValidationIssue(models.Model):
    """One place the DfE's rules found a fault (or could not run)."""

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="issues")
    kind = models.CharField(max_length=13, choices=IssueKind.choices)
    rule_code = models.CharField(max_length=20)
    message = models.TextField()
    la_child_id = models.CharField(max_length=40, blank=True)
    child = models.ForeignKey(Child, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    table = models.CharField(max_length=40, blank=True)
    columns = models.CharField(max_length=200, blank=True)
    row = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "rule_code", "la_child_id", "pk"]
        indexes = [models.Index(fields=["run", "kind", "rule_code"])]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.la_child_id}"


class ImportRecord(models.Model):
    """What happened to one child, or one part of a child's history, in an import."""

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="import_records")
    outcome = models.CharField(max_length=9, choices=ImportOutcome.choices)
    la_child_id = models.CharField(max_length=40, blank=True)
    child = models.ForeignKey(Child, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    what = models.CharField(max_length=60)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["run", "outcome"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.what} {self.la_child_id}"


# --- What the SSDA903 needs that the rest of Kith does not record -------------------------------


class ChildReturnDetail(models.Model):
    """Identifiers the returns carry that the person record does not: why there is no UPN, and a
    former UPN."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="return_detail")
    upn_unknown = models.CharField("Why there is no UPN", max_length=3, blank=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    # Child protection plans before the child's records came to Kith (from the last census the
    # council sent), counted into NumberOfPreviousCPP.
    earlier_cp_plans = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Return details of {self.child_id}"


class CareEpisodeDetail(models.Model):
    """The SSDA903 details of one row of a looked-after episode, starting on `starts_on` (a change
    of legal status or placement starts a new row)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="care_details")
    starts_on = models.DateField()
    reason_new_episode = models.CharField(max_length=1, choices=ReasonNewEpisode.choices, blank=True)
    place_provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "starts_on"], name="one_care_detail_per_start")]

    def __str__(self) -> str:
        return f"Care details from {self.starts_on}"


class CareEnding(models.Model):
    """Why a period of being looked after ended (SSDA903 REC)."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="care_ending")
    reason = models.CharField(max_length=3, choices=ReasonCeased.choices)

    def __str__(self) -> str:
        return self.reason


class MissingEpisode(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            period_in_order("missing_ends_after_it_starts"),
            models.UniqueConstraint(fields=["child", "kind", "starts_on"], name="one_missing_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on}"


class UascPeriod(models.Model):
    """The child is (or was) an unaccompanied asylum-seeking child; `ceased_on` is the date that
    ended (SSDA903 DUC), empty while it lasts."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="uasc")
    ceased_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"UASC {self.child_id}"


class HealthOutcome(models.Model):
    """OC2: outcomes for a child looked after for at least 12 months at 31 March."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_outcomes")
    collection_year = models.PositiveSmallIntegerField()
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sdq_reason = models.CharField(max_length=4, blank=True)
    convicted = models.BooleanField(null=True)
    health_check = models.BooleanField(null=True)
    immunisations = models.BooleanField(null=True)
    teeth_check = models.BooleanField(null=True)
    health_assessment = models.BooleanField(null=True)
    substance_misuse = models.BooleanField(null=True)
    intervention_received = models.BooleanField(null=True)
    intervention_offered = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "collection_year"], name="one_oc2_per_year")]

    def __str__(self) -> str:
        return f"OC2 {self.collection_year}"


class CareLeaverOutcome(models.Model):
    """OC3: a care leaver's contact, activity and accommodation around their birthday."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_leaver_outcomes")
    collection_year = models.PositiveSmallIntegerField()
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2)
    accommodation = models.CharField(max_length=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "collection_year"], name="one_oc3_per_year")]

    def __str__(self) -> str:
        return f"OC3 {self.collection_year}"


class AdoptionDetails(models.Model):
    """AD1: the decision that the child should be placed for adoption, the match and the adopters."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="adoptions")
    decided_on = models.DateField("Date of the decision to place for adoption")
    matched_on = models.DateField("Date matched with adopters")
    foster_care = models.BooleanField("Adopted by former foster carers")
    number_of_adopters = models.PositiveSmallIntegerField()
    sex_of_adopters = models.CharField(max_length=2)
    legal_status_of_adopters = models.CharField(max_length=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "decided_on"], name="one_ad1_per_decision")]

    def __str__(self) -> str:
        return f"Adoption matched on {self.matched_on}"


class PlacedForAdoption(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placed_for_adoption")
    decided_on = models.DateField("Date of the decision to place for adoption")
    ceased_on = models.DateField("Date the decision was reversed", null=True, blank=True)
    reason_ceased = models.CharField(max_length=3, choices=PlacedCeasedReason.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "decided_on"], name="one_placed_for_adoption_per_decision"),
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | Q(ceased_on__gte=models.F("decided_on")),
                name="placed_for_adoption_ceased_after_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"Placed for adoption from {self.decided_on}"


class PreviousPermanence(models.Model):
    """A permanence order the child had before coming into care. The date may be partly known,
    so it is kept as the return writes it (e.g. "zz/zz/2015")."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="previous_permanence")
    kind = models.CharField(max_length=2, choices=PreviousPermanenceKind.choices)
    local_authority = models.CharField(max_length=10, blank=True)
    on = models.CharField("Date of the order", max_length=10, blank=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class LookedAfterReview(models.Model):
    """A statutory review of a looked-after child, and how the child took part."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="looked_after_reviews")
    held_on = models.DateField()
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["child", "held_on"], name="one_lac_review_per_day")]

    def __str__(self) -> str:
        return f"Review on {self.held_on}"
