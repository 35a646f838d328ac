"""Bulk import of proposals that arrived by e-mail or on paper (CSV or XLSX).

The file has a header row with these columns (Turkish or English names):
``tema``/``theme`` (theme code, required), ``başlık``/``title`` (required),
``öneri``/``body`` (required), ``ilçe``/``district``, ``mahalle``/``neighbourhood``.
A dry run reports every row's errors; a commit writes all rows or none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import require_perm
from ortakakil.processes.models import Process

from .models import BODY_MAX, TITLE_MAX, Proposal

MAX_ROWS = 20_000
COLUMNS = {
    "theme": {"theme", "tema", "tema kodu"},
    "title": {"title", "başlık", "baslik"},
    "body": {"body", "öneri", "oneri", "metin"},
    "district": {"district", "ilçe", "ilce"},
    "neighbourhood": {"neighbourhood", "mahalle"},
}
REQUIRED = ("theme", "title", "body")


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, header)."""


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[ImportRow]
    created: int = 0

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def _read_rows(name: str, content: bytes) -> Iterator[tuple[int, list[str]]]:
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:
            raise ImportFileError(_("This is not a readable XLSX file.")) from error
        if sheet is None:
            raise ImportFileError(_("The workbook has no sheet."))
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if cell is None else str(cell) for cell in row]
    elif suffix in {".csv", ".txt"}:
        text = _decode(content)
        header = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=header.count)  # Turkish Excel saves with ";"
        for number, fields in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            yield number, fields
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows Turkish (cp1254), as Excel saves CSV here."""
    for encoding in ("utf-8-sig", "cp1254"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file must be UTF-8 (or Windows Turkish) text."))


def parse(name: str, content: bytes, *, process: Process) -> ImportReport:
    """Read and validate every row; nothing is written."""
    rows = iter(_read_rows(name, content))
    try:
        _number, header = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    normalised = [h.strip().lower().replace("i̇", "i") for h in header]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for position, heading in enumerate(normalised):
            if heading in names:
                index[key] = position
    missing = [key for key in REQUIRED if key not in index]
    if missing:
        raise ImportFileError(_("The header row lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)})
    themes = {code.upper(): pk for code, pk in process.themes.values_list("code", "pk")}
    report = ImportReport(rows=[])
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(report.rows) >= MAX_ROWS:
            raise ImportFileError(_("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})
        values = {key: (cells[i].strip() if i < len(cells) else "") for key, i in index.items()}
        row = ImportRow(line=line, values=values)
        if values["theme"].upper() not in themes:
            row.errors.append(_("unknown theme code “%(code)s”") % {"code": values["theme"]})
        if len(values["title"]) < 5:
            row.errors.append(_("the title is empty or shorter than 5 characters"))
        elif len(values["title"]) > TITLE_MAX:
            row.errors.append(_("the title is longer than %(n)d characters") % {"n": TITLE_MAX})
        if len(values["body"]) < 10:
            row.errors.append(_("the proposal is empty or shorter than 10 characters"))
        elif len(values["body"]) > BODY_MAX:
            row.errors.append(_("the proposal is longer than %(n)d characters") % {"n": BODY_MAX})
        report.rows.append(row)
    return report


@transaction.atomic
def proposals_import(*, actor: User, process: Process, name: str, content: bytes, dry_run: bool) -> ImportReport:
    """Validate the file; unless ``dry_run``, create every proposal or, on any error, none."""
    require_perm(actor, "proposals.import", process)
    report = parse(name, content, process=process)
    if dry_run or not report.ok:
        return report
    themes = {code.upper(): theme for theme in process.themes.all() for code in [theme.code]}
    proposals = [
        Proposal(
            process=process,
            theme=themes[row.values["theme"].upper()],
            author=None,
            title=row.values["title"],
            body=row.values["body"],
            district=row.values.get("district", "")[:60],
            neighbourhood=row.values.get("neighbourhood", "")[:80],
            source=Proposal.Source.IMPORT,
        )
        for row in report.rows
    ]
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    report.created = len(proposals)
    return report
