"""The dashboards' figures and drill-down lists as CSV and Excel files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from kith.standards.dashboard import Dashboard, Drilldown

Table = tuple[list[str], list[list[Any]]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figures_table(board: Dashboard) -> Table:
    header = ["Code", "Standard", "Pillar", "Applies now", "Met", "Due soon", "Overdue", "Met or not yet due now (%)"]
    header += [f"{on:%b %Y} (%)" for on in board.months]
    rows = []
    for line in board.lines:
        now = line.now.figure
        rows.append(
            [line.code, line.title, line.pillar, now.applies, now.met, now.due_soon, now.overdue, now.percent]
            + [cell.figure.percent for cell in line.months]
        )
    return header, rows


def children_table(drill: Drilldown) -> Table:
    header = ["Child ID", "Name", "Stage", "Status", "Due", "Evidence dated", "Detail"]
    rows = [[r.child_id, r.name, r.stage, r.status_label, r.due_on, r.evidence_on, r.detail] for r in drill.rows]
    return header, rows


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def as_csv(table: Table, filename: str) -> HttpResponse:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(table: Table, filename: str, *, title: str) -> HttpResponse:
    header, rows = table
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export(table: Table, fmt: str, filename: str, *, title: str) -> HttpResponse:
    return as_csv(table, filename) if fmt == "csv" else as_xlsx(table, filename, title=title)


def row_count(table: Table) -> int:
    return len(table[1])


def names_in(rows: Sequence[list[Any]]) -> list[int]:
    return [row[0] for row in rows]
