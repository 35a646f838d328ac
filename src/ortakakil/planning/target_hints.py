"""Suggested targets for an indicator being edited (apps above ``planning`` provide them).

At a plan update (güncelleme) the strategy team revises targets "in the light of the data"
(verilerin ışığında): monitoring knows the approved values and their trend, but ``planning`` must
not import it. An app registers a provider from its ``AppConfig.ready()``; the indicator editor
shows the first hint a provider gives and can copy its targets into the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Indicator


@dataclass(frozen=True)
class TargetHint:
    targets: dict[str, float]
    """Year → the suggested year-end target (only years whose value is not measured yet)."""
    basis: str
    """What the suggestion rests on, in words («2020-H1 … 2022-H1: 5 onaylı değer»)."""


Provider = Callable[["Indicator"], "TargetHint | None"]
_PROVIDERS: dict[str, Provider] = {}


def register_provider(key: str, provider: Provider) -> None:
    """Register ``provider`` under ``key`` (idempotent)."""
    _PROVIDERS[key] = provider


def hint_for(indicator: Indicator) -> TargetHint | None:
    """The first registered provider's hint for ``indicator``, or None."""
    for provider in _PROVIDERS.values():
        hint = provider(indicator)
        if hint is not None and hint.targets:
            return hint
    return None
