"""Forms for explanations: the worker's wording for each section, and how it was given."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from kith.core.forms import date_field
from kith.voice.models import Explanation, HowGiven


class ExplanationForm(forms.Form):
    """One text box per section of the explanation, headed as the document is."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, explanation: Explanation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [section["key"] for section in explanation.sections]
        for section in explanation.sections:
            self.fields[f"section_{section['key']}"] = forms.CharField(
                label=section["heading"],
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=section["text"],
                max_length=4000,
                error_messages={"required": f"Enter the words for '{section['heading']}'"},
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[Field.textarea(f"section_{key}", label_size=Size.SMALL) for key in self.keys],
            Field("version"),
            Submit("submit", "Save the wording"),
        )

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"section_{key}"] for key in self.keys}


class GivenForm(forms.Form):
    given_on = date_field("Date given", help_text="For example, 27 3 2026")
    how = forms.ChoiceField(
        label="How was it given?",
        choices=HowGiven.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was given"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("given_on"),
            Field.radios("how", legend_size=Size.SMALL, small=True),
            Submit("submit", "Record that it was given"),
        )
