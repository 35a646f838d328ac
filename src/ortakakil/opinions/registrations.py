"""What the opinions app contributes to the registries of the apps below it: the phase switch,
the process page's list of conversations, the theme page's common ground, and the workshop
report's common ground of the workshop's conversation (with its part of the report's
fingerprint, so that a cached PDF is not served once a new map changes the consensus)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from ortakakil.processes import sections
from ortakakil.processes.switches import register_switch
from ortakakil.workshops.report_sections import ReportSection, register_report_section

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme
    from ortakakil.workshops.models import Workshop


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import conversations_of, latest_analysis

    conversations = [(c, latest_analysis(c)) for c in conversations_of(process).order_by("theme__position", "pk")]
    if not conversations:
        return None
    return {"conversations": conversations, "voting_open": process.is_open("opinions")}


def _theme_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .results import consensus_of
    from .selectors import conversations_of_theme

    found = consensus_of(conversations_of_theme(theme))
    return {"consensus_blocks": found} if found else None


def _workshop_report_section(workshop: Workshop) -> Mapping[str, Any] | None:
    from .results import consensus_of
    from .selectors import conversations_of_workshop

    found = consensus_of(conversations_of_workshop(workshop))
    return {"consensus_blocks": found} if found else None


def _workshop_report_version(workshop: Workshop) -> object:
    from .results import consensus_version
    from .selectors import conversations_of_workshop

    return consensus_version(conversations_of_workshop(workshop))


def register() -> None:
    register_switch("opinions", gettext_lazy("Opinion map (voting on statements)"))
    sections.register_section(
        sections.Section(
            key="opinions",
            page=sections.PROCESS_PAGE,
            template="opinions/_process_section.html",
            context=_process_section,
            order=40,
        )
    )
    sections.register_section(
        sections.Section(
            key="opinions",
            page=sections.THEME_PAGE,
            template="opinions/_theme_section.html",
            context=_theme_section,
            order=15,
        )
    )
    register_report_section(
        ReportSection(
            key="opinions",
            template="opinions/_workshop_report_section.html",
            context=_workshop_report_section,
            version=_workshop_report_version,
            order=10,
        )
    )
