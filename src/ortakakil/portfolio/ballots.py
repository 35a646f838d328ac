"""Casting a participatory-budgeting ballot: one per voter and round, a new one replaces the old.

``ballot_cast`` checks who votes (a verified account), that the round is open and the process's
current phase has ``budget_voting`` on, and the ballot itself (``rules/ballot.py``), then writes
it with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL and SQLite ≥ 3.35): under
parallel requests of one voter exactly one row remains, holding the last ballot written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ortakakil.core.db import returned_datetime
from ortakakil.core.models import User
from ortakakil.core.services import require_perm
from ortakakil.processes.verification import require_verified

from .models import Ballot, BudgetRound, Project
from .permissions import VOTE
from .registrations import BUDGET_VOTING
from .rules.ballot import BallotError, BallotRules, check_ballot

MAX_CHOICES = 500
"""A ballot naming more projects than this is refused before it is read (hostile input)."""


def ballot_rules(budget_round: BudgetRound) -> BallotRules:
    """The round's ballot rules; projects by their id as text, with their total cost."""
    costs = {str(pk): Project.cost_total(costs) for pk, costs in budget_round.projects.values_list("pk", "costs")}
    return BallotRules(
        vote_type=budget_round.vote_type,
        budget=budget_round.budget,
        costs=costs,
        min_selections=budget_round.min_selections,
        max_selections=budget_round.max_selections,
        budget_limit=budget_round.voter_budget_limit,
        points=budget_round.points,
    )


def ballot_message(error: BallotError, titles: Mapping[str, str]) -> str:
    """The refusal in the reader's language."""
    params = dict(error.params)
    if "project" in params:
        params["project"] = titles.get(str(params["project"]), str(params["project"]))
    messages = {
        "empty": _("Choose at least one project."),
        "unknown_project": _("This round has no such project: %(project)s."),
        "not_positive": _("Give %(project)s a whole number of points, zero or more."),
        "approval_points": _("A project can be ticked once: %(project)s."),
        "choose_one": _("Choose exactly one project (you chose %(count)d)."),
        "too_few": _("Choose at least %(limit)d projects (you chose %(count)d)."),
        "too_many": _("Choose at most %(limit)d projects (you chose %(count)d)."),
        "over_budget": _("Your choices cost %(total)s TL, more than the budget of %(limit)s TL."),
        "points_total": _("You gave %(total)d points; you have %(limit)d to share."),
    }
    if error.code == "over_budget":
        params = {key: number_format(params[key], force_grouping=True) for key in ("total", "limit")}
    return messages.get(error.code, _("This ballot cannot be accepted.")) % params


def _require_open(budget_round: BudgetRound) -> None:
    if budget_round.state != BudgetRound.State.OPEN:
        raise ValidationError(_("This vote is not open."))
    if not budget_round.process.is_open(BUDGET_VOTING):
        raise ValidationError(_("Participatory budgeting votes are closed in the current phase."))


def _upsert(round_id: int, voter_id: int, choices: dict[str, int]) -> tuple[Ballot, bool]:
    table = connection.ops.quote_name(Ballot._meta.db_table)
    now = timezone.now()
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (round_id, voter_id, voter_key, choices, created_at, updated_at) "  # noqa: S608 — the model's table
            f"VALUES (%s, %s, '', %s{cast}, %s, %s) ON CONFLICT (round_id, voter_id) "
            "DO UPDATE SET choices = excluded.choices, updated_at = excluded.updated_at "
            "RETURNING id, created_at",
            [round_id, voter_id, json.dumps(choices), now, now],
        )
        pk, created_at = cursor.fetchone()
    created_at = returned_datetime(created_at)
    ballot = Ballot(pk=int(pk), round_id=round_id, voter_id=voter_id, choices=choices, created_at=created_at)
    ballot.updated_at = now
    return ballot, created_at == now


def ballot_cast(*, actor: User, budget_round: BudgetRound, choices: Mapping[str, Any]) -> tuple[Ballot, bool]:
    """Store ``actor``'s ballot (replacing their previous one); ``(ballot, created)``."""
    require_perm(actor, VOTE, budget_round)
    _require_open(budget_round)
    require_verified(actor, budget_round.process, "budget_votes")
    if not isinstance(choices, Mapping) or len(choices) > MAX_CHOICES:
        raise ValidationError({"choices": _("A ballot maps each chosen project to its points.")})
    rules = ballot_rules(budget_round)
    try:
        stored = check_ballot(rules, choices)
    except BallotError as error:
        titles = dict(budget_round.projects.values_list("pk", "title"))
        raise ValidationError({"choices": ballot_message(error, {str(k): v for k, v in titles.items()})}) from error
    return _upsert(budget_round.pk, actor.pk, stored)


def ballot_of(actor: User, budget_round: BudgetRound) -> Ballot | None:
    if not actor.is_authenticated:
        return None
    return Ballot.objects.filter(round=budget_round, voter=actor).first()
