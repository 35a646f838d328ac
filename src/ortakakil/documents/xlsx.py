"""XLSX tables with openpyxl: a bold, frozen header row and readable column widths."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The MIME type of every XLSX file the platform delivers."""


def table_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet(index=0)
    workbook.remove(workbook.worksheets[1])  # the default empty sheet
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            # openpyxl turns text starting with "=" into a formula; text typed by participants
            # (e.g. "=HYPERLINK(…)") must stay text in the staff's spreadsheet.
            if cell.data_type == "f":
                cell.data_type = "s"
        widths = [max(w, min(60, len(str(v)) if v is not None else 0)) for w, v in zip(widths, row, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
