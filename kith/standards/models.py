"""Practice standards as data, the working-day calendar the engine counts with, and the records
of management oversight, supervision and case audits.

`Standard` rows are loaded from the versioned definition file (`definitions/standards.toml`)
by `kith.standards.loader` and may be changed by an administrator; `DefinitionLoad` records
every attempt to load the file, refused ones included. `CalendarDay` holds every day from 2000 to
2040 with running counts of days, working days (England's bank holidays) and months, so that "10
working days after X" is a join in SQL rather than a loop in Python.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from kith.core.models import Team, User
from kith.people.models import Child


class Pillar(models.TextChoices):
    """The council's five pillars of practice."""

    VOICE = "voice", "Voice of the child"
    RELATIONSHIPS = "relationships", "Relationships, networks and communities"
    ASSESSMENT = "assessment", "Assessment of need"
    PLANNING = "planning", "Planning and review"
    OVERSIGHT = "oversight", "Management and oversight"


class Status(models.TextChoices):
    """Where a child stands against a standard."""

    MET = "met", "Met"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# --- The calendar --------------------------------------------------------------------------------


class CalendarDay(models.Model):
    """One day. `working_number` counts working days up to and including this day (a weekend
    or bank holiday has the number of the working day before it), so the working day `n` after
    day D is the working day whose number is D's plus `n`."""

    day = models.DateField(primary_key=True)
    day_number = models.IntegerField(unique=True)
    working_number = models.IntegerField()
    is_working_day = models.BooleanField()
    month_number = models.IntegerField()  # year * 12 + month - 1
    day_of_month = models.PositiveSmallIntegerField()
    days_in_month = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["day"]
        indexes = [
            models.Index(fields=["working_number", "is_working_day"]),
            models.Index(fields=["month_number", "day_of_month"]),
        ]

    def __str__(self) -> str:
        return self.day.isoformat()


# --- Standards --------------------------------------------------------------------------------------


class StandardQuerySet(models.QuerySet["Standard"]):
    def active(self) -> StandardQuerySet:
        return self.filter(is_active=True).order_by("position", "code")


