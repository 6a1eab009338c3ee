"""The command line: export, load (with dates frozen) and run."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from kith.intelligence.export import EXPORT_TABLES, check_export
from kith.partnership.models import FeedLoad
from kith.people.models import Child

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def test_the_export_holds_every_table_the_pipeline_reads(jayden: Child, tmp_path: Path) -> None:
    out = StringIO()
    call_command("partnership_export", "--out", str(tmp_path / "export"), stdout=out)
    check_export(tmp_path / "export")
    import pyarrow.parquet as pq

    persons = pq.read_table(tmp_path / "export" / "persons.parquet").to_pylist()
    assert {p["given_name"] for p in persons} == {"Jayden", "Chloé"}
    assert next(p for p in persons if p["given_name"] == "Jayden")["nhs_number"] == "9990001006"
    children = pq.read_table(tmp_path / "export" / "children.parquet").to_pylist()
    assert [(c["la_child_id"], c["is_open"]) for c in children] == [("KT000001", True)]
    relationships = pq.read_table(tmp_path / "export" / "relationships.parquet").to_pylist()
    assert [r["kind"] for r in relationships] == ["parent"]
    assert set(EXPORT_TABLES) <= {p.stem for p in (tmp_path / "export").iterdir()}
    assert "persons" in out.getvalue()


def police_file(path: Path, rows: list[dict[str, str]]) -> Path:
    header = [
        "record_id",
        "person_ref",
        "given_name",
        "family_name",
        "date_of_birth",
        "sex",
        "postcode",
        "nhs_number",
        "notification_type",
        "occurred_on",
        "role",
        "offence",
        "outcome",
        "exploitation_concern",
    ]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


@time_machine.travel("2026-11-20 12:00", tick=False)
def test_loading_files_says_what_happened_to_each(tmp_path: Path) -> None:
    good = police_file(
        tmp_path / "police_notifications_1.csv",
        [
            {
                "record_id": "P1",
                "person_ref": "N1",
                "given_name": "Jay",
                "family_name": "Smith",
                "notification_type": "missing_episode",
                "occurred_on": "2026-10-01",
                "role": "missing_person",
            },
            {
                "record_id": "P2",
                "person_ref": "N1",
                "given_name": "Jay",
                "family_name": "Smith",
                "notification_type": "missing_episode",
                "occurred_on": "2026-12-01",
                "role": "missing_person",
            },
            {
                "record_id": "P3",
                "person_ref": "N1",
                "given_name": "Jay",
                "family_name": "Smith",
                "notification_type": "missing_episode",
                "occurred_on": "2024-11-19",
                "role": "missing_person",
            },
        ],
    )
    wrong = tmp_path / "police_notifications_2.csv"
    wrong.write_text("record_id,name\n1,x\n")
    out = StringIO()
    call_command("partnership_load", str(good), str(wrong), stdout=out)
    text = out.getvalue()
    assert (
        "police_notifications_1.csv: loaded 3 rows: 1 added, 0 replaced, 0 unchanged, 1 quarantined, 1 past retention."
        in text
    )
    assert "occurred_on is in the future: 1" in text  # 1 December 2026 is after the frozen today
    assert "police_notifications_2.csv: rejected. The file does not match the police notifications feed" in text
    again = StringIO()
    call_command("partnership_load", str(good), stdout=again)
    assert (
        "police_notifications_1.csv: already loaded. This file was already loaded on 20 November 2026"
        in again.getvalue()
    )
    assert list(FeedLoad.objects.order_by("pk").values_list("status", flat=True)) == [
        "loaded",
        "rejected",
        "already_loaded",
    ]
