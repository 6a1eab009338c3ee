"""The matrix: configuration checked, every factor traced to its records, patterns in words,
cohorts that explain themselves and leave out open cases, and the equity report's counts."""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow.parquet as pq
import pytest

from kith.intelligence.engine import Engine
from kith.intelligence.feeds import FEEDS_BY_NAME
from kith.intelligence.load import FeedStore, stored_rows
from kith.intelligence.matrix import GROUPS, MatrixConfigError, load_config, parse_config
from kith.intelligence.sink import RESULT_SCHEMAS
from kith.intelligence.tests.conftest import TODAY, DuckRun, World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FACTOR = """
[[factor]]
code = "x"
group = "symptom"
title = "X"
  [[factor.source]]
  feed = "police_notifications"
  where = [["notification_type", "=", "arrest"]]
  words = "Arrested on {occurred_on}"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[factor]\n", "The matrix file is not valid TOML"),
        (FACTOR.replace('group = "symptom"', 'group = "risk"'), "factor x: group must be one of"),
        (FACTOR.replace("police_notifications", "gossip"), "there is no feed called gossip"),
        (FACTOR.replace('"notification_type", "="', '"shoe_size", "="'), "is not [column, operator, value]"),
        (FACTOR.replace('"=", "arrest"', '"~", "arrest"'), "is not [column, operator, value]"),
        (FACTOR.replace("{occurred_on}", "{weather}"), "unknown columns: weather"),
        (FACTOR.replace('feed = "police_notifications"', 'kith = "horoscope"'), "Kith has no source called horoscope"),
        (
            FACTOR + '[[pattern]]\ncode = "p"\nkind = "concern"\nwords = "w"\nany_factor = ["nope"]\n',
            "there is no factor nope",
        ),
        (
            FACTOR + '[[pattern]]\ncode = "p"\nkind = "concern"\nwords = "w"\nat_least = { luck = 1 }\n',
            "luck is not a group",
        ),
        (FACTOR + '[[pattern]]\ncode = "p"\nkind = "concern"\nwords = "w"\n', "say what must be present"),
        (FACTOR + FACTOR, "Two factors have the same code"),
    ],
)
def test_mistakes_in_the_matrix_file_are_refused_with_where_they_are(text: str, message: str) -> None:
    with pytest.raises(MatrixConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config(text)


def test_the_shipped_matrix_follows_the_strategy() -> None:
    """Ten adverse childhood experiences, the strategy's other vulnerabilities, symptoms and
    outcomes, with protective factors; the patterns the issue names are there in words."""
    config = load_config()
    by_group = {g: [f for f in config.factors if f.group == g] for g in GROUPS}
    assert len(by_group["ace"]) == 10
    assert len([f for f in by_group["vulnerability"] if not f.local]) == 7
    assert len([f for f in by_group["symptom"] if not f.local]) == 13
    assert len(by_group["outcome"]) == 10
    words = {p.words for p in config.patterns}
    assert "four or more of the ten adverse childhood experience categories" in words
    assert "a trusted adult is recorded" in words
    assert any("no identified cause" in w for w in words)


def test_every_factor_from_a_feed_traces_to_a_stored_record_linked_to_the_child(
    duck_run: DuckRun, world: World
) -> None:
    evidence = duck_run.results.table("evidence").to_pylist()
    links = {
        (lk["feed"], lk["person_ref"]): lk
        for lk in duck_run.results.table("links").to_pylist()
        if lk["status"] == "linked"
    }
    children = {r["child_id"]: r["person_id"] for r in pq.read_table(world.export / "children.parquet").to_pylist()}
    parents = {
        (r["from_person_id"], r["to_person_id"])
        for r in pq.read_table(world.export / "relationships.parquet").to_pylist()
        if r["kind"] in ("parent", "step_parent", "carer") and r["ends_on"] is None
    }
    engine = Engine.duckdb()
    try:
        store = FeedStore(duck_run.store)
        records = {
            name: set(engine.to_arrow(stored_rows(engine, store, feed).select("record_id")).column(0).to_pylist())
            for name, feed in FEEDS_BY_NAME.items()
        }
    finally:
        engine.close()
    from_feeds = [e for e in evidence if e["source"] != "kith"]
    assert len(from_feeds) > 200
    for e in from_feeds:
        assert e["record_ref"] in records[e["source"]]
        link = links[(e["source"], e["person_ref"])]
        assert (e["match_key"], e["match_weight"]) == (link["match_key"], link["match_weight"])
        if e["via_person_id"] is None:
            assert link["person_id"] == children[e["child_id"]]
        else:
            assert link["person_id"] == e["via_person_id"]
            assert (e["via_person_id"], children[e["child_id"]]) in parents
        assert e["words"] and "{" not in e["words"]


def test_evidence_falls_within_each_factors_look_back(duck_run: DuckRun) -> None:
    config = load_config()
    lookback = {f.code: f.lookback_days for f in config.factors}
    for e in duck_run.results.table("evidence").to_pylist():
        if e["event_on"] is not None:
            assert TODAY - timedelta(days=lookback[e["factor"]]) <= e["event_on"] <= TODAY


def test_factors_come_from_kith_as_well_as_partners(duck_run: DuckRun) -> None:
    kith = [e for e in duck_run.results.table("evidence").to_pylist() if e["source"] == "kith"]
    assert {"pro_trusted_adult", "vul_disability"} <= {e["factor"] for e in kith}
    assert all(e["agency"] == "Children's services (Kith)" and e["record_ref"].startswith("Kith ") for e in kith)


def test_patterns_are_what_the_evidence_shows(duck_run: DuckRun) -> None:
    evidence = duck_run.results.table("evidence").to_pylist()
    patterns = duck_run.results.table("patterns").to_pylist()
    aces: dict[int, set[str]] = {}
    symptoms: dict[int, set[str]] = {}
    for e in evidence:
        if e["factor_group"] == "ace":
            aces.setdefault(e["child_id"], set()).add(e["factor"])
        if e["factor_group"] == "symptom":
            symptoms.setdefault(e["child_id"], set()).add(e["factor"])
    shown = {(p["child_id"], p["pattern"]) for p in patterns}
    for child, found in aces.items():
        assert ((child, "four_aces") in shown) == (len(found) >= 4)
        both = len(found) >= 2 and len(symptoms.get(child, set())) >= 1
        assert ((child, "aces_and_symptoms") in shown) == both
    trusted = {e["child_id"] for e in evidence if e["factor"] == "pro_trusted_adult"}
    assert trusted == {p["child_id"] for p in patterns if p["pattern"] == "trusted_adult"}
    assert {p["kind"] for p in patterns if p["pattern"] == "trusted_adult"} == {"protective"}


def test_no_output_holds_a_score_or_a_prediction() -> None:
    for name, schema in RESULT_SCHEMAS.items():
        assert not [c for c in schema.names if any(w in c for w in ("score", "risk", "predict", "probability_of"))], (
            name
        )


def test_cohorts_leave_out_open_cases_and_explain_each_entry(duck_run: DuckRun, world: World) -> None:
    cohort = duck_run.results.table("cohort").to_pylist()
    children = {r["child_id"]: r for r in pq.read_table(world.export / "children.parquet").to_pylist()}
    patterns = duck_run.results.table("patterns").to_pylist()
    cohort_patterns = {p["child_id"] for p in patterns if p["cohort"]}
    assert cohort
    for entry in cohort:
        assert not children[entry["child_id"]]["is_open"]
        assert entry["child_id"] in cohort_patterns
        assert entry["patterns"] and entry["explanation"]
        assert entry["la_child_id"] == children[entry["child_id"]]["la_child_id"]
        assert entry["family_hub"] and entry["locality"] and entry["school"]
    listed = {e["child_id"] for e in cohort}
    assert listed == {c for c in cohort_patterns if not children[c]["is_open"]}


def test_the_equity_report_counts_every_child_under_18_once_in_each_dimension(duck_run: DuckRun, world: World) -> None:
    rows = duck_run.results.table("equity").to_pylist()
    persons = {p["person_id"]: p for p in pq.read_table(world.export / "persons.parquet").to_pylist()}
    under_18 = [
        c
        for c in pq.read_table(world.export / "children.parquet").to_pylist()
        if persons[c["person_id"]]["date_of_birth"]
        and persons[c["person_id"]]["date_of_birth"] > date(2008, 11, 23)
        and not persons[c["person_id"]]["is_deceased"]
    ]
    listed = len(duck_run.results.table("cohort"))
    for dimension in ("all", "ethnicity", "sex", "disability", "area"):
        mine = [r for r in rows if r["dimension"] == dimension]
        assert sum(r["population"] for r in mine) == len(under_18), dimension
        assert sum(r["listed"] for r in mine) <= listed
    assert [r["grouping"] for r in rows if r["dimension"] == "disability"]
