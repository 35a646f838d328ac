"""The table-assignment rule: capacities hold, chosen tables are honoured, types spread evenly."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.workshops.assignment import Attendee, NotEnoughSeats, Table, assign, type_spread

TYPES = ["kamu", "meslek_odasi", "universite", "dernek", "stk", "ozel_sektor", "muhtarlik"]


def test_types_spread_over_the_tables():
    people = [Attendee(key=i, org_type="kamu" if i < 6 else "universite") for i in range(9)]
    tables = [Table(key=t, capacity=5) for t in (10, 20, 30)]
    seats = assign(people, tables)
    assert Counter(seats.values()) == {10: 3, 20: 3, 30: 3}
    assert type_spread(seats, people) == {"kamu": 0, "universite": 0}


def test_a_chosen_table_is_honoured_while_it_has_room():
    people = [Attendee(key=i, org_type="kamu", chosen_table=1) for i in range(3)]
    seats = assign(people, [Table(key=1, capacity=2), Table(key=2, capacity=2)])
    assert [seats[0], seats[1], seats[2]] == [1, 1, 2]


def test_seats_given_by_hand_are_kept_and_count_against_capacity():
    people = [Attendee(key=1, org_type="stk", fixed_table=2), Attendee(key=2, org_type="stk")]
    seats = assign(people, [Table(key=1, capacity=1), Table(key=2, capacity=1)])
    assert seats == {1: 2, 2: 1}


def test_concerned_theme_breaks_ties():
    person = Attendee(key=1, org_type="dernek", concerned_tables=frozenset({3}))
    assert assign([person], [Table(key=1, capacity=5), Table(key=2, capacity=5), Table(key=3, capacity=5)]) == {1: 3}


def test_more_people_than_seats_is_refused():
    with pytest.raises(NotEnoughSeats):
        assign([Attendee(key=i, org_type="kamu") for i in range(3)], [Table(key=1, capacity=2)])
    with pytest.raises(NotEnoughSeats):
        assign([Attendee(key=1, org_type="kamu")], [])
    assert assign([], []) == {}


@given(
    types=st.lists(st.sampled_from(TYPES), min_size=1, max_size=120),
    table_count=st.integers(min_value=1, max_value=13),
)
def test_with_ample_room_every_type_differs_by_at_most_one_between_tables(types, table_count):
    people = [Attendee(key=i, org_type=t) for i, t in enumerate(types)]
    tables = [Table(key=100 + t, capacity=len(types)) for t in range(table_count)]
    seats = assign(people, tables)
    assert set(seats) == {p.key for p in people}
    assert all(spread <= 1 for spread in type_spread(seats, people).values())


@given(
    data=st.data(),
    capacities=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=13),
)
def test_capacities_always_hold_and_everyone_is_seated(data, capacities):
    tables = [Table(key=i, capacity=c) for i, c in enumerate(capacities)]
    size = data.draw(st.integers(min_value=0, max_value=sum(capacities)))
    people = [
        Attendee(
            key=i,
            org_type=data.draw(st.sampled_from(TYPES)),
            chosen_table=data.draw(st.none() | st.integers(min_value=0, max_value=len(capacities))),
            concerned_tables=frozenset(data.draw(st.sets(st.integers(min_value=0, max_value=len(capacities) - 1)))),
        )
        for i in range(size)
    ]
    seats = assign(people, tables)
    assert set(seats) == {p.key for p in people}
    load = Counter(seats.values())
    assert all(load[t.key] <= t.capacity for t in tables)
