"""The workshop's public pages: the event, its reports (as pages, DOCX, PDF and XLSX) and its
presentation files. Files are always downloads (attachments), never shown inline."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.documents.paper import DOCX_MIME, PDF_MIME
from ortakakil.documents.workshop_report import (
    ideas_xlsx,
    report_docx,
    report_filename,
    report_pdf_cached,
)
from ortakakil.documents.xlsx import XLSX_MIME
from ortakakil.processes import traceability

from . import report_sections, selectors
from .event import download_filename
from .models import Workshop, WorkshopTable


def workshop_detail(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    event = selectors.workshop_for_public(user=request.user, slug=slug, workshop=workshop)
    return render(
        request,
        "workshops/workshop_detail.html",
        {"process": event.process, "workshop": event, "tables": selectors.tables_of(event)},
    )


def _report_page(request: HttpRequest, event: Workshop, table: WorkshopTable | None) -> HttpResponse:
    if table is None:
        title = _("Workshop report")
        args = [event.process.slug, event.slug]
        download = "workshop_report_download"
    else:
        title = _("Table report: %(theme)s") % {"theme": table.theme.localized.name}
        args = [event.process.slug, event.slug, table.code]
        download = "table_report_download"
    reports = selectors.workshop_report(event, table=table)
    return render(
        request,
        "workshops/report.html",
        {
            "process": event.process,
            "workshop": event,
            "in_plan": _ideas_in_plan(event, [report.table for report in reports]),
            "page_title": title,
            "single_table": table is not None,
            "participants": selectors.participants_by_type(event) if table is None else {},
            "extra_sections": report_sections.render_report_sections(request, event) if table is None else "",
            "tables": reports,
            "swot": selectors.swot_headings(),
            "pestle": selectors.pestle_headings(),
            "download_docx": reverse(download, args=[*args, "docx"]),
            "download_pdf": reverse(download, args=[*args, "pdf"]),
            "download_xlsx": reverse(download, args=[*args, "xlsx"]),
        },
    )


def workshop_report(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The workshop report as a page: every table's SWOT grid, PESTLE factors and top-voted ideas."""
    return _report_page(request, selectors.workshop_for_public(user=request.user, slug=slug, workshop=workshop), None)


def table_report(request: HttpRequest, slug: str, workshop: str, code: str) -> HttpResponse:
    """One table's report, ready the same evening."""
    event = selectors.workshop_for_public(user=request.user, slug=slug, workshop=workshop)
    return _report_page(request, event, selectors.table_of(event, code))


def _ideas_in_plan(event: Workshop, tables: list[WorkshopTable]) -> dict[int, list[tuple[Any, list[Any]]]]:
    """Per table, its ideas that the strategic plan answers, each with the plan items (what became of them)."""
    ideas = list(selectors.public_ideas(event.process).filter(table__in=tables).order_by("-votes_count", "pk"))
    fates = traceability.fates(event.process, "workshop_idea", [idea.pk for idea in ideas])
    out: dict[int, list[tuple[Any, list[Any]]]] = {}
    for idea in ideas:
        if idea.pk in fates:
            out.setdefault(idea.table_id, []).append((idea, fates[idea.pk]))
    return out


def _download(event: Workshop, table: WorkshopTable | None, fmt: str) -> HttpResponse:
    if fmt == "docx":
        content, mime = report_docx(event, table), DOCX_MIME
    elif fmt == "xlsx":
        content, mime = ideas_xlsx(event, table), XLSX_MIME
    else:
        content, mime = report_pdf_cached(event, table), PDF_MIME
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(event, table, fmt)}"'
    return response


def workshop_report_download(request: HttpRequest, slug: str, workshop: str, fmt: str) -> HttpResponse:
    return _download(selectors.workshop_for_public(user=request.user, slug=slug, workshop=workshop), None, fmt)


def table_report_download(request: HttpRequest, slug: str, workshop: str, code: str, fmt: str) -> HttpResponse:
    event = selectors.workshop_for_public(user=request.user, slug=slug, workshop=workshop)
    return _download(event, selectors.table_of(event, code), fmt)


def workshop_file_download(request: HttpRequest, slug: str, workshop: str, pk: int) -> FileResponse:
    """A presentation or document of the workshop, for anyone who may see the process."""
    event = selectors.workshop_for_public(user=request.user, slug=slug, workshop=workshop)
    item = selectors.workshop_file(event, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This workshop has no file with this address.")) from None
    response = FileResponse(handle, as_attachment=True, filename=download_filename(item))
    response["X-Content-Type-Options"] = "nosniff"  # never sniffed into a page, whatever it holds
    return response
