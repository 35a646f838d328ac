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


@pytest.mark.django_db(transaction=True)
def test_parallel_http_support_requests_are_counted_exactly(process, live_server):
    """32 clients hit the API at once, each twice (support, support again); one support each."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL (run by .ci/run)")
    import http.client
    from urllib.parse import urlparse

    from rest_framework.authtoken.models import Token

    theme = process.themes.get(code="ULASIM")
    proposal = services.proposal_create(
        actor=UserFactory(role=Role.CITIZEN),
        process=process,
        theme=theme,
        title="Eşzamanlı HTTP desteği",
        body="Aynı anda gelen istekler.",
    )
    tokens = [Token.objects.create(user=UserFactory(role=Role.CITIZEN)).key for _ in range(16)]
    address = urlparse(live_server.url)
    barrier = threading.Barrier(len(tokens) * 2)
    statuses = []

    def post(token):
        barrier.wait()
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        conn.request("POST", f"/api/v1/proposals/{proposal.pk}/support/", headers={"Authorization": f"Token {token}"})
        statuses.append(conn.getresponse().status)
        conn.close()

    threads = [threading.Thread(target=post, args=(token,)) for token in tokens for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    proposal.refresh_from_db()
    assert sorted(statuses) == [200] * len(tokens) + [201] * len(tokens)
    assert Support.objects.filter(proposal=proposal).count() == len(tokens)
    assert proposal.supports_count == len(tokens)
