"""Two-factor authentication (iki adımlı doğrulama): allauth's MFA, a TOTP app plus recovery codes,
required of staff.

* **Who.** Staff roles (``STAFF_ROLES``) and superusers must have an active authenticator app while
  ``settings.STAFF_MFA_REQUIRED`` holds (``ORTAKAKIL_STAFF_MFA``, on unless turned off; only the
  local demo of ``make run`` turns it off, and production warns, ``ortakakil.W001``). Citizens
  may turn it on from «Hesabım»; they are never asked to.
* **Where.** ``StaffMFAMiddleware`` sends a logged-in staff member without one to the set-up page
  (QR code as inline SVG from ``core/qr.py``, the secret in text) before any other page of the
  site answers, the back office (``/manage/``), the admin and staff actions on public pages
  included; the API answers 403 in JSON. Once it is active, allauth asks for the code after the
  password at every login, and the Django admin's own login form goes through allauth's
  (``urls.py``). Staff cannot deactivate it while it is required.
* **API tokens.** A staff member's token is refused until their authenticator app is active
  (``api/authentication.py``): tokens bypass the login, so a staff account without a second
  factor gets no way in through them either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .qr import qr_svg

# What a staff member without an authenticator app may still open (each address and those below
# it): the set-up itself (/accounts/2fa/…) and the password confirmation it asks for, removing an
# unconfirmed e-mail address that blocks it, logging out; also the language switch and static files.
ALLOWED_URL_NAMES = ("mfa_index", "account_reauthenticate", "account_email", "account_logout")


def has_totp(user: Any) -> bool:
    return bool(
        user.is_authenticated and Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )


def mfa_required(user: Any) -> bool:
    """Whether ``user`` must have an authenticator app: a staff member while the requirement holds."""
    return bool(settings.STAFF_MFA_REQUIRED and user.is_authenticated and user.is_staff_member)


def mfa_missing(user: Any) -> bool:
    """A staff member who must set up an authenticator app before anything else works."""
    return mfa_required(user) and not has_totp(user)


def _allowed_paths() -> tuple[str, ...]:
    return (
        *(reverse(name) for name in ALLOWED_URL_NAMES),
        reverse("set_language"),
        settings.STATIC_URL,
    )


class StaffMFAMiddleware:
    """Sends a logged-in staff member without an active authenticator app to its set-up page (the
    API: a JSON 403) while ``settings.STAFF_MFA_REQUIRED`` holds. Placed after allauth's
    ``AccountMiddleware``, which handles the password confirmation the set-up asks for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if mfa_missing(request.user) and not request.path.startswith(_allowed_paths()):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": missing_message()}, status=403)
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def missing_message() -> str:
    return _(
        "Staff accounts need two-factor authentication: set up an authenticator app on the site "
        "(Two-factor authentication page) before using the back office or the API."
    )


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA in our words: the QR code from ``core/qr.py`` (segno, inline SVG, which the
    Content-Security-Policy allows), the errors in our catalogue's msgids, and no deactivation
    for staff while the requirement holds."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": gettext_lazy("This code is not correct. Type the 6-digit code your app shows now."),
        "cannot_delete_authenticator": gettext_lazy(
            "Staff accounts must keep two-factor authentication: it cannot be turned off."
        ),
        "unverified_email": gettext_lazy(
            "Confirm your e-mail addresses (or remove the unconfirmed ones) "
            "before turning on two-factor authentication."
        ),
    }

    def build_totp_svg(self, url: str) -> str:
        return qr_svg(url, scale=4, title=_("QR code to scan with your authenticator app"))

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not mfa_required(authenticator.user)


def _relabel_code(form: Any, label: Any) -> None:
    field = form.fields["code"]
    field.label = label
    field.widget.attrs.update(
        {"placeholder": "", "autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off"}
    )


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel_code(self, gettext_lazy("The 6-digit code your app shows"))


class AuthenticateForm(AllauthAuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel_code(self, gettext_lazy("Code from your authenticator app or a recovery code"))


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel_code(self, gettext_lazy("Code from your authenticator app or a recovery code"))
