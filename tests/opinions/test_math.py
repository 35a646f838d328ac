"""The opinion map's mathematics (pure: no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ortakakil.opinions.math import clusters, consensus, matrix, pca, pipeline, repness
from ortakakil.opinions.math.matrix import Votes

from .conftest import ari, three_groups


def test_vote_matrix_keeps_first_appearance_order_and_the_latest_vote():
    votes = Votes.from_rows([(7, 2, 1), (3, 2, -1), (7, 5, 0), (7, 2, -1)], comments=(9,))
    m = matrix.vote_matrix(votes)
    assert m.participants.tolist() == [7, 3]
    assert m.comments.tolist() == [2, 5, 9]
    assert m.values[0].tolist()[:2] == [-1.0, 0.0]  # the later vote on statement 2 won
    assert np.isnan(m.values[1, 1]) and np.isnan(m.values[0, 2])
    assert m.vote_counts().tolist() == [2, 1]


def test_in_conversation_needs_min_7_votes_then_fills_up_to_15_by_activity():
    participants = np.arange(20, dtype=np.int64)
    counts = np.array([7, 8] + [1] * 5 + [3] * 13, dtype=np.int64)
    chosen = matrix.in_conversation(participants, counts, n_comments=50)
    assert {0, 1} <= chosen and len(chosen) == 15
    assert set(range(7, 20)) <= chosen  # the 13 with 3 votes before those with 1
    # With 3 statements, 3 votes are enough.
    assert matrix.in_conversation(participants, counts, n_comments=3) == {0, 1, *range(7, 20)}


def test_in_conversation_is_kept_once_reached():
    participants = np.arange(30, dtype=np.int64)
    counts = np.full(30, 10, dtype=np.int64)
    counts[0] = 1
    assert 0 in matrix.in_conversation(participants, counts, n_comments=50, previous={0})
    assert 0 not in matrix.in_conversation(participants, counts, n_comments=50)


def test_imputation_replaces_missing_votes_by_the_statement_mean():
    values = np.array([[1.0, np.nan], [-1.0, 1.0], [1.0, np.nan]])
    assert pca.column_means(values).tolist() == pytest.approx([1 / 3, 1.0])
    assert pca.impute(values)[:, 1].tolist() == [1.0, 1.0, 1.0]
    assert pca.column_means(np.full((2, 1), np.nan)).tolist() == [0.0]


def test_pca_finds_the_known_axis_and_projects_sparsely():
    # Two camps split on statements 0 and 1; statement 2 is agreed by all.
    values = np.array([[1, 1, 1], [1, 1, 1], [-1, -1, 1], [-1, -1, 1.0]])
    model = pca.pca(values, n_components=2)
    first = model.components[0]
    assert abs(first[0]) == pytest.approx(1 / np.sqrt(2)) and abs(first[1]) == pytest.approx(1 / np.sqrt(2))
    assert first[2] == pytest.approx(0.0)
    proj = pca.project(values, model)
    assert proj[0, 0] == pytest.approx(-proj[2, 0]) and abs(proj[0, 0]) == pytest.approx(np.sqrt(2))
    # A participant who voted only statement 0 is pushed out by √(3 / 1).
    sparse = pca.project(np.array([[1.0, np.nan, np.nan]]), model)
    assert abs(sparse[0, 0]) == pytest.approx(abs(first[0]) * np.sqrt(3))


def test_comment_extremity_is_zero_for_a_statement_off_the_axes():
    values = np.array([[1, 1, 1], [1, 1, 1], [-1, -1, 1], [-1, -1, 1.0]])
    extremity = pca.comment_extremity(pca.pca(values))
    assert extremity[2] == pytest.approx(0.0, abs=1e-9) and extremity[0] > 1


def test_kmeans_starts_from_the_first_distinct_points_and_warm_starts():
    ids = np.arange(6, dtype=np.int64)
    points = np.array([[0, 0], [0, 0], [10, 0], [0, 0.1], [10, 0.2], [10.1, 0]])
    first = clusters.kmeans(ids, points, 2)
    assert [sorted(c.members.tolist()) for c in first] == [[0, 1, 3], [2, 4, 5]]
    again = clusters.kmeans(ids, points, 2, previous=first)
    assert [c.id for c in again] == [c.id for c in first]
    assert [sorted(c.members.tolist()) for c in again] == [[0, 1, 3], [2, 4, 5]]


def test_kmeans_warm_start_splits_off_the_last_farthest_point_as_clojure_does():
    # One previous cluster holding 0 and 1; the new points 2 and 3 lie equally far from its centre:
    # Pol.is' most-distal (Clojure's max-key) takes the last of them, so 3 founds cluster 8.
    ids = np.arange(4, dtype=np.int64)
    points = np.array([[0.0, 0.0], [0.0, 0.0], [5.0, 0.0], [-5.0, 0.0]])
    previous = [clusters.Cluster(7, np.array([0, 1], dtype=np.int64), np.zeros(2))]
    ids_out, centers = clusters._clean_start(ids, points, np.ones(4), previous, 2)
    assert ids_out.tolist() == [7, 8]
    assert centers[1].tolist() == [-5.0, 0.0]


def test_kmeans_warm_start_merges_identical_centres_under_the_bigger_clusters_id():
    ids = np.arange(4, dtype=np.int64)
    points = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    previous = [
        clusters.Cluster(1, np.array([0], dtype=np.int64), np.zeros(2)),
        clusters.Cluster(2, np.array([1, 2], dtype=np.int64), np.zeros(2)),
        clusters.Cluster(3, np.array([3], dtype=np.int64), np.zeros(2)),
    ]
    ids_out, _ = clusters._clean_start(ids, points, np.ones(4), previous, 3)
    assert ids_out.tolist() == [2]  # one distinct point: one cluster, named after the biggest
    tie = [previous[0], clusters.Cluster(5, np.array([1], dtype=np.int64), np.zeros(2))]
    ids_tie, _ = clusters._clean_start(ids[:2], points[:2], np.ones(2), tie, 2)
    assert ids_tie.tolist() == [5]  # on a tie, the later cluster's id (Clojure's max-key)


def test_pca_project_centres_once_and_matches_pca_then_project():
    rng = np.random.default_rng(3)
    values = rng.choice([-1.0, 0.0, 1.0, np.nan], size=(30, 8))
    values[:, 0] = 1.0
    model = pca.pca(values)
    both, proj = pca.pca_project(values)
    assert np.allclose(both.center, model.center)
    assert np.allclose(np.abs(both.components), np.abs(model.components), atol=1e-6)
    assert np.allclose(np.abs(proj), np.abs(pca.project(values, model)), atol=1e-6)


@pytest.mark.parametrize("previous", [False, True])
def test_pca_project_on_a_large_sparse_matrix_gives_the_dense_numbers(monkeypatch, previous):
    rng = np.random.default_rng(5)
    n, m = 400, 120
    group = rng.integers(0, 2, n)
    stance = rng.choice([-1.0, 1.0], size=(2, m))
    values = np.where(rng.random((n, m)) < 0.9, stance[group], rng.choice([-1.0, 0.0, 1.0], size=(n, m)))
    values[rng.random((n, m)) > 0.1] = np.nan  # 10% voted: below the sparse share
    start = pca.pca(values).components if previous else None
    monkeypatch.setattr(pca, "SPARSE_CELLS", 10**9)
    dense_model, dense = pca.pca_project(values, previous=start)
    monkeypatch.setattr(pca, "SPARSE_CELLS", 1)
    sparse_model, sparse = pca.pca_project(values, previous=start)
    assert np.allclose(sparse_model.center, dense_model.center)
    assert np.allclose(sparse_model.components, dense_model.components, atol=1e-6)
    assert np.allclose(sparse, dense, atol=1e-6)


def test_silhouette_uses_a_given_distance_matrix():
    points = np.array([[0.0, 0], [0, 1], [9, 0], [9, 1]])
    labels = np.array([0, 0, 1, 1])
    assert clusters.silhouette(points, labels, dist=clusters.distances(points)) == clusters.silhouette(points, labels)


def test_silhouette_is_high_for_separated_groups_and_zero_for_singletons():
    points = np.array([[0, 0], [0, 1], [10, 0], [10, 1.0]])
    assert clusters.silhouette(points, np.array([0, 0, 1, 1])) > 0.8
    assert clusters.silhouette(points, np.array([0, 1, 2, 3])) == 0.0


def test_k_smoother_switches_only_after_four_wins_in_a_row():
    s = clusters.KSmoother().update(2)
    assert s.smoothed_k == 2
    for _ in range(3):
        s = s.update(3)
        assert s.smoothed_k == 2
    assert s.update(3).smoothed_k == 3
    assert clusters.best_k({2: 0.5, 3: 0.5, 4: 0.1}) == 3


def test_three_group_conversation_is_found_by_silhouette():
    votes, truth = three_groups()
    result = pipeline.analyze(votes, seed=0)
    assert len(result.groups) == 3
    people = sorted(truth)
    assert ari([truth[p] for p in people], [result.participants[p] for p in people]) > 0.95  # type: ignore[misc]


def test_replay_in_vote_order_finds_the_same_groups():
    votes, truth = three_groups(seed=4)
    result = pipeline.replay(votes, seed=0)
    people = sorted(truth)
    assert ari([truth[p] for p in people], [result.participants[p] for p in people]) > 0.95  # type: ignore[misc]
    assert pipeline.update_points(votes.time, gap_ms=0, max_updates=5)[-1] == len(votes)  # type: ignore[arg-type]
    assert len(pipeline.update_points(votes.time, gap_ms=0, max_updates=5)) == 5  # type: ignore[arg-type]


def test_analysis_is_deterministic_given_a_seed():
    votes, _ = three_groups(seed=7)
    a = pipeline.replay(votes, seed=3)
    b = pipeline.replay(votes, seed=3)
    assert a.participants == b.participants
    assert [g.repness for g in a.groups] == [g.repness for g in b.groups]
    assert a.consensus == b.consensus


def test_analysis_of_no_votes_is_refused():
    with pytest.raises(ValueError):
        pipeline.analyze(Votes.from_rows([]))


def test_prop_tests_on_edge_cases():
    # No votes at all: pa = ½ and the test says nothing.
    assert repness.prop_test(0, 0) == pytest.approx(1.0)
    assert repness.prop_test(0, 0) < repness.Z90
    # All passes: seen but never agreed.
    assert repness.prop_test(0, 10) < 0
    # Identical proportions, or no variance at all, give 0.
    assert repness.two_prop_test(5, 10, 5, 10) == pytest.approx(0.0)
    assert repness.two_prop_test(0, 0, 0, 0) == pytest.approx(0.0)
    assert repness.two_prop_test(10, 10, 0, 10) > repness.Z90


def test_repness_direction_follows_the_groups_difference():
    # Group 0 agrees with statement 0, group 1 disagrees; statement 1 nobody saw; statement 2 all pass.
    values = np.array([[1, np.nan, 0]] * 10 + [[-1, np.nan, 0]] * 10, dtype=np.float64)
    labels = np.array([0] * 10 + [1] * 10, dtype=np.int64)
    counts = repness.group_counts(values, labels, 2)
    chosen = repness.select(counts, np.array([10, 11, 12], dtype=np.int64))
    assert chosen[0][0].comment_id == 10 and chosen[0][0].direction == "agree"
    assert [r.comment_id for r in chosen[1]] == [10] and chosen[1][0].direction == "disagree"
    assert all(r.comment_id != 11 for g in chosen for r in g)  # nobody saw it
    assert chosen[0][0].score > 0


def test_consensus_agree_and_disagree_and_group_aware():
    values = np.array([[1, -1, 1]] * 12 + [[1, -1, -1]] * 12, dtype=np.float64)
    ids = np.array([1, 2, 3], dtype=np.int64)
    found = consensus.consensus(values, ids)
    assert found.agree == [1] and found.disagree == [2]
    assert consensus.consensus(values, ids, excluded=frozenset({1})).agree == []
    counts = repness.group_counts(values, np.array([0] * 12 + [1] * 12, dtype=np.int64), 2)
    agree, disagree = consensus.group_aware(counts)
    assert agree[0] == pytest.approx((13 / 14) ** 2)
    assert agree[2] == pytest.approx((13 / 14) * (1 / 14))
    assert disagree[1] > disagree[2]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 6), st.sampled_from([-1, 0, 1])), min_size=1, max_size=80))
def test_any_conversation_gives_a_consistent_result(rows):
    result = pipeline.analyze(Votes.from_rows(rows), seed=0)
    assert set(result.participants) == {p for p, _, _ in rows}
    sizes = [len(g.members) for g in result.groups]
    assert sum(sizes) <= len(result.participants)
    assert all(g is None or 0 <= g < len(result.groups) for g in result.participants.values())
    assert 0 <= len(result.consensus.agree) <= repness.PICK
    for group in result.groups:
        assert len(group.repness) <= repness.PICK
        assert all(r.direction in ("agree", "disagree") for r in group.repness)


def test_common_ground_needs_a_majority_in_every_group_not_only_overall():
    from ortakakil.opinions.math.consensus import common_ground

    counts = {
        1: [[90, 5, 100], [2, 8, 10]],  # most voters agree, but group B does not: not common ground
        2: [[70, 20, 100], [7, 2, 10]],  # both groups agree
        3: [[80, 10, 100], [9, 1, 10]],  # both agree, more strongly
        4: [[5, 90, 100], [1, 9, 10]],  # both disagree
        5: [[60, 10, 100], [0, 0, 0]],  # group B never saw it
    }
    gac_agree = {c: (g[0][0] + 1) / (g[0][2] + 2) * (g[1][0] + 1) / (g[1][2] + 2) for c, g in counts.items()}
    gac_disagree = {c: (g[0][1] + 1) / (g[0][2] + 2) * (g[1][1] + 1) / (g[1][2] + 2) for c, g in counts.items()}
    found = common_ground(counts, gac_agree, gac_disagree)
    assert found.agree == [3, 2]
    assert found.disagree == [4]
    assert common_ground(counts, gac_agree, gac_disagree, pick=1).agree == [3]
    assert common_ground({}, {}, {}).agree == []
