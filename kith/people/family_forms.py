"""Forms for the family network: adding relatives, changing relationships, ecomap connections,
network members and genogram reviews. GOV.UK wording for every error."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from kith.core.forms import date_field
from kith.people.codes import (
    ConnectionKind,
    ConnectionStrength,
    EmotionalTie,
    NetworkRole,
    NetworkStatus,
    PartnershipStatus,
    Sex,
    SupportFlow,
    TieDirection,
    Twin,
)
from kith.people.family_actions import CHILD, OTHER, PARENT, PARTNER, SIBLING, NewTie
from kith.people.family_rules import RoughDate, RoughDateError, parse_rough_date, rough_date_problem

ROUGH_DATE_HINT = "For example, 27 3 1980, March 1980, 1980 or about 1980"


class RoughDateField(forms.CharField):
    """A date as sure as the family is: a day, a month, a year or "about" a year."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", ROUGH_DATE_HINT)
        kwargs.setdefault("required", False)
        super().__init__(label=label, max_length=40, **kwargs)
        self.what = label.replace(" (optional)", "")

    def clean(self, value: Any) -> RoughDate | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            rough = parse_rough_date(text)
        except RoughDateError:
            raise forms.ValidationError(f"{self.what} must be a real date, a year, or about a year") from None
        problem = rough_date_problem(rough, today=timezone.localdate(), label=self.what)
        if problem:
            raise forms.ValidationError(problem)
        return rough


RELATION_CHOICES = [
    (PARENT, "Their parent"),
    (CHILD, "Their child"),
    (PARTNER, "Their partner, husband or wife"),
    (SIBLING, "Their brother or sister, with the same parents"),
    (OTHER, "Someone else close to them"),
]
DESCENT_CHOICES = [
    ("biological", "Birth parent or child"),
    ("adopted", "Adoptive"),
    ("step", "Step"),
    ("fostered", "Foster"),
]
NEW_PERSON = ""


