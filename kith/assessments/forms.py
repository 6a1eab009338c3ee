"""Forms of the assessments app, laid out with crispy-forms-gds in GOV.UK style.

Forms check what a form can (a field filled in, a real date); the actions check the rest and
their refusals are shown on the field at fault. The mapping's forms share one page, so each
has its own prefix and its fields their own ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from kith.assessments.codes import FACTOR_GROUPS, AssessmentKind, AssessmentStatus, factor_short_label
from kith.assessments.models import DangerStatement, ScalingWho
from kith.assessments.rules import factors_problem
from kith.core.forms import date_field

ROWS = 4


def _text(label: str, message: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": ROWS}),
        help_text=help_text,
        error_messages={"required": message},
    )


def _not_in_future(value: Any, label: str) -> Any:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past")
    return value


class StartAssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which assessment?",
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which assessment to start"},
    )
    starts_on = date_field(
        "Start date",
        required_message="Enter the start date",
        help_text=(
            "For a child and family assessment, the date of the referral. For an early help assessment, "
            "the day early help started. For example, 27 3 2026"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field("starts_on"),
            Submit("submit", "Start the assessment"),
        )

    def clean_starts_on(self) -> Any:
        return _not_in_future(self.cleaned_data["starts_on"], "Start date")


class SectionsForm(forms.Form):
    """The Assessment Framework's three domains, then the practitioner's analysis, decision and
    recommendation."""

    child_development = _text("The child's developmental needs", "", required=False)
    parenting_capacity = _text("Parenting capacity", "", required=False)
    family_environment = _text("Family and environmental factors", "", required=False)
    analysis = _text(
        "Analysis",
        "",
        required=False,
        help_text="What the information means for the child: your professional judgement, and why.",
    )
    decision = _text("Decision", "", required=False, help_text="For example, a child in need plan, or early help.")
    recommendation = _text("Recommendation", "", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                Field.textarea("child_development", rows=6),
                Field.textarea("parenting_capacity", rows=6),
                Field.textarea("family_environment", rows=6),
                legend="The Assessment Framework",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("analysis", rows=8),
                Field.textarea("decision", rows=ROWS),
                Field.textarea("recommendation", rows=ROWS),
                legend="Analysis and decision",
                legend_size=Size.MEDIUM,
            ),
            Field("version"),
            Submit("submit", "Save changes"),
        )

    def changes(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in self.fields if name != "version"}


def _group_field(n: int) -> str:
    return f"group_{n}"


class FactorsForm(forms.Form):
    """The DfE's assessment factors as checkboxes, one group of them per fieldset."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, chosen: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = chosen or []
        layout: list[Any] = []
        for n, (heading, codes) in enumerate(FACTOR_GROUPS):
            name = _group_field(n)
            self.fields[name] = forms.MultipleChoiceField(
                label=heading,
                required=False,
                choices=[(code, factor_short_label(code)) for code in codes],
                widget=forms.CheckboxSelectMultiple,
                initial=[code for code in codes if code in chosen],
            )
            layout.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Field("version"), Submit("submit", "Save the factors"))

    def factors(self) -> list[str]:
        return [code for n in range(len(FACTOR_GROUPS)) for code in self.cleaned_data.get(_group_field(n), [])]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problem = factors_problem(self.factors())
        if problem:
            self.add_error(_group_field(len(FACTOR_GROUPS) - 1), problem[1])
        return cleaned


# --- The mapping ------------------------------------------------------------------------------------------


