"""Shared fixtures of the workshop tests: a workshop a month away with two tables, and helpers
to put organisations with contact people in the registry and invite them."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.text import slugify

from ortakakil.core.models import Role
from ortakakil.workshops import invitations, live
from ortakakil.workshops.models import ContactPerson, StakeholderOrganisation, Workshop, WorkshopTable

FUTURE = timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def workshop(process, make_user):
    workshop = Workshop.objects.create(
        process=process, slug="calistay", title="Çalıştay", venue="Harikalar Diyarı", date=FUTURE
    )
    facilitator = make_user(Role.FACILITATOR, username="kolay")
    for code, theme in (("ULS1", "ULASIM"), ("AFT1", "AFET")):
        table = WorkshopTable.objects.create(
            workshop=workshop, theme=process.themes.get(code=theme), code=code, capacity=3
        )
        table.facilitators.add(facilitator)
    return workshop


def stakeholder(organisation, name, kind="kamu", consent=True, people=1):
    org = StakeholderOrganisation.objects.create(organisation=organisation, name=name, type=kind)
    for n in range(people):
        ContactPerson.objects.create(
            stakeholder=org,
            full_name=f"{name} Kişi {n}",
            email=f"kisi{n}@{slugify(name)}.example",
            consent_purpose="Çalıştay daveti" if consent else "",
            consent_given_at=timezone.now() if consent else None,
            notice_version="v1" if consent else "",
        )
    return org


def invite(strategist, workshop, *orgs):
    return invitations.invitations_create(actor=strategist, workshop=workshop, stakeholders=orgs)


@pytest.fixture
def running(workshop):
    """The workshop takes place today (no hours given: phones may write all day)."""
    workshop.date = timezone.localdate()
    workshop.save()
    return workshop


def checked_in(strategist, workshop, name="Mimarlar Odası", kind="kamu"):
    """An organisation's invitation, accepted and checked in at the door."""
    (invitation,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, name, kind))
    return live.checkin_door(actor=strategist, invitation=invitation)


def join_by_phone(client, invitation):
    """The participant opens their personal link on the phone and joins their table."""
    return client.post(f"/davet/{invitation.token}/telefon/")
