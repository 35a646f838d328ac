"""Links that apps above ``core`` add to pages drawn below them.

Three places today: the back-office dashboard's line for each organisation (the workshops app adds
its stakeholder registry and priority matrix next to units and users), the list on «Hesabım»
(the proposals app adds its notifications) and the dashboard's «My work», links that depend on the
person (the workshops app adds the tables they facilitate). ``core`` and ``processes`` must not import those apps
nor name their URLs in their templates; each app registers its links from its
``AppConfig.ready()`` and the page shows whatever is registered, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

ORGANISATION_BACKOFFICE = "organisation_backoffice"
"""The dashboard's line for an organisation; the URL takes ``org_slug``."""
ACCOUNT = "account"
"""«Hesabım»'s list of what a signed-in person can look at; the URL takes no argument."""


@dataclass(frozen=True)
class Link:
    key: str
    place: str
    """``ORGANISATION_BACKOFFICE`` or ``ACCOUNT``."""
    label: Any
    """A (lazily) translated string."""
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class ShownLink:
    key: str
    label: str
    url: str


_LINKS: dict[tuple[str, str], Link] = {}


def register_link(link: Link) -> None:
    """Register ``link`` (idempotent by place and key)."""
    _LINKS[(link.place, link.key)] = link


def links_for(place: str, **url_kwargs: Any) -> list[ShownLink]:
    """The links registered for ``place``, in order, their URLs reversed with ``url_kwargs``."""
    links = sorted((link for link in _LINKS.values() if link.place == place), key=lambda link: (link.order, link.key))
    return [
        ShownLink(key=link.key, label=str(link.label), url=reverse(link.url_name, kwargs=url_kwargs or None))
        for link in links
    ]


# --- links that depend on the person --------------------------------------------------------------

PersonalLinks = Callable[[Any], list[ShownLink]]
_PERSONAL: dict[str, PersonalLinks] = {}


def register_personal_links(key: str, provider: PersonalLinks) -> None:
    """``provider(user)`` lists the places where this person works in an app above ``core`` (the
    workshops app: the tables they facilitate, each with its table mode); the back-office dashboard
    shows them under «My work» (idempotent by key)."""
    _PERSONAL[key] = provider


def personal_links(user: Any) -> list[ShownLink]:
    if user is None or not user.is_authenticated:
        return []
    return [link for key in sorted(_PERSONAL) for link in _PERSONAL[key](user)]
