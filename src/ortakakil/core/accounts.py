"""Accounts: verification, the sign-up's display name and consent, erasure on request.

* **Verification.** Only verified accounts write (``core.rules.is_participant``): a person who
  signed up confirms their e-mail address first (allauth, ``ACCOUNT_EMAIL_VERIFICATION =
  "mandatory"``); accounts that staff, ``ortakakil create_citizens`` or the demo create are
  verified when they are made (``account_verify``).
* **Sign-up.** The person chooses a display name (``User.public_name``: how they appear next to
  their contributions) and gives explicit consent (açık rıza, KVKK art. 5/1) to publishing their
  contributions under it, recorded with the version of the information notice they were shown
  (``Consent``), as the workshop registry records it for contact people.
* **Erasure** (KVKK art. 7 and 11): ``account_erase`` empties the account and keeps the row as a
  tombstone, so foreign keys hold, supports stay counted and the one-support-per-person rule
  still applies; the person's contributions stay, signed «Silinmiş kullanıcı».

``AccountAdapter`` ties allauth to these rules and rewords allauth's messages ("parola", never
"şifre").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_data, text
from .models import PUBLIC_NAME_MAX, Consent, User
from .services import audited_save
from .validation import clean_text

# A display name must not pass for the municipality, its moderators, or an erased account.
RESERVED_NAMES = (
    "belediye",
    "municipality",
    "moderatör",
    "moderator",
    "yönetici",
    "admin",
    "silinmiş kullanıcı",
    "deleted user",
    "ortak akıl",
)


def clean_public_name(value: str | None) -> str:
    """The display name as it will be shown, or a Turkish ``ValidationError`` on ``public_name``."""
    name = clean_text(value, field="public_name", label=_("Display name"), max_length=PUBLIC_NAME_MAX, min_length=2)
    folded = text.search_fold(name)
    if "@" in name:
        raise ValidationError({"public_name": _("Your display name cannot be an e-mail address.")})
    if any(text.search_fold(reserved) in folded for reserved in RESERVED_NAMES):  # "Yonetici" too
        raise ValidationError(
            {"public_name": _("This display name is reserved (it could pass for the municipality). Choose another.")}
        )
    return " ".join(name.split())


@transaction.atomic
def account_verify(*, user: User, at: datetime | None = None) -> User:
    """Mark ``user`` as verified (may write); with an e-mail address, also allauth's confirmed
    primary address, so that the person can log in although sign-ups must confirm theirs.

    Called when a person confirms their address, and for accounts that staff, the command line
    or the demo create. Idempotent."""
    if user.verified_at is None:
        user.verified_at = at or timezone.now()
        user.save(update_fields=["verified_at"])
    email = (user.email or "").strip().lower()
    if email and not EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists():
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    return user


@transaction.atomic
def accounts_verify_many(users: QuerySet[User], *, notice_version: str, at: datetime | None = None) -> int:
    """Verify many accounts at once and record each one's consent to publishing their
    contributions, as if each had signed up and confirmed (the demo's accounts; e-mail addresses
    are ``account_verify``'s). Idempotent; returns how many were verified."""
    now = at or timezone.now()
    pending = list(users.filter(verified_at__isnull=True).values_list("pk", flat=True))
    User.objects.filter(pk__in=pending).update(verified_at=now)
    without_consent = users.exclude(consents__purpose=Consent.Purpose.PUBLISH_CONTRIBUTIONS).values_list(
        "pk", flat=True
    )
    Consent.objects.bulk_create(
        [
            Consent(
                user_id=pk,
                purpose=Consent.Purpose.PUBLISH_CONTRIBUTIONS,
                notice_version=notice_version,
                given_at=now,
            )
            for pk in without_consent
        ],
        batch_size=500,
    )
    return len(pending)


@transaction.atomic
def account_record_signup(*, user: User, public_name: str, notice_version: str) -> Consent:
    """Store the display name chosen at sign-up and the consent given there, with the version of
    the information notice shown on the sign-up page."""
    user.public_name = clean_public_name(public_name)
    audited_save(user, actor=user, update_fields=["public_name"])
    return Consent.objects.create(
        user=user,
        purpose=Consent.Purpose.PUBLISH_CONTRIBUTIONS,
        notice_version=notice_version,
        given_at=timezone.now(),
    )


@transaction.atomic
def account_set_public_name(*, actor: User, public_name: str) -> User:
    """Change how the person appears next to their contributions (old ones included)."""
    actor.public_name = clean_public_name(public_name)
    return audited_save(actor, actor=actor, update_fields=["public_name"])


# The fields of User that describe the person; emptied on erasure, in the account and in every
# historical copy django-simple-history made of it.
PERSONAL_FIELDS = ("first_name", "last_name", "email", "public_name", "represents")


def _delete_sessions(user_id: int) -> None:
    """Log the person out everywhere. (The unusable password already invalidates every session
    on its next request; this also removes the rows.)"""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()


def _delete_login_records(names: list[str]) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.filter(username__in=names).delete()


@transaction.atomic
def account_erase(*, actor: User, password: str) -> User:
    """Erase the person's data at their request (KVKK art. 7 and 11), in one transaction.

    The row stays as a tombstone: foreign keys hold, supports stay counted and the unique
    one-support-per-person rule still applies. Personal fields are emptied in the account and
    in its history; e-mail addresses, API tokens, two-factor authenticators, sessions, social logins, follows,
    notifications and login records go; consents are marked withdrawn (kept as proof of the
    earlier legal basis). Proposals, comments, reports and signed survey answers stay,
    signed «Silinmiş kullanıcı».

    Staff cannot erase themselves while they hold a staff role: their decisions (answers,
    moderation, plan data) are the municipality's record and must stay attributable.
    """
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.erased_at is not None:
        raise ValidationError(_("This account was already erased."))
    if user.is_staff_member:
        raise ValidationError(
            _(
                "Staff accounts cannot be erased by their owner: the decisions you made for the municipality "
                "must stay attributable. Ask a platform administrator to remove your staff role first."
            )
        )
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")})

    names = [name for name in (user.username, user.email) if name]
    emails = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    now = timezone.now()
    tombstone = f"silinmis-{user.pk}"
    for name in PERSONAL_FIELDS:
        setattr(user, name, "")
    user.username = tombstone
    user.set_unusable_password()
    user.is_active = False
    user.last_login = None
    user.verified_at = None
    user.erased_at = now
    user.organisation = None
    user.unit = None
    audited_save(user, actor=user)
    user.history.model.objects.filter(id=user.pk).update(username=tombstone, **dict.fromkeys(PERSONAL_FIELDS, ""))

    EmailAddress.objects.filter(user=user).delete()
    _delete_login_records(names + emails)
    _delete_sessions(user.pk)
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    apps.get_model("mfa", "Authenticator").objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        apps.get_model("socialaccount", "SocialAccount").objects.filter(user=user).delete()
    for source in personal_data.sources():  # what the apps above core delete on erasure
        if source.erase is not None:
            source.erase(user)
    user.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    return user


class AccountAdapter(DefaultAccountAdapter):
    """allauth's messages that name the password, with msgids of our own catalogue, which takes
    precedence over allauth's: they say "parola", as the whole site does (allauth's Turkish
    catalogue says "şifre")."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": gettext_lazy("The email address and/or password you specified are not correct."),
        "enter_current_password": gettext_lazy("Please type your current password."),
        "incorrect_password": gettext_lazy("Incorrect password."),
        "invalid_password_reset": gettext_lazy("The password reset token was invalid."),
        "username_password_mismatch": gettext_lazy("The username and/or password you specified are not correct."),
    }


def on_email_confirmed(sender: Any, request: HttpRequest | None, email_address: EmailAddress, **kwargs: Any) -> None:
    """allauth's ``email_confirmed`` signal (sign-up confirmation, or a password reset by e-mail,
    which proves the address too): the account may now write."""
    account_verify(user=email_address.user)


def public_name(user: Any) -> str:
    """How an author appears in public: the display name they chose at sign-up, else first name
    and initial (KVKK: the minimum); «Silinmiş kullanıcı» once they erased their account."""
    if user is None:
        return _("Municipality")
    if user.erased_at is not None:
        return _("Deleted user")
    if user.public_name:
        return str(user.public_name)
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first:
        return f"{first} {last[:1]}." if last else first
    return _("Participant")
