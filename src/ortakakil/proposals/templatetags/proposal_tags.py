"""Template helpers of the proposal pages."""

from __future__ import annotations

from typing import Any

from django import template

from ortakakil.proposals import selectors

register = template.Library()


@register.filter
def public_name(user: Any) -> str:
    """How an author appears in public (``selectors.public_name``): the display name, or
    «Silinmiş kullanıcı» once the account was erased."""
    return selectors.public_name(user)
