"""What the workshops app holds about a person, for «Verilerim» (``core.personal_data``): the
stakeholder registry's records with the person's e-mail address (and their invitations); for
staff, the workshop files they uploaded and the tables they facilitate. Registered from
``workshops/registrations.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from .models import ContactPerson, WorkshopFile, WorkshopTable

RELATIONS = {
    "workshops.WorkshopFile.uploaded_by": "workshop_files",
    "workshops.WorkshopTable.facilitators": "facilitated_tables",
    "workshops.WorkshopTable_facilitators.user": "facilitated_tables",
}


def sections(user: User) -> list[Section]:
    contacts = (
        ContactPerson.objects.filter(email__iexact=user.email).select_related("stakeholder").order_by("pk")
        if user.email
        else ContactPerson.objects.none()
    )
    registry = section(
        "workshop_contacts",
        _("Stakeholder registry records with your e-mail address"),
        [
            ("organisation", _("Organisation")),
            ("full_name", _("Full name")),
            ("position", _("Position")),
            ("phone", _("Phone")),
            ("consent_given_at", _("Consent given")),
            ("notice_version", _("Notice version")),
            ("consent_withdrawn_at", _("Consent withdrawn")),
            ("invitations", _("Invitations")),
        ],
        contacts,
        lambda c: {
            "organisation": c.stakeholder.name,
            "full_name": c.full_name,
            "position": c.position,
            "phone": c.phone,
            "consent_given_at": local_time(c.consent_given_at),
            "notice_version": c.notice_version,
            "consent_withdrawn_at": local_time(c.consent_withdrawn_at),
            "invitations": [
                {
                    "workshop": i.workshop.title,
                    "answer": i.get_status_display(),
                    "answered_at": local_time(i.responded_at),
                }
                for i in c.invitations.select_related("workshop").order_by("pk")
            ],
        },
        note=_(
            "The municipality's stakeholder registry keeps these for workshop invitations. They are not part of "
            "your account: to correct or erase them, write to the address on the contact page."
        ),
    )
    staff_work = [
        section(
            "workshop_files",
            _("Workshop files you uploaded"),
            [("title", _("Title")), ("created_at", _("Date"))],
            WorkshopFile.objects.filter(uploaded_by=user).order_by("pk"),
            lambda f: {"title": f.title, "created_at": local_time(f.created_at)},
            staff=True,
        ),
        section(
            "facilitated_tables",
            _("Workshop tables you facilitate"),
            [("table", _("Table")), ("workshop", _("Workshop"))],
            WorkshopTable.objects.filter(facilitators=user).select_related("workshop", "theme").order_by("pk"),
            lambda t: {"table": t.theme.name, "workshop": t.workshop.title},
            staff=True,
        ),
    ]
    return [registry, *staff_work]


SOURCE = PersonalDataSource(key="workshops", order=30, sections=sections, relations=RELATIONS)
