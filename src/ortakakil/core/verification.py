"""Doğrulanmış katılımcı — the one interface to a person's verification.

Three methods (``Verification.Method``): an SMS code sent to a Turkish mobile number, a match
against a census list the municipality uploaded (``core/census.py``), and a check in person by a
staff member (at a workshop's door). Each verification holds ``VERIFICATION_VALID_DAYS[method]``
days (``None``: forever); verifying again renews it. ``is_verified(user, methods)`` is what the
actions ask (through ``processes.verification.require_verified``). Verified status is never
shown publicly: only the person (``/me/verification/``, «Verilerim») sees it.

Nothing identifying is stored in the clear: phone numbers, SMS codes and national ID numbers
reach the database only as HMAC-SHA256 hashes with a key derived from ``VERIFICATION_SECRET``
(or ``SECRET_KEY``); a verification's ``detail`` keeps the phone's last two digits at most.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import CensusEntry, Role, SmsCode, User, Verification
from .sms import send_sms

logger = logging.getLogger("ortakakil.verification")

Method = Verification.Method
SMS_MAX_ATTEMPTS = 5
DEFAULT_VALID_DAYS = 365
PLACE_MAX = 120
#: Staff who verify people in person (at a workshop's door).
IN_PERSON_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.STRATEGY_TEAM, Role.FACILITATOR})

SMS_SCOPE = "verification_sms"
"""Rate-limit scope (``core/ratelimit.py``) of sending a code, per account and address."""
SMS_PER_PHONE_PER_HOUR = 3
"""Codes one phone number gets in an hour, whoever asks (counted in the database)."""
SMS_CONFIRM_SCOPE = "verification_sms_confirm"
CENSUS_SCOPE = "verification_census"
"""Typing an ID number and a birth date is a guessing oracle: strict limits."""
IN_PERSON_SCOPE = "verification_in_person"


@dataclass(frozen=True)
class MethodInfo:
    key: str
    label: Any


METHODS: dict[str, MethodInfo] = {
    Method.SMS: MethodInfo(Method.SMS, gettext_lazy("SMS code")),
    Method.CENSUS: MethodInfo(Method.CENSUS, gettext_lazy("Census list")),
    Method.IN_PERSON: MethodInfo(Method.IN_PERSON, gettext_lazy("In person, by staff")),
}


def method_choices() -> list[tuple[str, str]]:
    return [(info.key, str(info.label)) for info in METHODS.values()]


def register() -> None:
    """From ``CoreConfig.ready``: the scopes' default rates (``settings.RATE_LIMITS`` may override
    them), the back-office links (the census list on an organisation's line, «Verify in person»
    under «My work») and the «Verilerim» source."""
    from django.urls import reverse

    from . import links, ratelimit
    from .personal_data import register_personal_data

    register_personal_data(personal_data_source())
    links.register_link(
        links.Link(
            key="census",
            place=links.ORGANISATION_BACKOFFICE,
            label=gettext_lazy("Census list"),
            url_name="manage:census_upload",
            order=60,
        )
    )
    links.register_personal_links(
        "verify_in_person",
        lambda user: (
            [links.ShownLink("verify_in_person", _("Verify in person"), reverse("manage:verify_in_person"))]
            if can_verify_in_person(user)
            else []
        ),
    )

    ratelimit.register_scope(SMS_SCOPE, lambda: ("3/h", "20/h"))
    ratelimit.register_scope(SMS_CONFIRM_SCOPE, lambda: ("20/h", "60/h"))
    ratelimit.register_scope(CENSUS_SCOPE, lambda: ("5/d", "20/d"))
    ratelimit.register_scope(IN_PERSON_SCOPE, lambda: ("120/h", "300/h"))


# --- keyed hashes --------------------------------------------------------------------------------


def _key() -> bytes:
    secret = getattr(settings, "VERIFICATION_SECRET", "") or settings.SECRET_KEY
    return hashlib.sha256(f"ortakakil.verification:{secret}".encode()).digest()


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` (64 hex digits), apart for each ``kind`` (phone, code, census)."""
    return hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


# --- status --------------------------------------------------------------------------------------


def valid_days(method: str) -> int | None:
    configured = getattr(settings, "VERIFICATION_VALID_DAYS", {}) or {}
    days = configured.get(method, DEFAULT_VALID_DAYS)
    return None if days is None else int(days)


