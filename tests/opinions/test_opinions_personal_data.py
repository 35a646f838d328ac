"""«Verilerim» shows a person's participations, votes and statements; erasure clears a type
they chose and keeps their votes counted (linked to the tombstone account)."""

import pytest
from django.urls import reverse

from ortakakil.core.personal_data import personal_data_json
from ortakakil.opinions import voting
from ortakakil.opinions.models import Participant, Vote

from .voting_fixtures import *  # noqa: F403
from .voting_fixtures import statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(conversation, citizen):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    voting.participant_choose_type(participant=participant, stakeholder_type="dernek")
    voting.vote_cast(conversation=conversation, participant=participant, statement=statement(conversation), value=-1)
    voting.statement_submit(conversation=conversation, participant=participant, text="Kent bostanları çoğalsın.")
    return participant


def test_my_data_shows_participations_votes_and_statements(active, citizen, client):
    data = personal_data_json(citizen)
    assert data["opinion_participations"][0]["conversation"] == "Ulaşımda öncelikler"
    assert data["opinion_participations"][0]["chosen"] is True
    assert [(v["statement"], v["vote"]) for v in data["opinion_votes"]] == [
        ("Metro hatları gece de çalışmalı.", "Katılmıyorum")
    ]
    assert data["opinion_statements"][0]["text"] == "Kent bostanları çoğalsın."
    client.force_login(citizen)
    page = client.get(reverse("my_data")).content.decode()
    assert "Görüşlere verdiğiniz oylar" in page and "Kent bostanları çoğalsın." in page


def test_erasure_keeps_the_vote_and_clears_the_chosen_type(active, citizen, client):
    client.force_login(citizen)
    response = client.post(reverse("my_data_erase"), {"password": "parola-123"})
    assert response.status_code == 302
    participant = Participant.objects.get(pk=active.pk)
    assert participant.stakeholder_type == "" and not participant.stakeholder_type_chosen
    assert Vote.objects.filter(participant=participant).count() == 1
