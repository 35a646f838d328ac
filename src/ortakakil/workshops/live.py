"""Writes during the workshop (çalıştay sırası): check-in at the door and at the table, ideas
and dot votes.

Ideas come from a facilitator (``workshops.facilitate`` on the table) or from a participant's
phone. A phone writes for a participant who checked in and opened their personal invitation
link on it, and only while the workshop is running (``Workshop.takes_phones``); dots count
against that participant's budget, whatever phone they use. A retried submission with the same
``client_key`` returns the idea already saved, so a facilitator's laptop that lost the
connection can resend its queue safely.

Facilitators correct, withdraw and merge captured ideas while their table is open; once it is
closed only the staff who manage the workshop may correct the record. Every change is kept in
the idea's history with its author.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.tabular import fold
from ortakakil.core.text import control_characters, visible
from ortakakil.core.validation import clean_optional_text, clean_text

from . import selectors
from .invitations import new_token
from .models import DotVote, Idea, Invitation, StakeholderOrganisation, Workshop, WorkshopTable

IDEA_MAX = 1000


CLIENT_KEY = re.compile(r"[\w.-]{1,40}", re.ASCII)
"""What table mode's script sends as an idea's idempotency key (a UUID, or a time and a number)."""


def phone_rate_limit() -> tuple[int, timedelta]:
    """At most this many ideas per participant in this window (against spam bursts)."""
    return int(getattr(settings, "WORKSHOP_PHONE_IDEAS_PER_MINUTE", 6)), timedelta(minutes=1)


PHONE_IDEA_SCOPE = "phone_idea"
"""The kind of write of core/ratelimit.py that phone views check, per table, before ``idea_add``."""


def phone_address_rates() -> tuple[str, str]:
    """The default rates of ``phone_idea``: at most this many phone ideas per minute from one
    network address (or one signed-in account) at one table.

    Generous: a venue's Wi-Fi puts a whole table behind one address. It stops a script that
    cycles through participants' links, which the per-participant limit alone would not.
    """
    per_minute = int(getattr(settings, "WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS", 30))
    return f"{per_minute}/m", f"{per_minute}/m"


def _clean(text: str) -> str:
    """The idea's visible text; control characters (NUL …) are refused with a Turkish message."""
    if not visible(text or "") and not control_characters(text or ""):
        raise ValidationError({"text": _("Write the idea first.")})
    return clean_text(text, field="text", label=_("The idea"), max_length=IDEA_MAX, min_length=2)


def check_phone(participant: Invitation | None, workshop: Workshop) -> Invitation:
    """A phone writes only for a checked-in participant of this workshop, while it is running.

    The one rule for every write from a phone without an account: ideas and dots here, votes on
    the workshop's opinion-map conversation in the opinions app."""
    if participant is None:
        raise PermissionDenied(_("Open your personal invitation link on this phone first (after checking in)."))
    if participant.workshop_id != workshop.pk or participant.checked_in_at is None:
        raise PermissionDenied(_("Your invitation is for another workshop, or you have not checked in yet."))
    if not workshop.takes_phones():
        raise ValidationError(_("The workshop is not running now; phones cannot add ideas or dots."))
    return participant


def _check_phone(participant: Invitation | None, table: WorkshopTable) -> Invitation:
    return check_phone(participant, table.workshop)


@transaction.atomic
def idea_add(
    *,
    table: WorkshopTable,
    text: str,
    kind: str = Idea.Kind.PROPOSAL,
    actor: User | None = None,
    participant: Invitation | None = None,
    speaker: StakeholderOrganisation | None = None,
    client_key: str = "",
) -> Idea:
    """Add an idea to an open table, from a facilitator (``actor``) or from a checked-in
    participant's phone (``participant``, while the workshop is running; the phone view has
    checked the ``phone_idea`` limit of its network address at the table)."""
    if actor is not None:
        require_perm(actor, "workshops.facilitate", table)
    if actor is None:
        _check_phone(participant, table)
    locked = WorkshopTable.objects.select_for_update().get(pk=table.pk)
    if locked.is_closed:
        raise ValidationError(_("This table is closed; it no longer takes ideas."))
    if kind not in Idea.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of idea.")})
    if client_key and not CLIENT_KEY.fullmatch(client_key):
        raise ValidationError(_("This idea's sending key is not valid; reload the page and send it again."))
    if client_key:
        existing = Idea.objects.filter(table=table, client_key=client_key).first()
        if existing is not None:
            return existing
    cleaned = _clean(text)
    if actor is None:
        limit, window = phone_rate_limit()
        recent = Idea.objects.filter(participant=participant, created_at__gte=timezone.now() - window).count()
        if recent >= limit:
            raise ValidationError(_("Too many ideas in a minute from you; please wait a little."))
    idea = Idea(
        table=table,
        kind=kind,
        text=cleaned,
        speaker=speaker,
        client_key=client_key[:40],
        participant=participant if actor is None else None,
    )
    return audited_save(idea, actor=actor)


