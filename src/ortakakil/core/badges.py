"""Badges in the site header that apps above ``core`` contribute (e.g. unread notifications).

``core`` renders the header for every page but must not import the apps that build on it; each
app registers a provider from its ``AppConfig.ready()``; the context processor asks them only
when a page's header is drawn for a signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Badge:
    key: str
    label: str
    url: str
    count: int = 0
    count_label: str = ""
    """What the count means, for screen readers ("unread")."""


Provider = Callable[[Any], Badge | None]
_PROVIDERS: dict[str, Provider] = {}


def register_badge(key: str, provider: Provider) -> None:
    """``provider(user)`` returns the user's badge, or None for no badge (idempotent by key)."""
    _PROVIDERS[key] = provider


def badges_for(user: Any) -> list[Badge]:
    if user is None or not user.is_authenticated:
        return []
    return [badge for provider in _PROVIDERS.values() if (badge := provider(user)) is not None]
