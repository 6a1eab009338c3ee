"""Persons, children, relationships, households and addresses.

A child is a person with a child record. The child record carries the current team and lead
practitioner (kept in step with the allocation history by the journey app's actions) so that
access checks and lists are one indexed filter, not a join over history.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from kith.core.models import AccessGrant, Role, Team, User, period_in_order
from kith.people.codes import (
    ConnectionKind,
    ConnectionStrength,
    DateAccuracy,
    EmotionalTie,
    Ethnicity,
    Gender,
    NetworkRole,
    NetworkStatus,
    PartnershipStatus,
    RelationshipKind,
    RelationshipNature,
    Sex,
    SupportFlow,
    TieDirection,
    Twin,
)


class Person(models.Model):
    legal_given_name = models.CharField("Legal first name", max_length=100)
    legal_family_name = models.CharField("Legal last name", max_length=100)
    preferred_name = models.CharField("Preferred name", max_length=100, blank=True)
    other_names = models.CharField("Other names", max_length=250, blank=True)
    date_of_birth = models.DateField("Date of birth", null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField("Expected date of birth", null=True, blank=True, db_index=True)
    date_of_birth_accuracy = models.CharField(max_length=5, choices=DateAccuracy.choices, default=DateAccuracy.EXACT)
    date_of_death = models.DateField("Date of death", null=True, blank=True)
    date_of_death_accuracy = models.CharField(max_length=5, choices=DateAccuracy.choices, default=DateAccuracy.EXACT)
    # Someone can be known to have died without anyone knowing when.
    is_deceased = models.BooleanField("Has died", default=False)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    first_language = models.CharField("First language", max_length=60, blank=True)
    needs_interpreter = models.BooleanField("Needs an interpreter", default=False)
    disabilities = models.JSONField("Disabilities (DfE codes)", default=list, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("Unique pupil number", max_length=13, blank=True, db_index=True)
    # Normalised forms for search: see rules.normalise_name and rules.phonetic_key.
    search_name = models.CharField(max_length=400, blank=True, db_index=True)
    search_phonetic = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["legal_family_name", "legal_given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.legal_given_name} {self.legal_family_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.legal_given_name

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=120)
    line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60)
    postcode = models.CharField(max_length=8, db_index=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            period_in_order("address_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.town} {self.postcode}"


# Matches pg_trgm.word_similarity_threshold set for each connection in config/settings.py.
NAME_SIMILARITY = 0.4


def _named_child_ids(user: User) -> list[int]:
    """The restricted records `user` is named on: few, so read once and used as an id list."""
    return list(RestrictedAccess.objects.filter(user=user).values_list("child_id", flat=True))


class ChildQuerySet(models.QuerySet["Child"]):
    def visible_to(self, user: User) -> ChildQuerySet:
        """Children this user may open without giving a reason: their team's (or service's)
        children, the ones allocated to them, and restricted ones only where they are named.

        The few records a user is named on are read first, so each arm of the filter can use
        its own index (team, lead practitioner, primary key) instead of a scan of every child."""
        named = _named_child_ids(user)
        # A caseworker without a team sees only the children allocated to them: filtering on an
        # empty team would otherwise match every unallocated child.
        team_id = user.team_id or 0
        if user.role in (Role.PRACTITIONER, Role.TEAM_MANAGER):
            scope = Q(team_id=team_id) | Q(lead_practitioner=user)
        elif user.role == Role.SERVICE_MANAGER:
            service = Team.objects.filter(pk=team_id).values("service_id")
            scope = Q(team__service_id=Subquery(service)) | Q(team_id=team_id) | Q(lead_practitioner=user)
        else:
            grants = AccessGrant.objects.filter(user=user, child_id=OuterRef("pk"), expires_at__gt=timezone.now())
            scope = Q(Exists(grants))
        return self.filter((scope & Q(is_restricted=False)) | Q(pk__in=named))

    def findable_by(self, user: User) -> ChildQuerySet:
        """Children who may appear in this user's search results. Caseworkers find only what
        they may open; others find unrestricted children and must give a reason to open one."""
        if user.role in (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
            return self.visible_to(user)
        named = _named_child_ids(user)
        return self.filter(Q(is_restricted=False) | Q(pk__in=named))

    def open(self) -> ChildQuerySet:
        return self.filter(is_open=True)

    def with_person(self) -> ChildQuerySet:
        return self.select_related("person", "team", "lead_practitioner")


class Child(models.Model):
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="child_record")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    lead_practitioner = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="allocated_children"
    )
    is_open = models.BooleanField(default=False, db_index=True)
    current_stage = models.CharField(max_length=20, blank=True)
    is_restricted = models.BooleanField(default=False)
    la_child_id = models.CharField("Local authority child ID", max_length=20, unique=True)
    created_at = models.DateTimeField()

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["team", "is_open"]),
            models.Index(fields=["lead_practitioner", "is_open"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.la_child_id})"

    def get_absolute_url(self) -> str:
        return reverse("journey:child", args=[self.pk])


class RestrictedAccess(models.Model):
    """A person named to see a restricted record (a staff member's relative, an adopted child's
    former identity). Everyone not named gets "page not found"."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="named_access")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "user"], name="one_naming_per_user")]

    def __str__(self) -> str:
        return f"{self.user} may see {self.child_id}"


