"""Every place that honours a ``next`` address falls back to a page of this site when the address
points elsewhere or is a script (``javascript:``)."""

import pytest
from django.urls import reverse

from ortakakil.proposals import services
from ortakakil.proposals.models import ModerationAction

pytestmark = pytest.mark.django_db

HOSTILE = ["javascript:alert(1)", "https://evil.example/", "//evil.example/", "/\\evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_login_falls_back_to_the_home_page(client, citizen, target):
    from ortakakil.core.accounts import account_verify

    account_verify(user=citizen)  # a confirmed e-mail address: the login goes through
    response = client.post(
        reverse("account_login") + f"?next={target}", {"login": "vatandas", "password": "parola-123"}
    )
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_falls_back_to_the_home_page(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_moderation_falls_back_to_the_queue(client, strategist, process, make_user, target):
    author = make_user(username="yazar2")
    proposal = services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü",
        body="Gece otobüsü seferleri artırılsın.",
    )
    client.force_login(strategist)
    response = client.post(
        reverse("proposals_manage:moderate", kwargs={"slug": process.slug}),
        {"action": "hide", "reason": "Hakaret içeriyor", "proposal": proposal.pk, "next": target},
    )
    assert response.status_code == 302
    assert response.url == reverse("proposals_manage:moderation", kwargs={"slug": process.slug})
    assert ModerationAction.objects.filter(proposal=proposal, action="hide").count() == 1
