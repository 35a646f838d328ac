"""Participatory budgeting rules with cost satisfaction, vectorised: greedy by votes, the Method of
Equal Shares (MES) and its "add1" completion.

Each rule gives exactly the outcome of pabutools 1.2 (the field's reference implementation, which
computes with exact fractions) called with ``sat_class=Cost_Sat``: a voter's satisfaction with a
project is its cost if the project is on the ballot, else 0 (for cumulative, scoring and ordinal
ballots too: only whether the project appears counts, not its points or rank).

* :func:`greedy` — ``greedy_utilitarian_welfare``: projects by the number of ballots that name them
  (satisfaction per unit of cost), each taken when it still fits in the remaining budget, the
  others skipped. A project nobody chose, or a free one, has score 0 and comes last (it is still
  taken if it fits, as in pabutools).
* :func:`equal_shares` — ``method_of_equal_shares`` (Peters & Skowron, "Proportional participatory
  budgeting with additive utilities", NeurIPS 2021): every voter gets an equal share of the budget;
  in each round the project whose supporters can pay for it with the smallest price per unit of
  satisfaction ρ is bought, each supporter paying ``min(own money, ρ·cost)``. With cost satisfaction
  ρ·cost is what each (not yet exhausted) supporter pays. Free projects and projects nobody chose
  are never bought (pabutools leaves them out).
* :func:`equal_shares_add1` — ``exhaustion_by_budget_increase(…, method_of_equal_shares,
  budget_step=number of voters)``: MES is run again with each voter's share raised by one unit of
  currency at a time (the rule of Wieliczka, Świecie, Assen); it stops at the first outcome that is
  exhaustive (no unselected project fits in the real budget) and returns it, or, when an outcome
  would exceed the real budget, returns the outcome before it.

Tie-breaking (as pabutools' default ``lexico_tie_breaking``): between projects with the same score
(greedy) or the same ρ (MES), the one whose id comes first in Python string order wins ("10" comes
before "9"). MES computes in float64; prices that agree to 1e-11 relative count as equal (exact ties
come out as the same float here, because a price is computed as ``(1 - paid/cost) / remaining
supporters``, which is exactly ``1/n`` when nobody is short of money), and voters' remaining money
within 1e-9 of a price counts as spent. Costs and budgets are compared exactly (fractions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

RHO_TIE = 1e-11
SPENT = 1e-9


@dataclass(frozen=True)
class Profile:
    """An election as the rules use it: projects and voters by index."""

    ids: tuple[str, ...]
    costs: tuple[Fraction, ...]
    budget: Fraction
    voters: int
    """Ballots cast, empty ones included (each gets a share of the budget in MES)."""
    cost: FloatArray
    indptr: IntArray
    members: IntArray
    """Project j's supporters are the voters ``members[indptr[j]:indptr[j + 1]]``."""
    votes: IntArray
    """Voters naming each project."""

    @classmethod
    def build(
        cls, ids: Sequence[str], costs: Sequence[Fraction], budget: Fraction, ballots: Sequence[Sequence[str]]
    ) -> Profile:
        index = {pid: j for j, pid in enumerate(ids)}
        pairs = [(index[p], v) for v, ballot in enumerate(ballots) for p in set(ballot)]
        pairs.sort()
        project = np.array([p for p, _ in pairs], dtype=np.int64)
        votes = np.bincount(project, minlength=len(ids)).astype(np.int64)
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(votes)
        return cls(
            ids=tuple(ids),
            costs=tuple(costs),
            budget=budget,
            voters=len(ballots),
            cost=np.array([float(c) for c in costs], dtype=np.float64),
            indptr=indptr,
            members=np.array([v for _, v in pairs], dtype=np.int64),
            votes=votes,
        )

    def supporters(self, j: int) -> IntArray:
        return self.members[self.indptr[j] : self.indptr[j + 1]]

    def total_cost(self, selected: Sequence[int]) -> Fraction:
        return sum((self.costs[j] for j in selected), Fraction(0))

    def is_exhaustive(self, selected: Sequence[int], budget: Fraction | None = None) -> bool:
        """No unselected project fits in what ``budget`` (default: the election's) leaves."""
        limit = self.budget if budget is None else budget
        spent = self.total_cost(selected)
        chosen = set(selected)
        return all(j in chosen or spent + c > limit for j, c in enumerate(self.costs))

    def lexical_rank(self) -> IntArray:
        """Each project's place when ids are sorted as strings (pabutools' tie-breaking)."""
        rank = np.empty(len(self.ids), dtype=np.int64)
        rank[sorted(range(len(self.ids)), key=lambda j: self.ids[j])] = np.arange(len(self.ids))
        return rank