def _correctable(actor: User, idea: Idea) -> Idea:
    """The idea, locked, if ``actor`` may change it: the table's facilitators while the table is
    open, the staff who manage the workshop at any time (correcting the record)."""
    from .reporting import require_open_or_staff

    idea = Idea.objects.select_for_update().select_related("table__workshop__process").get(pk=idea.pk)
    require_open_or_staff(actor, idea.table, _("change its ideas"))
    if not idea.is_active:
        raise ValidationError(_("This idea was already withdrawn or merged into another."))
    return idea


@transaction.atomic
def idea_edit(*, actor: User, idea: Idea, text: str, kind: str, speaker: StakeholderOrganisation | None = None) -> Idea:
    """Correct an idea's text, kind or speaker; the change is kept in the idea's history."""
    idea = _correctable(actor, idea)
    if kind not in Idea.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of idea.")})
    if speaker is not None and speaker.organisation_id != idea.table.workshop.process.organisation_id:
        raise ValidationError({"speaker": _("This organisation is not in the registry of the process's municipality.")})
    idea.text, idea.kind, idea.speaker = _clean(text), kind, speaker
    return audited_save(idea, actor=actor, update_fields=["text", "kind", "speaker", "updated_at"])


@transaction.atomic
def idea_withdraw(*, actor: User, idea: Idea) -> Idea:
    """Withdraw an idea captured by mistake or twice. Nothing is deleted: the idea keeps its
    text and history and leaves the lists and reports; its dots go back to the participants
    who put them (the rows stay, marked returned), who may put them elsewhere."""
    idea = _correctable(actor, idea)
    now = timezone.now()
    idea.withdrawn_at = now
    DotVote.objects.filter(idea=idea, returned_at__isnull=True).update(returned_at=now)
    return audited_save(idea, actor=actor, update_fields=["withdrawn_at", "updated_at"])


@transaction.atomic
def idea_merge(*, actor: User, keep: Idea, others: list[Idea]) -> Idea:
    """Merge ideas of one table that say the same thing into ``keep``.

    Each merged idea points to ``keep`` (``merged_into``) and leaves the lists; its dots move
    to ``keep``, so every participant's dots stay counted once against their budget.
    """
    keep = _correctable(actor, keep)
    if not others:
        raise ValidationError(_("Choose at least one idea to merge into this one."))
    if any(other.pk == keep.pk for other in others):
        raise ValidationError(_("An idea cannot be merged into itself."))
    merged = [_correctable(actor, other) for other in others]
    if any(other.table_id != keep.table_id for other in merged):
        raise ValidationError(_("Only ideas of the same table can be merged."))
    for other in merged:
        DotVote.objects.filter(idea=other).update(idea=keep)
        Idea.objects.filter(pk=keep.pk).update(votes_count=F("votes_count") + other.votes_count)
        Idea.objects.filter(pk=other.pk).update(votes_count=0)
        other.merged_into = keep
        audited_save(other, actor=actor, update_fields=["merged_into", "updated_at"])
    keep.refresh_from_db(fields=["votes_count"])
    # The kept idea's history records the merge and its author too.
    return audited_save(keep, actor=actor, update_fields=["updated_at"])


