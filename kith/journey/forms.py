"""Forms on the child's journey: visits and episodes."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.db.models import QuerySet

from kith.core.forms import date_field
from kith.core.models import User
from kith.journey.codes import ChildSeen, ClosureReason, PrimaryNeed, ReferralSource, Stage, VisitPlace

TEXTAREA = {"rows": 3}


class VisitForm(forms.Form):
    visited_on = date_field("Date of visit", required_message="Enter the date of the visit")
    place = forms.ChoiceField(
        label="Where did you see the child?",
        choices=VisitPlace.choices,
        widget=forms.RadioSelect,
        initial=VisitPlace.HOME,
        error_messages={"required": "Select where the visit took place"},
    )
    who_was_present = forms.CharField(
        label="Who was present (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen?",
        choices=ChildSeen.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child was seen"},
    )
    not_seen_reason = forms.CharField(
        label="If not seen, why not?", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    child_words = forms.CharField(
        label="The child's own words (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Write what the child said, as they said it. Your analysis goes below.",
    )
    what_i_saw = forms.CharField(label="What you saw (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA))
    what_i_heard = forms.CharField(
        label="What you heard (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    what_i_smelled = forms.CharField(
        label="What you smelled (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    what_i_felt = forms.CharField(
        label="What you felt (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    analysis = forms.CharField(label="Your analysis (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA))
    next_steps = forms.CharField(label="Next steps (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("visited_on"),
            Field.radios("place", legend_size=Size.SMALL),
            Field.textarea("who_was_present"),
            Field.radios("child_seen", legend_size=Size.SMALL, inline=True),
            Field.textarea("not_seen_reason"),
            Field.textarea("child_words", label_size=Size.MEDIUM),
            Fieldset(
                Field.textarea("what_i_saw"),
                Field.textarea("what_i_heard"),
                Field.textarea("what_i_smelled"),
                Field.textarea("what_i_felt"),
                legend="The child's world: what your senses told you",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("analysis"),
            Field.textarea("next_steps"),
            Submit("submit", "Save visit"),
        )


class OpenEpisodeForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, error_messages={"required": "Select the stage"})
    starts_on = date_field("Start date", required_message="Enter the start date")
    close_current = forms.BooleanField(
        label="This replaces the current stage (end it on the same day)", required=False, initial=True
    )
    referral_source = forms.ChoiceField(
        label="Referral source (referrals only)",
        choices=[("", "Not a referral"), *ReferralSource.choices],
        required=False,
    )
    primary_need = forms.ChoiceField(
        label="Primary need (optional)", choices=[("", "Not yet known"), *PrimaryNeed.choices], required=False
    )
    summary = forms.CharField(label="Summary (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("stage"),
            Field("starts_on"),
            Field.checkbox("close_current"),
            Field.select("referral_source"),
            Field.select("primary_need"),
            Field.textarea("summary"),
            Submit("submit", "Start stage"),
        )


class CloseEpisodeForm(forms.Form):
    ends_on = date_field("End date", required_message="Enter the end date")
    closure_reason = forms.ChoiceField(
        label="Reason for closure", choices=[("", "Choose a reason"), *ClosureReason.choices], required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("ends_on"), Field.select("closure_reason"), Field("version"), Submit("submit", "End this stage")
        )


class AllocateForm(forms.Form):
    practitioner = forms.ModelChoiceField(
        label="Lead practitioner",
        queryset=User.objects.none(),
        empty_label="Choose a practitioner",
        error_messages={"required": "Select the lead practitioner"},
    )
    starts_on = date_field("Allocated from", required_message="Enter the date the allocation starts")

    def __init__(self, *args: Any, practitioners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.select("practitioner"), Field("starts_on"), Submit("submit", "Allocate"))
