"""Point 23: only verified accounts write (propose, support, comment, report, answer surveys),
on the web and through the API; sign-ups confirm their e-mail address; accounts made by staff,
``create_citizens`` and the demo count as verified."""

from __future__ import annotations

import io
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core import services as core_services
from ortakakil.core.models import Consent, Role, User
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.models import Comment, Proposal, Report, Support
from ortakakil.surveys import services as survey_services
from ortakakil.surveys.models import Question, Response, Survey

pytestmark = pytest.mark.django_db

REFUSAL = "Katılmak için önce e-posta adresinizi doğrulayın"


@pytest.fixture
def unverified(make_user):
    return make_user(Role.CITIZEN, username="yeni", verified_at=None)


@pytest.fixture
def proposal(process, make_user):
    author = make_user(Role.CITIZEN, username="yazar", first_name="Zeynep", last_name="Kaya")
    return proposal_services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü seferleri artırılsın",
        body="Kızılay ile Sincan arasında gece seferi yok, artırılmalı.",
    )


@pytest.fixture
def survey(process):
    process.current_phase.switches = [*process.current_phase.switches, "surveys"]
    process.current_phase.save()
    survey = Survey.objects.create(process=process, slug="beklenti", title="Vatandaş Beklenti Anketi")
    Question.objects.create(survey=survey, key="yas", kind="single", text="Yaşınız?", options=["18-29", "30+"])
    return survey


def test_an_unverified_account_cannot_write_through_the_services(process, proposal, survey, unverified):
    theme = process.themes.get(code="ULASIM")
    attempts = [
        lambda: proposal_services.proposal_create(
            actor=unverified, process=process, theme=theme, title="Yeni bir öneri", body="Bu bir deneme önerisidir."
        ),
        lambda: proposal_services.proposal_support(actor=unverified, proposal=proposal),
        lambda: proposal_services.comment_create(actor=unverified, proposal=proposal, body="Katılıyorum."),
        lambda: proposal_services.content_report(actor=unverified, reason="Reklam", proposal=proposal),
        lambda: survey_services.survey_respond(actor=unverified, survey=survey, answers={"yas": "30+"}),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=REFUSAL):
            attempt()
    assert Proposal.objects.count() == 1
    assert (Support.objects.count(), Comment.objects.count(), Report.objects.count(), Response.objects.count()) == (
        0,
        0,
        0,
        0,
    )


def test_the_same_account_writes_once_verified(process, proposal, unverified):
    unverified.verified_at = unverified.date_joined
    unverified.save()
    assert proposal_services.proposal_support(actor=unverified, proposal=proposal) == (True, 1)


def test_an_unverified_account_gets_a_turkish_refusal_on_the_web_and_nothing_changes(
    client, process, proposal, survey, unverified
):
    client.force_login(unverified)
    theme = process.themes.get(code="ULASIM")
    posts = [
        (
            reverse("proposal_create", kwargs={"slug": process.slug}),
            {"theme": theme.pk, "title": "Yeni bir öneri", "body": "Bu bir deneme önerisidir."},
        ),
        (reverse("proposal_support", kwargs={"slug": process.slug, "pk": proposal.pk}), {}),
        (
            reverse("proposal_comment", kwargs={"slug": process.slug, "pk": proposal.pk}),
            {"stance": "for", "body": "Katılıyorum."},
        ),
        (reverse("proposal_report", kwargs={"slug": process.slug, "pk": proposal.pk}), {"reason": "Reklam içeriyor"}),
        (reverse("survey_detail", kwargs={"slug": process.slug, "survey": survey.slug}), {"yas": "30+"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert REFUSAL in response.content.decode(), url
    assert Proposal.objects.count() == 1
    assert (Support.objects.count(), Comment.objects.count(), Report.objects.count(), Response.objects.count()) == (
        0,
        0,
        0,
        0,
    )


def test_an_unverified_account_gets_a_turkish_json_refusal_from_the_api(process, proposal, unverified):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=unverified).key}")
    calls = [
        api.post(
            "/api/v1/proposals/",
            {
                "process": process.slug,
                "theme": "ULASIM",
                "title": "Yeni bir öneri",
                "body": "Bu bir deneme önerisidir.",
            },
            format="json",
        ),
        api.post(f"/api/v1/proposals/{proposal.pk}/support/"),
        api.post(f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "Katılıyorum."}, format="json"),
    ]
    for response in calls:
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/json")
        assert REFUSAL in response.json()["detail"]
    assert (Proposal.objects.count(), Support.objects.count(), Comment.objects.count()) == (1, 0, 0)


def test_a_sign_up_confirms_its_address_before_it_can_log_in_and_write(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    response = client.post(
        reverse("account_signup"),
        {
            "username": "yeni-katilimci",
            "email": "yeni@example.org",
            "public_name": "Kuğulu Parklı",
            "password1": "Ankara-Kugulu-2026",
            "password2": "Ankara-Kugulu-2026",
            "consent": "on",
        },
    )
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    user = User.objects.get(username="yeni-katilimci")
    assert (user.public_name, user.verified_at, user.is_verified) == ("Kuğulu Parklı", None, False)
    consent = Consent.objects.get(user=user)
    assert (consent.purpose, consent.notice_version, consent.withdrawn_at) == ("publish_contributions", "2026-11", None)
    # The confirmation e-mail is in Turkish, and logging in waits for it.
    [message] = mail.outbox
    assert message.to == ["yeni@example.org"]
    assert "E-posta adresinizi doğrulayın" in message.subject
    assert "Adresinizi doğrulamak ve katılmaya başlamak" in message.body
    client.logout()
    login = client.post(reverse("account_login"), {"login": "yeni-katilimci", "password": "Ankara-Kugulu-2026"})
    assert login.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.verified_at is not None and user.is_verified
    assert EmailAddress.objects.get(user=user).verified


def test_accounts_made_by_staff_are_verified_and_can_log_in(client, organisation, strategist):
    user = core_services.user_create(
        actor=strategist,
        organisation=organisation,
        data={"username": "yeni-uzman", "email": "Uzman@Example.org", "role": Role.STAKEHOLDER_REP},
        password="Ankara-Uzman-2026",
    )
    assert user.verified_at is not None and user.is_verified
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("uzman@example.org", True, True)
    response = client.post(reverse("account_login"), {"login": "yeni-uzman", "password": "Ankara-Uzman-2026"})
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_create_citizens_accounts_are_verified_and_its_output_is_unchanged(db):
    out = io.StringIO()
    call_command("create_citizens", "--count", "2", "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [sorted(line) for line in lines] == [["token", "username"], ["token", "username"]]
    users = User.objects.filter(username__in=[line["username"] for line in lines])
    assert users.count() == 2 and all(u.is_verified for u in users)


def test_demo_accounts_are_verified_with_display_names_and_consent(ankara_demo, client):
    from ortakakil.demo.loader import DEMO_PASSWORD

    vatandas = User.objects.get(username="vatandas")
    assert (vatandas.public_name, vatandas.is_verified) == ("Ayşe K.", True)
    assert vatandas.consents.get().purpose == "publish_contributions"
    participants = User.objects.filter(username__startswith="demo-vatandas-")
    assert participants.filter(verified_at__isnull=True).count() == 0
    assert participants.filter(public_name="").count() == 0
    assert participants.exclude(consents__purpose="publish_contributions").count() == 0
    response = client.post(reverse("account_login"), {"login": "vatandas", "password": DEMO_PASSWORD})
    assert response.url == "/" and client.session["_auth_user_id"] == str(vatandas.pk)
