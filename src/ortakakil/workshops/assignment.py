"""Table assignment for a workshop: one table per theme, each with a capacity. Pure: no Django.

Attendees who chose a table when they answered the invitation get it while it has room.
Everyone else is placed so that organisation types spread evenly over the tables: each goes
to the table with the fewest people of their type, then one whose theme their organisation
is concerned with, then the emptiest table. Attendees already seated by hand are kept.

Rarer types are placed first, so that the few universities or chambers end up at different
tables instead of being crowded out by the many public institutions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attendee:
    key: int
    org_type: str
    chosen_table: int | None = None
    concerned_tables: frozenset[int] = field(default_factory=frozenset)
    fixed_table: int | None = None


@dataclass(frozen=True)
class Table:
    key: int
    capacity: int


class NotEnoughSeats(ValueError):
    """More attendees than seats at all tables together."""


def assign(attendees: Sequence[Attendee], tables: Sequence[Table]) -> dict[int, int]:
    """Map every attendee's key to a table key, honouring capacities.

    Raises ``NotEnoughSeats`` when the attendees outnumber the seats.
    """
    if not tables:
        if attendees:
            raise NotEnoughSeats("there are no tables")
        return {}
    capacity = {t.key: t.capacity for t in tables}
    order = {t.key: i for i, t in enumerate(tables)}
    if len(attendees) > sum(capacity.values()):
        raise NotEnoughSeats(f"{len(attendees)} attendees, {sum(capacity.values())} seats")

    load: Counter[int] = Counter()
    mix: dict[int, Counter[str]] = {t.key: Counter() for t in tables}
    result: dict[int, int] = {}

    def seat(person: Attendee, table: int) -> None:
        result[person.key] = table
        load[table] += 1
        mix[table][person.org_type] += 1

    # Seats given by hand stay as they are, even beyond a capacity lowered afterwards.
    rest: list[Attendee] = []
    for person in attendees:
        if person.fixed_table is not None and person.fixed_table in capacity:
            seat(person, person.fixed_table)
        else:
            rest.append(person)

    def has_room(table: int) -> bool:
        return load[table] < capacity[table]

    flexible: list[Attendee] = []
    for person in rest:
        if person.chosen_table in capacity and has_room(person.chosen_table):
            seat(person, person.chosen_table)
        else:
            flexible.append(person)

    frequency = Counter(p.org_type for p in flexible)
    flexible.sort(key=lambda p: (frequency[p.org_type], p.org_type, p.key))
    for person in flexible:
        open_tables = [key for key in capacity if has_room(key)]
        best = min(
            open_tables,
            key=lambda key: (
                mix[key][person.org_type],
                key not in person.concerned_tables,
                load[key] / capacity[key] if capacity[key] else 1.0,
                order[key],
            ),
        )
        seat(person, best)
    return result


def type_spread(assignment: dict[int, int], attendees: Iterable[Attendee]) -> dict[str, int]:
    """For each organisation type, the largest minus the smallest count at a table (0 or 1 is even)."""
    tables = sorted(set(assignment.values()))
    counts: dict[str, Counter[int]] = {}
    for person in attendees:
        counts.setdefault(person.org_type, Counter())[assignment[person.key]] += 1
    return {org_type: max(c[t] for t in tables) - min(c[t] for t in tables) for org_type, c in sorted(counts.items())}
