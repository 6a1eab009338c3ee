"""The export of Kith's record that the pipeline reads: one Parquet file per table.

`kith.partnership` writes it (`manage.py partnership_export`); the synthetic feed generator and the
pipeline read it. The schema is declared here so both sides agree, and a file that does not
match is refused with the table and column named.

- persons: everyone Kith knows (children and the adults around them), with identifiers.
- children: the child records: which person, the local authority id, whether open.
- addresses: every address period, so a partner's old address still matches.
- relationships: parents, carers, siblings, trusted adults, partners (and when they ended).
- episodes: stages of the child's journey, with the category of abuse for child protection.
- link_decisions: practitioners' confirmations and rejections of suggested links, which every
  later run keeps to.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

EXPORT_TABLES: dict[str, pa.Schema] = {
    "persons": pa.schema(
        [
            ("person_id", pa.int64()),
            ("given_name", pa.string()),
            ("family_name", pa.string()),
            ("preferred_name", pa.string()),
            ("other_names", pa.string()),
            ("date_of_birth", pa.date32()),
            ("sex", pa.string()),
            ("ethnicity", pa.string()),
            ("disabilities", pa.string()),  # DfE codes separated by commas; empty when none
            ("nhs_number", pa.string()),
            ("upn", pa.string()),
            ("date_of_death", pa.date32()),
            ("is_deceased", pa.bool_()),
        ]
    ),
    "children": pa.schema(
        [
            ("child_id", pa.int64()),
            ("person_id", pa.int64()),
            ("la_child_id", pa.string()),
            ("is_open", pa.bool_()),
            ("current_stage", pa.string()),
        ]
    ),
    "addresses": pa.schema(
        [
            ("person_id", pa.int64()),
            ("postcode", pa.string()),
            ("starts_on", pa.date32()),
            ("ends_on", pa.date32()),
        ]
    ),
    "relationships": pa.schema(
        [
            ("from_person_id", pa.int64()),
            ("to_person_id", pa.int64()),
            ("kind", pa.string()),
            ("is_trusted_adult", pa.bool_()),
            ("starts_on", pa.date32()),
            ("ends_on", pa.date32()),
            ("partnership_status", pa.string()),
        ]
    ),
    "episodes": pa.schema(
        [
            ("episode_id", pa.int64()),
            ("child_id", pa.int64()),
            ("stage", pa.string()),
            ("starts_on", pa.date32()),
            ("ends_on", pa.date32()),
            ("category_of_abuse", pa.string()),
        ]
    ),
    "link_decisions": pa.schema(
        [
            ("feed", pa.string()),
            ("person_ref", pa.string()),
            ("person_id", pa.int64()),
            ("decision", pa.string()),  # "confirmed" or "rejected"
        ]
    ),
}


class ExportError(Exception):
    """The export is missing a table or a table does not match its declared schema."""


def export_path(directory: Path, table: str) -> Path:
    return directory / f"{table}.parquet"


def check_export(directory: Path) -> None:
    """Refuse an export with a missing table or a column of the wrong name or type."""
    for table, schema in EXPORT_TABLES.items():
        path = export_path(directory, table)
        if not path.exists():
            raise ExportError(f"The Kith export in {directory} has no {path.name}.")
        found = pq.read_schema(path)
        for expected in schema:
            index = found.get_field_index(expected.name)
            if index < 0:
                raise ExportError(f"{path.name} has no column {expected.name}.")
            if not found.field(index).type.equals(expected.type):
                raise ExportError(
                    f"{path.name} column {expected.name} is {found.field(index).type}, expected {expected.type}."
                )


def write_table(directory: Path, table: str, data: pa.Table) -> Path:
    """Write one export table, cast to its declared schema (columns in the declared order)."""
    schema = EXPORT_TABLES[table]
    directory.mkdir(parents=True, exist_ok=True)
    path = export_path(directory, table)
    pq.write_table(data.select(schema.names).cast(schema), path)
    return path


def empty(table: str) -> pa.Table:
    return EXPORT_TABLES[table].empty_table()
