import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ortakakil.proposals.importing import ImportFileError, proposals_import
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "tema;başlık;öneri;ilçe\n"
    "ULASIM;Gece otobüsü istiyoruz;Sincan'a gece otobüsü konulmalı, işten dönüş zor.;Sincan\n"
    "AFET;Toplanma alanı tabelaları;Mahallemizde toplanma alanını gösteren tabela yok.;Mamak\n"
).encode()


def test_dry_run_writes_nothing_and_commit_writes_all(strategist, process):
    report = proposals_import(actor=strategist, process=process, name="a.csv", content=GOOD_CSV, dry_run=True)
    assert report.ok and len(report.rows) == 2
    assert not Proposal.objects.exists()
    report = proposals_import(actor=strategist, process=process, name="a.csv", content=GOOD_CSV, dry_run=False)
    assert report.created == 2
    assert list(Proposal.objects.values_list("source", "district").order_by("pk")) == [
        ("import", "Sincan"),
        ("import", "Mamak"),
    ]


def test_a_single_bad_row_blocks_the_whole_file_with_line_numbers(strategist, process):
    content = GOOD_CSV + "YOK;Kısa;x\n".encode()
    report = proposals_import(actor=strategist, process=process, name="a.csv", content=content, dry_run=False)
    assert not report.ok
    assert [(r.line, len(r.errors)) for r in report.errors] == [(4, 3)]
    assert not Proposal.objects.exists()


def test_xlsx_with_english_headers(strategist, process):
    book = Workbook()
    sheet = book.active
    sheet.append(["theme", "title", "body"])
    sheet.append(["ULASIM", "Bisiklet park yerleri", "Metro istasyonlarına bisiklet parkı yapılsın."])
    buffer = io.BytesIO()
    book.save(buffer)
    report = proposals_import(
        actor=strategist, process=process, name="x.xlsx", content=buffer.getvalue(), dry_run=False
    )
    assert report.created == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"%PDF", "Upload a .csv or .xlsx file."),
        ("a.csv", b"", "The file is empty."),
        ("a.csv", b"foo;bar\n1;2\n", "The header row lacks"),
        ("a.xlsx", b"not a zip", "not a readable XLSX"),
    ],
)
def test_malformed_files(strategist, process, name, content, message, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ImportFileError, match=message):
        proposals_import(actor=strategist, process=process, name=name, content=content, dry_run=True)


def test_citizens_cannot_import(citizen, process):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        proposals_import(actor=citizen, process=process, name="a.csv", content=GOOD_CSV, dry_run=False)
    assert not Proposal.objects.exists()


def test_back_office_preview_then_commit(client, strategist, process):
    client.force_login(strategist)
    url = reverse("proposals_manage:import", kwargs={"slug": process.slug})
    preview = client.post(url, {"file": SimpleUploadedFile("oneriler.csv", GOOD_CSV)})
    assert preview.status_code == 200
    assert not Proposal.objects.exists()
    committed = client.post(url, {"step": "commit"})
    assert committed.status_code == 302
    assert Proposal.objects.count() == 2


def test_a_file_checked_for_one_process_is_not_committed_into_another(client, strategist, process, organisation):
    from tests.factories import ProcessFactory

    other = ProcessFactory(organisation=organisation, slug="baska-surec")
    client.force_login(strategist)
    preview = client.post(
        reverse("proposals_manage:import", kwargs={"slug": process.slug}),
        {"file": SimpleUploadedFile("oneriler.csv", GOOD_CSV)},
    )
    assert preview.status_code == 200
    refused = client.post(reverse("proposals_manage:import", kwargs={"slug": other.slug}), {"step": "commit"})
    assert refused.status_code == 400
    assert "Yüklenen dosyanın süresi doldu; lütfen yeniden yükleyin." in refused.content.decode()
    assert not Proposal.objects.exists()


def test_cli_reports_file_and_line_and_exits_2(tmp_path, ankara_demo, django_db_blocker):
    bad = tmp_path / "oneriler.csv"
    bad.write_bytes("tema,başlık,öneri\nULASIM,Tamam bir başlık,Yeterince uzun bir öneri metni.\nXX,,\n".encode())
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exit_info:
        call_command("import_proposals", str(bad), "--process", "ankara-2020-2024")
    assert exit_info.value.code == 2
    assert Proposal.objects.filter(source="import").count() == 0
