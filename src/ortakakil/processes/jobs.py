"""Background jobs of the processes app."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.core.jobs import JobResult, Progress, job_runner
from ortakakil.documents.xlsx import table_xlsx

from .models import PreparationTask, Process


@job_runner("processes.programme_xlsx")
def programme_xlsx(progress: Progress, *, process_id: int) -> JobResult:
    """The preparation programme (hazırlık programı) as an XLSX table, in Turkish."""
    process = Process.objects.get(pk=process_id)
    tasks = list(PreparationTask.objects.filter(process=process).select_related("owner_unit", "phase"))
    with translation.override("tr"):
        headers = [
            _("Task"),
            _("Phase"),
            _("Responsible unit"),
            _("Starts on"),
            _("Due on"),
            _("Status"),
            _("Description"),
        ]
        rows = []
        for done, task in enumerate(tasks, start=1):
            rows.append(
                [
                    task.title,
                    task.phase.name if task.phase else "",
                    task.owner_unit.name,
                    task.starts_on,
                    task.due_on,
                    task.get_status_display(),
                    task.description,
                ]
            )
            progress(done, len(tasks), _("Writing the tasks"))
        content = table_xlsx(title=_("Preparation programme"), headers=headers, rows=rows)
    return f"{process.slug}-hazirlik-programi.xlsx", content
