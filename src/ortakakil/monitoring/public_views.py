"""The public scoreboard (karne) of the approved plan and its open-data bundle. Both answer only
while the scoreboard is public (``scoreboard.open_plan``); before that the scoreboard says it is
not published yet, with a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ortakakil.core.pagecache import public_page
from ortakakil.core.replica import reads_from_replica
from ortakakil.processes.selectors import process_for_public

from . import scoreboard
from .charts import TrendLabels, trend_chart


def _charts(rows: list[scoreboard.IndicatorRow]) -> dict[str, tuple[str, str]]:
    """Each indicator's trend chart (its element id and SVG), by indicator code."""
    charts = {}
    for row in rows:
        indicator = row.indicator
        chart_id = "trend-" + "".join(c if c.isalnum() else "-" for c in indicator.code)
        actuals = {point.period: point.actual for point in row.history if point.actual is not None}
        targets = {str(year): float(value) for year, value in (indicator.targets or {}).items() if value is not None}
        title = _("%(code)s: approved values against the targets") % {"code": indicator.code}
        description = _(
            "%(title)s. Solid line: approved values by period (%(count)d). Dashed line: the target "
            "for the end of each year. Dotted line: the baseline. The table beside the chart gives the numbers."
        ) % {"title": indicator.title, "count": len(actuals)}
        charts[indicator.code] = (
            chart_id,
            trend_chart(
                actuals=actuals,
                targets=targets,
                baseline=None if indicator.baseline is None else float(indicator.baseline),
                labels=TrendLabels(
                    title=title,
                    description=description,
                    actual=_("Approved value"),
                    target=_("Target"),
                    baseline=_("Baseline"),
                ),
                fmt="svg",
                size=(4.4, 2.6),
                text_size=9.0,
                title_on_chart=False,  # the page's heading names the indicator
                chart_id=chart_id,
                described_by=f"{chart_id}-table",
            ),
        )
    return charts


@public_page
@reads_from_replica
def scoreboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    plan = scoreboard.open_plan(process)
    if plan is None:
        return render(request, "monitoring/public/not_published.html", {"process": process}, status=404)
    period = scoreboard.chosen_period(plan, request.GET.get("period"))
    context: dict[str, object] = {
        "process": process,
        "plan": plan,
        "period": period,
        "statuses": [
            (key, scoreboard.STATUS_LABELS[key], scoreboard.STATUS_RANGES[key]) for key in scoreboard.STATUS_LABELS
        ],
    }
    if period is not None:
        context["board"] = scoreboard.board(plan, period)
    return render(request, "monitoring/public/scoreboard.html", context)


@public_page
@reads_from_replica
def scoreboard_goal(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One goal of the scoreboard: its indicators with their trend charts and its contributions."""
    process = process_for_public(user=request.user, slug=slug)
    plan = scoreboard.open_plan(process)
    if plan is None:
        return render(request, "monitoring/public/not_published.html", {"process": process}, status=404)
    period = scoreboard.chosen_period(plan, request.GET.get("period"))
    if period is None:
        raise Http404(_("No value has been approved yet."))
    board = scoreboard.board(plan, period, with_sources=False)
    found = [(aim, goal) for aim in board.aims for goal in aim.goals if goal.goal.code == code]
    if not found:
        raise Http404(_("No such goal in this plan."))
    aim, goal = found[0]
    goal.sources = scoreboard.goal_sources(goal.goal)
    context = {
        "process": process,
        "plan": plan,
        "board": board,
        "aim": aim,
        "goal": goal,
        "charts": _charts(goal.indicators),
    }
    return render(request, "monitoring/public/goal.html", context)


@reads_from_replica
def open_data(request: HttpRequest, slug: str) -> HttpResponse:
    from ortakakil.documents.open_data import ZIP_MIME, bundle

    process = process_for_public(user=request.user, slug=slug)
    plan = scoreboard.open_plan(process)
    if plan is None:
        raise Http404(_("The scoreboard is not published yet."))
    content, filename = bundle(process, plan)
    response = HttpResponse(content, content_type=ZIP_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
