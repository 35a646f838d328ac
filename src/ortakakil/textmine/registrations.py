"""What the text analysis app contributes to the apps below it: «benzer öneriler» on the proposal
form and the possible duplicates of the moderation page (``proposals/suggestions.py``), and each
proposal's embedding computed after it is saved. Called from ``TextmineConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save


def _proposal_saved(sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    """A new proposal, or one whose title or text changed, is embedded after the commit."""
    if not settings.TEXTMINE_EMBED_IN_BACKGROUND or kwargs.get("raw"):
        return
    if not created and update_fields is not None and not {"title", "body"} & set(update_fields):
        return
    pk = instance.pk

    def enqueue() -> None:
        from .tasks import embed_proposals

        embed_proposals([pk])

    transaction.on_commit(enqueue)


def register() -> None:
    from ortakakil.proposals import suggestions
    from ortakakil.proposals.models import Proposal

    from . import proposal_suggestions

    suggestions.register_similar_finder(proposal_suggestions.similar_to_text)
    suggestions.register_duplicate_finder(proposal_suggestions.duplicates_of)
    post_save.connect(_proposal_saved, sender=Proposal, dispatch_uid="textmine.proposal_saved")
