"""huey tasks of the text analysis app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from .embeddings import embed_proposal_ids

logger = logging.getLogger(__name__)


@db_task()
def embed_proposals(pks: list[int]) -> None:
    """After a proposal is created or its text edited: its embedding, so that «benzer öneriler»
    and the merge suggestions never wait for it. A failure is logged; the next page that needs
    the embedding computes it."""
    try:
        embed_proposal_ids(pks)
    except Exception:
        logger.exception("could not embed proposals %s", pks)
