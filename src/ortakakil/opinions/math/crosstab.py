"""Opinion groups × stakeholder types: how many of each group's members speak for a public
institution, a professional chamber, a university … or as citizens (pure, no Django).

Only aggregates leave this module, and small numbers are not allowed to single people out: a
stakeholder type with fewer than ``min_people`` members in all groups together is counted under
"other or not known" (``OTHER``), with the members whose type is unknown. So a cell never tells
which group the one muhtar or the two university people who voted fell into. Counts are shown as
they are (no rounding, no noise); shares are of the row (the group) and of the column (the type).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OTHER = ""
MIN_PEOPLE = 5


@dataclass(frozen=True)
class CrossTab:
    types: list[str]
    """Column keys in the given order, kept types only, ``OTHER`` last when it has anyone."""
    counts: list[list[int]]
    """Per group (row), per column."""
    row_totals: list[int]
    column_totals: list[int]
    total: int
    folded: list[str]
    """Types counted under ``OTHER`` because too few people of that type are in the groups."""

    def row_share(self, row: int, column: int) -> float:
        total = self.row_totals[row]
        return self.counts[row][column] / total if total else 0.0

    def column_share(self, row: int, column: int) -> float:
        total = self.column_totals[column]
        return self.counts[row][column] / total if total else 0.0


def crosstab(groups: Sequence[Sequence[str]], types: Sequence[str], *, min_people: int = MIN_PEOPLE) -> CrossTab:
    """``groups``: per opinion group, its members' stakeholder types (``""`` or a type not in
    ``types``: unknown). ``types``: the known types, in display order."""
    known = set(types)
    per_type = {t: sum(1 for g in groups for m in g if m == t) for t in types}
    kept = [t for t in types if per_type[t] >= min_people]
    folded = [t for t in types if 0 < per_type[t] < min_people]
    kept_set = set(kept)

    def column(member: str) -> str:
        return member if member in kept_set and member in known else OTHER

    columns = [*kept, OTHER]
    index = {t: i for i, t in enumerate(columns)}
    counts = [[0] * len(columns) for _ in groups]
    for r, members in enumerate(groups):
        for m in members:
            counts[r][index[column(m)]] += 1
    column_totals = [sum(row[c] for row in counts) for c in range(len(columns))]
    if column_totals[-1] == 0:
        columns, counts, column_totals = columns[:-1], [row[:-1] for row in counts], column_totals[:-1]
    row_totals = [sum(row) for row in counts]
    return CrossTab(
        types=columns,
        counts=counts,
        row_totals=row_totals,
        column_totals=column_totals,
        total=sum(row_totals),
        folded=folded,
    )
