"""The voting pages: signed in (one card at a time, progress, type choice, own statement) and by
the table code at a workshop, without JavaScript and with htmx."""

import pytest
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.opinions.models import Participant, Statement, Vote

from .voting_fixtures import *  # noqa: F403
from .voting_fixtures import checked_in, join_by_phone

pytestmark = pytest.mark.django_db


def _vote_url(conversation):
    return reverse("conversation_vote", kwargs={"slug": conversation.process.slug, "pk": conversation.pk})


def _shown(response):
    return response.context["card"].statement


def test_anonymous_visitors_are_invited_to_log_in(client, conversation):
    page = client.get(_vote_url(conversation)).content.decode()
    assert "Oy vermek için giriş yapın" in page and "/accounts/login/?next=" in page
    assert 'name="vote"' not in page
    target = conversation.statements.filter(status="kabul").first()
    response = client.post(_vote_url(conversation), {"statement": target.pk, "vote": "1"})
    assert response.status_code == 403 and not Vote.objects.exists()


def test_unverified_accounts_read_what_to_do(client, conversation, make_user):
    client.force_login(make_user(Role.CITIZEN, username="yeni", verified_at=None))
    page = client.get(_vote_url(conversation)).content.decode()
    assert "e-posta adresinizi" in page.lower() or "e-posta" in page
    assert 'name="vote"' not in page


def test_a_citizen_votes_card_by_card(client, conversation, citizen):
    client.force_login(citizen)
    response = client.get(_vote_url(conversation))
    page = response.content.decode()
    assert "Katılıyorum" in page and "Katılmıyorum" in page and "Emin değilim / Geç" in page
    assert "4 görüşün 0 tanesini oyladınız." in page
    assert "KVKK" in page and "Kendi görüşünüzü ekleyin" in page
    first = _shown(response)
    after = client.post(_vote_url(conversation), {"do": "vote", "statement": first.pk, "vote": "-1"})
    assert after.status_code == 302 and after.url == _vote_url(conversation)
    vote = Vote.objects.get()
    assert (vote.statement_id, vote.value, vote.participant.user_id) == (first.pk, -1, citizen.pk)
    again = client.get(_vote_url(conversation))
    assert _shown(again).pk != first.pk and "4 görüşün 1 tanesini oyladınız." in again.content.decode()


def test_htmx_swaps_the_card(client, conversation, citizen):
    client.force_login(citizen)
    first = _shown(client.get(_vote_url(conversation)))
    response = client.post(
        _vote_url(conversation), {"do": "vote", "statement": first.pk, "vote": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.templates[0].name == "opinions/_vote_card.html"
    assert "4 görüşün 1 tanesini oyladınız." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"statement": "abc", "vote": "1"}, "görüşmede yok"),
        ({"statement": "", "vote": "0"}, "görüşmede yok"),
        ({"vote": "2"}, "Oy 1"),
    ],
)
def test_bad_votes_are_a_400_with_the_message(client, conversation, citizen, data, words):
    client.force_login(citizen)
    if "statement" not in data:
        data = {**data, "statement": conversation.statements.filter(status="kabul").first().pk}
    response = client.post(_vote_url(conversation), {"do": "vote", **data})
    assert response.status_code == 400 and words in response.content.decode()
    assert not Vote.objects.exists()


def test_a_rejected_statement_is_a_400(client, conversation, citizen):
    client.force_login(citizen)
    rejected = conversation.statements.get(status="ret")
    response = client.post(_vote_url(conversation), {"do": "vote", "statement": rejected.pk, "vote": "1"})
    assert response.status_code == 400 and "reddedildi" in response.content.decode()


def test_choosing_a_type_and_writing_a_statement(client, conversation, citizen):
    client.force_login(citizen)
    chose = client.post(_vote_url(conversation), {"do": "type", "stakeholder_type": "dernek"}, follow=True)
    assert "Kaydedildi" in chose.content.decode()
    participant = Participant.objects.get(user=citizen)
    assert participant.stakeholder_type == "dernek" and participant.stakeholder_type_chosen
    wrote = client.post(_vote_url(conversation), {"do": "statement", "text": "Tramvay hattı kurulsun."}, follow=True)
    assert "moderasyondan sonra" in wrote.content.decode()
    assert Statement.objects.get(text="Tramvay hattı kurulsun.").status == Statement.Status.PENDING
    bad = client.post(_vote_url(conversation), {"do": "type", "stakeholder_type": "<script>"})
    assert bad.status_code == 400


def test_everything_voted_says_thank_you(client, conversation, citizen):
    client.force_login(citizen)
    for _ in range(4):
        shown = _shown(client.get(_vote_url(conversation)))
        client.post(_vote_url(conversation), {"do": "vote", "statement": shown.pk, "vote": "0"})
    page = client.get(_vote_url(conversation)).content.decode()
    assert "4 görüşün hepsini oyladınız" in page and 'name="vote"' not in page


# --- by the table code ----------------------------------------------------------------------------


def _table_url(code="ULS1"):
    return reverse("conversation_table_vote", kwargs={"code": code})


def test_a_checked_in_phone_votes_by_the_table_code(client, workshop_conversation, strategist):
    invitation = checked_in(strategist, workshop_conversation.workshop, name="Ankara Barosu", kind="meslek_odasi")
    join_by_phone(client, invitation)
    phone = client.get("/t/ULS1/").content.decode()
    assert _table_url() in phone and "Görüşleri oylayın" in phone
    response = client.get(_table_url())
    first = _shown(response)
    assert "3 görüşün 0 tanesini oyladınız." in response.content.decode()
    assert "kurumunuzun türü" in response.content.decode()  # the type comes from the registry
    after = client.post(_table_url(), {"do": "vote", "statement": first.pk, "vote": "1"})
    assert after.status_code == 302
    vote = Vote.objects.get()
    assert vote.participant.invitation_id == invitation.pk and vote.participant.stakeholder_type == "meslek_odasi"


def test_a_phone_that_has_not_joined_cannot_vote(client, workshop_conversation):
    page = client.get(_table_url()).content.decode()
    assert "kişisel davet bağlantınızı" in page and 'name="vote"' not in page
    target = workshop_conversation.statements.first()
    response = client.post(_table_url(), {"do": "vote", "statement": target.pk, "vote": "1"})
    assert response.status_code == 403 and not Vote.objects.exists()


def test_a_table_without_a_conversation_is_404_and_its_phone_page_has_no_link(client, workshop):
    assert client.get(_table_url()).status_code == 404
    assert _table_url() not in client.get("/t/ULS1/").content.decode()


def test_a_workshop_conversation_page_sends_accounts_to_the_table_code(client, workshop_conversation, citizen):
    client.force_login(citizen)
    page = client.get(_vote_url(workshop_conversation)).content.decode()
    assert "masa koduyla" in page and 'name="vote"' not in page
