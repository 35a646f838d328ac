"""Back office of portfolio scenarios (``/manage/processes/<slug>/scenarios/…``): list and compare,
create and edit, compute, copy at a budget factor, adopt, delete. The strategy team of the
process's organisation only (``portfolio.manage``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page
from ortakakil.processes.models import Process

from . import scenario_selectors as selectors
from . import scenarios
from .manage_views import portfolio_process
from .models import Scenario
from .scenario_forms import WEIGHT_LABELS, ScenarioForm

COPY_FACTORS = {"0.9": "−10%", "1.1": "+10%"}
COMPARE_MAX = 6


def list_url(process: Process) -> str:
    return reverse("manage:scenarios", kwargs={"slug": process.slug})


def detail_url(scenario: Scenario) -> str:
    return reverse("manage:scenario", kwargs={"slug": scenario.process.slug, "pk": scenario.pk})


def _crumbs(process: Process, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Back office"), reverse("manage:dashboard")),
        (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
        (_("Portfolio scenarios"), list_url(process)),
        *more,
    ]


@backoffice_view
def scenario_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = portfolio_process(request, slug)
    found = list(Scenario.objects.filter(process=process))
    for scenario in found:
        scenario.total_budget = sum(float(v) for v in (scenario.budgets or {}).values())  # type: ignore[attr-defined]
    return render(
        request,
        "portfolio/scenarios/list.html",
        {"process": process, "scenarios": found, "breadcrumbs": _crumbs(process)[:-1], "compare_max": COMPARE_MAX},
    )


@backoffice_view
def scenario_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = portfolio_process(request, slug)
    return form_page(
        request,
        form=ScenarioForm(request.POST or None, process=process),
        save=lambda data: scenarios.scenario_create(actor=acting_user(request), process=process, data=data),
        title=_("New portfolio scenario"),
        cancel_url=list_url(process),
        success_url=detail_url,
        success_message=_("The scenario was created. Compute it to see the portfolio."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def scenario_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    scenario = selectors.scenario_of(process, pk)
    if scenario.is_adopted:
        messages.error(request, _("The adopted scenario cannot be changed; make a copy and change that."))
        return redirect(detail_url(scenario))
    return form_page(
        request,
        form=ScenarioForm(request.POST or None, process=process, scenario=scenario),
        save=lambda data: scenarios.scenario_update(actor=acting_user(request), scenario=scenario, data=data),
        title=_("Edit scenario: %(name)s") % {"name": scenario.name},
        cancel_url=detail_url(scenario),
        success_url=detail_url,
        success_message=_("The scenario was saved. Compute it again to see the portfolio."),
        breadcrumbs=_crumbs(process, (scenario.name, detail_url(scenario))),
    )


WATERLINE_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class WaterlineChart:
    svg: str
    """Drawn by ``rules/charts.py`` from numbers and escaped names: safe to inline."""
    first: int
    last: int
    """The projects drawn one by one (ranks, from 1); the others are summarised."""
    count: int
    years: str


def waterline_chart(view: selectors.ScenarioView) -> WaterlineChart | None:
    """The waterline chart of a computed scenario, cached under everything it is drawn from (the
    computation, the projects' names, the language)."""
    if not view.waterline:
        return None
    # Imported here: matplotlib is loaded only by the pages that draw.
    from .rules import charts

    bars = [charts.Bar(f"{row.project.code} {row.project.title}", row.cost, row.selected) for row in view.waterline]
    budget = view.total_budget
    shown = charts.window(len(bars), charts.crossing(bars, budget))
    years = [row.year for row in view.years]
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(years)
    fingerprint = hashlib.sha256(
        repr((view.scenario.pk, str(view.scenario.computed_at), get_language(), budget, bars)).encode()
    ).hexdigest()
    key = f"portfolio:waterline-svg:{fingerprint}"
    svg = cache.get(key)
    if svg is None:
        marks = (str(formats.get_format("THOUSAND_SEPARATOR")), str(formats.get_format("DECIMAL_SEPARATOR")))

        def number(value: float) -> str:
            return charts.format_number(value, 0, marks)

        selected = sum(1 for bar in bars if bar.selected)
        within = sum(1 for row in view.waterline if row.above)
        labels = charts.WaterlineLabels(
            title=_("Budget waterline"),
            description=_(
                "%(count)s projects by value per lira, best first, as bars of their cost over %(years)s "
                "laid end to end. Ranking alone would fund %(within)s of them within the total budget of "
                "%(budget)s TL; the optimiser selected %(selected)s."
            )
            % {
                "count": number(len(bars)),
                "years": span,
                "within": number(within),
                "budget": number(budget),
                "selected": number(selected),
            },
            cost_axis=_("Cumulative cost, all years (TL)"),
            budget=_("Total budget"),
            selected=_("Selected"),
            left_out=_("Left out"),
            past_line=_("Past the line"),
            # Translators: short words for thousand, million and billion lira on the chart's axis.
            units=(_("k"), _("M"), _("bn")),
            earlier=lambda n: (
                ngettext("%(count)s project before", "%(count)s projects before", n) % {"count": number(n)}
            ),
            later=lambda n: ngettext("%(count)s project after", "%(count)s projects after", n) % {"count": number(n)},
            marks=marks,
        )
        svg = charts.waterline_chart_svg(bars, budget=budget, labels=labels, described_by="waterline-chart-caption")
        cache.set(key, svg, WATERLINE_CACHE_SECONDS)
    return WaterlineChart(svg=svg, first=shown.start + 1, last=shown.end, count=len(bars), years=span)


@backoffice_view
def scenario_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    scenario = selectors.scenario_of(process, pk)
    view = selectors.scenario_view(scenario)
    return render(
        request,
        "portfolio/scenarios/detail.html",
        {
            "process": process,
            "scenario": scenario,
            "view": view,
            "waterline_chart": waterline_chart(view) if view is not None else None,
            "weights": [
                (WEIGHT_LABELS[key], round(float(scenario.weights.get(key, 0)) * 100, 1))
                for key in WEIGHT_LABELS
                if scenario.weights
            ],
            "copy_factors": COPY_FACTORS,
            "breadcrumbs": _crumbs(process),
        },
    )


@require_POST
@backoffice_view
def scenario_compute(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    scenario = selectors.scenario_of(process, pk)
    try:
        scenarios.scenario_compute(actor=acting_user(request), scenario=scenario)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The portfolio was computed."))
    return redirect(detail_url(scenario))


@require_POST
@backoffice_view
def scenario_copy(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    scenario = selectors.scenario_of(process, pk)
    factor = request.POST.get("factor", "")
    if factor not in COPY_FACTORS:
        messages.error(request, _("Choose a budget change for the copy."))
        return redirect(detail_url(scenario))
    name = f"{scenario.name} — {_('budget')} {COPY_FACTORS[factor]}"
    copy = scenarios.scenario_copy(
        actor=acting_user(request), scenario=scenario, name=name, budget_factor=float(factor)
    )
    messages.success(request, _("A copy with every budget %(change)s was made.") % {"change": COPY_FACTORS[factor]})
    return redirect(detail_url(copy))


@backoffice_view
def scenario_adopt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    scenario = selectors.scenario_of(process, pk)
    return confirm_page(
        request,
        title=_("Adopt the portfolio"),
        question=_("Adopt “%(name)s” as the plan's portfolio? The plan document then shows its projects.")
        % {"name": scenario.name},
        action=lambda: scenarios.scenario_adopt(actor=acting_user(request), scenario=scenario),
        cancel_url=detail_url(scenario),
        success_url=detail_url(scenario),
        success_message=_("The scenario is the adopted portfolio."),
        danger=False,
        confirm_label=_("Adopt"),
        note=_("The adopted scenario can no longer be changed or computed again; copy it to try changes."),
        breadcrumbs=_crumbs(process, (scenario.name, detail_url(scenario))),
    )


@backoffice_view
def scenario_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    scenario = selectors.scenario_of(process, pk)
    return confirm_page(
        request,
        title=_("Delete scenario"),
        question=_("Delete the scenario “%(name)s” and its result?") % {"name": scenario.name},
        action=lambda: scenarios.scenario_delete(actor=acting_user(request), scenario=scenario),
        cancel_url=detail_url(scenario),
        success_url=list_url(process),
        success_message=_("The scenario was deleted."),
        breadcrumbs=_crumbs(process, (scenario.name, detail_url(scenario))),
    )


@backoffice_view
def scenario_compare(request: HttpRequest, slug: str) -> HttpResponse:
    process = portfolio_process(request, slug)
    pks = [int(v) for v in request.GET.getlist("s") if v.isdigit()][:COMPARE_MAX]
    chosen, rows = selectors.scenarios_compare(process, pks)
    return render(
        request,
        "portfolio/scenarios/compare.html",
        {"process": process, "scenarios": chosen, "rows": rows, "breadcrumbs": _crumbs(process)},
    )
