"""Contributions alike: one read interface over proposals, workshop ideas and survey answers.

A contribution is anything people bring to a planning process: an online proposal, an idea said
at a workshop table, a free-text survey answer (later: an opinion statement). They are different
models in different apps, but pages that show a process or a theme, text analysis, traceability
and open data need them alike. Each app that owns a kind of contribution registers a
``ContributionKind`` from its ``AppConfig.ready()``; this module, which sits below those apps,
never imports them (Decidim's component manifests work the same way).

A kind answers, for a process (and optionally one theme):

* ``public(process, theme)`` — the single definition of what the public sees of that kind
  (hidden, merged-away or withdrawn items left out); every count shown anywhere is its count;
* ``count`` / ``top`` — for the process and theme pages;
* ``read`` — the items as ``Contribution`` records (text, theme, kind, author's stakeholder
  type, created, public URL, counts), for analysis and exports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.functional import Promise

    from .models import Process, Theme

CITIZEN = "citizen"
"""Author type of a person who took part as an individual (not for an organisation)."""


@dataclass(frozen=True)
class Contribution:
    """One contribution, read-only, whatever app it comes from."""

    kind: str
    """The registered kind's key: ``"proposal"``, ``"workshop_idea"``, ``"survey_answer"`` …"""
    pk: int
    text: str
    created_at: dt.datetime
    url: str
    """Its public address ("" when it has no public page of its own)."""
    title: str = ""
    theme_id: int | None = None
    theme_code: str = ""
    theme_name: str = ""
    author_type: str = ""
    """``CITIZEN``, a stakeholder organisation type (``"universite"``, ``"stk"`` …) or "" if unknown."""
    counts: Mapping[str, int] = field(default_factory=dict)
    """What people did with it: ``{"supports": 12, "comments": 3}``, ``{"dots": 7}`` …"""
    is_public: bool = True
    """False for contributions that are analysed but never shown one by one (survey answers)."""


class ContributionKind(Protocol):
    """What an app registers for one kind of contribution."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> Promise | str:
        """Plural, as a section heading or a count label ("Proposals")."""
        ...

    @property
    def order(self) -> int:
        """Position among the kinds on pages (lower first)."""
        ...

    def public(self, process: Process, *, theme: Theme | None = None) -> QuerySet[Any]:
        """The items of this kind the public sees in ``process`` (and ``theme``)."""
        ...

    def count(self, process: Process, *, theme: Theme | None = None) -> int: ...

    def top(self, process: Process, *, theme: Theme | None = None, limit: int = 5) -> list[Contribution]:
        """The most supported / most voted items, for the theme page."""
        ...

    def read(self, process: Process, *, theme: Theme | None = None) -> Iterator[Contribution]:
        """Every item as a ``Contribution`` (analysis, exports); may include non-public ones
        flagged ``is_public=False`` but never hidden (moderated) ones."""
        ...

    def list_url(self, process: Process, *, theme: Theme | None = None) -> str:
        """The public page that lists the items ("" when there is none)."""
        ...

    def read_ids(self, process: Process, pks: Iterable[int]) -> Iterator[Contribution]:
        """The items of ``process`` with these keys that ``read`` would give (others are left out)."""
        ...


_KINDS: dict[str, ContributionKind] = {}


def register(kind: ContributionKind) -> None:
    """Register ``kind`` (idempotent by key)."""
    _KINDS[kind.key] = kind


def kinds() -> list[ContributionKind]:
    """The registered kinds, in page order."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kind(key: str) -> ContributionKind:
    return _KINDS[key]


def counts(process: Process, *, theme: Theme | None = None) -> dict[str, int]:
    """How many contributions of each kind the public sees: ``{"proposal": 617, …}``."""
    return {k.key: k.count(process, theme=theme) for k in kinds()}


def lookup(process: Process, kind_key: str, pks: Iterable[int]) -> dict[int, Contribution]:
    """The contributions of one kind by key, for links that name them (traceability); keys that
    are not (or no longer) readable contributions of ``process`` are absent."""
    if kind_key not in _KINDS:
        return {}
    found: dict[int, Contribution] = {}
    for contribution in _KINDS[kind_key].read_ids(process, list(pks)):
        found.setdefault(contribution.pk, contribution)
    return found


def read_all(
    process: Process, *, theme: Theme | None = None, only: Iterable[str] | None = None
) -> Iterator[Contribution]:
    """Every contribution of ``process`` (of the kinds in ``only``), kind after kind."""
    wanted = set(only) if only is not None else None
    for registered in kinds():
        if wanted is None or registered.key in wanted:
            yield from registered.read(process, theme=theme)
