"""Sections that apps above ``processes`` contribute to the process and theme pages.

The process page lists proposals, surveys and workshops; the theme page shows the most supported
proposals and what the theme's workshop tables said; the process's back-office page links to the
proposals' moderation and import and lists the workshops. Those belong to apps that build on this
one, so ``processes`` must not import them (nor name their URLs or relations in its templates):
each app registers its sections from its ``AppConfig.ready()`` and the page renders whatever is
registered, in order.

A section is a template plus a function that returns its context (or ``None`` to leave the
section out, e.g. when a process has no survey).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Process, Theme

ContextFunction = Callable[["HttpRequest", "Process", "Theme | None"], Mapping[str, Any] | None]

PROCESS_PAGE = "process"
THEME_PAGE = "theme"
MANAGE_PROCESS_PAGE = "manage_process"
"""The process's back-office page (``manage:process``)."""

ACTIONS = "actions"
"""Slot under the page's heading: the buttons to take part (on the back-office page, to manage)."""
MAIN = "main"
"""Slot in the body of the page."""


@dataclass(frozen=True)
class Section:
    key: str
    page: str
    """``PROCESS_PAGE``, ``THEME_PAGE`` or ``MANAGE_PROCESS_PAGE``."""
    template: str
    context: ContextFunction
    order: int = 100
    slot: str = MAIN


_SECTIONS: dict[tuple[str, str], Section] = {}


def register_section(section: Section) -> None:
    """Register ``section`` (idempotent by page and key)."""
    _SECTIONS[(section.page, section.key)] = section


def render_sections(
    request: HttpRequest, page: str, process: Process, theme: Theme | None = None
) -> dict[str, SafeString]:
    """The registered sections of ``page``, rendered and joined per slot: ``{"actions": html, "main": html}``."""
    rendered: dict[str, list[str]] = {ACTIONS: [], MAIN: []}
    for section in sorted((s for s in _SECTIONS.values() if s.page == page), key=lambda s: (s.order, s.key)):
        context = section.context(request, process, theme)
        if context is None:
            continue
        html = render_to_string(section.template, {"process": process, "theme": theme, **context}, request=request)
        rendered.setdefault(section.slot, []).append(html)
    # Each piece comes from a template rendered with autoescaping.
    return {slot: mark_safe("\n".join(parts)) for slot, parts in rendered.items()}  # noqa: S308
