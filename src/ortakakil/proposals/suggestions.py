"""Suggestions that text analysis gives the proposal pages: «benzer öneriler» while a citizen
writes a proposal, and the possible duplicates on the moderation page.

Text analysis (``textmine``) sits above this app, so this app never imports it: textmine registers
its finders from its ``AppConfig.ready()`` and the pages show nothing when none is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ortakakil.processes.models import Process

    from .models import Proposal

SIMILAR_SCOPE = "proposal_similar"
"""Rate-limit scope of the requests made while typing (``core.ratelimit``)."""
SIMILAR_SHOWN = 3
TEXT_MAX = 1000
"""Characters of the typed title and text that are compared (the rest is left out)."""


@dataclass(frozen=True)
class DuplicatePair:
    a: Proposal
    b: Proposal
    score: float


@dataclass(frozen=True)
class Duplicates:
    pairs: list[DuplicatePair]
    pending: bool = False
    """Some proposals are still being analysed in the background (the list may grow)."""


SimilarFinder = Callable[["Process", str, int], "list[Proposal]"]
"""``(process, typed text, limit)`` → the most similar public proposals, most similar first."""
DuplicateFinder = Callable[["Process"], Duplicates]
"""``(process)`` → pairs of public proposals proposed for merging, most similar first."""

_similar: list[SimilarFinder] = []
_duplicates: list[DuplicateFinder] = []


def register_similar_finder(finder: SimilarFinder) -> None:
    _similar[:] = [finder]


def register_duplicate_finder(finder: DuplicateFinder) -> None:
    _duplicates[:] = [finder]


def has_similar_finder() -> bool:
    """Whether text analysis registered a finder (the triage list then offers «Benzerleri»)."""
    return bool(_similar)


def typed_text(title: str, body: str) -> str:
    """What is compared of a proposal being written: its title and text, bounded."""
    return ". ".join(part.strip() for part in (title, body) if part.strip())[:TEXT_MAX]


def similar_proposals(process: Process, text: str, *, limit: int = SIMILAR_SHOWN) -> list[Proposal]:
    """The public proposals of ``process`` most like ``text`` ([] for an empty text or without a finder)."""
    text = text.strip()[:TEXT_MAX]
    if not text or not _similar:
        return []
    return _similar[0](process, text, limit)[:limit]


def duplicate_pairs(process: Process) -> Duplicates | None:
    """Possible duplicates among the public proposals of ``process``; ``None`` without a finder."""
    if not _duplicates:
        return None
    return _duplicates[0](process)
