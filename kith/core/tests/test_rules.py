"""Pure rules: the working-day calendar with England's bank holidays, identifiers, access."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.rules import (
    Access,
    RecordFacts,
    Viewer,
    access_to_record,
    add_working_days,
    bank_holidays,
    nhs_number_is_valid,
    upn_check_letter,
    upn_is_valid,
    working_days_between,
)


@pytest.mark.parametrize(
    "one_off",
    [date(2011, 4, 29), date(2012, 6, 4), date(2012, 6, 5), date(2022, 9, 19), date(2023, 5, 8)],
)
def test_one_off_bank_holidays_are_known(one_off: date) -> None:
    assert one_off in bank_holidays(one_off.year)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {
                date(2026, 1, 1),
                date(2026, 4, 3),
                date(2026, 4, 6),
                date(2026, 5, 4),
                date(2026, 5, 25),
                date(2026, 8, 31),
                date(2026, 12, 25),
                date(2026, 12, 28),
            },
        ),
        (
            2027,
            {
                date(2027, 1, 1),
                date(2027, 3, 26),
                date(2027, 3, 29),
                date(2027, 5, 3),
                date(2027, 5, 31),
                date(2027, 8, 30),
                date(2027, 12, 27),
                date(2027, 12, 28),
            },
        ),
        (
            2022,
            {
                date(2022, 1, 3),
                date(2022, 4, 15),
                date(2022, 4, 18),
                date(2022, 5, 2),
                date(2022, 6, 2),
                date(2022, 6, 3),
                date(2022, 8, 29),
                date(2022, 9, 19),
                date(2022, 12, 26),
                date(2022, 12, 27),
            },
        ),
    ],
)
def test_bank_holidays_in_england(year: int, expected: set[date]) -> None:
    assert bank_holidays(year) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 10, date(2026, 12, 7)),  # two plain weeks
        (date(2026, 12, 18), 5, date(2026, 12, 29)),  # over Christmas and the Boxing Day substitute
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # over Good Friday and Easter Monday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday to Monday
        (date(2026, 11, 30), -1, date(2026, 11, 27)),
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_working_days_between_counts_the_end_day_and_skips_holidays() -> None:
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 29), date(2026, 12, 24)) == -1


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9990001006", True),
        ("999 000 1006", True),
        ("9990001007", False),
        ("999000100", False),
        ("99900010067", False),
        ("abcdefghij", False),
        ("", False),
    ],
)
def test_nhs_number_checksum(value: str, valid: bool) -> None:
    assert nhs_number_is_valid(value) is valid


def test_upn_check_letter_round_trips_and_catches_a_slip() -> None:
    body = "999000123001"
    upn = upn_check_letter(body) + body
    assert upn_is_valid(upn)
    assert upn_is_valid(upn.lower())
    assert not upn_is_valid(upn[0] + "999000123002")
    assert not upn_is_valid("I" + body)  # I is never a check letter
    assert not upn_is_valid(upn[:-1])


def test_temporary_upn_with_a_letter_serial_is_valid() -> None:
    body = "99900012300A"
    assert upn_is_valid(upn_check_letter(body) + body)


ALICE = Viewer(user_id=1, is_casework=True, team_id=10, service_team_ids=frozenset())
SERVICE_MANAGER = Viewer(user_id=3, is_casework=True, team_id=30, service_team_ids=frozenset({10, 30}))
PARTNER = Viewer(user_id=2, is_casework=False, team_id=None, service_team_ids=frozenset())
TEAM_CASE = RecordFacts(team_id=10, lead_practitioner_id=1, is_restricted=False, named_user_ids=frozenset())
OTHER_CASE = RecordFacts(team_id=20, lead_practitioner_id=9, is_restricted=False, named_user_ids=frozenset())
RESTRICTED = RecordFacts(team_id=10, lead_practitioner_id=9, is_restricted=True, named_user_ids=frozenset({2}))


@pytest.mark.parametrize(
    ("viewer", "record", "has_reason", "expected"),
    [
        (ALICE, TEAM_CASE, False, Access.ALLOW),
        (ALICE, OTHER_CASE, False, Access.NOT_FOUND),
        (ALICE, OTHER_CASE, True, Access.NOT_FOUND),  # a caseworker cannot talk their way in
        (ALICE, RESTRICTED, False, Access.NOT_FOUND),  # not named, even in the team
        (SERVICE_MANAGER, TEAM_CASE, False, Access.ALLOW),
        (SERVICE_MANAGER, OTHER_CASE, False, Access.NOT_FOUND),
        (PARTNER, TEAM_CASE, False, Access.NEEDS_REASON),
        (PARTNER, TEAM_CASE, True, Access.ALLOW),
        (PARTNER, RESTRICTED, False, Access.ALLOW),  # named
    ],
)
def test_access_to_record(viewer: Viewer, record: RecordFacts, has_reason: bool, expected: Access) -> None:
    assert access_to_record(viewer, record, has_reason=has_reason) is expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 23), 3, date(2027, 2, 23)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(start: date, months: int, expected: date) -> None:
    from kith.core.rules import add_months

    assert add_months(start, months) == expected


def test_timescales_can_be_set_by_the_council_and_bad_settings_are_refused() -> None:
    from kith.core.timescales import Timescales

    assert Timescales.from_settings({}).initial_conference_working_days == 15
    assert Timescales.from_settings({"assessment_working_days": 40}).assessment_working_days == 40
    with pytest.raises(ValueError, match="unknown names"):
        Timescales.from_settings({"assesment_working_days": 40})
    with pytest.raises(ValueError, match="whole numbers"):
        Timescales.from_settings({"assessment_working_days": 0})
