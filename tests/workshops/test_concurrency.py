"""Check-in and seating stay right when two devices act at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ortakakil.workshops import invitations, live
from ortakakil.workshops.models import Invitation

from .conftest import invite, stakeholder


def _race(count, action):
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def run(n):
        try:
            barrier.wait()
            action(n)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - reported by the assertion
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_doors_checking_in_one_person_record_one_arrival(strategist, workshop):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL (run by .ci/run)")
    (person,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, "Barolar", "meslek_odasi"))
    assert _race(6, lambda _n: live.checkin_door(actor=strategist, invitation=person)) == ["ok"] + ["refused"] * 5
    assert Invitation.objects.get().checked_in_at is not None


@pytest.mark.django_db(transaction=True)
def test_parallel_hand_moves_never_overfill_a_table(strategist, workshop):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL (run by .ci/run)")
    organisation = workshop.process.organisation
    people = [invite(strategist, workshop, stakeholder(organisation, f"Kurum {n}", "stk"))[0] for n in range(6)]
    for person in people:
        invitations.invitation_respond(invitation=person, accept=True)
    table = workshop.tables.get(code="ULS1")  # 3 seats
    outcomes = _race(6, lambda n: invitations.invitation_move(actor=strategist, invitation=people[n], table=table))
    assert outcomes == ["ok"] * 3 + ["refused"] * 3
    assert table.invitations.count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_dots_from_one_participants_phones_never_overspend(strategist, workshop):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL (run by .ci/run)")
    from django.utils import timezone

    from ortakakil.workshops.models import DotVote, Idea

    workshop.date, workshop.dots_per_participant = timezone.localdate(), 3
    workshop.save()
    (person,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, "Barolar", "meslek_odasi"))
    person = live.checkin_door(actor=strategist, invitation=person)
    idea = Idea.objects.create(table=workshop.tables.get(code="ULS1"), text="Gece otobüsleri")
    assert _race(6, lambda _n: live.dot_vote(idea=idea, participant=person)) == ["ok"] * 3 + ["refused"] * 3
    idea.refresh_from_db()
    assert idea.votes_count == DotVote.objects.filter(participant=person).count() == 3
