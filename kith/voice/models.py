"""Explanations of decisions, written for the child and for the parents.

An explanation is drafted from an assessment, a conference or a review, edited by the
practitioner, downloaded as a PDF and given. Recording that it was given to the child, and how,
counts towards the voice-of-the-child standards; the worker can also release it to the child's
own pages.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import F, Q

from kith.core.models import User
from kith.people.models import Child


class Audience(models.TextChoices):
    CHILD = "child", "The child"
    PARENTS = "parents", "Parents or carers"


class ExplanationSourceKind(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    MEETING = "meeting", "Meeting or conference"
    PLAN_REVIEW = "plan_review", "Plan review"


class ExplanationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    GIVEN = "given", "Given"


class HowGiven(models.TextChoices):
    IN_PERSON = "in_person", "Gone through together in person"
    WITH_ADVOCATE = "with_advocate", "Gone through with an advocate"
    POST = "post", "Sent by post"
    EMAIL = "email", "Sent by email"
    CHILD_PAGES = "child_pages", "Released to the child's own pages"


class ExplanationQuerySet(models.QuerySet["Explanation"]):
    def for_child(self, child: Child) -> ExplanationQuerySet:
        return self.filter(child=child).select_related("created_by").order_by("-created_at")


class Explanation(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="explanations")
    audience = models.CharField(max_length=7, choices=Audience.choices)
    age_band = models.CharField(max_length=4, blank=True)
    source_kind = models.CharField(max_length=11, choices=ExplanationSourceKind.choices)
    source_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    # [{"key", "heading", "text", "picture"}], in order; the practitioner edits the text.
    sections = models.JSONField(default=list)
    status = models.CharField(max_length=5, choices=ExplanationStatus.choices, default=ExplanationStatus.DRAFT)
    given_on = models.DateField(null=True, blank=True)
    given_how = models.CharField(max_length=13, choices=HowGiven.choices, blank=True)
    is_released_to_child = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = ExplanationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["child", "audience", "given_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_audience_display()})"

    @property
    def text(self) -> str:
        return "\n\n".join(section.get("text", "") for section in self.sections)


# --- The child's own pages: links, what the child says, safety alerts, advocacy ----------------------
#
# A child reaches their own pages through a link the practitioner makes for them (only a hash of
# its token is kept), or on the practitioner's own device handed over to them. Everything the
# child says there is a `ChildView`, kept in the child's own words, which the worker answers
# ("you said, we did"); "I do not feel safe" is a `SafetyAlert` that the worker and the duty team
# see first; asking for an independent advocate is an `AdvocacyRequest`, tracked until one is
# allocated.


class ChildLinkQuerySet(models.QuerySet["ChildLink"]):
    def active(self, now: datetime) -> ChildLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def for_child(self, child: Child) -> ChildLinkQuerySet:
        return self.filter(child=child).select_related("made_by").order_by("-made_at", "-pk")


class ChildLink(models.Model):
    """A link to one child's own pages: unguessable, for that child only, expiring, revocable.
    The token is shown once to the practitioner who made it; only its SHA-256 is kept."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="voice_links")
    token_hash = models.CharField(max_length=64, unique=True)
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    times_used = models.PositiveIntegerField(default=0)

    objects = ChildLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-pk"]
        indexes = [models.Index(fields=["child", "revoked_at", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("made_at")), name="child_link_expires_after_made")
        ]

    def __str__(self) -> str:
        return f"Link for child {self.child_id} made {self.made_at:%d %b %Y}"

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class AttemptScope(models.TextChoices):
    LINK = "link", "Opening a child's link"
    GIVE_BACK = "give_back", "Giving back a handed-over device"


class LinkAttempt(models.Model):
    """One failed try at a child's link (keyed on the client's address) or at the password that
    gives a handed-over device back (keyed on the user). Kept in the database, not the cache:
    Kith runs several processes, each with its own in-memory cache, and a limit must hold across
    all of them."""

    scope = models.CharField(max_length=9, choices=AttemptScope.choices)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} at {self.at:%H:%M:%S}"


class ViewKind(models.TextChoices):
    WORRIES = "worries", "The house of worries"
    GOOD_THINGS = "good_things", "The house of good things"
    DREAMS = "dreams", "The house of dreams"
    FEELING = "feeling", "How I feel"
    PEOPLE = "people", "Who is important to me"
    WISHES = "wishes", "What I want to happen"
    FOR_MEETING = "for_meeting", "What I want said at my next meeting"


THREE_HOUSES = (ViewKind.WORRIES, ViewKind.GOOD_THINGS, ViewKind.DREAMS)


class Via(models.TextChoices):
    LINK = "link", "The child's own link"
    HAND_OVER = "hand_over", "The worker's device, handed over"


class ChildViewQuerySet(models.QuerySet["ChildView"]):
    def for_child(self, child: Child) -> ChildViewQuerySet:
        return self.filter(child=child).select_related("seen_by", "responded_by").order_by("-said_at", "-pk")

    def unanswered(self) -> ChildViewQuerySet:
        return self.filter(responded_at__isnull=True)


