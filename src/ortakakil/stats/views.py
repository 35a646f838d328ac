"""The participation statistics of a process: the public page (``/processes/<slug>/statistics/``),
the staff page (``/manage/processes/<slug>/statistics/``) and the CSV file of each chart. Reads
only; the figures come from ``counting.cached_figures`` and the charts with their tables from
``report.parts``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ortakakil.core.backoffice import backoffice_view
from ortakakil.core.pagecache import public_page
from ortakakil.core.replica import reads_from_replica
from ortakakil.documents.csv_files import csv_bytes
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_manage, process_for_public

from . import counting, report
from .suppression import THRESHOLD


def _page(request: HttpRequest, process: Process, *, staff: bool) -> HttpResponse:
    found = counting.cached_figures(process)
    context = {
        "process": process,
        "staff": staff,
        "figures": found,
        "parts": report.parts(found, staff=staff),
        "legend": report.map_legend(found, staff=staff),
        "threshold": THRESHOLD,
    }
    return render(request, "stats/statistics.html", context)


def _csv(process: Process, chart: str, *, staff: bool) -> HttpResponse:
    part = report.part(counting.cached_figures(process), chart, staff=staff)
    if part is None:
        raise Http404(_("No such chart."))
    rows = [["" if cell is None else cell for cell in row] for row in part.rows]
    response = HttpResponse(csv_bytes(headers=part.headers, rows=rows), content_type="text/csv; charset=utf-8")
    prefix = "staff-" if staff else ""
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-{prefix}statistics-{chart}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_page
@require_GET
@reads_from_replica
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    return _page(request, process, staff=False)


@require_GET
@reads_from_replica
def statistics_csv(request: HttpRequest, slug: str, chart: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    return _csv(process, chart, staff=False)


@require_GET
@backoffice_view
def manage_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_manage(user=request.user, slug=slug)
    return _page(request, process, staff=True)


@require_GET
@backoffice_view
def manage_statistics_csv(request: HttpRequest, slug: str, chart: str) -> HttpResponse:
    process = process_for_manage(user=request.user, slug=slug)
    return _csv(process, chart, staff=True)
