"""Recomputing a conversation's opinion map from its votes (the pure ``opinions/math``), stored as
an ``Analysis``; run in the background after vote batches.

Interface (filled by the results work of issue 10):

* ``recompute(conversation) -> Analysis`` — synchronous, warm-started from the latest analysis;
* ``request_recompute(conversation)`` — called after each vote; starts a background job when
  enough new votes arrived and none is running (debounced), never blocks the vote.
"""

from __future__ import annotations

from .models import Analysis, Conversation


def recompute(conversation: Conversation) -> Analysis:
    raise NotImplementedError


def request_recompute(conversation: Conversation) -> None:
    return None
