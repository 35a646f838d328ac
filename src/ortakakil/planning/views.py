"""Public pages of the strategic plan: the plan (while it is prepared, as a draft, then as
approved) and each goal card with the contributions it answers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ortakakil.processes.selectors import process_for_public

from . import selectors


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    plan = selectors.public_plan(process)
    context: dict[str, Any] = {"process": process, "plan": plan}
    if plan is not None:
        context |= {
            "aims": selectors.aims_with_goals(plan),
            "source_counts": selectors.source_counts(plan),
            "can_manage": request.user.has_perm("planning.manage_plan", process),
        }
    return render(request, "planning/plan_detail.html", context)


def plan_goal(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    plan = selectors.public_plan(process)
    if plan is None:
        raise Http404(_("This process has no plan yet."))
    goal = selectors.goal_in_plan(plan, code)
    return render(
        request,
        "planning/goal_detail.html",
        {
            "process": process,
            "plan": plan,
            "goal": goal,
            "years": plan.years,
            "indicators": selectors.indicator_rows(goal, plan.years),
            "costs": selectors.cost_rows(goal, plan.years),
            "sources": selectors.goal_sources(goal),
        },
    )


SLOW_FORMATS = ("docx", "pdf")


def plan_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The public plan as a document: JSON and XLSX at once; DOCX and PDF from the document cache,
    or, while a new version is being rendered in the background, a page that says so and looks
    again every few seconds."""
    from django.core.cache import cache

    from ortakakil.documents.plan_document import FORMATS, plan_file, plan_file_cached

    from .tasks import plan_file_warm

    if fmt not in FORMATS:
        raise Http404(_("No such format."))
    process = process_for_public(user=request.user, slug=slug)
    plan = selectors.public_plan(process)
    if plan is None:
        raise Http404(_("This process has no plan yet."))
    if fmt in SLOW_FORMATS:
        found = plan_file_cached(plan, fmt, render=False)
        if found is None:
            if cache.add(f"planning:rendering:{plan.pk}:{fmt}", 1, 120):
                plan_file_warm(plan.pk, fmt)
            found = plan_file_cached(plan, fmt, render=False)  # huey's immediate mode renders at once
        if found is None:
            return render(
                request, "planning/preparing.html", {"process": process, "plan": plan, "fmt": fmt}, status=202
            )
    else:
        found = plan_file(plan, fmt)
    content, mime, filename = found
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
