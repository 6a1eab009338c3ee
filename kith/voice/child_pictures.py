"""Pictures for the child's own pages: things a child can choose in the Three Houses, the three
houses themselves, five faces for how they feel, and a few signs for the pages.

SVG with presentation attributes only (the Content Security Policy forbids style attributes).
Each picture has words beside it on the page saying the same thing, so by default a picture is
hidden from screen readers (`aria-hidden`); given `label`, it is an image with that name.
The labels are translated: they are read when the page is drawn, in the child's language.
"""

from __future__ import annotations

from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

INK = "#0b0c0c"
SKIN = "#f3c69a"
BLUE, GREEN, RED, YELLOW, ORANGE, PURPLE, PINK, GREY = (
    "#1d70b8",
    "#00703c",
    "#d4351c",
    "#ffdd00",
    "#f47738",
    "#4c2c92",
    "#d53880",
    "#b1b4b6",
)


def _n(value: float) -> str:
    return f"{round(value, 2):g}"


def _person(x: float, y: float, scale: float, colour: str) -> str:
    r, half, rise, width, drop = 6 * scale, 9 * scale, 22 * scale, 18 * scale, 26 * scale
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{SKIN}" stroke="{INK}" stroke-width="1.5"/>'
        f'<path d="M{_n(x - half)} {_n(y + drop)} q{_n(half)} -{_n(rise)} {_n(width)} 0 z" '
        f'fill="{colour}" stroke="{INK}" stroke-width="1.5"/>'
    )


# The things a child can choose for a house: key → (label, SVG body on a 64 by 64 grid).
_CHOICES: dict[str, tuple[Promise, str]] = {
    "family": (
        _("Family"),
        _person(18, 18, 1.2, BLUE) + _person(46, 18, 1.2, PINK) + _person(32, 34, 0.8, GREEN),
    ),
    "friends": (
        _("Friends"),
        _person(20, 22, 1.0, ORANGE)
        + _person(44, 22, 1.0, PURPLE)
        + f'<path d="M26 40 h12" stroke="{INK}" stroke-width="3" stroke-linecap="round"/>',
    ),
    "school": (
        _("School"),
        f'<path d="M8 28 L32 12 L56 28 z" fill="{RED}" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="12" y="28" width="40" height="26" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="28" y="40" width="8" height="14" fill="{BLUE}"/>'
        f'<rect x="16" y="33" width="8" height="7" fill="{BLUE}"/>'
        f'<rect x="40" y="33" width="8" height="7" fill="{BLUE}"/>'
        f'<circle cx="32" cy="22" r="3" fill="{YELLOW}" stroke="{INK}"/>',
    ),
    "home": (
        # In context: Django's admin translates a bare "Home" as a home page, and its catalogue
        # comes first.
        pgettext_lazy("a picture to choose", "Home"),
        f'<path d="M6 32 L32 10 L58 32 z" fill="{ORANGE}" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="14" y="32" width="36" height="24" fill="{YELLOW}" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="28" y="42" width="9" height="14" fill="{GREEN}" stroke="{INK}"/>'
        f'<rect x="18" y="37" width="7" height="7" fill="#ffffff" stroke="{INK}"/>',
    ),
    "pets": (
        _("Pets"),
        f'<path d="M16 18 L20 6 L28 16 z M48 18 L44 6 L36 16 z" fill="{ORANGE}" stroke="{INK}" stroke-width="2"/>'
        f'<circle cx="32" cy="32" r="18" fill="{ORANGE}" stroke="{INK}" stroke-width="2"/>'
        f'<circle cx="25" cy="29" r="2.5" fill="{INK}"/><circle cx="39" cy="29" r="2.5" fill="{INK}"/>'
        f'<path d="M29 37 l3 3 l3 -3 z" fill="{PINK}"/>'
        f'<path d="M12 36 h10 M12 41 h10 M42 36 h10 M42 41 h10" stroke="{INK}" stroke-width="1.5"/>',
    ),
    "play": (
        _("Playing"),
        f'<circle cx="32" cy="32" r="22" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<path d="M32 21 l10 7 l-4 12 h-12 l-4 -12 z" fill="{INK}"/>'
        f'<path d="M32 10 v11 M42 28 l11 -5 M38 40 l7 9 M26 40 l-7 9 M22 28 l-11 -5" stroke="{INK}" stroke-width="2"/>',
    ),
    "food": (
        _("Food"),
        f'<circle cx="32" cy="36" r="20" fill="{RED}" stroke="{INK}" stroke-width="2"/>'
        f'<path d="M32 16 q2 -8 8 -10" fill="none" stroke="{INK}" stroke-width="3"/>'
        f'<path d="M34 14 q10 -6 14 2 q-8 4 -14 -2 z" fill="{GREEN}" stroke="{INK}"/>',
    ),
    "sleep": (
        _("Sleep"),
        f'<path d="M40 10 a22 22 0 1 0 14 36 a18 18 0 1 1 -14 -36 z" fill="{YELLOW}" stroke="{INK}" stroke-width="2"/>'
        f'<text x="44" y="26" font-size="12" font-family="Arial, sans-serif" font-weight="bold" fill="{BLUE}">z</text>'
        f'<text x="50" y="16" font-size="9" font-family="Arial, sans-serif" font-weight="bold" fill="{BLUE}">z</text>',
    ),
    "shouting": (
        _("Shouting"),
        f'<circle cx="26" cy="32" r="18" fill="{SKIN}" stroke="{INK}" stroke-width="2"/>'
        f'<path d="M16 24 l6 3 M36 24 l-6 3" stroke="{INK}" stroke-width="2"/>'
        f'<ellipse cx="26" cy="40" rx="6" ry="5" fill="{INK}"/>'
        f'<path d="M48 22 l10 -6 M50 32 h12 M48 42 l10 6" stroke="{RED}" stroke-width="3" stroke-linecap="round"/>',
    ),
    "alone": (
        _("Being alone"),
        f'<rect x="4" y="4" width="56" height="56" rx="6" fill="#f3f2f1" stroke="{GREY}" stroke-width="2"/>'
        + _person(32, 26, 1.0, GREY),
    ),
    "hurt": (
        _("Getting hurt"),
        f'<rect x="8" y="24" width="48" height="16" rx="8" fill="{SKIN}" stroke="{INK}" stroke-width="2" '
        f'transform="rotate(-35 32 32)"/>'
        f'<rect x="24" y="26" width="16" height="12" fill="#ffffff" stroke="{INK}" transform="rotate(-35 32 32)"/>',
    ),
    "online": (
        _("Phones and online"),
        f'<rect x="18" y="6" width="28" height="52" rx="5" fill="{INK}"/>'
        f'<rect x="21" y="12" width="22" height="38" fill="{BLUE}"/>'
        f'<circle cx="32" cy="54" r="2" fill="#ffffff"/>'
        f'<path d="M25 20 h14 M25 26 h10 M25 32 h12" stroke="#ffffff" stroke-width="2"/>',
    ),
}

