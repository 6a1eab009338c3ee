"""Forms for meetings, laid out with crispy-forms-gds, with GOV.UK wording for every error.

Forms check what a form can check on its own (a required field, a real date); the rules that
need the record (a conference before its strategy discussion, a decision without a reason) are
the actions' and come back to the form as errors on the field at fault.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils.html import format_html

from kith.core.forms import date_field
from kith.journey.codes import CategoryOfAbuse
from kith.meetings import rules
from kith.meetings.actions import LARGEST_DOCUMENT_BYTES, AttendanceRecord, UploadedDocument
from kith.meetings.codes import (
    INITIAL_DECISIONS,
    REVIEW_DECISIONS,
    Attendance,
    ContributionKind,
    MeetingKind,
    OwnerKind,
    ParticipantRole,
    Section47Outcome,
    ViewsBrought,
)
from kith.meetings.models import Meeting, Participant

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
NOT_LINKED = ""


def _blank(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def _text(label: str, *, required: bool = False, rows: int = 4, message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=hint,
        error_messages={"required": message} if message else None,
    )


def meeting_choices(meetings: list[Meeting]) -> list[tuple[str, str]]:
    """Earlier meetings to link to, newest first."""
    return [
        (str(m.pk), f"{m.get_kind_display()}, {m.held_on:%-d %B %Y} ({m.get_status_display().lower()})")
        for m in meetings
    ]


class StartTimeField(forms.TimeField):
    def __init__(self) -> None:
        super().__init__(
            label="Start time (optional)",
            required=False,
            input_formats=TIME_FORMATS,
            help_text="Use the 24-hour clock, for example, 10:30 or 14:00",
            error_messages={"invalid": "Start time must be a real time, like 10:30 or 14:00"},
        )


class PlanMeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of meeting?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of meeting it is"},
    )
    held_on = date_field("Date of the meeting", required_message="Enter the date of the meeting")
    starts_at = StartTimeField()
    place = forms.CharField(
        label="Where (optional)",
        max_length=200,
        required=False,
        help_text="For example, the family's home, or a video call",
    )
    follows = forms.ChoiceField(
        label="Which meeting does it follow? (optional)",
        required=False,
        help_text="An initial conference follows its strategy discussion; a core group follows the conference",
    )

    def __init__(self, *args: Any, earlier: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earlier = {str(m.pk): m for m in earlier}
        self.fields["follows"].choices = [(NOT_LINKED, "It does not follow another meeting"), *meeting_choices(earlier)]  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("held_on"),
            Field.text("starts_at", field_width=5),
            Field.text("place"),
            Field.select("follows"),
            submit="Plan the meeting",
        )

    def follows_meeting(self) -> Meeting | None:
        return self.earlier.get(self.cleaned_data.get("follows") or NOT_LINKED)


class ChangeMeetingForm(PlanMeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, earlier: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, earlier=earlier, **kwargs)
        del self.fields["kind"]
        self.helper = _helper(
            Field("held_on"),
            Field.text("starts_at", field_width=5),
            Field.text("place"),
            Field.select("follows"),
            Field("version"),
            submit="Save changes",
        )


class CancelMeetingForm(forms.Form):
    reason = _text(
        "Why is the meeting cancelled?", required=True, rows=3, message="Enter why the meeting was cancelled"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), Field("version"), submit="Cancel the meeting")


class RecordHeldForm(forms.Form):
    """The meeting took place: when, what happened, who came, how the child's views were
    brought, and what a section 47 enquiry found or a conference decided."""

    held_on = date_field("Date it was held", required_message="Enter the date the meeting was held")
    summary = _text("What happened (optional)", rows=6, hint="What was discussed, in words the family would recognise")
    s47_outcome = forms.ChoiceField(
        label="What did the section 47 enquiry find?",
        choices=Section47Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    cp_decision = forms.ChoiceField(label="The conference's decision", widget=forms.RadioSelect, required=False)
    category_of_abuse = forms.ChoiceField(
        label="Category of abuse",
        choices=_blank("Select the category", CategoryOfAbuse.choices),
        required=False,
        help_text="Only when the child has a child protection plan",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, meeting: Meeting, participants: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.participants = participants
        kind = meeting.kind
        layout: list[Any] = [Field("held_on"), Field.textarea("summary")]
        if kind == MeetingKind.SECTION_47_OUTCOME:
            layout.append(Field.radios("s47_outcome", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["s47_outcome"]
        if kind in (MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE):
            decisions = INITIAL_DECISIONS if kind == MeetingKind.INITIAL_CONFERENCE else REVIEW_DECISIONS
            self.fields["cp_decision"].choices = [(d.value, d.label) for d in decisions]  # type: ignore[attr-defined]
            layout += [
                Field.radios("cp_decision", legend_size=Size.SMALL, small=True),
                Field.select("category_of_abuse"),
            ]
        else:
            del self.fields["cp_decision"], self.fields["category_of_abuse"]
        for participant in participants:
            layout.append(self._attendance_fields(participant))
        if not participants:
            layout.append(
                HTML(
                    '<p class="govuk-body">No one has been added to this meeting yet. '
                    "You can add who took part on the meeting page.</p>"
                )
            )
        self.helper = _helper(*layout, Field("version"), submit="Record the meeting")

    def _attendance_fields(self, participant: Participant) -> Fieldset:
        pk = participant.pk
        self.fields[f"attendance_{pk}"] = forms.ChoiceField(
            label="Did they attend?",
            choices=Attendance.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Select whether {participant.name} attended"},
        )
        fields: list[Any] = [Field.radios(f"attendance_{pk}", legend_size=Size.SMALL, inline=True, small=True)]
        if participant.is_child:
            self.fields[f"views_brought_{pk}"] = forms.ChoiceField(
                label="How were their views brought to the meeting?",
                choices=ViewsBrought.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"views_not_sought_reason_{pk}"] = _text("If their views were not sought, why not?", rows=2)
            fields += [
                Field.radios(f"views_brought_{pk}", legend_size=Size.SMALL, small=True),
                Field.textarea(f"views_not_sought_reason_{pk}"),
            ]
        part = participant.get_role_display().lower()
        if participant.agency and participant.agency != participant.name:
            part = f"{part}, {participant.agency}"
        legend = f"{participant.name} ({part})"
        return Fieldset(*fields, legend=legend, legend_size=Size.SMALL)

    def clean(self) -> dict[str, Any]:
        """Every missing outcome and child's views at once, rather than one at a time from the action."""
        cleaned = super().clean() or {}
        problem = rules.outcome_problem(
            kind=self.meeting.kind,
            s47_outcome=cleaned.get("s47_outcome", ""),
            cp_decision=cleaned.get("cp_decision", ""),
            category_of_abuse=cleaned.get("category_of_abuse", ""),
        )
        if problem:
            self.add_error(problem[0], problem[1])
        for p in self.participants:
            found = rules.views_problem(
                role=p.role,
                views_brought=cleaned.get(f"views_brought_{p.pk}", ""),
                reason=cleaned.get(f"views_not_sought_reason_{p.pk}", ""),
                who=self.meeting.child.person.known_as,
            )
            if found:
                self.add_error(f"{found[0]}_{p.pk}", found[1])
        return cleaned

    def attendance(self) -> dict[int, AttendanceRecord]:
        data = self.cleaned_data
        return {
            p.pk: AttendanceRecord(
                attendance=data[f"attendance_{p.pk}"],
                views_brought=data.get(f"views_brought_{p.pk}", "") or "",
                views_not_sought_reason=data.get(f"views_not_sought_reason_{p.pk}", "") or "",
            )
            for p in self.participants
        }

    def field_for(self, name: str, participant_id: int | None = None) -> str | None:
        """The form field an action's complaint is about, when the form has it."""
        candidates = [f"{name}_{participant_id}"] if participant_id else []
        candidates += [name] + [f for f in self.fields if f.startswith(f"{name}_")]
        return next((f for f in candidates if f in self.fields), None)