def _blank(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class AddRelativeForm(forms.Form):
    """Add someone to the genogram beside a person already on it."""

    anchor = forms.TypedChoiceField(
        label="Who are they related to?", coerce=int, error_messages={"required": "Select who they are related to"}
    )
    relation = forms.ChoiceField(
        label="How are they related?",
        choices=RELATION_CHOICES,
        widget=forms.RadioSelect,
        help_text="For a half-brother or half-sister, add them as the child of the parent they share",
        error_messages={"required": "Select how they are related"},
    )
    existing = forms.TypedChoiceField(
        label="Someone already on the genogram (optional)",
        coerce=lambda value: int(value) if value else None,
        required=False,
        empty_value=None,
        help_text="Leave as someone new to add a new person",
    )
    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, required=False)
    born = RoughDateField(label="Date of birth (optional)")
    has_died = forms.BooleanField(label="They have died", required=False)
    died = RoughDateField(label="Date of death (optional)")
    descent = forms.ChoiceField(
        label="Parent and child: what kind?",
        choices=DESCENT_CHOICES,
        initial="biological",
        required=False,
        widget=forms.RadioSelect,
        help_text="Only for a parent or child",
    )
    partnership_status = forms.ChoiceField(
        label="Partners: what kind of relationship?",
        choices=_blank("Not a partner", PartnershipStatus.choices),
        required=False,
        help_text="Only for a partner",
    )
    together_since = RoughDateField(label="Together since (optional)")
    ended = RoughDateField(label="Separated or ended (optional)")
    twin = forms.ChoiceField(
        label="Brothers and sisters: are they twins?", choices=_blank("Not twins", Twin.choices), required=False
    )
    emotional_tie = forms.ChoiceField(
        label="How close are they? (optional)", choices=_blank("Not recorded", EmotionalTie.choices), required=False
    )
    is_trusted_adult = forms.BooleanField(label="The child trusts them", required=False)
    confirm = forms.BooleanField(label="Yes, these dates are right", required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = people  # type: ignore[attr-defined]
        self.fields["existing"].choices = [(NEW_PERSON, "Someone new"), *people]  # type: ignore[attr-defined]
        self.show_confirm = False
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("anchor"),
            Field.radios("relation", legend_size=Size.SMALL, small=True),
            Field.select("existing"),
            Fieldset(
                Field.text("given_name", field_width=20),
                Field.text("family_name", field_width=20),
                Field.radios("sex", legend_size=Size.SMALL, inline=True, small=True),
                Field.text("born", field_width=20),
                Field.checkbox("has_died", small=True),
                Field.text("died", field_width=20),
                legend="Someone new",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.radios("descent", legend_size=Size.SMALL, inline=True, small=True),
                Field.select("partnership_status"),
                Field.text("together_since", field_width=20),
                Field.text("ended", field_width=20),
                Field.select("twin"),
                Field.select("emotional_tie"),
                Field.checkbox("is_trusted_adult", small=True),
                legend="About the relationship",
                legend_size=Size.SMALL,
            ),
            Submit("submit", "Add to the genogram"),
        )

    def ask_to_confirm(self, message: str) -> None:
        """Show the confirmation box with the worry, as an error on it."""
        self.show_confirm = True
        self.helper.layout.insert(len(self.helper.layout) - 1, Field.checkbox("confirm"))
        self.add_error("confirm", message)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("existing") is None:
            if not cleaned.get("given_name"):
                self.add_error("given_name", "Enter their first name, or choose someone already on the genogram")
            if not cleaned.get("family_name"):
                self.add_error("family_name", "Enter their last name, or choose someone already on the genogram")
        born: RoughDate | None = cleaned.get("born")
        died: RoughDate | None = cleaned.get("died")
        if born and died and died.value < born.value:
            self.add_error("died", "Date of death must be the same as or after the date of birth")
        since: RoughDate | None = cleaned.get("together_since")
        ended: RoughDate | None = cleaned.get("ended")
        if since and ended and ended.value < since.value:
            self.add_error("ended", "The date they separated must be after they got together")
        if cleaned.get("partnership_status") and cleaned.get("relation") != PARTNER:
            self.add_error("partnership_status", "Leave this as 'Not a partner' unless they are a partner")
        return cleaned

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        born: RoughDate | None = data.get("born")
        died: RoughDate | None = data.get("died")
        return {
            "legal_given_name": data["given_name"],
            "legal_family_name": data["family_name"],
            "sex": data.get("sex") or Sex.NOT_KNOWN,
            "date_of_birth": born.value if born else None,
            "date_of_birth_accuracy": born.accuracy if born else "exact",
            "date_of_death": died.value if died else None,
            "date_of_death_accuracy": died.accuracy if died else "exact",
            "is_deceased": bool(data.get("has_died") or died),
        }

    def new_tie(self) -> NewTie:
        data = self.cleaned_data
        since: RoughDate | None = data.get("together_since")
        ended: RoughDate | None = data.get("ended")
        relation = data["relation"]
        status = data.get("partnership_status") or ""
        if relation == PARTNER and not status:
            status = PartnershipStatus.SEPARATED if ended else PartnershipStatus.COHABITING
        return NewTie(
            relation=relation,
            descent=data.get("descent") or "biological",
            partnership_status=status,
            twin=data.get("twin") or "",
            emotional_tie=data.get("emotional_tie") or "",
            starts_on=since.value if since else None,
            starts_on_accuracy=since.accuracy if since else "exact",
            ends_on=ended.value if ended else None,
            ends_on_accuracy=ended.accuracy if ended else "exact",
            is_trusted_adult=bool(data.get("is_trusted_adult")),
        )


