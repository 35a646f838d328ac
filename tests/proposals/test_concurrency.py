"""Supports stay exact under parallel requests (a real database with real connections)."""

import threading

import pytest
from django.db import connection

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.proposals.models import Proposal, Support
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_are_counted_exactly(process):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL (run by .ci/run)")
    theme = process.themes.get(code="ULASIM")
    author = UserFactory(role=Role.CITIZEN)
    proposal = services.proposal_create(
        actor=author, process=process, theme=theme, title="Eşzamanlı destek", body="Aynı anda gelen destekler."
    )
    users = [UserFactory(role=Role.CITIZEN) for _ in range(24)]
    barrier = threading.Barrier(len(users) * 2)
    errors = []

    def support(user):
        from django.db import connections

        try:
            barrier.wait()
            target = Proposal.objects.select_related("process__current_phase").get(pk=proposal.pk)
            services.proposal_support(actor=user, proposal=target)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    # every user twice, at the same moment: one support each, whatever the interleaving
    threads = [threading.Thread(target=support, args=(user,)) for user in users for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    proposal.refresh_from_db()
    assert Support.objects.filter(proposal=proposal).count() == len(users)
    assert proposal.supports_count == len(users)
