"""Exactly once under concurrency, with parallel processes on PostgreSQL (issue 15, point 4).

Eight OS processes (``multiprocessing``'s ``forkserver``: forked from a clean server process
that preloaded only Django and the project, as gunicorn forks its workers from a preloaded
master; each with its own connection) wait on one barrier and then make the same write at
the same moment through the real API or service (``workers.py``). Supports, statement votes,
participatory-budget ballots, workshop dots and idempotent ideas must each be stored exactly
once: one row per (person, object), denormalised counters equal to ``COUNT(*)``, budgets never
exceeded, and every loser gets the documented answer (200 instead of 201, a Turkish refusal)
rather than an unhandled ``IntegrityError``.

The thread-based tests next to each app (``tests/*/test_*concurrency.py``) share one process;
these do not, so nothing (the GIL, a shared connection pool) can serialise the writers for us.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from ortakakil.core.models import Role
from ortakakil.opinions.models import Conversation, Participant, Statement, Vote
from ortakakil.portfolio.models import Ballot
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.models import Support
from ortakakil.workshops import live
from ortakakil.workshops.models import DotVote, Idea
from tests.factories import UserFactory
from tests.opinions.voting_fixtures import open_opinions
from tests.portfolio.test_ballots import budget_round, ids  # noqa: F401 — the fixture
from tests.workshops.conftest import checked_in, workshop  # noqa: F401 — the fixture

from . import workers

N = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; these races need PostgreSQL (DATABASE_URL=postgres://…, run by .ci/run)",
    ),
]


@pytest.fixture(scope="module")
def race(django_db_setup, django_db_blocker):
    """``race(task, [kwargs, …])`` runs one task per child, all released together; the answers
    in the order given. The eight children live for the module."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.integrity.preload"])
    barrier, event = context.Barrier(N), context.Event()
    with django_db_blocker.unblock():
        database = dict(connection.settings_dict)
    pool = context.Pool(N, initializer=workers.init, initargs=(database, barrier, event))
    # every child up and connected before the first race (slow on a loaded machine, never counted)
    assert pool.starmap_async(workers.run, [("ping", {})] * N, chunksize=1).get(timeout=600) == ["ok pong"] * N

    def run(task, each):
        """``task`` names what every child does; ``None`` when ``each`` holds (task, kwargs) pairs."""
        pairs = [(task, kwargs) for kwargs in each] if task else each
        assert len(pairs) == N, "every child must take part, or the barrier never opens"
        event.clear()
        return pool.starmap_async(workers.run, pairs, chunksize=1).get(timeout=120)

    yield run
    pool.close()
    pool.join()


def tokens(count):
    return [Token.objects.create(user=UserFactory(role=Role.CITIZEN)).key for _ in range(count)]


def turkish(message, **params):
    with translation.override("tr"):
        return gettext(message) % params if params else gettext(message)


# --- proposals: supports --------------------------------------------------------------------------


@pytest.fixture
def proposal(process):
    return proposal_services.proposal_create(
        actor=UserFactory(role=Role.CITIZEN),
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Eşzamanlı destek",
        body="Aynı anda gelen destekler tek sayılmalı.",
    )


def assert_supports_exact(proposal, expected):
    proposal.refresh_from_db()
    assert Support.objects.filter(proposal=proposal).count() == expected
    assert proposal.supports_count == expected
    assert Support.objects.filter(proposal=proposal).values("user").distinct().count() == expected


def test_one_user_supporting_from_eight_processes_is_one_support(race, proposal):
    (token,) = tokens(1)
    answers = race("support_api", [{"proposal": proposal.pk, "token": token}] * N)
    assert sorted(answers) == ["ok 200"] * (N - 1) + ["ok 201"]
    assert_supports_exact(proposal, 1)


def test_eight_users_supporting_at_once_are_eight_supports(race, proposal):
    answers = race("support_api", [{"proposal": proposal.pk, "token": token} for token in tokens(N)])
    assert answers == ["ok 201"] * N
    assert_supports_exact(proposal, N)


def test_supports_and_withdrawals_at_once_keep_the_counter_equal_to_the_rows(race, proposal):
    """Four users who had supported withdraw while four others support, each from two processes:
    whatever the interleaving, each change happens once and the counter follows the rows."""
    withdrawing = [UserFactory(role=Role.CITIZEN) for _ in range(2)]
    for user in withdrawing:
        proposal_services.proposal_support(actor=user, proposal=proposal)
    supporting = [UserFactory(role=Role.CITIZEN) for _ in range(2)]
    each = [{"proposal": proposal.pk, "user": u.pk, "support": False} for u in withdrawing for _ in range(2)]
    each += [{"proposal": proposal.pk, "user": u.pk, "support": True} for u in supporting for _ in range(2)]
    answers = race("support_toggle", each)
    # each user's two processes: one changed something, the other found it done
    assert [Counter(answers[i : i + 2]) for i in range(0, N, 2)] == [Counter({"ok True": 1, "ok False": 1})] * 4
    assert set(Support.objects.filter(proposal=proposal).values_list("user", flat=True)) == {u.pk for u in supporting}
    assert_supports_exact(proposal, 2)


# --- opinions: statement votes --------------------------------------------------------------------


@pytest.fixture
def statement(process):
    open_opinions(process)
    conversation = Conversation.objects.create(process=process, title="Eşzamanlı oylar")
    return Statement.objects.create(
        conversation=conversation, text="Aynı anda oylanan görüş.", status=Statement.Status.ACCEPTED
    )


