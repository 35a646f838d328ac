"""What a valid participatory-budgeting ballot is (pure; no Django).

A ballot maps a project's key to points: 1 per ticked project for approval and choose-1 ballots,
any positive whole number for cumulative ones. ``check_ballot`` returns the ballot without zero
entries or raises ``BallotError`` with a code and its parameters (the caller words the message):

* ``empty`` — nothing chosen;
* ``unknown_project`` (``project``) — a key that is not a project of the round;
* ``not_positive`` (``project``) — points that are not a positive whole number;
* ``approval_points`` (``project``) — more than 1 point on an approval or choose-1 ballot;
* ``choose_one`` (``count``) — a choose-1 ballot with more than one project;
* ``too_few`` / ``too_many`` (``count``, ``limit``) — outside the round's min/max selections;
* ``over_budget`` (``total``, ``limit``) — the chosen projects cost more than the budget, when the
  round limits each ballot to it;
* ``points_total`` (``total``, ``limit``) — a cumulative ballot giving more points than it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

APPROVAL = "approval"
CUMULATIVE = "cumulative"
CHOOSE_ONE = "choose_1"
VOTE_TYPES = (APPROVAL, CUMULATIVE, CHOOSE_ONE)


class BallotError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class BallotRules:
    vote_type: str
    budget: int
    costs: Mapping[str, int]
    """Each project of the round by key, with its cost."""
    min_selections: int | None = None
    max_selections: int | None = None
    budget_limit: bool = False
    points: int | None = None
    """A cumulative ballot's points to share (``None``: as many as it likes)."""


def check_ballot(rules: BallotRules, choices: Mapping[str, Any]) -> dict[str, int]:
    """The ballot as stored (keys as text, zero entries dropped), or ``BallotError``."""
    chosen: dict[str, int] = {}
    for key, raw in choices.items():
        project = str(key)
        if project not in rules.costs:
            raise BallotError("unknown_project", project=project)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise BallotError("not_positive", project=project)
        if raw == 0:
            continue
        if rules.vote_type != CUMULATIVE and raw != 1:
            raise BallotError("approval_points", project=project)
        chosen[project] = raw
    if not chosen:
        raise BallotError("empty")
    count = len(chosen)
    if rules.vote_type == CHOOSE_ONE and count != 1:
        raise BallotError("choose_one", count=count)
    if rules.min_selections is not None and count < rules.min_selections:
        raise BallotError("too_few", count=count, limit=rules.min_selections)
    if rules.max_selections is not None and count > rules.max_selections:
        raise BallotError("too_many", count=count, limit=rules.max_selections)
    total_cost = sum(rules.costs[p] for p in chosen)
    if rules.budget_limit and total_cost > rules.budget:
        raise BallotError("over_budget", total=total_cost, limit=rules.budget)
    if rules.vote_type == CUMULATIVE and rules.points is not None:
        total_points = sum(chosen.values())
        if total_points > rules.points:
            raise BallotError("points_total", total=total_points, limit=rules.points)
    return dict(sorted(chosen.items()))
