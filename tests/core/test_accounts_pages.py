"""Point 11: every account page a person can reach is in the site's layout and says "parola"
(never allauth's "şifre"); sign-up asks for a display name and an explicit, recorded consent,
with the information notice on the page."""

from __future__ import annotations

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse
from django.utils.http import int_to_base36

from ortakakil.core.models import Consent, Role, User
from ortakakil.proposals import services as proposal_services
from ortakakil.proposals.selectors import public_name

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "kuğulu",
    "email": "kugulu@example.org",
    "public_name": "Kuğulu Parklı",
    "password1": "Ankara-Kugulu-2026",
    "password2": "Ankara-Kugulu-2026",
    "consent": "on",
}


def _in_site_layout(html: str) -> None:
    assert 'href="/static/ortakakil/site.css"' in html
    assert 'class="site-footer"' in html and 'href="/privacy/"' in html
    assert not re.search("şifre", html, re.IGNORECASE), "allauth's “şifre” leaked into the page"


@pytest.fixture
def member(make_user):
    user = make_user(Role.CITIZEN, username="uye", email="uye@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_pages_before_logging_in_are_ours(client, member):
    uid = int_to_base36(member.pk)
    token = default_token_generator.make_token(member)
    pages = {
        reverse("account_login"): "Giriş yap",
        reverse("account_signup"): "Üye ol",
        reverse("account_reset_password"): "Parolanızı mı unuttunuz?",
        reverse("account_reset_password_done"): "E-postanıza bakın",
        reverse(
            "account_reset_password_from_key", kwargs={"uidb36": uid, "key": "yanlis-anahtar"}
        ): "Bağlantı geçersiz",
        reverse("account_reset_password_from_key_done"): "Parola değiştirildi",
        reverse("account_email_verification_sent"): "E-posta adresinizi doğrulayın",
        reverse("account_confirm_email", kwargs={"key": "yanlis"}): "süresi dolmuş ya da bağlantı geçersiz",
        reverse("account_inactive"): "Hesap kapalı",
    }
    for url, heading in pages.items():
        response = client.get(url, follow=True)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert heading in html, url
        _in_site_layout(html)
    # The reset link of the e-mail leads to the form for the new password.
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token}), follow=True)
    html = response.content.decode()
    assert "Yeni parola (tekrar)" in html
    _in_site_layout(html)


def test_the_pages_after_logging_in_are_ours(client, member, make_user):
    client.force_login(member)
    pages = {
        reverse("account_logout"): "Çıkış yapmak istiyor musunuz?",
        reverse("account_email"): "E-posta adreslerim",
        reverse("account_change_password"): "Şu anki parola",
        reverse("account_reauthenticate"): "Siz olduğunuzu doğrulayın",
        reverse("my_account"): "Ayşe Y.",
    }
    for url, text in pages.items():
        html = client.get(url).content.decode()
        assert text in html, url
        _in_site_layout(html)
    without_password = make_user(Role.CITIZEN, username="parolasiz")
    without_password.set_unusable_password()
    without_password.save()
    client.force_login(without_password)
    html = client.get(reverse("account_set_password")).content.decode()
    assert "Parola belirleyin" in html
    _in_site_layout(html)


def test_allauth_messages_say_parola(client, member):
    wrong = client.post(reverse("account_login"), {"login": "uye", "password": "yanlis-parola"})
    assert "Girdiğiniz kullanıcı adı ya da parola doğru değil." in wrong.content.decode()
    mismatch = client.post(reverse("account_signup"), {**SIGNUP, "password2": "Baska-Parola-2026"})
    assert "İki kez aynı parolayı yazmalısınız." in mismatch.content.decode()
    client.force_login(member)
    change = client.post(
        reverse("account_change_password"),
        {"oldpassword": "yanlis", "password1": "Yeni-Parola-2026", "password2": "Yeni-Parola-2026"},
    )
    assert "Lütfen şu anki parolanızı yazın." in change.content.decode() or "Parola doğru değil." in (
        change.content.decode()
    )
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "uye@example.org"})
    [message] = mail.outbox
    assert "Yeni bir parola belirleyin" in message.subject
    assert "şifre" not in (message.subject + message.body).lower()


