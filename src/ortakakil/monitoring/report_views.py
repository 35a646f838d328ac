"""The back office's monitoring and evaluation reports of a process: choose the period, read the
report on the page, download it as DOCX or PDF (``documents.monitoring_report`` lays it out).

Readers: the municipality's staff who read the plan (``planning.view_plan`` on the process) or
the measurements (``monitoring.view_measurements`` on one of its indicators); the strategy team
is both. Only the plan in force (the newest approved version) has reports.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.core import jobs
from ortakakil.core.backoffice import acting_user, backoffice_view
from ortakakil.documents import monitoring_report as documents
from ortakakil.planning.models import Indicator, Plan
from ortakakil.planning.selectors import approved_plan
from ortakakil.processes.models import Process

from . import realisation
from .permissions import VIEW
from .report_jobs import REPORT_JOB


def _readable_process(request: HttpRequest, slug: str) -> Process:
    process = Process.objects.select_related("organisation").filter(slug=slug).first()
    if process is None:
        raise Http404(_("No such process."))
    user = request.user
    if user.has_perm("planning.view_plan", process):
        return process
    indicator = (
        Indicator.objects.filter(goal__aim__plan__process=process).select_related("goal__aim__plan__process").first()
    )
    if indicator is not None and user.has_perm(VIEW, indicator):
        return process
    raise PermissionDenied(_("Only the municipality's staff read the monitoring reports."))


def _plan(process: Process) -> Plan | None:
    plan = approved_plan(process)
    if plan is not None:
        plan.process = process
    return plan


def _default_period(plan: Plan, periods: list[str]) -> str:
    """The scoreboard's first period (the latest with at least half of the values approved), else
    the first period a report can be made for."""
    from .scoreboard import default_period

    chosen = default_period(plan)
    return chosen if chosen in periods else periods[0]


@backoffice_view
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    process = _readable_process(request, slug)
    plan = _plan(process)
    context: dict[str, object] = {
        "process": process,
        "plan": plan,
        "breadcrumbs": [
            (_("Back office"), reverse("manage:dashboard")),
            (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
        ],
    }
    if plan is None:
        return render(request, "monitoring/reports/page.html", context)
    periods = documents.report_periods(plan)
    period = request.GET.get("period", "")[:10] or _default_period(plan, periods)
    try:
        report = documents.report_data(plan, period)
    except documents.ReportPeriodError as error:
        raise Http404(str(error)) from None
    context |= documents.report_context(
        report,
        trend_uri=lambda line: (
            reverse("manage:monitoring_report_chart", kwargs={"slug": process.slug, "code": line.code})
            + ("" if period == "plan" else f"?until={period}")
        ),
    )
    context |= {
        "periods": [(p, documents.period_label(p)) for p in periods],
        "period": period,
    }
    return render(request, "monitoring/reports/page.html", context)


@backoffice_view
def report_download(request: HttpRequest, slug: str, period: str, fmt: str) -> HttpResponse:
    """The file when this version is rendered; otherwise a background job renders it and the
    job's page (progress, then the download) takes over."""
    if fmt not in documents.FORMATS:
        raise Http404(_("No such format."))
    process = _readable_process(request, slug)
    plan = _plan(process)
    if plan is None:
        raise Http404(_("This process has no approved plan yet."))
    try:
        found = documents.report_file_cached(plan, period, fmt, render=False)
    except documents.ReportPeriodError as error:
        raise Http404(str(error)) from None
    if found is None:  # not rendered yet: a background job renders it, its page offers the file
        job = jobs.job_start(
            kind=REPORT_JOB,
            label=f"{documents.report_title(documents.report_kind(period))} — {period} ({fmt.upper()})",
            actor=acting_user(request),
            params={"plan_id": plan.pk, "period": period, "fmt": fmt},
        )
        return redirect(job.get_absolute_url())
    content, mime, filename = found
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@backoffice_view
def trend_chart(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """An indicator's approved values against its targets, as SVG (the report page's charts).
    Cached privately by the browser for a short while: an approval changes it."""
    process = _readable_process(request, slug)
    plan = _plan(process)
    until = request.GET.get("until", "")[:10]
    if until and not realisation.PERIOD_RE.match(until):
        raise Http404(_("No such period."))
    line = None if plan is None else documents.indicator_line(plan, code[:40], until=until or None)
    if line is None:
        raise Http404(_("No such indicator."))
    response = HttpResponse(documents.trend_svg(line), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    response["X-Content-Type-Options"] = "nosniff"
    return response
