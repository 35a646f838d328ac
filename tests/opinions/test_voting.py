"""Voting services: who may vote, what is refused, the latest vote wins, the stakeholder type, and
statements written by participants."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.opinions import voting
from ortakakil.opinions.models import Participant, Statement, Vote
from ortakakil.workshops.models import StakeholderOrganisation

from .voting_fixtures import *  # noqa: F403
from .voting_fixtures import checked_in, statement

pytestmark = pytest.mark.django_db


def _messages(error):
    return " ".join(error.value.messages)


def test_first_vote_creates_then_latest_wins(conversation, citizen):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    target = statement(conversation)
    first, created = voting.vote_cast(conversation=conversation, participant=participant, statement=target, value=1)
    assert created and first.value == 1 and first.conversation_id == conversation.pk
    later = timezone.now()
    second, created_again = voting.vote_cast(
        conversation=conversation, participant=participant, statement=target, value=-1
    )
    assert not created_again
    assert second.pk == first.pk and second.value == -1
    assert second.updated_at >= later > second.created_at
    assert Vote.objects.filter(participant=participant).count() == 1


def test_participant_is_created_once_and_reused(conversation, citizen):
    a = voting.participant_for_user(conversation=conversation, user=citizen)
    b = voting.participant_for_user(conversation=conversation, user=citizen)
    assert a.pk == b.pk and a.stakeholder_type == "" and Participant.objects.count() == 1


@pytest.mark.parametrize("value", [2, -2, "1", True, None, 0.5])
def test_values_outside_agree_disagree_pass_are_refused(conversation, citizen, value):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    with pytest.raises(ValidationError) as error:
        voting.vote_cast(
            conversation=conversation, participant=participant, statement=statement(conversation), value=value
        )
    assert "1 (agree)" in _messages(error) or "katılıyorum" in _messages(error).lower()
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Statement.Status.PENDING, "moderasyon"),
        (Statement.Status.REJECTED, "reddedil"),
        (Statement.Status.META, "görüşmenin kendisi"),
    ],
)
def test_only_accepted_statements_take_votes(conversation, citizen, status, words):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    with pytest.raises(ValidationError) as error:
        voting.vote_cast(
            conversation=conversation, participant=participant, statement=statement(conversation, status), value=1
        )
    assert words in _messages(error).lower()
    assert not Vote.objects.exists()


def test_a_statement_of_another_conversation_is_refused(conversation, citizen, strategist):
    from ortakakil.opinions.models import Conversation

    other = Conversation.objects.create(process=conversation.process, title="Başka")
    foreign = Statement.objects.create(conversation=other, text="Başka bir görüş.", status=Statement.Status.ACCEPTED)
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    with pytest.raises(ValidationError):
        voting.vote_cast(conversation=conversation, participant=participant, statement=foreign, value=1)
    other_participant = voting.participant_for_user(conversation=other, user=citizen)
    with pytest.raises(PermissionDenied):
        voting.vote_cast(
            conversation=conversation, participant=other_participant, statement=statement(conversation), value=1
        )
    assert not Vote.objects.exists()


def test_closed_conversation_and_closed_phase_refuse(conversation, citizen):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    conversation.closed_at = timezone.now()
    conversation.save()
    with pytest.raises(ValidationError) as error:
        voting.vote_cast(conversation=conversation, participant=participant, statement=statement(conversation), value=1)
    assert "kapandı" in _messages(error)
    conversation.closed_at = None
    conversation.save()
    phase = conversation.process.current_phase
    phase.switches = [s for s in phase.switches if s != "opinions"]
    phase.save()
    conversation.process.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        voting.vote_cast(conversation=conversation, participant=participant, statement=statement(conversation), value=1)
    assert "aşama" in _messages(error)
    assert not Vote.objects.exists()


def test_unverified_and_anonymous_accounts_cannot_vote(conversation, make_user):
    from django.contrib.auth.models import AnonymousUser

    unverified = make_user(Role.CITIZEN, username="yeni", verified_at=None)
    with pytest.raises(PermissionDenied) as error:
        voting.participant_for_user(conversation=conversation, user=unverified)
    assert "e-posta" in str(error.value)
    with pytest.raises(PermissionDenied):
        voting.participant_for_user(conversation=conversation, user=AnonymousUser())
    assert not Participant.objects.exists()


def test_representative_gets_the_registry_type_turkish_case_insensitively(conversation, make_user):
    StakeholderOrganisation.objects.create(
        organisation=conversation.process.organisation, name="İnşaat Mühendisleri Odası", type="meslek_odasi"
    )
    rep = make_user(Role.STAKEHOLDER_REP, username="temsilci", represents="  inşaat MÜHENDİSLERİ odası ")
    participant = voting.participant_for_user(conversation=conversation, user=rep)
    assert participant.stakeholder_type == "meslek_odasi" and not participant.stakeholder_type_chosen
    with pytest.raises(ValidationError):
        voting.participant_choose_type(participant=participant, stakeholder_type="universite")


def test_unknown_representative_and_citizens_choose_their_type(conversation, make_user, citizen):
    rep = make_user(Role.STAKEHOLDER_REP, username="temsilci", represents="Kayıtta olmayan dernek")
    assert voting.participant_for_user(conversation=conversation, user=rep).stakeholder_type == ""
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    voting.participant_choose_type(participant=participant, stakeholder_type="citizen")
    participant.refresh_from_db()
    assert participant.stakeholder_type == "citizen" and participant.stakeholder_type_chosen
    with pytest.raises(ValidationError):
        voting.participant_choose_type(participant=participant, stakeholder_type="uzayli")
    voting.participant_choose_type(participant=participant, stakeholder_type="")
    participant.refresh_from_db()
    assert participant.stakeholder_type == "" and not participant.stakeholder_type_chosen


def test_recompute_is_requested_after_each_vote(conversation, citizen, monkeypatch):
    calls = []
    monkeypatch.setattr(voting.recompute, "request_recompute", calls.append)
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    voting.vote_cast(conversation=conversation, participant=participant, statement=statement(conversation), value=0)
    assert calls == [conversation]


# --- at the workshop, by the table code ------------------------------------------------------------


def test_checked_in_participant_votes_with_the_organisation_type(workshop_conversation, strategist):
    invitation = checked_in(strategist, workshop_conversation.workshop, name="Ankara Barosu", kind="meslek_odasi")
    participant = voting.participant_for_invitation(conversation=workshop_conversation, invitation=invitation)
    again = voting.participant_for_invitation(conversation=workshop_conversation, invitation=invitation)
    assert participant.pk == again.pk and participant.stakeholder_type == "meslek_odasi"
    vote, created = voting.vote_cast(
        conversation=workshop_conversation, participant=participant, statement=statement(workshop_conversation), value=1
    )
    assert created and vote.participant.invitation_id == invitation.pk


def test_phone_rules_hold_for_votes(workshop_conversation, strategist):
    invitation = checked_in(strategist, workshop_conversation.workshop)
    with pytest.raises(PermissionDenied):
        voting.participant_for_invitation(conversation=workshop_conversation, invitation=None)
    participant = voting.participant_for_invitation(conversation=workshop_conversation, invitation=invitation)
    workshop = workshop_conversation.workshop
    workshop.date = timezone.localdate() - dt.timedelta(days=3)
    workshop.save()
    with pytest.raises(ValidationError) as error:
        voting.vote_cast(
            conversation=workshop_conversation,
            participant=participant,
            statement=statement(workshop_conversation),
            value=1,
        )
    assert _messages(error) == "Çalıştay şu anda sürmüyor; telefonlardan oy verilemez."
    assert not Vote.objects.exists()


def test_not_checked_in_cannot_vote_and_accounts_cannot_vote_on_a_workshop_conversation(
    workshop_conversation, strategist, citizen
):
    from tests.workshops.conftest import invite, stakeholder

    workshop = workshop_conversation.workshop
    (invitation,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, "Gelmeyen", "stk"))
    with pytest.raises(PermissionDenied):
        voting.participant_for_invitation(conversation=workshop_conversation, invitation=invitation)
    with pytest.raises(PermissionDenied):
        voting.participant_for_user(conversation=workshop_conversation, user=citizen)
    assert not Participant.objects.exists()


# --- statements -----------------------------------------------------------------------------------


def test_a_participant_submits_a_statement_that_waits_for_moderation(conversation, citizen):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    made = voting.statement_submit(
        conversation=conversation, participant=participant, text="  Gece otobüsleri artsın. "
    )
    assert made.status == Statement.Status.PENDING and made.text == "Gece otobüsleri artsın."
    assert made.author == citizen and made.author_participant == participant


@pytest.mark.parametrize(
    "text",
    ["METRO HATLARI GECE DE ÇALIŞMALI.", "metro hatları gece de çalışmalı.", "Metro  hatları gece de çalışmalı."],
)
def test_duplicate_statements_are_refused_turkish_folded(conversation, citizen, text):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    with pytest.raises(ValidationError) as error:
        voting.statement_submit(conversation=conversation, participant=participant, text=text)
    assert "zaten" in _messages(error)


@pytest.mark.parametrize("text", ["", "\u200b\u200b\u200b\u200b\u200b\u200b", "a\x00bcdef", "x" * 281])
def test_bad_statement_text_is_refused(conversation, citizen, text):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    with pytest.raises(ValidationError):
        voting.statement_submit(conversation=conversation, participant=participant, text=text)
    assert not Statement.objects.filter(author=citizen).exists()


def test_statements_refused_when_the_conversation_takes_none_and_beyond_the_hourly_limit(
    conversation, citizen, settings
):
    participant = voting.participant_for_user(conversation=conversation, user=citizen)
    settings.OPINIONS_STATEMENTS_PER_HOUR = 2
    voting.statement_submit(conversation=conversation, participant=participant, text="Birinci yeni görüş.")
    voting.statement_submit(conversation=conversation, participant=participant, text="İkinci yeni görüş.")
    with pytest.raises(ValidationError) as error:
        voting.statement_submit(conversation=conversation, participant=participant, text="Üçüncü yeni görüş.")
    assert "saat" in _messages(error)
    conversation.accepts_statements = False
    conversation.save()
    with pytest.raises(ValidationError):
        voting.statement_submit(conversation=conversation, participant=participant, text="Dördüncü yeni görüş.")
    assert Statement.objects.filter(author=citizen).count() == 2
