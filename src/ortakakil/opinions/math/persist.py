"""The pipeline's ``State`` as JSON and back, so that the next recomputation warm-starts from the
previous one (Pol.is keeps the same conversation map between updates).

Written over the dataclasses' fields rather than by hand, so that a field added to ``State``,
``Cluster`` or ``KSmoother`` travels without a change here: numpy arrays become lists (with their
dtype restored from the field's type), frozensets sorted lists, dicts with int keys string-keyed
objects, nested dataclasses objects. A field missing from stored JSON (an older state) takes its
default, and an unknown key is ignored, so a state written before a change still loads.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Union, get_args, get_origin

import numpy as np

from .matrix import BoolArray, IntArray, Votes
from .pipeline import Result, State

FORMAT = 1

JSON = Any


def _encode(value: Any) -> JSON:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted(_encode(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    raise TypeError(f"cannot store {type(value).__name__} in a state")


def _array_dtype(hint: Any) -> type[np.generic]:
    """``npt.NDArray[np.int64]`` → ``np.int64`` (float64 when the hint does not say)."""
    for arg in get_args(hint):
        for inner in get_args(arg):
            if isinstance(inner, type) and issubclass(inner, np.generic):
                return inner
    return np.float64


def _decode(hint: Any, data: JSON) -> Any:
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        options = [a for a in get_args(hint) if a is not type(None)]
        if data is None:
            return None
        return _decode(options[0], data)
    if origin is np.ndarray:
        return np.asarray(data, dtype=_array_dtype(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _from_fields(hint, data)
    if origin in (frozenset, set):
        (item,) = get_args(hint)
        if item is int:
            return origin(map(int, data))
        return origin(_decode(item, v) for v in data)
    if origin is dict:
        key, item = get_args(hint)
        return {_decode(key, k): _decode(item, v) for k, v in data.items()}
    if origin is list:
        (item,) = get_args(hint)
        return [_decode(item, v) for v in data]
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if hint is int:
        return int(data)
    if hint is float:
        return float(data)
    if hint in (str, bool):
        return hint(data)
    if hint is Any:
        return data
    raise TypeError(f"cannot read {hint!r} from a state")


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The class's annotations, evaluated in its own module (once per class)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _from_fields(cls: type[Any], data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data}
    return cls(**kwargs)


def state_to_json(state: State) -> dict[str, Any]:
    """The state as plain JSON (lists, numbers, objects), with the format's version."""
    encoded = _encode(state)
    assert isinstance(encoded, dict)  # noqa: S101 - a dataclass encodes to an object
    return {"format": FORMAT, **encoded}


def state_from_json(data: dict[str, Any]) -> State:
    """The state written by ``state_to_json``; an empty or foreign object gives a fresh ``State``
    (the next update then starts cold, which is always correct, only less like Pol.is)."""
    if not data or data.get("format") != FORMAT:
        return State()
    try:
        state = _from_fields(State, data)
    except (TypeError, ValueError, KeyError, AttributeError):
        return State()
    assert isinstance(state, State)  # noqa: S101
    return state


def _last_votes(votes: Votes) -> tuple[IntArray, IntArray, IntArray]:
    """Participant, statement and value of each cell's latest vote (the latest wins)."""
    if len(votes) == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    _, cols = np.unique(votes.comment, return_inverse=True)
    _, rows = np.unique(votes.participant, return_inverse=True)
    cell = rows.reshape(-1).astype(np.int64) * (int(cols.max()) + 1) + cols.reshape(-1)
    _, last_from_end = np.unique(cell[::-1], return_index=True)
    last = np.sort(len(cell) - 1 - last_from_end)
    return votes.participant[last], votes.comment[last], votes.vote[last].astype(np.int64)


