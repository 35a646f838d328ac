"""Kinds of e-mail, each person's choice, signed unsubscribe links and the confirmed-address rule."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from ortakakil.core import emails
from ortakakil.core.models import EmailOptOut, Role

KIND = "proposal_answer"  # registered by the proposals app


def test_the_proposals_app_registers_its_kinds():
    assert [kind.key for kind in emails.kinds()][:4] == [
        "proposal_answer",
        "proposal_comment",
        "proposal_merge",
        "proposal_digest",
    ]


def test_a_kind_is_on_until_turned_off(citizen):
    assert emails.wants(citizen, KIND)
    EmailOptOut.objects.create(user=citizen, kind=KIND)
    assert not emails.wants(citizen, KIND)
    assert emails.wants(citizen, "proposal_comment")


def test_only_a_confirmed_address_is_mailed(make_user):
    staff_made = make_user(Role.CITIZEN, username="eski")  # verified when made, no allauth row
    assert emails.confirmed_address(staff_made) == staff_made.email

    waiting = make_user(Role.CITIZEN, username="yeni", verified_at=None)
    EmailAddress.objects.create(user=waiting, email=waiting.email, verified=False, primary=True)
    assert emails.confirmed_address(waiting) is None

    changed = make_user(Role.CITIZEN, username="degisti")  # verified, then changed to an unconfirmed address
    EmailAddress.objects.create(user=changed, email=changed.email, verified=False, primary=True)
    assert emails.confirmed_address(changed) is None

    confirmed = make_user(Role.CITIZEN, username="onayli", verified_at=None)
    EmailAddress.objects.create(user=confirmed, email=confirmed.email.upper(), verified=True, primary=True)
    assert emails.confirmed_address(confirmed) == confirmed.email

    never = make_user(Role.CITIZEN, username="hic", verified_at=None)
    assert emails.confirmed_address(never) is None


def test_send_adds_the_one_click_headers_and_respects_the_choice(citizen):
    assert emails.send(user=citizen, kind=KIND, subject="Konu", text="Metin", html="<p>Metin</p>")
    message = mail.outbox[0]
    token = emails.unsubscribe_token(citizen, KIND)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://localhost:8000/unsubscribe/{token}/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    EmailOptOut.objects.create(user=citizen, kind=KIND)
    assert not emails.send(user=citizen, kind=KIND, subject="Konu", text="Metin")
    assert len(mail.outbox) == 1


def test_links_use_site_url(citizen, settings):
    settings.SITE_URL = "https://katilim.ankara.bel.tr/"
    assert emails.unsubscribe_url(citizen, KIND).startswith("https://katilim.ankara.bel.tr/unsubscribe/")


def test_the_unsubscribe_page_works_logged_out(citizen):
    client = Client(enforce_csrf_checks=True)
    url = reverse("email_unsubscribe", kwargs={"token": emails.unsubscribe_token(citizen, KIND)})

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bu e-postaları kapat" in html
    assert "Yazdığım veya takip ettiğim bir öneriye resmî yanıt verildiğinde" in html
    assert citizen.email not in html  # masked: whoever finds the link does not learn the address
    assert not EmailOptOut.objects.exists()

    done = client.post(url)
    assert done.status_code == 200
    assert "Artık bu türden e-posta almayacaksınız" in done.content.decode()
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [(citizen.pk, KIND)]

    again = client.post(url, {"List-Unsubscribe": "One-Click"})  # the mail client's RFC 8058 post
    assert again.status_code == 200
    assert EmailOptOut.objects.count() == 1
    reopened = client.get(url).content.decode()  # the link opened again: no button, the state
    assert "Bu e-postaları kapat" not in reopened and "zaten kapalı" in reopened


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        lambda token: "eyJ1Ijo5OTksImsiOiJwcm9wb3NhbF9hbnN3ZXIifQ" + token[token.index(":") :],  # another person
        lambda token: "x" * 400,
        lambda token: "bozuk",
    ],
)
def test_a_tampered_token_is_refused_in_turkish(citizen, mangle):
    token = mangle(emails.unsubscribe_token(citizen, KIND))
    client = Client()
    for response in (client.get(f"/unsubscribe/{token}/"), client.post(f"/unsubscribe/{token}/")):
        assert response.status_code == 400
        assert "bağlantısı geçerli değil" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_a_token_of_another_salt_or_an_unknown_kind_is_refused(citizen):
    from django.core import signing

    other_salt = signing.Signer(salt="ortakakil.other").sign_object({"u": citizen.pk, "k": KIND})
    unknown = signing.Signer(salt=emails.UNSUBSCRIBE_SALT).sign_object({"u": citizen.pk, "k": "nope"})
    for token in (other_salt, unknown):
        assert Client().post(f"/unsubscribe/{token}/").status_code == 400
    assert not EmailOptOut.objects.exists()


def test_unsubscribe_posts_are_rate_limited(citizen, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {emails.UNSUBSCRIBE_SCOPE: ("2/h", "2/h")}
    url = reverse("email_unsubscribe", kwargs={"token": emails.unsubscribe_token(citizen, KIND)})
    client = Client()
    assert [client.post(url).status_code for _ in range(3)] == [200, 200, 429]


def test_my_email_preferences_page(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("my_emails"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "E-posta tercihlerim" in html
    assert html.count('type="checkbox"') == len(emails.kinds(citizen)) == len(emails.kinds()) - 1
    assert html.count(" checked") == len(emails.kinds(citizen))
    assert "proposal_assigned" not in html  # for staff only

    response = client.post(reverse("my_emails"), {"on": ["proposal_answer", "proposal_merge"]})
    assert response.status_code == 302
    assert set(EmailOptOut.objects.filter(user=citizen).values_list("kind", flat=True)) == {
        "proposal_comment",
        "proposal_digest",
    }

    client.post(reverse("my_emails"), {"on": [kind.key for kind in emails.kinds(citizen)]})
    assert not EmailOptOut.objects.filter(user=citizen).exists()
    refused = client.post(reverse("my_emails"), {"on": ["proposal_assigned"]})
    assert refused.status_code == 400  # a staff-only kind is not the citizen's to set


def test_an_unknown_kind_is_refused_and_nothing_changes(client, citizen):
    EmailOptOut.objects.create(user=citizen, kind=KIND)
    client.force_login(citizen)
    response = client.post(reverse("my_emails"), {"on": ["proposal_comment", "bilinmeyen"]})
    assert response.status_code == 400
    assert "Bilinmeyen e-posta türü" in response.content.decode()
    assert list(EmailOptOut.objects.values_list("kind", flat=True)) == [KIND]


def test_the_preferences_need_a_login(client, db):
    response = client.get(reverse("my_emails"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_account_links_the_preferences(client, citizen):
    client.force_login(citizen)
    assert reverse("my_emails") in client.get(reverse("my_account")).content.decode()


def test_my_data_shows_the_kinds_turned_off(client, citizen):
    EmailOptOut.objects.create(user=citizen, kind="proposal_digest")
    client.force_login(citizen)
    html = client.get(reverse("my_data")).content.decode()
    assert "Kapattığınız e-postalar" in html
    assert "Takip ettiğim önerilerde olanların haftalık özeti" in html
