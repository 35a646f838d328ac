"""Point 25: «Verilerim» shows and downloads everything held about the person (and nothing of
anyone else); erasure on request empties the account, keeps the contributions anonymised and the
supports counted."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.accounts import PERSONAL_FIELDS, account_erase
from ortakakil.core.models import Consent, Role, User
from ortakakil.core.personal_data import covered_relations, relations_to_user
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.models import Follow, Notification, Proposal, Report, Support
from ortakakil.proposals.selectors import public_name
from ortakakil.surveys import services as survey_services
from ortakakil.surveys.models import Question, Response, Survey

pytestmark = pytest.mark.django_db

PASSWORD = "parola-123"  # tests/factories.py


@pytest.fixture
def surveys(process):
    process.current_phase.switches = [*process.current_phase.switches, "surveys"]
    process.current_phase.save()
    signed = Survey.objects.create(process=process, slug="imzali", title="İmzalı Memnuniyet Anketi", is_anonymous=False)
    anonymous = Survey.objects.create(process=process, slug="anonim", title="Anonim Beklenti Anketi")
    for survey in (signed, anonymous):
        Question.objects.create(survey=survey, key="ulasim", kind="text", text="Ulaşım?", required=False)
    return signed, anonymous


@pytest.fixture
def person(make_user, process, surveys):
    """Ayşe, with something in every section; and Mehmet, whose data must never show up in hers."""
    ayse = make_user(Role.CITIZEN, username="ayse", email="ayse@example.org", first_name="Ayşe", last_name="Demirtaş")
    ayse.public_name = "Kuğulu Parklı"
    ayse.save()
    EmailAddress.objects.create(user=ayse, email=ayse.email, verified=True, primary=True)
    Consent.objects.create(
        user=ayse, purpose="publish_contributions", notice_version="2026-11", given_at=ayse.date_joined
    )
    Token.objects.create(user=ayse)
    mehmet = make_user(Role.CITIZEN, username="mehmet", email="mehmet@example.org", first_name="Mehmet", last_name="Öz")
    theme = process.themes.get(code="ULASIM")
    hers = proposal_services.proposal_create(
        actor=ayse,
        process=process,
        theme=theme,
        title="Ayşe'nin bisiklet yolu önerisi",
        body="Eskişehir yoluna bisiklet yolu.",
    )
    his = proposal_services.proposal_create(
        actor=mehmet, process=process, theme=theme, title="Mehmet'in metro önerisi", body="Metro Dikimevi'ne uzatılsın."
    )
    proposal_services.proposal_support(actor=ayse, proposal=his)
    proposal_services.proposal_support(actor=mehmet, proposal=hers)
    proposal_services.comment_create(actor=ayse, proposal=his, body="Ayşe'nin yorumu: çok gerekli.")
    proposal_services.comment_create(actor=mehmet, proposal=hers, body="Mehmet'in yorumu: katılıyorum.")
    proposal_services.content_report(actor=ayse, reason="Ayşe'nin şikâyet gerekçesi", proposal=his)
    signed, anonymous = surveys
    survey_services.survey_respond(actor=ayse, survey=signed, answers={"ulasim": "Ayşe'nin imzalı yanıtı"})
    survey_services.survey_respond(actor=ayse, survey=anonymous, answers={"ulasim": "Ayşe'nin anonim yanıtı"})
    survey_services.survey_respond(actor=mehmet, survey=signed, answers={"ulasim": "Mehmet'in imzalı yanıtı"})
    AccessLog.objects.create(
        username="ayse", ip_address="203.0.113.7", user_agent="Ayşe'nin tarayıcısı", http_accept="*/*", path_info="/"
    )
    AccessAttempt.objects.create(
        username="ayse@example.org",
        ip_address="203.0.113.8",
        user_agent="Yanlış parola",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessLog.objects.create(
        username="mehmet",
        ip_address="198.51.100.1",
        user_agent="Mehmet'in tarayıcısı",
        http_accept="*/*",
        path_info="/",
    )
    return ayse, mehmet, hers, his


def _download(client, user) -> tuple[dict, str]:
    client.force_login(user)
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="verilerim-')
    text = response.content.decode()
    return json.loads(text), text


def test_the_download_holds_the_persons_items_and_nothing_of_others(client, person):
    ayse, *_ = person
    data, text = _download(client, ayse)
    assert data["account"]["username"] == "ayse" and data["account"]["public_name"] == "Kuğulu Parklı"
    assert [p["title"] for p in data["proposals"]] == ["Ayşe'nin bisiklet yolu önerisi"]
    assert [c["body"] for c in data["comments"]] == ["Ayşe'nin yorumu: çok gerekli."]
    assert [s["proposal"] for s in data["supports"]] == ["Mehmet'in metro önerisi"]
    assert [r["reason"] for r in data["reports"]] == ["Ayşe'nin şikâyet gerekçesi"]
    assert [r["answers"] for r in data["survey_responses"]] == [{"ulasim": "Ayşe'nin imzalı yanıtı"}]
    assert [c["notice_version"] for c in data["consents"]] == ["2026-11"]
    assert [a["email"] for a in data["email_addresses"]] == ["ayse@example.org"]
    assert sorted(row["ip_address"] for row in data["login_history"]) == ["203.0.113.7", "203.0.113.8"]
    assert len(data["api_token"]) == 1 and Token.objects.get(user=ayse).key not in text
    assert "anonim" in data["notes"]["survey_responses"].lower()
    # Nothing of Mehmet's own: his account, his comment, his answers, his logins.
    for foreign in ("mehmet@example.org", "Mehmet'in yorumu", "Mehmet'in imzalı yanıtı", "198.51.100.1", "Öz"):
        assert foreign not in text
    # Anonymous answers are not linked to her.
    assert "Ayşe'nin anonim yanıtı" not in text


def test_the_page_lists_the_same_with_the_download_link(client, person):
    ayse, *_ = person
    client.force_login(ayse)
    html = client.get(reverse("my_data")).content.decode()
    for item in (
        "Ayşe'nin bisiklet yolu önerisi",
        "Ayşe'nin yorumu: çok gerekli.",
        "Ayşe'nin imzalı yanıtı",
        "203.0.113.7",
    ):
        assert item.replace("'", "&#x27;") in html
    assert "Mehmet'in yorumu" not in html.replace("&#x27;", "'")
    assert reverse("my_data_download") in html and reverse("my_data_erase") in html


def test_workshop_contact_records_with_the_same_address_are_listed(client, person):
    from tests.factories import ContactPersonFactory

    ayse, *_ = person
    ContactPersonFactory(email="AYSE@example.org", full_name="Ayşe Demirtaş", phone="0312 000 00 00")
    ContactPersonFactory(email="baska@example.org", full_name="Başka Biri")
    data, text = _download(client, ayse)
    assert [c["full_name"] for c in data["workshop_contacts"]] == ["Ayşe Demirtaş"]
    assert "Başka Biri" not in text


def test_every_relation_to_a_user_is_shown_somewhere():
    uncovered = [relation for relation in relations_to_user() if relation not in covered_relations()]
    assert uncovered == [], "cover these in the owning app's personal_data.py (a section and its RELATIONS)"


def test_my_data_needs_a_login(client):
    for name in ("my_data", "my_data_download", "my_data_erase", "my_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_erasure_keeps_contributions_anonymised_and_supports_counted(client, person, surveys):
    ayse, mehmet, hers, his = person
    other_device = Client()
    other_device.force_login(ayse)
    other_session = other_device.session.session_key
    client.force_login(ayse)
    old = {"username": ayse.username, "email": ayse.email, "first": ayse.first_name, "last": ayse.last_name}
    supports_before = Proposal.objects.get(pk=his.pk).supports_count

    response = client.post(reverse("my_data_erase"), {"password": PASSWORD})

    assert response.status_code == 302 and response.url == "/"
    erased = User.objects.get(pk=ayse.pk)
    assert erased.username == f"silinmis-{ayse.pk}" and erased.erased_at is not None
    assert [getattr(erased, name) for name in PERSONAL_FIELDS] == ["", "", "", "", ""]
    assert not erased.is_active and not erased.has_usable_password()
    # Her proposal stays, signed «Silinmiş kullanıcı»; her support still counts.
    page = client.get(hers.get_absolute_url()).content.decode()
    assert "Ayşe&#x27;nin bisiklet yolu önerisi" in page and "Silinmiş kullanıcı" in page
    assert "Kuğulu Parklı" not in page
    assert public_name(erased) == "Silinmiş kullanıcı"
    # Her comment on his proposal, too.
    his_page = client.get(his.get_absolute_url()).content.decode()
    assert "Ayşe&#x27;nin yorumu: çok gerekli." in his_page and "Silinmiş kullanıcı" in his_page
    assert "Ayşe" not in his_page.replace("Ayşe&#x27;nin", "")
    assert Proposal.objects.get(pk=his.pk).supports_count == supports_before
    assert Support.objects.filter(user=erased, proposal=his).count() == 1
    assert Report.objects.filter(reporter=erased).count() == 1
    assert Response.objects.filter(respondent=erased).count() == 1
    # Addresses, tokens, sessions, follows, notifications and login records are gone.
    assert not EmailAddress.objects.filter(user=erased).exists()
    assert not Token.objects.filter(user=erased).exists()
    assert not Session.objects.filter(session_key=other_session).exists()
    assert other_device.get(reverse("my_account")).status_code == 302
    assert not Follow.objects.filter(user=erased).exists() and not Notification.objects.filter(user=erased).exists()
    assert not AccessLog.objects.filter(username="ayse").exists()
    assert not AccessAttempt.objects.filter(username="ayse@example.org").exists()
    assert AccessLog.objects.filter(username="mehmet").count() == 1
    consent = Consent.objects.get(user=erased)
    assert consent.withdrawn_at is not None
    # No personal field is left in the account's history.
    for row in User.history.filter(id=ayse.pk).values():
        values = " ".join(str(v) for v in row.values())
        for value in old.values():
            assert value not in values
    # She cannot log in any more; Mehmet is untouched.
    assert not client.login(username=old["username"], password=PASSWORD)
    login = client.post(reverse("account_login"), {"login": old["email"], "password": PASSWORD})
    assert "_auth_user_id" not in client.session and login.status_code == 200
    mehmet.refresh_from_db()
    assert (mehmet.username, mehmet.email, mehmet.is_active) == ("mehmet", "mehmet@example.org", True)


def test_an_erased_accounts_token_no_longer_opens_the_api(person):
    ayse, *_ = person
    key = Token.objects.get(user=ayse).key
    account_erase(actor=ayse, password=PASSWORD)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post(f"/api/v1/proposals/{person[3].pk}/support/").status_code == 401


def test_a_wrong_password_erases_nothing(client, person):
    ayse, *_ = person
    client.force_login(ayse)
    response = client.post(reverse("my_data_erase"), {"password": "yanlis"})
    assert response.status_code == 400 and "Parola doğru değil." in response.content.decode()
    ayse.refresh_from_db()
    assert (ayse.username, ayse.email, ayse.is_active, ayse.erased_at) == ("ayse", "ayse@example.org", True, None)
    assert EmailAddress.objects.filter(user=ayse).exists() and Token.objects.filter(user=ayse).exists()


def test_staff_cannot_erase_themselves_while_they_hold_a_staff_role(client, strategist):
    client.force_login(strategist)
    page = client.get(reverse("my_data_erase")).content.decode()
    assert "Personel hesapları sahiplerince silinemez" in page and 'name="password"' not in page
    response = client.post(reverse("my_data_erase"), {"password": PASSWORD})
    assert response.status_code == 400 and "Personel hesapları sahiplerince silinemez" in response.content.decode()
    strategist.refresh_from_db()
    assert (strategist.username, strategist.is_active, strategist.erased_at) == ("strateji", True, None)
