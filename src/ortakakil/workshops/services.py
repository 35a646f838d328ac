"""Writes for workshops: invitations and answers, table assignment, check-in, capturing
ideas at a table, dot voting, and closing a table with its summary.

Ideas come from a facilitator (signed in) or from a participant's phone. A phone writes for
a participant who checked in and opened their personal invitation link on it, and only while
the workshop is running (``Workshop.takes_phones``); dots count against that participant's
budget, whatever phone they use. A retried submission with the same ``client_key`` returns the
idea already saved, so a facilitator's laptop that lost the connection can resend its queue
safely. Every write runs in one transaction and is recorded in the idea's history.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.jobs import job_start
from ortakakil.core.models import Job, User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.tabular import fold
from ortakakil.core.text import control_characters, visible
from ortakakil.core.validation import clean_optional_text, clean_text
from ortakakil.processes.models import Theme

from . import assignment
from .models import ContactPerson, DotVote, Idea, Invitation, StakeholderOrganisation, Workshop, WorkshopTable

IDEA_MAX = 1000


def phone_rate_limit() -> tuple[int, timedelta]:
    """At most this many ideas per participant in this window (against spam bursts)."""
    return int(getattr(settings, "WORKSHOP_PHONE_IDEAS_PER_MINUTE", 6)), timedelta(minutes=1)


def address_rate_limit() -> int:
    """At most this many phone ideas per minute from one network address at one table.

    Generous: a venue's Wi-Fi puts a whole table behind one address. It stops a script that
    cycles through participants' links, which the per-participant limit alone would not.
    """
    return int(getattr(settings, "WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS", 30))


def can_facilitate(user: Any, table: WorkshopTable) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm("workshops.manage", table.workshop):
        return True
    return table.facilitators.filter(pk=user.pk).exists()


def _clean(text: str) -> str:
    """The idea's visible text; control characters (NUL …) are refused with a Turkish message."""
    if not visible(text or "") and not control_characters(text or ""):
        raise ValidationError({"text": _("Write the idea first.")})
    return clean_text(text, field="text", label=_("The idea"), max_length=IDEA_MAX, min_length=2)


def _check_phone(participant: Invitation | None, table: WorkshopTable) -> Invitation:
    """A phone writes only for a checked-in participant of this workshop, while it is running."""
    if participant is None:
        raise PermissionDenied(_("Open your personal invitation link on this phone first (after checking in)."))
    if participant.workshop_id != table.workshop_id or participant.checked_in_at is None:
        raise PermissionDenied(_("Your invitation is for another workshop, or you have not checked in yet."))
    if not table.workshop.takes_phones():
        raise ValidationError(_("The workshop is not running now; phones cannot add ideas or dots."))
    return participant


def _address_key(table: WorkshopTable, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]
    return f"workshops:phone-ideas:{table.pk}:{digest}"


def _count_address(table: WorkshopTable, address: str) -> None:
    """Count one idea from ``address`` at ``table`` in this minute; refuse beyond the limit.

    The count lives in the cache for a minute: the address itself is never stored.
    """
    if not address:
        return
    key = _address_key(table, address)
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    if count > address_rate_limit():
        raise ValidationError(_("Too many ideas in a minute from this network; please wait a little."))


