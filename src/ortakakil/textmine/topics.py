"""Sub-topics and summaries (alt konular ve özetler) of a process's contributions: per theme, and
per workshop table for the workshop report.

* ``digests_compute`` — called by every theme model run (``themes.themes_compute``), which has
  just read every contribution and its embedding: it groups the contributions by theme (the
  staff's decision, else the contribution's own theme, else a confident suggestion: survey answers
  carry none), finds each theme's sub-topics with their label words and extractive summaries
  (``core/topics.py``), does the same for each workshop table's ideas, and replaces the process's
  ``TopicDigest`` rows in one transaction.
* ``theme_digest`` / ``table_digests`` — what the theme page, the workshop report and the plan's
  situation analysis show: quotes are resolved again through the contribution registry, so a
  contribution hidden, merged away or withdrawn since the run is no longer quoted, and every quote
  links to its public page. Survey answers shape the sub-topics but are never quoted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import transaction

from ortakakil.processes import contributions
from ortakakil.processes.models import Process, Theme
from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

from .core import classify
from .core import topics as core
from .embeddings import proposal_text
from .models import ThemeModelRun, TopicDigest

if TYPE_CHECKING:
    from .themes import Item

MIN_CONFIDENCE = 0.5
"""A contribution without a theme of its own joins the theme suggested for it from this confidence."""
THEME_QUOTES = 5
SUBTOPIC_QUOTES = 3


def _quote(item: Item) -> dict[str, Any]:
    """A quote is stored as the contribution's key only: pages show its current first sentence,
    and nothing of a contribution deleted since stays readable here."""
    return {"kind": item.kind, "pk": item.pk}


def quote_text(contribution: contributions.Contribution) -> str:
    """The first sentence of what was analysed of ``contribution`` (a proposal: its title first)."""
    text = (
        proposal_text(contribution.title, contribution.text) if contribution.kind == "proposal" else contribution.text
    )
    return core.first_sentence(text)


def _digest(items: Sequence[Item], vectors: np.ndarray[Any, Any], background: core.Corpus) -> dict[str, Any]:
    texts = [item.text for item in items]
    quotable = [item.public for item in items]
    found = core.subtopics(texts, vectors, quotable=quotable, background=background, count=SUBTOPIC_QUOTES)
    return {
        "summary": [_quote(items[i]) for i in core.quote(vectors, quotable, count=THEME_QUOTES)],
        "subtopics": [
            {
                "keywords": topic.keywords,
                "size": len(topic.members),
                "kinds": dict(Counter(items[i].kind for i in topic.members)),
                "summary": [_quote(items[i]) for i in topic.quoted],
            }
            for topic in found
        ],
    }


def theme_of_items(
    items: Sequence[Item], suggestions: Sequence[classify.Suggestion], decided: Mapping[tuple[str, int], str]
) -> list[str]:
    """Each item's theme code for the digests ("" when it has none and no confident suggestion)."""
    out = []
    for item, suggestion in zip(items, suggestions, strict=True):
        code = decided.get((item.kind, item.pk)) or item.theme_code
        if not code and suggestion.confidence >= MIN_CONFIDENCE:
            code = suggestion.theme
        out.append(code)
    return out


def _idea_tables(process: Process, items: Sequence[Item]) -> dict[int, int]:
    pks = [item.pk for item in items if item.kind == "workshop_idea"]
    found: dict[int, int] = {}
    for start in range(0, len(pks), 1000):
        found.update(
            Idea.objects.filter(pk__in=pks[start : start + 1000], table__workshop__process=process).values_list(
                "pk", "table_id"
            )
        )
    return found


def digests_compute(
    process: Process,
    run: ThemeModelRun,
    items: Sequence[Item],
    vectors: np.ndarray[Any, Any],
    codes: Sequence[str],
) -> int:
    """Replace the process's digests: one per theme with contributions, one per workshop table
    with ideas. Returns how many were written."""
    themes = {t.code: t for t in Theme.objects.filter(process=process)}
    background = core.corpus([item.text for item in items])
    rows: list[TopicDigest] = []
    by_theme: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        if code in themes:
            by_theme.setdefault(code, []).append(index)
    for code, indices in by_theme.items():
        chosen = [items[i] for i in indices]
        rows.append(
            TopicDigest(
                process=process,
                theme=themes[code],
                run=run,
                size=len(chosen),
                data=_digest(chosen, vectors[indices], background),
            )
        )
    tables = {t.pk: t for t in WorkshopTable.objects.filter(workshop__process=process)}
    by_table: dict[int, list[int]] = {}
    idea_table = _idea_tables(process, items)
    for index, item in enumerate(items):
        table_id = idea_table.get(item.pk) if item.kind == "workshop_idea" else None
        if table_id in tables:
            by_table.setdefault(table_id, []).append(index)
    for table_id, indices in by_table.items():
        chosen = [items[i] for i in indices]
        table = tables[table_id]
        rows.append(
            TopicDigest(
                process=process,
                theme_id=table.theme_id,
                table=table,
                run=run,
                size=len(chosen),
                data=_digest(chosen, vectors[indices], background),
            )
        )
    with transaction.atomic():
        TopicDigest.objects.filter(process=process).delete()
        TopicDigest.objects.bulk_create(rows)
    return len(rows)


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    text: str
    url: str
    kind: str


