"""Model instances from plain SQL, for the few reads every page makes.

Every request loads its session and user, and every record page its child with their person,
team and lead practitioner. Through the ORM, building those small queries costs several times
what running them does. `Select` writes the SQL for a model and the models it joins once, from
their own field lists; `Select.one` runs it and makes instances with the same conversions the ORM
applies to values read from the database (`Model.from_db`, then each field's and the backend's
converters), with the joined instances cached on the first as `select_related` would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class Join:
    """A model joined to the main one through its foreign key `via`, on `alias`."""

    via: str
    alias: str


def _fields(model: type[Model]) -> list[Field[Any, Any]]:
    return list(model._meta.concrete_fields)


@dataclass(frozen=True)
class Select:
    """SELECT a model's row (alias "t") and, through its foreign keys, the joined models' rows."""

    model: type[Model]
    joins: tuple[Join, ...] = ()
    using: str = "default"

    def _joined(self, join: Join) -> tuple[Field[Any, Any], type[Model]]:
        field = self.model._meta.get_field(join.via)
        related = field.related_model
        assert isinstance(field, Field) and isinstance(related, type)  # a forward foreign key
        return field, related

    @cached_property
    def sql(self) -> str:
        quote = connections[self.using].ops.quote_name
        columns = [f"t.{quote(str(f.column))}" for f in _fields(self.model)]
        tables = [f"{quote(self.model._meta.db_table)} t"]
        for join in self.joins:
            field, related = self._joined(join)
            columns += [f"{join.alias}.{quote(str(f.column))}" for f in _fields(related)]
            kind = "LEFT JOIN" if field.null else "JOIN"
            target = quote(related._meta.db_table)
            key = quote(str(related._meta.pk.column)) if related._meta.pk else "id"
            tables.append(f"{kind} {target} {join.alias} ON {join.alias}.{key} = t.{quote(str(field.column))}")
        return f"SELECT {', '.join(columns)} FROM {' '.join(tables)}"  # noqa: S608 - names from models

    def _converters(self, model: type[Model]) -> list[list[Converter]]:
        connection = connections[self.using]
        found = []
        for field in _fields(model):
            col = field.get_col(model._meta.db_table)
            found.append(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        return found

    @cached_property
    def _plan(self) -> list[tuple[type[Model], list[str], list[list[Converter]], list[Any]]]:
        models = [self.model] + [self._joined(join)[1] for join in self.joins]
        plan = []
        for model in models:
            fields = _fields(model)
            cols = [f.get_col(model._meta.db_table) for f in fields]
            plan.append((model, [f.attname for f in fields], self._converters(model), cols))
        return plan

    def one(self, where: str, params: Sequence[Any]) -> Model | None:
        """The first row matching `where` (SQL over alias "t" and the joins' aliases), or None."""
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(f"{self.sql} WHERE {where}", list(params))
            row = cursor.fetchone()
        if row is None:
            return None
        instances: list[Model | None] = []
        start = 0
        for model, names, converters, cols in self._plan:
            values = list(row[start : start + len(names)])
            start += len(names)
            for n, (value, convert) in enumerate(zip(values, converters, strict=True)):
                for converter in convert:
                    value = converter(value, cols[n], connection)
                values[n] = value
            pk = values[names.index(model._meta.pk.attname)] if model._meta.pk else None
            instances.append(None if pk is None else model.from_db(self.using, names, values))
        main = instances[0]
        assert main is not None
        for join, related in zip(self.joins, instances[1:], strict=True):
            main._state.fields_cache[join.via] = related
        return main
