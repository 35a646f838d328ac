from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .badges import badges_for


def platform(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    return {
        "platform_name": "Ortak Akıl",
        # Registered by the apps above core (core/badges.py); computed only if the header shows them.
        "header_badges": SimpleLazyObject(lambda: badges_for(user)),
        "show_backoffice": bool(user is not None and user.is_authenticated and user.has_perm("core.access_backoffice")),
        # The footer pages, the sign-up's information notice and the account e-mails name these.
        "contact": settings.CONTACT,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "retention": {
            "unverified_days": settings.ACCOUNT_UNCONFIRMED_RETENTION_DAYS,
            "login_days": settings.LOGIN_RECORDS_RETENTION_DAYS,
        },
    }