@dataclass(frozen=True)
class SubtopicView:
    keywords: list[str]
    size: int
    kinds: list[tuple[str, int]]  # (plural label, count), in page order
    quotes: list[Quote]

    @property
    def label(self) -> str:
        return " · ".join(self.keywords)


@dataclass(frozen=True)
class DigestView:
    theme: Theme
    size: int
    computed_at: dt.datetime
    summary: list[Quote]
    subtopics: list[SubtopicView] = field(default_factory=list)
    version: str = ""
    """Changes when the digest does (part of the workshop report's fingerprint)."""


def _resolver(process: Process, digests: Iterable[TopicDigest]) -> dict[tuple[str, int], contributions.Contribution]:
    """The contributions the digests quote that are still public, in one lookup per kind."""
    wanted: dict[str, set[int]] = {}
    for digest in digests:
        quotes = list(digest.data.get("summary", []))
        for topic in digest.data.get("subtopics", []):
            quotes.extend(topic.get("summary", []))
        for quote in quotes:
            wanted.setdefault(str(quote["kind"]), set()).add(int(quote["pk"]))
    found: dict[tuple[str, int], contributions.Contribution] = {}
    for kind, pks in wanted.items():
        for pk, contribution in contributions.lookup(process, kind, pks).items():
            if contribution.is_public:
                found[(kind, pk)] = contribution
    return found


def _quotes(
    raw: Iterable[Mapping[str, Any]], public: Mapping[tuple[str, int], contributions.Contribution]
) -> list[Quote]:
    out = []
    for quote in raw:
        contribution = public.get((str(quote["kind"]), int(quote["pk"])))
        if contribution is not None:
            out.append(Quote(text=quote_text(contribution), url=contribution.url, kind=contribution.kind))
    return out


def _kind_labels() -> dict[str, str]:
    return {kind.key: str(kind.label) for kind in contributions.kinds()}


def _view(digest: TopicDigest, public: Mapping[tuple[str, int], contributions.Contribution]) -> DigestView:
    labels = _kind_labels()
    order = {key: i for i, key in enumerate(labels)}
    subtopics = []
    for topic in digest.data.get("subtopics", []):
        kinds = sorted(topic.get("kinds", {}).items(), key=lambda kv: order.get(kv[0], len(order)))
        subtopics.append(
            SubtopicView(
                keywords=[str(w) for w in topic.get("keywords", [])],
                size=int(topic.get("size", 0)),
                kinds=[(labels.get(key, key), int(n)) for key, n in kinds],
                quotes=_quotes(topic.get("summary", []), public),
            )
        )
    return DigestView(
        theme=digest.theme,
        size=digest.size,
        computed_at=digest.computed_at,
        summary=_quotes(digest.data.get("summary", []), public),
        subtopics=subtopics,
        version=f"{digest.pk}:{digest.computed_at.isoformat()}",
    )


def theme_digest(process: Process, theme: Theme) -> DigestView | None:
    """The sub-topics of the theme's contributions (``None`` before a first run)."""
    digest = TopicDigest.objects.filter(theme=theme, table__isnull=True).select_related("theme").first()
    if digest is None:
        return None
    return _view(digest, _resolver(process, [digest]))


def theme_digests(process: Process) -> dict[int, DigestView]:
    """Every theme's digest, by theme id (the plan's situation analysis)."""
    digests = list(TopicDigest.objects.filter(process=process, table__isnull=True).select_related("theme"))
    public = _resolver(process, digests)
    return {d.theme_id: _view(d, public) for d in digests}


def table_digests(workshop: Workshop) -> dict[int, DigestView]:
    """The sub-topics of each table's ideas, by table id (tables without a digest are absent)."""
    digests = list(TopicDigest.objects.filter(table__workshop=workshop).select_related("theme"))
    public = _resolver(workshop.process, digests)
    return {d.table_id: _view(d, public) for d in digests if d.table_id is not None}


def table_digests_version(workshop: Workshop) -> list[tuple[int | None, str]]:
    """Changes when a table's digest is recomputed (the workshop report's fingerprint)."""
    return [
        (table_id, computed.isoformat())
        for table_id, computed in TopicDigest.objects.filter(table__workshop=workshop)
        .order_by("table_id")
        .values_list("table_id", "computed_at")
    ]
