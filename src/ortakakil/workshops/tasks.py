"""huey tasks of the workshops app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def reports_warm(workshop_id: int, table_id: int | None = None) -> None:
    """Render the workshop's PDF report (and one table's) into the report cache."""
    from ortakakil.documents.workshop_report import report_pdf_cached  # documents deliver the files

    from .models import Workshop

    workshop = Workshop.objects.select_related("process").filter(pk=workshop_id).first()
    if workshop is None:
        return
    report_pdf_cached(workshop)
    table = workshop.tables.select_related("theme").filter(pk=table_id).first() if table_id else None
    if table is not None:
        report_pdf_cached(workshop, table)
