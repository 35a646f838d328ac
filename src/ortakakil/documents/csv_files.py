"""Every CSV file the platform writes, written one way: UTF-8 with a BOM (Excel then shows
Turkish letters), and no cell that a spreadsheet would run as a formula.

A participant's answer "=HYPERLINK(…)" or "+90 …" written raw into a CSV becomes a formula when
staff open the file in Excel or LibreOffice (CSV injection). Following OWASP, a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which the
spreadsheet shows as text. The XLSX exports (``documents/xlsx.py``) mark such cells as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The cell's text, with an apostrophe in front when a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_bytes(*, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file (comma-separated, UTF-8 with BOM) of ``headers`` and ``rows``, every cell safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(value) for value in headers])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
