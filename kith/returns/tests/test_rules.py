"""The returns' pure rules, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from kith.returns import rules
from kith.returns.rules import StageFact


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 3, 31), 2026), (date(2026, 4, 1), 2027), (date(2026, 11, 20), 2027), (date(2027, 1, 1), 2027)],
)
def test_the_collection_year_runs_from_april_to_march(today: date, year: int) -> None:
    assert rules.current_collection_year(today) == year
    period = rules.collection_period(year)
    assert period.start == date(year - 1, 4, 1)
    assert period.end == date(year, 3, 31)


@pytest.mark.parametrize(
    ("sex", "year", "written"),
    [("1", 2024, "1"), ("2", 2024, "2"), ("1", 2025, "M"), ("2", 2027, "F"), ("0", 2027, "U"), ("9", 2027, "U")],
)
def test_sex_is_written_as_the_year_asks(sex: str, year: int, written: str) -> None:
    assert rules.cin_sex(sex, year) == written


@pytest.mark.parametrize(("value", "kith"), [("M", "1"), ("1", "1"), ("f", "2"), ("U", "0"), ("9", "9"), ("X", None)])
def test_sex_read_from_a_return(value: str, kith: str | None) -> None:
    assert rules.sex_from_return(value) == kith


@pytest.mark.parametrize(
    ("value", "answer"), [("true", True), ("TRUE", True), ("1", True), ("false", False), ("0", False), ("yes", None)]
)
def test_the_census_yes_no(value: str, answer: bool | None) -> None:
    assert rules.yes_no(value) is answer


@pytest.mark.parametrize(("born", "code"), [(None, "UN1"), (date(2023, 1, 1), "UN1"), (date(2015, 1, 1), "UN2")])
def test_a_missing_upn_has_a_reason(born: date | None, code: str) -> None:
    assert rules.upn_unknown_default(born=born, reference=date(2027, 3, 31)) == code


def _stage(pk: int, stage: str, starts: date, ends: date | None, follows: int | None = None, **codes: str) -> StageFact:
    return StageFact(pk, stage, starts, ends, follows, **codes)


def test_stages_that_follow_each_other_are_one_episode_of_need() -> None:
    stages = [
        _stage(1, "referral", date(2026, 5, 1), date(2026, 5, 2), referral_source="6"),
        _stage(2, "assessment", date(2026, 5, 2), date(2026, 6, 1), follows=1),
        _stage(3, "cin", date(2026, 6, 1), None, follows=2, primary_need="N5"),
    ]
    [episode] = rules.episodes_of_need(stages)
    assert episode.referral_on == date(2026, 5, 1)
    assert episode.closed_on is None
    assert episode.referral_source == "6"
    assert episode.primary_need == "N5"
    assert not episode.is_referral_only


def test_a_later_referral_after_closure_is_a_new_episode() -> None:
    stages = [
        _stage(1, "referral", date(2025, 5, 1), date(2025, 5, 3), closure_reason="RC8"),
        _stage(2, "referral", date(2026, 1, 10), None),
    ]
    first, second = rules.episodes_of_need(stages)
    assert first.closed_on == date(2025, 5, 3)
    assert first.closure_reason == "RC8"
    assert first.is_referral_only
    assert second.referral_on == date(2026, 1, 10)


@pytest.mark.parametrize(
    ("starts", "ends", "inside"),
    [
        (date(2026, 3, 1), None, True),
        (date(2025, 1, 1), date(2026, 3, 31), False),
        (date(2025, 1, 1), date(2026, 4, 1), True),
        (date(2027, 3, 31), None, True),
        (date(2027, 4, 1), None, False),
    ],
)
def test_what_falls_in_a_collection_year(starts: date, ends: date | None, inside: bool) -> None:
    assert rules.collection_period(2027).overlaps(starts, ends) is inside


def test_a_care_episode_splits_on_each_change_with_its_reason() -> None:
    rows = rules.care_rows(
        starts_on=date(2026, 5, 1),
        ends_on=None,
        legal_statuses=[("V2", date(2026, 5, 1), date(2026, 6, 1)), ("C2", date(2026, 6, 1), None)],
        placements=[
            ("U6", date(2026, 5, 1), date(2026, 7, 1), "TW9 1DN"),
            ("T0", date(2026, 7, 1), date(2026, 7, 5), "TW9 1DN"),
            ("U4", date(2026, 7, 5), None, "TW1 3QS"),
        ],
    )
    assert [(r.starts_on.isoformat(), r.legal_status, r.placement, r.reason_new) for r in rows] == [
        ("2026-05-01", "V2", "U6", "S"),
        ("2026-06-01", "C2", "U6", "L"),
        ("2026-07-01", "C2", "T0", "P"),
        ("2026-07-05", "C2", "U4", "P"),
    ]
    assert rows[0].ends_on == date(2026, 6, 1)
    assert rows[-1].ends_on is None


def test_a_change_of_status_and_placement_on_one_day_is_one_row() -> None:
    rows = rules.care_rows(
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 9, 1),
        legal_statuses=[("C1", date(2026, 5, 1), date(2026, 8, 1)), ("C2", date(2026, 8, 1), None)],
        placements=[("U6", date(2026, 5, 1), date(2026, 8, 1), ""), ("U4", date(2026, 8, 1), None, "")],
    )
    assert [r.reason_new for r in rows] == ["S", "B"]
    assert rows[-1].ends_on == date(2026, 9, 1)
