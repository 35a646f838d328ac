"""The common ground outside the results page: the process page's list, the theme page, the
workshop report (page, DOCX, PDF) and the report's fingerprint."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document

from ortakakil.documents.workshop_report import report_docx, report_pdf
from ortakakil.opinions import recompute as rc
from ortakakil.opinions.models import Conversation
from ortakakil.workshops.models import Workshop, WorkshopTable
from ortakakil.workshops.selectors import report_version

from .builders import conversation_with_camps

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(process):
    event = Workshop.objects.create(
        process=process,
        slug="calistay",
        title="Stratejik Plan Çalıştayı",
        venue="Harikalar Diyarı",
        date=dt.date(2019, 10, 19),
    )
    WorkshopTable.objects.create(workshop=event, theme=process.themes.first(), code="T1")
    return event


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils is missing: apt-get install poppler-utils")
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_process_page_lists_its_conversations(client, process):
    conversation, _, _ = conversation_with_camps(process, per_group=6)
    rc.recompute(conversation)
    empty = Conversation.objects.create(process=process, title="Henüz oy yok")
    html = client.get(process.get_absolute_url()).content.decode()
    section = html.split('id="conversations-title"')[1].split("</section>")[0]
    assert conversation.get_absolute_url() in section and empty.get_absolute_url() in section
    assert "12" in section  # 12 participants


def test_a_process_without_conversations_has_no_section(client, process):
    assert 'id="conversations-title"' not in client.get(process.get_absolute_url()).content.decode()


def test_the_theme_page_shows_the_common_ground_of_its_conversation(client, process):
    theme = process.themes.get(code="ULASIM")
    conversation, statements, _ = conversation_with_camps(process, theme=theme)
    other, _, _ = conversation_with_camps(process, title="Başka bir konuşma")  # no theme
    rc.recompute(conversation)
    rc.recompute(other)
    html = client.get(theme.get_absolute_url()).content.decode()
    section = html.split(f'id="theme-consensus-{conversation.pk}"')[1].split("</section>")[0]
    assert statements[0].text in section and statements[1].text in section and statements[5].text not in section
    assert "%100" in section or "100%" in section
    assert f'id="theme-consensus-{other.pk}"' not in html
    afet = client.get(process.themes.get(code="AFET").get_absolute_url()).content.decode()
    assert "theme-consensus-" not in afet


def test_the_workshop_report_shows_the_common_ground_in_every_format(client, process, workshop):
    conversation, statements, _ = conversation_with_camps(process, workshop=workshop)
    rc.recompute(conversation)
    common = statements[0].text
    page = client.get(f"/processes/{process.slug}/workshops/calistay/report/").content.decode()
    section = page.split(f'id="report-consensus-{conversation.pk}"')[1].split("</section>")[0]
    assert common in section and statements[5].text not in section
    table_page = client.get(f"/processes/{process.slug}/workshops/calistay/tables/T1/report/")
    assert table_page.status_code == 200
    assert "report-consensus-" not in table_page.content.decode()  # the whole workshop's report only

    docx = _docx_text(report_docx(workshop))
    assert "Çalıştayın ortak fikirleri" in docx or "Common ground of the workshop" in docx
    assert common in docx and statements[5].text not in docx
    line = next(p for p in docx.splitlines() if common in p)
    assert "100" in line and "A" in line and "B" in line  # the shares, per group

    pdf = " ".join(_pdf_text(report_pdf(workshop)).split())
    assert common in pdf and statements[5].text not in pdf


def test_the_report_fingerprint_changes_with_the_consensus(process, workshop):
    conversation, statements, _ = conversation_with_camps(process, workshop=workshop)
    before = report_version(workshop)
    rc.recompute(conversation)
    computed = report_version(workshop)
    assert computed != before
    statements[0].text = "Düzeltilmiş görüş metni"
    statements[0].save()
    assert report_version(workshop) != computed
