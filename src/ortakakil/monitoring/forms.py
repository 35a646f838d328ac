"""Forms of the measurement pages. They only parse what people type; the rules (who may enter,
which periods, locked values, what an evidence file may be) live in ``services``."""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import evidence
from .models import COMMENT_MAX, NOTE_MAX

VALUE_MAX_CHARS = 32
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_number(text: str) -> float | None:
    """A number as people in Turkey type it: «41,5», «1.250,75», also «41.5»; None when it is
    not one. A dot followed by groups of three digits and an optional comma part is a
    thousands separator («1.250» is 1250, as in Turkish); otherwise the last separator is
    the decimal one."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text or len(text) > VALUE_MAX_CHARS:
        return None
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if "." in text:
            return None
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


class DecimalCommaField(forms.Field):
    """A number field that accepts the Turkish decimal comma (``inputmode=decimal`` on phones)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": VALUE_MAX_CHARS})

    def to_python(self, value: Any) -> float | None:
        text = str(value or "").strip()
        if not text:
            return None
        number = parse_number(text)
        if number is None:
            raise ValidationError(_("Write a number, e.g. 41,5."), code="invalid")
        return number


class MeasurementForm(forms.Form):
    value = DecimalCommaField(label=_("Actual value"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_link = forms.URLField(label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}),
    )

    def __init__(self, *args: Any, prefix_id: int | str = "", **kwargs: Any) -> None:
        # One form per indicator card: distinct ids, the same field names.
        kwargs.setdefault("auto_id", f"id_m{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text = _("PDF, PNG, JPEG, XLSX or DOCX, at most %(mb)d MB.") % {
            "mb": evidence.max_bytes() // (1024 * 1024)
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be corrected?"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
