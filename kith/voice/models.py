"""Explanations of decisions, written for the child and for the parents.

An explanation is drafted from an assessment, a conference or a review, edited by the
practitioner, downloaded as a PDF and given. Recording that it was given to the child, and how,
counts towards the voice-of-the-child standards; the worker can also release it to the child's
own pages.
"""

from __future__ import annotations

from django.db import models

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
