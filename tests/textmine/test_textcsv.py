"""The CLI's CSV files: every bad input names the file and the line, in Turkish."""

from __future__ import annotations

import pytest

from ortakakil.textmine.core import textcsv
from ortakakil.textmine.core.textcsv import TextInputError


def write(tmp_path, content, name="in.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_reads_rows_with_their_lines_and_a_bom(tmp_path):
    path = write(tmp_path, '\ufeffid,text\nA1,"Durak, saçak"\n\nA2,İkinci\n')
    rows = textcsv.read(path, columns=("id", "text"))
    assert [(r.line, r.id, r.text) for r in rows] == [(2, "A1", "Durak, saçak"), (4, "A2", "İkinci")]


@pytest.mark.parametrize(
    ("content", "columns", "theme", "line", "message"),
    [
        ("", ("id", "text"), False, None, "dosya boş"),
        ("id,text\n", ("id", "text"), False, None, "başlıktan başka satır yok"),
        ("id,metin\n1,a\n", ("id", "text"), False, 1, "eksik sütun: text"),
        ("id,text\n1,a\n2,  \n", ("id", "text"), False, 3, "metin boş"),
        ("id,text\n1,a\n1,b\n", ("id", "text"), False, 3, "id '1' 2. satırda da var"),
        ("id,text\n,a\n", ("id", "text"), False, 2, "id boş"),
        ("text,theme\na,ULASIM\nb,\n", ("text", "theme"), True, 3, "tema boş"),
        ("text,theme\na,ULASIM\nb,ULASIM\n", ("text", "theme"), True, None, "en az iki farklı tema"),
    ],
)
def test_bad_input_is_refused_naming_the_line(tmp_path, content, columns, theme, line, message):
    path = write(tmp_path, content)
    with pytest.raises(TextInputError) as raised:
        textcsv.read(path, columns=columns, theme=theme)
    assert raised.value.line == line
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_non_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = write(tmp_path, b"id,text\n1,iyi\n2," + "kötü".encode("latin-1") + b"\n")
    with pytest.raises(TextInputError) as raised:
        textcsv.read(path, columns=("id", "text"))
    assert raised.value.line == 3 and "UTF-8" in raised.value.message


def test_too_long_text_is_refused(tmp_path):
    path = write(tmp_path, "id,text\n1," + "a" * (textcsv.MAX_TEXT + 1) + "\n")
    with pytest.raises(TextInputError, match="çok uzun"):
        textcsv.read(path, columns=("id", "text"))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(TextInputError, match="okunamadı"):
        textcsv.read(tmp_path / "yok.csv", columns=("id", "text"))
