"""Forms for oversight, supervision, group supervision, audits and their actions, in GOV.UK style."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from kith.core.forms import date_field
from kith.standards.models import Grade
from kith.standards.rules import ActionInput

Choices = list[tuple[int, str]]


def _text(label: str, message: str, *, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
        max_length=10000,
        error_messages={"required": message},
    )


class ActionFields(forms.Form):
    """An optional action: what, who and by when. All three, or none."""

    action_what = _text("What needs to happen (optional)", "", required=False, rows=2)
    action_owner = forms.TypedChoiceField(label="Who will do it", coerce=int, required=False, empty_value=None)
    action_due_on = date_field("By when", required=False)

    def __init__(self, *args: Any, owners: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].choices = [("", "Choose someone"), *owners]  # type: ignore[attr-defined]

    def action_layout(self) -> Fieldset:
        return Fieldset(
            Field.textarea("action_what"),
            Field.select("action_owner"),
            Field("action_due_on"),
            legend="An action (optional)",
            legend_size=Size.MEDIUM,
        )

    def actions(self) -> list[ActionInput]:
        data = self.cleaned_data
        if (
            not (data.get("action_what") or "").strip()
            and not data.get("action_owner")
            and not data.get("action_due_on")
        ):
            return []
        return [ActionInput(data.get("action_what") or "", data.get("action_owner"), data.get("action_due_on"))]


class OversightForm(ActionFields):
    recorded_on = date_field("Date of the oversight", required_message="Enter the date of the oversight")
    decision = _text("Decision", "Enter the decision")
    rationale = _text("Why", "Enter why you made this decision")

    field_order = ["recorded_on", "decision", "rationale", "action_what", "action_owner", "action_due_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("recorded_on"),
            Field.textarea("decision"),
            Field.textarea("rationale"),
            self.action_layout(),
            Submit("submit", "Record the oversight"),
        )


class SupervisionForm(ActionFields):
    held_on = date_field("Date of the supervision", required_message="Enter the date of the supervision")
    reflection = _text("Reflection", "Enter the reflection")
    analysis = _text("Analysis", "Enter the analysis")
    done = forms.TypedMultipleChoiceField(
        label="Actions carried forward that are now done",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["held_on", "reflection", "analysis", "done", "action_what", "action_owner", "action_due_on"]

    def __init__(self, *args: Any, carried: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = carried  # type: ignore[attr-defined]
        parts: list[Any] = [Field("held_on"), Field.textarea("reflection"), Field.textarea("analysis")]
        if carried:
            parts.append(Field.checkboxes("done", legend_size=Size.MEDIUM, small=True))
        else:
            del self.fields["done"]
        self.helper = FormHelper()
        self.helper.layout = Layout(*parts, self.action_layout(), Submit("submit", "Record the supervision"))


class GroupSupervisionForm(forms.Form):
    held_on = date_field("Date of the group supervision", required_message="Enter the date of the group supervision")
    theme = forms.CharField(label="Theme", max_length=200, error_messages={"required": "Enter the theme"})
    reflection = _text("Reflection", "Enter the reflection")
    learning = _text("What we learned (optional)", "", required=False)
    attendees = forms.TypedMultipleChoiceField(
        label="Who came", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    children = forms.TypedMultipleChoiceField(
        label="Children whose cases were discussed", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: Choices, children: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = members  # type: ignore[attr-defined]
        self.fields["children"].choices = children  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("held_on"),
            Field.text("theme"),
            Field.textarea("reflection"),
            Field.textarea("learning"),
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.checkboxes("children", legend_size=Size.SMALL, small=True),
            Submit("submit", "Record the group supervision"),
        )


GRADE_CHOICES = [(g.value, g.label) for g in Grade]


class AuditForm(forms.Form):
    grade = forms.ChoiceField(
        label="Grade", choices=GRADE_CHOICES, widget=forms.RadioSelect, error_messages={"required": "Select a grade"}
    )
    strengths = _text("What is working well", "Enter what is working well")
    improvements = _text("What needs to improve", "", required=False)
    learning_what = _text("A learning action for the worker (optional)", "", required=False, rows=2)
    learning_due_on = date_field("By when", required=False)

    def __init__(self, *args: Any, worker_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker_id = worker_id
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.textarea("strengths"),
            Field.textarea("improvements"),
            Fieldset(
                Field.textarea("learning_what"),
                Field("learning_due_on"),
                legend="Learning for the worker",
                legend_size=Size.MEDIUM,
            ),
            Submit("submit", "Grade the audit"),
        )

    def actions(self) -> list[ActionInput]:
        what = (self.cleaned_data.get("learning_what") or "").strip()
        due: date | None = self.cleaned_data.get("learning_due_on")
        if not what and not due:
            return []
        return [ActionInput(what, self.worker_id, due)]


class ModerateForm(forms.Form):
    grade = forms.ChoiceField(
        label="Moderated grade",
        choices=GRADE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the moderated grade"},
    )
    note = _text("Moderation note", "", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.textarea("note"),
            Field("version"),
            Submit("submit", "Moderate the audit"),
        )


class ActionDoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
