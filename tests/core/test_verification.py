"""Verified participants: the SMS code, the census match, the check in person, expiry, «Verilerim»
and retention (``core/verification.py``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ortakakil.core import sms, verification
from ortakakil.core.models import CensusEntry, Role, SmsCode, Verification
from ortakakil.core.personal_data import covered_relations, personal_data_json
from ortakakil.core.retention import retention_apply

from .verification_helpers import tc_number

pytestmark = pytest.mark.django_db

PHONE = "0532 123 45 67"


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.SMS_BACKEND = sms.LOCMEM
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _sent_code() -> str:
    match = re.search(r"\b(\d{6})\b", sms.outbox[-1].text)
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("0532 123 45 67", "+905321234567"),
        ("+90 532 123 45 67", "+905321234567"),
        ("5321234567", "+905321234567"),
        ("0090-532-123-4567", "+905321234567"),
        ("(0532) 123 45 67", "+905321234567"),
    ],
)
def test_phone_numbers_are_normalised(typed, normalised):
    assert verification.normalise_phone(typed) == normalised


@pytest.mark.parametrize("typed", ["0312 123 45 67", "0532 123 45", "abc", "", "+1 532 123 45 67", "٠٥٣٢١٢٣٤٥٦٧"])
def test_not_a_turkish_mobile_number_is_refused_in_turkish(typed):
    with pytest.raises(ValidationError) as error:
        verification.normalise_phone(typed)
    assert "cep telefonu" in error.value.messages[0]


def test_sms_happy_path_stores_only_hashes(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    assert [m.phone for m in sms.outbox] == ["+905321234567"]
    code = _sent_code()
    stored = SmsCode.objects.get(user=citizen)
    assert code not in stored.code_hash and "5321234567" not in stored.phone_hash
    assert len(stored.code_hash) == len(stored.phone_hash) == 64
    assert not verification.is_verified(citizen)

    done = verification.sms_confirm(actor=citizen, phone="+90 532 123 4567", code=code)

    assert done.method == Verification.Method.SMS
    assert "67" in done.detail and "5321234" not in done.detail
    assert verification.is_verified(citizen)
    assert verification.is_verified(citizen, ["sms"])
    assert not verification.is_verified(citizen, ["census"])
    assert done.expires_at - done.verified_at == dt.timedelta(days=365)


def test_reused_code_is_refused(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    code = _sent_code()
    verification.sms_confirm(actor=citizen, phone=PHONE, code=code)
    with pytest.raises(ValidationError) as error:
        verification.sms_confirm(actor=citizen, phone=PHONE, code=code)
    assert error.value.messages == ["Bu kod zaten kullanıldı; yeni bir kod isteyin."]


def test_expired_code_is_refused(citizen, settings, django_capture_on_commit_callbacks):
    settings.VERIFICATION_SMS_CODE_MINUTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    code = _sent_code()
    SmsCode.objects.filter(user=citizen).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        verification.sms_confirm(actor=citizen, phone=PHONE, code=code)
    assert error.value.messages == ["Bu kodun süresi doldu; yeni bir kod isteyin."]
    assert not verification.is_verified(citizen)


def test_code_expires_after_the_configured_minutes(citizen, settings):
    settings.VERIFICATION_SMS_CODE_MINUTES = 10
    sent = verification.sms_send_code(actor=citizen, phone=PHONE)
    assert dt.timedelta(minutes=9) < sent.expires_at - timezone.now() <= dt.timedelta(minutes=10)


def test_five_wrong_codes_burn_the_code(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    code = _sent_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = []
    for _attempt in range(5):
        with pytest.raises(ValidationError) as error:
            verification.sms_confirm(actor=citizen, phone=PHONE, code=wrong)
        messages.append(error.value.messages[0])
    assert messages[0] == "Kod yanlış; 4 deneme hakkınız kaldı."
    assert messages[-1] == "Çok fazla yanlış kod girildi; yeni bir kod isteyin."
    assert SmsCode.objects.get(user=citizen).attempts == 5  # every wrong guess was counted
    with pytest.raises(ValidationError) as error:  # even the right code no longer works
        verification.sms_confirm(actor=citizen, phone=PHONE, code=code)
    assert error.value.messages == ["Çok fazla yanlış kod girildi; yeni bir kod isteyin."]
    assert not verification.is_verified(citizen)


def test_a_new_code_replaces_the_old_one(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    old = _sent_code()
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    new = _sent_code()
    if old != new:
        with pytest.raises(ValidationError):
            verification.sms_confirm(actor=citizen, phone=PHONE, code=old)
    assert verification.sms_confirm(actor=citizen, phone=PHONE, code=new)


def test_the_latest_code_confirms_with_only_the_numbers_last_two_digits(
    citizen, make_user, django_capture_on_commit_callbacks
):
    """The page keeps only the last two digits between sending and confirming (not the number):
    the person's latest code decides, a code of another person never does."""
    other = make_user(Role.CITIZEN, username="baska")
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone="0533 765 43 21")
    first = _sent_code()
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    latest = _sent_code()
    with pytest.raises(ValidationError):  # the page sent nothing in this session
        verification.sms_confirm_sent(actor=citizen, code=latest, last_digits="")
    with pytest.raises(ValidationError):
        verification.sms_confirm_sent(actor=other, code=latest, last_digits="67")
    if first != latest:
        with pytest.raises(ValidationError):  # sending again ended the first code
            verification.sms_confirm_sent(actor=citizen, code=first, last_digits="67")
    done = verification.sms_confirm_sent(actor=citizen, code=latest, last_digits="67")
    assert "67" in done.detail and verification.is_verified(citizen)