_HOUSES: dict[str, str] = {
    "worries": '<g fill="#505a5f"><circle cx="45" cy="13" r="5"/><circle cx="52" cy="9" r="6.5"/>'
    '<circle cx="58" cy="13" r="5"/><rect x="45" y="12" width="13" height="6"/></g>'
    '<path d="M47 21 l-2 5 M53 21 l-2 5 M59 21 l-2 5" stroke="#1d70b8" stroke-width="2"/>',
    "good_things": f'<circle cx="50" cy="12" r="7" fill="{YELLOW}" stroke="{INK}" stroke-width="1.5"/>'
    f'<path d="M50 1 v3 M50 20 v3 M39 12 h3 M58 12 h3" stroke="{ORANGE}" stroke-width="2"/>',
    "dreams": f'<path d="M50 3 l2.6 5.6 6 .7 -4.5 4.1 1.2 6 -5.3 -3 -5.3 3 1.2 -6 -4.5 -4.1 6 -.7 z" '
    f'fill="{YELLOW}" stroke="{INK}" stroke-width="1.2"/>',
}
_HOUSE_COLOURS = {"worries": RED, "good_things": GREEN, "dreams": BLUE}

# Five faces, from very sad (1) to very happy (5): eyebrows and mouth say it, not the colour alone.
_MOUTHS = {
    1: "M20 46 q12 -12 24 0",
    2: "M22 44 q10 -6 20 0",
    3: "M22 42 h20",
    4: "M22 40 q10 6 20 0",
    5: "M20 38 q12 14 24 0",
}
_BROWS = {1: "M18 20 l8 4 M46 20 l-8 4", 2: "M19 22 l7 2 M45 22 l-7 2"}
_FACE_COLOURS = {1: "#f4a6a0", 2: "#f9c9a0", 3: "#fff2a8", 4: "#c7e6b3", 5: "#9fd89a"}

