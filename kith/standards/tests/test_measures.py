"""The measure vocabulary: what parses, and what is refused with the column where it went wrong."""

from __future__ import annotations

import pytest

from kith.core.timescales import Timescales
from kith.standards.measures import AllOf, Every, Exists, Interval, MeasureError, Within, measure_words, parse_measure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "within(from = opened, to = family_network_meeting, by = 10 working_days)",
            Within("opened", "family_network_meeting", Interval("working_days", 10)),
        ),
        (
            "within(from=opened,to=assessment_completed,by=timescale.assessment_working_days)",
            Within("opened", "assessment_completed", Interval("working_days", timescale="assessment_working_days")),
        ),
        (
            "every(event = visit_seen, since = stage_start, interval = 6 weeks, first = 1 weeks)",
            Every("visit_seen", "stage_start", Interval("weeks", 6), first=Interval("weeks", 1)),
        ),
        (
            "every(event = genogram_review, since = involved, interval = timescale.genogram_review_months, "
            "requires = genogram_minimum)",
            Every(
                "genogram_review",
                "involved",
                Interval("months", timescale="genogram_review_months"),
                requires="genogram_minimum",
            ),
        ),
        ("all(of = plan_actions, when_empty = 10 working_days)", AllOf("plan_actions", Interval("working_days", 10))),
        ("all(of = conference_contributions)", AllOf("conference_contributions")),
        (
            "exists(condition = open_plan, since = stage_start, by = 3 days)",
            Exists("open_plan", "stage_start", Interval("days", 3)),
        ),
    ],
)
def test_measures_parse(text: str, expected: object) -> None:
    assert parse_measure(text) == expected


@pytest.mark.parametrize(
    ("text", "reason", "column"),
    [
        ("sometimes(event = visit_seen)", "'sometimes' is not a measure", 1),
        ("within(from = opened, to = visitz, by = 10 working_days)", "'visitz' is not a known event", 28),
        ("within(from = open, to = visit_seen, by = 10 working_days)", "'open' is not a known anchor", 15),
        ("within(from = opened, to = visit_seen)", "within needs by", 1),
        ("within(from = opened, to = visit_seen, by = 10 fortnights)", "'fortnights' is not a unit", 48),
        ("within(from = opened, to = visit_seen, by = 0 days)", "An interval must be 1 or more", 45),
        ("within(from = opened, to = visit_seen, by = timescale.nap_months)", "'nap_months' is not one of", 45),
        (
            "every(event = visit_seen, since = opened, interval = 3 months, colour = blue)",
            "'colour' is not a parameter",
            64,
        ),
        ("every(event = visit_seen, since = opened, interval = 3 months", "Expected ',' or ')' but found the end", 62),
        ("all(of = plan_actions) extra", "Nothing may follow", 24),
        ("all(of = plan_actions, of = plan_review)", "'of' is given twice", 24),
        ("all(of = plan_actions; when_empty = 1 days)", "';' is not allowed here", 22),
    ],
)
def test_bad_measures_are_refused_with_the_column(text: str, reason: str, column: int) -> None:
    with pytest.raises(MeasureError) as refused:
        parse_measure(text)
    assert reason in refused.value.reason
    assert refused.value.column == column


def test_measures_read_in_plain_words_with_the_councils_timescales() -> None:
    measure = parse_measure(
        "within(from = opened, to = family_network_meeting, by = timescale.family_network_meeting_working_days)"
    )
    assert measure_words(measure, Timescales(family_network_meeting_working_days=7)) == (
        "A family network meeting held within 7 working days of the day the child was opened to children's social "
        "care (the current opening)"
    )
