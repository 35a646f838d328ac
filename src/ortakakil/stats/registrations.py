"""What the statistics app registers into the apps below it: a link to the participation
statistics on the process page and on its back-office page. Called from ``StatsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ortakakil.processes import sections

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme


def _link(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any]:
    return {}


def register() -> None:
    sections.register_section(
        sections.Section(
            key="stats",
            page=sections.PROCESS_PAGE,
            template="stats/_process_section.html",
            context=_link,
            order=90,
        )
    )
    sections.register_section(
        sections.Section(
            key="stats",
            page=sections.MANAGE_PROCESS_PAGE,
            template="stats/_manage_actions.html",
            context=_link,
            slot=sections.ACTIONS,
            order=90,
        )
    )
