"""Does an uploaded file's content match its extension? Pure: no Django.

A name says nothing about the bytes: "evil.html.pdf" may hold a web page, "x.php.png" a
script. The content is checked by its signature (``filetype`` reads the magic bytes):

* PDF, PNG and JPEG by their magic bytes;
* the legacy Office formats (DOC, PPT) as OLE2 compound files;
* the Office Open XML formats (DOCX, PPTX, XLSX) as ZIP containers holding
  ``[Content_Types].xml`` and the part of their kind (``word/``, ``ppt/``, ``xl/``);
* the OpenDocument formats (ODT, ODP, ODS) as ZIP containers whose ``mimetype`` entry names
  their kind.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

import filetype

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
MAGIC = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}
OFFICE_OPEN_XML = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}
OPEN_DOCUMENT = {
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
LEGACY_OFFICE = ("doc", "ppt")
HEAD_BYTES = 8192


def content_matches(extension: str, stream: BinaryIO) -> bool:
    """Whether the bytes of ``stream`` are a file of type ``extension`` (lower case, no dot).

    Reads from the start of ``stream`` and leaves it at the start again.
    """
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    try:
        if extension in MAGIC:
            kind = filetype.guess(head)
            return kind is not None and kind.extension == MAGIC[extension]
        if extension in LEGACY_OFFICE:
            return head.startswith(OLE2)
        if extension in OFFICE_OPEN_XML:
            names = _zip_names(stream)
            folder = OFFICE_OPEN_XML[extension]
            return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)
        if extension in OPEN_DOCUMENT:
            with zipfile.ZipFile(stream) as archive, archive.open("mimetype") as entry:
                return entry.read(200).strip() == OPEN_DOCUMENT[extension].encode()  # never inflate more
        return False
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError):
        return False
    finally:
        stream.seek(0)


def _zip_names(stream: BinaryIO) -> set[str]:
    with zipfile.ZipFile(stream) as archive:
        return set(archive.namelist())