@transaction.atomic
def idea_add(
    *,
    table: WorkshopTable,
    text: str,
    kind: str = Idea.Kind.PROPOSAL,
    actor: User | None = None,
    participant: Invitation | None = None,
    address: str = "",
    speaker: StakeholderOrganisation | None = None,
    client_key: str = "",
) -> Idea:
    """Add an idea to an open table, from a facilitator (``actor``) or from a checked-in
    participant's phone (``participant``, while the workshop is running; ``address`` is the
    phone's network address, for the rate limit)."""
    if actor is not None and not can_facilitate(actor, table):
        raise PermissionDenied(_("Only the table's facilitators can add ideas here."))
    if actor is None:
        _check_phone(participant, table)
    locked = WorkshopTable.objects.select_for_update().get(pk=table.pk)
    if locked.is_closed:
        raise ValidationError(_("This table is closed; it no longer takes ideas."))
    if kind not in Idea.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of idea.")})
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
        _count_address(table, address)
    idea = Idea(
        table=table,
        kind=kind,
        text=cleaned,
        speaker=speaker,
        client_key=client_key[:40],
        participant=participant if actor is None else None,
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


def dots_used(workshop: Workshop, participant: Invitation) -> int:
    """The dots ``participant`` has put at ``workshop`` that still count against the budget."""
    return DotVote.objects.filter(workshop=workshop, participant=participant, returned_at__isnull=True).count()


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
    used = dots_used(workshop, participant)
    if used >= workshop.dots_per_participant:
        raise ValidationError(_("You have used all your %(n)d dots.") % {"n": workshop.dots_per_participant})
    DotVote.objects.create(idea=idea, workshop=workshop, participant=participant)
    Idea.objects.filter(pk=idea.pk).update(votes_count=F("votes_count") + 1)
    return workshop.dots_per_participant - used - 1


SUMMARY_MAX = 5000


# --- Before: invitations, answers, table assignment -------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def invitations_create(
    *, actor: User, workshop: Workshop, stakeholders: Iterable[StakeholderOrganisation]
) -> list[Invitation]:
    """Invite organisations from the registry; returns the invitations created.

    Each contact person with valid KVKK consent gets a personal invitation. An organisation
    without such a person gets one invitation addressed to the organisation, whose link the
    municipality sends by official letter. An organisation invited by letter is not invited
    again; one invited through its people gets invitations only for people added since.
    Walk-ins do not count as invitations. So inviting twice creates nothing new.
    """
    require_perm(actor, "workshops.manage", workshop)
    Workshop.objects.select_for_update().get(pk=workshop.pk)  # parallel submissions wait their turn
    created: list[Invitation] = []
    organisation_id = workshop.process.organisation_id
    for stakeholder in stakeholders:
        if stakeholder.organisation_id != organisation_id:
            raise PermissionDenied(_("This organisation is not in the registry of the process's municipality."))
        consenting = [c for c in stakeholder.contacts.all() if c.has_consent]
        earlier = list(
            Invitation.objects.filter(workshop=workshop, stakeholder=stakeholder, walk_in=False).values_list(
                "contact_id", flat=True
            )
        )
        targets: list[ContactPerson | None]
        if None in earlier:
            targets = []  # invited by letter already
        elif consenting:
            targets = [c for c in consenting if c.pk not in earlier]
        else:
            targets = [None] if not earlier else []
        for contact in targets:
            invitation = Invitation(workshop=workshop, stakeholder=stakeholder, contact=contact, token=_new_token())
            created.append(audited_save(invitation, actor=actor))
    return created


def invitations_to_send(workshop: Workshop) -> QuerySet[Invitation]:
    """Invitations whose person has valid consent and an e-mail address, not e-mailed yet."""
    return workshop.invitations.filter(
        sent_at__isnull=True,
        contact__consent_given_at__isnull=False,
        contact__consent_withdrawn_at__isnull=True,
    ).exclude(contact__email="")


@transaction.atomic
def invitations_send_start(*, actor: User, workshop: Workshop, base_url: str) -> Job:
    """E-mail the personal links in the background (a job with progress); each goes out once.

    Only people with valid KVKK consent and an e-mail address are written to; organisations
    invited without a person get their link by official letter (the XLSX export lists it).
    """
    require_perm(actor, "workshops.manage", workshop)
    count = invitations_to_send(workshop).count()
    if not count:
        raise ValidationError(_("There is no invitation left to e-mail."))
    return job_start(
        kind="workshops.invitation_emails",
        label=_("Invitation e-mails of %(workshop)s (%(n)d)") % {"workshop": workshop.title, "n": count},
        actor=actor,
        params={"workshop_id": workshop.pk, "base_url": base_url},
    )


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, accept: bool, attendee_name: str = "", preferred_theme: Theme | None = None
) -> Invitation:
    """RSVP through the personal link (the token is the credential; no account needed).

    The answer can be changed until the workshop's day; a person already checked in at the
    door cannot decline any more.
    """
    invitation = Invitation.objects.select_for_update().select_related("workshop").get(pk=invitation.pk)
    if timezone.localdate() > invitation.workshop.date:
        raise ValidationError(_("The workshop is over; answers can no longer be changed."))
    if not accept and invitation.checked_in_at is not None:
        raise ValidationError(_("You have already checked in at the workshop."))
    name = clean_optional_text(attendee_name, field="attendee_name", label=_("The name"), max_length=120)
    if preferred_theme is not None and not invitation.workshop.tables.filter(theme=preferred_theme).exists():
        raise ValidationError({"preferred_theme": _("This workshop has no table for that theme.")})
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    if name:
        invitation.attendee_name = name
    invitation.preferred_theme = preferred_theme if accept else None
    if not accept:
        invitation.table = None
    return audited_save(invitation, actor=None)


