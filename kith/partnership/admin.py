"""Administrators name early help leads, who may then see cohorts and the equity report."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kith.core.requests import user_of
from kith.partnership.actions import do_name_early_help_lead
from kith.partnership.models import EarlyHelpLead


@admin.register(EarlyHelpLead)
class EarlyHelpLeadAdmin(admin.ModelAdmin):
    list_display = ("user", "named_by", "named_at")
    fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a lead is named or removed, never changed into someone else

    def save_model(self, request: HttpRequest, obj: EarlyHelpLead, form: Any, change: bool) -> None:
        do_name_early_help_lead(user=obj.user, by=user_of(request))
