"""Small template helpers shared by every app."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def amount(value: Any, places: int = 2) -> str:
    """A measured number in the active language: thousands grouped, at most ``places`` decimals,
    no trailing zeros (``1.234,5`` in Turkish, ``1,234.5`` in English); a dash for no value."""
    if value is None or value == "":
        return "—"
    text = str(floatformat(value, f"-{int(places)}g"))
    separator = str(get_format("DECIMAL_SEPARATOR"))
    if separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text


@register.filter
def absolute(value: Any) -> Any:
    """``abs(value)`` (a negative rate is written with its sign before the percent sign)."""
    try:
        return abs(value)
    except TypeError:
        return value


@register.filter
def percent_of(value: float, total: float) -> str:
    """``value`` as a percentage of ``total`` (for CSS widths), with a dot decimal separator."""
    if not total:
        return "0"
    return f"{100.0 * float(value) / float(total):.1f}"


@register.simple_tag(takes_context=True)
def qr_svg(context: template.Context, target: str, scale: int = 4, title: str = "") -> SafeString:
    """``{% qr_svg path %}``: an inline SVG QR code of ``path``'s absolute address on this site.

    A full URL (``https://…``) is encoded as given; a path is made absolute from the request, so
    a phone that scans the code reaches the same host the page was served from (without a request
    in the context, the path is encoded as given).
    """
    from ortakakil.core.qr import qr_svg as make_qr_svg

    request = context.get("request")
    url = str(target)
    if request is not None and not urlsplit(url).scheme:
        url = request.build_absolute_uri(url)
    return mark_safe(make_qr_svg(url, scale=int(scale), title=str(title)))  # noqa: S308 - segno's own markup
