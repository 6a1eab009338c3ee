"""The scaling chart, read as a drawing: a series per person asked with a point per score, a title
and description, presentation attributes only; and the table beside it with every score."""

from __future__ import annotations

from datetime import date

import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from kith.assessments.actions import do_record_scaling
from kith.core.models import User
from kith.people.models import Child
from kith.plans.chart import Point, Series, describe_chart, scaling_chart_svg

SVG = "{http://www.w3.org/2000/svg}"

SERIES = [
    Series("Jay (the child)", (Point(date(2026, 9, 1), 3), Point(date(2026, 10, 1), 5), Point(date(2026, 11, 20), 7))),
    Series("Chloé <Smith> & co (parent or carer)", (Point(date(2026, 9, 1), 4), Point(date(2026, 11, 20), 8))),
    Series("Riverside Primary (agency)", (Point(date(2026, 10, 1), 6),)),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_each_person_asked_is_a_series_with_a_point_per_score() -> None:
    root = parse(scaling_chart_svg(SERIES, title="Scaling over time", description=describe_chart(SERIES)))
    groups = root.findall(f"{SVG}g[@data-series]")
    assert [g.get("data-series") for g in groups] == [s.name for s in SERIES]
    for group, series in zip(groups, SERIES, strict=True):
        points = [el for el in group.iter() if el.get("data-score") is not None]
        assert [int(p.get("data-score")) for p in points] == [p.score for p in series.points]
        assert [p.get("data-on") for p in points] == [p.on.isoformat() for p in series.points]
        lines = group.findall(f"{SVG}polyline")
        assert len(lines) == (1 if len(series.points) > 1 else 0)


def test_higher_scores_are_drawn_higher_and_later_dates_further_right() -> None:
    root = parse(scaling_chart_svg(SERIES[:1], title="t", description="d"))
    circles = [el for el in root.iter(f"{SVG}circle") if el.get("data-score")]
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)


def test_the_axis_runs_0_to_10_with_dates_along_the_bottom() -> None:
    root = parse(scaling_chart_svg(SERIES, title="t", description="d"))
    axes = root.find(f"{SVG}g[@data-part='axes']")
    assert axes is not None
    labels = [t.text for t in axes.iter(f"{SVG}text")]
    assert [x for x in labels if x and x.isdigit()] == [str(n) for n in range(11)]
    assert any("Sep 2026" in (x or "") for x in labels) and any("Nov 2026" in (x or "") for x in labels)


def test_it_is_an_image_with_a_title_and_description_and_no_style() -> None:
    svg = scaling_chart_svg(
        SERIES, title="Scaling over time for Jay", description=describe_chart(SERIES), id_prefix="s1"
    )
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "s1-title s1-desc"
    assert root.find(f"{SVG}title").text == "Scaling over time for Jay"
    description = root.find(f"{SVG}desc").text
    assert "Jay (the child) scored 3 on 1 Sep 2026 and 7 on 20 Nov 2026, 3 scores in all." in description
    assert "Riverside Primary (agency) scored 6 on 1 Oct 2026." in description
    assert all(el.get("style") is None for el in root.iter())
    assert "style=" not in svg and "<script" not in svg


def test_names_are_escaped() -> None:
    svg = scaling_chart_svg(SERIES, title="<b>t</b>", description="d")
    assert "&lt;Smith&gt; &amp; co" in svg and "<Smith>" not in svg and "&lt;b&gt;t&lt;/b&gt;" in svg


def test_one_day_of_scores_still_draws_and_nothing_draws_nothing() -> None:
    one = [Series("Jay", (Point(date(2026, 11, 20), 5),))]
    root = parse(scaling_chart_svg(one, title="t", description="d"))
    (point,) = [el for el in root.iter() if el.get("data-score")]
    assert 56 < float(point.get("cx")) < 736
    assert scaling_chart_svg([], title="t", description="d") == ""
    assert scaling_chart_svg([Series("Nobody", ())], title="t", description="d") == ""


def test_series_differ_by_shape_as_well_as_colour() -> None:
    root = parse(scaling_chart_svg(SERIES, title="t", description="d"))
    groups = root.findall(f"{SVG}g[@data-series]")
    shapes = [next(el.tag for el in g if el.get("data-score")) for g in groups]
    colours = [next(el.get("fill") for el in g if el.get("data-score")) for g in groups]
    assert len(set(shapes)) == 3 and len(set(colours)) == 3


@pytest.mark.django_db
def test_the_scaling_page_draws_a_series_per_person_and_lists_every_score(
    as_alice: Client, jayden: Child, alice: User
) -> None:
    asked = [
        ("child", "Jay", date(2026, 9, 10), 2, "Scared at night"),
        ("child", "Jay", date(2026, 10, 10), 5, "Better"),
        ("parent_carer", "Chloé Smith", date(2026, 9, 10), 4, "Trying hard"),
        ("practitioner", "Alice Ahmed", date(2026, 10, 10), 3, "Early days"),
    ]
    for who, name, on, score, reason in asked:
        do_record_scaling(
            child=jayden,
            asked_on=on,
            who=who,
            name=name,
            score=score,
            reason=reason,
            context="visit",
            context_id=None,
            by=alice,
        )
    html = as_alice.get(f"/children/{jayden.pk}/plan/scaling/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = parse(svg)
    groups = {g.get("data-series"): g for g in root.findall(f"{SVG}g[@data-series]")}
    assert set(groups) == {"Jay (the child)", "Chloé Smith (parent or carer)", "Alice Ahmed (the practitioner)"}
    assert len([el for el in groups["Jay (the child)"].iter() if el.get("data-score")]) == 2
    table = html[html.index('<table class="govuk-table" id="scores-1">') :]
    table = table[: table.index("</table>")]
    assert table.count('<tr class="govuk-table__row">') == 4 + 1  # the header row too
    for _, name, _, score, reason in asked:
        assert name in table and reason in table and f">{score}</td>" in table
    assert table.index("10 Sep 2026") < table.index("10 Oct 2026")
