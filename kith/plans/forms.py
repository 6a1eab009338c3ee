"""Forms for plans: starting one, goals, actions, the safety plan, reviews and closing.

GOV.UK wording for every error. The forms check what a user can get wrong while typing; the
actions check the rules again (and the rules the database keeps), so nothing depends on a form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Field,
    Fieldset,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.utils import timezone

from kith.assessments.models import ScalingWho
from kith.assessments.rules import scaling_problem
from kith.core.forms import date_field
from kith.journey.codes import CategoryOfAbuse
from kith.plans.models import ActionStatus, AttendeeRole, GoalStatus, OwnerKind, PlanKind
from kith.plans.rules import new_action_date_problem

ONE_A_LINE = "Write each one on a new line"
Choices = list[tuple[Any, str]]


def _optional_int(value: str) -> int | None:
    return int(value) if value else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _helper(*fields: Any, submit: str | None) -> FormHelper:
    helper = FormHelper()
    layout = list(fields)
    if submit:
        layout.append(Submit("submit", submit))
    else:
        helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


class StartPlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of plan?",
        choices=PlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of plan"},
    )
    category_of_abuse = forms.ChoiceField(
        label="Category of abuse",
        choices=CategoryOfAbuse.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for a child protection plan: as decided at the initial child protection conference",
    )
    starts_on = date_field("Date the plan started", required_message="Enter the date the plan started")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Two plain questions rather than a conditional reveal: crispy-forms-gds gives every radio
        # of a ConditionalRadios an aria-controls, pointing at nothing for the plain ones (axe fails).
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.radios("category_of_abuse", legend_size=Size.SMALL, small=True),
            Field("starts_on"),
            submit="Start the plan",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == PlanKind.CHILD_PROTECTION:
            if not cleaned.get("category_of_abuse"):
                self.add_error("category_of_abuse", "Select the category of abuse")
        else:
            cleaned["category_of_abuse"] = ""  # chosen, then another kind of plan picked
        starts = cleaned.get("starts_on")
        if starts and starts > timezone.localdate():
            self.add_error("starts_on", "Date the plan started must be today or in the past")
        return cleaned


class GoalForm(forms.Form):
    words = forms.CharField(
        label="The goal, in the family's own words",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write it as they said it, for example: 'Mum gets the kids to school on time every day'",
        error_messages={"required": "Enter the goal in the family's own words"},
    )
    whose_words = forms.CharField(
        label="Whose words are these?",
        max_length=120,
        help_text="For example, Jay, or Chloé (Jay's mum)",
        error_messages={"required": "Enter whose words these are"},
    )
    status = forms.ChoiceField(label="How is it going?", choices=GoalStatus.choices, initial=GoalStatus.WORKING)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field.textarea("words", rows=3), Field.text("whose_words", field_width=20)]
        if editing:
            fields.append(Field.select("status"))
        else:
            del self.fields["status"]
        self.helper = _helper(*fields, Field("version"), submit="Save changes" if editing else "Add the goal")


class ActionForm(forms.Form):
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will be done"},
    )
    owner_kind = forms.ChoiceField(
        label="Who will do this?",
        choices=OwnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who will do this"},
    )
    owner_name = forms.CharField(
        label="Their name, or the agency's",
        max_length=120,
        help_text="For example, Chloé Smith, Aunt Grace, Riverside Primary School",
        error_messages={"required": "Enter who will do this"},
    )
    owner_person = forms.TypedChoiceField(
        label="Someone on the child's record (optional)",
        coerce=_optional_int,
        empty_value=None,
        required=False,
        help_text="Links the action to them",
    )
    by_date = date_field("Date to be done by", required_message="Enter the date this will be done by")
    goal = forms.TypedChoiceField(
        label="Which goal does it help with? (optional)", coerce=_optional_int, empty_value=None, required=False
    )
    status = forms.ChoiceField(
        label="Where is it up to?",
        choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
        help_text="To record an action already done or not done, choose that and give the date it was due",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        people: Choices,
        goals: Choices,
        editing: bool = False,
        was_by: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].choices = [("", "Not linked"), *people]  # type: ignore[attr-defined]
        self.fields["goal"].choices = [("", "Not linked to a goal"), *goals]  # type: ignore[attr-defined]
        self.was_by = was_by
        self.helper = _helper(
            Field.textarea("what", rows=3),
            Field.radios("owner_kind", legend_size=Size.SMALL, small=True),
            Field.text("owner_name", field_width=20),
            Field.select("owner_person"),
            Field("by_date"),
            Field.select("goal"),
            Field.select("status"),
            Field("version"),
            submit="Save changes" if editing else "Add the action",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        by_date = cleaned.get("by_date")
        if by_date != self.was_by:  # an unchanged past date on an old action is left alone
            problem = new_action_date_problem(
                by_date=by_date, status=cleaned.get("status", ""), today=timezone.localdate()
            )
            if problem:
                self.add_error(*problem)
        return cleaned


class ActionStatusForm(forms.Form):
    """Where one action is up to, from a row of the plan's actions table (the view lays it out)."""

    helper: FormHelper
    status = forms.ChoiceField(label="Where is it up to?", choices=ActionStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SafetyPlanForm(forms.Form):
    rules = forms.CharField(
        label="The rules",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=f"What everyone agreed will happen to keep the child safe, in plain words. {ONE_A_LINE}",
    )
    triggers = forms.CharField(
        label="What would show the plan is not working",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=ONE_A_LINE,
    )
    fallbacks = forms.CharField(
        label="What happens if the plan fails",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=ONE_A_LINE,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("rules", rows=5),
            Field.textarea("triggers", rows=4),
            Field.textarea("fallbacks", rows=4),
            Field("version"),
            submit=None,
        )

    def lists(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            "safety_rules": _lines(data["rules"]),
            "triggers": _lines(data["triggers"]),
            "fallbacks": _lines(data["fallbacks"]),
        }


class SafetyRoleForm(forms.Form):
    """One person in the safety network and their part. Blank rows are left out."""

    network_member = forms.TypedChoiceField(
        label="Someone in the network", coerce=_optional_int, empty_value=None, required=False
    )
    name = forms.CharField(label="Or their name", max_length=120, required=False)
    part = forms.CharField(label="Their part", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, members: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network_member"].choices = [("", "Choose someone"), *members]  # type: ignore[attr-defined]
        self.helper = _helper(
            Fieldset(
                Field.select("network_member"),
                Field.text("name", field_width=20),
                Field.textarea("part", rows=2),
                legend=f"Person {int(self.prefix.rsplit('-', 1)[-1]) + 1 if self.prefix else 1}",
                legend_size=Size.SMALL,
            ),
            submit=None,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        someone = cleaned.get("network_member") or (cleaned.get("name") or "").strip()
        part = (cleaned.get("part") or "").strip()
        if part and not someone:
            self.add_error("name", "Enter who in the network, or choose them")
        if someone and not part:
            self.add_error("part", "Enter their part in the safety plan")
        cleaned["is_blank"] = not someone and not part
        return cleaned


class BaseRowsFormSet(forms.BaseFormSet):
    """Rows a page offers more of than it needs: blank rows are left out of `rows()`."""

    def rows(self) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self.forms if not form.cleaned_data.get("is_blank", True)]


def safety_role_formset(members: Choices, *, data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    formset_class = forms.formset_factory(SafetyRoleForm, formset=BaseRowsFormSet, extra=2)
    return formset_class(data, initial=initial, prefix="network", form_kwargs={"members": members})


class ReviewForm(forms.Form):
    held_on = date_field("Date of the review", required_message="Enter the date of the review")
    next_review_on = date_field(
        "Date of the next review", required_message="Enter the date of the next review", help_text=""
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What has changed for the child, what is working well, what the family said",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, due_hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].help_text = due_hint or "For example, 27 3 2027"
        self.helper = _helper(Field("held_on"), Field.textarea("summary", rows=5), Field("version"), submit=None)
        self.next_helper = _helper(Field("next_review_on"), submit=None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        held, following = cleaned.get("held_on"), cleaned.get("next_review_on")
        if held and held > timezone.localdate():
            self.add_error("held_on", "Date of the review must be today or in the past")
        if held and following and following <= held:
            self.add_error("next_review_on", "Date of the next review must be after the date of the review")
        return cleaned


YES_NO = [("yes", "Yes"), ("no", "No")]


class AttendeeForm(forms.Form):
    """Someone invited to the review. A row with no name is left out."""

    name = forms.CharField(label="Name", max_length=120, required=False)
    role = forms.ChoiceField(label="Their part", choices=[("", "Select"), *AttendeeRole.choices], required=False)
    attended = forms.ChoiceField(label="Did they come?", choices=YES_NO, widget=forms.RadioSelect, required=False)
    views_brought_by = forms.CharField(
        label="If the child did not come, how were their views brought?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example, a letter they wrote, a drawing, or what they told their advocate",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        self.helper = _helper(
            Fieldset(
                Field.text("name", field_width=20),
                Field.select("role"),
                Field.radios("attended", legend_size=Size.SMALL, inline=True, small=True),
                Field.textarea("views_brought_by", rows=2),
                legend=f"Person {number}",
                legend_size=Size.SMALL,
            ),
            submit=None,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = (cleaned.get("name") or "").strip()
        cleaned["is_blank"] = not name
        if not name:
            if cleaned.get("role") or (cleaned.get("views_brought_by") or "").strip():
                self.add_error("name", "Enter their name")
            return cleaned
        if not cleaned.get("role"):
            self.add_error("role", f"Select {name}'s part in the review")
        if not cleaned.get("attended"):
            self.add_error("attended", f"Select whether {name} came to the review")
        is_absent_child = cleaned.get("role") == AttendeeRole.CHILD and cleaned.get("attended") == "no"
        if is_absent_child and not (cleaned.get("views_brought_by") or "").strip():
            self.add_error("views_brought_by", "Enter how the child's views were brought to the review")
        return cleaned


def attendee_formset(*, data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    formset_class = forms.formset_factory(AttendeeForm, formset=BaseRowsFormSet, extra=3)
    return formset_class(data, initial=initial, prefix="attendees")


class ScalingForm(forms.Form):
    """One person asked the scaling question. A row with no score and no reason is left out."""

    who = forms.ChoiceField(label="Who", choices=[("", "Select"), *ScalingWho.choices], required=False)
    name = forms.CharField(label="Their name or agency", max_length=120, required=False)
    score = forms.IntegerField(
        label="Score, 0 to 10",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Score must be a number from 0 to 10"},
    )
    reason = forms.CharField(label="Their reason", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        self.helper = _helper(
            Fieldset(
                Field.select("who"),
                Field.text("name", field_width=20),
                Field.text("score", field_width=2),
                Field.textarea("reason", rows=2),
                legend=f"Person asked {number}",
                legend_size=Size.SMALL,
            ),
            submit=None,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        score, reason = cleaned.get("score"), (cleaned.get("reason") or "").strip()
        cleaned["is_blank"] = score is None and not reason and "score" not in self.errors
        if cleaned["is_blank"]:
            return cleaned
        problem = scaling_problem(score)
        if problem and "score" not in self.errors:
            self.add_error("score", problem)
        if not (cleaned.get("name") or "").strip():
            self.add_error("name", "Enter the name of the person asked")
        if not cleaned.get("who"):
            self.add_error("who", "Select who was asked")
        return cleaned


def scaling_formset(*, data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    formset_class = forms.formset_factory(ScalingForm, formset=BaseRowsFormSet, extra=2)
    return formset_class(data, initial=initial, prefix="scaling")


class ProgressForm(forms.Form):
    """Where each action is up to and how each goal is going, with a note on each."""

    def __init__(
        self, *args: Any, actions: list[tuple[int, str, str]], goals: list[tuple[int, str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.action_ids = [pk for pk, _, _ in actions]
        self.goal_ids = [pk for pk, _, _ in goals]
        layout: list[Any] = []
        for pk, label, status in goals:
            layout.append(self._pair("goal", pk, label, status, GoalStatus.choices, "How is it going?"))
        for pk, label, status in actions:
            layout.append(self._pair("action", pk, label, status, ActionStatus.choices, "Where is it up to?"))
        self.helper = _helper(*layout, submit=None)

    def _pair(self, kind: str, pk: int, label: str, status: str, choices: Choices, question: str) -> Fieldset:
        self.fields[f"{kind}_{pk}_status"] = forms.ChoiceField(label=question, choices=choices, initial=status)
        self.fields[f"{kind}_{pk}_note"] = forms.CharField(
            label="Note (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
        )
        return Fieldset(
            Field.select(f"{kind}_{pk}_status"),
            Field.textarea(f"{kind}_{pk}_note", rows=2),
            legend=label,
            legend_size=Size.SMALL,
        )

    def progress(self, kind: str) -> list[tuple[int, str, str]]:
        ids = self.action_ids if kind == "action" else self.goal_ids
        data = self.cleaned_data
        return [(pk, data[f"{kind}_{pk}_status"], data[f"{kind}_{pk}_note"]) for pk in ids]


class ClosePlanForm(forms.Form):
    ends_on = date_field("Date the plan ended", required_message="Enter the date the plan ended")
    reason = forms.CharField(
        label="Why is the plan ending?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the plan is ending"},
        help_text="For example, the goals are met and the family agree, or the child now has a child protection plan",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("ends_on"), Field.textarea("reason", rows=4), Field("version"), submit="Close the plan"
        )

    def clean_ends_on(self) -> Any:
        value = self.cleaned_data["ends_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date the plan ended must be today or in the past")
        return value
