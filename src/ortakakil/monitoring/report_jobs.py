"""Rendering a monitoring report in the background (``core/jobs.py``): a large plan's PDF takes
a minute, longer than a page request should wait. The job's page shows its progress and then
offers the file; the rendered file also lands in the document cache for the next reader."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.core.jobs import JobResult, Progress, job_runner
from ortakakil.documents import monitoring_report
from ortakakil.planning.models import Plan

REPORT_JOB = "monitoring.report"


@job_runner(REPORT_JOB)
def report_render(progress: Progress, *, plan_id: int, period: str, fmt: str) -> JobResult:
    plan = Plan.objects.select_related("process__organisation").get(pk=plan_id)
    with translation.override("tr"):
        progress(0, 1, _("Rendering the report"))
        content, _mime, filename = monitoring_report.report_file(plan, period, fmt)
        progress(1, 1, _("The report is ready"))
    return filename, content
