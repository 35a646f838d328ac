"""Sections that apps above ``workshops`` add to the workshop report page, and their part of the
report's fingerprint.

The opinion map of a workshop's conversation belongs to the opinions app, which builds on this
one, so the report page (``views.workshop_report``) must not import it: the opinions app registers
a section from its ``AppConfig.ready()`` and the page renders whatever is registered. Each section
also says what version of its content the report shows, so that ``selectors.report_version`` (the
key the PDF is cached under) changes when, for instance, a new consensus is computed.
The DOCX and PDF are built by ``documents``, which reads every app and needs no hook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Workshop


@dataclass(frozen=True)
class ReportSection:
    key: str
    template: str
    context: Callable[[Workshop], Mapping[str, Any] | None]
    """The section's context for the whole workshop's report, or ``None`` to leave it out."""
    version: Callable[[Workshop], object]
    """Anything that changes when the section's content does (part of ``report_version``)."""
    order: int = 100


_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(section: ReportSection) -> None:
    """Register ``section`` (idempotent by key)."""
    _SECTIONS[section.key] = section


def _ordered() -> list[ReportSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def render_report_sections(request: HttpRequest, workshop: Workshop) -> SafeString:
    """The registered sections of the workshop's report page, rendered in order."""
    parts = []
    for section in _ordered():
        context = section.context(workshop)
        if context is not None:
            parts.append(render_to_string(section.template, {"workshop": workshop, **context}, request=request))
    # Each piece comes from a template rendered with autoescaping.
    return mark_safe("\n".join(parts))  # noqa: S308


def report_sections_version(workshop: Workshop) -> list[tuple[str, object]]:
    """Every registered section's content version, for the report's fingerprint."""
    return [(section.key, section.version(workshop)) for section in _ordered()]
