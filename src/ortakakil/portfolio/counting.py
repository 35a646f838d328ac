"""Counting a participatory-budgeting round, publishing it, and the round as a Pabulib file.

* ``round_count`` — a closed round's ballots counted with the round's rule: greedy (by votes;
  by points for cumulative ballots), the Method of Equal Shares with cost satisfaction, or MES
  completed by raising the budget (add1) — ``rules/pb.py``, identical to pabutools. The result
  (``BudgetRound.result``): ``{"rule", "selected": [project id, … in the order chosen], "votes":
  {id: n}, "cost", "voters", "computed_at"}``.
* ``round_publish`` — the counted result becomes public (state ``published``).
* ``round_election`` / ``round_pb`` — the round in the Pabulib format (META, PROJECTS, VOTES):
  voters numbered 1…n in the order they first voted, never their accounts.
"""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import audited_save, require_perm

from .models import Ballot, BudgetRound
from .permissions import MANAGE
from .rules import pabulib, pb, tally
from .services import _locked


def _ballots(budget_round: BudgetRound) -> list[dict[str, int]]:
    rows = Ballot.objects.filter(round=budget_round).order_by("created_at", "pk").values_list("choices", flat=True)
    return [{str(k): int(v) for k, v in row.items()} for row in rows]


def count(budget_round: BudgetRound) -> dict[str, object]:
    """The round's outcome under its rule (no permission check, nothing stored).

    The rules see each project by its code (ties go to the code first in string order, as in
    pabutools and in the exported .pb file, whose project ids are the codes): an imported round's
    projects keep the file's ids in their codes ("PB-9"), so it is counted as the file would be.
    The result names projects by their database key."""
    projects = list(budget_round.projects.order_by("pk"))
    pks = [str(p.pk) for p in projects]
    code_of = {str(p.pk): p.code for p in projects}
    pk_of = {p.code: p.pk for p in projects}
    costs = {p.code: Fraction(p.total_cost) for p in projects}
    ballots = _ballots(budget_round)
    votes = tally.votes(ballots, pks)
    budget = Fraction(budget_round.budget)
    ids = [code_of[pk] for pk in pks]
    rule = budget_round.rule
    if rule == BudgetRound.Rule.GREEDY and budget_round.vote_type == BudgetRound.VoteType.CUMULATIVE:
        selected = tally.greedy_by_points(ids, costs, budget, {code_of[pk]: n for pk, n in votes.items()})
    else:
        named = [[code_of[pk] for pk in ballot if pk in code_of] for ballot in ballots]
        profile = pb.Profile.build(ids, [costs[i] for i in ids], budget, named)
        if rule == BudgetRound.Rule.GREEDY:
            chosen = pb.greedy(profile)
        elif rule == BudgetRound.Rule.MES:
            chosen = pb.equal_shares(profile)
        else:
            chosen = pb.equal_shares_add1(profile)
        selected = [ids[j] for j in chosen]
    return {
        "rule": rule,
        "selected": [pk_of[code] for code in selected],
        "votes": votes,
        "cost": int(sum(costs[code] for code in selected)),
        "voters": len(ballots),
        "computed_at": timezone.now().isoformat(),
    }


@transaction.atomic
def round_count(*, actor: User, budget_round: BudgetRound) -> BudgetRound:
    """Count a closed round (again, if it was counted before and not yet published). The round
    is locked like every other state change (``services._locked``): a reopening waits."""
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state != BudgetRound.State.CLOSED:
        raise ValidationError(_("Close the vote before counting it; a published result is final."))
    budget_round.result = count(budget_round)
    return audited_save(budget_round, actor=actor, update_fields=["result", "updated_at"])


@transaction.atomic
def round_publish(*, actor: User, budget_round: BudgetRound) -> BudgetRound:
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state != BudgetRound.State.CLOSED or "selected" not in (budget_round.result or {}):
        raise ValidationError(_("Count the closed vote before publishing its result."))
    budget_round.state = BudgetRound.State.PUBLISHED
    budget_round.published_at = timezone.now()
    return audited_save(budget_round, actor=actor, update_fields=["state", "published_at", "updated_at"])


PB_RULES = {"greedy": "greedy", "mes": "equalshares", "mes_add1": "equalshares/add1"}


def round_election(budget_round: BudgetRound) -> pabulib.Election:
    """The round as a Pabulib election (the published outcome in ``selected`` when there is one)."""
    process = budget_round.process
    projects = list(budget_round.projects.select_related("theme").order_by("pk"))
    ballots = _ballots(budget_round)
    votes = tally.votes(ballots, [str(p.pk) for p in projects])
    published = budget_round.state == BudgetRound.State.PUBLISHED
    selected = {int(pk) for pk in budget_round.result.get("selected", [])} if published else set()
    code_of = {str(p.pk): p.code for p in projects}
    cumulative = budget_round.vote_type == BudgetRound.VoteType.CUMULATIVE
    meta = {
        "description": budget_round.title,
        "country": "Turkey",
        "unit": process.organisation.city or process.organisation.name,
        "instance": f"{process.slug}/{budget_round.slug}",
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
        "budget": str(budget_round.budget),
        "vote_type": "cumulative" if cumulative else "approval",
        "rule": PB_RULES.get(budget_round.rule, budget_round.rule),
        "currency": "TRY",
        "language": "tr",
    }
    if budget_round.vote_type == BudgetRound.VoteType.CHOOSE_ONE:
        meta["max_length"] = "1"
    elif budget_round.max_selections:
        meta["max_length"] = str(budget_round.max_selections)
    if budget_round.min_selections:
        meta["min_length"] = str(budget_round.min_selections)
    if cumulative and budget_round.points:
        meta["max_sum_points"] = str(budget_round.points)
    rows = [
        pabulib.Project(
            id=p.code,
            cost=Fraction(p.total_cost),
            fields={
                "name": p.title,
                "votes": str(votes[str(p.pk)]),
                "category": p.theme.code if p.theme else "",
                "district": p.district,
                **({"selected": "1" if p.pk in selected else "0"} if published else {}),
            },
        )
        for p in projects
    ]
    named = [[pk for pk in sorted(ballot, key=int) if pk in code_of] for ballot in ballots]
    voters = [
        pabulib.Ballot(
            voter_id=str(number),
            projects=tuple(code_of[pk] for pk in chosen),
            points=tuple(Fraction(ballot[pk]) for pk in chosen) if cumulative else None,
        )
        for number, (ballot, chosen) in enumerate(zip(ballots, named, strict=True), start=1)
    ]
    return pabulib.Election(meta=meta, projects=rows, ballots=voters)


def round_pb(budget_round: BudgetRound) -> str:
    return pabulib.dumps(round_election(budget_round))
