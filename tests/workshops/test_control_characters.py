"""NUL and other control characters in typed text get a Turkish 400, never a server error
(issue 8, point 26): a phone idea, an RSVP name, a walk-in's name, an idea or a summary typed
by the facilitator. PostgreSQL cannot store NUL at all."""

import pytest

from ortakakil.workshops.models import Idea, Invitation

from .conftest import checked_in, invite, join_by_phone, stakeholder

pytestmark = pytest.mark.django_db

NUL = "Gece\x00otobüsleri"


def test_a_phone_idea_with_nul(client, strategist, running):
    join_by_phone(client, checked_in(strategist, running))
    for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
        response = client.post("/t/ULS1/ideas/", {"kind": "oneri", "text": NUL}, **headers)
        assert response.status_code == 400
        assert "Fikir saklanamayan karakterler içeriyor (U+0000)." in response.content.decode()
    assert not Idea.objects.exists()


def test_an_rsvp_name_with_nul(client, strategist, workshop):
    (invitation,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, "Mimarlar Odası"))
    response = client.post(f"/davet/{invitation.token}/", {"answer": "yes", "attendee_name": "Deniz\x00Er"})
    assert response.status_code == 400
    assert "Ad saklanamayan karakterler içeriyor (U+0000)." in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attendee_name) == ("davetli", "")


def test_a_walk_in_name_with_nul(client, strategist, workshop):
    organisation = stakeholder(workshop.process.organisation, "Esnaf Odası", "meslek_odasi")
    client.force_login(strategist)
    url = f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/checkin/"
    response = client.post(url, {"stakeholder": organisation.pk, "attendee_name": "Sevgi\x00Kaya"})
    assert response.status_code == 400
    assert not Invitation.objects.filter(walk_in=True).exists()


def test_a_facilitators_idea_with_nul(client, workshop):
    table = workshop.tables.get(code="ULS1")
    client.force_login(table.facilitators.get())
    htmx = client.post("/t/ULS1/facilitate/", {"text": NUL, "kind": "oneri"}, HTTP_HX_REQUEST="true")
    plain = client.post("/t/ULS1/facilitate/", {"text": NUL, "kind": "oneri"})
    for response in (htmx, plain):
        assert response.status_code == 400
        assert "Fikir saklanamayan karakterler içeriyor (U+0000)." in response.content.decode()
    assert not Idea.objects.exists()


def test_a_summary_with_nul(client, workshop):
    table = workshop.tables.get(code="ULS1")
    client.force_login(table.facilitators.get())
    response = client.post("/t/ULS1/facilitate/summary/", {"summary": "Masa\x00özeti"})
    assert response.status_code == 400
    assert "Özet saklanamayan karakterler içeriyor (U+0000)." in response.content.decode()
    table.refresh_from_db()
    assert table.summary == ""


def test_zero_width_spaces_are_not_an_idea(client, workshop):
    table = workshop.tables.get(code="ULS1")
    client.force_login(table.facilitators.get())
    response = client.post("/t/ULS1/facilitate/", {"text": "\u200b" * 6, "kind": "oneri"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Önce fikri yazın." in response.content.decode()
    assert not Idea.objects.exists()