_SIGNS: dict[str, str] = {
    "worker": _person(32, 20, 1.6, BLUE),
    "plan": (
        f'<rect x="12" y="8" width="40" height="50" rx="3" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="24" y="4" width="16" height="8" rx="2" fill="{GREY}" stroke="{INK}"/>'
        f'<path d="M18 24 l3 3 l5 -6 M30 24 h16 M18 36 l3 3 l5 -6 M30 36 h16 M30 48 h16" '
        f'fill="none" stroke="{GREEN}" stroke-width="2.5"/>'
    ),
    "meeting": (
        f'<rect x="8" y="12" width="48" height="42" rx="4" fill="#ffffff" stroke="{INK}" stroke-width="3"/>'
        f'<rect x="8" y="12" width="48" height="12" fill="{RED}"/>'
        f'<path d="M18 34 h8 M30 34 h8 M42 34 h8 M18 44 h8 M30 44 h8" stroke="{INK}" stroke-width="4"/>'
    ),
    "explain": (
        f'<path d="M8 12 h48 v30 h-26 l-12 12 v-12 h-10 z" fill="{YELLOW}" stroke="{INK}" stroke-width="3"/>'
        f'<path d="M18 24 h28 M18 32 h20" stroke="{INK}" stroke-width="3"/>'
    ),
    "advocate": (
        _person(22, 20, 1.3, PURPLE)
        + f'<path d="M38 14 h20 v14 h-10 l-6 6 v-6 h-4 z" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
    ),
    "people": _person(16, 20, 1.0, BLUE) + _person(32, 14, 1.1, GREEN) + _person(48, 20, 1.0, ORANGE),
    "feelings": (
        f'<circle cx="32" cy="32" r="24" fill="{_FACE_COLOURS[4]}" stroke="{INK}" stroke-width="2"/>'
        f'<circle cx="24" cy="27" r="3" fill="{INK}"/><circle cx="40" cy="27" r="3" fill="{INK}"/>'
        f'<path d="{_MOUTHS[4]}" fill="none" stroke="{INK}" stroke-width="3" stroke-linecap="round"/>'
    ),
    "wishes": (
        f'<path d="M32 6 l7.6 15.5 17 2.5 -12.3 12 2.9 17 -15.2 -8 -15.2 8 2.9 -17 -12.3 -12 17 -2.5 z" '
        f'fill="{YELLOW}" stroke="{INK}" stroke-width="2"/>'
    ),
    "said": (
        f'<path d="M6 10 h34 v22 h-18 l-8 8 v-8 h-8 z" fill="{YELLOW}" stroke="{INK}" stroke-width="2"/>'
        f'<path d="M58 26 h-30 v22 h16 l8 8 v-8 h6 z" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<path d="M34 36 l4 4 l8 -8" fill="none" stroke="{GREEN}" stroke-width="3"/>'
    ),
    "phone": (
        f'<path d="M18 8 q-8 2 -8 10 q4 22 26 36 q8 2 12 -6 l-8 -8 q-4 4 -8 0 q-8 -6 -12 -14 q-2 -4 2 -6 z" '
        f'fill="{GREEN}" stroke="{INK}" stroke-width="2"/>'
    ),
}


def _svg(body: str, *, size: int, label: str | None) -> SafeString:
    if label is None:
        opening = 'aria-hidden="true" focusable="false"'
        title = ""
    else:
        alt = escape(label)
        opening = f'role="img" aria-label="{alt}" focusable="false"'
        title = f"<title>{alt}</title>"
    return mark_safe(  # noqa: S308 - our own markup; the only text in it is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="{size}" height="{size}" '
        f'class="kith-picture" {opening}>{title}{body}</svg>'
    )


def choice_keys() -> tuple[str, ...]:
    return tuple(_CHOICES)


def choice_label(key: str) -> str:
    found = _CHOICES.get(key)
    return str(found[0]) if found else key


def choice_picture(key: str, *, size: int = 64, label: str | None = None) -> SafeString:
    return _svg(_CHOICES[key][1] if key in _CHOICES else "", size=size, label=label)


def house(kind: str, *, size: int = 96, label: str | None = None) -> SafeString:
    """A house with a cloud (worries), a sun (good things) or a star (dreams) over it."""
    colour = _HOUSE_COLOURS.get(kind, GREY)
    body = (
        f'<path d="M6 34 L30 14 L54 34 z" fill="{colour}" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="12" y="34" width="36" height="26" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<rect x="26" y="44" width="9" height="16" fill="{colour}" stroke="{INK}"/>'
        f'<rect x="16" y="39" width="7" height="7" fill="{colour}" stroke="{INK}"/>'
        f'<rect x="38" y="39" width="7" height="7" fill="{colour}" stroke="{INK}"/>' + _HOUSES.get(kind, "")
    )
    return _svg(body, size=size, label=label)


def face(score: int, *, size: int = 56, label: str | None = None) -> SafeString:
    body = (
        f'<circle cx="32" cy="32" r="26" fill="{_FACE_COLOURS.get(score, "#ffffff")}" stroke="{INK}" stroke-width="2"/>'
        f'<circle cx="23" cy="28" r="3.5" fill="{INK}"/><circle cx="41" cy="28" r="3.5" fill="{INK}"/>'
        f'<path d="{_BROWS.get(score, "")}" stroke="{INK}" stroke-width="2.5" stroke-linecap="round"/>'
        f'<path d="{_MOUTHS.get(score, _MOUTHS[3])}" fill="none" stroke="{INK}" stroke-width="3" '
        'stroke-linecap="round"/>'
    )
    return _svg(body, size=size, label=label)


def sign(key: str, *, size: int = 48, label: str | None = None) -> SafeString:
    return _svg(_SIGNS.get(key, _SIGNS["explain"]), size=size, label=label)


def with_label(picture: SafeString, text: str) -> SafeString:
    """A picture followed by its words, for a checkbox or radio label."""
    return mark_safe(f'{picture}<span class="kith-picture-label">{escape(text)}</span>')  # noqa: S308 - escaped
