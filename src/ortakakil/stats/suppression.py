"""Small counts by district are not shown (pure: no Django).

Issue 14: «Small counts (fewer than 5 people) are not shown by district, so no one can be
singled out.» A district figure under ``THRESHOLD`` — 0 included — is given as ``None`` (shown
as «—», written as ``null`` in the JSON and as an empty cell in the CSV).
"""

from __future__ import annotations

from collections.abc import Mapping

THRESHOLD = 5
"""The smallest figure that is shown by district."""


def suppress(count: int | None, threshold: int = THRESHOLD) -> int | None:
    """``count`` when it is at least ``threshold``, else ``None``."""
    if count is None or count < threshold:
        return None
    return count


def suppress_all(counts: Mapping[str, int], threshold: int = THRESHOLD) -> dict[str, int | None]:
    """Each figure of ``counts`` through :func:`suppress`, keys and order kept."""
    return {key: suppress(value, threshold) for key, value in counts.items()}
