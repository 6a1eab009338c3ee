"""Ofsted's Annex A: the eleven lists in one workbook, named and headed as the template is."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kith.people.models import Child
from kith.returns.annex_a import build_annex_a

pytestmark = pytest.mark.django_db
TEMPLATE = Path(__file__).parent / "files" / "Annex_A.xlsx"


def _book(start: date = date(2026, 4, 1), end: date = date(2026, 11, 20)) -> openpyxl.Workbook:
    content, _ = build_annex_a(start, end)
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_lists_are_named_and_headed_as_the_template(small_borough: dict[str, Child]) -> None:
    book = _book()
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)]
    template = openpyxl.load_workbook(TEMPLATE)
    for name in template.sheetnames:
        ours = [c.value for c in book[name][1]]
        theirs = [c.value for c in template[name][1]]
        assert ours == theirs, name


def test_each_list_holds_the_children_of_the_period(small_borough: dict[str, Child]) -> None:
    content, counts = build_annex_a(date(2026, 4, 1), date(2026, 11, 20))
    assert counts["List 3"] == 4  # four referrals
    assert counts["List 4"] == 4  # four child and family assessments
    assert counts["List 5"] == 1  # one section 47 enquiry
    assert counts["List 6"] == 1  # one child in need
    assert counts["List 7"] == 1  # one child protection plan
    assert counts["List 8"] == 1  # one child in care
    assert counts["List 11"] == 0  # adopters are the adoption agency's
    book = openpyxl.load_workbook(io.BytesIO(content))
    referral = next(r for r in book["List 3"].iter_rows(min_row=2, values_only=True) if r[0] == "KT100002")
    assert referral[1:3] == ("a) Male", "a) WBRI")
    assert referral[6] == "e) 2A: Schools"
    plan = next(book["List 7"].iter_rows(min_row=2, values_only=True))
    assert plan[0] == "KT100002"
    assert plan[7:9] == ("Neglect", "Neglect")


def test_nothing_outside_the_period_is_listed(small_borough: dict[str, Child]) -> None:
    _, counts = build_annex_a(date(2025, 1, 1), date(2025, 12, 31))
    assert sum(counts.values()) == 0
