"""Users, roles, teams and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


def period_in_order(name: str) -> models.CheckConstraint:
    """A database check that a period (`starts_on`, `ends_on` empty while open) does not end
    before it starts."""
    return models.CheckConstraint(
        condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")), name=name
    )


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PARTNER = "partner", "Partner agency worker"
    ANALYST = "analyst", "Performance analyst"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles whose work is a caseload: they see their own team's children without giving a reason,
# and no one else's (another team's record is a 404 to them).
CASEWORK_ROLES = frozenset({Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER})


class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams", null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True)
    job_title = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_casework(self) -> bool:
        return self.role in CASEWORK_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    REASON = "reason", "Gave a reason to open"
    REFUSED = "refused", "Refused"
    EXPORT = "export", "Exported"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_child(self, child_id: int) -> AuditEventQuerySet:
        return self.filter(child_id=child_id).select_related("user")

    def reasons_for_team(self, team_id: int) -> AuditEventQuerySet:
        return self.filter(action=AuditAction.REASON, child_team_id=team_id).select_related("user")


class AuditEvent(models.Model):
    """One read or change of a child's record. Rows are only ever added.

    The database refuses UPDATE and DELETE on this table (see the migration's triggers), so the
    trail survives a bug or a careless shell session. `child_id` is a plain integer so the log
    outlives the record it describes.
    """

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    child_id = models.BigIntegerField(null=True, db_index=True)
    child_team_id = models.BigIntegerField(null=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child_team_id", "action", "-at"]),
            # The newest change for a child is the record's version (kith.journey.records).
            models.Index(
                fields=["child_id", "id"], name="core_audit_child_changes", condition=Q(action__in=["create", "update"])
            ),
            models.Index(
                fields=["id"],
                name="core_audit_no_child_changes",
                condition=Q(child_id__isnull=True, action__in=["create", "update"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are never deleted.")


class AccessGrant(models.Model):
    """A reason given by someone outside the child's team to open the record, for a while."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_grants")
    child_id = models.BigIntegerField()
    reason = models.TextField()
    given_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "child_id", "-expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → child {self.child_id} until {self.expires_at:%Y-%m-%d %H:%M}"
