"""The shared CSV/XLSX reader of every import: hostile files are refused early, with Turkish
messages, and control characters are row errors in both imports (proposals, contacts)."""

import io
import time
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from ortakakil.core import tabular
from ortakakil.core.tabular import ImportFileError, ImportRow, read_table
from ortakakil.proposals.models import Proposal
from ortakakil.workshops.models import ContactPerson

COLUMNS = {"theme": {"tema"}, "title": {"başlık"}}


def _xlsx(rows, *, extra=None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for (row, column), value in (extra or {}).items():
        sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _declare_dimension(content: bytes, ref: str) -> bytes:
    """Rewrite the sheet's <dimension ref=…>, as a hostile file declares it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index('<dimension ref="') + len('<dimension ref="')
                data = (text[:start] + ref + text[text.index('"', start) :]).encode()
            target.writestr(member, data)
    return out.getvalue()


def _consume(content: bytes, name: str = "bomba.xlsx"):
    return list(read_table(name, content, columns=COLUMNS, required=["theme"], max_rows=20_000))


def test_the_dimension_bomb_is_refused_at_once():
    # Given the 1.6 KB file of the report: dimension A1:XFD1048576, one cell on the last row.
    bomb = _declare_dimension(_xlsx([], extra={(1_048_576, 16_384): "x"}), "A1:XFD1048576")
    assert len(bomb) < 8_000
    # When it is read, then it is refused at once, in Turkish.
    started = time.perf_counter()
    with pytest.raises(ImportFileError) as refused:
        _consume(bomb)
    assert time.perf_counter() - started < 5  # reading every declared row would take minutes
    assert str(refused.value) == "Başlık satırında şu sütunlar eksik: theme."


def test_a_header_then_a_cell_on_the_last_row_stops_at_the_line_limit():
    bomb = _declare_dimension(
        _xlsx([["tema", "başlık"], ["ULASIM", "Gece otobüsü"]], extra={(1_048_576, 16_384): "x"}), "A1:XFD1048576"
    )
    started = time.perf_counter()
    with pytest.raises(ImportFileError) as refused:
        _consume(bomb)
    assert time.perf_counter() - started < 5  # reading every declared row would take minutes
    assert str(refused.value) == (
        "Dosya 21001. satırdan sonra da sürüyor; bir seferde en çok 21001 satır içe aktarın "
        "(sondaki boş satırları silin)."
    )


def test_a_lying_dimension_does_not_hide_rows():
    # A file that declares a single cell still has all its rows read.
    content = _declare_dimension(_xlsx([["tema", "başlık"], ["ULASIM", "Bir"], ["AFET", "İki"]]), "A1")
    assert [values for _line, values in _consume(content)] == [
        {"theme": "ULASIM", "title": "Bir"},
        {"theme": "AFET", "title": "İki"},
    ]


def test_cells_far_to_the_right_are_not_read():
    content = _xlsx([["tema", "başlık"]], extra={(2, 1): "ULASIM", (2, 16_384): "uzak"})
    rows = _consume(content)
    assert rows == [(2, {"theme": "ULASIM", "title": ""})]


def test_a_zip_bomb_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED_BYTES", 1024 * 1024)
    content = _xlsx(
        [["tema", "başlık"], ["ULASIM", "a" * 30_000]] + [["AFET", f"{n} " + "b" * 30_000] for n in range(40)]
    )
    assert len(content) < 64 * 1024  # small on disk, big unpacked
    with pytest.raises(ImportFileError) as refused:
        _consume(content)
    assert str(refused.value) == "XLSX dosyası açıldığında 1 MB'tan büyük; dosyayı küçük parçalara bölün."


def test_a_member_bigger_than_it_declares_is_unreadable():
    content = _xlsx([["tema", "başlık"], ["ULASIM", "Bir"]])
    # Shrink the declared size of the sheet in its central directory entry and local header.
    source = zipfile.ZipFile(io.BytesIO(content))
    info = source.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(content)
    real = info.file_size.to_bytes(4, "little")
    fake = (10).to_bytes(4, "little")
    assert data.count(real) >= 2
    data = data.replace(real, fake)
    with pytest.raises(ImportFileError) as refused:
        _consume(bytes(data))
    assert str(refused.value) == "Bu, okunabilir bir XLSX dosyası değil."


def test_control_characters_are_a_row_error():
    assert ImportRow(line=3, values={"title": "Bir\x00iki", "theme": "A\x1b"}).errors == [
        "satırda saklanamayan karakterler var (U+0000, U+001B)"
    ]
    assert ImportRow(line=3, values={"title": "Satır\nsonu\tve sekme"}).errors == []


@pytest.mark.django_db
def test_import_proposals_dry_run_reports_nul_on_its_line_and_exits_2(tmp_path, strategist, process, capsys):
    path = tmp_path / "oneriler.csv"
    path.write_bytes(
        "tema;başlık;öneri\n"
        "ULASIM;Gece otobüsü istiyoruz;Sincan'a gece otobüsü konulmalı.\n"
        "AFET;Toplanma\x00 alanı;Mahallede toplanma alanı tabelası yok.\n".encode()
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_proposals", str(path), "--process", process.slug, "--dry-run", "--as", "strateji")
    assert exit_info.value.code == 2
    assert f"{path}:3: satırda saklanamayan karakterler var (U+0000)" in capsys.readouterr().err
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_import_contacts_dry_run_reports_nul_on_its_line_and_exits_2(tmp_path, strategist, organisation, capsys):
    path = tmp_path / "kisiler.csv"
    path.write_bytes(
        "kurum;tür;ad soyad;e-posta\n"
        "Şehir Plancıları Odası;meslek odası;Ayşe Demir;ayse@example.org\n"
        "Şehir Plancıları Odası;meslek odası;Mehmet\x00 Kaya;mehmet@example.org\n".encode()
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_contacts",
            str(path),
            "--organisation",
            organisation.slug,
            "--notice-version",
            "2024-01",
            "--dry-run",
            "--as",
            "strateji",
        )
    assert exit_info.value.code == 2
    assert f"{path}:3: satırda saklanamayan karakterler var (U+0000)" in capsys.readouterr().err
    assert not ContactPerson.objects.exists()


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (["BAŞLIK", "İLÇE"], {"title": 0, "district": 1}),  # Turkish capitals: I is ı, İ is i
        (["TITLE", "ILCE"], {"title": 0, "district": 1}),  # written without Turkish letters
        (["Başlık ", "ilçe"], {"title": 0, "district": 1}),
    ],
)
def test_headings_are_read_in_any_letter_case(headings, expected):
    columns = {"title": {"title", "başlık", "baslik"}, "district": {"district", "ilçe", "ilce"}}
    assert tabular.map_columns(headings, columns=columns, required=["title"]) == expected


def test_the_comparison_key_folds_turkish_case_then_letters():
    assert tabular.normalise_heading(" KURUM ADI ") == "kurum adı"
    assert tabular.fold("ANKARA ÜNİVERSİTESİ") == tabular.fold("ankara universitesi") == "ankara universitesi"
    assert tabular.fold("IŞIK  Sokak") == "isik sokak"
