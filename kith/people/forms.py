"""Forms about people, in GOV.UK style with crispy-forms-gds."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from kith.core.forms import date_field
from kith.people.codes import Disability, Ethnicity, Gender, Sex
from kith.people.rules import dob_problem, nhs_number_is_valid, upn_is_valid


class PersonForm(forms.Form):
    legal_given_name = forms.CharField(
        label="Legal first name", max_length=100, error_messages={"required": "Enter the legal first name"}
    )
    legal_family_name = forms.CharField(
        label="Legal last name", max_length=100, error_messages={"required": "Enter the legal last name"}
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        max_length=100,
        required=False,
        help_text="The name the child likes to be called",
    )
    other_names = forms.CharField(label="Other names (optional)", max_length=250, required=False)
    date_of_birth = date_field("Date of birth", required=False, help_text="For example, 27 3 2015")
    expected_date_of_birth = date_field("Expected date of birth", required=False, help_text="Only for an unborn child")
    date_of_death = date_field("Date of death", required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices)
    disabilities = forms.MultipleChoiceField(
        label="Disability (optional)", choices=Disability.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    first_language = forms.CharField(label="First language (optional)", max_length=60, required=False)
    needs_interpreter = forms.BooleanField(label="Needs an interpreter", required=False)
    nhs_number = forms.CharField(
        label="NHS number (optional)", max_length=12, required=False, help_text="10 digits, for example 999 000 1006"
    )
    upn = forms.CharField(
        label="Unique pupil number (optional)",
        max_length=13,
        required=False,
        help_text="13 characters, starting with a letter",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                Field.text("legal_given_name", field_width=20),
                Field.text("legal_family_name", field_width=20),
                Field.text("preferred_name", field_width=20),
                Field.text("other_names"),
                legend="Name",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("date_of_birth"),
                Field("expected_date_of_birth"),
                Field("date_of_death"),
                legend="Dates",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("sex", legend_size=Size.SMALL, inline=True),
            Field.select("gender"),
            Field.select("ethnicity"),
            Field.checkboxes("disabilities", legend_size=Size.SMALL, small=True),
            Field.text("first_language", field_width=20),
            Field.checkbox("needs_interpreter"),
            Field.text("nhs_number", field_width=10),
            Field.text("upn", field_width=10),
            Field("version"),
            Submit("submit", "Save changes"),
        )

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].replace(" ", "")
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a real NHS number: 10 digits, like 999 000 1006")
        return value

    def clean_upn(self) -> str:
        value: str = self.cleaned_data["upn"].replace(" ", "").upper()
        if value and not upn_is_valid(value):
            raise forms.ValidationError("Enter a real unique pupil number: the check letter does not match")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        dob: date | None = cleaned.get("date_of_birth")
        expected: date | None = cleaned.get("expected_date_of_birth")
        problem = dob_problem(date_of_birth=dob, expected_date_of_birth=expected, today=today)
        if problem:
            self.add_error(*problem)
        death: date | None = cleaned.get("date_of_death")
        if death and death > today:
            self.add_error("date_of_death", "Date of death must be today or in the past")
        if death and dob and death < dob:
            self.add_error("date_of_death", "Date of death must be the same as or after the date of birth")
        return cleaned


class SearchForm(forms.Form):
    """The search box. Its page draws the GOV.UK input itself (people/search.html): one field,
    on a page loaded as people type, needs no form library's templates."""

    MAX_LENGTH = 100

    q = forms.CharField(
        label="Find a child",
        help_text="Search by name, date of birth (for example 27/03/2015), NHS number, unique pupil number "
        "or child ID. Spelling mistakes and accents do not matter.",
        max_length=MAX_LENGTH,
        error_messages={
            "required": "Enter a name, date of birth or identifier",
            "max_length": f"Search text must be {MAX_LENGTH} characters or fewer",
        },
    )
