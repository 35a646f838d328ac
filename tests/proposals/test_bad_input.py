"""Tampered forms on the proposal pages get a Turkish message, never a server error, and change
nothing."""

import pytest
from django.urls import reverse

from ortakakil.proposals import services
from ortakakil.proposals.models import ModerationAction, Report

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.mark.parametrize("comment", ["abc", "", "99999999999999999999", "12345"])
def test_reporting_a_comment_that_is_not_there_changes_nothing(client, process, proposal, citizen, comment):
    client.force_login(citizen)
    url = reverse("proposal_report", kwargs={"slug": process.slug, "pk": proposal.pk})
    response = client.post(url, {"reason": "Hakaret var", "comment": comment})
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url() + "#comments"
    assert _messages(response) == ["Bu yorum yok."]
    assert not Report.objects.exists()


@pytest.mark.parametrize("data", [{"proposal": "abc"}, {"proposal": "99999999999999999999"}, {"comment": "abc"}, {}])
def test_moderating_a_tampered_id_changes_nothing(client, process, proposal, strategist, data):
    client.force_login(strategist)
    response = client.post(
        reverse("proposals_manage:moderate", kwargs={"slug": process.slug}),
        {"action": "hide", "reason": "Hakaret var", **data},
    )
    assert response.status_code == 302
    assert _messages(response) == ["Moderasyon için bu sürecin bir önerisini ya da yorumunu seçin."]
    assert not ModerationAction.objects.exists()
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_a_moderation_reason_of_invisible_characters_is_refused(client, process, proposal, strategist):
    client.force_login(strategist)
    response = client.post(
        reverse("proposals_manage:moderate", kwargs={"slug": process.slug}),
        {"action": "hide", "reason": "\u200b\u200b\u200b\u200b", "proposal": proposal.pk},
    )
    assert response.status_code == 302
    assert _messages(response) == ["Gerekçe boş bırakılamaz."]
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("ids", ["1, abc", "99999999999999999999, 2", "1; 2²"])
def test_merge_with_tampered_numbers_is_a_form_error(client, process, strategist, ids):
    client.force_login(strategist)
    response = client.post(
        reverse("proposals_manage:merge", kwargs={"slug": process.slug}),
        {"ids": ids, "title": "Birleşik öneri", "body": "Birleşik önerinin metni burada."},
    )
    assert response.status_code == 400
    assert "Öneri numaralarını virgülle ayırarak yazın." in response.content.decode()


def test_a_real_comment_can_still_be_reported(client, process, proposal, citizen, author):
    comment = services.comment_create(actor=author, proposal=proposal, body="Kesinlikle katılıyorum.")
    client.force_login(citizen)
    url = reverse("proposal_report", kwargs={"slug": process.slug, "pk": proposal.pk})
    client.post(url, {"reason": "Hakaret var", "comment": str(comment.pk)})
    assert list(Report.objects.values_list("comment_id", "proposal_id")) == [(comment.pk, None)]
