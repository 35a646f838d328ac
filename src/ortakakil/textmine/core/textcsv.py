"""Reading the CSV files of the ``ortakakil text`` CLI, with errors that name the file and line.

UTF-8 (a byte-order mark is allowed), a header row, at most ``MAX_ROWS`` rows of at most
``MAX_TEXT`` characters of text. Messages are in Turkish, like the rest of the CLI.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 200 * 2**20
MAX_ROWS = 200_000
MAX_TEXT = 10_000


class TextInputError(ValueError):
    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    text: str
    theme: str


def _decode(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        raise TextInputError(path, None, "dosya okunamadı.") from None
    if size > MAX_BYTES:
        raise TextInputError(path, None, f"dosya çok büyük (en çok {MAX_BYTES // 2**20} MB).")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TextInputError(path, line, "UTF-8 olmayan bir karakter var; dosyayı UTF-8 olarak kaydedin.") from None


def read(path: Path | str, *, columns: tuple[str, ...], theme: bool = False) -> list[Row]:
    """The rows of ``path``, which must have ``columns``; ``theme=True``: every row needs one."""
    path = Path(path)
    text = _decode(path)
    if not text.strip():
        raise TextInputError(path, None, "dosya boş.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise TextInputError(path, 1, "başlık satırı okunamadı.") from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise TextInputError(path, 1, f"eksik sütun: {', '.join(missing)} (bulunanlar: {', '.join(header)}).")
    where = {c: header.index(c) for c in ("id", "text", "theme") if c in header}
    rows: list[Row] = []
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise TextInputError(path, line, f"en çok {MAX_ROWS} satır okunur.")

            def cell(name: str, record: list[str] = record) -> str:
                i = where.get(name)
                return record[i].strip() if i is not None and i < len(record) else ""

            body = cell("text")
            if not body:
                raise TextInputError(path, line, "metin boş.")
            if len(body) > MAX_TEXT:
                raise TextInputError(path, line, f"metin çok uzun (en çok {MAX_TEXT} karakter).")
            row_id = cell("id")
            if "id" in columns:
                if not row_id:
                    raise TextInputError(path, line, "id boş.")
                if row_id in seen:
                    raise TextInputError(path, line, f"id {row_id!r} {seen[row_id]}. satırda da var.")
                seen[row_id] = line
            code = cell("theme")
            if theme and not code:
                raise TextInputError(path, line, "tema boş; eğitim satırlarının her birinin teması olmalı.")
            rows.append(Row(line=line, id=row_id, text=body, theme=code))
    except csv.Error as error:
        raise TextInputError(path, reader.line_num, f"CSV okunamadı: {error}.") from None
    if not rows:
        raise TextInputError(path, None, "başlıktan başka satır yok.")
    if theme and len({r.theme for r in rows}) < 2:
        raise TextInputError(path, None, "öğrenmek için en az iki farklı tema gerekir.")
    return rows