def result_to_json(result: Result, votes: Votes, *, digits: int = 4, unique: bool = False) -> dict[str, Any]:
    """What pages show of one update (the format every reader of ``Analysis.result`` agrees on):
    groups with their members and representative statements (with the group's counts), each
    participant's point and group, the consensus, and per statement its totals, extremity, counts
    per group and group-aware consensus. Counts per group are over the group's members (those
    clustered), as in the representativeness tests. ``unique``: the caller guarantees one vote per
    participant and statement, which saves finding each cell's latest vote."""
    if unique:  # one vote per participant and statement already (the database's constraint)
        participant, comment, value = votes.participant, votes.comment, votes.vote.astype(np.int64)
    else:
        participant, comment, value = _last_votes(votes)
    statement_ids = np.unique(np.concatenate([comment, np.array(votes.comments, dtype=np.int64)]))
    col = np.searchsorted(statement_ids, comment)
    n_statements, n_groups = len(statement_ids), len(result.groups)

    member_ids = np.array([p for g in result.groups for p in g.members], dtype=np.int64)
    member_group = np.array([g.id for g in result.groups for _ in g.members], dtype=np.int64)
    order = np.argsort(member_ids, kind="stable")
    member_ids, member_group = member_ids[order], member_group[order]
    group = np.full(len(participant), -1, np.int64)
    if len(member_ids):
        pos = np.minimum(np.searchsorted(member_ids, participant), len(member_ids) - 1)
        found = member_ids[pos] == participant
        group[found] = member_group[pos[found]]

    def count(mask: BoolArray, by_group: bool) -> IntArray:
        if not by_group:
            return np.bincount(col[mask], minlength=n_statements).astype(np.int64)
        grouped = mask & (group >= 0)
        cell = group[grouped] * n_statements + col[grouped]
        return np.bincount(cell, minlength=n_groups * n_statements).reshape(n_groups, n_statements).astype(np.int64)

    everyone = np.ones(len(col), dtype=np.bool_)
    agree, disagree, passed = count(value == 1, False), count(value == -1, False), count(value == 0, False)
    g_agree, g_disagree, g_seen = count(value == 1, True), count(value == -1, True), count(everyone, True)
    index = {int(c): j for j, c in enumerate(statement_ids.tolist())}

    def counts_of(g: int, c: int) -> dict[str, int]:
        j = index[c]
        return {"agree": int(g_agree[g, j]), "disagree": int(g_disagree[g, j]), "seen": int(g_seen[g, j])}

    statements: dict[str, Any] = {}
    for j, c in enumerate(statement_ids.tolist()):
        statements[str(c)] = {
            "agree": int(agree[j]),
            "disagree": int(disagree[j]),
            "pass": int(passed[j]),
            "extremity": round(float(result.extremity.get(c, 0.0)), digits),
            "groups": [[int(g_agree[g, j]), int(g_disagree[g, j]), int(g_seen[g, j])] for g in range(n_groups)],
            "gac_agree": float(result.group_aware_agree.get(c, 0.0)),
            "gac_disagree": float(result.group_aware_disagree.get(c, 0.0)),
        }
    points = {
        str(p): [round(x, digits), round(y, digits), result.participants.get(p)]
        for p, (x, y) in sorted(result.projection.items())
    }
    return {
        "groups": [
            {
                "id": g.id,
                "size": len(g.members),
                "members": list(g.members),
                "repness": [
                    {
                        "statement": r.comment_id,
                        "direction": r.direction,
                        "score": round(r.score, 6),
                        **counts_of(g.id, r.comment_id),
                    }
                    for r in g.repness
                ],
            }
            for g in result.groups
        ],
        "points": points,
        "consensus": {"agree": list(result.consensus.agree), "disagree": list(result.consensus.disagree)},
        "statements": statements,
        "in_conversation": len(result.state.in_conversation),
    }


def empty_result() -> dict[str, Any]:
    """The result of a conversation nobody voted in yet."""
    return {
        "groups": [],
        "points": {},
        "consensus": {"agree": [], "disagree": []},
        "statements": {},
        "in_conversation": 0,
    }
