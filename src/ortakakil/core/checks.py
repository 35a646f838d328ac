"""Ortak Akıl's own system checks, run by ``ortakakil check`` (``--deploy`` for those of production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_mfa_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Production must require two-factor authentication of staff (core/mfa.py): turning it off is
    meant for the local demo only."""
    if settings.ENVIRONMENT == "production" and not settings.STAFF_MFA_REQUIRED:
        return [
            Warning(
                "Two-factor authentication of staff is turned off (ORTAKAKIL_STAFF_MFA=false) in production.",
                hint="Unset ORTAKAKIL_STAFF_MFA: staff accounts must set up an authenticator app.",
                id="ortakakil.W001",
            )
        ]
    return []
