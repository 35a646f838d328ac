"""Votes stay exact under parallel requests on PostgreSQL: one row per participant and statement
(the latest wins), one participant per account, whatever the interleaving."""

import threading
import time

import pytest
from django.db import connection

from ortakakil.core.models import Role
from ortakakil.opinions import voting
from ortakakil.opinions.models import Conversation, Participant, Statement, Vote
from tests.factories import UserFactory

from .voting_fixtures import open_opinions


def _require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL (run by .ci/run)")


@pytest.fixture
def open_conversation(process):
    open_opinions(process)
    conversation = Conversation.objects.create(process=process, title="Eşzamanlı oylar")
    statement = Statement.objects.create(conversation=conversation, text="Aynı anda oylanan görüş.", status="kabul")
    return conversation, statement


def _run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_of_one_participant_leave_one_row_and_one_participant(open_conversation):
    _require_postgresql()
    conversation, statement = open_conversation
    voter = UserFactory(role=Role.CITIZEN)
    values = [1, -1, 0] * 8
    barrier = threading.Barrier(len(values))
    errors = []

    def cast(value):
        from django.db import connections, transaction

        try:
            barrier.wait()
            target = Conversation.objects.select_related("process__current_phase").get(pk=conversation.pk)
            with transaction.atomic():  # as in a request (ATOMIC_REQUESTS)
                participant = voting.participant_for_user(conversation=target, user=voter)
                voting.vote_cast(conversation=target, participant=participant, statement=statement, value=value)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    _run([threading.Thread(target=cast, args=(value,)) for value in values])

    assert errors == []
    assert Participant.objects.filter(conversation=conversation, user=voter).count() == 1
    votes = list(Vote.objects.filter(statement=statement).values_list("value", flat=True))
    assert len(votes) == 1 and votes[0] in {1, -1, 0}


@pytest.mark.django_db(transaction=True)
def test_parallel_http_votes_are_exact(open_conversation, live_server):
    """16 accounts post twice at once (agree, then disagree, in any order): one row each, 16
    answers 201 and 16 answers 200."""
    _require_postgresql()
    import http.client
    import json
    from urllib.parse import urlparse

    from rest_framework.authtoken.models import Token

    conversation, statement = open_conversation
    tokens = [Token.objects.create(user=UserFactory(role=Role.CITIZEN)).key for _ in range(16)]
    address = urlparse(live_server.url)
    barrier = threading.Barrier(len(tokens) * 2)
    statuses = []

    def post(token, value):
        barrier.wait()
        for _attempt in range(5):
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
            try:
                conn.request(
                    "POST",
                    f"/api/v1/conversations/{conversation.pk}/votes/",
                    body=json.dumps({"statement": statement.pk, "vote": value}),
                    headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
                )
                statuses.append(conn.getresponse().status)
                return
            except ConnectionResetError:
                # The test server's accept queue (10) overflowed: the request was never read.
                time.sleep(0.05)
            finally:
                conn.close()

    _run([threading.Thread(target=post, args=(token, value)) for token in tokens for value in (1, -1)])

    assert sorted(statuses) == [200] * len(tokens) + [201] * len(tokens)
    assert Vote.objects.filter(statement=statement).count() == len(tokens)
    assert Participant.objects.filter(conversation=conversation).count() == len(tokens)
