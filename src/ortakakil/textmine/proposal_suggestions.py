"""The proposal pages' suggestions from text analysis (``proposals/suggestions.py`` names them):
«benzer öneriler» for a proposal being written, and pairs of public proposals proposed for
merging on the moderation page. Both compare what ``core.similar`` compares — meaning (stored
embeddings) plus shared content words — over the public proposals of one process.
"""

from __future__ import annotations

import hashlib
import sys

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from ortakakil.core.jobs import Progress, job_runner, job_start_once, job_unlock
from ortakakil.processes.models import Process
from ortakakil.proposals.models import Proposal
from ortakakil.proposals.selectors import public_proposals
from ortakakil.proposals.suggestions import DuplicatePair, Duplicates

from .core import embed, similar
from .embeddings import (
    INLINE_MAX,
    PENDING_SECONDS,
    embed_proposal_ids,
    proposal_text,
    public_vectors,
    start_backlog,
    text_hash,
)

SIMILAR_MIN = 0.92
"""Lowest similarity (meaning + ``LEXICAL`` × shared words) shown as «benzer»: on the development
set every paraphrase partner scores at least 0.93, while 99 % of unrelated pairs stay below 0.94
and the median unrelated pair scores 0.84 (e5's cosines of unrelated Turkish texts are high)."""
DUPLICATES_CACHE_SECONDS = 60 * 60
DUPLICATES_INLINE_MAX = 2000
"""Proposals compared while the moderation page loads (about 1.5 s per thousand); more: a job."""
DUPLICATES_JOB_KIND = "textmine.duplicates"


def _duplicates_pending_key(process_id: int) -> str:
    return f"textmine:duplicates:pending:{process_id}"


def _start_duplicates_job(process: Process) -> None:
    if not settings.TEXTMINE_EMBED_IN_BACKGROUND:
        return
    job_start_once(
        _duplicates_pending_key(process.pk),
        kind=DUPLICATES_JOB_KIND,
        label=_("Possible duplicates: %(title)s") % {"title": process.title},
        actor=None,
        params={"process": process.pk},
        timeout=PENDING_SECONDS,
    )


@job_runner(DUPLICATES_JOB_KIND)
def duplicates_job(progress: Progress, *, process: int) -> None:
    """Compare a large process's proposals once; the result waits in the cache for the page."""
    try:
        found = Process.objects.filter(pk=process).first()
        if found is not None:
            progress(0, 1, _("Looking for possible duplicates"))
            duplicates_of(found, inline_max=sys.maxsize)
            progress(1, 1, _("Done"))
    finally:
        job_unlock(_duplicates_pending_key(process))


def similar_to_text(process: Process, text: str, limit: int) -> list[Proposal]:
    """The ``limit`` public proposals of ``process`` most like ``text`` and at least ``SIMILAR_MIN``
    alike. One embedding of the text; stored vectors compared by meaning; shared words counted
    for the ``similar.CANDIDATES`` best only."""
    vectors = public_vectors(process)
    if not vectors.ids or not text.strip():
        return []
    query = embed.embed([text])[0]
    coarse = vectors.matrix @ query
    count = min(similar.CANDIDATES, len(vectors.ids))
    best = np.argpartition(-coarse, count - 1)[:count]
    found = public_proposals(process).in_bulk([vectors.ids[i] for i in best.tolist()])
    rows = [i for i in best.tolist() if vectors.ids[i] in found]  # hidden or merged meanwhile: left out
    if not rows:
        return []
    candidates = [found[vectors.ids[i]] for i in rows]
    texts = [text, *(proposal_text(p.title, p.body) for p in candidates)]
    dense = np.vstack([query[None, :], vectors.matrix[rows]])
    cols = np.arange(1, len(texts), dtype=np.int64)
    try:
        features = similar.Features.build(texts, dense)
        lexical = features.lexical_pairs(np.zeros(len(cols), dtype=np.int64), cols)
    except ValueError:  # no content word in any text
        features = similar.Features(dense=dense, lexical=None)
        lexical = np.zeros(len(cols))
    scores = features.coarse(np.zeros(1, dtype=np.int64), cols)[0] + similar.LEXICAL * lexical
    order = np.argsort(-scores, kind="stable")[:limit]
    return [candidates[j] for j in order.tolist() if scores[j] >= SIMILAR_MIN]


def _fingerprint(process: Process, rows: list[tuple[int, str, int]]) -> str:
    digest = hashlib.sha256(f"{embed.MODEL}:{similar.DUPLICATE_MIN}:{process.pk}".encode())
    for pk, hashed, theme in rows:
        digest.update(f"{pk}:{hashed}:{theme};".encode())
    return f"textmine:duplicates:{digest.hexdigest()}"


def duplicates_of(process: Process, *, inline_max: int | None = None) -> Duplicates:
    """Pairs of public proposals of ``process`` proposed for merging (``similar.duplicates``: each
    the other's most similar and at least ``DUPLICATE_MIN`` alike), most similar first. The
    proposal's own theme is the theme signal. Cached until a proposal, its text or theme changes;
    more than ``inline_max`` proposals (default ``DUPLICATES_INLINE_MAX``) are compared in a
    background job, and the page says the list is on its way."""
    inline_max = DUPLICATES_INLINE_MAX if inline_max is None else inline_max
    vectors = public_vectors(process)
    current = {
        pk: (title, body, theme)
        for pk, title, body, theme in public_proposals(process).values_list("pk", "title", "body", "theme_id")
    }
    texts = {pk: proposal_text(*current[pk][:2]) for pk in vectors.ids if pk in current}
    stale = [
        pk
        for pk, hashed in zip(vectors.ids, vectors.hashes, strict=True)
        if pk in texts and text_hash(texts[pk]) != hashed
    ]
    pending = vectors.pending
    if stale and len(stale) <= INLINE_MAX:
        embed_proposal_ids(stale)
        vectors = public_vectors(process, compute=False)
    elif stale:
        start_backlog(process)
        pending = True
    keep = [i for i, pk in enumerate(vectors.ids) if pk in texts]
    ids = [vectors.ids[i] for i in keep]
    if len(ids) < 2:
        return Duplicates(pairs=[], pending=pending)
    key = _fingerprint(process, [(pk, vectors.hashes[i], current[pk][2]) for i, pk in zip(keep, ids, strict=True)])
    found: list[tuple[int, int, float]] | None = cache.get(key)
    if found is None and len(ids) > inline_max:
        _start_duplicates_job(process)
        return Duplicates(pairs=[], pending=True)
    if found is None:
        themes = sorted({current[pk][2] for pk in ids})
        column = {theme: c for c, theme in enumerate(themes)}
        onehot = np.zeros((len(ids), len(themes)), dtype=np.float64)
        onehot[np.arange(len(ids)), [column[current[pk][2]] for pk in ids]] = 1.0
        features = similar.Features.build([texts[pk] for pk in ids], vectors.matrix[keep], onehot)
        found = [(ids[p.a], ids[p.b], p.score) for p in similar.duplicates(features)]
        cache.set(key, found, DUPLICATES_CACHE_SECONDS)
    proposals = public_proposals(process).in_bulk([pk for pair in found for pk in pair[:2]])
    pairs = [
        DuplicatePair(a=proposals[a], b=proposals[b], score=score)
        for a, b, score in found
        if a in proposals and b in proposals
    ]
    return Duplicates(pairs=pairs, pending=pending)
