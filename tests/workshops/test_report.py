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


# --- A4, tagged PDF, the PDF cached per content version (issue 8, point 13) ---------------------


def _pdf_objects(content: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (the catalog sits in an object stream)."""
    import re
    import zlib

    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_docx_is_on_a4_paper(workshop):
    from docx import Document
    from docx.shared import Mm

    document = Document(io.BytesIO(report_docx(workshop)))
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert document.core_properties.language == "tr-TR"


def test_pdf_is_a4_and_tagged_for_screen_readers(workshop):
    objects = _pdf_objects(report_pdf(workshop))
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects  # a tagged PDF
    assert b"pdfuaid" in objects  # declared PDF/UA-1
    assert b"/Lang" in objects
    assert b"/MediaBox [0 0 595.27" in objects  # A4: 210 × 297 mm


@pytest.fixture
def renders(monkeypatch):
    """Count how often the PDF is really rendered; start from an empty cache."""
    from django.core.cache import cache

    from ortakakil.documents import workshop_report

    cache.clear()
    calls = []
    real = workshop_report.report_pdf

    def counting(event, table=None):
        calls.append(table.code if table else "all")
        return real(event, table)

    monkeypatch.setattr(workshop_report, "report_pdf", counting)
    yield calls
    cache.clear()


def test_the_public_pdf_is_rendered_once_per_content_version(client, workshop, renders):
    from ortakakil.core.models import Role
    from tests.factories import UserFactory

    url = f"/processes/{workshop.process.slug}/workshops/calistay/report.pdf"
    first = client.get(url)
    assert first.content.startswith(b"%PDF") and first["Content-Type"] == "application/pdf"
    assert client.get(url).content == first.content
    assert renders == ["all"]  # the second visitor got the cached file
    table = workshop.tables.get(code="T1")
    staff = UserFactory(role=Role.STRATEGY_TEAM, organisation=workshop.process.organisation)
    idea = table.ideas.get(kind="G")
    from ortakakil.workshops import live, reporting

    live.idea_edit(actor=staff, idea=idea, text="Güçlü bir yön (düzeltildi)", kind="G")
    assert b"%PDF" in client.get(url).content[:4]
    assert renders == ["all", "all"]  # a corrected idea is a new version
    Idea.objects.filter(pk=idea.pk).update(votes_count=7)  # dots move votes_count only
    client.get(url)
    reporting.table_summary_save(actor=staff, table=table, summary="Masa özeti")
    client.get(url)
    client.get(url)
    assert renders == ["all"] * 4


def test_the_version_follows_everything_the_report_shows(workshop):
    from ortakakil.workshops.models import Invitation, StakeholderOrganisation
    from ortakakil.workshops.selectors import report_version

    versions = [report_version(workshop)]

    def changed():
        versions.append(report_version(workshop))
        return versions[-1] != versions[-2]

    assert not changed()
    table = workshop.tables.get(code="T1")
    Idea.objects.create(table=table, kind="T", text="Yeni bir tehdit")
    assert changed()
    organisation = StakeholderOrganisation.objects.create(
        organisation=workshop.process.organisation, name="Esnaf Odası", type="meslek_odasi"
    )
    person = Invitation.objects.create(workshop=workshop, stakeholder=organisation, token="t" * 40)
    assert changed()
    person.seated_at = person.checked_in_at = dt.datetime(2019, 10, 19, 9, 30, tzinfo=dt.UTC)
    person.save()
    assert changed()
    organisation.type = "stk"
    organisation.save()
    assert changed()
    table.is_closed = True
    table.save()
    assert changed()
    assert report_version(workshop, table) != report_version(workshop)


def test_closing_a_table_renders_its_reports_in_the_background(
    client, workshop, renders, django_capture_on_commit_callbacks
):
    from ortakakil.core.models import Role
    from ortakakil.workshops import reporting
    from tests.factories import UserFactory

    staff = UserFactory(role=Role.STRATEGY_TEAM, organisation=workshop.process.organisation)
    table = workshop.tables.get(code="T2")
    with django_capture_on_commit_callbacks(execute=True):
        reporting.table_close(actor=staff, table=table)
    assert renders == ["all", "T2"]  # the huey task ran (immediately, in the tests)
    base = f"/processes/{workshop.process.slug}/workshops/calistay/"
    client.get(base + "report.pdf")
    client.get(base + "tables/T2/report.pdf")
    assert renders == ["all", "T2"]  # both downloads came from the cache


def test_cli_writes_the_pdf_too(workshop, tmp_path):
    out = tmp_path / "rapor.pdf"
    call_command("workshop", "report", workshop.process.slug, "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
