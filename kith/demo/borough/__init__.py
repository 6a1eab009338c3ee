"""The synthetic borough, generated: families, their journeys through services, and the staff.

Pure and deterministic: the same number of children, seed, `today` and starting ids give the
same rows. Nothing here touches the database or the clock. Rows are plain dataclasses whose
field names are the models' attribute names, so the writer can build model instances from
them directly; primary keys are assigned here so related rows need no reading back.

- `rows`: the row dataclasses and the `Chunk` that carries them to the writer.
- `catalogue`: services, stages, DfE codes and their shares.
- `identifiers`: primary keys, NHS numbers and unique pupil numbers.
- `staff`: teams, managers and practitioners.
- `generator`: the `Borough`, its shared randomness and the people it makes.
- `families`, `home`, `journey`: one family, its home, and the children's journeys.
"""

from __future__ import annotations

from kith.demo.borough.catalogue import GROUPS
from kith.demo.borough.generator import Borough
from kith.demo.borough.identifiers import Ids, nhs_number_for, upn_for
from kith.demo.borough.rows import TABLES, Chunk, row_values
from kith.demo.borough.staff import Staff, expected_teams

__all__ = [
    "GROUPS",
    "TABLES",
    "Borough",
    "Chunk",
    "Ids",
    "Staff",
    "expected_teams",
    "nhs_number_for",
    "row_values",
    "upn_for",
]