def test_one_account_voting_from_eight_processes_leaves_one_participant_and_one_vote(race, statement):
    (token,) = tokens(1)
    values = [1, -1] * (N // 2)
    each = [
        {"conversation": statement.conversation_id, "statement": statement.pk, "token": token, "value": v}
        for v in values
    ]
    answers = race("vote_api", each)
    assert sorted(answers) == ["ok 200"] * (N - 1) + ["ok 201"]
    assert Participant.objects.filter(conversation=statement.conversation).count() == 1
    (vote,) = Vote.objects.filter(statement=statement)
    assert vote.value in {1, -1}


def test_eight_accounts_voting_at_once_are_eight_votes(race, statement):
    each = [
        {"conversation": statement.conversation_id, "statement": statement.pk, "token": token, "value": 1}
        for token in tokens(N)
    ]
    assert race("vote_api", each) == ["ok 201"] * N
    assert Vote.objects.filter(statement=statement).count() == N
    assert Vote.objects.filter(statement=statement).values("participant").distinct().count() == N
    assert Participant.objects.filter(conversation=statement.conversation).count() == N


# --- portfolio: participatory-budget ballots ------------------------------------------------------


def test_one_voter_casting_different_ballots_from_eight_processes_leaves_one_ballot(race, budget_round):  # noqa: F811
    budget, (bike, shelter, night) = budget_round
    (token,) = tokens(1)
    choices = [ids(bike), ids(shelter), ids(night), ids(shelter, night)] * (N // 4)
    answers = race("ballot_api", [{"budget_round": budget.pk, "token": token, "choices": c} for c in choices])
    assert sorted(answers) == ["ok 200"] * (N - 1) + ["ok 201"]
    (ballot,) = Ballot.objects.filter(round=budget)
    assert ballot.choices in choices


def test_eight_voters_at_once_are_eight_ballots(race, budget_round):  # noqa: F811
    budget, (bike, _shelter, _night) = budget_round
    each = [{"budget_round": budget.pk, "token": token, "choices": ids(bike)} for token in tokens(N)]
    assert race("ballot_api", each) == ["ok 201"] * N
    assert Ballot.objects.filter(round=budget).count() == N
    assert Ballot.objects.filter(round=budget).values("voter").distinct().count() == N


# --- workshops: dot votes and idempotent ideas ----------------------------------------------------


@pytest.fixture
def running_workshop(workshop):  # noqa: F811
    workshop.date, workshop.dots_per_participant = timezone.localdate(), 3
    workshop.save()
    return workshop


def assert_counters_match_rows(*ideas):
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.votes_count == DotVote.objects.filter(idea=idea).count()


def test_dots_beyond_the_budget_from_eight_phones_at_two_tables_are_refused(race, strategist, running_workshop):
    person = checked_in(strategist, running_workshop)
    ideas = [
        Idea.objects.create(table=running_workshop.tables.get(code=code), text=f"Fikir {code}")
        for code in ("ULS1", "AFT1")
    ]
    each = [{"idea": ideas[n % 2].pk, "invitation": person.pk} for n in range(N)]
    answers = race("dot_vote", each)
    refusal = "refused " + turkish("You have used all your %(n)d dots.", n=3)
    assert sorted(answers) == ["ok 0", "ok 1", "ok 2"] + [refusal] * (N - 3)
    assert DotVote.objects.filter(participant=person).count() == 3
    assert_counters_match_rows(*ideas)


def test_eight_participants_dotting_one_idea_at_once_are_eight_dots(race, strategist, running_workshop):
    people = [checked_in(strategist, running_workshop, name=f"Kurum {n}") for n in range(N)]
    idea = Idea.objects.create(table=running_workshop.tables.get(code="ULS1"), text="Gece otobüsleri")
    answers = race("dot_vote", [{"idea": idea.pk, "invitation": person.pk} for person in people])
    assert answers == ["ok 2"] * N
    assert DotVote.objects.filter(idea=idea).values("participant").distinct().count() == N
    assert_counters_match_rows(idea)
    assert idea.votes_count == N


def test_an_idea_sent_with_one_key_from_eight_processes_is_stored_once(race, strategist, running_workshop):
    person = checked_in(strategist, running_workshop)
    table = running_workshop.tables.get(code="ULS1")
    each = [{"table": table.pk, "invitation": person.pk, "text": "Gece otobüsleri", "client_key": "k-1"}] * N
    answers = race("idea_add", each)
    (idea,) = Idea.objects.filter(table=table)
    assert answers == [f"ok {idea.pk}"] * N
    assert idea.client_key == "k-1" and idea.participant == person


def test_a_dot_put_while_its_idea_is_withdrawn_is_refused_not_lost(race, strategist, running_workshop):
    """A facilitator withdraws an idea and keeps the transaction open (its row locked) until the
    seven phones putting a dot on it meanwhile all wait on a lock (or ten seconds pass). Every dot
    is refused in Turkish: none stays on the withdrawn idea, spending its owner's budget."""
    people = [checked_in(strategist, running_workshop, name=f"Kurum {n}") for n in range(N - 1)]
    table = running_workshop.tables.get(code="ULS1")
    idea = Idea.objects.create(table=table, text="Yanlışlıkla iki kez yazılan fikir")
    facilitator = table.facilitators.get()
    each = [("idea_withdraw_holding", {"idea": idea.pk, "actor": facilitator.pk, "waiters": N - 1})]
    each += [("dot_vote", {"idea": idea.pk, "invitation": person.pk, "after_event": True}) for person in people]
    answers = race(None, each)
    refusal = "refused " + turkish("This idea was withdrawn or merged into another; put your dot on another idea.")
    assert answers == ["ok withdrawn"] + [refusal] * (N - 1)
    assert not DotVote.objects.filter(idea=idea, returned_at__isnull=True).exists()
    assert_counters_match_rows(idea)
    assert all(live.selectors.dots_left(running_workshop, person) == 3 for person in people)
