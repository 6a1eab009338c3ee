"""Render GOV.UK Design System components through one cached Jinja environment.

govuk-frontend-django (0.22) builds a new Jinja `Environment` and recompiles the macro template
on every component render, about 60 ms each (see shared/reference/stack-notes.md). The markup is
the same when the environment and compiled templates are built once, so Kith swaps in a render
method that does that. Everything else about the library is used as shipped.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import Environment, PackageLoader, PrefixLoader, Template, select_autoescape


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
    template = _macro_template(self._jinja2_template, self._macro_name)  # type: ignore[attr-defined]
    return mark_safe(template.render(data=_without_nones(data)))  # noqa: S308 - Jinja autoescapes


def use_one_jinja_environment() -> None:
    GovUKComponent.render = _render  # type: ignore[method-assign]
    GovUKComponent.__str__ = _render  # type: ignore[method-assign,assignment]
    GovUKComponent.__html__ = _render  # type: ignore[attr-defined]
