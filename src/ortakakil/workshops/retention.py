"""The retention rules for the personal data workshops hold (registered with core.retention):
contact people who withdrew their consent, and the attendees' names on past invitations."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ortakakil.core.retention import Rule, days_ago, deleted

from .models import ContactPerson, Invitation


def _withdrawn_contacts(now: datetime) -> list[QuerySet]:
    cutoff = days_ago("WORKSHOP_CONTACTS_WITHDRAWN_RETENTION_DAYS", now)
    return [ContactPerson.objects.filter(consent_withdrawn_at__lt=cutoff)]


def _purge_withdrawn_contacts(now: datetime) -> int:
    (contacts,) = _withdrawn_contacts(now)
    ids = list(contacts.values_list("pk", flat=True))
    count = deleted(ContactPerson.objects.filter(pk__in=ids))
    ContactPerson.history.filter(id__in=ids).delete()  # the audit trail copied name, e-mail, phone
    return count


def _past_invitations(now: datetime) -> list[QuerySet]:
    before = timezone.localdate(days_ago("WORKSHOP_INVITATIONS_RETENTION_DAYS", now))
    return [
        Invitation.objects.filter(workshop__date__lt=before).filter(Q(contact__isnull=False) | ~Q(attendee_name=""))
    ]


def _purge_past_invitations(now: datetime) -> int:
    (invitations,) = _past_invitations(now)
    ids = list(invitations.values_list("pk", flat=True))
    Invitation.history.filter(id__in=ids).update(contact=None, attendee_name="")
    return Invitation.objects.filter(pk__in=ids).update(contact=None, attendee_name="")


RULES = [
    Rule(
        "withdrawn workshop contacts",
        "Rızasını geri almış çalıştay iletişim kişileri",
        "WORKSHOP_CONTACTS_WITHDRAWN_RETENTION_DAYS",
        _withdrawn_contacts,
        _purge_withdrawn_contacts,
    ),
    Rule(
        "past invitations",
        "Geçmiş çalıştay davetlerindeki kişi bilgileri",
        "WORKSHOP_INVITATIONS_RETENTION_DAYS",
        _past_invitations,
        _purge_past_invitations,
    ),
]
