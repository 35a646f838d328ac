"""Small template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def percent_of(value: float, total: float) -> str:
    """``value`` as a percentage of ``total`` (for CSS widths), with a dot decimal separator."""
    if not total:
        return "0"
    return f"{100.0 * float(value) / float(total):.1f}"
