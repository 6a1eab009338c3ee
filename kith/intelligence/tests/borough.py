"""A Kith export made straight from the synthetic borough generator, without a database.

The pipeline's tests need Kith's people as the export would have them; the borough generator is
pure and deterministic, so a few hundred children take a fraction of a second and no Django.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from kith.demo.borough import Borough
from kith.intelligence.export import EXPORT_TABLES, write_table

SERVICES = {"early_help": 1, "front_door": 2, "safeguarding": 3, "children_in_care": 4}


def write_borough_export(directory: Path, *, children: int, seed: int, today: date) -> Path:
    borough = Borough(children=children, seed=seed, today=today, first_ids={}, service_ids=SERVICES)
    tables: dict[str, list[dict[str, object]]] = {name: [] for name in EXPORT_TABLES}
    for chunk in borough.chunks():
        for p in chunk.persons:
            tables["persons"].append(
                {
                    "person_id": p.id,
                    "given_name": p.legal_given_name,
                    "family_name": p.legal_family_name,
                    "preferred_name": p.preferred_name,
                    "other_names": p.other_names,
                    "date_of_birth": p.date_of_birth,
                    "sex": p.sex,
                    "ethnicity": p.ethnicity,
                    "disabilities": ",".join(p.disabilities),
                    "nhs_number": p.nhs_number,
                    "upn": p.upn,
                    "date_of_death": p.date_of_death,
                    "is_deceased": p.is_deceased,
                }
            )
        for c in chunk.children:
            tables["children"].append(
                {
                    "child_id": c.id,
                    "person_id": c.person_id,
                    "la_child_id": c.la_child_id,
                    "is_open": c.is_open,
                    "current_stage": c.current_stage,
                }
            )
        for a in chunk.addresses:
            tables["addresses"].append(
                {"person_id": a.person_id, "postcode": a.postcode, "starts_on": a.starts_on, "ends_on": a.ends_on}
            )
        for r in chunk.relationships:
            tables["relationships"].append(
                {
                    "from_person_id": r.from_person_id,
                    "to_person_id": r.to_person_id,
                    "kind": r.kind,
                    "is_trusted_adult": r.is_trusted_adult,
                    "starts_on": r.starts_on,
                    "ends_on": r.ends_on,
                    "partnership_status": r.partnership_status,
                }
            )
        for e in chunk.episodes:
            tables["episodes"].append(
                {
                    "episode_id": e.id,
                    "child_id": e.child_id,
                    "stage": e.stage,
                    "starts_on": e.starts_on,
                    "ends_on": e.ends_on,
                    "category_of_abuse": e.category_of_abuse,
                }
            )
    for name, schema in EXPORT_TABLES.items():
        write_table(directory, name, pa.Table.from_pylist(tables[name], schema=schema))
    return directory
