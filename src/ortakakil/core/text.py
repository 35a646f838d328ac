"""Turkish text as people read and type it: case folding, search folding, alphabetical order,
visible text.

Pure (no Django), so the CLI, the database functions (``core/db.py``) and the tests share it.

* **Case folding.** Python's ``str.lower`` turns "I" into "i" and "İ" into "i" plus a combining
  dot; Turkish pairs I/ı and İ/i. ``turkish_lower("IŞIK İMAR")`` is ``"ışık imar"``.
* **Search folding.** People type on phones without Turkish letters: "kizilay" for "Kızılay",
  "ogrenci" for "öğrenci", "ISIK" for "IŞIK". ``search_fold`` makes all of these one text —
  Turkish lower case, then letters without their accents (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u, â→a,
  î→i, û→u, é→e …), single spaces — so a search finds either spelling from either side.
  ``core/db.py`` computes the very same fold in SQL on PostgreSQL (``fold_sql``); the patterns
  below (``FORMAT_CHARACTERS``, ``DIACRITICS``, ``SPACES``) are shared with it.
* **Alphabetical order.** a b c ç d e f g ğ h ı i j k l m n o ö p (q) r s ş t u ü v (w x) y z, as
  PostgreSQL's ICU collation for Turkish (``tr-x-icu``) orders them: spaces and punctuation
  before digits, digits before letters, letters by the Turkish alphabet, then accents ("adet"
  before "âdet"), then case (lower before upper). ``sort_key`` gives that order in Python and,
  registered as a SQLite collation, in SQLite.
* **Visible text.** A title of six zero-width spaces is empty to a reader: ``visible`` drops
  format characters (Unicode category Cf) and NUL-like control characters before lengths are
  checked.
* **Stems.** ``stem`` is the platform's one Turkish stemmer (snowball's, the algorithm of
  PostgreSQL's ``turkish_stem`` too): "öğrencilere" and "ogrenciler" meet at "ogrenci". Proposal
  search (on both databases) and text analysis (``textmine.core.normalise``) use it and
  ``STOP_WORDS``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer

_UPPER_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_LOWER_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})


def turkish_lower(text: str) -> str:
    """Lower case by the Turkish rules: I → ı, İ → i (never "i̇" with a combining dot)."""
    return unicodedata.normalize("NFC", text).translate(_UPPER_TO_LOWER).lower()


def turkish_upper(text: str) -> str:
    """Upper case by the Turkish rules: i → İ, ı → I."""
    return unicodedata.normalize("NFC", text).translate(_LOWER_TO_UPPER).upper()


# Character classes written so that both Python's ``re`` and PostgreSQL's regular expressions
# read them (``\uXXXX`` and ``\UXXXXXXXX`` escapes inside brackets).

FORMAT_CHARACTERS = (
    r"[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
"""Unicode's format characters (category Cf: zero-width spaces, joiners, bidi marks, BOM …), the
ones ``visible`` drops (a test checks the class against ``unicodedata``)."""

DIACRITICS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
"""The combining diacritical marks (with their extension blocks) that accented Latin letters
decompose into: the cedilla of ç and ş, the breve of ğ, the diaeresis of ö and ü, the circumflex
of â, the dot of "i̇" … Marks of other scripts (Arabic vowels, Indic signs) are letters' parts
there and stay."""

SPACES = r"[\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
"""Runs of white space, as ``str.split`` sees it."""

_FORMAT_RE = re.compile(FORMAT_CHARACTERS)
_DIACRITICS_RE = re.compile(DIACRITICS)
_SPACES_RE = re.compile(SPACES)
_DOTLESS_I = str.maketrans({"ı": "i"})


def search_lower(text: str) -> str:
    """Turkish lower case of what a reader sees, compatibility forms made plain ("ﬁ" → "fi",
    full-width "Ａ" → "a", no-break space → space), single spaces; accents kept.

    The first half of ``search_fold``: what a stemmer for Turkish wants to read."""
    plain = unicodedata.normalize("NFKC", _FORMAT_RE.sub("", text or ""))
    return _single_spaces(turkish_lower(plain))


def strip_diacritics(text: str) -> str:
    """``text`` with its letters' accents taken off: ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u, â→a, é→e …

    Letters that do not decompose (ø, ł, ß, æ …) stay as they are, in Python and in SQL alike."""
    bare = _DIACRITICS_RE.sub("", unicodedata.normalize("NFD", text)).translate(_DOTLESS_I)
    return unicodedata.normalize("NFC", bare)


def search_fold(text: str) -> str:
    """What search compares: Turkish lower case without accents, with single spaces.

    "OTOBÜS", "otobüs" and "otobus"; "KIZILAY", "Kızılay" and "kizilay"; "IŞIK", "ışık" and "isik";
    "İmar" and "imar" fold to the same text. Step by step (``core.db.fold_sql`` takes the same
    steps on PostgreSQL): format characters out, compatibility forms made plain (NFKC), Turkish
    lower case, accents off (NFD, combining marks out, ı → i, NFC), white space runs to one space.
    """
    return _single_spaces(strip_diacritics(search_lower(text)))


def _single_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip(" ")


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


# --- stems -------------------------------------------------------------------------------------

# fmt: off
STOP_WORDS = frozenset({
    "acaba", "ama", "ancak", "artık", "aslında", "az", "bana", "bazen", "bazı", "belki", "ben", "beni",
    "benim", "bile", "bir", "biraz", "birçok", "birkaç", "birşey", "biz", "bize", "bizi", "bizim", "bu",
    "buna", "bunda", "bundan", "bunlar", "bunları", "bunların", "bunu", "bunun", "burada", "çok", "çünkü",
    "da", "daha", "dahi", "de", "defa", "değil", "diğer", "diye", "dolayı", "en", "fakat", "gibi", "göre",
    "hem", "hep", "hepsi", "her", "herhangi", "hiç", "için", "ile", "ilgili", "ise", "işte", "kadar", "ki",
    "kim", "kimse", "mı", "mi", "mu", "mü", "nasıl", "ne", "neden", "nerede", "niye", "o", "olan", "olarak",
    "oldu", "olduğu", "olsun", "olur", "on", "ona", "ondan", "onlar", "onları", "onların", "onu", "onun",
    "öyle", "sadece", "şey", "şu", "şuna", "şunu", "siz", "size", "sizi", "tüm", "ve", "veya", "ya", "yani",
    "yine", "yoksa", "zaten", "ayrıca", "üzere", "olması", "olmalı", "olmalıdır", "edilmeli", "edilmelidir",
    "edilsin", "yapılmalı", "yapılmalıdır", "yapılsın"
})
# fmt: on
"""Turkish words that carry no topic: text analysis leaves them out of its stems, search out of
its query ("ve öğrenciler" looks for "öğrenciler" alone)."""

_FOLDED_STOP_WORDS = frozenset(search_fold(word) for word in STOP_WORDS)
_STEMMERS = threading.local()


def is_stop_word(word: str) -> bool:
    """Whether ``word`` is one of ``STOP_WORDS``, typed with or without its Turkish letters."""
    return search_fold(word) in _FOLDED_STOP_WORDS


def _turkish_stemmer() -> Any:
    # A snowball stemmer keeps the word it works on in itself: one per thread.
    stemmer = getattr(_STEMMERS, "turkish", None)
    if stemmer is None:
        stemmer = _STEMMERS.turkish = snowballstemmer.stemmer("turkish")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One Turkish word's stem, folded as ``search_fold`` folds: "öğrencilere" → "ogrenci",
    "kitabı" → "kitap", "otobüsü" → "otobus".

    Snowball's Turkish stemmer (Çilden's suffix rules, the algorithm PostgreSQL's ``turkish_stem``
    runs too) reads the word in Turkish lower case with its accents, since it follows vowel
    harmony, which folding erases: "otobüsler" loses its plural, "otobusler" keeps it. Only then
    is the stem folded. A word typed without Turkish letters is stemmed as typed ("ogrenciler" →
    "ogrenci").
    """
    return search_fold(str(_turkish_stemmer().stemWord(search_lower(word))))
