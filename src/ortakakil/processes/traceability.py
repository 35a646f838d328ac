"""What became of a contribution: the plan items that answer it ("Plana dahil edildi: H3.2").

The plan lives in an app above the ones that own contributions, so the proposal page and the
workshop table report ask this registry, which the planning app fills from its
``AppConfig.ready()``; nothing here imports it.

It also goes the other way: an official answer to a proposal may cite a goal of the plan
("Bu yanıt H3.2 hedefine dayanır"). The proposals app lists the goals it may cite with
``plan_items`` and tells the plan with ``cite`` that an answer cites one, so the plan can record
the link on its side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .models import Process


@dataclass(frozen=True)
class Progress:
    """How far a plan item has come, as the public scoreboard measures it («Siz söylediniz, biz
    yaptık»): filled by the monitoring app once its scoreboard is public."""

    period: str
    """The period measured: ``2022-H1``, ``2022``."""
    rate: float | None
    """The item's realisation in percent (0–100), None without the values to compute it."""
    status: str
    """``on_track``, ``attention``, ``behind`` or ``no_data``."""
    status_label: str
    url: str
    """The item on the scoreboard."""


@dataclass(frozen=True)
class Fate:
    """A plan item that answers a contribution."""

    code: str
    """The item's code: ``H3.2``, ``A1`` …"""
    title: str
    url: str
    approved: bool
    """Whether the plan that holds the item is approved (else it is the draft being prepared)."""
    progress: Progress | None = None
    """Its realisation, when a higher app measures it publicly (``register_progress``)."""


FateProvider = Callable[["Process", str, list[int]], dict[int, list[Fate]]]
_PROVIDERS: list[FateProvider] = []
ProgressProvider = Callable[["Process", list[str]], dict[str, Progress]]
"""Called with the codes of plan items; answers the progress of those it measures."""
_PROGRESS: list[ProgressProvider] = []


def register(provider: FateProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_progress(provider: ProgressProvider) -> None:
    if provider not in _PROGRESS:
        _PROGRESS.append(provider)


def fates(process: Process, kind: str, object_ids: Iterable[int]) -> dict[int, list[Fate]]:
    """For contributions of ``kind`` (a registered contribution kind's key), their plan items."""
    ids = list(object_ids)
    out: dict[int, list[Fate]] = {}
    if not ids:
        return out
    for provider in _PROVIDERS:
        for object_id, found in provider(process, kind, ids).items():
            out.setdefault(object_id, []).extend(found)
    codes = sorted({fate.code for found in out.values() for fate in found})
    if codes:
        progress: dict[str, Progress] = {}
        for progress_provider in _PROGRESS:
            progress |= progress_provider(process, codes)
        if progress:
            out = {
                object_id: [replace(fate, progress=progress.get(fate.code, fate.progress)) for fate in found]
                for object_id, found in out.items()
            }
    return out


class PlanItem(NamedTuple):
    """A plan item an official answer may cite: ``("H3.2", "Toplu taşımayı …", "/processes/…")``."""

    code: str
    title: str
    url: str


PlanItemsProvider = Callable[["Process"], list[PlanItem]]
Citation = Callable[..., None]
"""Called as ``citation(actor=…, process=…, code=…, kind=…, object_id=…)``."""
_PLAN_ITEMS: list[PlanItemsProvider] = []
_CITATIONS: list[Citation] = []


def register_plan_items(provider: PlanItemsProvider) -> None:
    if provider not in _PLAN_ITEMS:
        _PLAN_ITEMS.append(provider)


def plan_items(process: Process) -> list[PlanItem]:
    """The goals of the process's current plan that an answer may cite, in plan order."""
    return [item for provider in _PLAN_ITEMS for item in provider(process)]


def register_citation(callback: Citation) -> None:
    if callback not in _CITATIONS:
        _CITATIONS.append(callback)


def cite(*, actor: Any, process: Process, code: str, kind: str, object_id: int) -> None:
    """The contribution ``kind``/``object_id`` was answered citing the plan item ``code``: the
    plan records it as a source of that item where it still can (a draft)."""
    for callback in _CITATIONS:
        callback(actor=actor, process=process, code=code, kind=kind, object_id=object_id)
