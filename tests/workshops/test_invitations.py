"""Before and during the workshop: invitations and answers, table assignment, check-in, summary."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.workshops import invitations, live, reporting
from ortakakil.workshops.models import Invitation, Workshop

from .conftest import invite, stakeholder

pytestmark = pytest.mark.django_db

# --- invitations and answers --------------------------------------------------------------------


def test_consenting_people_get_personal_invitations_others_one_for_the_organisation(strategist, workshop):
    two = stakeholder(workshop.process.organisation, "Mimarlar Odası", "meslek_odasi", people=2)
    none = stakeholder(workshop.process.organisation, "Yeşil Dernek", "dernek", consent=False)
    created = invite(strategist, workshop, two, none)
    assert sorted((i.stakeholder.name, i.contact_id is not None) for i in created) == [
        ("Mimarlar Odası", True),
        ("Mimarlar Odası", True),
        ("Yeşil Dernek", False),
    ]
    assert len({i.token for i in created}) == 3 and all(len(i.token) >= 40 for i in created)
    assert invite(strategist, workshop, two, none) == []  # inviting twice creates nothing new
    assert Invitation.objects.count() == 3


def test_withdrawn_consent_means_no_personal_invitation(strategist, workshop):
    org = stakeholder(workshop.process.organisation, "Tabip Odası", "meslek_odasi")
    org.contacts.update(consent_withdrawn_at=timezone.now())
    (invitation,) = invite(strategist, workshop, org)
    assert invitation.contact is None


def test_only_the_strategy_team_invites(workshop, make_user):
    org = stakeholder(workshop.process.organisation, "Ziraat Odası", "meslek_odasi")
    with pytest.raises(PermissionDenied):
        invite(make_user(Role.FACILITATOR, username="f2"), workshop, org)
    assert not Invitation.objects.exists()


def test_answer_by_personal_link_and_change_it(strategist, workshop, process):
    (invitation,) = invite(strategist, workshop, stakeholder(process.organisation, "ODTÜ", "universite"))
    theme = process.themes.get(code="AFET")
    invitations.invitation_respond(invitation=invitation, accept=True, attendee_name="Deniz Er", preferred_theme=theme)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attendee_name, invitation.preferred_theme) == ("katilacak", "Deniz Er", theme)
    invitations.invitation_respond(invitation=invitation, accept=False)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.preferred_theme) == ("katilmayacak", None)


def test_answers_close_when_the_workshop_is_over(strategist, workshop, process):
    (invitation,) = invite(strategist, workshop, stakeholder(process.organisation, "Hacettepe", "universite"))
    Workshop.objects.filter(pk=workshop.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="Çalıştay sona erdi"):
        invitations.invitation_respond(invitation=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == "davetli"


# --- table assignment ---------------------------------------------------------------------------


def accepted(strategist, workshop, *specs):
    people = []
    for name, kind in specs:
        (invitation,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, name, kind))
        invitations.invitation_respond(invitation=invitation, accept=True)
        people.append(invitation)
    return people


def test_assignment_balances_types_and_keeps_earlier_seats(strategist, workshop):
    people = accepted(strategist, workshop, ("K1", "kamu"), ("K2", "kamu"), ("U1", "universite"), ("U2", "universite"))
    assert invitations.tables_assign(actor=strategist, workshop=workshop) == 4
    tables = {i.pk: i.table_id for i in Invitation.objects.all()}
    assert tables[people[0].pk] != tables[people[1].pk]
    assert tables[people[2].pk] != tables[people[3].pk]
    assert invitations.tables_assign(actor=strategist, workshop=workshop) == 0
    assert {i.pk: i.table_id for i in Invitation.objects.all()} == tables


def test_too_few_seats_is_a_clear_error_and_seats_nobody(strategist, workshop):
    accepted(strategist, workshop, *[(f"Kurum {n}", "stk") for n in range(7)])
    with pytest.raises(ValidationError, match="7 kişi katılacak ama masalarda 6 koltuk var"):
        invitations.tables_assign(actor=strategist, workshop=workshop)
    assert not Invitation.objects.filter(table__isnull=False).exists()


def test_capacity_cannot_drop_below_the_people_assigned(strategist, workshop):
    accepted(strategist, workshop, ("A", "kamu"), ("B", "universite"), ("C", "stk"), ("D", "dernek"))
    invitations.tables_assign(actor=strategist, workshop=workshop)
    table = workshop.tables.get(code="ULS1")
    assert table.invitations.count() == 2
    with pytest.raises(ValidationError, match="zaten 2 kişi"):
        invitations.table_update(actor=strategist, table=table, capacity=1, facilitators=[])
    table.refresh_from_db()
    assert table.capacity == 3


def test_moving_by_hand_respects_the_answer_and_the_capacity(strategist, workshop, process):
    people = accepted(strategist, workshop, *[(f"K{n}", "kamu") for n in range(4)])
    full = workshop.tables.get(code="ULS1")
    for person in people[:3]:
        invitations.invitation_move(actor=strategist, invitation=person, table=full)
    with pytest.raises(ValidationError, match="dolu"):
        invitations.invitation_move(actor=strategist, invitation=people[3], table=full)
    (undecided,) = invite(strategist, workshop, stakeholder(process.organisation, "Kararsız", "stk"))
    with pytest.raises(ValidationError, match="katılacak"):
        invitations.invitation_move(actor=strategist, invitation=undecided, table=workshop.tables.get(code="AFT1"))
    assert full.invitations.count() == 3
    assert Invitation.objects.get(pk=undecided.pk).table is None


def test_an_organisation_invited_by_letter_is_not_invited_again(strategist, workshop, process):
    org = stakeholder(process.organisation, "Sonradan Rıza", "stk", consent=False)
    (letter,) = invite(strategist, workshop, org)
    org.contacts.update(consent_given_at=timezone.now(), consent_purpose="Davet", notice_version="v1")
    assert invite(strategist, workshop, org) == []
    walk_in_org = stakeholder(process.organisation, "Kapıdan Gelen", "stk", consent=False)
    live.walk_in_register(actor=strategist, workshop=workshop, stakeholder=walk_in_org, attendee_name="Ali Veli")
    (invited,) = invite(strategist, workshop, walk_in_org)  # a walk-in is not an invitation
    assert invited.contact is None and not invited.walk_in
    assert letter.pk != invited.pk


def test_withdrawing_consent_withdraws_unanswered_invitations(strategist, workshop, process):
    from ortakakil.workshops import registry

    org = stakeholder(process.organisation, "Tabipler", "meslek_odasi", people=2)
    first, second = invite(strategist, workshop, org)
    invitations.invitation_respond(invitation=second, accept=True)
    registry.contact_withdraw_consent(actor=strategist, contact=first.contact)
    registry.contact_withdraw_consent(actor=strategist, contact=second.contact)
    assert list(Invitation.objects.values_list("pk", flat=True)) == [second.pk]  # the answered one stays


# --- check-in -----------------------------------------------------------------------------------


def test_door_check_in_twice_is_refused_with_the_time(strategist, workshop):
    (person,) = accepted(strategist, workshop, ("Barolar", "meslek_odasi"))
    live.checkin_door(actor=strategist, invitation=person)
    first = Invitation.objects.get().checked_in_at
    with pytest.raises(ValidationError, match="zaten giriş yaptı"):
        live.checkin_door(actor=strategist, invitation=person)
    assert Invitation.objects.get().checked_in_at == first


def test_citizens_cannot_check_people_in(strategist, workshop, citizen):
    (person,) = accepted(strategist, workshop, ("Barolar", "meslek_odasi"))
    with pytest.raises(PermissionDenied):
        live.checkin_door(actor=citizen, invitation=person)
    assert Invitation.objects.get().checked_in_at is None


def test_a_declined_person_who_comes_anyway_is_welcome(strategist, workshop, process):
    (invitation,) = invite(strategist, workshop, stakeholder(process.organisation, "Gazi", "universite"))
    invitations.invitation_respond(invitation=invitation, accept=False)
    live.checkin_door(actor=strategist, invitation=invitation)
    assert Invitation.objects.get().status == "katilacak"


def test_walk_in_is_registered_and_checked_in_once(strategist, workshop, process):
    org = stakeholder(process.organisation, "Muhtarlık", "muhtarlik", consent=False)
    person = live.walk_in_register(actor=strategist, workshop=workshop, stakeholder=org, attendee_name="Ali Veli")
    assert (person.status, person.checked_in_at is not None, person.name) == ("katilacak", True, "Ali Veli")
    with pytest.raises(ValidationError, match="zaten giriş yaptı"):
        live.walk_in_register(actor=strategist, workshop=workshop, stakeholder=org, attendee_name="ALİ  VELİ")
    with pytest.raises(ValidationError):
        live.walk_in_register(actor=strategist, workshop=workshop, stakeholder=org, attendee_name="  ")
    assert Invitation.objects.count() == 1


def test_table_check_in_by_the_facilitator_and_not_twice(strategist, workshop):
    (person,) = accepted(strategist, workshop, ("Mimarlar", "meslek_odasi"))
    table = workshop.tables.get(code="AFT1")
    facilitator = table.facilitators.get()
    live.checkin_table(actor=facilitator, invitation=person, table=table)
    person.refresh_from_db()
    assert (person.table, person.seated_at is not None, person.checked_in_at is not None) == (table, True, True)
    with pytest.raises(ValidationError, match="Afet Yönetimi"):
        live.checkin_table(actor=facilitator, invitation=person, table=workshop.tables.get(code="ULS1"))
    person.refresh_from_db()
    assert person.table == table


def test_only_facilitators_seat_people(strategist, workshop, make_user):
    (person,) = accepted(strategist, workshop, ("Mimarlar", "meslek_odasi"))
    with pytest.raises(PermissionDenied):
        live.checkin_table(
            actor=make_user(Role.FACILITATOR, username="baska"), invitation=person, table=workshop.tables.first()
        )
    assert Invitation.objects.get().seated_at is None


# --- after: summary and closing -----------------------------------------------------------------


def test_summary_and_close_are_logged_and_limited(workshop, strategist):
    table = workshop.tables.get(code="ULS1")
    facilitator = table.facilitators.get()
    reporting.table_summary_save(actor=facilitator, table=table, summary="Masa raylı sistemde birleşti.")
    with pytest.raises(ValidationError):
        reporting.table_summary_save(actor=facilitator, table=table, summary="x" * 5001)
    reporting.table_close(actor=facilitator, table=table)
    table.refresh_from_db()
    assert (table.summary, table.is_closed) == ("Masa raylı sistemde birleşti.", True)
    assert table.history.first().history_user == facilitator
    # Closed: the facilitator can neither change the summary nor reopen the table …
    with pytest.raises(PermissionDenied):
        reporting.table_summary_save(actor=facilitator, table=table, summary="Sonradan yazılan özet")
    with pytest.raises(PermissionDenied):
        reporting.table_close(actor=facilitator, table=table, close=False)
    table.refresh_from_db()
    assert (table.summary, table.is_closed) == ("Masa raylı sistemde birleşti.", True)
    # … the strategy team corrects the record, logged.
    reporting.table_summary_save(actor=strategist, table=table, summary="Masa raylı sistemde uzlaştı.")
    table.refresh_from_db()
    assert table.summary == "Masa raylı sistemde uzlaştı."
    assert table.history.first().history_user == strategist
