"""Proposals' sentence embeddings in the database (``Embedding``): computed when a proposal
arrives or its text changes (a task after the commit), and for those still missing when they are
needed — a few in the request, a backlog in a background job so that no page waits for it.

What is embedded of a proposal is what «benzer öneriler» compares it with: its title and text as
``proposals.suggestions.typed_text`` bounds them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ortakakil.core.jobs import Progress, job_locked, job_runner, job_start_once, job_unlock
from ortakakil.processes.models import Process
from ortakakil.proposals.models import Proposal
from ortakakil.proposals.selectors import public_proposals
from ortakakil.proposals.suggestions import typed_text

from .core import embed
from .models import Embedding

logger = logging.getLogger(__name__)

KIND = "proposal"
INLINE_MAX = 20
"""Missing embeddings computed within a request (about 40 ms each); more go to a background job."""
JOB_KIND = "textmine.embed_proposals"
PENDING_SECONDS = 15 * 60


def proposal_text(title: str, body: str) -> str:
    return typed_text(title, body)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def to_vector(blob: bytes | memoryview) -> npt.NDArray[np.float32]:
    return np.frombuffer(bytes(blob), dtype="<f4").astype(np.float32)


def embeddings_store(proposals: Sequence[Proposal]) -> int:
    """Compute and store the embeddings of ``proposals`` (in batches; one row each, replaced)."""
    if not proposals:
        return 0
    texts = [proposal_text(p.title, p.body) for p in proposals]
    vectors = embed.embed(texts)
    rows = [
        Embedding(
            kind=KIND,
            object_id=p.pk,
            process_id=p.process_id,
            text_hash=text_hash(text),
            model=embed.MODEL,
            vector=np.asarray(vector, dtype="<f4").tobytes(),
        )
        for p, text, vector in zip(proposals, texts, vectors, strict=True)
    ]
    with transaction.atomic():
        Embedding.objects.filter(kind=KIND, object_id__in=[p.pk for p in proposals]).delete()
        Embedding.objects.bulk_create(rows)
    return len(rows)


def embed_proposal_ids(pks: Iterable[int]) -> int:
    """Embed these proposals when their stored embedding is missing or of another text."""
    proposals = list(Proposal.objects.filter(pk__in=list(pks)).only("pk", "process_id", "title", "body"))
    known = dict(
        Embedding.objects.filter(kind=KIND, object_id__in=[p.pk for p in proposals], model=embed.MODEL).values_list(
            "object_id", "text_hash"
        )
    )
    stale = [p for p in proposals if known.get(p.pk) != text_hash(proposal_text(p.title, p.body))]
    return embeddings_store(stale)


@dataclass(frozen=True)
class Vectors:
    """The stored embeddings of a process's public proposals: ``ids[i]`` has row ``matrix[i]``."""

    ids: list[int]
    matrix: npt.NDArray[np.float32]
    hashes: list[str]
    pending: bool = False
    """Some public proposals have no embedding yet (a background job computes them)."""


def _pending_key(process_id: int) -> str:
    return f"textmine:embed:pending:{process_id}"


def backlog_pending(process: Process) -> bool:
    return job_locked(_pending_key(process.pk))


def start_backlog(process: Process) -> None:
    """Embed the process's proposals in a background job, unless one is pending (the cache ``add``
    is the lock) or background embedding is off (``TEXTMINE_EMBED_IN_BACKGROUND``)."""
    if not settings.TEXTMINE_EMBED_IN_BACKGROUND:
        return
    job_start_once(
        _pending_key(process.pk),
        kind=JOB_KIND,
        label=_("Text analysis of the proposals: %(title)s") % {"title": process.title},
        actor=None,
        params={"process": process.pk},
        timeout=PENDING_SECONDS,
    )


def public_vectors(process: Process, *, compute: bool = True) -> Vectors:
    """The embeddings of the public proposals of ``process`` (one query), computing the missing
    ones here when they are few and in a background job otherwise (left out meanwhile)."""
    public = public_proposals(process).values("pk")
    rows = list(
        Embedding.objects.filter(process=process, kind=KIND, model=embed.MODEL, object_id__in=public)
        .order_by("object_id")
        .values_list("object_id", "vector", "text_hash")
    )
    have = {row[0] for row in rows}
    missing = [pk for pk in public_proposals(process).order_by("pk").values_list("pk", flat=True) if pk not in have]
    pending = False
    if missing and compute:
        if len(missing) <= INLINE_MAX:
            embed_proposal_ids(missing)
            return public_vectors(process, compute=False)
        start_backlog(process)
        pending = True
    elif missing:
        pending = True
    ids = [row[0] for row in rows]
    matrix = (
        np.stack([to_vector(row[1]) for row in rows]).astype(np.float32)
        if rows
        else np.zeros((0, embed.DIM), dtype=np.float32)
    )
    return Vectors(ids=ids, matrix=matrix, hashes=[row[2] for row in rows], pending=pending)


@job_runner(JOB_KIND)
def embed_backlog_job(progress: Progress, *, process: int) -> None:
    """Embed every public proposal of the process whose embedding is missing or of another text."""
    try:
        found = Process.objects.filter(pk=process).first()
        if found is None:
            return
        pks = list(public_proposals(found).order_by("pk").values_list("pk", flat=True))
        batch = 256
        for start in range(0, len(pks), batch):
            progress(start, len(pks), _("Analysing the proposals' texts"))
            embed_proposal_ids(pks[start : start + batch])  # only those missing or of another text
        progress(len(pks), len(pks), _("Done"))
    finally:
        job_unlock(_pending_key(process))