def current_verifications(user: Any, *, now: datetime | None = None) -> QuerySet[Verification]:
    """The person's verifications that have not expired."""
    now = now or timezone.now()
    return Verification.objects.filter(user=user).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def is_verified(user: Any, methods: list[str] | tuple[str, ...] | None = None) -> bool:
    """Whether ``user`` holds a current verification by one of ``methods`` (``None`` or empty: any)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    queryset = current_verifications(user)
    if methods:
        queryset = queryset.filter(method__in=list(methods))
    return queryset.exists()


@dataclass(frozen=True)
class MethodStatus:
    key: str
    label: str
    verification: Verification | None

    @property
    def expired(self) -> bool:
        v = self.verification
        return v is not None and v.expires_at is not None and v.expires_at <= timezone.now()

    @property
    def current(self) -> bool:
        return self.verification is not None and not self.expired


def status_of(user: User) -> list[MethodStatus]:
    """Each method with the person's verification by it (current or expired), for their own page."""
    held = {v.method: v for v in Verification.objects.filter(user=user)}
    return [MethodStatus(info.key, str(info.label), held.get(info.key)) for info in METHODS.values()]


def _record(user: User, method: str, *, detail: str, verified_by: User | None = None) -> Verification:
    """Verify ``user`` by ``method`` now (renewing an earlier verification by it)."""
    now = timezone.now()
    days = valid_days(method)
    verification, _created = Verification.objects.update_or_create(
        user=user,
        method=method,
        defaults={
            "verified_at": now,
            "expires_at": None if days is None else now + timedelta(days=days),
            "detail": detail[:200],
            "verified_by": verified_by,
        },
    )
    return verification


def _require_person(actor: Any) -> User:
    if not isinstance(actor, User) or not actor.is_authenticated or not actor.is_active or actor.erased_at:
        raise PermissionDenied(_("Please log in first."))
    return actor


# --- SMS -----------------------------------------------------------------------------------------

_PHONE_JUNK = re.compile(r"[\s\-().]")


def normalise_phone(text: str) -> str:
    """A Turkish mobile number as ``+905xxxxxxxxx``: accepts ``05xx xxx xx xx``, ``5xx…``,
    ``+90 5xx…`` and ``0090 5xx…``; anything else is a Turkish ``ValidationError``."""
    digits = _PHONE_JUNK.sub("", (text or "")[:40])
    if digits.startswith("+90"):
        digits = digits[3:]
    elif digits.startswith("0090"):
        digits = digits[4:]
    elif digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if not (digits.isascii() and digits.isdecimal() and len(digits) == 10 and digits.startswith("5")):
        raise ValidationError(_("Enter a Turkish mobile number, such as 0532 123 45 67."), code="phone")
    return f"+90{digits}"


def code_minutes() -> int:
    return int(getattr(settings, "VERIFICATION_SMS_CODE_MINUTES", 10))


@transaction.atomic
def sms_send_code(*, actor: User, phone: str) -> SmsCode:
    """Send a fresh 6-digit code to ``phone`` (earlier unused codes of the person stop working).
    The views count the send against the ``verification_sms`` scopes first."""
    user = _require_person(actor)
    normalised = normalise_phone(phone)
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    phone_hash = keyed_hash("phone", normalised)
    per_hour = int(getattr(settings, "VERIFICATION_SMS_PER_PHONE_PER_HOUR", SMS_PER_PHONE_PER_HOUR))
    recent = list(
        SmsCode.objects.filter(phone_hash=phone_hash, created_at__gt=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:per_hour]
    )
    if len(recent) >= per_hour:
        from .ratelimit import wait_message

        wait = max(1, int((recent[-1] + timedelta(hours=1) - now).total_seconds()) + 1)
        raise ValidationError(wait_message(wait), code="rate")
    SmsCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    sms_code = SmsCode.objects.create(
        user=user,
        phone_hash=phone_hash,
        code_hash=keyed_hash("code", f"{user.pk}:{code}"),
        expires_at=now + timedelta(minutes=code_minutes()),
    )
    text = _("Ortak Akıl verification code: %(code)s (valid for %(minutes)d minutes). Do not share it.") % {
        "code": code,
        "minutes": code_minutes(),
    }
    transaction.on_commit(lambda: send_sms(normalised, text))
    return sms_code


def has_pending_code(user: User) -> bool:
    """Whether a code sent to ``user`` can still be typed (unused, not expired)."""
    return SmsCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now()).exists()


def sms_confirm(*, actor: User, phone: str, code: str) -> Verification:
    """Verify ``actor`` with the code sent to ``phone``: single use, valid for
    ``VERIFICATION_SMS_CODE_MINUTES``, at most ``SMS_MAX_ATTEMPTS`` wrong guesses."""
    normalised = normalise_phone(phone)
    return _confirm(actor, code, phone_hash=keyed_hash("phone", normalised), last_digits=normalised[-2:])