def test_code_for_another_phone_or_person_does_not_verify(citizen, make_user, django_capture_on_commit_callbacks):
    other = make_user(Role.CITIZEN, username="baska")
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    code = _sent_code()
    with pytest.raises(ValidationError):
        verification.sms_confirm(actor=citizen, phone="0533 123 45 67", code=code)
    with pytest.raises(ValidationError):
        verification.sms_confirm(actor=other, phone=PHONE, code=code)
    assert not Verification.objects.exists()


def test_expiry_is_honoured_and_verifying_again_renews(citizen, settings, django_capture_on_commit_callbacks):
    settings.VERIFICATION_VALID_DAYS = {"sms": 30}
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    verification.sms_confirm(actor=citizen, phone=PHONE, code=_sent_code())
    Verification.objects.filter(user=citizen).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert not verification.is_verified(citizen)
    [status] = [s for s in verification.status_of(citizen) if s.key == "sms"]
    assert status.expired and not status.current
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    verification.sms_confirm(actor=citizen, phone=PHONE, code=_sent_code())
    assert verification.is_verified(citizen)
    assert Verification.objects.filter(user=citizen).count() == 1  # renewed, not added


def test_census_verify_matches_by_hash_and_claims_once(citizen, make_user, organisation):
    number = tc_number(1)
    CensusEntry.objects.create(
        organisation=organisation, id_hash=verification.census_hash(number), birth_date=dt.date(1980, 5, 1), batch="b"
    )
    with pytest.raises(ValidationError) as error:
        verification.census_verify(actor=citizen, id_number=number, birth_date="02.05.1980")
    assert error.value.messages == ["Kimlik numarası ve doğum tarihi nüfus listesiyle eşleşmiyor."]
    done = verification.census_verify(actor=citizen, id_number=number, birth_date="01.05.1980")
    assert done.method == "census" and number not in done.detail
    assert CensusEntry.objects.get().claimed_by == citizen
    # Again by the same person: renewed. By another account: refused.
    verification.census_verify(actor=citizen, id_number=number, birth_date="1980-05-01")
    other = make_user(Role.CITIZEN, username="ikinci")
    with pytest.raises(ValidationError) as error:
        verification.census_verify(actor=other, id_number=number, birth_date="01.05.1980")
    assert "başka bir hesap" in error.value.messages[0]
    assert not verification.is_verified(other)


def test_census_verify_refuses_an_invalid_number(citizen):
    with pytest.raises(ValidationError) as error:
        verification.census_verify(actor=citizen, id_number="12345678901", birth_date="01.05.1980")
    assert error.value.messages == ["Bu geçerli bir T.C. kimlik numarası değil."]


@pytest.mark.parametrize(
    ("number", "valid"),
    [("10000000146", True), ("10000000147", False), ("01234567890", False), ("1000000014", False), ("abc", False)],
)
def test_tc_kimlik_checksum(number, valid):
    assert verification.valid_tc_kimlik(number) is valid


def test_in_person_by_staff_is_recorded_with_who_and_where(make_user, citizen, caplog):
    facilitator = make_user(Role.FACILITATOR, username="kolaylastirici")
    with caplog.at_level("INFO", logger="ortakakil.verification"):
        done = verification.verify_in_person(actor=facilitator, person=citizen, place="Sincan çalıştayı")
    assert (done.method, done.detail, done.verified_by) == ("in_person", "Sincan çalıştayı", facilitator)
    assert verification.is_verified(citizen, ["in_person"])
    assert "verified by user" in caplog.text


def test_in_person_is_refused_for_a_citizen_and_a_unit_manager(make_user, citizen, unit):
    for actor in (make_user(Role.CITIZEN, username="meraklı"), make_user(Role.UNIT_MANAGER, unit=unit)):
        with pytest.raises(PermissionDenied):
            verification.verify_in_person(actor=actor, person=citizen, place="Kapı")
    assert not Verification.objects.exists()


def test_my_data_lists_verifications_without_hashes(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.sms_send_code(actor=citizen, phone=PHONE)
    verification.sms_confirm(actor=citizen, phone=PHONE, code=_sent_code())
    data = personal_data_json(citizen)
    [row] = data["verifications"]
    assert set(row) == {"method", "detail", "verified_at", "expires_at"}
    assert "SMS" in row["method"]
    dump = repr(data)
    assert SmsCode.objects.get().code_hash not in dump and SmsCode.objects.get().phone_hash not in dump
    relations = covered_relations()
    for name in ("core.Verification.user", "core.SmsCode.user", "core.CensusEntry.claimed_by"):
        assert name in relations


def test_retention_purges_old_sms_codes(citizen, settings):
    settings.SMS_CODES_RETENTION_DAYS = 30
    verification.sms_send_code(actor=citizen, phone=PHONE)
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    verification.sms_send_code(actor=citizen, phone=PHONE)
    assert retention_apply()["SMS codes"] == 1
    assert SmsCode.objects.count() == 1
