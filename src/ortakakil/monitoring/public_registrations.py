"""What the public scoreboard registers into the apps below it (its phase switch,
``monitoring_public``, is registered by ``registrations.py``): a link on the process page while it
is public, and each goal's realisation beside the contributions it answers
(«Siz söylediniz, biz yaptık»: the proposal page and the workshop table report)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ortakakil.processes import sections, traceability

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .scoreboard import chosen_period, open_plan

    plan = open_plan(process)
    if plan is None:
        return None
    return {"plan": plan, "period": chosen_period(plan, None)}


def _progress(process: Process, codes: list[str]) -> dict[str, traceability.Progress]:
    from .scoreboard import goal_progress

    return goal_progress(process, codes)


def register() -> None:
    traceability.register_progress(_progress)
    sections.register_section(
        sections.Section(
            key="scoreboard",
            page=sections.PROCESS_PAGE,
            template="monitoring/public/_process_section.html",
            context=_process_section,
            order=6,
        )
    )
