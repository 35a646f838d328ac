"""Public pages of the opinion map: a conversation's results (the map, the groups, the consensus
and the cross-tab of groups × stakeholder types)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import results, selectors
from .models import STAKEHOLDER_TYPES
from .recompute import recompute_pending


def conversation_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A conversation's question, the way to vote, and what the votes show so far."""
    conversation = selectors.conversation_for_public(user=request.user, slug=slug, pk=pk)
    shown = results.results_of(conversation, viewer=results.viewer_participant(request, conversation))
    labels = dict(STAKEHOLDER_TYPES)
    return render(
        request,
        "opinions/conversation_detail.html",
        {
            "process": conversation.process,
            "conversation": conversation,
            "results": shown,
            "pending": recompute_pending(conversation),
            "type_labels": labels,
            "is_open": conversation.process.is_open("opinions") and not conversation.is_closed,
        },
    )