def test_sign_up_shows_the_notice_and_records_the_consent_with_its_version(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11-test"
    page = client.get(reverse("account_signup")).content.decode()
    assert "Kişisel verileriniz: aydınlatma metni" in page
    assert "Veri sorumlusu" in page and "Saklama süreleri" in page
    assert "Sürüm 2026-11-test" in page
    assert 'name="consent"' in page and 'name="public_name"' in page
    client.post(reverse("account_signup"), SIGNUP)
    user = User.objects.get(username="kuğulu")
    consent = Consent.objects.get(user=user)
    assert (consent.notice_version, consent.purpose) == ("2026-11-test", Consent.Purpose.PUBLISH_CONTRIBUTIONS)
    assert consent.given_at is not None and consent.withdrawn_at is None


def test_sign_up_without_consent_creates_nothing(client):
    response = client.post(reverse("account_signup"), {key: v for key, v in SIGNUP.items() if key != "consent"})
    assert "Bu rıza olmadan katkılarınızı yayımlayamayız" in response.content.decode()
    assert not User.objects.filter(username="kuğulu").exists()
    assert not Consent.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ankara Büyükşehir Belediyesi", "Bu görünen ad kullanılamaz"),
        ("MODERATÖR", "Bu görünen ad kullanılamaz"),
        ("YÖNETİCİ", "Bu görünen ad kullanılamaz"),  # reserved names forgive accents too (issue 11)
        ("Yonetici Ahmet", "Bu görünen ad kullanılamaz"),
        ("Silinmis Kullanici", "Bu görünen ad kullanılamaz"),
        ("ORTAK AKIL", "Bu görünen ad kullanılamaz"),
        ("kugulu@example.org", "Görünen adınız bir e-posta adresi olamaz."),
        ("\u200b\u200b\u200b", "Görünen ad boş bırakılamaz."),
        ("A\x00B", "Boş karakterlere izin verilmiyor."),
    ],
)
def test_sign_up_refuses_misleading_or_empty_display_names(client, name, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, "public_name": name})
    assert message in response.content.decode()
    assert not User.objects.filter(username="kuğulu").exists()


def test_the_display_name_signs_the_contributions(client, process, make_user):
    author = make_user(Role.CITIZEN, username="takma", first_name="", last_name="", public_name="Kuğulu Parklı")
    proposal = proposal_services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Kuğulu Park'a bisiklet yolu",
        body="Kuğulu Park çevresine güvenli bir bisiklet yolu yapılmalı.",
    )
    commenter = make_user(Role.CITIZEN, username="yorumcu", first_name="Fatma", public_name="Dikmen Vadisi")
    proposal_services.comment_create(actor=commenter, proposal=proposal, body="Çok iyi bir fikir.")
    assert public_name(author) == "Kuğulu Parklı"
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Kuğulu Parklı" in html and "Dikmen Vadisi" in html
    assert "Katılımcı" not in html and "Fatma" not in html


def test_a_person_changes_their_display_name(client, make_user):
    person = make_user(Role.CITIZEN, username="degistiren")
    client.force_login(person)
    response = client.post(reverse("my_account"), {"public_name": "Dikmen Vadisi"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.public_name == "Dikmen Vadisi"
    refused = client.post(reverse("my_account"), {"public_name": "Belediye Başkanı"})
    assert refused.status_code == 400 and "Bu görünen ad kullanılamaz" in refused.content.decode()
    person.refresh_from_db()
    assert person.public_name == "Dikmen Vadisi"


def test_the_header_links_the_account_and_sign_up(client, make_user):
    html = client.get("/").content.decode()
    assert 'href="/accounts/signup/"' in html and 'href="/accounts/login/?next=/"' in html
    client.force_login(make_user(Role.CITIZEN, username="baslik", public_name="Eryamanlı Genç"))
    html = client.get("/").content.decode()
    assert re.search(r'href="/me/"[^>]*>.*Eryamanlı Genç</a>', html)


def test_an_unverified_person_is_told_in_the_header(client, make_user):
    client.force_login(make_user(Role.CITIZEN, username="dogrulanmamis", verified_at=None))
    html = client.get("/").content.decode()
    assert "E-postanızı doğrulayın" in html


def test_confirming_through_the_page_shows_the_confirmation_form(client, make_user):
    person = make_user(Role.CITIZEN, username="onay", email="onay@example.org", verified_at=None)
    address = EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    html = client.get(reverse("account_confirm_email", kwargs={"key": key})).content.decode()
    assert "onay@example.org" in html and "Doğrula" in html
    _in_site_layout(html)


def test_the_admin_shows_the_participation_fields_and_consents_read_only(client, platform_admin, make_user):
    person = make_user(Role.CITIZEN, username="kisi", public_name="Ulus Esnafı")
    Consent.objects.create(
        user=person, purpose="publish_contributions", notice_version="2026-11", given_at=person.date_joined
    )
    client.force_login(platform_admin)
    change = client.get(reverse("admin:core_user_change", args=[person.pk])).content.decode()
    assert 'name="public_name"' in change and "Ulus Esnafı" in change
    consents = client.get(reverse("admin:core_consent_changelist"))
    assert consents.status_code == 200 and "2026-11" in consents.content.decode()
    assert client.get(reverse("admin:core_consent_add")).status_code == 403
