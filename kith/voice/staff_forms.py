"""Forms on the worker's side of the child's voice: making a link, answering what the child said,
acting on a safety alert, and tracking an advocacy request."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from kith.core.forms import date_field
from kith.voice.rules import LINK_DAYS_CHOICES, LINK_DAYS_DEFAULT

MOST_WORDS = 4000


def _textarea(label: str, required_message: str, *, hint: str = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=MOST_WORDS,
        widget=forms.Textarea,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {MOST_WORDS} characters or fewer",
        },
    )


class MakeLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label="How long should the link work?",
        coerce=int,
        choices=[(days, f"{days} days") for days in LINK_DAYS_CHOICES],
        initial=LINK_DAYS_DEFAULT,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long the link should work"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("days", legend_size=Size.SMALL, small=True, inline=True),
            Submit("submit", "Make a link"),
        )


class RespondForm(forms.Form):
    """You said, we did."""

    response = _textarea(
        "What did you do about it?",
        "Enter what you did about it",
        hint="The child reads this on their own pages. Write to them, in words for their age.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("response", label_size=Size.MEDIUM, rows=5),
            Field("version"),
            Submit("submit", "Send the answer"),
        )


class AcknowledgeAlertForm(forms.Form):
    action_taken = _textarea(
        "What have you done?",
        "Enter what you have done",
        hint="For example: rang Jay at school and spoke to him with his teacher; visited home the same day.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("action_taken", label_size=Size.MEDIUM, rows=5),
            Field("version"),
            Submit("submit", "I have acted on this"),
        )


class RequestAdvocateForm(forms.Form):
    asked_by_child = forms.TypedChoiceField(
        label="Who asked for an advocate?",
        coerce=lambda value: value == "child",
        choices=[("child", "The child asked"), ("worker", "I am asking for the child")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who asked for an advocate"},
    )
    words = _textarea("What could the advocate help with?", "", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("asked_by_child", legend_size=Size.SMALL, small=True),
            Field.textarea("words", label_size=Size.SMALL, rows=4),
            Submit("submit", "Ask for an advocate"),
        )


class AllocateAdvocateForm(forms.Form):
    advocate_name = forms.CharField(
        label="Advocate's name", max_length=120, error_messages={"required": "Enter the advocate's name"}
    )
    advocate_organisation = forms.CharField(label="Organisation (optional)", max_length=120, required=False)
    allocated_on = date_field("Date allocated", help_text="For example, 27 3 2026")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("advocate_name", field_width=20),
            Field.text("advocate_organisation", field_width=20),
            Field("allocated_on"),
            Field("version"),
            Submit("submit", "Save the advocate"),
        )


class CloseAdvocacyForm(forms.Form):
    reason = _textarea("Why is it closed?", "Enter why it is closed")
    closed_on = date_field("Date closed", help_text="For example, 27 3 2026")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.SMALL, rows=4),
            Field("closed_on"),
            Field("version"),
            Submit("submit", "Close the request"),
        )
