"""Assessments, their mapping, and scaling.

`Assessment` is an early help or child and family assessment; the mapping statements (harm,
danger statements, complicating factors, strengths, existing safety, goals, next steps) are
models of their own keyed to it.

`ScalingScore` is shared by every place a scaling question is asked (an assessment, a plan
review, a meeting, a visit): each person asked gives their own score with their reason, kept
over time, so the child's record can show how each person's view has moved.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from kith.assessments.codes import AssessmentKind, AssessmentStatus
from kith.assessments.rules import EDITABLE
from kith.core.models import User
from kith.people.models import Child, Person


class ScalingWho(models.TextChoices):
    CHILD = "child", "The child"
    PARENT_CARER = "parent_carer", "Parent or carer"
    NETWORK = "network", "Someone in the family's network"
    PRACTITIONER = "practitioner", "The practitioner"
    AGENCY = "agency", "An agency"
    OTHER = "other", "Someone else"


class ScalingContext(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    PLAN_REVIEW = "plan_review", "Plan review"
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"


class ScalingScoreQuerySet(models.QuerySet["ScalingScore"]):
    def for_child(self, child: Child) -> ScalingScoreQuerySet:
        return self.filter(child=child).select_related("person").order_by("asked_on", "pk")


class ScalingScore(models.Model):
    """One person's answer to a scaling question (0 to 10) on one day, with their reason."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="scaling_scores")
    asked_on = models.DateField()
    question = models.CharField(max_length=200, default="safety")
    who = models.CharField(max_length=12, choices=ScalingWho.choices)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("Who (name or agency)", max_length=120)
    score = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    context = models.CharField(max_length=11, choices=ScalingContext.choices)
    context_id = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = ScalingScoreQuerySet.as_manager()

    class Meta:
        ordering = ["asked_on", "pk"]
        indexes = [models.Index(fields=["child", "asked_on"]), models.Index(fields=["context", "context_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=10), name="scaling_is_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.score} on {self.asked_on}"


# --- Assessments -------------------------------------------------------------------------------


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def for_child(self, child: Child) -> AssessmentQuerySet:
        return self.filter(child=child).order_by("-starts_on", "-pk")

    def authorised(self) -> AssessmentQuerySet:
        return self.filter(status=AssessmentStatus.AUTHORISED)

    def open(self) -> AssessmentQuerySet:
        """Assessments not yet authorised: in progress, waiting for a decision or returned."""
        return self.exclude(status=AssessmentStatus.AUTHORISED)


class Assessment(models.Model):
    """An early help assessment or a child and family assessment.

    It holds the three domains of the Assessment Framework, the DfE's assessment factors for the
    CIN census, the mapping (harm, danger statements, complicating factors, strengths, existing
    safety, goals and next steps, each its own model below), the practitioner's analysis,
    decision and recommendation, and a manager's authorisation with its rationale. `version`
    goes up on every change to the assessment or its mapping, so that a manager authorises what
    they read and two people's changes never overwrite each other.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=16, choices=AssessmentKind.choices)
    episode = models.ForeignKey(
        "journey.Episode", on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    # The referral date for a child and family assessment; the start of early help otherwise.
    starts_on = models.DateField("Start date")
    due_on = models.DateField("Due date")
    # The day the practitioner completed it (entered when submitting; cleared if it is returned).
    completed_on = models.DateField("Date completed", null=True, blank=True)
    status = models.CharField(max_length=11, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS)
    child_development = models.TextField("The child's developmental needs", blank=True)
    parenting_capacity = models.TextField("Parenting capacity", blank=True)
    family_environment = models.TextField("Family and environmental factors", blank=True)
    # DfE assessment factor codes (see codes.AssessmentFactor), in the order of the code list.
    factors = models.JSONField("Factors identified at assessment", default=list, blank=True)
    analysis = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    authorised_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_on = models.DateField("Date authorised", null=True, blank=True)
    authorisation_rationale = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["child", "-starts_on"]), models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("starts_on")),
                name="assessment_completed_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=F("starts_on")), name="assessment_due_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.child_id, self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class StatusChange(models.Model):
    """One step of an assessment's sign-off: submitted, authorised or returned, with the
    rationale a manager gave. Kept for every step, so a returned and resubmitted assessment
    shows its whole history (and each step is a line in the chronology)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=11, choices=AssessmentStatus.choices)
    rationale = models.TextField(blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    # The day in the council's time zone, for the chronology (a timestamp's date depends on the zone).
    changed_on = models.DateField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.changed_on}"


# --- The mapping ----------------------------------------------------------------------------------


class MappingQuerySet(models.QuerySet[Any]):
    def current(self) -> MappingQuerySet:
        return self.filter(removed_at__isnull=True)


class MappingStatement(models.Model):
    """What every mapping statement has: its assessment, who wrote it and when. A statement
    taken off the mapping is marked removed, never deleted: nothing recorded is lost."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    removed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = MappingQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class HarmStatement(MappingStatement):
    """What has happened to the child: the harm, when, and its impact."""

    text = models.TextField("What has happened")

    def __str__(self) -> str:
        return self.text


class DangerStatement(MappingStatement):
    """What could happen if nothing changes: who is worried, about what, and what it would
    mean for the child."""

    who_is_worried = models.CharField("Who is worried", max_length=200)
    worry = models.TextField("What they are worried about")
    impact = models.TextField("What it would mean for the child if nothing changes")

    def __str__(self) -> str:
        return f"{self.who_is_worried} are worried that {self.worry}"


class ComplicatingFactor(MappingStatement):
    text = models.TextField("What makes things harder")

    def __str__(self) -> str:
        return self.text


class Strength(MappingStatement):
    text = models.TextField("What is working well")

    def __str__(self) -> str:
        return self.text


class ExistingSafety(MappingStatement):
    text = models.TextField("What is already keeping the child safe")

    class Meta(MappingStatement.Meta):
        verbose_name_plural = "existing safety"

    def __str__(self) -> str:
        return self.text


class SafetyGoal(MappingStatement):
    """What everyone needs to see for a danger statement's worry to be gone: always paired
    with its danger statement."""

    danger = models.ForeignKey(DangerStatement, on_delete=models.PROTECT, related_name="goals")
    text = models.TextField("What we need to see")

    def __str__(self) -> str:
        return self.text


class NextStep(MappingStatement):
    """What needs to happen next, who will do it and by when."""

    what = models.TextField("What needs to happen")
    owner = models.CharField("Who will do it", max_length=200)
    due_on = models.DateField("By when")
    done_on = models.DateField("Done on", null=True, blank=True)

    class Meta(MappingStatement.Meta):
        constraints = [models.CheckConstraint(condition=~Q(owner=""), name="next_step_has_an_owner")]

    def __str__(self) -> str:
        return f"{self.what} ({self.owner}, by {self.due_on})"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
