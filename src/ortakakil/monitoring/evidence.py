"""What an evidence file may be: a PDF, a PNG or JPEG image, an XLSX workbook or a DOCX document,
recognised by its bytes (``workshops.signatures``), never by its name, and at most
``MONITORING_EVIDENCE_MAX_MB`` (10 MB by default).

A PNG named ``rapor.pdf`` is kept as the PNG it is (stored as ``rapor.png``); a web page named
``rapor.pdf`` is refused: evidence is downloaded by staff and must never be anything a browser
would run.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ortakakil.workshops import signatures

DEFAULT_MAX_MB = 10
KINDS = ("pdf", "png", "jpg", "xlsx", "docx")
"""In the order they are tried: the magic-byte types first, then the ZIP-based Office types."""
STEM_MAX_CHARS = 80


def max_bytes() -> int:
    return int(getattr(settings, "MONITORING_EVIDENCE_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def kind_of(stream: BinaryIO) -> str | None:
    """The allowed type whose signature the bytes of ``stream`` carry (``"pdf"``, ``"png"``,
    ``"jpg"``, ``"xlsx"``, ``"docx"``), or None."""
    return next((kind for kind in KINDS if signatures.content_matches(kind, stream)), None)


def _error(message: str, code: str) -> ValidationError:
    return ValidationError({"evidence_file": ValidationError(message, code=code)})


def checked_name(upload: UploadedFile) -> str:
    """Refuse an empty, too large or disallowed file; return the name to store it under: its own
    name's stem with the extension of what it really is."""
    size = upload.size or 0
    if size == 0:
        raise _error(_("The file is empty."), "file_empty")
    if size > max_bytes():
        raise _error(
            _("The file is larger than %(limit)d MB.") % {"limit": max_bytes() // (1024 * 1024)}, "file_too_large"
        )
    kind = kind_of(upload)  # type: ignore[arg-type]
    if kind is None:
        raise _error(
            _("This file cannot be used as evidence: upload a PDF, PNG, JPEG, XLSX or DOCX file."), "file_content"
        )
    stem = PurePath(upload.name or "").stem.strip()[:STEM_MAX_CHARS] or "kanit"
    return f"{stem}.{kind}"
