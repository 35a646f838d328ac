"""Issue 15, point 2: staff need two-factor authentication (allauth's MFA, an authenticator app).

A staff member without an authenticator app is sent to its set-up page from the back office, the
admin and staff actions, and the API refuses them; once it is active, every login asks for the
code after the password. Citizens are never asked. ``STAFF_MFA_REQUIRED`` off (the local demo)
lets staff in without it. The Turkish texts come from the catalogue (tr-mfa.json until merged)."""

from __future__ import annotations

import json
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from rest_framework.authtoken.models import Token

from ortakakil.api.authentication import CachedTokenAuthentication
from ortakakil.core.accounts import account_erase, account_verify
from ortakakil.core.personal_data import personal_data_json
from ortakakil.processes.models import Theme

pytestmark = pytest.mark.django_db

PASSWORD = "parola-123"  # tests/factories.py
SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _staff_mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True  # the production default (tests/conftest.py turns it off)


@pytest.fixture
def staff(strategist):
    return account_verify(user=strategist)


@pytest.fixture
def member(citizen):
    return account_verify(user=citizen)


def totp_code(secret: str, *, steps: int = 0) -> str:
    """The code an authenticator app shows now (RFC 6238: 30-second steps, 6 digits)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps))


def wrong_code(secret: str) -> str:
    valid = {totp_code(secret, steps=step) for step in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})


def open_set_up(client):
    """The set-up page; allauth first asks for the password again (a sensitive change)."""
    page = client.get(SETUP)
    if page.status_code == 302 and page.url.startswith(reverse("account_reauthenticate")):
        assert client.post(page.url, {"password": PASSWORD}).url == SETUP
        page = client.get(SETUP)
    return page


def activate(client) -> str:
    """Open the set-up page, read the key shown in text and send the app's code for it."""
    html = open_set_up(client).content.decode()
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', html).group(1)
    response = client.post(SETUP, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_staff_without_an_authenticator_app_are_sent_to_its_set_up(client, staff, process):
    login = log_in(client, staff)
    assert client.get(login.url).url == SETUP  # straight after the password

    manage = client.get(reverse("manage:dashboard"))
    assert manage.status_code == 302 and manage.url == SETUP
    assert client.get("/admin/").url == SETUP
    themes = Theme.objects.count()
    action = client.post(
        reverse("manage:theme_create", kwargs={"slug": process.slug}),
        {"code": "YENI", "name": "Yeni tema", "position": 3},
    )
    assert action.status_code == 302 and action.url == SETUP
    assert Theme.objects.count() == themes
    api = client.get("/api/v1/processes/")
    assert api.status_code == 403 and "iki adımlı doğrulama" in api.json()["detail"]

    reauthenticate = client.get(SETUP)
    assert reauthenticate.url.startswith(reverse("account_reauthenticate"))
    page = open_set_up(client)
    html = page.content.decode()
    assert page.status_code == 200
    assert "İki adımlı doğrulamayı kurun" in html
    assert "<svg" in html and 'class="qr"' in html  # the QR code, inline (the CSP allows it)
    assert re.search(r'id="authenticator-secret">[A-Z2-7]{32}<', html)  # the key, for typing in
    assert not Authenticator.objects.filter(user=staff).exists()


def test_a_wrong_code_does_not_activate_the_app(client, staff):
    log_in(client, staff)
    html = open_set_up(client).content.decode()
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', html).group(1)
    response = client.post(SETUP, {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert "Bu kod doğru değil" in response.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()
    assert client.get(reverse("manage:dashboard")).url == SETUP


def test_after_activation_the_back_office_opens_and_the_next_login_asks_for_the_code(client, staff):
    log_in(client, staff)
    secret = activate(client)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200 and len(re.findall(r"<li><code>", codes.content.decode())) == 10
    assert client.get(reverse("manage:dashboard")).status_code == 200

    client.post(reverse("account_logout"))
    login = log_in(client, staff)
    assert login.status_code == 302 and login.url == reverse("mfa_authenticate")
    # The password alone does not log in.
    assert client.get(reverse("manage:dashboard")).url.startswith(reverse("account_login"))
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Kodunuzu girin" in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
    assert wrong.status_code == 200
    assert "Bu kod doğru değil" in wrong.content.decode()
    assert client.get(reverse("manage:dashboard")).url.startswith(reverse("account_login"))

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("manage:dashboard")).status_code == 200


def test_staff_cannot_turn_it_off_while_it_is_required(client, staff):
    log_in(client, staff)
    activate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "kapatılamaz" in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_a_citizen_is_never_asked(client, member):
    login = log_in(client, member)
    assert login.status_code == 302 and login.url != reverse("mfa_authenticate")
    for url in ("/", reverse("my_account"), reverse("home")):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "/accounts/2fa/" in client.get(reverse("my_account")).content.decode()  # may opt in
    assert client.get(reverse("mfa_index")).status_code == 200


def test_a_citizen_who_opts_in_may_turn_it_off(client, member):
    log_in(client, member)
    activate(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


def test_the_switch_off_lets_staff_in_without_it_and_says_so(client, staff, settings):
    settings.STAFF_MFA_REQUIRED = False
    login = log_in(client, staff)
    assert client.get(login.url).status_code == 200
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert 'class="notice mfa-off-note"' in html and "iki adımlı doğrulama" in html
    settings.STAFF_MFA_REQUIRED = True
    assert client.get(reverse("manage:dashboard")).url == SETUP


def test_the_admin_logs_in_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_staff_api_tokens_wait_for_the_authenticator_app(client, staff, member):
    CachedTokenAuthentication.clear()
    token = Token.objects.create(user=staff)
    refused = client.get("/api/v1/processes/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert refused.status_code == 401
    assert "iki adımlı doğrulama" in refused.json()["detail"]
    citizen_token = Token.objects.create(user=member)
    assert client.get("/api/v1/processes/", HTTP_AUTHORIZATION=f"Token {citizen_token.key}").status_code == 200

    TOTP.activate(staff, generate_totp_secret())
    assert client.get("/api/v1/processes/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_my_data_lists_the_authenticators_without_their_secrets_and_erasure_deletes_them(client, member):
    log_in(client, member)
    secret = activate(client)
    data = personal_data_json(member)
    assert sorted(row["kind"] for row in data["two_factor"]) == ["Doğrulama uygulaması", "Kurtarma kodları"]
    assert secret not in json.dumps(data, cls=DjangoJSONEncoder)
    account_erase(actor=member, password=PASSWORD)
    assert not Authenticator.objects.filter(user=member).exists()
