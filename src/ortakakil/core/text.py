"""Turkish text as people read and type it: case folding, alphabetical order, visible text.

Pure (no Django), so the CLI, the database functions (``core/db.py``) and the tests share it.

* **Case folding.** Python's ``str.lower`` turns "I" into "i" and "İ" into "i" plus a combining
  dot; Turkish pairs I/ı and İ/i. ``turkish_lower("IŞIK İMAR")`` is ``"ışık imar"``.
* **Alphabetical order.** a b c ç d e f g ğ h ı i j k l m n o ö p (q) r s ş t u ü v (w x) y z, as
  PostgreSQL's ICU collation for Turkish (``tr-x-icu``) orders them: spaces and punctuation
  before digits, digits before letters, letters by the Turkish alphabet, then accents ("adet"
  before "âdet"), then case (lower before upper). ``sort_key`` gives that order in Python and,
  registered as a SQLite collation, in SQLite.
* **Visible text.** A title of six zero-width spaces is empty to a reader: ``visible`` drops
  format characters (Unicode category Cf) and NUL-like control characters before lengths are
  checked.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_UPPER_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_LOWER_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})


def turkish_lower(text: str) -> str:
    """Lower case by the Turkish rules: I → ı, İ → i (never "i̇" with a combining dot)."""
    return unicodedata.normalize("NFC", text).translate(_UPPER_TO_LOWER).lower()


def turkish_upper(text: str) -> str:
    """Upper case by the Turkish rules: i → İ, ı → I."""
    return unicodedata.normalize("NFC", text).translate(_LOWER_TO_UPPER).upper()


def search_fold(text: str) -> str:
    """What search compares: Turkish lower case with single spaces.

    "OTOBÜS" and "otobüs", "IŞIK" and "ışık", "İmar" and "imar" fold to the same text.
    """
    return " ".join(turkish_lower(visible(text)).split())


# --- alphabetical order ------------------------------------------------------------------------

ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
"""The Turkish alphabet, with q, w and x where the ICU collation for Turkish puts them."""

# The order ICU's Turkish collation gives spaces and common punctuation (read off PostgreSQL).
_PUNCTUATION = " _-,;:!?.'\"()[]{}@*/\\&#%+<=>|~$"
_TURKISH_LETTERS = frozenset(ALPHABET)
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

# Primary weights: punctuation < other symbols < digits < letters < other scripts.
_PUNCT_BASE, _SYMBOL_BASE, _DIGIT_BASE, _LETTER_BASE, _OTHER_BASE = 1, 100, 1_000, 2_000, 10_000


def _weights(char: str) -> tuple[int, int, int]:
    """(primary, secondary, tertiary) weights of one character."""
    lower = turkish_lower(char)
    tertiary = 1 if lower != char else 0  # lower case first
    if lower in _TURKISH_LETTERS:
        return _LETTER_BASE + _LETTER_RANK[lower], 0, tertiary
    decomposed = unicodedata.normalize("NFD", lower)
    base = decomposed[0]
    if base in _TURKISH_LETTERS:  # â, î, û, é …: their base letter, then the accent
        return _LETTER_BASE + _LETTER_RANK[base], 1 + sum(ord(mark) for mark in decomposed[1:]) % 1000, tertiary
    if char in _PUNCTUATION:
        return _PUNCT_BASE + _PUNCTUATION.index(char), 0, 0
    if char.isdigit():
        return _DIGIT_BASE + unicodedata.digit(char, 0), 0, 0
    if char.isspace():
        return _PUNCT_BASE, 0, 0
    if not char.isalpha():
        return _SYMBOL_BASE + ord(char) % 800, 0, 0
    return _OTHER_BASE + ord(lower), 0, tertiary


@lru_cache(maxsize=65_536)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
    """A key that sorts strings by the Turkish alphabet (``sorted(names, key=sort_key)``).

    Compares letters first, then accents, then case, then the text itself (so that different
    strings never compare equal, as a deterministic collation requires).
    """
    weights = [_weights(char) for char in unicodedata.normalize("NFC", text or "")]
    return (
        tuple(w[0] for w in weights),
        tuple(w[1] for w in weights),
        tuple(w[2] for w in weights),
        text or "",
    )


def compare(left: str, right: str) -> int:
    """-1, 0 or 1 as ``left`` sorts before, with or after ``right`` (a SQLite collation)."""
    a, b = sort_key(left or ""), sort_key(right or "")
    return (a > b) - (a < b)


# --- visible text ------------------------------------------------------------------------------

_ALLOWED_CONTROLS = frozenset("\n\r\t")


def control_characters(text: str) -> list[str]:
    """Control characters that have no place in typed text (NUL, escape …), as "U+0000" names.

    Line breaks and tabs are allowed. PostgreSQL cannot store NUL at all.
    """
    found = {char for char in text if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS}
    return [f"U+{ord(char):04X}" for char in sorted(found)]


def visible(text: str) -> str:
    """``text`` without format characters (zero-width spaces, joiners, BOM, bidi marks …),
    normalised (NFC) and stripped: what a reader actually sees."""
    normalised = unicodedata.normalize("NFC", text or "")
    return "".join(char for char in normalised if unicodedata.category(char) != "Cf").strip()
