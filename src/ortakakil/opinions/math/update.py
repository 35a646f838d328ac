"""One update of a conversation's map, from its votes to the JSON texts that are stored.

``opinions.recompute`` runs ``update_texts`` in a short-lived child process in production
(``core.isolation``): the state and the result come in and go out as JSON text, so the long-lived
worker never builds the large Python objects of a big conversation's map (their memory would stay
with it for good)."""

from __future__ import annotations

import json
from typing import NamedTuple

from . import pipeline
from .matrix import Votes
from .persist import result_to_json, state_from_json, state_to_json


class MapTexts(NamedTuple):
    result: str
    """``persist.result_to_json`` (one row per participant and statement) as JSON text."""
    state: str
    """``persist.state_to_json``, what the next update warm-starts from, as JSON text."""
    participants: int


def update_texts(votes: Votes, seed: int, previous_state: str | None) -> MapTexts:
    """``pipeline.analyze`` warm-started from the previous update's state (``None``: there was no
    previous update), with its result and its new state encoded."""
    warm = state_from_json(json.loads(previous_state)) if previous_state is not None else None
    computed = pipeline.analyze(votes, seed=seed, previous=warm)
    return MapTexts(
        result=json.dumps(result_to_json(computed, votes, unique=True)),
        state=json.dumps(state_to_json(computed.state)),
        participants=computed.n_participants,
    )
