"""What became of a contribution: the plan items that answer it ("Plana dahil edildi: H3.2").

The plan lives in an app above the ones that own contributions, so the proposal page and the
workshop table report ask this registry, which the planning app fills from its
``AppConfig.ready()``; nothing here imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Process


@dataclass(frozen=True)
class Fate:
    """A plan item that answers a contribution."""

    code: str
    """The item's code: ``H3.2``, ``A1`` …"""
    title: str
    url: str
    approved: bool
    """Whether the plan that holds the item is approved (else it is the draft being prepared)."""


FateProvider = Callable[["Process", str, list[int]], dict[int, list[Fate]]]
_PROVIDERS: list[FateProvider] = []


def register(provider: FateProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def fates(process: Process, kind: str, object_ids: Iterable[int]) -> dict[int, list[Fate]]:
    """For contributions of ``kind`` (a registered contribution kind's key), their plan items."""
    ids = list(object_ids)
    out: dict[int, list[Fate]] = {}
    if not ids:
        return out
    for provider in _PROVIDERS:
        for object_id, found in provider(process, kind, ids).items():
            out.setdefault(object_id, []).extend(found)
    return out
