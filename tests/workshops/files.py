"""Small files of each allowed type, with the right content signature, for upload tests."""

import io
import zipfile

PDF = b"%PDF-1.4\n% ulasim sunumu\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office(folder: str) -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", f"{folder}/document.xml": b"<x/>"})


def open_document(kind: str) -> bytes:
    return zipped({"mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(), "content.xml": b"<x/>"})


CONTENT = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "doc": OLE2,
    "ppt": OLE2,
    "docx": office("word"),
    "pptx": office("ppt"),
    "xlsx": office("xl"),
    "odt": open_document("text"),
    "odp": open_document("presentation"),
    "ods": open_document("spreadsheet"),
}