class StatementForm(forms.Form):
    """A mapping statement's form: its fields come from the kind of statement."""

    kind = ""

    def __init__(self, *args: Any, labels: Mapping[str, str], action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.kind)
        super().__init__(*args, **kwargs)
        self.labels = labels
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.button()))

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("text", rows=3)]

    def button(self) -> str:
        return "Add"

    def statement_fields(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class HarmForm(StatementForm):
    kind = "harm"
    text = _text(
        "What has happened", "Enter what has happened", help_text="When it happened and its impact on the child."
    )

    def button(self) -> str:
        return f"Add to {self.labels['harm'].lower()}"


class DangerForm(StatementForm):
    kind = "danger"
    who_is_worried = forms.CharField(
        label="Who is worried",
        max_length=200,
        error_messages={"required": "Enter who is worried"},
        help_text="For example, the school, the social worker and Jayden's nan",
    )
    worry = _text("What are they worried could happen?", "Enter what they are worried about")
    impact = _text(
        "What would it mean for the child if nothing changes?",
        "Enter what it would mean for the child if nothing changes",
    )

    def layout_fields(self) -> list[Any]:
        return [Field.text("who_is_worried"), Field.textarea("worry", rows=3), Field.textarea("impact", rows=3)]

    def button(self) -> str:
        return f"Add a {self.labels['danger'].lower()}"


class ComplicatingForm(StatementForm):
    kind = "complicating"
    text = _text("What makes things harder?", "Enter what makes things harder")

    def button(self) -> str:
        return f"Add to {self.labels['complicating'].lower()}"


class StrengthForm(StatementForm):
    kind = "strength"
    text = _text("What is working well?", "Enter what is working well")

    def button(self) -> str:
        return f"Add to {self.labels['strength'].lower()}"


class SafetyForm(StatementForm):
    kind = "safety"
    text = _text("What is already keeping the child safe?", "Enter what is already keeping the child safe")

    def button(self) -> str:
        return f"Add to {self.labels['existing_safety'].lower()}"


class GoalForm(StatementForm):
    kind = "goal"
    danger = forms.TypedChoiceField(
        label="Which worry does it answer?",
        coerce=int,
        error_messages={"required": "Select the worry this goal answers"},
    )
    text = _text("What does everyone need to see happening?", "Enter what everyone needs to see happening")

    def __init__(self, *args: Any, dangers: list[DangerStatement], **kwargs: Any) -> None:
        self.dangers = {d.pk: d for d in dangers}
        super().__init__(*args, **kwargs)
        self.fields["danger"].label = f"Which {self.labels['danger'].lower()} does it answer?"
        self.fields["danger"].choices = [("", "Select"), *((d.pk, str(d)[:120]) for d in dangers)]  # type: ignore[attr-defined]
        self.fields["danger"].error_messages["required"] = (
            f"Select the {self.labels['danger'].lower()} this goal answers"
        )
        self.fields["danger"].error_messages["invalid_choice"] = self.fields["danger"].error_messages["required"]

    def layout_fields(self) -> list[Any]:
        return [Field.select("danger"), Field.textarea("text", rows=3)]

    def button(self) -> str:
        return f"Add a {self.labels['goal'].lower()}"

    def statement_fields(self) -> dict[str, Any]:
        return {"danger": self.dangers[self.cleaned_data["danger"]], "text": self.cleaned_data["text"]}


class NextStepForm(StatementForm):
    kind = "next_step"
    what = _text("What needs to happen?", "Enter what needs to happen")
    owner = forms.CharField(
        label="Who will do it?",
        max_length=200,
        error_messages={"required": "Enter who will do this"},
        help_text="A family member, someone in the network, an agency or the practitioner",
    )
    due_on = date_field("By when?", required_message="Enter the date this will be done by")

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("what", rows=2), Field.text("owner", field_width=20), Field("due_on")]

    def button(self) -> str:
        return "Add a next step"


STATEMENT_FORMS: dict[str, type[StatementForm]] = {
    form.kind: form
    for form in (HarmForm, DangerForm, ComplicatingForm, StrengthForm, SafetyForm, GoalForm, NextStepForm)
}


# --- Scaling and sign-off ---------------------------------------------------------------------------------

SCORE_CHOICES = [(str(n), str(n)) for n in range(11)]


class ScalingForm(forms.Form):
    asked_on = date_field("Date asked", required_message="Enter the date they were asked")
    who = forms.ChoiceField(
        label="Who was asked?",
        choices=ScalingWho.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who was asked"},
    )
    name = forms.CharField(
        label="Their name, or the agency's",
        max_length=120,
        error_messages={"required": "Enter the name of the person or agency asked"},
        help_text="For example, Jayden, his mum Chloé, or Riverside Primary School",
    )
    score = forms.TypedChoiceField(
        label="Their score",
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a score from 0 to 10",
            "invalid_choice": "Score must be a number from 0 to 10",
        },
    )
    reason = _text("Why did they give this score? (optional)", "", required=False, help_text="In their own words.")

    def __init__(self, *args: Any, question: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].help_text = question
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("asked_on"),
            Field.radios("who", legend_size=Size.SMALL, small=True),
            Field.text("name", field_width=20),
            Field.radios("score", legend_size=Size.SMALL, inline=True),
            Field.textarea("reason", rows=3),
            Submit("submit", "Record the score"),
        )

    def clean_asked_on(self) -> Any:
        return _not_in_future(self.cleaned_data["asked_on"], "Date asked")


class SubmitForm(forms.Form):
    completed_on = date_field("Date completed", required_message="Enter the date the assessment was completed")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("completed_on"), Field("version"), Submit("submit", "Send to a manager for a decision")
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[
            (AssessmentStatus.AUTHORISED, "Authorise the assessment"),
            (AssessmentStatus.RETURNED, "Return it for more work"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to authorise the assessment or return it for more work"},
    )
    rationale = _text(
        "The reason for your decision",
        "Enter the reason for your decision",
        help_text="It is recorded with the assessment and shown to the practitioner.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("rationale", rows=5),
            Field("version"),
            Submit("submit", "Record the decision"),
        )

    def clean_rationale(self) -> str:
        rationale: str = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError("Enter the reason for your decision")
        return rationale
