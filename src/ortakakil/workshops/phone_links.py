"""Links that apps above ``workshops`` add to a table's phone page.

The opinions app adds "vote on the workshop's statements" when the workshop has an opinion-map
conversation. ``workshops`` must not import those apps nor name their URLs in its templates: each
app registers a provider from its ``AppConfig.ready()`` and the phone page shows what they return.
"""

from __future__ import annotations

from collections.abc import Callable

from ortakakil.core.links import ShownLink

from .models import WorkshopTable

PhoneLinks = Callable[[WorkshopTable], list[ShownLink]]
_PROVIDERS: dict[str, PhoneLinks] = {}


def register_phone_links(key: str, provider: PhoneLinks) -> None:
    """``provider(table)`` lists links for the phone page of ``table`` (idempotent by key)."""
    _PROVIDERS[key] = provider


def phone_links(table: WorkshopTable) -> list[ShownLink]:
    return [link for key in sorted(_PROVIDERS) for link in _PROVIDERS[key](table)]