@transaction.atomic
def dot_vote(*, idea: Idea, participant: Invitation | None) -> int:
    """Put one dot on ``idea`` for a checked-in participant, who has ``workshop.dots_per_participant``
    dots whatever phone they use. Returns the dots the participant has left."""
    table = WorkshopTable.objects.select_related("workshop").get(pk=idea.table_id)
    participant = _check_phone(participant, table)
    if table.is_closed:
        raise ValidationError(_("This table is closed; voting has ended."))
    # The budget is per workshop: lock the workshop so parallel votes at two tables cannot overspend it.
    workshop = Workshop.objects.select_for_update().get(pk=table.workshop_id)
    idea = Idea.objects.get(pk=idea.pk)
    if not idea.is_active:
        raise ValidationError(_("This idea was withdrawn or merged into another; put your dot on another idea."))
    used = selectors.dots_used(workshop, participant)
    if used >= workshop.dots_per_participant:
        raise ValidationError(_("You have used all your %(n)d dots.") % {"n": workshop.dots_per_participant})
    DotVote.objects.create(idea=idea, workshop=workshop, participant=participant)
    Idea.objects.filter(pk=idea.pk).update(votes_count=F("votes_count") + 1)
    return workshop.dots_per_participant - used - 1


# --- check-in at the door and at the table -------------------------------------------------------


def _at(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@transaction.atomic
def checkin_door(*, actor: User, invitation: Invitation) -> Invitation:
    """Record arrival at the door (found by name or by the QR code of the personal link).

    Someone who declined but came anyway is welcome: the answer becomes "will attend".
    """
    require_perm(actor, "workshops.check_in", invitation.workshop)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.checked_in_at is not None:
        raise ValidationError(
            _("%(name)s already checked in at %(time)s.")
            % {"name": invitation.name, "time": _at(invitation.checked_in_at)}
        )
    invitation.checked_in_at = timezone.now()
    invitation.status = Invitation.Status.ACCEPTED
    return audited_save(invitation, actor=actor, update_fields=["checked_in_at", "status", "updated_at"])


@transaction.atomic
def walk_in_register(
    *, actor: User, workshop: Workshop, stakeholder: StakeholderOrganisation, attendee_name: str
) -> Invitation:
    """Someone who was not invited arrives: register and check them in at once."""
    require_perm(actor, "workshops.check_in", workshop)
    if stakeholder.organisation_id != workshop.process.organisation_id:
        raise PermissionDenied(_("This organisation is not in the registry of the process's municipality."))
    name = " ".join(
        clean_optional_text(attendee_name, field="attendee_name", label=_("The name"), max_length=200).split()
    )
    if len(name) < 3 or len(name) > 120:
        raise ValidationError({"attendee_name": _("Write the person's full name (3–120 characters).")})
    Workshop.objects.select_for_update().get(pk=workshop.pk)
    arrived = workshop.invitations.filter(stakeholder=stakeholder, checked_in_at__isnull=False).select_related(
        "contact"
    )
    if any(fold(person.name) == fold(name) for person in arrived):
        raise ValidationError(
            _("%(name)s of %(organisation)s has already checked in.") % {"name": name, "organisation": stakeholder}
        )
    invitation = Invitation(
        walk_in=True,
        workshop=workshop,
        stakeholder=stakeholder,
        attendee_name=name,
        token=new_token(),
        status=Invitation.Status.ACCEPTED,
        responded_at=timezone.now(),
        checked_in_at=timezone.now(),
    )
    return audited_save(invitation, actor=actor)


@transaction.atomic
def checkin_table(*, actor: User, invitation: Invitation, table: WorkshopTable) -> Invitation:
    """A facilitator records that the person sat down at the table (and so arrived)."""
    require_perm(actor, "workshops.facilitate", table)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.workshop_id != table.workshop_id:
        raise ValidationError(_("This person is invited to another workshop."))
    if invitation.seated_at is not None:
        where = invitation.table.theme.name if invitation.table else ""
        raise ValidationError(
            _("%(name)s already sat down at the %(table)s table at %(time)s.")
            % {"name": invitation.name, "table": where, "time": _at(invitation.seated_at)}
        )
    now = timezone.now()
    invitation.table, invitation.seated_at = table, now
    invitation.checked_in_at = invitation.checked_in_at or now
    invitation.status = Invitation.Status.ACCEPTED
    return audited_save(
        invitation, actor=actor, update_fields=["table", "seated_at", "checked_in_at", "status", "updated_at"]
    )
