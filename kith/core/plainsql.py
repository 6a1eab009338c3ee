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


def placeholders(values: Sequence[object]) -> str:
    """One "%s" for each of `values`, for an IN list or a VALUES row."""
    return ", ".join(["%s"] * len(values))


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

    @cached_property
    def _plan(self) -> list[tuple[type[Model], list[str], int, list[tuple[Any, list[Converter]]]]]:
        """For each model: its attribute names, where its primary key is among them, and each
        column's expression with the converters the ORM would apply to its value."""
        connection = connections[self.using]
        plan = []
        for model in [self.model] + [self._joined(join)[1] for join in self.joins]:
            fields = _fields(model)
            names = [f.attname for f in fields]
            assert model._meta.pk is not None
            converting = []
            for field in fields:
                col = field.get_col(model._meta.db_table)
                converting.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
            plan.append((model, names, names.index(model._meta.pk.attname), converting))
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
        for model, names, pk_at, converting in self._plan:
            values = list(row[start : start + len(names)])
            start += len(names)
            for n, (col, converters) in enumerate(converting):
                for converter in converters:
                    values[n] = converter(values[n], col, connection)
            instances.append(None if values[pk_at] is None else model.from_db(self.using, names, values))
        main = instances[0]
        assert main is not None
        for join, related in zip(self.joins, instances[1:], strict=True):
            main._state.fields_cache[join.via] = related
        return main
