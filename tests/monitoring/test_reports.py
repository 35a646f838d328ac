"""The monitoring (2025-H1), evaluation (2025) and completion (plan) reports: the goal table's
numbers in the DOCX, the PDF's text, the missing values and their reasons, the back-office page's
readers, and ``ortakakil monitoring report``."""

from __future__ import annotations

import io
import shutil
import subprocess
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.core.models import Job, Role
from ortakakil.documents import monitoring_report
from ortakakil.monitoring import services
from ortakakil.planning.models import Indicator

pytestmark = pytest.mark.django_db


def approve(actor, plan, code, period, value):
    indicator = Indicator.objects.select_related("goal__aim__plan").get(goal__aim__plan=plan, code=code)
    measurement = services.measurement_enter(actor=actor, indicator=indicator, period=period, data={"value": value})
    measurement = services.measurement_submit(actor=actor, measurement=measurement)
    return services.measurement_approve(actor=actor, measurement=measurement)


@pytest.fixture
def measured(plan, strategist):
    """2025: PG1.1.1 38 → 38,5 of 39 (50 %), PG1.1.2 14 → 12 of 13 (200 %, counted 100), so H1.1 is
    0,6 × 50 + 0,4 × 100 = 70 %; PG1.2.1 40 → 45 of 50 (50 %); PG2.1.1 has nothing; PG2.1.2 is
    submitted but not approved. PG1.1.1 also has 2025-H1 and 2026-H1 values."""
    approve(strategist, plan, "PG1.1.1", "2025-H1", 38.2)
    approve(strategist, plan, "PG1.1.1", "2025", 38.5)
    approve(strategist, plan, "PG1.1.1", "2026-H1", 38.6)
    approve(strategist, plan, "PG1.1.2", "2025", 12)
    approve(strategist, plan, "PG1.2.1", "2025", 45)
    indicator = Indicator.objects.get(goal__aim__plan=plan, code="PG2.1.2")
    draft = services.measurement_enter(actor=strategist, indicator=indicator, period="2025", data={"value": 4900})
    services.measurement_submit(actor=strategist, measurement=draft)
    return plan


def tr(text):
    with translation.override("tr"):
        return _(text)


