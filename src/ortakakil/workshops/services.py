"""Writes for workshops: capturing ideas at a table and dot voting.

Ideas come from a facilitator (signed in) or from a participant's phone (an anonymous
participant key, no account). A retried submission with the same ``client_key`` returns the
idea already saved, so a facilitator's laptop that lost the connection can resend its queue
safely. Every write runs in one transaction and is recorded in the idea's history.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import audited_save

from .models import DotVote, Idea, StakeholderOrganisation, Workshop, WorkshopTable

IDEA_MAX = 1000


def phone_rate_limit() -> tuple[int, timedelta]:
    """At most this many ideas per participant in this window (against spam bursts from one phone)."""
    return int(getattr(settings, "WORKSHOP_PHONE_IDEAS_PER_MINUTE", 6)), timedelta(minutes=1)


def can_facilitate(user: Any, table: WorkshopTable) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm("processes.manage_process", table.workshop.process):
        return True
    return table.facilitators.filter(pk=user.pk).exists()


def _clean(text: str) -> str:
    text = (text or "").strip()
    if len(text) < 2:
        raise ValidationError({"text": _("Write the idea first.")})
    if len(text) > IDEA_MAX:
        raise ValidationError({"text": _("An idea can be at most %(max)d characters.") % {"max": IDEA_MAX}})
    return text


@transaction.atomic
def idea_add(
    *,
    table: WorkshopTable,
    text: str,
    kind: str = Idea.Kind.PROPOSAL,
    actor: User | None = None,
    participant_key: str = "",
    speaker: StakeholderOrganisation | None = None,
    client_key: str = "",
) -> Idea:
    """Add an idea to an open table, from a facilitator (``actor``) or a phone (``participant_key``)."""
    if actor is None and not participant_key:
        raise PermissionDenied(_("Join the table with its code first."))
    if actor is not None and not can_facilitate(actor, table):
        raise PermissionDenied(_("Only the table's facilitators can add ideas here."))
    locked = WorkshopTable.objects.select_for_update().get(pk=table.pk)
    if locked.is_closed:
        raise ValidationError(_("This table is closed; it no longer takes ideas."))
    if kind not in Idea.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of idea.")})
    if client_key:
        existing = Idea.objects.filter(table=table, client_key=client_key).first()
        if existing is not None:
            return existing
    if actor is None:
        limit, window = phone_rate_limit()
        recent = Idea.objects.filter(
            table__workshop_id=table.workshop_id,
            participant_key=participant_key,
            created_at__gte=timezone.now() - window,
        ).count()
        if recent >= limit:
            raise ValidationError(_("Too many ideas in a minute from this phone; please wait a little."))
    idea = Idea(
        table=table,
        kind=kind,
        text=_clean(text),
        speaker=speaker,
        client_key=client_key[:40],
        participant_key=participant_key[:64] if actor is None else "",
    )
    return audited_save(idea, actor=actor)


@transaction.atomic
def idea_edit(*, actor: User, idea: Idea, text: str, kind: str) -> Idea:
    """Facilitators correct an idea; the change is kept in the idea's history."""
    if not can_facilitate(actor, idea.table):
        raise PermissionDenied(_("Only the table's facilitators can edit its ideas."))
    if kind not in Idea.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of idea.")})
    idea.text, idea.kind = _clean(text), kind
    return audited_save(idea, actor=actor, update_fields=["text", "kind", "updated_at"])


@transaction.atomic
def dot_vote(*, idea: Idea, participant_key: str) -> int:
    """Put one dot on ``idea``; each participant has ``workshop.dots_per_participant`` dots.

    Returns the dots the participant has left.
    """
    if not participant_key:
        raise PermissionDenied(_("Join the table with its code first."))
    table = WorkshopTable.objects.get(pk=idea.table_id)
    if table.is_closed:
        raise ValidationError(_("This table is closed; voting has ended."))
    # The budget is per workshop: lock the workshop so parallel votes at two tables cannot overspend it.
    workshop = Workshop.objects.select_for_update().get(pk=table.workshop_id)
    used = DotVote.objects.filter(workshop=workshop, participant_key=participant_key).count()
    if used >= workshop.dots_per_participant:
        raise ValidationError(_("You have used all your %(n)d dots.") % {"n": workshop.dots_per_participant})
    DotVote.objects.create(idea=idea, workshop=workshop, participant_key=participant_key)
    Idea.objects.filter(pk=idea.pk).update(votes_count=F("votes_count") + 1)
    return workshop.dots_per_participant - used - 1
