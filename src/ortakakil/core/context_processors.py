from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    return {
        "platform_name": "Ortak Akıl",
        "show_backoffice": bool(user is not None and user.is_authenticated and user.has_perm("core.access_backoffice")),
    }
