"""Forms of the returns pages, laid out with crispy-forms-gds in GOV.UK style."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile

from kith.core.forms import date_field
from kith.returns import rules
from kith.returns.codes import RunKind

# Big enough for a large council's census; small enough to hold in the database.
LARGEST_UPLOAD_BYTES = 200 * 1024 * 1024


def year_choices(today: date) -> list[tuple[str, str]]:
    current = rules.current_collection_year(today)
    years = range(max(rules.FIRST_YEAR, current - 3), min(rules.LAST_YEAR, current) + 1)
    return [(str(y), rules.year_label(y)) for y in reversed(years)]


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which return",
        choices=[(RunKind.CIN_CENSUS, "CIN census (XML)"), (RunKind.SSDA903, "SSDA903 (CSV files)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select which return to make"},
    )
    year = forms.ChoiceField(label="Collection year", error_messages={"required": "Select the collection year"})

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = year_choices(today)
        year.error_messages["invalid_choice"] = "Select a collection year from the list"
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.select("year"),
            submit="Make and validate the return",
        )


class AnnexAForm(forms.Form):
    period_start = date_field("Start of the period", required_message="Enter the start of the period")
    period_end = date_field("End of the period", required_message="Enter the end of the period")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("period_start"), Field("period_end"), submit="Make Annex A")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "End of the period must be the same as or after the start")
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation sets it out."""

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    uploads = MultipleFileField(
        label="Files to import",
        help_text="The CIN census XML file, the SSDA903 CSV files, or both.",
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".xml,.csv"}),
        error_messages={"required": "Select the CIN census XML file or the SSDA903 CSV files to import"},
    )
    year = forms.ChoiceField(
        label="Collection year of the SSDA903 files",
        help_text="The OC2 and OC3 outcomes are kept with this year.",
        error_messages={"required": "Select the collection year"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = year_choices(today)
        self.helper = _helper(Field("uploads"), Field.select("year"), submit="Import")
        self.helper.form_tag = True

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("uploads") or []
        if not files:
            raise forms.ValidationError("Select the CIN census XML file or the SSDA903 CSV files to import")
        for upload in files:
            name = (upload.name or "").lower()
            if not name.endswith((".xml", ".csv")):
                raise forms.ValidationError(f"{upload.name} must be an XML or CSV file")
            if (upload.size or 0) > LARGEST_UPLOAD_BYTES:
                raise forms.ValidationError(f"{upload.name} must be smaller than 200 MB")
        return files
