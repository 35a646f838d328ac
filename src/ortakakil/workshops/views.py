from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ortakakil.documents.workshop_report import pestle_headings, report_docx, report_pdf, swot_headings
from ortakakil.processes.selectors import process_for_public

from . import selectors
from .models import Workshop


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


def workshop_report(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The workshop report as a page: every table's SWOT grid, PESTLE factors and top-voted ideas."""
    event = _workshop(request, slug, workshop)
    return render(
        request,
        "workshops/report.html",
        {
            "process": event.process,
            "workshop": event,
            "tables": selectors.workshop_report(event),
            "swot": swot_headings(),
            "pestle": pestle_headings(),
        },
    )


def workshop_report_download(request: HttpRequest, slug: str, workshop: str, fmt: str) -> HttpResponse:
    event = _workshop(request, slug, workshop)
    if fmt == "docx":
        content = report_docx(event)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content, mime = report_pdf(event), "application/pdf"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-rapor.{fmt}"'
    return response
