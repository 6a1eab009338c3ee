"""What the pipeline hands back, and what people decide about it.

A run's results (links, evidence, patterns, cohort, equity) replace the previous run's in one
transaction: Kith keeps the latest picture, with the run it came from. What people decide -
confirming or rejecting a suggested link, naming an early help lead - is kept across runs, and
every run keeps to it.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from kith.core.models import User
from kith.intelligence.feeds import FEEDS_BY_NAME
from kith.partnership.rules import weight_words
from kith.people.models import Child, Person


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class LinkStatus(models.TextChoices):
    LINKED = "linked", "Linked"
    REVIEW = "review", "To review"


class MatchKey(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number"
    PROBABILISTIC = "probabilistic", "Names, date of birth and address"
    CONFIRMED = "confirmed", "Confirmed by a practitioner"
    UNCERTAIN = "uncertain", "Uncertain"


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: the same person"
    REJECTED = "rejected", "Rejected: not the same person"


class EarlyHelpLead(models.Model):
    """Someone named to see cohorts for early help conversations (as analysts can)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="early_help_lead")
    named_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    named_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} (early help lead)"


class IntelligenceRun(models.Model):
    """One run of the pipeline, with its progress while it runs and its counts when done."""

    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    engine = models.CharField(max_length=8, default="duckdb")
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    today = models.DateField(help_text="The day the run counted look-back and retention from")
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=5)
    stage = models.CharField(max_length=60, blank=True)
    message = models.CharField(max_length=300, blank=True)
    stage_seconds = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"Run {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("partnership:run", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class FeedLoad(models.Model):
    """What happened to one partner file: loaded (with counts), rejected (with the reason) or
    already loaded. Quarantined rows stay in the pipeline's store; their reasons are counted here."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="loads")
    feed = models.CharField(max_length=40, blank=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    loaded_on = models.DateField()
    status = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    rows_in_file = models.PositiveIntegerField(default=0)
    rows_added = models.PositiveIntegerField(default=0)
    rows_replaced = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_quarantined = models.PositiveIntegerField(default=0)
    rows_past_retention = models.PositiveIntegerField(default=0)
    quarantine_reasons = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class RetentionRemoval(models.Model):
    """Rows a run removed because they passed their feed's retention period."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    feed = models.CharField(max_length=40)
    removed_on = models.DateField()
    cutoff = models.DateField()
    rows_removed = models.PositiveIntegerField()
    quarantined_rows_removed = models.PositiveIntegerField()

    class Meta:
        ordering = ["-removed_on", "feed"]

    def __str__(self) -> str:
        return f"{self.feed}: {self.rows_removed} rows before {self.cutoff}"


class PartnerLinkQuerySet(models.QuerySet["PartnerLink"]):
    def to_review(self) -> PartnerLinkQuerySet:
        return self.filter(status=LinkStatus.REVIEW)


class PartnerLink(models.Model):
    """A partner's record of a person linked to (or suggested for) someone in Kith, with the
    match weight and the comparisons that produced it."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="+")
    feed = models.CharField(max_length=40)
    person_ref = models.CharField("Partner's reference", max_length=60)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="partner_links")
    status = models.CharField(max_length=8, choices=LinkStatus.choices)
    match_key = models.CharField(max_length=16, choices=MatchKey.choices)
    match_weight = models.FloatField(null=True, blank=True)
    match_probability = models.FloatField(null=True, blank=True)
    comparisons = models.TextField(blank=True)  # "title|level|weight" lines
    rank = models.PositiveSmallIntegerField(default=0)
    subject_given_name = models.CharField(max_length=200, blank=True)
    subject_family_name = models.CharField(max_length=200, blank=True)
    subject_date_of_birth = models.DateField(null=True, blank=True)
    subject_postcode = models.CharField(max_length=10, blank=True)
    subject_rows = models.PositiveIntegerField(default=0)

    objects = PartnerLinkQuerySet.as_manager()

    class Meta:
        ordering = ["feed", "person_ref", "rank"]
        indexes = [
            models.Index(fields=["status", "feed", "person_ref"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.feed} {self.person_ref} → person {self.person_id} ({self.status})"

    @property
    def feed_title(self) -> str:
        feed = FEEDS_BY_NAME.get(self.feed)
        return feed.title if feed else self.feed

    @property
    def odds(self) -> str:
        return weight_words(self.match_weight)

    @property
    def comparison_rows(self) -> list[tuple[str, str, str]]:
        """(comparison, what was found, weight) for each comparison, weight signed."""
        rows = []
        for line in self.comparisons.splitlines():
            title, _, rest = line.partition("|")
            level, _, weight = rest.partition("|")
            try:
                shown = f"{float(weight):+.1f}"
            except ValueError:
                shown = ""
            rows.append((title, level, shown))
        return rows


class LinkDecision(models.Model):
    """A practitioner's decision on a suggested link. Kept across runs: a confirmed link stands
    and a rejected one is never made again."""

    feed = models.CharField(max_length=40)
    person_ref = models.CharField(max_length=60)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=9, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["feed", "person_ref", "person"], name="one_decision_per_pair")]

    def __str__(self) -> str:
        return f"{self.feed} {self.person_ref} / person {self.person_id}: {self.decision}"


class ChildFactor(models.Model):
    """One record that shows a factor of the matrix for a child: the provenance of a cell."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="partnership_factors")
    factor = models.CharField(max_length=40)
    factor_group = models.CharField(max_length=16)
    agency = models.CharField(max_length=120)
    source = models.CharField(max_length=40)
    record_ref = models.CharField(max_length=120)
    event_on = models.DateField(null=True, blank=True)
    words = models.TextField()
    via_person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    via = models.CharField(max_length=20, blank=True)
    person_ref = models.CharField(max_length=60, blank=True)
    match_key = models.CharField(max_length=16, blank=True)
    match_weight = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["factor_group", "factor", "-event_on"]
        indexes = [models.Index(fields=["child", "factor_group"])]

    def __str__(self) -> str:
        return f"{self.factor} for child {self.child_id} ({self.agency})"


class ChildPattern(models.Model):
    """A pattern a child's factors show, in words."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="partnership_patterns")
    pattern = models.CharField(max_length=40)
    kind = models.CharField(max_length=10)  # concern | protective
    words = models.CharField(max_length=300)
    cohort = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "pattern"]
        indexes = [models.Index(fields=["child", "kind"])]

    def __str__(self) -> str:
        return f"{self.pattern} for child {self.child_id}"


class CohortEntry(models.Model):
    """A child to offer an early help conversation to, and why."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    locality = models.CharField(max_length=40)
    family_hub = models.CharField(max_length=120)
    school = models.CharField(max_length=200)
    patterns = models.TextField()
    explanation = models.TextField()

    class Meta:
        ordering = ["family_hub", "locality", "child_id"]
        indexes = [
            models.Index(fields=["family_hub", "locality"]),
            models.Index(fields=["locality"]),
            models.Index(fields=["school"]),
        ]

    def __str__(self) -> str:
        return f"Child {self.child_id} in {self.family_hub}"


class EquityRow(models.Model):
    """How many children there are in a group, and how many of them a cohort lists."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=12)
    grouping = models.CharField(max_length=60)
    population = models.PositiveIntegerField()
    listed = models.PositiveIntegerField()

    class Meta:
        ordering = ["dimension", "grouping"]

    def __str__(self) -> str:
        return f"{self.dimension} {self.grouping}: {self.listed}/{self.population}"
