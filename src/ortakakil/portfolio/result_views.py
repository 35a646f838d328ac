"""Back office of a round's result: count the closed vote, publish the result, and download the
round as a Pabulib file (``…/budget-rounds/<pk>/count/``, ``…/publish/``, ``…/pabulib/``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page

from . import counting
from .manage_views import portfolio_process
from .models import BudgetRound


def _round(request: HttpRequest, slug: str, pk: int) -> BudgetRound:
    process = portfolio_process(request, slug)
    return get_object_or_404(BudgetRound.objects.select_related("process__organisation"), process=process, pk=pk)


def round_back(budget_round: BudgetRound) -> str:
    """The round's result page for staff (the count before and after publishing)."""
    return reverse("manage:budget_round_result", kwargs={"slug": budget_round.process.slug, "pk": budget_round.pk})


@require_POST
@backoffice_view
def round_count(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget_round = _round(request, slug, pk)
    try:
        counting.round_count(actor=acting_user(request), budget_round=budget_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The vote was counted. Check the result, then publish it."))
    return redirect(round_back(budget_round))


@backoffice_view
def round_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget_round = _round(request, slug, pk)
    return confirm_page(
        request,
        title=_("Publish the result"),
        question=_("Publish the result of “%(title)s”? Everyone sees each project's votes and which were funded.")
        % {"title": budget_round.title},
        action=lambda: counting.round_publish(actor=acting_user(request), budget_round=budget_round),
        cancel_url=round_back(budget_round),
        success_url=round_back(budget_round),
        success_message=_("The result is published."),
        danger=False,
        confirm_label=_("Publish"),
        note=_("A published result is final: the vote cannot be counted again."),
    )


@backoffice_view
def round_pabulib(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget_round = _round(request, slug, pk)
    response = HttpResponse(counting.round_pb(budget_round).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{budget_round.process.slug}-{budget_round.slug}.pb"'
    return response


@backoffice_view
def round_result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The round's count for staff: each project's votes, the selection in the order the rule
    chose it, the budget used; the actions that fit the round's state."""
    from django.shortcuts import render

    budget_round = _round(request, slug, pk)
    result = budget_round.result or {}
    projects = list(budget_round.projects.select_related("theme").order_by("code", "pk"))
    votes = {int(k): int(v) for k, v in (result.get("votes") or {}).items()}
    order = {int(pk): i for i, pk in enumerate(result.get("selected") or [])}
    rows = sorted(
        ((p, votes.get(p.pk, 0), p.pk in order, order.get(p.pk)) for p in projects),
        key=lambda row: (row[3] is None, row[3] if row[3] is not None else 0, -row[1], row[0].code),
    )
    return render(
        request,
        "portfolio/rounds/result.html",
        {
            "process": budget_round.process,
            "round": budget_round,
            "result": result,
            "rows": rows,
            "counted": "selected" in result,
            "breadcrumbs": [
                (_("Back office"), reverse("manage:dashboard")),
                (budget_round.process.title, reverse("manage:process", kwargs={"slug": budget_round.process.slug})),
            ],
        },
    )
