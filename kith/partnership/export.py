"""Kith's people as the pipeline reads them: one Parquet file per table (kith.intelligence.export).

Read straight from the database in chunks, with only the columns the pipeline needs: identity
for linkage, relationships and journeys for the matrix, and the practitioners' link decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db.models import QuerySet

from kith.intelligence.export import EXPORT_TABLES, write_table
from kith.journey.models import Episode
from kith.partnership.models import LinkDecision
from kith.people.models import Address, Child, Person, Relationship

CHUNK = 20_000


def _rows(queryset: QuerySet[Any], fields: list[str]) -> Iterator[tuple[Any, ...]]:
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)


def _table(name: str, rows: Iterable[tuple[Any, ...]]) -> pa.Table:
    schema = EXPORT_TABLES[name]
    columns: list[list[Any]] = [[] for _ in schema.names]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return pa.table({n: pa.array(c, schema.field(n).type) for n, c in zip(schema.names, columns, strict=True)})


def _persons() -> Iterator[tuple[Any, ...]]:
    fields = [
        "pk",
        "legal_given_name",
        "legal_family_name",
        "preferred_name",
        "other_names",
        "date_of_birth",
        "sex",
        "ethnicity",
        "disabilities",
        "nhs_number",
        "upn",
        "date_of_death",
        "is_deceased",
    ]
    for row in _rows(Person.objects.all(), fields):
        disabilities = row[8] or []
        yield (*row[:8], ",".join(str(code) for code in disabilities), *row[9:])


def export_kith(directory: Path) -> dict[str, int]:
    """Write the export into `directory`; returns the rows written for each table."""
    tables = {
        "persons": _table("persons", _persons()),
        "children": _table(
            "children", _rows(Child.objects.all(), ["pk", "person_id", "la_child_id", "is_open", "current_stage"])
        ),
        "addresses": _table(
            "addresses", _rows(Address.objects.all(), ["person_id", "postcode", "starts_on", "ends_on"])
        ),
        "relationships": _table(
            "relationships",
            _rows(
                Relationship.objects.all(),
                [
                    "from_person_id",
                    "to_person_id",
                    "kind",
                    "is_trusted_adult",
                    "starts_on",
                    "ends_on",
                    "partnership_status",
                ],
            ),
        ),
        "episodes": _table(
            "episodes",
            _rows(Episode.objects.all(), ["pk", "child_id", "stage", "starts_on", "ends_on", "category_of_abuse"]),
        ),
        "link_decisions": _table(
            "link_decisions", _rows(LinkDecision.objects.all(), ["feed", "person_ref", "person_id", "decision"])
        ),
    }
    for name, table in tables.items():
        write_table(directory, name, table)
    return {name: table.num_rows for name, table in tables.items()}
