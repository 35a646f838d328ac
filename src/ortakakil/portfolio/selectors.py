"""Public reads of participatory budgeting: the rounds people may see (never drafts), their
projects, a voter's choices and a published round's results. Objects named in an address are
found here, scoped to the processes the person may see, with a Turkish 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ortakakil.processes import selectors as process_selectors
from ortakakil.processes.models import Process, Theme

from .models import Ballot, BudgetRound, Project

PUBLIC_STATES = (BudgetRound.State.OPEN, BudgetRound.State.CLOSED, BudgetRound.State.PUBLISHED)
"""A draft round is the staff's own; every other state is public."""


def _count_of(queryset: QuerySet[Any], by: str) -> Coalesce:
    """``COUNT(*)`` of ``queryset`` (filtered on ``OuterRef`` by its column ``by``) as a correlated
    subquery: one index range per round. Two ``Count(…, distinct=True)`` over joins had multiplied
    a round's ballots by its projects before counting (12 × 40,000 rows for one PB ballot)."""
    counted = queryset.order_by().values(by).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def _public_rounds(*, counted: bool = True) -> QuerySet[BudgetRound]:
    rounds = BudgetRound.objects.filter(state__in=PUBLIC_STATES).select_related("process__current_phase", "theme")
    if not counted:
        return rounds
    return rounds.annotate(
        ballots_count=_count_of(Ballot.objects.filter(round=OuterRef("pk")), "round"),
        projects_count=_count_of(
            BudgetRound.projects.through.objects.filter(budgetround=OuterRef("pk")), "budgetround"
        ),
    )


def rounds_of(process: Process) -> QuerySet[BudgetRound]:
    """The process's rounds that are not drafts, with their ballots and projects counted."""
    return _public_rounds().filter(process=process).order_by("-created_at", "pk")


def rounds_of_theme(theme: Theme) -> QuerySet[BudgetRound]:
    """Open and published rounds of one theme (the theme page)."""
    return rounds_of(theme.process).filter(theme=theme, state__in=(BudgetRound.State.OPEN, BudgetRound.State.PUBLISHED))


def rounds_for_process_page(process: Process) -> QuerySet[BudgetRound]:
    """Open and published rounds (the process page's section)."""
    return rounds_of(process).filter(state__in=(BudgetRound.State.OPEN, BudgetRound.State.PUBLISHED))


def round_for_public(*, user: Any, slug: str, round_slug: str) -> BudgetRound:
    """The round at ``round_slug`` of a process the person may see; drafts are a 404."""
    process = process_selectors.process_for_public(user=user, slug=slug)
    found = rounds_of(process).filter(slug=round_slug).first()
    if found is None:
        raise Http404(_("No such participatory budgeting vote."))
    return found


def visible_rounds(user: Any, *, counted: bool = True) -> QuerySet[BudgetRound]:
    """Rounds (not drafts) of the processes the person may see: the API's list; with
    ``counted``, each with ``ballots_count`` and ``projects_count``."""
    return (
        _public_rounds(counted=counted)
        .filter(process__in=process_selectors.visible_processes(user))
        .select_related("process")
        .order_by("process_id", "-created_at", "pk")
    )


