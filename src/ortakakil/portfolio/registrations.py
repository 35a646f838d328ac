"""What the portfolio adds to the platform from ``PortfolioConfig.ready()``: the ``budget_voting``
phase switch that opens participatory-budgeting votes, the permissions (``permissions.py``), the
ballot's rate-limit scope (``budget_ballot``, pages and API), and the sections listing the open
and published rounds on the process page and on a theme's page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from ortakakil.core import ratelimit
from ortakakil.processes import sections, verification
from ortakakil.processes.switches import register_switch

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme

BUDGET_VOTING = "budget_voting"
BALLOT_SCOPE = "budget_ballot"
"""The kind of write of ``core/ratelimit.py`` counted for each ballot (pages and API)."""
PB_IMPORT_SCOPE = "pb_import"
"""The kind of write counted for each .pb file the back office uploads (``import_views``)."""


def ballot_rates() -> tuple[str, str]:
    """A ballot is cast once and perhaps corrected a few times; a shared address (an office, a
    municipality's service desk) casts many."""
    return "20/h", "300/h"


def pb_import_rates() -> tuple[str, str]:
    """Reading a large .pb file costs seconds; nobody imports more than a few votes an hour."""
    return "20/h", "60/h"


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import rounds_for_process_page

    rounds = list(rounds_for_process_page(process))
    if not rounds:
        return None
    return {"budget_rounds": rounds, "voting_on": process.is_open(BUDGET_VOTING)}


def _theme_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    if theme is None:
        return None
    from .selectors import rounds_of_theme

    rounds = list(rounds_of_theme(theme))
    if not rounds:
        return None
    return {"budget_rounds": rounds, "voting_on": process.is_open(BUDGET_VOTING)}


def register() -> None:
    from ortakakil.core.personal_data import register_personal_data

    from . import permissions
    from .personal_data import SOURCE

    register_switch(BUDGET_VOTING, gettext_lazy("Participatory budgeting votes"))
    verification.register_action(
        "budget_votes",
        gettext_lazy("Participatory budgeting votes"),
        gettext_lazy("To vote on the budget in this phase you need to verify your identity."),
    )
    permissions.register()
    register_personal_data(SOURCE)
    ratelimit.register_scope(BALLOT_SCOPE, ballot_rates)
    ratelimit.register_scope(PB_IMPORT_SCOPE, pb_import_rates)
    sections.register_section(
        sections.Section(
            key="portfolio",
            page=sections.PROCESS_PAGE,
            template="portfolio/_process_section.html",
            context=_process_section,
            order=45,
        )
    )
    sections.register_section(
        sections.Section(
            key="portfolio",
            page=sections.THEME_PAGE,
            template="portfolio/_theme_section.html",
            context=_theme_section,
            order=20,
        )
    )
