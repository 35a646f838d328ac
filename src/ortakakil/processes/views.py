"""Public pages: home, process, theme, preparation programme.

The process and theme pages show what the apps above this one contribute (proposals, surveys,
workshops) through the registries in ``processes/sections.py``; this module imports none of them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ortakakil.core.pagecache import public_page

from . import sections, selectors


@public_page
def home(request: HttpRequest) -> HttpResponse:
    processes = selectors.visible_processes(request.user)
    return render(request, "processes/home.html", {"processes": processes})


@public_page
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_public(user=request.user, slug=slug)
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "timeline": selectors.phase_timeline(process, today=timezone.localdate()),
            "themes": selectors.themes_with_counts(process),
            "programme_summary": selectors.programme_summary(process),
            "can_manage": request.user.has_perm("processes.manage_process", process),
            "sections": sections.render_sections(request, sections.PROCESS_PAGE, process),
        },
    )


@public_page
def theme_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = selectors.process_for_public(user=request.user, slug=slug)
    theme = selectors.theme_for_public(process=process, code=code)
    themes = list(selectors.themes_with_counts(process))
    index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    return render(
        request,
        "processes/theme_detail.html",
        {
            "process": process,
            "theme": theme,
            "previous_theme": themes[index - 1] if index > 0 else None,
            "next_theme": themes[index + 1] if index + 1 < len(themes) else None,
            "sections": sections.render_sections(request, sections.THEME_PAGE, process, theme),
        },
    )


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_public(user=request.user, slug=slug)
    return render(
        request,
        "processes/programme.html",
        {
            "process": process,
            "timeline": selectors.programme_timeline(process, today=timezone.localdate()),
            "summary": selectors.programme_summary(process),
        },
    )
