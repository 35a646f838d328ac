"""The person's «Kimlik doğrulama» page and the back office's check in person."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ortakakil.core import sms, verification
from ortakakil.core.models import CensusEntry, Role, Verification

from .verification_helpers import tc_number

pytestmark = pytest.mark.django_db

URL = "/me/verification/"


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.SMS_BACKEND = sms.LOCMEM
    sms.outbox.clear()


def test_page_shows_status_and_forms(client, citizen):
    client.force_login(citizen)
    page = client.get(URL).content.decode()
    assert "Kimlik doğrulama" in page
    assert "Doğrulanmadı" in page
    assert 'name="sms-phone"' in page and 'name="census-id_number"' in page


def test_page_needs_login(client):
    assert client.get(URL).status_code == 302


def test_linked_from_my_account(client, citizen):
    client.force_login(citizen)
    assert f'href="{URL}"' in client.get("/me/").content.decode()


def test_sms_through_the_page(client, citizen, django_capture_on_commit_callbacks):
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(URL, {"step": "sms_send", "sms-phone": "0532 123 45 67"})
    assert sent.status_code == 302  # sent, then the page again: reloading it sends nothing
    reloaded = client.get(URL).content.decode()
    assert 'name="code-code"' in reloaded and "sonu 67 ile biten numaraya" in reloaded
    # The number itself is not kept between sending and confirming (KVKK): only its last two digits.
    assert client.session["verification_sms_phone"] == "67"
    assert "532" not in str(dict(client.session))
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    wrong = client.post(URL, {"step": "sms_confirm", "code-code": f"{(int(code) + 1) % 10**6:06d}"})
    assert wrong.status_code == 400
    assert "Kod yanlış" in wrong.content.decode()
    done = client.post(URL, {"step": "sms_confirm", "code-code": code}, follow=True)
    page = done.content.decode()
    assert "Kimliğiniz SMS ile doğrulandı." in page
    assert "tarihine kadar doğrulandı" in page
    reused = client.post(URL, {"step": "sms_confirm", "code-code": code})
    # Verified, the page forgot the number's digits too: an old form posted again is sent to ask first.
    assert "önce bir kod isteyin" in reused.content.decode()
    assert "verification_sms_phone" not in client.session


def test_sms_sending_is_rate_limited_per_phone(client, make_user, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS_ENABLED = True
    for n in range(4):
        client.force_login(make_user(Role.CITIZEN, username=f"kisi-sms-{n}"))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"step": "sms_send", "sms-phone": "0532 123 45 67"}, REMOTE_ADDR=f"10.0.0.{n}")
    assert response.status_code == 400
    assert "çok sık yapıyorsunuz" in response.content.decode()
    assert len(sms.outbox) == 3


def test_sms_sending_is_rate_limited_per_account(client, citizen, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS_ENABLED = True
    client.force_login(citizen)
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"step": "sms_send", "sms-phone": f"0532 123 45 6{n}"})
    assert response.status_code == 400
    assert "çok sık yapıyorsunuz" in response.content.decode()
    assert len(sms.outbox) == 3


def test_census_through_the_page_and_its_strict_limit(client, citizen, organisation, settings):
    settings.RATE_LIMITS_ENABLED = True
    number = tc_number(3)
    CensusEntry.objects.create(
        organisation=organisation, id_hash=verification.census_hash(number), birth_date=dt.date(1980, 5, 1), batch="b"
    )
    client.force_login(citizen)
    wrong = client.post(URL, {"step": "census", "census-id_number": number, "census-birth_date": "02.05.1980"})
    assert wrong.status_code == 400
    assert "nüfus listesiyle eşleşmiyor" in wrong.content.decode()
    done = client.post(URL, {"step": "census", "census-id_number": number, "census-birth_date": "01.05.1980"})
    assert done.status_code == 302
    assert verification.is_verified(citizen, ["census"])
    for _n in range(3):
        client.post(URL, {"step": "census", "census-id_number": number, "census-birth_date": "03.05.1980"})
    limited = client.post(URL, {"step": "census", "census-id_number": number, "census-birth_date": "01.05.1980"})
    assert "çok sık yapıyorsunuz" in limited.content.decode()


def test_in_person_page_for_a_facilitator(client, make_user, citizen):
    facilitator = make_user(Role.FACILITATOR, username="kapi")
    client.force_login(facilitator)
    assert client.get("/manage/verify-in-person/").status_code == 200
    missing = client.post("/manage/verify-in-person/", {"person": "yok-boyle", "place": "Mamak çalıştayı"})
    assert missing.status_code == 400
    done = client.post(
        "/manage/verify-in-person/", {"person": citizen.email.upper(), "place": "Mamak çalıştayı"}, follow=True
    )
    assert done.status_code == 200
    verified = Verification.objects.get(user=citizen)
    assert (verified.method, verified.verified_by, verified.detail) == ("in_person", facilitator, "Mamak çalıştayı")
    assert "Mamak" in done.content.decode()  # the place stays filled in for the next person


def test_in_person_page_refused_for_a_citizen_and_a_unit_manager(client, make_user, citizen, unit):
    client.force_login(make_user(Role.CITIZEN, username="kurnaz"))
    assert client.post("/manage/verify-in-person/", {"person": citizen.username, "place": "X"}).status_code == 403
    client.force_login(make_user(Role.UNIT_MANAGER, username="mudur", unit=unit))
    assert client.post("/manage/verify-in-person/", {"person": citizen.username, "place": "X"}).status_code == 403
    assert not Verification.objects.exists()


def test_verified_the_person_goes_back_where_they_came_from(client, citizen, django_capture_on_commit_callbacks):
    client.force_login(citizen)
    back = "/processes/ankara/proposals/7/"
    page = client.get(URL, {"next": back}).content.decode()
    assert f'name="next" value="{back}"' in page and f'href="{back}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(URL, {"step": "sms_send", "sms-phone": "0532 123 45 67", "next": back})
    assert sent.status_code == 302 and "next=" in sent["Location"]
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    done = client.post(URL, {"step": "sms_confirm", "code-code": code, "next": back})
    assert done.status_code == 302 and done["Location"] == back
    assert 'name="code-code"' not in client.get(URL).content.decode()  # the code is used: no form


def test_a_next_address_off_the_site_is_ignored(client, citizen):
    client.force_login(citizen)
    page = client.get(URL, {"next": "https://evil.example/"}).content.decode()
    assert 'value="https://evil.example/"' not in page and 'href="https://evil.example/"' not in page
