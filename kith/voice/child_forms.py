"""Forms on the child's own pages, in words for the child's age band and language.

Labels and messages are translated when the page is drawn (the view runs in the child's
language). Pictures sit inside the labels of ordinary checkboxes and radios, so choosing them
works by touch, mouse and keyboard alike, and every picture has its words beside it.
"""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from kith.voice.child_actions import ImportantPerson
from kith.voice.child_pictures import choice_keys, choice_label, choice_picture, face, with_label
from kith.voice.childtext import feeling_label, say
from kith.voice.explain import YOUNG
from kith.voice.images import CleanImage, clean_image
from kith.voice.rules import LARGEST_DRAWING_BYTES, DrawingProblem, png_from_data_url

MOST_WORDS = 4000
PEOPLE_ROWS = 4

DRAWING_MESSAGES = {
    "not_png": _("Your drawing could not be saved. Try drawing it again"),
    "not_image": _("The photo must be a JPG or PNG"),
    "too_big": _("The photo must be smaller than 3 MB"),
}
TOO_LONG = _("Your words must be 4000 characters or fewer")
# The title crispy-forms-gds gives its error summary ({% trans %}): translated here, with the
# rest of the child's pages, so a child reading Arabic or Polish gets it in their language.
ERROR_SUMMARY_TITLE = _("There is a problem")


def _words_field(label: Any, *, required: bool = False, hint: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=MOST_WORDS,
        widget=forms.Textarea(attrs={"dir": "auto"}),
        error_messages={"max_length": TOO_LONG},
    )


