"""Checks shared by every service that takes text typed by people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import text


def clean_text(value: str | None, *, field: str, label: str, max_length: int, min_length: int = 1) -> str:
    """The visible text of ``value``, or a Turkish ``ValidationError`` on ``field``.

    Refuses control characters (NUL cannot even be stored by PostgreSQL), drops invisible
    format characters before counting, so six zero-width spaces are an empty title, and checks
    the length of what remains.
    """
    raw = value or ""
    bad = text.control_characters(raw)
    if bad:
        raise ValidationError(
            {
                field: _("%(label)s contains characters that cannot be stored (%(chars)s).")
                % {"label": label, "chars": ", ".join(bad)}
            }
        )
    cleaned = text.visible(raw)
    if len(cleaned) < min_length:
        if not cleaned:
            raise ValidationError({field: _("%(label)s cannot be empty.") % {"label": label}})
        raise ValidationError(
            {field: _("%(label)s must be at least %(min)d characters.") % {"label": label, "min": min_length}}
        )
    if len(cleaned) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s can be at most %(max)d characters (it has %(n)d).")
                % {"label": label, "max": max_length, "n": len(cleaned)}
            }
        )
    return cleaned


def clean_optional_text(value: str | None, *, field: str, label: str, max_length: int) -> str:
    """Like ``clean_text`` for a field that may stay empty."""
    if not text.visible(value or "") and not text.control_characters(value or ""):
        return ""
    return clean_text(value, field=field, label=label, max_length=max_length, min_length=0)
