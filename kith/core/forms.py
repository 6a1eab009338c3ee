"""Forms of the core app, laid out with crispy-forms-gds in GOV.UK style."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask your administrator",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )


class AccessReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text="Your reason is recorded and shown to the child's team manager.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why you need to open this record"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM), Submit("submit", "Open the record")
        )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Reason must be 10 characters or more")
        return reason


class GovUKDateField(DateInputField):
    """The GOV.UK date input (day, month, year), with messages that name the field."""

    def __init__(self, *, label: str, required_message: str = "", **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.invalid_message = f"{label} must be a real date"
        if required_message:
            self.error_messages.update(required=required_message, incomplete=required_message)
        self.error_messages["invalid"] = self.invalid_message

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise forms.ValidationError(self.invalid_message, code="invalid") from None


def date_field(label: str, *, required_message: str = "", required: bool = True, help_text: str = "") -> GovUKDateField:
    return GovUKDateField(
        label=label,
        required_message=required_message,
        required=required,
        help_text=help_text or "For example, 27 3 2026",
    )
