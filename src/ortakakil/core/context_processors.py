from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from ortakakil.proposals.models import Notification

        unread = Notification.objects.filter(user=user, is_read=False).count()
    return {
        "platform_name": "Ortak Akıl",
        "unread_notifications": unread,
        "show_backoffice": bool(user is not None and user.is_authenticated and user.has_perm("core.access_backoffice")),
    }
