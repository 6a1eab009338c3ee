"""Small pictures for words-and-pictures explanations, as SVG with presentation attributes only
(no style attributes: the page's Content Security Policy forbids them). Each has a text
alternative; the words beside it always say the same thing."""

from __future__ import annotations

from html import escape

_BODIES = {
    "people": (
        '<circle cx="20" cy="16" r="7" fill="#1d70b8"/><circle cx="44" cy="16" r="7" fill="#00703c"/>'
        '<path d="M8 48 q12 -22 24 0 z" fill="#1d70b8"/><path d="M32 48 q12 -22 24 0 z" fill="#00703c"/>'
    ),
    "tick": (
        '<circle cx="32" cy="32" r="26" fill="#00703c"/>'
        '<path d="M19 33 l9 9 l18 -20" fill="none" stroke="#ffffff" stroke-width="6"/>'
    ),
    "question": (
        '<circle cx="32" cy="32" r="26" fill="#f47738"/>'
        '<text x="32" y="44" text-anchor="middle" font-size="34" font-family="Arial, sans-serif" '
        'font-weight="bold" fill="#0b0c0c">?</text>'
    ),
    "calendar": (
        '<rect x="8" y="12" width="48" height="42" rx="4" fill="#ffffff" stroke="#0b0c0c" stroke-width="3"/>'
        '<rect x="8" y="12" width="48" height="12" fill="#d4351c"/>'
        '<path d="M18 34 h8 M30 34 h8 M42 34 h8 M18 44 h8 M30 44 h8" stroke="#0b0c0c" stroke-width="4"/>'
    ),
    "speech": (
        '<path d="M8 12 h48 v30 h-26 l-12 12 v-12 h-10 z" fill="#ffdd00" stroke="#0b0c0c" stroke-width="3"/>'
        '<path d="M18 24 h28 M18 32 h20" stroke="#0b0c0c" stroke-width="3"/>'
    ),
}
ALT = {
    "people": "Two people talking",
    "tick": "A tick",
    "question": "A question mark",
    "calendar": "A calendar",
    "speech": "A speech bubble",
}


def picture(key: str, *, size: int = 64) -> str:
    """An inline SVG picture with its text alternative."""
    body = _BODIES.get(key, _BODIES["speech"])
    alt = escape(ALT.get(key, "A picture"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="{size}" height="{size}" '
        f'role="img" aria-label="{alt}" focusable="false"><title>{alt}</title>{body}</svg>'
    )
