import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command

from ortakakil.documents.workshop_report import report_docx, report_pdf
from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(process):
    event = Workshop.objects.create(
        process=process,
        slug="calistay",
        title="Stratejik Plan Çalıştayı",
        slogan="Ankara'yı Sen Planla",
        venue="Harikalar Diyarı",
        date=dt.date(2019, 10, 19),
    )
    for number, theme in enumerate(process.themes.all(), start=1):
        table = WorkshopTable.objects.create(workshop=event, theme=theme, code=f"T{number}")
        for kind, text, votes in [
            ("G", "Güçlü bir yön", 1),
            ("Z", "Zayıf bir yön", 0),
            ("F", "Bir fırsat", 2),
            ("T", "Bir tehdit", 0),
            ("E", "Ekonomik bir etken", 0),
            ("oneri", f"En çok oy alan öneri {number}", 9),
        ]:
            Idea.objects.create(table=table, kind=kind, text=text, votes_count=votes)
    return event


def _docx_text(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()


def test_docx_has_every_table_with_its_swot_grid_and_top_ideas(workshop):
    text = _docx_text(report_docx(workshop))
    for heading in (
        "Güçlü yönler",
        "Zayıf yönler",
        "Fırsatlar",
        "Tehditler",
        "Ulaşım Hizmetleri Yönetimi",
        "Afet Yönetimi",
        "En çok oy alan öneri 1",
        "Ekonomik bir etken",
    ):
        assert heading in text


def test_pdf_is_a_pdf(workshop):
    content = report_pdf(workshop)
    assert content.startswith(b"%PDF") and len(content) > 2000


def test_cli_writes_the_report_atomically(workshop, tmp_path):
    out = tmp_path / "rapor.docx"
    call_command("workshop", "report", workshop.process.slug, "--format", "docx", "-o", str(out))
    assert "Güçlü yönler" in _docx_text(out.read_bytes())
    assert not list(tmp_path.glob("*.part"))


def test_cli_unknown_process_exits_2(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("workshop", "report", "yok", "-o", str(tmp_path / "r.docx"))
    assert exit_info.value.code == 2
    assert "çalıştay bulunamadı" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


def test_report_page_and_downloads(client, workshop):
    page = client.get(f"/processes/{workshop.process.slug}/workshops/calistay/report/").content.decode()
    assert "Güçlü yönler" in page and "Afet Yönetimi" in page
    docx = client.get(f"/processes/{workshop.process.slug}/workshops/calistay/report.docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(f"/processes/{workshop.process.slug}/workshops/calistay/report.pdf")
    assert pdf.content.startswith(b"%PDF")
