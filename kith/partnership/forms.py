"""Forms of partnership intelligence, in GOV.UK style with crispy-forms-gds."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from kith.partnership.models import Decision


class DecisionForm(forms.Form):
    """Confirm or reject a suggested link between a partner's record and someone in Kith."""

    decision = forms.ChoiceField(
        label="Is this the same person?",
        choices=[(Decision.CONFIRMED, "Yes, it is the same person"), (Decision.REJECTED, "No, it is someone else")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is the same person", "invalid_choice": "Select yes or no"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text=(
            "Say what you checked, for example the school confirmed the date of birth. It is kept with the decision."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why you decided this", "max_length": "Why must be 1000 characters or fewer"},
    )

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.SMALL),
            Submit("submit", "Save the decision"),
        )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError("Why must be 5 characters or more")
        return reason


class CohortFilterForm(forms.Form):
    """Narrow the cohort to a family hub, a locality, a school or a pattern."""

    family_hub = forms.ChoiceField(label="Family hub", required=False)
    locality = forms.ChoiceField(label="Locality (postcode district)", required=False)
    school = forms.ChoiceField(label="School", required=False)
    pattern = forms.ChoiceField(label="Pattern", required=False)

    def __init__(self, *args: Any, options: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        messages = {
            "family_hub": "Select a family hub from the list",
            "locality": "Select a locality from the list",
            "school": "Select a school from the list",
            "pattern": "Select a pattern from the list",
        }
        for name, choices in options.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "Any"), *choices]
            field.error_messages["invalid_choice"] = messages[name]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("family_hub"),
            Field.select("locality"),
            Field.select("school"),
            Field.select("pattern"),
            Submit("filter", "Show children", css_class="govuk-button--secondary"),
        )
