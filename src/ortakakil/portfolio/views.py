"""Public pages of participatory budgeting: a process's rounds, a round with its projects, the
phone-first ballot and, once published, the results.

The ballot is an ordinary form (checkboxes, number inputs or radio buttons) that works without
JavaScript: the server checks it (``ballots.ballot_cast``) and shows the refusal next to the form,
choices kept. ``static/ortakakil/budget-ballot.js`` only keeps the running total up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ortakakil.core import ratelimit
from ortakakil.core.rules import refusal_reason
from ortakakil.processes import selectors as process_selectors

from . import ballots, selectors
from .models import BudgetRound, Project
from .permissions import VOTE
from .registrations import BALLOT_SCOPE


@dataclass(frozen=True)
class ProjectChoice:
    project: Project
    cost: int
    points: int
    """The points on the ballot shown (0: not chosen); the raw text when the form sent bad input."""
    raw: str = ""


def budget_rounds(request: HttpRequest, slug: str) -> HttpResponse:
    """The process's participatory budgeting votes (never drafts)."""
    process = process_selectors.process_for_public(user=request.user, slug=slug)
    return render(
        request,
        "portfolio/round_list.html",
        {
            "process": process,
            "rounds": list(selectors.rounds_of(process)),
            "voting_on": process.is_open("budget_voting"),
        },
    )


def _how_to_vote(budget_round: BudgetRound) -> list[str]:
    lines: list[str] = []
    if budget_round.vote_type == BudgetRound.VoteType.CUMULATIVE:
        if budget_round.points:
            lines.append(
                _(
                    "Share your %(points)d points among the projects you support: give more points to those "
                    "that matter more to you."
                )
                % {"points": budget_round.points}
            )
        else:
            lines.append(_("Give points to the projects you support: more points to those that matter more to you."))
    elif budget_round.vote_type == BudgetRound.VoteType.CHOOSE_ONE:
        lines.append(_("Choose the one project you support most."))
    else:
        lines.append(_("Tick every project you support."))
    if budget_round.vote_type != BudgetRound.VoteType.CHOOSE_ONE:
        low, high = budget_round.min_selections, budget_round.max_selections
        if low and high:
            lines.append(_("Choose between %(low)d and %(high)d projects.") % {"low": low, "high": high})
        elif low:
            lines.append(_("Choose at least %(low)d projects.") % {"low": low})
        elif high:
            lines.append(_("Choose at most %(high)d projects.") % {"high": high})
    if budget_round.voter_budget_limit:
        lines.append(_("The projects you choose may together cost no more than the budget."))
    lines.append(_("You can change your ballot while the vote is open: the new ballot replaces the old one."))
    return lines


def _round_context(
    request: HttpRequest,
    budget_round: BudgetRound,
    *,
    chosen: dict[str, Any] | None = None,
    error: str = "",
) -> dict[str, Any]:
    """Everything the round's page shows; ``chosen`` is what the form sent back (re-rendered after
    a refusal), else the user's stored ballot."""
    user = request.user
    process = budget_round.process
    projects = selectors.projects_of(budget_round)
    voting_open = selectors.is_voting_open(budget_round)
    can_vote = bool(user.has_perm(VOTE, budget_round))
    stored = selectors.choices_of(user, budget_round)
    shown = stored if chosen is None else chosen
    rows: list[ProjectChoice] = []
    for project in projects:
        value = shown.get(str(project.pk), 0)
        points = value if isinstance(value, int) and not isinstance(value, bool) else 0
        rows.append(
            ProjectChoice(
                project=project,
                cost=project.total_cost,
                points=points,
                raw="" if isinstance(value, int) else str(value)[:20],
            )
        )
    picked = [row for row in rows if row.points > 0]
    results = selectors.round_results(budget_round, projects)
    rule = results.rule if results is not None else budget_round.rule
    return {
        "process": process,
        "budget_round": budget_round,
        "projects": rows,
        "voting_open": voting_open,
        "can_vote": can_vote,
        "show_form": voting_open and can_vote and bool(rows),
        "refusal": "" if can_vote or not user.is_authenticated else refusal_reason(user, VOTE),
        "has_ballot": bool(stored),
        "error": error,
        "how_to_vote": _how_to_vote(budget_round),
        "chosen_cost": sum(row.cost for row in picked),
        "chosen_points": sum(row.points for row in picked),
        "chosen_count": len(picked),
        "results": results,
        "rule_label": BudgetRound.Rule(rule).label if rule in BudgetRound.Rule.values else rule,
        "rule_explanation": selectors.rule_explanation(rule),
        "ballot_url": reverse("budget_ballot", kwargs={"slug": process.slug, "round_slug": budget_round.slug}),
    }


@require_http_methods(["GET", "HEAD"])
def budget_round(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """A round: how it works, its projects, the ballot while it is open, the results once published."""
    found = selectors.round_for_public(user=request.user, slug=slug, round_slug=round_slug)
    return render(request, "portfolio/round_detail.html", _round_context(request, found))


def _choices_from_form(request: HttpRequest, budget_round: BudgetRound) -> dict[str, Any]:
    """The ballot the form sent: ticked projects (approval, choose-1) or each project's points
    (cumulative; an empty box is 0). What cannot be read is passed on as text, so that the
    service refuses it with its own message naming the project."""
    data = request.POST
    if budget_round.vote_type != BudgetRound.VoteType.CUMULATIVE:
        return {str(value).strip()[:40]: 1 for value in data.getlist("project")[: ballots.MAX_CHOICES + 1]}
    chosen: dict[str, Any] = {}
    for project_pk in budget_round.projects.values_list("pk", flat=True):
        text = (data.get(f"points-{project_pk}") or "").strip()
        if not text:
            continue
        if text.isascii() and text.isdecimal() and len(text) < 10:
            chosen[str(project_pk)] = int(text)
        else:
            chosen[str(project_pk)] = text[:20]
    return chosen


def _message(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You are not allowed to do this.")


@require_POST
def budget_ballot(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """Cast (or replace) the user's ballot, then back to the round with a message; a refusal
    re-renders the round's page with the choices kept."""
    found = selectors.round_for_public(user=request.user, slug=slug, round_slug=round_slug)
    chosen = _choices_from_form(request, found)

    def refused(message: str, status: int) -> HttpResponse:
        context = _round_context(request, found, chosen=chosen, error=message)
        return render(request, "portfolio/round_detail.html", context, status=status)

    try:
        ratelimit.check(BALLOT_SCOPE, request)
        _ballot, created = ballots.ballot_cast(actor=request.user, budget_round=found, choices=chosen)  # type: ignore[arg-type]
    except ratelimit.RateLimited as limited:
        return refused(limited.message, 429)
    except PermissionDenied as error:
        return refused(_message(error), 403)
    except ValidationError as error:
        return refused(_message(error), 400)
    messages.success(request, _("Your vote has been recorded.") if created else _("Your vote has been updated."))
    return redirect(reverse("budget_round", kwargs={"slug": slug, "round_slug": round_slug}) + "#ballot")
