"""What the text analysis app contributes to the apps below it: «benzer öneriler» on the proposal
form and the possible duplicates of the moderation page (``proposals/suggestions.py``), each
proposal's embedding computed after it is saved, and, when a proposal, workshop idea or survey
response is deleted, its ``Embedding`` and ``ThemeSuggestion`` deleted with it. Called from
``TextmineConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save


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


def _forget(kind: str) -> Any:
    """A ``post_delete`` receiver: the deleted contribution's rows go too (they name it by kind and
    key, without a foreign key). Django sends ``post_delete`` for every object a cascade deletes
    (a workshop's ideas, a survey's responses, a process's contributions) and for each object of
    ``QuerySet.delete()``, so those are covered as well."""

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        from .models import Embedding, ThemeSuggestion

        Embedding.objects.filter(kind=kind, object_id=instance.pk).delete()
        ThemeSuggestion.objects.filter(kind=kind, object_id=instance.pk).delete()

    return receiver


_FORGET = {kind: _forget(kind) for kind in ("proposal", "workshop_idea", "survey_answer")}


def register() -> None:
    from ortakakil.proposals import suggestions
    from ortakakil.proposals.models import Proposal
    from ortakakil.surveys.models import Response
    from ortakakil.workshops.models import Idea

    from . import proposal_suggestions

    suggestions.register_similar_finder(proposal_suggestions.similar_to_text)
    suggestions.register_duplicate_finder(proposal_suggestions.duplicates_of)
    post_save.connect(_proposal_saved, sender=Proposal, dispatch_uid="textmine.proposal_saved")
    for model, kind in ((Proposal, "proposal"), (Idea, "workshop_idea"), (Response, "survey_answer")):
        post_delete.connect(_FORGET[kind], sender=model, dispatch_uid=f"textmine.forget-{kind}")