def greedy(profile: Profile) -> list[int]:
    """Greedy by votes with cost satisfaction (pabutools ``greedy_utilitarian_welfare``); the
    selected projects' indices in the order taken."""
    score = np.where((profile.votes > 0) & (profile.cost > 0), profile.votes, 0)
    order = np.lexsort((profile.lexical_rank(), -score))
    remaining = profile.budget
    selected: list[int] = []
    for j in order.tolist():
        if profile.costs[j] <= remaining:
            selected.append(j)
            remaining -= profile.costs[j]
    return selected


def _price(cost: float, budgets: FloatArray, left: FloatArray) -> float | None:
    """ρ for one project given its supporters' money: the smallest factor such that the supporters
    with less than ρ·cost pay all they have and the others ρ·cost each (pabutools'
    ``mes_inner_algo``: supporters in order of money, the first who can pay an equal part of what
    is left fixes it); None if they cannot afford it. ``left[i]`` is ``len(budgets) - i``."""
    total = float(left[0])
    if budgets.min() * total >= cost:
        return 1.0 / total
    ordered = np.sort(budgets)
    paid = np.cumsum(ordered)
    if paid[-1] < cost * (1 - 1e-12):
        return None
    paid -= ordered  # what the poorer supporters pay before supporter i
    fits = cost - paid <= ordered * left + cost * 1e-12  # equality up to rounding: ρ is continuous there
    k = int(fits.argmax())
    if not fits[k]:
        return None
    return float((1.0 - paid[k] / cost) / left[k])


def equal_shares(profile: Profile, share: Fraction | None = None, *, stop_above: Fraction | None = None) -> list[int]:
    """MES with cost satisfaction (pabutools ``method_of_equal_shares``), each voter starting with
    ``share`` (default: budget / voters); the selected projects in the order bought.

    ``stop_above``: give up as soon as the projects bought cost more than this (the add1
    completion only needs to know the outcome is infeasible)."""
    if profile.voters == 0:
        return []
    if share is None:
        share = profile.budget / profile.voters
    money = np.full(profile.voters, float(share), dtype=np.float64)
    supporters = [profile.supporters(j) for j in range(len(profile.ids))]
    lefts = [np.arange(v, 0, -1, dtype=np.float64) for v in profile.votes.tolist()]
    rank = profile.lexical_rank().tolist()
    cost = profile.cost.tolist()
    votes = profile.votes.tolist()
    candidates = [j for j in range(len(profile.ids)) if votes[j] > 0 and cost[j] > 0]
    # ρ only grows as voters spend: the last one computed is a lower bound (pabutools' pruning)
    bound = [1.0 / v if v else math.inf for v in votes]
    selected: list[int] = []
    spent = Fraction(0)
    while candidates:
        best = math.inf
        tied: list[int] = []
        gone: list[int] = []
        candidates.sort(key=bound.__getitem__)
        for j in candidates:
            if bound[j] > best * (1 + RHO_TIE):
                break
            rho = _price(cost[j], money[supporters[j]], lefts[j])
            if rho is None:
                gone.append(j)
                continue
            bound[j] = rho
            if rho < best * (1 - RHO_TIE):
                best, tied = rho, [j]
            elif rho <= best * (1 + RHO_TIE):
                best = min(best, rho)
                tied.append(j)
        for j in gone:
            candidates.remove(j)
        if not tied:
            break
        chosen = min(tied, key=rank.__getitem__)
        candidates.remove(chosen)
        selected.append(chosen)
        spent += profile.costs[chosen]
        if stop_above is not None and spent > stop_above:
            return selected
        voters = supporters[chosen]
        pay = bound[chosen] * cost[chosen]
        after = money[voters] - pay
        after[after <= SPENT * pay] = 0.0  # the poorest pay all they have
        money[voters] = after
    return selected


def equal_shares_add1(profile: Profile) -> list[int]:
    """MES completed by raising every voter's share one unit at a time (pabutools
    ``exhaustion_by_budget_increase`` with ``budget_step`` = number of voters)."""
    if profile.voters == 0:
        return []
    share = profile.budget / profile.voters
    bound = profile.budget * (profile.voters + 1)
    previous: list[int] = []
    limit = profile.budget
    while share * profile.voters <= bound:
        outcome = equal_shares(profile, share, stop_above=limit)
        if profile.total_cost(outcome) > limit:
            return previous
        if profile.is_exhaustive(outcome):
            return outcome
        share += 1
        previous = outcome
    return previous