def sms_confirm_sent(*, actor: User, code: str, last_digits: str) -> Verification:
    """``sms_confirm`` for the latest code sent to ``actor``, whatever the number: sending a code
    ends the earlier ones, so the page needs to keep only the number's ``last_digits`` (two, for
    the verification's detail) between sending and confirming, never the number itself."""
    digits = "".join(c for c in last_digits if c.isascii() and c.isdecimal())[-2:]
    if len(digits) != 2:  # the page sent no code in this session
        raise ValidationError(_("No code was sent to this number; ask for a code first."), code="none")
    return _confirm(actor, code, phone_hash=None, last_digits=digits)


def _confirm(actor: User, code: str, *, phone_hash: str | None, last_digits: str) -> Verification:
    user = _require_person(actor)
    typed = re.sub(r"\s", "", (code or "")[:20])
    if not (typed.isascii() and typed.isdecimal() and len(typed) == 6):
        raise ValidationError(_("The code has 6 digits."), code="code")
    wrong_left: int | None = None
    with transaction.atomic():
        codes = SmsCode.objects.select_for_update().filter(user=user)
        if phone_hash is not None:
            codes = codes.filter(phone_hash=phone_hash)
        sms_code = codes.order_by("-created_at", "-pk").first()
        if sms_code is None:
            raise ValidationError(_("No code was sent to this number; ask for a code first."), code="none")
        if sms_code.used_at is not None:
            raise ValidationError(_("This code was already used; ask for a new code."), code="used")
        if sms_code.attempts >= SMS_MAX_ATTEMPTS:
            raise ValidationError(_("Too many wrong codes; ask for a new code."), code="attempts")
        now = timezone.now()
        if sms_code.expires_at <= now:
            raise ValidationError(_("This code has expired; ask for a new code."), code="expired")
        if not hmac.compare_digest(sms_code.code_hash, keyed_hash("code", f"{user.pk}:{typed}")):
            sms_code.attempts += 1
            sms_code.save(update_fields=["attempts"])
            wrong_left = SMS_MAX_ATTEMPTS - sms_code.attempts
        else:
            sms_code.used_at = now
            sms_code.save(update_fields=["used_at"])
            detail = _("phone ending in %(digits)s") % {"digits": last_digits}
            return _record(user, Method.SMS, detail=detail)
    # The wrong guess is counted (committed) before the refusal.
    if wrong_left <= 0:
        raise ValidationError(_("Too many wrong codes; ask for a new code."), code="attempts")
    raise ValidationError(
        ngettext(
            "The code is wrong; %(n)d attempt left.",
            "The code is wrong; %(n)d attempts left.",
            wrong_left,
        )
        % {"n": wrong_left},
        code="wrong",
    )


# --- census --------------------------------------------------------------------------------------


def valid_tc_kimlik(number: str) -> bool:
    """The T.C. kimlik numarası checksum: 11 digits, not starting with 0; the 10th digit is
    ((d1+d3+d5+d7+d9)·7 − (d2+d4+d6+d8)) mod 10, the 11th is (d1+…+d10) mod 10."""
    if not (len(number) == 11 and number.isascii() and number.isdecimal()) or number[0] == "0":
        return False
    d = [int(c) for c in number]
    odd = d[0] + d[2] + d[4] + d[6] + d[8]
    even = d[1] + d[3] + d[5] + d[7]
    return (odd * 7 - even) % 10 == d[9] and sum(d[:10]) % 10 == d[10]


def census_hash(number: str) -> str:
    return keyed_hash("census", number)


_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")


def parse_birth_date(text: str) -> date:
    """``GG.AA.YYYY`` (or ``GG/AA/YYYY``) or ISO ``YYYY-AA-GG`` (as an XLSX date cell reads)."""
    value = (text or "").strip()[:40]
    try:
        if match := _DOTTED.match(value):
            day, month, year = (int(g) for g in match.groups())
        elif match := _ISO.match(value):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise ValueError(value)
        born = date(year, month, day)
    except ValueError:
        raise ValidationError(_("Write the birth date as DD.MM.YYYY."), code="birth_date") from None
    if born.year < 1900 or born > timezone.localdate():
        raise ValidationError(_("The birth date is not plausible."), code="birth_date")
    return born


