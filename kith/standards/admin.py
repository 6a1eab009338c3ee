"""The administrator's screen for the standards in force: every change is checked as the loader
checks the file, and saved through `do_change_standard` (audited). Children's records stay out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from kith.core.requests import user_of
from kith.standards.actions import EDITABLE, do_change_standard
from kith.standards.loader import DefinitionsRefused, check_standard
from kith.standards.models import DefinitionLoad, Standard


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = EDITABLE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = {
            "code": self.instance.code,
            "pillar": data.get("pillar"),
            "title": data.get("title", ""),
            "descriptor": data.get("descriptor", ""),
            "stages": data.get("stages") or [],
            "ages": [data.get("min_age", 0), data.get("max_age", 25)],
            "measure": data.get("measure", ""),
            "due_soon": data.get("due_soon_working_days", 5),
            "evidence": data.get("evidence_url", ""),
            "missing_step": data.get("missing_url", ""),
            "source": data.get("source", ""),
            "active": data.get("is_active", True),
        }
        checked = check_standard(raw, line_of=lambda key: 0)
        for problem in checked.problems:
            self.add_error(None, problem.reason)
        return data


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    form = StandardForm
    list_display = ("code", "title", "pillar", "is_active", "version", "file_version")
    list_filter = ("pillar", "is_active")
    ordering = ("position", "code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new standards come from the definition file

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch a standard off instead: nothing is lost

    def save_model(self, request: HttpRequest, obj: Standard, form: Any, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in EDITABLE if name in form.cleaned_data}
        original = Standard.objects.get(pk=obj.pk)
        try:
            do_change_standard(standard=original, changes=changes, by=user_of(request))
        except DefinitionsRefused as refused:  # checked in the form already; a race is refused here
            raise ValueError(str(refused)) from refused


@admin.register(DefinitionLoad)
class DefinitionLoadAdmin(admin.ModelAdmin):
    list_display = ("at", "file_version", "is_accepted", "by")
    readonly_fields = ("at", "by", "path", "file_version", "checksum", "is_accepted", "errors", "counts")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
