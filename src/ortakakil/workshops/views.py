from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.documents.workshop_report import ideas_xlsx, pestle_headings, report_docx, report_pdf, swot_headings
from ortakakil.processes.selectors import process_for_public

from . import selectors
from .event import download_filename
from .models import Workshop, WorkshopTable


def workshop_detail(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    event = process.workshops.filter(slug=workshop).first()
    if event is None:
        raise Http404(_("This process has no workshop with this address."))
    return render(request, "workshops/workshop_detail.html", {"process": process, "workshop": event})


def _workshop(request: HttpRequest, slug: str, workshop: str) -> Workshop:
    process = process_for_public(user=request.user, slug=slug)
    event = process.workshops.filter(slug=workshop).first()
    if event is None:
        raise Http404(_("This process has no workshop with this address."))
    event.process = process
    return event


def _table(event: Workshop, code: str) -> WorkshopTable:
    table = event.tables.select_related("theme").filter(code__iexact=code).first()
    if table is None:
        raise Http404(_("This workshop has no table with this code."))
    return table


def _report_page(request: HttpRequest, event: Workshop, table: WorkshopTable | None) -> HttpResponse:
    if table is None:
        title = _("Workshop report")
        args = [event.process.slug, event.slug]
        download = "workshop_report_download"
    else:
        title = _("Table report: %(theme)s") % {"theme": table.theme.name}
        args = [event.process.slug, event.slug, table.code]
        download = "table_report_download"
    return render(
        request,
        "workshops/report.html",
        {
            "process": event.process,
            "workshop": event,
            "page_title": title,
            "single_table": table is not None,
            "participants": selectors.participants_by_type(event) if table is None else {},
            "tables": selectors.workshop_report(event, table=table),
            "swot": swot_headings(),
            "pestle": pestle_headings(),
            "download_docx": reverse(download, args=[*args, "docx"]),
            "download_pdf": reverse(download, args=[*args, "pdf"]),
            "download_xlsx": reverse(download, args=[*args, "xlsx"]),
        },
    )


def workshop_report(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The workshop report as a page: every table's SWOT grid, PESTLE factors and top-voted ideas."""
    return _report_page(request, _workshop(request, slug, workshop), None)


def table_report(request: HttpRequest, slug: str, workshop: str, code: str) -> HttpResponse:
    """One table's report, ready the same evening."""
    event = _workshop(request, slug, workshop)
    return _report_page(request, event, _table(event, code))


def _download(event: Workshop, table: WorkshopTable | None, fmt: str) -> HttpResponse:
    if fmt == "docx":
        content = report_docx(event, table)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        content = ideas_xlsx(event, table)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, mime = report_pdf(event, table), "application/pdf"
    name = f"{event.slug}-rapor" if table is None else f"{event.slug}-{table.code.lower()}-masa-raporu"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def workshop_report_download(request: HttpRequest, slug: str, workshop: str, fmt: str) -> HttpResponse:
    return _download(_workshop(request, slug, workshop), None, fmt)


def table_report_download(request: HttpRequest, slug: str, workshop: str, code: str, fmt: str) -> HttpResponse:
    event = _workshop(request, slug, workshop)
    return _download(event, _table(event, code), fmt)


def workshop_file_download(request: HttpRequest, slug: str, workshop: str, pk: int) -> FileResponse:
    """A presentation or document of the workshop, for anyone who may see the process."""
    event = _workshop(request, slug, workshop)
    item = event.files.filter(pk=pk).first()
    if item is None:
        raise Http404(_("This workshop has no file with this address."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This workshop has no file with this address.")) from None
    response = FileResponse(handle, as_attachment=True, filename=download_filename(item))
    response["X-Content-Type-Options"] = "nosniff"  # never sniffed into a page, whatever it holds
    return response
