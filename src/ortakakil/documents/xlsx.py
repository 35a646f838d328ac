"""XLSX tables with openpyxl: a bold, frozen header row and readable column widths."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The MIME type of every XLSX file the platform delivers."""

_NOT_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\]")


class Sheet(NamedTuple):
    """One sheet of a workbook: its name, the header row and the data rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def sheet_title(title: str) -> str:
    r"""``title`` as Excel accepts a sheet's name: without ``[ ] : * ? / \``, at most 31
    characters, never empty ("Anket 2020/2024: ulaşım" → "Anket 2020-2024- ulaşım")."""
    return _NOT_IN_SHEET_TITLES.sub("-", title).strip("' ")[:31] or "Sayfa"


def table_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return sheets_xlsx([Sheet(title, headers, rows)])


def sheets_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per ``Sheet``, in order (at least one)."""
    workbook = Workbook()
    default = workbook.worksheets[0]
    for sheet in sheets:
        _fill(workbook.create_sheet(), sheet)
    workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, content: Sheet) -> None:
    sheet.title = sheet_title(content.title)
    headers = list(content.headers)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in content.rows:
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