def _helper(*fields: Any, button: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> carries the token
    helper.layout = Layout(*fields, Submit("submit", button))
    return helper


class HouseForm(forms.Form):
    """One of the Three Houses: words, pictures, a drawing on the page or a photo of one."""

    words = forms.CharField(required=False)
    pictures = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    drawing = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-drawing-value": ""}))
    photo = forms.FileField(required=False)

    def __init__(self, *args: Any, house: str, band: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drawing_error = ""
        young = band == YOUNG
        self.fields["words"] = _words_field(
            say(f"{house}_question", band),
            hint=_("Your worker can write down what you say.") if young else "",
        )
        size = 88 if young else 56
        pictures = cast(forms.MultipleChoiceField, self.fields["pictures"])
        pictures.label = _("Choose pictures")
        pictures.help_text = _("Choose as many as you like.")
        pictures.choices = [
            (key, with_label(choice_picture(key, size=size), choice_label(key))) for key in choice_keys()
        ]
        pictures.error_messages["invalid_choice"] = _("Choose from the pictures on the page")
        self.fields["photo"].label = _("Or add a photo of your drawing")
        self.fields["photo"].help_text = _("A JPG or PNG picture, smaller than 3 MB.")
        self.fields["photo"].widget.attrs["accept"] = "image/png,image/jpeg"
        self.helper = _helper(
            Field.textarea("words", label_size=Size.MEDIUM, rows=4),
            Div(Field.checkboxes("pictures", legend_size=Size.MEDIUM), css_class="kith-pictures"),
            HTML('{% include "voice/child/_drawing.html" %}'),
            Field("drawing"),
            Field("photo"),
            button=_("Put it in the house"),
        )

    def clean_drawing(self) -> CleanImage | None:
        """The drawing space's picture. Its field is hidden, so a problem with it is said at the
        top of the form and beside the drawing space (see `drawing_error`), not on the field."""
        value = self.cleaned_data.get("drawing") or ""
        if not value:
            return None
        try:
            return clean_image(png_from_data_url(value))
        except DrawingProblem:
            self.drawing_error = str(DRAWING_MESSAGES["not_png"])
            return None

    def clean_photo(self) -> CleanImage | None:
        upload: UploadedFile | None = self.cleaned_data.get("photo")
        if not upload:
            return None
        if (upload.size or 0) > LARGEST_DRAWING_BYTES:
            raise forms.ValidationError(DRAWING_MESSAGES["too_big"])
        try:
            return clean_image(upload.read())
        except DrawingProblem as problem:
            raise forms.ValidationError(DRAWING_MESSAGES[problem.code]) from problem

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.drawing_error:
            self.add_error(None, self.drawing_error)
        if self.errors:
            return data
        if data.get("drawing") and data.get("photo"):
            self.add_error("photo", _("Send your drawing and your photo one at a time"))
        elif not (data.get("words", "").strip() or data.get("pictures") or data.get("drawing") or data.get("photo")):
            self.add_error("words", _("Write, choose a picture or draw something"))
        return data

    def picture(self) -> tuple[CleanImage | None, str]:
        """The drawing to keep and where it came from: the page's canvas or a photo."""
        if self.cleaned_data.get("drawing"):
            return self.cleaned_data["drawing"], "canvas"
        if self.cleaned_data.get("photo"):
            return self.cleaned_data["photo"], "photo"
        return None, ""


class FeelingForm(forms.Form):
    """Five faces from very sad to very happy, and words if the child wants."""

    feeling = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    words = forms.CharField(required=False)

    def __init__(self, *args: Any, band: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        size = 80 if band == YOUNG else 56
        feeling = cast(forms.TypedChoiceField, self.fields["feeling"])
        feeling.label = say("feelings_question", band)
        feeling.choices = [
            (score, with_label(face(score, size=size), feeling_label(score, band))) for score in range(1, 6)
        ]
        feeling.error_messages = {
            "required": _("Choose a face"),
            "invalid_choice": _("Choose a face"),
        }
        self.fields["words"] = _words_field(_("Do you want to say why? (optional)"))
        self.helper = _helper(
            Div(Field.radios("feeling", legend_size=Size.LARGE, legend_tag="h1"), css_class="kith-faces"),
            Field.textarea("words", label_size=Size.SMALL, rows=3),
            button=_("Send"),
        )


class PeopleForm(forms.Form):
    """Up to four people at a time: their name, how the child knows them, and whether the
    child trusts them."""

    def __init__(self, *args: Any, band: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = 3 if band == YOUNG else PEOPLE_ROWS
        parts = []
        for n in range(1, rows + 1):
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("Their name"), required=False, max_length=60, widget=forms.TextInput(attrs={"dir": "auto"})
            )
            self.fields[f"how_{n}"] = forms.CharField(
                label=_("How do you know them?"),
                help_text=_("For example: my nan, my teacher, my friend from football.") if n == 1 else "",
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )
            self.fields[f"trusted_{n}"] = forms.BooleanField(label=_("I trust them"), required=False)
            legend = _("Person %(number)s") % {"number": n}
            parts.append(
                Fieldset(
                    Field.text(f"name_{n}", field_width=20),
                    Field.text(f"how_{n}"),
                    Field.checkbox(f"trusted_{n}", small=True),
                    legend=str(legend),
                    legend_size=Size.SMALL,
                )
            )
        self.rows = rows
        self.fields["words"] = _words_field(_("Anything else you want to say about them? (optional)"))
        self.helper = _helper(*parts, Field.textarea("words", label_size=Size.SMALL, rows=3), button=_("Send"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = 0
        for n in range(1, self.rows + 1):
            name, how = (data.get(f"name_{n}") or "").strip(), (data.get(f"how_{n}") or "").strip()
            if name:
                named += 1
            elif how or data.get(f"trusted_{n}"):
                self.add_error(f"name_{n}", _("Write their name"))
        if not named and not self.errors:
            self.add_error("name_1", _("Write the name of someone who is important to you"))
        return data

    def people(self) -> list[ImportantPerson]:
        return [
            ImportantPerson(
                name=self.cleaned_data[f"name_{n}"].strip(),
                how=(self.cleaned_data.get(f"how_{n}") or "").strip(),
                trusted=bool(self.cleaned_data.get(f"trusted_{n}")),
            )
            for n in range(1, self.rows + 1)
            if (self.cleaned_data.get(f"name_{n}") or "").strip()
        ]


class WishesForm(forms.Form):
    """What the child wants to happen, and what they want said at their next meeting."""

    def __init__(self, *args: Any, band: str, worker: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wishes"] = _words_field(say("wishes_question", band))
        self.fields["for_meeting"] = _words_field(
            _("What do you want said at your next meeting?"),
            hint=_("%(worker)s can say it for you, or help you say it.") % {"worker": worker},
        )
        self.helper = _helper(
            Field.textarea("wishes", label_size=Size.MEDIUM, rows=5),
            Field.textarea("for_meeting", label_size=Size.MEDIUM, rows=5),
            button=_("Send"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not ((data.get("wishes") or "").strip() or (data.get("for_meeting") or "").strip()):
            self.add_error("wishes", _("Write what you want to happen, or what you want said at your meeting"))
        return data


class AlertWordsForm(forms.Form):
    words = forms.CharField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["words"] = _words_field(
            _("Do you want to tell us what is happening?"),
            required=True,
            hint=_("You do not have to. Only write what feels OK."),
        )
        self.fields["words"].error_messages["required"] = _("Write what is happening")
        self.helper = _helper(Field.textarea("words", label_size=Size.MEDIUM, rows=4), button=_("Send"))


class AdvocateForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["words"] = _words_field(_("What do you want help with? (optional)"))
        self.helper = _helper(Field.textarea("words", label_size=Size.SMALL, rows=4), button=_("Ask for an advocate"))


class GiveBackForm(forms.Form):
    """The worker's password, to take their device back from the child's pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"] = forms.CharField(
            label=_("Your password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            error_messages={"required": _("Enter your password")},
        )
        self.helper = _helper(Field.text("password", field_width=20), button=_("Give back"))
