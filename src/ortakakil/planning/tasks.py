"""huey tasks of the planning app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def plan_file_warm(plan_id: int, fmt: str) -> None:
    """Render the plan's document in ``fmt`` (docx, pdf) into the document cache."""
    from ortakakil.documents.plan_document import plan_file_cached  # documents deliver the files

    from .models import Plan

    plan = Plan.objects.select_related("process__organisation").filter(pk=plan_id).first()
    if plan is not None:
        plan_file_cached(plan, fmt)