class Standard(models.Model):
    """One practice standard: what it says in plain words, who it applies to, and the measure
    that computes it (parsed and checked by `kith.standards.measures`)."""

    code = models.CharField(max_length=20, unique=True)
    pillar = models.CharField(max_length=13, choices=Pillar.choices)
    title = models.CharField(max_length=200)
    descriptor = models.TextField()
    # Episode stages (kith.journey.codes.Stage values) the standard applies to.
    stages = models.JSONField(default=list)
    min_age = models.PositiveSmallIntegerField(default=0)
    max_age = models.PositiveSmallIntegerField(default=25)
    measure = models.TextField()
    # A result not yet met is "due soon" within this many working days of its due date.
    due_soon_working_days = models.PositiveSmallIntegerField(default=5)
    # URL names taking the child's id: where the evidence is, and where the missing step is taken.
    evidence_url = models.CharField(max_length=60, blank=True)
    missing_url = models.CharField(max_length=60, blank=True)
    source = models.CharField("Where it comes from", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    file_version = models.CharField(max_length=40, blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField()

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="standard_ages_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class DefinitionLoad(models.Model):
    """One attempt to load the definition file: what it was, and why it was refused if it was."""

    at = models.DateTimeField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    path = models.CharField(max_length=300)
    file_version = models.CharField(max_length=40, blank=True)
    checksum = models.CharField(max_length=64)
    is_accepted = models.BooleanField()
    errors = models.JSONField(default=list, blank=True)  # [{"line": n, "reason": "..."}]
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        outcome = "accepted" if self.is_accepted else "refused"
        return f"{self.path} version {self.file_version} {outcome} at {self.at:%Y-%m-%d %H:%M}"


# --- Oversight, supervision, audits -----------------------------------------------------------------


class ManagementOversight(models.Model):
    """A manager's oversight of a child's case: the decision, why, and what happens next."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="oversight")
    recorded_on = models.DateField("Date of the oversight")
    decision = models.TextField("Decision")
    rationale = models.TextField("Why")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        indexes = [models.Index(fields=["child", "recorded_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="oversight_has_a_rationale"),
        ]

    def __str__(self) -> str:
        return f"Oversight of {self.child_id} on {self.recorded_on}"

    def get_absolute_url(self) -> str:
        return reverse("standards:oversight", args=[self.child_id])


class CaseSupervision(models.Model):
    """The child's case discussed in a practitioner's supervision: a safe space to reflect."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="supervisions")
    held_on = models.DateField("Date of the supervision")
    practitioner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reflection = models.TextField("Reflection")
    analysis = models.TextField("Analysis")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"Supervision of {self.child_id} on {self.held_on}"


class GroupSupervision(models.Model):
    """A team's group supervision: the theme, what was learned, and the children discussed."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="group_supervisions")
    held_on = models.DateField("Date")
    theme = models.CharField("Theme", max_length=200)
    reflection = models.TextField("Reflection")
    learning = models.TextField("What we learned", blank=True)
    facilitator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(User, related_name="+", blank=True)
    children = models.ManyToManyField(Child, related_name="group_supervisions", blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["team", "held_on"])]

    def __str__(self) -> str:
        return f"Group supervision of {self.team} on {self.held_on}"


class Grade(models.TextChoices):
    """Ofsted's grades, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class AuditStatus(models.TextChoices):
    GRADED = "graded", "Graded, waiting for moderation"
    MODERATED = "moderated", "Moderated"


class CaseAudit(models.Model):
    """A manager's audit of a child's record against the standards, graded, then moderated by
    a second manager. `results` keeps the standards as they stood when the audit was made."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="audits")
    audited_on = models.DateField()
    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    practitioner = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    grade = models.CharField(max_length=20, choices=Grade.choices)
    strengths = models.TextField("What is working well")
    improvements = models.TextField("What needs to improve", blank=True)
    results = models.JSONField(default=list)  # [{"code", "title", "status", "due_on"}]
    status = models.CharField(max_length=9, choices=AuditStatus.choices, default=AuditStatus.GRADED)
    moderator = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    moderated_on = models.DateField(null=True, blank=True)
    moderated_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    moderation_note = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-audited_on", "-pk"]
        indexes = [models.Index(fields=["team", "audited_on"]), models.Index(fields=["child", "audited_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AuditStatus.MODERATED)
                | (Q(moderator__isnull=False) & Q(moderated_on__isnull=False) & ~Q(moderated_grade="")),
                name="audit_moderated_has_moderator_and_grade",
            ),
            models.CheckConstraint(
                condition=Q(moderator__isnull=True) | ~Q(moderator=F("auditor")), name="audit_moderator_is_second"
            ),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.child_id} on {self.audited_on}: {self.get_grade_display()}"

    def get_absolute_url(self) -> str:
        return reverse("standards:audit", args=[self.child_id, self.pk])

    @property
    def final_grade(self) -> str:
        return self.moderated_grade or self.grade


class ActionSource(models.TextChoices):
    OVERSIGHT = "oversight", "Management oversight"
    SUPERVISION = "supervision", "Supervision"
    GROUP_SUPERVISION = "group_supervision", "Group supervision"
    AUDIT = "audit", "Case audit"


class PracticeActionQuerySet(models.QuerySet["PracticeAction"]):
    def still_to_do(self) -> PracticeActionQuerySet:
        return self.filter(done_on__isnull=True)


class PracticeAction(models.Model):
    """Something to be done that came out of oversight, supervision or an audit, by whom and
    by when. It is carried forward (shown at every later supervision) until it is done."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="practice_actions")
    source = models.CharField(max_length=17, choices=ActionSource.choices)
    source_id = models.BigIntegerField()
    what = models.TextField("What needs to happen")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="practice_actions")
    due_on = models.DateField("By when")
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = PracticeActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "done_on"]),
            models.Index(fields=["child", "done_on"]),
            models.Index(fields=["source", "source_id"]),
        ]
        constraints = [models.CheckConstraint(condition=~Q(what=""), name="practice_action_says_what")]

    def __str__(self) -> str:
        return f"{self.owner}: {self.what[:60]}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


# --- Month-end history ------------------------------------------------------------------------------


class MonthEndRun(models.Model):
    """The standards for one scope (`scope_key`, e.g. "teams:3,4", "practitioner:12", "borough") at
    one completed month end, worked out by the engine at `computed_at` and kept as history. It
    holds while the standards (`fingerprint`) are unchanged and no `StaleMark` since then reaches
    back to its month end (kith.standards.history)."""

    scope_key = models.CharField(max_length=400)
    as_of = models.DateField()
    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField()
    # The last mark the run saw: later ones may reach it (kith.standards.history.compute).
    last_mark = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["scope_key", "as_of"]
        constraints = [models.UniqueConstraint(fields=["scope_key", "as_of"], name="one_month_end_run_per_scope")]

    def __str__(self) -> str:
        return f"{self.scope_key} at {self.as_of}"


class MonthEndResult(models.Model):
    """One standard's result for one child in a run, or (`code` empty) that the child was open in
    the scope that day. `is_restricted` is the child's as the run was made: a change of
    restriction marks the child's history stale."""

    run = models.ForeignKey(MonthEndRun, on_delete=models.CASCADE, related_name="results")
    child = models.ForeignKey(Child, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    code = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=14)
    due_on = models.DateField(null=True)
    evidence_on = models.DateField(null=True)
    is_restricted = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["run", "code", "child"])]

    def __str__(self) -> str:
        return f"{self.child_id} {self.code or 'open'}: {self.status}"


class StaleMark(models.Model):
    """A write that may change the standards for `child` (everyone's, when empty) on days from
    `stale_from` on: month-end history made before it (a run whose `last_mark` is lower) that it
    reaches is worked out again."""

    child = models.ForeignKey(Child, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+")
    stale_from = models.DateField()
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.child_id or 'everyone'} stale from {self.stale_from}"
