"""Writes before the workshop (çalıştay öncesi): invitations and their answers, table seats and
the tables' settings.

Each contact person with valid KVKK consent gets a personal invitation link (``/davet/<token>/``);
an organisation without one gets a link sent by official letter. People answer through the
link (the token is the credential, no account needed). Tables are assigned by the pure rule in
``workshops.assignment``, balancing organisation types; the staff move people by hand within a
table's capacity.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.jobs import job_start
from ortakakil.core.models import Job, User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.validation import clean_optional_text
from ortakakil.processes.models import Theme

from . import assignment, selectors
from .models import ContactPerson, Invitation, StakeholderOrganisation, Workshop, WorkshopTable


def new_token() -> str:
    """A personal link's token: the credential of an invitation."""
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
        consenting = list(stakeholder.contacts.consenting())
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
            invitation = Invitation(workshop=workshop, stakeholder=stakeholder, contact=contact, token=new_token())
            created.append(audited_save(invitation, actor=actor))
    return created


@transaction.atomic
def invitations_send_start(*, actor: User, workshop: Workshop, base_url: str) -> Job:
    """E-mail the personal links in the background (a job with progress); each goes out once.

    Only people with valid KVKK consent and an e-mail address are written to; organisations
    invited without a person get their link by official letter (the XLSX export lists it).
    """
    require_perm(actor, "workshops.manage", workshop)
    if workshop.date < timezone.localdate():
        raise ValidationError(_("The workshop is over; its invitations can no longer be e-mailed."))
    count = selectors.invitations_to_send(workshop).count()
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
