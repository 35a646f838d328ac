"""The vote matrix and the "in conversation" rule (Pol.is ``conversation.clj``).

Rows are participants and columns statements, both in the order they first appear in the vote
list (Pol.is' named matrix grows the same way, and its k-means starts from the first rows).
A cell holds +1 (agree), −1 (disagree), 0 (pass) or NaN (not seen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MIN_VOTES = 7  # a participant joins once they voted on min(7, statements) statements
GREEDY_PARTICIPANTS = 15  # … and the most active voters fill up to 15


@dataclass(frozen=True)
class Votes:
    """A conversation's votes in arrival order; ``time`` is optional (milliseconds)."""

    participant: IntArray
    comment: IntArray
    vote: npt.NDArray[np.int8]
    time: IntArray | None = None
    comments: tuple[int, ...] = ()  # every statement id, also those nobody voted on yet
    moderated_out: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        n = len(self.participant)
        if len(self.comment) != n or len(self.vote) != n or (self.time is not None and len(self.time) != n):
            raise ValueError("participant, comment, vote and time must have the same length")

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[int, int, int]],
        *,
        comments: Iterable[int] = (),
        moderated_out: Iterable[int] = (),
    ) -> Votes:
        """From (participant, comment, vote) triples in arrival order."""
        data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
        return cls(
            participant=data[:, 0].copy(),
            comment=data[:, 1].copy(),
            vote=data[:, 2].astype(np.int8),
            comments=tuple(comments),
            moderated_out=frozenset(moderated_out),
        )

    def __len__(self) -> int:
        return len(self.participant)

    def prefix(self, n: int) -> Votes:
        return Votes(
            participant=self.participant[:n],
            comment=self.comment[:n],
            vote=self.vote[:n],
            time=None if self.time is None else self.time[:n],
            comments=self.comments,
            moderated_out=self.moderated_out,
        )


@dataclass(frozen=True)
class VoteMatrix:
    participants: IntArray  # row ids
    comments: IntArray  # column ids
    values: FloatArray  # NaN where not seen

    @property
    def seen(self) -> BoolArray:
        return ~np.isnan(self.values)

    def vote_counts(self) -> IntArray:
        return np.asarray(self.seen.sum(axis=1), dtype=np.int64)


def first_appearance(ids: IntArray) -> tuple[IntArray, IntArray]:
    """Unique ids in order of first appearance, and each element's index into them."""
    uniq, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return uniq[order].astype(np.int64), rank[inverse.reshape(-1)].astype(np.int64)


def vote_matrix(votes: Votes) -> VoteMatrix:
    """The participant × statement matrix; a later vote on the same statement replaces an earlier one."""
    participants, rows = first_appearance(votes.participant)
    voted = set(np.unique(votes.comment).tolist())
    extra = np.array([c for c in votes.comments if c not in voted], dtype=np.int64)
    comments, cols = first_appearance(np.concatenate([votes.comment, extra]) if len(extra) else votes.comment)
    cols = cols[: len(votes.comment)]
    values = np.full((len(participants), len(comments)), np.nan)
    place(values, rows, cols, votes.vote)
    return VoteMatrix(participants=participants, comments=comments, values=values)


def place(values: FloatArray, rows: IntArray, cols: IntArray, vote: npt.NDArray[np.int8]) -> None:
    """Write votes into the matrix in order, so that of two votes on one cell the later one stays."""
    cell = rows * values.shape[1] + cols
    _, last_from_end = np.unique(cell[::-1], return_index=True)
    last = len(cell) - 1 - last_from_end
    values[rows[last], cols[last]] = vote[last].astype(np.float64)


def zero_moderated(matrix: VoteMatrix, moderated_out: Iterable[int]) -> VoteMatrix:
    """Moderated-out statements count as seen with a neutral 0 (Pol.is' ``zero-out-columns``)."""
    out = np.isin(matrix.comments, np.fromiter(moderated_out, dtype=np.int64))
    if not out.any():
        return matrix
    values = matrix.values.copy()
    values[:, out] = 0.0
    return VoteMatrix(participants=matrix.participants, comments=matrix.comments, values=values)


def in_conversation(
    participants: IntArray, counts: IntArray, n_comments: int, previous: Iterable[int] = ()
) -> set[int]:
    """Who is clustered: everyone already in, everyone with ≥ min(7, statements) votes, then the
    most active voters until there are 15 (Pol.is ``:in-conv``; once in, always in)."""
    chosen = set(previous) | set(participants[counts >= min(MIN_VOTES, n_comments)].tolist())
    if len(chosen) < GREEDY_PARTICIPANTS:
        order = np.argsort(-counts, kind="stable")
        for i in order:
            if len(chosen) >= GREEDY_PARTICIPANTS:
                break
            chosen.add(int(participants[i]))
    return chosen
