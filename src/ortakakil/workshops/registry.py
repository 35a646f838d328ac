"""The stakeholder registry (paydaş kayıt defteri) of an organisation: its writes (the reads are
in ``selectors``).

The strategy team keeps the registry: the stakeholder organisations with their type,
internal/external, influence and importance (scored 1–5 for the planning guide's priority
matrix) and the products and services that concern them, and each organisation's contact
people. Managing the registry needs the same permission as managing the organisation's
units and users (``core.manage_organisation``).

Contact people are personal data under KVKK (6698 sayılı Kişisel Verilerin Korunması
Kanunu): their explicit consent (açık rıza) is recorded with its purpose, the date it was
given and the version of the information notice (aydınlatma metni) they were shown — all
three together, or none. Only people with consent that has not been withdrawn are invited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import Organisation, User
from ortakakil.core.services import assign, audited_delete, audited_save, require_perm
from ortakakil.core.tabular import fold
from ortakakil.processes.models import Theme

from .models import ContactPerson, Invitation, StakeholderOrganisation

PERM = "core.manage_organisation"
STAKEHOLDER_FIELDS = ("name", "type", "is_internal", "influence", "importance")
CONTACT_FIELDS = (
    "full_name",
    "position",
    "email",
    "phone",
    "consent_purpose",
    "consent_given_at",
    "notice_version",
)
CONSENT_FIELDS = ("consent_purpose", "consent_given_at", "notice_version")


# --- stakeholder organisations ---------------------------------------------------------------


def _check_scores(stakeholder: StakeholderOrganisation) -> None:
    errors = {
        name: _("Give a score from 1 to 5.")
        for name in ("influence", "importance")
        if not isinstance(getattr(stakeholder, name), int) or not 1 <= getattr(stakeholder, name) <= 5
    }
    if errors:
        raise ValidationError(errors)


def _check_unique_name(stakeholder: StakeholderOrganisation) -> None:
    """One entry per organisation name, whatever the letter case or Turkish letters ("ODTÜ" and
    "Odtu" are one): the contact-list import matches names the same way (``tabular.fold``)."""
    key = fold(stakeholder.name)
    names = (
        StakeholderOrganisation.objects.filter(organisation_id=stakeholder.organisation_id)
        .exclude(pk=stakeholder.pk)
        .values_list("name", flat=True)
    )
    if any(fold(name) == key for name in names):
        raise ValidationError({"name": _("This organisation is already in the registry.")})


def _set_themes(stakeholder: StakeholderOrganisation, themes: Iterable[Theme]) -> None:
    themes = list(themes)
    foreign = Theme.objects.filter(pk__in=[theme.pk for theme in themes]).exclude(
        process__organisation_id=stakeholder.organisation_id
    )
    if foreign.exists():
        raise ValidationError(_("The products and services must belong to this organisation's processes."))
    stakeholder.themes.set(themes)


@transaction.atomic
def stakeholder_create(*, actor: User, organisation: Organisation, data: Mapping[str, Any]) -> StakeholderOrganisation:
    """Add an organisation to the registry (``data``: name, type, is_internal, influence,
    importance and optionally themes — the products and services that concern it)."""
    require_perm(actor, PERM, organisation)
    stakeholder = StakeholderOrganisation(organisation=organisation)
    assign(stakeholder, {key: value for key, value in data.items() if key in STAKEHOLDER_FIELDS})
    stakeholder.name = stakeholder.name.strip()
    _check_scores(stakeholder)
    _check_unique_name(stakeholder)
    audited_save(stakeholder, actor=actor)
    if data.get("themes") is not None:
        _set_themes(stakeholder, data["themes"])
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *, actor: User, stakeholder: StakeholderOrganisation, data: Mapping[str, Any]
) -> StakeholderOrganisation:
    require_perm(actor, PERM, stakeholder)
    if "name" in data:
        data = {**data, "name": str(data["name"]).strip()}
    changed = assign(stakeholder, {key: value for key, value in data.items() if key in STAKEHOLDER_FIELDS})
    if data.get("themes") is not None:
        _set_themes(stakeholder, data["themes"])
    if not changed:
        return stakeholder
    _check_scores(stakeholder)
    if "name" in changed:
        _check_unique_name(stakeholder)
    return audited_save(stakeholder, actor=actor, update_fields=[*changed, "updated_at"])


# --- contact people -----------------------------------------------------------------------------


def _check_consent(contact: ContactPerson, *, had_consent: bool) -> None:
    """KVKK: consent is recorded with its purpose, date and notice version together, or not at all;
    once recorded it is not erased (it is withdrawn instead, so the record of it stays)."""
    given = [name for name in CONSENT_FIELDS if getattr(contact, name)]
    if had_consent and not given:
        raise ValidationError(
            _("A recorded consent cannot be erased. If the person withdrew it, use “Withdraw consent”.")
        )
    if given and len(given) < len(CONSENT_FIELDS):
        raise ValidationError(
            _(
                "To record consent, give its purpose, the date it was given and the version of the "
                "information notice together."
            )
        )
    if contact.consent_given_at is not None and contact.consent_given_at > timezone.now():
        raise ValidationError(_("The date of consent cannot be in the future."))


def _clean_contact_data(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {key: value for key, value in data.items() if key in CONTACT_FIELDS}
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    return cleaned


@transaction.atomic
def contact_create(*, actor: User, stakeholder: StakeholderOrganisation, data: Mapping[str, Any]) -> ContactPerson:
    """Add a contact person to a registry organisation; consent is optional, but complete if given."""
    require_perm(actor, PERM, stakeholder)
    contact = ContactPerson(stakeholder=stakeholder)
    assign(contact, _clean_contact_data(data))
    _check_consent(contact, had_consent=False)
    return audited_save(contact, actor=actor)


@transaction.atomic
def contact_update(*, actor: User, contact: ContactPerson, data: Mapping[str, Any]) -> ContactPerson:
    """Change a contact person. Recording a new consent dated after a withdrawal makes the
    person contactable again; an older date leaves the withdrawal in force."""
    require_perm(actor, PERM, contact.stakeholder)
    had_consent = contact.consent_given_at is not None
    changed = assign(contact, _clean_contact_data(data))
    if not changed:
        return contact
    _check_consent(contact, had_consent=had_consent)
    if (
        "consent_given_at" in changed
        and contact.consent_withdrawn_at is not None
        and contact.consent_given_at is not None
        and contact.consent_given_at > contact.consent_withdrawn_at
    ):
        contact.consent_withdrawn_at = None
        changed.append("consent_withdrawn_at")
    return audited_save(contact, actor=actor, update_fields=[*changed, "updated_at"])


@transaction.atomic
def contact_withdraw_consent(*, actor: User, contact: ContactPerson, at: dt.datetime | None = None) -> ContactPerson:
    """Record that the person withdrew their consent (rızanın geri alınması, KVKK art. 5 and 11).

    From then on the person is no longer invited or contacted: their invitations not yet
    answered are withdrawn too (their personal links stop working). Invitations they already
    answered stay, as the record of who attended. The record itself stays, with
    the e-mail address and phone number: they are needed to honour the withdrawal (to
    recognise the person when a contact list is imported again, which does not restore
    consent given before the withdrawal) and the history shows when consent was given and
    withdrawn. Erasing the record is a separate decision under the retention policy.
    """
    require_perm(actor, PERM, contact.stakeholder)
    if not contact.has_consent:
        raise ValidationError(_("This person has no valid consent to withdraw."))
    contact.consent_withdrawn_at = at or timezone.now()
    if contact.consent_given_at is not None and contact.consent_withdrawn_at < contact.consent_given_at:
        raise ValidationError(_("Consent cannot be withdrawn before it was given."))
    saved = audited_save(contact, actor=actor, update_fields=["consent_withdrawn_at", "updated_at"])
    for invitation in contact.invitations.filter(status=Invitation.Status.INVITED, checked_in_at__isnull=True):
        audited_delete(invitation, actor=actor)
    return saved
