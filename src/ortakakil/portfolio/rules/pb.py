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
  would exceed the real budget, returns the outcome before it. Shares at which the outcome is
  provably the previous one are not computed again (the decisions of a run are affine in the
  share while they hold; :func:`_equal_shares_in_share`), which matters when the currency unit is
  small against the shares (forints: Budapest's 74,756 steps take 914 runs).

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
from functools import cached_property

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
        lengths = np.array(list(map(len, ballots)), dtype=np.int64)
        project = np.array([index[p] for b in ballots for p in b], dtype=np.int64)
        voter = np.repeat(np.arange(len(ballots), dtype=np.int64), lengths)
        # grouped by project, voters ascending within each (a stable sort of voter-ordered pairs)
        order = np.argsort(project, kind="stable")
        project, voter = project[order], voter[order]
        # a project named twice on one ballot counts once (pabutools' ballots are sets)
        twice = (project[1:] == project[:-1]) & (voter[1:] == voter[:-1])
        if twice.any():
            keep = np.concatenate(([True], ~twice))
            project, voter = project[keep], voter[keep]
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
            members=voter.astype(np.int64),
            votes=votes,
        )

    def supporters(self, j: int) -> IntArray:
        return self.members[self.indptr[j] : self.indptr[j + 1]]

    @cached_property
    def supporter_lists(self) -> list[IntArray]:
        return [self.supporters(j) for j in range(len(self.ids))]

    @cached_property
    def scale(self) -> int:
        """A common denominator of the costs and the budget: exact sums in integers."""
        return math.lcm(self.budget.denominator, *(c.denominator for c in self.costs))

    @cached_property
    def int_costs(self) -> list[int]:
        return [int(c * self.scale) for c in self.costs]

    def total_cost(self, selected: Sequence[int]) -> Fraction:
        return Fraction(sum(self.int_costs[j] for j in selected), self.scale)

    def is_exhaustive(self, selected: Sequence[int], budget: Fraction | None = None) -> bool:
        """No unselected project fits in what ``budget`` (default: the election's) leaves."""
        limit = (self.budget if budget is None else budget) * self.scale
        chosen = set(selected)
        spent = sum(self.int_costs[j] for j in chosen)
        return all(j in chosen or spent + c > limit for j, c in enumerate(self.int_costs))

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


def _price(cost: float, budgets: FloatArray) -> float | None:
    """ρ for one project given its supporters' money: the smallest factor such that the supporters
    with less than ρ·cost pay all they have and the others ρ·cost each (pabutools'
    ``affordability_poor_rich``: the set of those who pay all they have grows until the equal
    part of what is left is within everyone else's means); None if they cannot afford it.

    The set only grows, so it is "money below the largest share seen so far" (each step counted
    afresh: a comparison, a count and a dot product, the fewest array passes per step)."""
    # the sum first: half the calls of an add1 completion are for projects no longer affordable
    if float(np.add.reduce(budgets)) < cost * (1 - 1e-12):
        return None
    total = len(budgets)
    threshold = cost / total
    poor = budgets < threshold
    count = int(np.count_nonzero(poor))
    if count == 0:
        return 1.0 / total
    paid = float(np.dot(budgets, poor))
    while True:
        if count >= total:  # everyone pays all they have: only when their money is exactly the cost
            return float(budgets.max()) / cost
        threshold = max(threshold, (cost - paid) / (total - count) * (1 - 1e-12))
        poor = budgets < threshold
        grown = int(np.count_nonzero(poor))
        if grown == count:
            return (1.0 - paid / cost) / (total - count)
        count = grown
        paid = float(np.dot(budgets, poor))


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
    supporters = profile.supporter_lists
    int_costs = profile.int_costs
    limit = None if stop_above is None else stop_above * profile.scale
    rank = profile.lexical_rank().tolist()
    cost = profile.cost.tolist()
    votes = profile.votes.tolist()
    candidates = [j for j in range(len(profile.ids)) if votes[j] > 0 and cost[j] > 0]
    # ρ only grows as voters spend: the last one computed is a lower bound (pabutools' pruning)
    bound = [1.0 / v if v else math.inf for v in votes]
    selected: list[int] = []
    spent = 0
    while candidates:
        best = math.inf
        tied: list[int] = []
        gone: list[int] = []
        candidates.sort(key=bound.__getitem__)
        for j in candidates:
            if bound[j] > best * (1 + RHO_TIE):
                break
            rho = _price(cost[j], money.take(supporters[j]))
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
        spent += int_costs[chosen]
        if limit is not None and spent > limit:
            return selected
        voters = supporters[chosen]
        pay = bound[chosen] * cost[chosen]
        after = money.take(voters) - pay
        after[after <= SPENT * pay] = 0.0  # the poorest pay all they have
        money[voters] = after
    return selected


