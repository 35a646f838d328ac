"""What the portfolio's back office adds to other apps' pages: the «Projeler ve katılımcı bütçe»
section of the process's back-office page (for the strategy team)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ortakakil.processes import sections

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme


def _manage_process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .manage_selectors import counts
    from .permissions import MANAGE

    if not request.user.has_perm(MANAGE, process):
        return None
    return {"portfolio_counts": counts(process)}


def register() -> None:
    sections.register_section(
        sections.Section(
            key="portfolio",
            page=sections.MANAGE_PROCESS_PAGE,
            template="portfolio/manage/_process_section.html",
            context=_manage_process_section,
            order=45,
        )
    )
