from __future__ import annotations

from typing import Any

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
    }
