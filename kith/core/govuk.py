"""Render GOV.UK Design System components through one cached Jinja environment.

govuk-frontend-django (0.22) builds a new Jinja `Environment` and recompiles the macro template
on every component render, about 60 ms each (see shared/reference/stack-notes.md). The markup is
the same when the environment and compiled templates are built once, so Kith swaps in a render
method that does that. Everything else about the library is used as shipped.

A component's markup is a pure function of its data, and most pages draw the same few
components with the same data on every request (the skip link, the service navigation for a
given page and role). Renders whose data is plain values (strings, numbers, booleans, lists and
dicts of them) are therefore kept in a small in-process LRU keyed on that data; anything else
(a form field, a lazy translation, an object) is rendered afresh every time.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import Environment, PackageLoader, PrefixLoader, Template, select_autoescape

RENDERS_KEPT = 512


@cache
def _environment() -> Environment:
    loader = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    return Environment(loader=loader, autoescape=select_autoescape())


@cache
def _macro_template(jinja2_template: str, macro_name: str) -> Template:
    source = f"{{%- from '{jinja2_template}' import {macro_name} -%}}{{{{ {macro_name}(data) }}}}"
    return _environment().from_string(source)


def _without_nones(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_nones(value) for key, value in data.items() if value is not None}
    if isinstance(data, list):
        return [_without_nones(item) for item in data]
    return data


class _Unkeyable(Exception):
    """The data holds something other than plain values, so its render is not kept."""


def _key(data: Any) -> Hashable:
    """A hashable copy of plain data that tells apart everything Jinja would render differently:
    a dict from a list, and markup already marked safe from a string to be escaped."""
    kind = type(data)
    if kind is str or kind is int or kind is bool or kind is float or data is None:
        return (kind, data)
    if kind is SafeString:
        return (SafeString, str(data))
    if kind is dict:
        return (dict, tuple((key, _key(value)) for key, value in data.items()))
    if kind is list or kind is tuple:
        return (list, tuple(_key(item) for item in data))
    raise _Unkeyable


_kept: dict[Hashable, SafeString] = {}


@receiver(setting_changed)
def _forget_kept_renders(**kwargs: Any) -> None:
    """Settings only change in tests, which then start afresh."""
    _kept.clear()


def _render_data(jinja2_template: str, macro_name: str, data: dict[str, Any]) -> SafeString:
    template = _macro_template(jinja2_template, macro_name)
    return mark_safe(template.render(data=_without_nones(data)))  # noqa: S308 - Jinja autoescapes


def _render(
    self: GovUKComponent,
    template_name: str | None = None,
    context: Any = None,
    renderer: Any = None,
    component_data: dict[str, Any] | None = None,
) -> SafeString:
    data = {key: value for key, value in self.__dict__.items() if not key.startswith("_")}
    if component_data:
        data.update(component_data)
    names: tuple[str, str] = (self._jinja2_template, self._macro_name)  # type: ignore[attr-defined]
    try:
        key = (names, _key(data))
    except _Unkeyable:
        return _render_data(*names, data)
    markup = _kept.get(key)
    if markup is None:
        markup = _render_data(*names, data)
        if len(_kept) >= RENDERS_KEPT:
            _kept.clear()  # simpler than LRU, and a page draws only a handful of distinct renders
        _kept[key] = markup
    return markup


def use_one_jinja_environment() -> None:
    GovUKComponent.render = _render  # type: ignore[method-assign]
    GovUKComponent.__str__ = _render  # type: ignore[method-assign,assignment]
    GovUKComponent.__html__ = _render  # type: ignore[attr-defined]
