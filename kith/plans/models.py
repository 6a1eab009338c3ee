"""Plans: one current plan per child, its goals, actions, safety plan, versions and reviews.

One worker, one plan: a child has at most one open plan at a time (the database refuses a
second), of one kind (early help, child in need, child protection, care plan or pathway plan).
Goals are written in the family's own words and say whose words they are; actions say who
(a family member, someone from the network, an agency or the practitioner), what and by when.
A safety plan sets out the rules, who in the network does what, what would show it is not
working and what happens then.

Nothing is lost: every change to a plan writes a `PlanVersion` with a snapshot of the whole plan
in the same transaction, so any earlier version can be shown as it was.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from kith.core.models import User, period_in_order
from kith.journey.codes import CategoryOfAbuse
from kith.people.models import Child, NetworkMember, Person


class PlanKind(models.TextChoices):
    EARLY_HELP = "early_help", "Early help plan"
    CHILD_IN_NEED = "child_in_need", "Child in need plan"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    CARE_PLAN = "care_plan", "Care plan"
    PATHWAY_PLAN = "pathway_plan", "Pathway plan"


class GoalStatus(models.TextChoices):
    WORKING = "working", "Working towards it"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    NOT_NEEDED = "not_needed", "No longer needed"


class OwnerKind(models.TextChoices):
    FAMILY_MEMBER = "family_member", "Someone in the family"
    NETWORK_MEMBER = "network_member", "Someone in the family's network"
    AGENCY = "agency", "An agency"
    PRACTITIONER = "practitioner", "The practitioner"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


# Actions still to do, as against those finished one way or the other.
OPEN_ACTION_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})


class VersionKind(models.TextChoices):
    """What kind of change made a version: the chronology shows each kind its own way."""

    STARTED = "started", "Plan started"
    CHANGED = "changed", "Plan changed"
    ACTION_DONE = "action_done", "Action done"
    REVIEW = "review", "Plan reviewed"
    CLOSED = "closed", "Plan closed"


class AttendeeRole(models.TextChoices):
    CHILD = "child", "The child"
    PARENT_CARER = "parent_carer", "Parent or carer"
    NETWORK = "network", "Someone from the family's network"
    AGENCY = "agency", "An agency"
    PRACTITIONER = "practitioner", "Practitioner"
    CHAIR = "chair", "Chair"


class PlanQuerySet(models.QuerySet["Plan"]):
    def open(self) -> PlanQuerySet:
        return self.filter(ends_on__isnull=True)

    def for_child(self, child: Child) -> PlanQuerySet:
        return self.filter(child=child).order_by("-starts_on", "-pk")

    def current_for(self, child: Child) -> Plan | None:
        """The child's open plan, or None: there is never more than one."""
        return self.open().filter(child=child).first()


class Plan(models.Model):
    """The child's plan, of one kind, from `starts_on` until `ends_on` (empty while open)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=16, choices=PlanKind.choices)
    category_of_abuse = models.CharField("Category of abuse", max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True)
    end_reason = models.TextField("Why the plan ended", blank=True)
    next_review_on = models.DateField("Next review", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["child", "ends_on"])]
        constraints = [
            period_in_order("plan_ends_after_it_starts"),
            models.UniqueConstraint(
                fields=["child"], condition=Q(ends_on__isnull=True), name="one_open_plan_per_child"
            ),
            # A child protection plan names its category of abuse (the CIN census needs it);
            # other plans have none.
            models.CheckConstraint(
                condition=(Q(kind=PlanKind.CHILD_PROTECTION) & ~Q(category_of_abuse=""))
                | (~Q(kind=PlanKind.CHILD_PROTECTION) & Q(category_of_abuse="")),
                name="plan_category_only_for_child_protection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.child_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.ends_on is None


def current_plan(child: Child) -> Plan | None:
    """The child's open plan, if they have one. For other apps (meetings put their decisions'
    actions into it)."""
    return Plan.objects.current_for(child)


class PlanGoal(models.Model):
    """What the family wants to be different, in their own words, and whose words they are."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    words = models.TextField("The goal, in the family's own words")
    whose_words = models.CharField("Whose words", max_length=120)
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.WORKING)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words


class PlanAction(models.Model):
    """Who will do what, by when. `source_meeting_id` is set when a meeting's decision made it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(PlanGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    what = models.TextField("What will be done")
    owner_kind = models.CharField("Who", max_length=14, choices=OwnerKind.choices)
    owner_name = models.CharField("Who will do it", max_length=120)
    owner_person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by_date = models.DateField("To be done by")
    status = models.CharField(max_length=11, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True)
    source = models.CharField("Where it came from", max_length=200, blank=True)
    source_meeting_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["by_date", "pk"]
        indexes = [models.Index(fields=["source_meeting_id"])]
        constraints = [
            models.CheckConstraint(condition=~Q(owner_name=""), name="plan_action_has_an_owner"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(status=ActionStatus.DONE), name="plan_action_done_on_when_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_name}: {self.what}"


class SafetyRule(models.Model):
    """One rule of the safety plan, in plain words the family and network agreed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="safety_rules")
    words = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words


class SafetyNetworkRole(models.Model):
    """Someone in the safety network and their part in keeping the child safe."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="safety_network")
    network_member = models.ForeignKey(
        NetworkMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=120, blank=True)
    part = models.TextField("Their part")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network_member__isnull=False) | ~Q(name=""), name="safety_network_role_is_someone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.part}"


class SafetyTrigger(models.Model):
    """Something that would show the safety plan is not working."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="safety_triggers")
    words = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words


class SafetyFallback(models.Model):
    """What happens if the safety plan fails."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="safety_fallbacks")
    words = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words


class PlanVersion(models.Model):
    """The whole plan as it stood after one change, with who changed it and what changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=11, choices=VersionKind.choices)
    snapshot = models.JSONField()
    what_changed = models.TextField()
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    # The local date of the change, for the chronology (SQL cannot take a local date from a
    # timestamp the same way on SQLite and PostgreSQL).
    changed_on = models.DateField()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_per_number")]

    def __str__(self) -> str:
        return f"Version {self.number}: {self.what_changed}"


class PlanReview(models.Model):
    """A review of the plan: who came, progress on each action and goal, and the next review."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("Date of the review")
    next_review_on = models.DateField("Date of the next review")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=models.F("held_on")), name="plan_review_next_after_held"
            )
        ]

    def __str__(self) -> str:
        return f"Review on {self.held_on:%d %b %Y}"


class ReviewAttendee(models.Model):
    """Someone invited to a review: whether they came and, for a child who did not, how their
    views were brought."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=12, choices=AttendeeRole.choices)
    attended = models.BooleanField()
    views_brought_by = models.TextField("How the child's views were brought", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ActionProgress(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="action_progress")
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=11, choices=ActionStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "action"], name="one_progress_per_action")]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"


class GoalProgress(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="goal_progress")
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=12, choices=GoalStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="one_progress_per_goal")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_status_display()}"
