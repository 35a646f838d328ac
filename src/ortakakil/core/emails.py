"""E-mails people can turn off: the registry of kinds, each person's choice, signed one-click
unsubscribe links, and sending.

* **Kinds.** Apps above ``core`` register each kind of e-mail they send (``register_kind`` from
  their ``AppConfig.ready()``: the proposals app registers answers, comments, merges and the weekly
  digest). «E-posta tercihlerim» (``/me/emails/``) shows a checkbox per registered kind.
* **Choice.** A kind is on unless the person turned it off (``EmailOptOut`` row); ``wants``.
* **Unsubscribe links.** ``unsubscribe_token`` signs the person and the kind with
  ``django.core.signing`` (its own salt, so no other signed value of the platform passes for one);
  the link works without logging in and never expires (RFC 8058: a mail client posts to it once).
* **Sending.** ``send`` mails a person only at a *confirmed* address (``confirmed_address``), with
  the ``List-Unsubscribe`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` headers
  (RFC 2369, RFC 8058) naming the kind's unsubscribe link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from . import ratelimit
from .models import STAFF_ROLES, EmailOptOut, User

UNSUBSCRIBE_SALT = "ortakakil.core.emails.unsubscribe"
TOKEN_MAX = 300
"""A token longer than this is refused before it is checked (hostile input stays bounded)."""
UNSUBSCRIBE_SCOPE = "email_unsubscribe"
PREFERENCES_SCOPE = "email_preferences"


def _unsubscribe_rates() -> tuple[str, str]:
    """One-click posts come from mail clients' servers: generous per address, bounded."""
    return "30/h", "120/h"


def _preferences_rates() -> tuple[str, str]:
    return "30/h", "120/h"


ratelimit.register_scope(UNSUBSCRIBE_SCOPE, _unsubscribe_rates)
ratelimit.register_scope(PREFERENCES_SCOPE, _preferences_rates)


@dataclass(frozen=True)
class EmailKind:
    """One kind of e-mail a person can turn off."""

    key: str
    """At most 40 characters (``EmailOptOut.kind``), e.g. ``proposal_answer``."""
    label: Any
    """A (lazily) translated label: English msgid, shown in Turkish."""
    order: int = 100
    staff_only: bool = False
    """Offered on «E-posta tercihlerim» to staff members only (e.g. assignments for evaluation)."""


_KINDS: dict[str, EmailKind] = {}


def register_kind(kind: EmailKind) -> None:
    """Register ``kind`` (idempotent by key)."""
    if len(kind.key) > 40:
        raise ValueError(f"e-mail kind key too long: {kind.key!r}")
    _KINDS[kind.key] = kind


def kinds(user: User | None = None) -> list[EmailKind]:
    """The registered kinds; for ``user``, those offered to them (staff-only kinds to staff)."""
    staff = user is None or getattr(user, "role", None) in STAFF_ROLES
    return sorted((k for k in _KINDS.values() if staff or not k.staff_only), key=lambda kind: (kind.order, kind.key))


def kind_of(key: str) -> EmailKind | None:
    return _KINDS.get(key)


# --- the person's choice ---------------------------------------------------------------------------


def turned_off(user: User) -> set[str]:
    """The kinds ``user`` turned off."""
    return set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))


def wants(user: User, kind: str) -> bool:
    """Whether ``user`` gets e-mails of ``kind`` (on unless turned off)."""
    return not EmailOptOut.objects.filter(user=user, kind=kind).exists()