def census_verify(*, actor: User, id_number: str, birth_date: str) -> Verification:
    """Verify ``actor`` against the census lists: the ID number's hash and the birth date must
    match an entry that no other account has claimed. The views count the attempt against the
    strict ``verification_census`` scope first."""
    user = _require_person(actor)
    number = re.sub(r"\s", "", (id_number or "")[:20])
    wrong = ValidationError(
        _("The ID number and birth date do not match the census list."),
        code="no_match",
    )
    if not valid_tc_kimlik(number):
        raise ValidationError(_("This is not a valid T.C. identity number."), code="id_number")
    born = parse_birth_date(birth_date)
    with transaction.atomic():
        entries = list(
            CensusEntry.objects.select_for_update()
            .select_related("organisation")
            .filter(id_hash=census_hash(number), birth_date=born)
            .order_by("pk")
        )
        if not entries:
            raise wrong
        mine = [e for e in entries if e.claimed_by_id == user.pk]
        free = [e for e in entries if e.claimed_by_id is None]
        if mine:
            entry = mine[0]
        elif free:
            entry = free[0]
            CensusEntry.objects.filter(claimed_by=user).update(claimed_by=None)  # one entry per account
            entry.claimed_by = user
            entry.save(update_fields=["claimed_by"])
        else:
            raise ValidationError(
                _("This person is already verified with another account. Contact the municipality if this is wrong."),
                code="claimed",
            )
        detail = _("census list of %(organisation)s") % {"organisation": entry.organisation.name}
        return _record(user, Method.CENSUS, detail=detail)


# --- in person -----------------------------------------------------------------------------------


def can_verify_in_person(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or getattr(user, "role", "") in IN_PERSON_ROLES)
    )


def find_person(query: str) -> User | None:
    """The active account with this username or e-mail address (exact, any case)."""
    text = (query or "").strip()[:254]
    if not text:
        return None
    return (
        User.objects.filter(is_active=True, erased_at__isnull=True)
        .filter(Q(username__iexact=text) | Q(email__iexact=text) | Q(emailaddress__email__iexact=text))
        .distinct()
        .order_by("pk")
        .first()
    )


@transaction.atomic
def verify_in_person(*, actor: User, person: User, place: str) -> Verification:
    """A staff member (facilitator, strategy team, platform admin) verifies ``person`` face to face,
    at ``place`` (the workshop or office, as typed). Logged, with who did it."""
    if not can_verify_in_person(actor):
        raise PermissionDenied(_("Only facilitators and the strategy team verify people in person."))
    where = " ".join((place or "").split())
    if not where:
        raise ValidationError({"place": _("Write where you checked the person (the workshop or the office).")})
    if len(where) > PLACE_MAX:
        raise ValidationError({"place": _("Write the place in at most %(n)d characters.") % {"n": PLACE_MAX}})
    if not person.is_active or person.erased_at is not None:
        raise ValidationError(_("This account is not active."))
    verification = _record(person, Method.IN_PERSON, detail=where, verified_by=actor)
    logger.info(
        "in-person verification: user %s verified by user %s at %r (verification %s)",
        person.pk,
        actor.pk,
        where,
        verification.pk,
    )
    return verification


# --- «Verilerim» and retention ---------------------------------------------------------------------


def personal_data_sections(user: User) -> list[Any]:
    from .personal_data import local_time, section

    return [
        section(
            "verifications",
            _("Identity verification"),
            [
                ("method", _("Method")),
                ("detail", _("Detail")),
                ("verified_at", _("Verified at")),
                ("expires_at", _("Valid until")),
            ],
            Verification.objects.filter(user=user).order_by("method"),
            lambda v: {
                "method": str(METHODS[v.method].label) if v.method in METHODS else v.method,
                "detail": v.detail,
                "verified_at": local_time(v.verified_at),
                "expires_at": local_time(v.expires_at),
            },
            note=_(
                "Phone numbers, codes and identity numbers are kept only as keyed hashes, which are not shown here."
            ),
        )
    ]


def staff_sections(user: User) -> list[Any]:
    from .personal_data import local_time, section

    return [
        section(
            "verifications_done",
            _("People I verified in person"),
            [("person", _("Person")), ("place", _("Place")), ("verified_at", _("Verified at"))],
            Verification.objects.filter(verified_by=user).select_related("user").order_by("-verified_at"),
            lambda v: {"person": v.user.username, "place": v.detail, "verified_at": local_time(v.verified_at)},
            staff=True,
        )
    ]


def personal_data_source() -> Any:
    from .personal_data import PersonalDataSource

    return PersonalDataSource(
        key="core_verification",
        sections=lambda user: [*personal_data_sections(user), *staff_sections(user)],
        relations={
            "core.Verification.user": "verifications",
            "core.Verification.verified_by": "verifications_done",
            "core.SmsCode.user": "verifications",
            "core.CensusEntry.claimed_by": "verifications",
        },
        order=5,
        erase=erase_personal_data,
    )


def erase_personal_data(user: User) -> None:
    Verification.objects.filter(user=user).delete()
    SmsCode.objects.filter(user=user).delete()
    CensusEntry.objects.filter(claimed_by=user).update(claimed_by=None)
