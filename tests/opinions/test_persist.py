"""The pipeline's state as JSON and back (pure: no database)."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ortakakil.opinions.math import clusters, matrix, pipeline
from ortakakil.opinions.math.persist import result_to_json, state_from_json, state_to_json

from .conftest import three_groups


def assert_same_state(a: pipeline.State, b: pipeline.State) -> None:
    assert a.in_conversation == b.in_conversation
    assert a.comment_ids.dtype == b.comment_ids.dtype == np.int64
    assert a.comment_ids.tolist() == b.comment_ids.tolist()
    if a.components is None:
        assert b.components is None
    else:
        assert b.components is not None and b.components.dtype == np.float64
        assert np.array_equal(a.components, b.components)
    assert_same_clusters(a.base, b.base)
    assert sorted(a.groupings) == sorted(b.groupings)
    for k in a.groupings:
        assert_same_clusters(a.groupings[k], b.groupings[k])
    assert a.smoother == b.smoother


def assert_same_clusters(a: list[clusters.Cluster], b: list[clusters.Cluster]) -> None:
    assert [c.id for c in a] == [c.id for c in b]
    for x, y in zip(a, b, strict=True):
        assert y.members.dtype == np.int64 and y.center.dtype == np.float64
        assert x.members.tolist() == y.members.tolist()
        assert x.center.tolist() == y.center.tolist()


def test_a_real_state_round_trips_through_json_text():
    votes, _ = three_groups(per_group=20, n_statements=12)
    state = pipeline.analyze(votes, seed=3).state
    stored = json.loads(json.dumps(state_to_json(state)))  # as the database's JSON column keeps it
    back = state_from_json(stored)
    assert_same_state(state, back)
    assert len(back.groupings) >= 1 and back.smoother.smoothed_k is not None


def test_a_warm_start_from_the_stored_state_equals_one_from_the_live_state():
    votes, _ = three_groups(per_group=20, n_statements=12)
    first = pipeline.analyze(votes.prefix(len(votes) // 2), seed=3)
    live = pipeline.analyze(votes, seed=3, previous=first.state)
    stored = pipeline.analyze(
        votes, seed=3, previous=state_from_json(json.loads(json.dumps(state_to_json(first.state))))
    )
    assert live.participants == stored.participants
    assert live.consensus == stored.consensus


def test_the_empty_state_round_trips():
    assert_same_state(pipeline.State(), state_from_json(state_to_json(pipeline.State())))


def test_missing_foreign_or_damaged_json_gives_a_fresh_state():
    assert_same_state(pipeline.State(), state_from_json({}))
    assert_same_state(pipeline.State(), state_from_json({"format": 999, "base": []}))
    assert_same_state(pipeline.State(), state_from_json({"format": 1, "base": "nonsense"}))


def test_a_field_missing_from_an_older_state_takes_its_default():
    data = state_to_json(pipeline.State(in_conversation=frozenset({4, 2})))
    del data["smoother"]
    back = state_from_json(data)
    assert back.in_conversation == {2, 4}
    assert back.smoother == clusters.KSmoother()


ids = st.lists(st.integers(-(2**40), 2**40), max_size=6, unique=True)
finite = st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def cluster_lists(draw: st.DrawFn) -> list[clusters.Cluster]:
    n = draw(st.integers(0, 4))
    return [
        clusters.Cluster(
            id=i,
            members=np.array(draw(ids), dtype=np.int64),
            center=np.array([draw(finite), draw(finite)], dtype=np.float64),
        )
        for i in range(n)
    ]


@st.composite
def states(draw: st.DrawFn) -> pipeline.State:
    n_comments = draw(st.integers(0, 5))
    components = draw(
        st.one_of(
            st.none(),
            st.lists(finite, min_size=2 * n_comments, max_size=2 * n_comments).map(
                lambda xs: np.array(xs, dtype=np.float64).reshape(2, n_comments)
            ),
        )
    )
    return pipeline.State(
        in_conversation=frozenset(draw(ids)),
        comment_ids=np.array(draw(st.lists(st.integers(0, 10**9), min_size=n_comments, max_size=n_comments)), np.int64),
        components=components,
        base=draw(cluster_lists()),
        groupings=draw(st.dictionaries(st.integers(2, 5), cluster_lists(), max_size=4)),
        smoother=clusters.KSmoother(
            last_k=draw(st.one_of(st.none(), st.integers(2, 5))),
            last_count=draw(st.integers(0, 9)),
            smoothed_k=draw(st.one_of(st.none(), st.integers(2, 5))),
        ),
    )


@settings(max_examples=60, deadline=None)
@given(states())
def test_any_state_round_trips(state: pipeline.State) -> None:
    back = state_from_json(json.loads(json.dumps(state_to_json(state))))
    assert_same_state(state, back)
    if state.components is not None:
        assert back.components is not None and back.components.shape == state.components.shape


def test_the_result_counts_the_latest_vote_of_each_cell_unless_told_they_are_unique():
    votes, _ = three_groups(per_group=10, n_statements=8)
    result = pipeline.analyze(votes, seed=1)
    once = result_to_json(result, votes)
    assert result_to_json(result, votes, unique=True)["statements"] == once["statements"]
    repeated = matrix.Votes(
        participant=np.concatenate([votes.participant, votes.participant[:1]]),
        comment=np.concatenate([votes.comment, votes.comment[:1]]),
        vote=np.concatenate([votes.vote, np.array([-votes.vote[0] if votes.vote[0] else 1], np.int8)]),
        comments=votes.comments,
    )
    changed = result_to_json(result, repeated)["statements"][str(int(votes.comment[0]))]
    before = once["statements"][str(int(votes.comment[0]))]
    assert (
        changed["agree"] + changed["disagree"] + changed["pass"]
        == before["agree"] + before["disagree"] + before["pass"]
    )
    assert changed != before  # the later vote replaced the first one
