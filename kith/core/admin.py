"""The administrator's screens: sign-ins, teams and services.

Children's records are deliberately not in the Django admin: every read of a record must go
through Kith's own pages, which check access and write the audit log.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kith.core.models import Service, Team, User


@admin.register(User)
class KithUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Kith", {"fields": ("role", "team", "job_title")}))  # type: ignore[misc]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name",)