class ParticipantForm(forms.Form):
    person = forms.ChoiceField(
        label="Someone on the child's record (optional)",
        required=False,
        help_text="Or leave this and enter their name below",
    )
    name = forms.CharField(label="Name", max_length=120, required=False)
    role = forms.ChoiceField(
        label="Their part in the meeting",
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select their part in the meeting"},
    )
    agency = forms.CharField(
        label="Agency (for an agency)",
        max_length=120,
        required=False,
        help_text="For example, Riverside Primary School",
    )
    is_invited = forms.BooleanField(label="They have been invited", required=False, initial=True)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_participant_%s")  # three forms share the meeting page: ids must not clash
        super().__init__(*args, **kwargs)
        self.people = dict(people)
        self.fields["person"].choices = [("", "Not on the record"), *((str(pk), name) for pk, name in people)]  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.select("person"),
            Field.text("name", field_width=20),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.text("agency", field_width=20),
            Field.checkbox("is_invited", small=True),
            submit="Add to the meeting",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        person = cleaned.get("person")
        if not person and not cleaned.get("name", "").strip() and cleaned.get("role") != ParticipantRole.AGENCY:
            self.add_error("name", "Enter their name, or choose someone on the child's record")
        if cleaned.get("role") == ParticipantRole.AGENCY and not cleaned.get("agency", "").strip():
            self.add_error("agency", "Enter the name of the agency")
        return cleaned

    def person_id(self) -> int | None:
        value = self.cleaned_data.get("person")
        return int(value) if value else None


class ChangeParticipantForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter their name"})
    role = forms.ChoiceField(
        label="Their part in the meeting",
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select their part in the meeting"},
    )
    agency = forms.CharField(label="Agency (for an agency)", max_length=120, required=False)
    is_invited = forms.BooleanField(label="They have been invited", required=False)
    attendance = forms.ChoiceField(
        label="Did they attend?", choices=_blank("Not recorded yet", Attendance.choices), required=False
    )
    views_brought = forms.ChoiceField(
        label="For the child: how were their views brought?",
        choices=_blank("Not recorded yet", ViewsBrought.choices),
        required=False,
    )
    views_not_sought_reason = _text("If their views were not sought, why not?", rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("name", field_width=20),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.text("agency", field_width=20),
            Field.checkbox("is_invited", small=True),
            Field.select("attendance"),
            Field.select("views_brought"),
            Field.textarea("views_not_sought_reason"),
            Field("version"),
            submit="Save changes",
        )


class DocumentField(forms.FileField):
    def __init__(self, *, required: bool = False) -> None:
        super().__init__(
            label="Upload the document",
            required=required,
            help_text="A PDF, Word, OpenDocument, text file or picture, smaller than 10 MB",
            error_messages={"required": "Select a document to upload", "empty": "The selected file is empty"},
        )

    def clean(self, data: Any, initial: Any = None) -> UploadedDocument | None:  # type: ignore[override]
        upload = super().clean(data, initial)
        if not upload:
            return None
        name = str(upload.name)
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        if suffix not in DOCUMENT_TYPES:
            raise forms.ValidationError("The selected file must be a PDF, Word, OpenDocument, text file or picture")
        if upload.size > LARGEST_DOCUMENT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        return UploadedDocument(name=name, content_type=DOCUMENT_TYPES[suffix], content=upload.read())


