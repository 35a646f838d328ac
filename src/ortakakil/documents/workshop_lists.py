"""The workshop's lists as XLSX for the staff: the invitations with their personal links (for a
mail merge or the official letters) and the stakeholder registry. People without valid KVKK
consent are listed without their contact data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortakakil.workshops.models import Invitation, StakeholderOrganisation
from ortakakil.workshops.selectors import priority_action

from .xlsx import table_xlsx


@translation.override("tr")  # the municipality's lists are kept in Turkish
def invitations_xlsx(invitations: Iterable[Invitation], *, link: Callable[[Invitation], str]) -> bytes:
    """One row per invitation; ``link`` gives the absolute address of the personal link."""
    rows = [
        [
            i.stakeholder.name,
            i.stakeholder.get_type_display(),
            i.name,
            i.contact.email if i.contact and i.contact.has_consent else "",
            i.get_status_display(),
            i.table.theme.name if i.table else "",
            link(i),
        ]
        for i in invitations
    ]
    headers = [_("Organisation"), _("Type"), _("Attendee"), _("E-mail"), _("Answer"), _("Table"), _("Personal link")]
    return table_xlsx(title=_("Invitations"), headers=headers, rows=rows)


@translation.override("tr")
def stakeholders_xlsx(stakeholders: Iterable[StakeholderOrganisation]) -> bytes:
    """One row per contact person with valid consent (``consented``, loaded by
    ``selectors.registry_export``), one row without contact for an organisation that has none."""
    rows: list[list[Any]] = []
    for stakeholder in stakeholders:
        about = [
            stakeholder.name,
            stakeholder.get_type_display(),
            _("Internal") if stakeholder.is_internal else _("External"),
            stakeholder.influence,
            stakeholder.importance,
            priority_action(stakeholder.influence, stakeholder.importance),
            ", ".join(theme.name for theme in stakeholder.themes.all()),
        ]
        people = [
            [
                contact.full_name,
                contact.position,
                contact.email,
                contact.phone,
                timezone.localdate(contact.consent_given_at) if contact.consent_given_at else "",
                contact.notice_version,
            ]
            for contact in stakeholder.consented  # type: ignore[attr-defined]  # set by Prefetch(to_attr=…)
        ]
        rows.extend([*about, *person] for person in people or [[""] * 6])
    return table_xlsx(
        title=_("Stakeholder registry"),
        headers=[
            _("Organisation"),
            _("Type"),
            _("Internal or external"),
            _("Influence"),
            _("Importance"),
            _("Priority"),
            _("Products and services"),
            _("Contact person"),
            _("Position"),
            _("E-mail"),
            _("Phone"),
            _("Consent given on"),
            _("Version of the information notice"),
        ],
        rows=rows,
    )