def _price_in_share(
    cost: float, budgets: FloatArray, slopes: FloatArray
) -> tuple[float | None, float, float, BoolArray | None]:
    """:func:`_price` seen as a function of the voters' initial share β, where each supporter's
    money is ``budgets + slopes·(β' − β)`` as long as the same decisions are taken: (ρ, dρ/dβ, how
    far β may grow before the supporters who pay all they have change, those supporters). For an
    unaffordable project: (None, 0, how far β may grow before it becomes affordable, None)."""
    rho = _price(cost, budgets)
    if rho is None:
        grow = float(slopes.sum())
        need = cost - float(budgets.sum())
        return None, 0.0, (need / grow if grow > 0 else math.inf), None
    total = int(budgets.shape[0])
    share = rho * cost
    poor = budgets < share * (1 - 1e-12)
    count = int(np.count_nonzero(poor))
    if count == 0:
        # nobody short of money: ρ = 1/total whatever β; more money keeps everyone able to pay
        return rho, 0.0, math.inf, None
    if count >= total:
        return rho, 0.0, 0.0, poor
    dshare = -float(slopes[poor].sum()) / (total - count)
    sign = np.where(poor, -1.0, 1.0)
    gap = sign * (budgets - share)  # ≥ 0: each supporter on its side of the share
    closing = sign * (slopes - dshare)
    shrinking = closing < -1e-12
    room = math.inf
    if shrinking.any():
        if (gap[shrinking] < -1e-9 * share).any():
            room = 0.0
        else:
            room = float((np.maximum(gap[shrinking], 0.0) / -closing[shrinking]).min())
    return rho, dshare / cost, room, poor


def _equal_shares_in_share(profile: Profile, share: Fraction, stop_above: Fraction) -> tuple[list[int], float]:
    """MES as :func:`equal_shares`, also returning how much every voter's share may grow (in units
    of currency, exclusive) with the same outcome guaranteed: every decision the rule took — who
    pays all they have, which project is cheapest per unit of satisfaction, which projects are
    unaffordable — compares quantities that are affine in the share while those decisions hold,
    so the nearest change of any comparison bounds the interval. 0 when the run stopped early."""
    money = np.full(profile.voters, float(share), dtype=np.float64)
    slope = np.ones(profile.voters, dtype=np.float64)
    supporters = profile.supporter_lists
    int_costs = profile.int_costs
    limit = stop_above * profile.scale
    rank = profile.lexical_rank().tolist()
    cost = profile.cost.tolist()
    votes = profile.votes.tolist()
    candidates = [j for j in range(len(profile.ids)) if votes[j] > 0 and cost[j] > 0]
    bound = [1.0 / v if v else math.inf for v in votes]
    bound_slope = [0.0] * len(votes)
    selected: list[int] = []
    spent = 0
    room = math.inf
    while candidates:
        best = math.inf
        tied: list[int] = []
        gone: list[int] = []
        seen: list[int] = []
        poor_of: dict[int, BoolArray | None] = {}
        candidates.sort(key=bound.__getitem__)
        for j in candidates:
            if bound[j] > best * (1 + RHO_TIE):
                break
            group = supporters[j]
            rho, drho, free, poor = _price_in_share(cost[j], money[group], slope[group])
            room = min(room, free)
            if rho is None:
                gone.append(j)
                continue
            bound[j], bound_slope[j], poor_of[j] = rho, drho, poor
            seen.append(j)
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
        rho_c, drho_c = bound[chosen], bound_slope[chosen]
        for j in candidates:  # the others must stay dearer (or tied and after it in id order)
            if j == chosen:
                continue
            gap, closing = bound[j] - rho_c, bound_slope[j] - drho_c
            if gap <= RHO_TIE * rho_c:
                if closing < -1e-15 or rank[j] < rank[chosen]:
                    room = 0.0
            elif closing < 0:
                room = min(room, gap / -closing)
        candidates.remove(chosen)
        selected.append(chosen)
        spent += int_costs[chosen]
        if spent > limit:
            return selected, 0.0
        group = supporters[chosen]
        pay = rho_c * cost[chosen]
        dpay = drho_c * cost[chosen]
        poor = poor_of[chosen]
        after = money[group] - pay
        after_slope = slope[group] - dpay
        if poor is not None:
            after[poor] = 0.0
            after_slope[poor] = 0.0
        after[after <= SPENT * pay] = 0.0
        money[group] = after
        slope[group] = after_slope
    return selected, room


def equal_shares_add1(profile: Profile) -> list[int]:
    """MES completed by raising every voter's share one unit at a time (pabutools
    ``exhaustion_by_budget_increase`` with ``budget_step`` = number of voters).

    Steps whose outcome is known to be the previous one (see :func:`_equal_shares_in_share`)
    are not run again: they would be neither exhaustive nor over budget either. Where that
    interval is under one unit (many voters, small shares) the plain run, twice as fast, is used
    for a growing number of steps before the interval is computed again."""
    if profile.voters == 0:
        return []
    share = profile.budget / profile.voters
    bound = profile.budget * (profile.voters + 1)
    previous: list[int] = []
    limit = profile.budget
    plain_left, plain_next = 0, 1
    while share * profile.voters <= bound:
        tracked = not plain_left
        if tracked:
            outcome, room = _equal_shares_in_share(profile, share, limit)
        else:
            outcome, room = equal_shares(profile, share, stop_above=limit), 0.0
            plain_left -= 1
        if profile.total_cost(outcome) > limit:
            return previous
        if profile.is_exhaustive(outcome):
            return outcome
        if math.isinf(room):
            return outcome  # the same outcome for every larger share
        step = max(1, math.ceil(room * (1 - 1e-7) - 1e-7))
        if tracked and step == 1:
            plain_left, plain_next = plain_next, min(2 * plain_next, 128)
        elif step > 1:
            plain_next = 1
        share += step
        previous = outcome
    return previous