class ContributionForm(forms.Form):
    agency = forms.CharField(
        label="Agency", max_length=120, error_messages={"required": "Enter the name of the agency"}
    )
    kind = forms.ChoiceField(
        label="What did they send?",
        choices=ContributionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they sent a document or a structured report"},
    )
    document = DocumentField()
    worries = _text("What are they worried about?", hint="For a structured report")
    working_well = _text("What is working well?")
    needs_to_happen = _text("What needs to happen?")
    recommendation = _text("Their recommendation", rows=3)
    received_on = date_field("Date received", required_message="Enter the date it was received")
    shared_with_family_on = date_field(
        "Date shared with the family (optional)",
        required=False,
        help_text="Leave empty if it has not been shared with the family yet. For example, 27 3 2026",
    )

    def __init__(self, *args: Any, agencies: list[str] | None = None, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies:
            self.fields["agency"].help_text = "Invited: " + ", ".join(agencies)
        fields: list[Any] = [Field.text("agency", field_width=20)]
        if changing:
            del self.fields["kind"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
        else:
            fields.append(Field.radios("kind", legend_size=Size.SMALL, inline=True, small=True))
        fields += [
            Field("document"),
            Fieldset(
                Field.textarea("worries"),
                Field.textarea("working_well"),
                Field.textarea("needs_to_happen"),
                Field.textarea("recommendation"),
                legend="A structured report",
                legend_size=Size.SMALL,
            ),
            Field("received_on"),
            Field("shared_with_family_on"),
        ]
        if changing:
            fields.append(Field("version"))
        self.helper = _helper(*fields, submit="Save changes" if changing else "Add the contribution")

    def report(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("worries", "working_well", "needs_to_happen", "recommendation")
        }


class SharingForm(forms.Form):
    shared_on = date_field(
        "Date shared with the family", required_message="Enter the date it was shared with the family"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("shared_on"), Field("version"), submit="Record sharing")


class DecisionForm(forms.Form):
    what = _text("What was decided?", required=True, rows=3, message="Enter what was decided")
    rationale = _text(
        "Why?",
        required=True,
        rows=4,
        message="Enter the reason for this decision",
        hint="The reason for the decision, so the child and family can understand it",
    )
    made_by = forms.CharField(
        label="Who made the decision (optional)",
        max_length=120,
        required=False,
        help_text="For example, the conference chair",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_decision_%s")  # three forms share the meeting page: ids must not clash
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("what"),
            Field.textarea("rationale"),
            Field.text("made_by", field_width=20),
            submit="Record the decision",
        )


class MeetingActionForm(forms.Form):
    what = _text("What needs to happen?", required=True, rows=3, message="Enter what needs to happen")
    owner_kind = forms.ChoiceField(
        label="Who will do it?",
        choices=OwnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who will do this"},
    )
    owner_name = forms.CharField(
        label="Their name", max_length=120, error_messages={"required": "Enter the name of who will do this"}
    )
    by_date = date_field("By when", required_message="Enter the date it needs to be done by")
    keep_on_meeting = forms.BooleanField(label="Keep this action on the meeting only, for now", required=False)

    def __init__(self, *args: Any, has_plan: bool, child_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_action_%s")  # three forms share the meeting page: ids must not clash
        super().__init__(*args, **kwargs)
        self.has_plan = has_plan
        fields: list[Any] = [
            Field.textarea("what"),
            Field.radios("owner_kind", legend_size=Size.SMALL, inline=True, small=True),
            Field.text("owner_name", field_width=20),
            Field("by_date"),
        ]
        if has_plan:
            del self.fields["keep_on_meeting"]
        else:
            fields.insert(
                0,
                HTML(
                    format_html(
                        '<div class="govuk-inset-text">{} has no open plan, so this action will be kept on the '
                        "meeting only. You can send it to the plan once a plan is started.</div>",
                        child_name,
                    )
                ),
            )
            fields.append(Field.checkbox("keep_on_meeting", small=True))
        self.helper = _helper(*fields, submit="Add the action")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.has_plan and not cleaned.get("keep_on_meeting"):
            self.add_error(
                "keep_on_meeting", "Tick the box to keep this action on the meeting only, or start a plan first"
            )
        return cleaned