def docx_tables(content):
    from docx import Document

    document = Document(io.BytesIO(content))
    return document, [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def row_of(tables, start):
    return next(row for table in tables for row in table if row and row[0].startswith(start))


def test_the_evaluation_report_computes_from_approved_values_only(measured):
    report = monitoring_report.report_data(measured, "2025")
    assert report.kind == "evaluation" and report.periods == ["2025"]
    goals = {goal.code: goal for aim in report.aims for goal in aim.goals}
    assert goals["H1.1"].realisation == [("2025", pytest.approx(70))]
    assert goals["H2.1"].realisation == [("2025", None)]
    cells = {line.code: line.cells[0] for goal in goals.values() for line in goal.indicators}
    assert (cells["PG1.1.2"].rate, cells["PG1.1.2"].capped) == (pytest.approx(200), pytest.approx(100))
    assert cells["PG2.1.2"].actual is None  # submitted, not approved: it does not count
    missing = {(row.indicator, row.reason) for row in report.missing}
    assert missing == {
        ("PG2.1.1", tr("no approved value for this period")),
        ("PG2.1.2", tr("the value awaits the strategy team's approval")),
    }
    assert report.plan_realisation == [("2025", None)]


def test_the_docx_has_the_goal_table_with_the_numbers_and_turkish_letters(measured):
    content, mime, filename = monitoring_report.report_file(measured, "2025", "docx")
    assert mime == monitoring_report.DOCX_MIME
    assert filename == "ornek-2025-2029-degerlendirme-raporu-2025.docx"
    document, tables = docx_tables(content)
    header = row_of(tables, tr("Performance indicators"))
    assert header == [
        tr("Performance indicators"),
        tr("Effect on the goal (%)"),
        tr("Plan-start value (A)"),
        tr("Target of the year (B)"),
        tr("Actual value in the period (C)"),
        tr("Realisation rate (%)"),
        tr("Counted rate (%, 0–100)"),
    ]
    pg111 = row_of(tables, "PG1.1.1")
    assert pg111[1:] == ["60", "38", "39", "38,5", "%50", "%50"]
    pg112 = row_of(tables, "PG1.1.2")
    assert pg112[1:] == ["40", "14", "13", "12", "%200", "%100"]
    pg211 = row_of(tables, "PG2.1.1")
    assert pg211[4:6] == ["—", "—"] and tr("no approved value for this period") in pg211[6]
    goal_rate = row_of(tables, tr("Realisation of the goal (%)"))
    assert goal_rate[1] == "%70"
    text = "\n".join(p.text for p in document.paragraphs) + str(tables)
    assert "Ulaşım" in text and "ğ" in text and "İ" in text.upper()
    assert len(document.inline_shapes) == 1 + 5  # the goals' bars and one trend per indicator
    assert round(document.sections[0].page_width.mm) == 210


def test_the_monitoring_report_uses_the_six_month_values(measured):
    _document, tables = docx_tables(monitoring_report.report_file(measured, "2025-H1", "docx")[0])
    assert row_of(tables, "PG1.1.1")[1:] == ["60", "38", "39", "38,2", "%20", "%20"]
    assert row_of(tables, "PG1.1.2")[4:6] == ["—", "—"]


def test_the_completion_report_has_every_plan_year(measured):
    report = monitoring_report.report_data(measured, "plan")
    assert report.kind == "completion"
    assert report.periods == ["2025", "2026", "2027", "2028", "2029"]
    _document, tables = docx_tables(monitoring_report.report_file(measured, "plan", "docx")[0])
    pg111 = row_of(tables, "PG1.1.1")
    assert pg111[3:] == ["2025", "39", "38,5", "%50", "%50"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_pdf_renders_with_the_rates(measured):
    content, mime, filename = monitoring_report.report_file(measured, "2025", "pdf")
    assert filename.endswith("-degerlendirme-raporu-2025.pdf")
    assert mime == "application/pdf" and content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert tr("Realisation of the goal (%)") in flat
    assert "%70" in flat and "%200" in flat
    assert "Ulaşım" in flat
    assert tr("Early warning: indicators predicted to miss their target") in flat


def test_a_period_without_a_report_is_refused(measured):
    with pytest.raises(monitoring_report.ReportPeriodError):
        monitoring_report.report_data(measured, "2031")
    with pytest.raises(monitoring_report.ReportPeriodError):
        monitoring_report.report_data(measured, "2025-H2")


# -- the back-office page ------------------------------------------------------------------------


def test_the_strategy_team_reads_the_report_and_downloads_it(client, strategist, measured):
    client.force_login(strategist)
    url = reverse("manage:monitoring_reports", kwargs={"slug": measured.process.slug})
    page = client.get(url, {"period": "2025"})
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "%70" in html and tr("the value awaits the strategy team's approval") in html
    assert "data:image/svg+xml;base64," in html
    # The latest period in which half of the indicators or more have an approved value (3 of 5).
    assert client.get(url).context["period"] == "2025"
    assert client.get(url, {"period": "2040"}).status_code == 404


def test_the_page_loads_each_trend_chart_by_its_address(client, strategist, citizen, measured):
    client.force_login(strategist)
    slug = measured.process.slug
    chart = reverse("manage:monitoring_report_chart", kwargs={"slug": slug, "code": "PG1.1.1"})
    page = client.get(reverse("manage:monitoring_reports", kwargs={"slug": slug}), {"period": "2025"})
    assert f'src="{chart}?until=2025"' in page.content.decode()
    response = client.get(chart)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "PG1.1.1 Toplu taşımanın" in svg and "38,5" not in svg.split("</title>")[0]
    missing = reverse("manage:monitoring_report_chart", kwargs={"slug": slug, "code": "PG9.9.9"})
    assert client.get(missing).status_code == 404
    client.force_login(citizen)
    assert client.get(chart).status_code == 403


def test_a_download_not_rendered_yet_is_a_background_job_then_comes_from_the_cache(
    client, strategist, measured, django_capture_on_commit_callbacks
):
    client.force_login(strategist)
    kwargs = {"slug": measured.process.slug, "period": "2025-H1", "fmt": "docx"}
    url = reverse("manage:monitoring_report_download", kwargs=kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(url)
    job = Job.objects.get(kind="monitoring.report")
    assert started.status_code == 302 and started["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.created_by == strategist
    # The job's file keeps the report's name, in a folder of its own (no storage suffix).
    assert job.result_file.name == f"jobs/{job.pk}/ornek-2025-2029-izleme-raporu-2025-h1.docx"
    job_download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    assert 'filename="ornek-2025-2029-izleme-raporu-2025-h1.docx"' in job_download["Content-Disposition"]
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="ornek-2025-2029-izleme-raporu-2025-h1.docx"'
    _document, tables = docx_tables(download.content)
    assert row_of(tables, "PG1.1.1")[-2:] == ["%20", "%20"]
    assert Job.objects.count() == 1


def test_a_unit_manager_of_the_organisation_may_read(client, make_user, measured):
    client.force_login(make_user(Role.UNIT_MANAGER, username="birim"))
    url = reverse("manage:monitoring_reports", kwargs={"slug": measured.process.slug})
    assert client.get(url, {"period": "2025"}).status_code == 200


def test_a_citizen_is_refused(client, citizen, measured):
    client.force_login(citizen)
    slug = measured.process.slug
    assert client.get(reverse("manage:monitoring_reports", kwargs={"slug": slug})).status_code == 403
    download = reverse("manage:monitoring_report_download", kwargs={"slug": slug, "period": "2025", "fmt": "pdf"})
    assert client.get(download).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, measured):
    response = client.get(reverse("manage:monitoring_reports", kwargs={"slug": measured.process.slug}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_plan_not_approved_has_no_report(client, strategist, draft_plan):
    client.force_login(strategist)
    slug = draft_plan.process.slug
    page = client.get(reverse("manage:monitoring_reports", kwargs={"slug": slug}))
    assert page.status_code == 200 and page.context["plan"] is None
    download = reverse("manage:monitoring_report_download", kwargs={"slug": slug, "period": "2025", "fmt": "pdf"})
    assert client.get(download).status_code == 404


# -- the command line ----------------------------------------------------------------------------


def test_the_command_writes_the_report(measured, tmp_path, capsys):
    out = tmp_path / "rapor.docx"
    call_command("monitoring", "report", measured.process.slug, "2025", "--format", "docx", "-o", str(out))
    _document, tables = docx_tables(out.read_bytes())
    assert row_of(tables, "PG1.1.1")[-2:] == ["%50", "%50"]
    assert "bayt yazıldı" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("slug", "period", "message"),
    [
        ("yok-boyle-surec", "2025", "böyle bir süreç yok"),
        (None, "2031", "2031"),
        (None, "2025-H2", "2025-H2"),
    ],
)
def test_the_command_exits_2_for_an_unknown_process_or_period(measured, tmp_path, capsys, slug, period, message):
    out = tmp_path / "rapor.pdf"
    with pytest.raises(SystemExit) as exit_info:
        call_command("monitoring", "report", slug or measured.process.slug, period, "-o", str(out))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_the_command_exits_2_for_a_plan_not_approved(draft_plan, tmp_path, capsys):
    out = tmp_path / "rapor.pdf"
    with pytest.raises(SystemExit) as exit_info:
        call_command("monitoring", "report", draft_plan.process.slug, "2025", "-o", str(out))
    assert exit_info.value.code == 2
    assert "onaylanmış bir stratejik plan yok" in capsys.readouterr().err
    assert not out.exists()


def test_a_report_knows_only_the_values_up_to_its_period(client, strategist, measured):
    """The evaluation report of 2025 shows PG1.1.1's values of 2025-H1 and 2025, not the 2026-H1
    value approved since: in its lines, charts and early warnings alike."""
    report = monitoring_report.report_data(measured, "2025")
    line = next(line for aim in report.aims for goal in aim.goals for line in goal.indicators if line.code == "PG1.1.1")
    assert line.actuals == {"2025-H1": 38.2, "2025": 38.5}
    assert not any(w.indicator == "PG1.1.1" for w in report.warnings)  # two values: no trend yet
    completion = monitoring_report.report_data(measured, "plan")
    line = next(
        line for aim in completion.aims for goal in aim.goals for line in goal.indicators if line.code == "PG1.1.1"
    )
    assert "2026-H1" in line.actuals

    client.force_login(strategist)
    chart = reverse("manage:monitoring_report_chart", kwargs={"slug": measured.process.slug, "code": "PG1.1.1"})
    whole, until = client.get(chart).content, client.get(chart + "?until=2025").content
    assert whole != until and until == client.get(chart + "?until=2025").content
    assert client.get(chart + "?until=yarin").status_code == 404
