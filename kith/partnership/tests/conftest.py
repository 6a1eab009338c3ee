"""Fixtures of the partnership tests: the partnership directory in a temporary folder, a named
early help lead, and a run's results about Jayden and his mum made through the app's own action
(`do_replace_results`) from Parquet written as the pipeline writes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from kith.core.models import User
from kith.intelligence.engine import Engine
from kith.intelligence.sink import RESULT_SCHEMAS, RunResults
from kith.partnership.actions import do_name_early_help_lead, do_queue_run, do_replace_results
from kith.partnership.models import IntelligenceRun
from kith.people.models import Child, Relationship

TODAY = date(2026, 11, 20)
COMPARED = (
    "first name|the same|6.97\nlast name|the same|5.9\ndate of birth|the same|9.45\npostcode|missing on one side|0.0\n"
    "sex|the same|1.0\nNHS number|missing on one side|0.0\nunique pupil number|missing on one side|0.0"
)


@pytest.fixture(autouse=True)
def _partnership_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KITH_PARTNERSHIP_DIR", str(tmp_path / "partnership"))
    return tmp_path / "partnership"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def lead(charlie: User) -> User:
    """Charlie practises in Hillside and is named an early help lead."""
    do_name_early_help_lead(user=charlie, by=None)
    return charlie


def write_results(root: Path, tables: dict[str, list[dict[str, Any]]]) -> RunResults:
    engine = Engine.duckdb()
    try:
        for name, schema in RESULT_SCHEMAS.items():
            data = pa.Table.from_pylist(tables.get(name, []), schema=schema)
            engine.replace_dataset(engine.from_arrow(data), root / name)
    finally:
        engine.close()
    return RunResults(run_dir=root, today=TODAY, engine="duckdb", stage_seconds={"link": 1.0}, counts={"cohort": 1})


def link_row(child: Child | None, person_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "feed": "police_notifications",
        "person_ref": "PN0000001",
        "person_id": person_id,
        "status": "review",
        "match_key": "uncertain",
        "match_weight": 6.5,
        "match_probability": 0.99,
        "comparisons": COMPARED,
        "rank": 0,
        "subject_given_name": "Jaden",
        "subject_family_name": "Smith",
        "subject_date_of_birth": date(2015, 3, 27),
        "subject_postcode": "KB3 1AB",
        "subject_rows": 2,
    } | extra


def evidence_row(child: Child, **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child.pk,
        "factor": "ace_domestic_abuse",
        "factor_group": "ace",
        "agency": "Police",
        "source": "police_notifications",
        "record_ref": "PNR00000001",
        "event_on": date(2026, 5, 1),
        "words": "Domestic abuse incident notified by the police on 2026-05-01 (child in household)",
        "via_person_id": None,
        "via": None,
        "person_ref": "PN0000007",
        "match_key": "nhs_number",
        "match_weight": 31.2,
    } | extra


@pytest.fixture
def results(jayden: Child, mia: Child, tmp_path: Path) -> IntelligenceRun:
    """A finished run: a suggested link for Jayden to review, factors for him (one through his
    mum), his patterns, and a cohort entry for him and for Mia."""
    mum = Relationship.objects.filter(to_person=jayden.person, kind="parent").first()
    assert mum is not None
    tables = {
        "links": [
            link_row(jayden, jayden.person_id),
            link_row(mia, mia.person_id, rank=1, match_weight=1.5),
            link_row(
                jayden,
                jayden.person_id,
                feed="health_events",
                person_ref="HE0000003",
                status="linked",
                match_key="nhs_number",
                match_weight=30.1,
            ),
        ],
        "evidence": [
            evidence_row(jayden),
            evidence_row(
                jayden,
                factor="ace_parental_mental_health",
                agency="Adult mental health and substance misuse services",
                source="adult_services",
                record_ref="ASR00000009",
                words="A parent supported by adult mental health services from 2026-02-01",
                via_person_id=mum.from_person_id,
                via="parent",
                person_ref="AS0000002",
                match_key="probabilistic",
                match_weight=18.4,
            ),
            evidence_row(
                jayden,
                factor="pro_trusted_adult",
                factor_group="protective",
                agency="Children's services (Kith)",
                source="kith",
                record_ref="Kith relationship with person 9",
                event_on=None,
                words="Nan (grandparent) is recorded as a trusted adult",
                person_ref=None,
                match_key="kith",
                match_weight=None,
            ),
        ],
        "patterns": [
            {
                "child_id": jayden.pk,
                "pattern": "aces_and_symptoms",
                "kind": "concern",
                "words": "two or more adverse childhood experiences together with a symptom",
                "cohort": True,
            },
            {
                "child_id": jayden.pk,
                "pattern": "trusted_adult",
                "kind": "protective",
                "words": "a trusted adult is recorded",
                "cohort": False,
            },
        ],
        "cohort": [
            {
                "child_id": jayden.pk,
                "la_child_id": "KT000001",
                "locality": "KB3",
                "family_hub": "North Kithborough family hub",
                "school": "Riverside Academy",
                "patterns": "two or more adverse childhood experiences together with a symptom",
                "explanation": "Has been affected by domestic abuse (Police: 1 record, latest 2026-05-01)",
            },
            {
                "child_id": mia.pk,
                "la_child_id": "KT000002",
                "locality": "KB9",
                "family_hub": "Town centre family hub",
                "school": "Not known to the school feeds",
                "patterns": "four or more of the ten adverse childhood experience categories",
                "explanation": "=SUM(A1)",
            },
        ],
        "equity": [
            {"dimension": "all", "grouping": "All children", "population": 400, "listed": 40},
            {"dimension": "ethnicity", "grouping": "WBRI", "population": 300, "listed": 24},
            {"dimension": "ethnicity", "grouping": "APKN", "population": 95, "listed": 15},
            {"dimension": "ethnicity", "grouping": "CHNE", "population": 5, "listed": 1},
            {"dimension": "sex", "grouping": "1", "population": 200, "listed": 20},
            {"dimension": "sex", "grouping": "2", "population": 200, "listed": 20},
        ],
    }
    run = do_queue_run(by=None, today=TODAY)
    do_replace_results(run=run, results=write_results(tmp_path / "results", tables))
    run.refresh_from_db()
    return run
