"""What the plan adds to the audit log (``core.audit``): every version of the plan and of its
aims, goals, indicators, situation analysis, findings and sources, from their history. A plan's
status change reads as submitted, returned to draft or approved; a new update version as an
update opened."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, TextField
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import audit

from .models import Aim, AnalysisItem, Finding, Goal, Indicator, Plan, Source

STATUS_ACTIONS = {
    Plan.Status.SUBMITTED: gettext_lazy("submitted to the council"),
    Plan.Status.DRAFT: gettext_lazy("returned to draft"),
    Plan.Status.APPROVED: gettext_lazy("approved"),
}


def _plan_action(record: Any, before: Any) -> Any:
    if record.history_type == "+":
        return gettext_lazy("update opened") if record.kind == Plan.Kind.UPDATE else None
    if record.history_type == "~" and before is not None and record.status != before.status:
        return STATUS_ACTIONS.get(record.status)
    return None


def _plan_url(path: str) -> Any:
    """The plan's back-office page, reached from a live object by ``path`` to its process."""

    def url(instance: Any) -> str:
        process = audit.follow(instance, path)
        return reverse("manage:plan", args=[process.slug]) if process is not None else ""

    return url


def register() -> None:
    def item(model: Any, key: str, *, to_process: str, label: Any) -> audit.AuditSource:
        return audit.history_source(
            model,
            key=key,
            area=audit.Area.PLAN,
            view=audit.HistoryView(
                label=label,
                process=to_process,
                url=_plan_url(to_process),
                action=_plan_action if model is Plan else None,
                # Historical foreign keys keep their names: the same path joins from both.
                related=(to_process,),
                live_related=(to_process,),
            ),
            process=f"{to_process}_id",
            organisation=f"{to_process}__organisation_id",
            search=tuple(
                f.name
                for f in model._meta.fields
                if f.name in ("title", "code", "finding", "kind") and isinstance(f, CharField | TextField)
            ),
        )

    audit.register(
        item(Plan, "planning.plan", to_process="process", label=lambda r: f"{_('Plan')} v{r.number}: {r.title}")
    )
    audit.register(item(Aim, "planning.aim", to_process="plan__process", label=lambda r: f"{_('Aim')} {r.code}"))
    audit.register(
        item(Goal, "planning.goal", to_process="aim__plan__process", label=lambda r: f"{_('Goal')} {r.code}")
    )
    audit.register(
        item(
            Indicator,
            "planning.indicator",
            to_process="goal__aim__plan__process",
            label=lambda r: f"{_('Indicator')} {r.code}",
        )
    )
    audit.register(
        item(
            AnalysisItem,
            "planning.analysis",
            to_process="plan__process",
            label=lambda r: f"{_('Situation analysis')}: {r.title[:80]}",
        )
    )
    audit.register(
        item(
            Finding, "planning.finding", to_process="plan__process", label=lambda r: f"{_('Finding')}: {r.finding[:80]}"
        )
    )
    audit.register(
        item(
            Source,
            "planning.source",
            to_process="plan__process",
            label=lambda r: f"{_('Source')}: {r.kind} {r.object_id} → {r.get_target_display()}",
        )
    )
