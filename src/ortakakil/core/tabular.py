"""Reading a table that people made in Excel: CSV or XLSX with a header row.

Shared by every bulk import (proposals, contact lists …). The header names the columns, in
Turkish or English and in any case; each import declares which header names it accepts for
each of its columns (``COLUMNS``). A file that cannot be read as a whole raises
``ImportFileError``; the errors of single rows are collected in an ``ImportReport`` so that a
dry run can show all of them at once, with their line numbers.

Nothing in an uploaded file is trusted to say how big it is. An XLSX sheet may declare the
dimension A1:XFD1048576 and hold one cell on its last row (1.6 KB on disk): the reader ignores
the declared dimension, reads at most ``MAX_COLUMNS`` columns and stops with an error past the
rows an import accepts; the archive's members may together unpack to at most
``MAX_XLSX_UNPACKED_BYTES`` (a ZIP bomb is refused before anything is parsed). Control
characters (NUL …) make a row's error, whatever import reads it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .text import control_characters, turkish_lower

#: Columns read from each row; cells further right are ignored (no import has this many columns).
MAX_COLUMNS = 64
#: Blank lines tolerated on top of the data rows an import accepts, before the file is refused.
BLANK_LINES_ALLOWED = 1_000
#: What the members of an XLSX archive may unpack to, together, and how many there may be.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, header)."""


@dataclass
class ImportRow:
    """One data row of a file. A row is checked for control characters as it is made, so every
    import reports them on the row's line in its dry run (PostgreSQL cannot even store NUL)."""

    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        bad = control_characters("".join(self.values.values()))
        if bad:
            self.errors.append(
                _("the row contains characters that cannot be stored (%(chars)s)") % {"chars": ", ".join(bad)}
            )


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


def read_rows(name: str, content: bytes, *, max_lines: int) -> Iterator[tuple[int, list[str]]]:
    """Every row of the file's first sheet as text cells, numbered from 1 as the user sees them.

    A row past ``max_lines`` raises ``ImportFileError``: the reader stops there instead of
    walking a sheet that claims a million rows.
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(content)
    elif suffix in {".csv", ".txt"}:
        rows = _csv_rows(content)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    for number, cells in rows:
        if number > max_lines:
            raise ImportFileError(
                _(
                    "The file goes on past line %(n)d; import at most %(n)d lines at once "
                    "(remove empty rows at the end)."
                )
                % {"n": max_lines}
            )
        yield number, cells


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    _check_archive(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("This is not a readable XLSX file.")) from error
    try:
        sheet = book.active
        if sheet is None:
            raise ImportFileError(_("The workbook has no sheet."))
        # The dimension the file declares (A1:XFD1048576 in a hostile one) is not read: rows
        # come as the XML has them, each cut to MAX_COLUMNS cells.
        sheet.reset_dimensions()
        try:
            for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                yield number, ["" if cell is None else str(cell) for cell in row]
        except ImportFileError:
            raise
        except Exception as error:  # a member whose data is damaged or bigger than it says
            raise ImportFileError(_("This is not a readable XLSX file.")) from error
    finally:
        book.close()


def _check_archive(content: bytes) -> None:
    """Refuse an XLSX archive whose members would unpack to too much (a ZIP bomb).

    The sizes a ZIP declares can be trusted as a bound: Python's ``zipfile`` never returns more
    than a member's declared size and fails on a member that is really bigger.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFileError(_("This is not a readable XLSX file.")) from error
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_XLSX_MEMBERS or unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The XLSX file unpacks to more than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    text = decode(content)
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)  # Turkish Excel saves with ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for number, fields in enumerate(reader, start=1):
            yield number, fields[:MAX_COLUMNS]
    except csv.Error as error:  # e.g. a field over the csv module's size limit
        raise ImportFileError(
            _("Line %(line)d of the CSV file cannot be read (%(reason)s).")
            % {"line": reader.line_num, "reason": str(error)}
        ) from error


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows Turkish (cp1254), as Excel saves CSV here."""
    for encoding in ("utf-8-sig", "cp1254"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file must be UTF-8 (or Windows Turkish) text."))


def normalise_heading(heading: str) -> str:
    """``"İLÇE "`` → ``"ilçe"``, ``"BAŞLIK"`` → ``"başlık"``: Turkish lower case (``core.text``)."""
    return turkish_lower(heading.strip())


_ASCII = str.maketrans("ıiçğöşüâîû", "iicgosuaiu")


def aliases(*names: str) -> set[str]:
    """Header names as typed, plus their spelling without Turkish letters.

    ``"RIZA AMACI"`` lowercases to ``"riza amaci"`` and people also type it without the Turkish
    letters, so ``aliases("rıza amacı")`` accepts "rıza amacı" and "riza amaci".
    """
    return {normalise_heading(name) for name in names} | {fold(name) for name in names}


def fold(text: str) -> str:
    """A key to compare what people type: Turkish lower case, Turkish letters in ASCII, single
    spaces ("I" and "ı" both end as "i", so text typed without Turkish letters matches too).

    "ANKARA ÜNİVERSİTESİ", "Ankara Üniversitesi" and "ankara universitesi" give the same key.
    """
    return " ".join(normalise_heading(text).translate(_ASCII).split())


def map_columns(
    header: list[str],
    *,
    columns: Mapping[str, Collection[str]],
    required: Collection[str],
    labels: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """The position of each known column in ``header``; missing required columns are an error,
    named by ``labels`` (default: the column's key)."""
    # As typed in Turkish ("BAŞLIK" → "başlık") or without Turkish letters ("TITLE" → "title").
    normalised = [(normalise_heading(h), fold(h)) for h in header]
    index: dict[str, int] = {}
    for key, names in columns.items():
        for position, (heading, folded) in enumerate(normalised):
            if heading in names or folded in names:
                index[key] = position
    missing = [(labels or {}).get(key, key) for key in required if key not in index]
    if missing:
        raise ImportFileError(_("The header row lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return index


def read_table(
    name: str,
    content: bytes,
    *,
    columns: Mapping[str, Collection[str]],
    required: Collection[str],
    max_rows: int,
    labels: Mapping[str, str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's data rows as ``(line, {column: stripped text})``, blank rows skipped.

    The header is checked before this returns; more than ``max_rows`` data rows (or a file
    that goes on far past them with blank lines) raise ``ImportFileError`` while iterating.
    """
    rows = iter(read_rows(name, content, max_lines=1 + max_rows + BLANK_LINES_ALLOWED))
    try:
        _number, header = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    index = map_columns(header, columns=columns, required=required, labels=labels)
    return _values(rows, index, max_rows)


def _values(
    rows: Iterator[tuple[int, list[str]]], index: dict[str, int], max_rows: int
) -> Iterator[tuple[int, dict[str, str]]]:
    count = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if count >= max_rows:
            raise ImportFileError(_("At most %(n)d rows can be imported at once.") % {"n": max_rows})
        count += 1
        yield line, {key: (cells[i].strip() if i < len(cells) else "") for key, i in index.items()}
