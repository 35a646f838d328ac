"""The next statement: never one the participant voted on nor one that is not accepted; new
statements (unseen in the latest map) come first; None when done."""

import pytest

from ortakakil.opinions import selectors, voting
from ortakakil.opinions.models import Analysis, Statement

from .voting_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_never_a_voted_or_unaccepted_statement_and_none_when_done(conversation, citizen):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    accepted = set(conversation.statements.filter(status=Statement.Status.ACCEPTED).values_list("pk", flat=True))
    seen = []
    for seed in range(len(accepted)):
        card = selectors.next_card(conversation, participant, seed=seed)
        assert card.statement is not None and card.statement.pk in accepted
        assert card.statement.pk not in seen
        assert (card.voted, card.total, card.remaining) == (len(seen), len(accepted), len(accepted) - len(seen))
        seen.append(card.statement.pk)
        voting.vote_cast(conversation=conversation, participant=participant, statement=card.statement, value=0)
    assert selectors.next_statement(conversation, participant) is None
    assert selectors.next_card(conversation, participant).voted == len(accepted)


def test_a_new_statement_is_preferred_over_well_seen_ones(conversation, citizen):
    """Three statements seen by 200 people in the latest map, one new since: Pol.is' novelty
    boost makes the new one come first nearly always."""
    accepted = list(conversation.statements.filter(status=Statement.Status.ACCEPTED).order_by("pk"))
    *old, new = accepted
    Analysis.objects.create(
        conversation=conversation,
        result={
            "statements": {
                str(s.pk): {"agree": 50, "disagree": 100, "pass": 50, "extremity": 0.0, "groups": []} for s in old
            }
        },
    )
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    picks = [selectors.next_statement(conversation, participant, seed=seed).pk for seed in range(200)]
    assert picks.count(new.pk) > 180


def test_a_malformed_analysis_counts_statements_as_unseen(conversation):
    Analysis.objects.create(conversation=conversation, result={"statements": {"x": {"agree": "?"}, "1": []}})
    assert selectors.next_statement(conversation, None, seed=1) is not None


def test_few_queries(conversation, citizen, django_assert_max_num_queries):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    Analysis.objects.create(conversation=conversation, result={"statements": {}})
    selectors.next_card(conversation, participant)  # fills the cache of the analysis' counts
    with django_assert_max_num_queries(4):
        selectors.next_card(conversation, participant)
