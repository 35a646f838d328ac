"""Counting participatory-budgeting ballots (pure): each project's votes, and greedy by points.

``votes`` is what results pages show: approvals for approval and choose-1 ballots, the sum of the
points for cumulative ones. ``greedy_by_points`` is the cities' greedy rule on cumulative ballots
(most points first, each project taken while it fits); on approval ballots it is the same as
greedy by votes. Ties go to the project whose id comes first as a string, as in pabutools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction


def votes(ballots: Sequence[Mapping[str, int]], ids: Sequence[str]) -> dict[str, int]:
    """Each project's approvals or points (0 for a project nobody chose)."""
    total = dict.fromkeys(ids, 0)
    for ballot in ballots:
        for project, points in ballot.items():
            if project in total:
                total[project] += int(points)
    return total


def greedy_by_points(
    ids: Sequence[str], costs: Mapping[str, Fraction], budget: Fraction, score: Mapping[str, int]
) -> list[str]:
    """Projects by score (highest first, then id), each taken when it fits in what is left;
    projects scoring 0 are never taken."""
    left = budget
    chosen: list[str] = []
    for project in sorted(ids, key=lambda p: (-score.get(p, 0), p)):
        if score.get(project, 0) > 0 and costs[project] <= left:
            chosen.append(project)
            left -= costs[project]
    return chosen