class ChangeRelationshipForm(forms.Form):
    """Change or end a relationship already on the record."""

    partnership_status = forms.ChoiceField(
        label="Partners: what kind of relationship?",
        choices=_blank("Not a partnership", PartnershipStatus.choices),
        required=False,
    )
    emotional_tie = forms.ChoiceField(
        label="How close are they?", choices=_blank("Not recorded", EmotionalTie.choices), required=False
    )
    tie_direction = forms.ChoiceField(
        label="Which way does it go?",
        choices=TieDirection.choices,
        required=False,
        help_text="For an abusive relationship: who harms whom",
    )
    starts_on = RoughDateField(label="Started (optional)")
    ends_on = RoughDateField(label="Ended (optional)", help_text=f"Leave empty if it has not ended. {ROUGH_DATE_HINT}")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, is_partnership: bool, direction_labels: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["tie_direction"].choices = direction_labels  # type: ignore[attr-defined]
        self.helper = FormHelper()
        fields: list[Any] = [Field.select("partnership_status")] if is_partnership else []
        if not is_partnership:
            del self.fields["partnership_status"]
        self.helper.layout = Layout(
            *fields,
            Field.select("emotional_tie"),
            Field.radios("tie_direction", legend_size=Size.SMALL, small=True),
            Field.text("starts_on", field_width=20),
            Field.text("ends_on", field_width=20),
            Field("version"),
            Submit("submit", "Save changes"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts: RoughDate | None = cleaned.get("starts_on")
        ends: RoughDate | None = cleaned.get("ends_on")
        if starts and ends and ends.value < starts.value:
            self.add_error("ends_on", "The date it ended must be after it started")
        return cleaned

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts: RoughDate | None = data.get("starts_on")
        ends: RoughDate | None = data.get("ends_on")
        changes: dict[str, Any] = {
            "emotional_tie": data.get("emotional_tie") or "",
            "tie_direction": data.get("tie_direction") or "both",
            "starts_on": starts.value if starts else None,
            "starts_on_accuracy": starts.accuracy if starts else "exact",
            "ends_on": ends.value if ends else None,
            "ends_on_accuracy": ends.accuracy if ends else "exact",
        }
        if "partnership_status" in self.fields and data.get("partnership_status"):
            changes["partnership_status"] = data["partnership_status"]
        return changes


class ConnectionForm(forms.Form):
    """Someone or something in the child's world, for the ecomap."""

    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the name of the person, group or agency"}
    )
    kind = forms.ChoiceField(
        label="What kind?",
        choices=_blank("Select", ConnectionKind.choices),
        error_messages={"required": "Select what kind of connection this is"},
    )
    detail = forms.CharField(
        label="Detail (optional)", max_length=200, required=False, help_text="For example, Year 5, or a contact name"
    )
    strength = forms.ChoiceField(
        label="How is the connection?",
        choices=ConnectionStrength.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how strong the connection is"},
    )
    support_flow = forms.ChoiceField(
        label="Which way does support go?", choices=SupportFlow.choices, initial=SupportFlow.TO_CHILD
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.select("kind"),
            Field.text("detail", field_width=20),
            Field.radios("strength", legend_size=Size.SMALL, inline=True, small=True),
            Field.select("support_flow"),
            Submit("submit", "Add to the ecomap"),
        )


class NetworkMemberForm(forms.Form):
    """Someone who is, or could be, in the child's support or safety network."""

    person = forms.TypedChoiceField(
        label="Who (optional)",
        coerce=lambda value: int(value) if value else None,
        required=False,
        empty_value=None,
        help_text="Someone already on the genogram or in the child's relationships",
    )
    description = forms.CharField(
        label="Or describe who they are (optional)",
        max_length=200,
        required=False,
        help_text="For example, dad's sister, name not known yet",
    )
    role = forms.ChoiceField(label="Network", choices=NetworkRole.choices, widget=forms.RadioSelect)
    part = forms.CharField(
        label="Their part (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What they do, or could do, for the child",
    )
    status = forms.ChoiceField(label="Where are we with them?", choices=NetworkStatus.choices)
    is_lifelong_connection = forms.BooleanField(label="A lifelong connection for the child", required=False)
    phone = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    asked_on = date_field("Date asked (optional)", required=False, help_text="For example, 27 3 2026")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Not on the record yet"), *people]  # type: ignore[attr-defined]
        if editing:
            self.fields["version"].required = True
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("person"),
            Field.text("description"),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.textarea("part"),
            Field.select("status"),
            Field.checkbox("is_lifelong_connection", small=True),
            Field.text("phone", field_width=20),
            Field.text("email", field_width=20),
            Field("asked_on"),
            Field("version"),
            Submit("submit", "Save changes" if editing else "Add to the network"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("person") is None and not cleaned.get("description"):
            self.add_error("description", "Choose who they are, or describe them")
        asked = cleaned.get("asked_on")
        if asked and asked > timezone.localdate():
            self.add_error("asked_on", "Date asked must be today or in the past")
        return cleaned


class GenogramReviewForm(forms.Form):
    reviewed_on = date_field("Date reviewed", help_text="For example, 27 3 2026")
    mothers_side_explored = forms.BooleanField(
        label="The mother's side of the family has been explored, even if no one was found", required=False
    )
    fathers_side_explored = forms.BooleanField(
        label="The father's side of the family has been explored, even if no one was found", required=False
    )
    no_siblings = forms.BooleanField(label="The child has no brothers or sisters", required=False)
    note = forms.CharField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("reviewed_on"),
            Fieldset(
                Field.checkbox("mothers_side_explored", small=True),
                Field.checkbox("fathers_side_explored", small=True),
                Field.checkbox("no_siblings", small=True),
                legend="What was explored with the family",
                legend_size=Size.SMALL,
            ),
            Field.textarea("note"),
            Submit("submit", "Record the review"),
        )

    def clean_reviewed_on(self) -> Any:
        value = self.cleaned_data["reviewed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date reviewed must be today or in the past")
        return value