class ChildView(models.Model):
    """Something the child said on their own pages, in their own words, pictures or drawing.

    It counts towards the voice-of-the-child standards by child, kind and date (`said_on`)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="voice_views")
    kind = models.CharField(max_length=11, choices=ViewKind.choices)
    words = models.TextField(blank=True)
    # Keys of the pictures the child chose (kith.voice.child_pictures.CHOICES).
    pictures = models.JSONField(default=list, blank=True)
    # 1 (very sad) to 5 (very happy) on the faces scale.
    feeling = models.PositiveSmallIntegerField(null=True, blank=True)
    # [{"name", "how", "trusted", "network_member_id"}] for the people who matter to the child.
    people = models.JSONField(default=list, blank=True)
    has_drawing = models.BooleanField(default=False)
    age_band = models.CharField(max_length=4, blank=True)
    language = models.CharField(max_length=8, blank=True)
    via = models.CharField(max_length=9, choices=Via.choices)
    link = models.ForeignKey(ChildLink, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    handed_over_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    said_on = models.DateField()
    said_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # "You said, we did": what the worker did about it, which the child reads on their pages.
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    response_read_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ChildViewQuerySet.as_manager()

    class Meta:
        ordering = ["-said_at", "-pk"]
        indexes = [
            models.Index(fields=["child", "said_on"]),
            models.Index(fields=["kind", "said_on"]),
            models.Index(fields=["child", "responded_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(feeling__isnull=True) | Q(feeling__gte=1, feeling__lte=5), name="child_view_feeling_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | (~Q(response="") & Q(responded_on__isnull=False)),
                name="child_view_response_has_words",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.said_on:%d %b %Y})"

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None


class DrawingSource(models.TextChoices):
    CANVAS = "canvas", "Drawn on the page"
    PHOTO = "photo", "A photo of a drawing"


class ChildDrawing(models.Model):
    """The bytes of a child's drawing (PNG or JPEG, checked and re-encoded without metadata),
    apart from the view so that lists of views never read them."""

    view = models.OneToOneField(ChildView, on_delete=models.CASCADE, related_name="drawing")
    content = models.BinaryField()
    content_type = models.CharField(max_length=10)
    source = models.CharField(max_length=6, choices=DrawingSource.choices)

    def __str__(self) -> str:
        return f"Drawing for view {self.view_id}"


class SafetyAlertQuerySet(models.QuerySet["SafetyAlert"]):
    def unacknowledged(self) -> SafetyAlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class SafetyAlert(models.Model):
    """The child pressed "I do not feel safe". The worker and the duty team see it first until
    someone records what they did about it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="safety_alerts")
    raised_on = models.DateField()
    raised_at = models.DateTimeField()
    # Pressing again while an alert is waiting adds to it rather than making another.
    presses = models.PositiveSmallIntegerField(default=1)
    words = models.TextField(blank=True)
    age_band = models.CharField(max_length=4, blank=True)
    language = models.CharField(max_length=8, blank=True)
    via = models.CharField(max_length=9, choices=Via.choices)
    link = models.ForeignKey(ChildLink, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    handed_over_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action_taken = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["child", "acknowledged_at"]), models.Index(fields=["acknowledged_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True)
                | (~Q(action_taken="") & Q(acknowledged_on__isnull=False) & Q(acknowledged_by__isnull=False)),
                name="safety_alert_acknowledged_with_action",
            )
        ]

    def __str__(self) -> str:
        return f"Safety alert for child {self.child_id} at {self.raised_at:%d %b %Y %H:%M}"


class AdvocacyStatus(models.TextChoices):
    REQUESTED = "requested", "Asked for, waiting for an advocate"
    ALLOCATED = "allocated", "Advocate allocated"
    CLOSED = "closed", "Closed"


OPEN_ADVOCACY = (AdvocacyStatus.REQUESTED, AdvocacyStatus.ALLOCATED)


class AdvocacyRequestQuerySet(models.QuerySet["AdvocacyRequest"]):
    def open(self) -> AdvocacyRequestQuerySet:
        return self.filter(status__in=OPEN_ADVOCACY)


class AdvocacyRequest(models.Model):
    """The child, or their worker for them, asked for an independent advocate: tracked from the
    request until an advocate is allocated, and then closed."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="advocacy_requests")
    status = models.CharField(max_length=9, choices=AdvocacyStatus.choices, default=AdvocacyStatus.REQUESTED)
    asked_by_child = models.BooleanField()
    # The worker who asked, or on whose device the child asked; empty when the child used their link.
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    via = models.CharField(max_length=9, choices=Via.choices, blank=True)
    words = models.TextField("What the advocate could help with", blank=True)
    requested_on = models.DateField()
    requested_at = models.DateTimeField()
    advocate_name = models.CharField("Advocate's name", max_length=120, blank=True)
    advocate_organisation = models.CharField("Organisation", max_length=120, blank=True)
    allocated_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField("Why it was closed", blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AdvocacyRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["child", "status"]), models.Index(fields=["status", "requested_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(allocated_on__isnull=True)
                | (~Q(advocate_name="") & Q(allocated_on__gte=F("requested_on"))),
                name="advocacy_allocated_with_name_after_request",
            ),
            models.CheckConstraint(
                condition=~Q(status=AdvocacyStatus.ALLOCATED) | Q(allocated_on__isnull=False),
                name="advocacy_allocated_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=AdvocacyStatus.CLOSED) | Q(closed_on__isnull=False),
                name="advocacy_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Advocacy for child {self.child_id}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ADVOCACY