def round_by_id(*, user: Any, pk: int) -> BudgetRound:
    """A round named by its id alone (the API), if it is public and its process visible, with
    its ballots and projects counted (casting a ballot reads it with ``round_for_ballot``)."""
    found = visible_rounds(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such participatory budgeting vote."))
    return found


_BALLOT_SQL = f"""
SELECT {process_selectors.PROCESS_COLUMNS}, r.id, r.title, r.state, r.vote_type, r.budget,
       r.min_selections, r.max_selections, r.voter_budget_limit, r.points
FROM portfolio_budgetround r {process_selectors.process_join("r")}
WHERE r.id = %s
"""  # noqa: S608 — constant column names


def round_for_ballot(*, user: Any, pk: int) -> BudgetRound:
    """``round_by_id`` for casting a ballot, in one hand-written query of the columns a ballot
    reads (its rules, its state, the process's visibility and phase): the ORM spent more time
    building the four-table ``select_related`` than the database answering it. A read-only
    stand-in: never save it."""
    found = process_selectors.fetch_with_process(_BALLOT_SQL, [pk])
    if found is None or found[0][2] not in PUBLIC_STATES or not process_selectors.process_is_visible(user, found[1]):
        raise Http404(_("No such participatory budgeting vote."))
    (rid, title, state, vote_type, budget, min_selections, max_selections, limit, points), process = found
    return BudgetRound(
        pk=rid,
        title=title,
        process=process,
        state=state,
        vote_type=vote_type,
        budget=budget,
        min_selections=min_selections,
        max_selections=max_selections,
        voter_budget_limit=bool(limit),
        points=points,
    )


def projects_of(budget_round: BudgetRound) -> list[Project]:
    """The round's projects in code order, with theme and proposal (for its link) loaded."""
    return list(budget_round.projects.select_related("theme", "proposal__process").order_by("code", "pk"))


def is_voting_open(budget_round: BudgetRound) -> bool:
    """Whether the round takes ballots now: open, and ``budget_voting`` on in the current phase."""
    from .registrations import BUDGET_VOTING

    return budget_round.state == BudgetRound.State.OPEN and budget_round.process.is_open(BUDGET_VOTING)


def choices_of(user: Any, budget_round: BudgetRound) -> dict[str, int]:
    """The user's current ballot (project id as text → points), or nothing."""
    if not getattr(user, "is_authenticated", False):
        return {}
    ballot = Ballot.objects.filter(round=budget_round, voter=user).only("choices").first()
    return dict(ballot.choices) if ballot is not None else {}


@dataclass(frozen=True)
class ResultRow:
    project: Project
    votes: int
    """Approval or choose-1: the ballots that chose it; cumulative: the points it received."""
    selected: bool
    cost: int


@dataclass(frozen=True)
class RoundResults:
    rule: str
    rows: list[ResultRow]
    cost: int
    """What the selected projects cost together."""
    budget: int
    computed_at: dt.datetime | None

    @property
    def selected_count(self) -> int:
        return sum(1 for row in self.rows if row.selected)

    @property
    def left_over(self) -> int:
        return max(0, self.budget - self.cost)


def round_results(budget_round: BudgetRound, projects: list[Project] | None = None) -> RoundResults | None:
    """A published round's result as rows for the page and the API, or ``None``.

    ``BudgetRound.result`` is ``{"rule", "selected": [project id, …], "votes": {"<id>": n},
    "cost", "computed_at"}``. The selected projects come first, in the result's order; then the
    others by votes (most first), cost (cheapest first) and code. Ids that are no longer projects
    of the round are left out."""
    result = budget_round.result or {}
    if budget_round.state != BudgetRound.State.PUBLISHED or not isinstance(result, dict) or "selected" not in result:
        return None
    projects = projects if projects is not None else projects_of(budget_round)
    by_id = {str(project.pk): project for project in projects}
    raw_votes = result.get("votes") or {}
    votes = {
        str(key): int(value)
        for key, value in (raw_votes.items() if isinstance(raw_votes, dict) else ())
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    selected_ids = [str(pk) for pk in result.get("selected") or [] if str(pk) in by_id]
    chosen = set(selected_ids)
    rows = [
        ResultRow(project=by_id[pk], votes=votes.get(pk, 0), selected=True, cost=by_id[pk].total_cost)
        for pk in dict.fromkeys(selected_ids)
    ]
    others = sorted(
        (project for pk, project in by_id.items() if pk not in chosen),
        key=lambda p: (-votes.get(str(p.pk), 0), p.total_cost, p.code, p.pk),
    )
    rows += [ResultRow(project=p, votes=votes.get(str(p.pk), 0), selected=False, cost=p.total_cost) for p in others]
    cost = result.get("cost")
    if isinstance(cost, bool) or not isinstance(cost, int):
        cost = sum(row.cost for row in rows if row.selected)
    computed = result.get("computed_at")
    computed_at = parse_datetime(computed) if isinstance(computed, str) else None
    return RoundResults(
        rule=str(result.get("rule") or budget_round.rule),
        rows=rows,
        cost=cost,
        budget=budget_round.budget,
        computed_at=computed_at,
    )


def rule_explanation(rule: str) -> str:
    """How the counting rule chose the projects, in plain words (Turkish first)."""
    greedy = _(
        "The projects are taken in order of votes, starting with the one that received the most: each "
        "one is funded if it fits in what is left of the budget, until the budget runs out."
    )
    mes = _(
        "Each voter is given an equal share of the budget; a project is selected when its supporters' "
        "shares can cover its cost. The project that costs its supporters the least per person goes "
        "first, and so on until no project left can be paid for from the shares that remain. This way "
        "every group of voters gets projects in proportion to its size."
    )
    if rule == BudgetRound.Rule.GREEDY:
        return greedy
    if rule == BudgetRound.Rule.MES_ADD1:
        return (
            mes
            + " "
            + _(
                "Then, so that the budget left over is used, each voter's share is raised step by step (one "
                "lira per voter at each step) and the method is run again, as long as the projects chosen "
                "stay within the budget."
            )
        )
    return mes