def wanting(user_ids: Iterable[int], kind: str) -> set[int]:
    """Those of ``user_ids`` who did not turn ``kind`` off (one query)."""
    ids = set(user_ids)
    off = set(EmailOptOut.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", flat=True))
    return ids - off


def confirmed_address(user: User) -> str | None:
    """The address e-mails may go to, or None: an active, not erased account whose address is
    confirmed — allauth's ``EmailAddress.verified`` for it, or, for an account made verified by
    staff, the command line or the demo (``core.accounts.account_verify``) without an allauth row
    for that address, ``User.verified_at``. An address awaiting confirmation gets nothing."""
    from allauth.account.models import EmailAddress

    email = (user.email or "").strip()
    if not email or not user.is_active or user.erased_at is not None:
        return None
    rows = list(EmailAddress.objects.filter(user=user, email__iexact=email).values_list("verified", flat=True))
    if rows:
        return email if any(rows) else None
    return email if user.verified_at is not None else None


@transaction.atomic
def email_preferences_set(*, actor: User, on: Iterable[str]) -> set[str]:
    """Save «E-posta tercihlerim»: the registered kinds in ``on`` are on, every other one off.
    Returns the kinds now turned off."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Please log in first."))
    wanted = set(on)
    offered = {kind.key for kind in kinds(actor)}
    if wanted - offered:
        raise ValidationError(_("Unknown kind of e-mail."))
    off = offered - wanted
    EmailOptOut.objects.filter(user=actor).exclude(kind__in=off).delete()
    existing = set(EmailOptOut.objects.filter(user=actor).values_list("kind", flat=True))
    EmailOptOut.objects.bulk_create([EmailOptOut(user=actor, kind=kind) for kind in sorted(off - existing)])
    return off


# --- unsubscribe links -----------------------------------------------------------------------------


def unsubscribe_token(user: User, kind: str) -> str:
    """A signed token naming ``user`` and ``kind`` (URL-safe, the same in every e-mail; never
    expires: a link in an old e-mail must still work)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk, "k": kind})


def read_token(token: str) -> tuple[User, EmailKind]:
    """The person and kind a token names; a Turkish ``ValidationError`` when it is malformed,
    tampered with, or names an unknown kind or an erased person."""
    invalid = ValidationError(_("This unsubscribe link is not valid. Use the link in the latest e-mail."))
    if not token or len(token) > TOKEN_MAX:
        raise invalid
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise invalid from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        raise invalid
    kind = _KINDS.get(data["k"])
    user = User.objects.filter(pk=data["u"], erased_at__isnull=True).first()
    if kind is None or user is None:
        raise invalid
    return user, kind


def email_unsubscribe(*, token: str) -> tuple[User, EmailKind]:
    """Turn off the kind a valid unsubscribe token names, for the person it names (no login:
    the signature is the permission). Idempotent."""
    user, kind = read_token(token)
    try:
        with transaction.atomic():
            EmailOptOut.objects.get_or_create(user=user, kind=kind.key)
    except IntegrityError:  # the mail client's one-click post and the person's click at once
        pass
    return user, kind


def site_url() -> str:
    """The site's public address for links in e-mails (``SITE_URL``; a local address without it)."""
    return (getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


def unsubscribe_url(user: User, kind: str) -> str:
    return absolute(reverse("email_unsubscribe", kwargs={"token": unsubscribe_token(user, kind)}))


# --- sending ---------------------------------------------------------------------------------------


def message(*, user: User, kind: str, subject: str, text: str, html: str = "") -> EmailMultiAlternatives | None:
    """The e-mail of ``kind`` to ``user``, or None when it must not go: the kind is unknown or
    turned off, or the person has no confirmed address."""
    if kind not in _KINDS:
        raise ValueError(f"unregistered e-mail kind: {kind!r}")
    address = confirmed_address(user)
    if address is None or not wants(user, kind):
        return None
    link = unsubscribe_url(user, kind)
    mail = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=text,
        to=[address],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    if html:
        mail.attach_alternative(html, "text/html")
    return mail


def send(*, user: User, kind: str, subject: str, text: str, html: str = "") -> bool:
    """Send one e-mail of ``kind`` to ``user`` now (see ``message``); whether it went out.
    Errors of the mail server propagate, so that the caller can try again later."""
    mail = message(user=user, kind=kind, subject=subject, text=text, html=html)
    if mail is None:
        return False
    mail.send()
    return True