@transaction.atomic
def tables_assign(*, actor: User, workshop: Workshop) -> int:
    """Seat everyone who will attend and has no table yet, balancing organisation types.

    Seats given earlier (by hand or by an earlier run) are kept. Returns how many people were
    seated. The rule is in ``workshops.assignment``.
    """
    require_perm(actor, "workshops.manage", workshop)
    Workshop.objects.select_for_update().get(pk=workshop.pk)
    tables = list(workshop.tables.select_related("theme").order_by("theme__position", "pk"))
    table_of_theme = {t.theme_id: t.pk for t in tables}
    attending = list(
        workshop.invitations.filter(status=Invitation.Status.ACCEPTED)
        .select_related("stakeholder")
        .prefetch_related("stakeholder__themes")
    )
    people = [
        assignment.Attendee(
            key=i.pk,
            org_type=i.stakeholder.type,
            chosen_table=table_of_theme.get(i.preferred_theme_id) if i.preferred_theme_id else None,
            concerned_tables=frozenset(
                table_of_theme[t.pk] for t in i.stakeholder.themes.all() if t.pk in table_of_theme
            ),
            fixed_table=i.table_id,
        )
        for i in attending
    ]
    try:
        seats = assignment.assign(people, [assignment.Table(key=t.pk, capacity=t.capacity) for t in tables])
    except assignment.NotEnoughSeats:
        raise ValidationError(
            _("%(people)d people will attend but the tables have %(seats)d seats; raise the capacities.")
            % {"people": len(people), "seats": sum(t.capacity for t in tables)}
        ) from None
    seated = 0
    for invitation in attending:
        if invitation.table_id is None:
            invitation.table_id = seats[invitation.pk]
            audited_save(invitation, actor=actor, update_fields=["table", "updated_at"])
            seated += 1
    return seated


@transaction.atomic
def invitation_move(*, actor: User, invitation: Invitation, table: WorkshopTable | None) -> Invitation:
    """Seat one person who will attend at a table by hand (or take the seat away), within its capacity."""
    require_perm(actor, "workshops.manage", invitation.workshop)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if table is not None and table.workshop_id != invitation.workshop_id:
        raise ValidationError(_("That table belongs to another workshop."))
    if invitation.seated_at is not None:
        raise ValidationError(_("This person has already sat down at a table."))
    if table is not None:
        if invitation.status != Invitation.Status.ACCEPTED:
            raise ValidationError(_("Only people who will attend can be given a seat."))
        locked = WorkshopTable.objects.select_for_update().get(pk=table.pk)
        taken = locked.invitations.filter(status=Invitation.Status.ACCEPTED).exclude(pk=invitation.pk).count()
        if taken >= locked.capacity:
            raise ValidationError(
                _("The %(theme)s table is full (%(n)d seats).") % {"theme": table.theme.name, "n": locked.capacity}
            )
    invitation.table = table
    return audited_save(invitation, actor=actor, update_fields=["table", "updated_at"])


# --- During: check-in at the door and at the table --------------------------------------------


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
        token=_new_token(),
        status=Invitation.Status.ACCEPTED,
        responded_at=timezone.now(),
        checked_in_at=timezone.now(),
    )
    return audited_save(invitation, actor=actor)


@transaction.atomic
def checkin_table(*, actor: User, invitation: Invitation, table: WorkshopTable) -> Invitation:
    """A facilitator records that the person sat down at the table (and so arrived)."""
    if not can_facilitate(actor, table):
        raise PermissionDenied(_("Only the table's facilitators can check people in at this table."))
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


# --- After: the facilitator's summary, closing the table --------------------------------------


@transaction.atomic
def table_summary_save(*, actor: User, table: WorkshopTable, summary: str) -> WorkshopTable:
    """The facilitator's summary of the table's discussion, printed at the top of its report."""
    if not can_facilitate(actor, table):
        raise PermissionDenied(_("Only the table's facilitators can write its summary."))
    table.summary = clean_optional_text(summary, field="summary", label=_("The summary"), max_length=SUMMARY_MAX)
    return audited_save(table, actor=actor, update_fields=["summary"])


@transaction.atomic
def table_close(*, actor: User, table: WorkshopTable, close: bool = True) -> WorkshopTable:
    """Close a table (no more ideas or dots) or reopen it."""
    if not can_facilitate(actor, table):
        raise PermissionDenied(_("Only the table's facilitators can close or reopen it."))
    table.is_closed = close
    return audited_save(table, actor=actor, update_fields=["is_closed"])


@transaction.atomic
def table_update(*, actor: User, table: WorkshopTable, capacity: int, facilitators: Iterable[User]) -> WorkshopTable:
    """Set a table's capacity and facilitators. A capacity below the people already assigned is refused."""
    require_perm(actor, "workshops.manage", table.workshop)
    assigned = table.invitations.filter(status=Invitation.Status.ACCEPTED).count()
    if capacity < 1:
        raise ValidationError({"capacity": _("A table needs at least one seat.")})
    if capacity < assigned:
        raise ValidationError(
            {"capacity": _("%(n)d people are already assigned to this table; move some first.") % {"n": assigned}}
        )
    people = list(facilitators)
    if any(p.organisation_id != table.workshop.process.organisation_id for p in people):
        raise ValidationError({"facilitators": _("Facilitators must be staff of the municipality.")})
    table.capacity = capacity
    audited_save(table, actor=actor, update_fields=["capacity"])
    table.facilitators.set(people)
    return table
