"""Words on the child's pages that change with the child's age band: few and simple for 4 to 7
(read with a worker), plain for 8 to 12, fuller for 13 and over.

Every string is translated (kith/voice/locale); `say` picks the band's words in the language
active for the page and fills in names with Python's %-style placeholders, which translators
keep as they are.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kith.voice.explain import MIDDLE, OLDER, YOUNG

Words = dict[str, Promise]

TEXT: dict[str, Words] = {
    "home_intro": {
        YOUNG: _("What do you want to do?"),
        MIDDLE: _("These are your pages. You can tell %(worker)s what you think and how you feel."),
        OLDER: _(
            "These are your pages. Use them to tell %(worker)s what you think, what you want and what "
            "is worrying you. %(worker)s will read what you say."
        ),
    },
    "houses_intro": {
        YOUNG: _("Worries, good things and dreams. Choose a house."),
        MIDDLE: _("There are three houses: one for worries, one for good things and one for dreams. Choose a house."),
        OLDER: _("What worries you, what is going well and what you hope for. Choose a house to fill in."),
    },
    "worries_question": {
        YOUNG: _("What makes you sad or scared?"),
        MIDDLE: _("What are you worried about?"),
        OLDER: _("What worries you?"),
    },
    "good_things_question": {
        YOUNG: _("What makes you happy?"),
        MIDDLE: _("What is good in your life?"),
        OLDER: _("What is going well for you?"),
    },
    "dreams_question": {
        YOUNG: _("What would you wish for?"),
        MIDDLE: _("What are your dreams?"),
        OLDER: _("What do you hope for?"),
    },
    "feelings_question": {
        YOUNG: _("How do you feel?"),
        MIDDLE: _("How are you feeling today?"),
        OLDER: _("How are you feeling at the moment?"),
    },
    "people_intro": {
        YOUNG: _("Who do you love? Who helps you?"),
        MIDDLE: _("Who is important to you? Who do you trust?"),
        OLDER: _("Tell us who matters to you and who you trust. %(worker)s may ask them to help."),
    },
    "wishes_question": {
        YOUNG: _("What do you want to happen?"),
        MIDDLE: _("What do you want to happen?"),
        OLDER: _("What do you want to happen next?"),
    },
    "not_safe_told": {
        YOUNG: _("A grown-up will help you. We have told %(worker)s and the team."),
        MIDDLE: _("We have told %(worker)s and the duty team. Someone will try to reach you soon."),
        OLDER: _(
            "We have told %(worker)s and the duty team straight away. Someone will read it now and work out "
            "how to help you be safe. They will try to reach you today."
        ),
    },
    "worker_is": {
        YOUNG: _("%(worker)s is your worker. %(worker)s helps you and your family."),
        MIDDLE: _("%(worker)s is your worker. You can ask %(worker)s about anything that is happening."),
        OLDER: _("%(worker)s is your worker. You can ask them anything about what is happening and why."),
    },
    "advocate_is": {
        YOUNG: _("An advocate is a grown-up who helps you say what you think."),
        MIDDLE: _("An advocate helps you say what you want and makes sure you are listened to."),
        OLDER: _(
            "An independent advocate helps you have your say in meetings and decisions about you. "
            "They are on your side and do not work for children's services."
        ),
    },
}

FEELING_LABELS: dict[str, tuple[Promise, ...]] = {
    YOUNG: (_("Very sad"), _("Sad"), _("OK"), _("Happy"), _("Very happy")),
    MIDDLE: (_("Really bad"), _("Not good"), _("OK"), _("Good"), _("Really good")),
    OLDER: (_("Really bad"), _("Not good"), _("OK"), _("Good"), _("Really good")),
}

BAND_LABELS: dict[str, Promise] = {YOUNG: _("4 to 7"), MIDDLE: _("8 to 12"), OLDER: _("13 and over")}

# What each kind of view is called on the child's own pages.
KIND_LABELS: dict[str, Promise] = {
    "worries": _("My worries"),
    "good_things": _("Good things"),
    "dreams": _("My dreams"),
    "feeling": _("How I feel"),
    "people": _("People who matter to me"),
    "wishes": _("What I want to happen"),
    "for_meeting": _("What I want said at my meeting"),
}

HOUSE_NAMES: dict[str, Promise] = {
    "worries": _("House of worries"),
    "good_things": _("House of good things"),
    "dreams": _("House of dreams"),
}

# Meetings the child may be told about, in words for a child. Strategy discussions and the
# outcome of a section 47 enquiry are professionals' meetings and are not listed.
MEETING_WORDS: dict[str, Promise] = {
    "family_network_meeting": _("a meeting with your family and the people who help you"),
    "initial_cp_conference": _("a big meeting about keeping you safe"),
    "review_cp_conference": _("a meeting to check how your plan to keep you safe is going"),
    "core_group": _("a meeting of the people who help keep you safe"),
    "cin_review": _("a meeting to check how your plan is going"),
    "looked_after_review": _("your review meeting"),
    "family_group_conference": _("a family meeting to make a plan"),
}

PLAN_WORDS: dict[str, Promise] = {
    "early_help": _("a plan to help you and your family"),
    "child_in_need": _("a plan to help you and your family"),
    "child_protection": _("a plan to keep you safe"),
    "care_plan": _("a plan for where you live and who looks after you"),
    "pathway_plan": _("a plan for growing up and leaving care"),
}


def say(key: str, band: str, **names: str) -> str:
    """The words for `key` in the child's band and the page's language, names filled in."""
    words = TEXT[key]
    text = str(words.get(band) or words[OLDER])
    return text % names if names else text


def feeling_label(score: int, band: str) -> str:
    labels = FEELING_LABELS.get(band, FEELING_LABELS[OLDER])
    return str(labels[score - 1]) if 1 <= score <= 5 else ""
