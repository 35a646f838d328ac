"""Masks personal data typed into free text before it is published or exported (KVKK).

Pure: no Django. Masks e-mail addresses, Turkish phone numbers and 11-digit identity
numbers (T.C. kimlik no); it does not try to find names.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?90[\s-]?)?0?\s?\(?5\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\+?90[\s-]?)?0?\s?\(?[2-4]\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
_TCKN = re.compile(r"(?<!\d)[1-9]\d{10}(?!\d)")


def scrub(text: str) -> str:
    text = _EMAIL.sub("[e-posta]", text)
    text = _PHONE.sub("[telefon]", text)
    text = _LANDLINE.sub("[telefon]", text)
    return _TCKN.sub("[kimlik no]", text)