class RelationshipQuerySet(models.QuerySet["Relationship"]):
    def involving(self, person_id: int) -> RelationshipQuerySet:
        return self.filter(Q(from_person_id=person_id) | Q(to_person_id=person_id)).select_related(
            "from_person", "to_person"
        )

    def current(self) -> RelationshipQuerySet:
        return self.filter(ends_on__isnull=True)


class Relationship(models.Model):
    """`from_person` is `kind` to `to_person`: a parent of, a grandparent of, a friend of."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    nature = models.CharField(max_length=12, choices=RelationshipNature.choices, default=RelationshipNature.BIOLOGICAL)
    has_parental_responsibility = models.BooleanField(default=False)
    is_trusted_adult = models.BooleanField("Trusted adult", default=False)
    starts_on = models.DateField(null=True, blank=True)
    starts_on_accuracy = models.CharField(max_length=5, choices=DateAccuracy.choices, default=DateAccuracy.EXACT)
    ends_on = models.DateField(null=True, blank=True)
    ends_on_accuracy = models.CharField(max_length=5, choices=DateAccuracy.choices, default=DateAccuracy.EXACT)
    # Partners only: drawn on the genogram as the partnership line's style.
    partnership_status = models.CharField(max_length=14, choices=PartnershipStatus.choices, blank=True)
    # Siblings only: twins meet at one point on the genogram.
    twin = models.CharField(max_length=9, choices=Twin.choices, blank=True)
    # The emotional quality of the relationship, drawn as a tie line; "from_to" means from_person to to_person.
    emotional_tie = models.CharField(max_length=10, choices=EmotionalTie.choices, blank=True)
    tie_direction = models.CharField(max_length=7, choices=TieDirection.choices, default=TieDirection.BOTH)
    version = models.PositiveIntegerField(default=1)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_person=models.F("to_person")), name="relationship_between_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is {self.get_kind_display().lower()} to {self.to_person}"


class Household(models.Model):
    name = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return self.name or f"Household {self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["household", "ends_on"])]
        constraints = [
            period_in_order("membership_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.household}"


class ConnectionQuerySet(models.QuerySet["Connection"]):
    def current(self) -> ConnectionQuerySet:
        return self.filter(ends_on__isnull=True)


class Connection(models.Model):
    """Someone or something in the child's world, drawn on the ecomap: a school, a GP, a youth club, a friend."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="connections")
    kind = models.CharField(max_length=16, choices=ConnectionKind.choices)
    name = models.CharField(max_length=120)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    detail = models.CharField(max_length=200, blank=True)
    strength = models.CharField(max_length=9, choices=ConnectionStrength.choices)
    support_flow = models.CharField(max_length=11, choices=SupportFlow.choices, default=SupportFlow.NONE)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "pk"]
        indexes = [models.Index(fields=["child", "ends_on"])]
        constraints = [period_in_order("connection_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class NetworkMemberQuerySet(models.QuerySet["NetworkMember"]):
    def current(self) -> NetworkMemberQuerySet:
        return self.filter(ends_on__isnull=True).select_related("person")


class NetworkMember(models.Model):
    """Someone who is, or could be, part of the child's support or safety network.

    A member may be known only by who they are ("dad's sister, name not known") until they are
    found: we presume there is a network and that it can be found if we try.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="network")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField("Who they are", max_length=200, blank=True)
    role = models.CharField(max_length=7, choices=NetworkRole.choices, default=NetworkRole.SUPPORT)
    part = models.TextField("Their part in the child's network", blank=True)
    status = models.CharField(max_length=8, choices=NetworkStatus.choices, default=NetworkStatus.TO_ASK)
    is_lifelong_connection = models.BooleanField("Lifelong connection", default=False)
    phone = models.CharField("Phone number", max_length=30, blank=True)
    email = models.EmailField("Email address", blank=True)
    contact_notes = models.CharField("Other ways to get in touch", max_length=200, blank=True)
    asked_on = models.DateField(null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = NetworkMemberQuerySet.as_manager()

    class Meta:
        ordering = ["status", "pk"]
        indexes = [models.Index(fields=["child", "ends_on"])]
        constraints = [
            period_in_order("network_membership_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(description=""), name="network_member_is_someone"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.description


class GenogramReview(models.Model):
    """A practitioner went through the genogram with the family and confirmed what is known."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="genogram_reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # What was explored and found to be empty still counts: "no siblings", "father not known".
    mothers_side_explored = models.BooleanField(default=False)
    fathers_side_explored = models.BooleanField(default=False)
    no_siblings = models.BooleanField("The child has no brothers or sisters", default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["child", "reviewed_on"])]

    def __str__(self) -> str:
        return f"Genogram of {self.child_id} reviewed on {self.reviewed_on}"
