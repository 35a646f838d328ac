from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .badges import badges_for
from .retention import notice_periods


def platform(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    return {
        "platform_name": "Ortak Akıl",
        # Registered by the apps above core (core/badges.py); computed only if the header shows them.
        "header_badges": SimpleLazyObject(lambda: badges_for(user)),
        "show_backoffice": bool(user is not None and user.is_authenticated and user.has_perm("core.access_backoffice")),
        # The local demo (`make run`) turns staff's two-factor authentication off: its staff pages say so.
        "staff_mfa_off": not settings.STAFF_MFA_REQUIRED,
        # The footer pages, the sign-up's information notice and the account e-mails name these.
        "contact": settings.CONTACT,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        # Every retention period the nightly task applies (core.retention), as the notice states it.
        "retention": notice_periods(),
    }
