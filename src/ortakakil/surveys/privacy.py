"""Masks personal data typed into free text before it is published or exported (KVKK).

Pure: no Django. ``mask`` replaces what can be found reliably:

* e-mail addresses → ``[e-posta]``; Turkish mobile and landline numbers → ``[telefon]``;
  11-digit identity numbers (T.C. kimlik no) → ``[kimlik no]``;
* street addresses → ``[adres]``: the parts Turkish addresses are written with (``… Mah.`` /
  ``Mahallesi``, ``… Cad.`` / ``Caddesi``, ``… Sok.`` / ``Sokak``, ``… Bulvarı``, ``1453. Sokak``,
  ``No: 12/3``, ``Daire 5``, ``Kat 2``, ``… Apt.``, a postal code), consecutive parts as one;
* names introduced by a cue → ``[ad]``: "adım …", "ismim …", "ben …", "Sayın …", "Bay …",
  "Bayan …", "Sn. …" followed by capitalised words ("Ben Kızılay'da oturuyorum" keeps
  Kızılay: a word with a suffix after an apostrophe is a place, not a name).

What looks like a name but cannot be masked reliably is returned as a *flag* for a staff
review: two capitalised words in a row in the middle of a sentence ("Mehmet Demir", but not
"Kızılay Meydanı" or "Ankara Büyükşehir"), and the common Turkish first names of
``first_names.txt`` in any letter case ("ahmet yılmaz beni aradı" flags "ahmet"; a capitalised
word after the name joins it, "ahmet Yılmaz"). Names that are also ordinary words (bayram,
melek, sevgi …, marked in the file) are flagged only when capitalised, and words that are not on
the list ("gül", "kızılay") only as capitalised pairs. Places (the provinces and Ankara's
districts in ``places.txt``) are never masked or flagged. Letter case is folded by the Turkish
rules (``core.text``: "İBRAHİM" is "ibrahim").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ortakakil.core.text import turkish_lower

_DATA = Path(__file__).resolve().parent / "data"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?90[\s-]?)?0?\s?\(?5\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\+?90[\s-]?)?0?\s?\(?[2-4]\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
_TCKN = re.compile(r"(?<!\d)[1-9]\d{10}(?!\d)")

_UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
_LOWER = "a-zçğıöşüâîû"
_CAP_WORD = rf"[{_UPPER}][{_UPPER}{_LOWER}]+"
_NAMED = rf"(?:{_CAP_WORD}\s+){{1,3}}"  # "Kocatepe ", "Gazi Mustafa Kemal "
_END = rf"(?![{_UPPER}{_LOWER}])"

_ADDRESS_PARTS = [
    rf"{_NAMED}(?:Mah\.|Mh\.|Mahallesi|Mahalle){_END}",
    rf"{_NAMED}(?:Cad\.|Cd\.|Caddesi|Cadde){_END}",
    rf"{_NAMED}(?:Sok\.|Sk\.|Sokak|Sokağı){_END}",
    rf"{_NAMED}(?:Bulvarı|Blv\.|Bulv\.){_END}",
    rf"{_NAMED}(?:Apt\.|Apartmanı|Sitesi|Blok){_END}",
    rf"\d{{1,5}}\.\s*(?:Sokak|Sok\.|Sk\.|Cadde|Cad\.|Cd\.|Bulvar){_END}",
    r"(?<![\w])No\s*[:.]?\s*\d+(?:\s*/\s*\w+)?",
    r"(?<![\w])(?:Daire|D\.|D:)\s*[:.]?\s*\d+",
    r"(?<![\w])Kat\s*[:.]?\s*\d+",
    r"(?i:posta\s+kodu)\s*[:.]?\s*\d{5}",
    rf"(?<!\d)(?:0[1-9]|[1-7]\d|8[01])\d{{3}}(?=\s+{_CAP_WORD}\s*/)",  # "06420 Çankaya/Ankara"
]
_ADDRESS = re.compile("|".join(f"(?:{part})" for part in _ADDRESS_PARTS))
_ADDRESS_GAP = re.compile(r"[\s,/-]*")

_NAME_CUE = re.compile(
    rf"(?P<cue>\b(?i:adım|ismim|benim\s+adım|ben|sayın|sn\.|bay|bayan)\s+)"
    rf"(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})(?P<suffix>['’][{_LOWER}]+)?(?![\w])"
)
_PAIR = re.compile(rf"(?<![\w'’])({_CAP_WORD})(?=\s+({_CAP_WORD})(?![\w]))")  # overlapping pairs
#: Second words that make a capitalised pair a place or an institution, not a person.
_PLACE_WORDS = frozenset(
    [
        "meydanı",
        "parkı",
        "belediyesi",
        "büyükşehir",
        "üniversitesi",
        "hastanesi",
        "metrosu",
        "kavşağı",
        "köprüsü",
        "camii",
        "okulu",
        "lisesi",
        "çarşısı",
        "bulvarı",
        "caddesi",
        "sokağı",
        "mahallesi",
        "köyü",
        "ilçesi",
        "gölü",
        "barajı",
        "istasyonu",
        "terminali",
        "garı",
        "havalimanı",
        "kalesi",
        "müzesi",
        "stadyumu",
        "kampüsü",
        "hattı",
        "hatları",
        "durağı",
        "bakanlığı",
        "valiliği",
        "müdürlüğü",
        "başkanlığı",
        "daire",
        "odası",
        "derneği",
        "vakfı",
    ]
)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s+|\n\s*)$")


@dataclass(frozen=True)
class Masked:
    """The text with what was found masked, and what may still be a name (for a staff review)."""

    text: str
    flags: tuple[str, ...] = ()


_ALSO_A_WORD = "*"
"""Marks a first name in ``first_names.txt`` that is also an ordinary word."""


@cache
def _entries(name: str) -> tuple[str, ...]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _words(name: str) -> frozenset[str]:
    return frozenset(_fold(entry.rstrip(_ALSO_A_WORD).strip()) for entry in _entries(name))


def _fold(word: str) -> str:
    return turkish_lower(word)


def first_names() -> frozenset[str]:
    return _words("first_names.txt")


@cache
def first_names_in_any_case() -> frozenset[str]:
    """The first names that are not also ordinary words: flagged even when written in lower case."""
    return (
        frozenset(_fold(entry) for entry in _entries("first_names.txt") if not entry.endswith(_ALSO_A_WORD)) - places()
    )


def places() -> frozenset[str]:
    return _words("places.txt")


def _mask_addresses(text: str) -> str:
    spans = [match.span() for match in _ADDRESS.finditer(text)]
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _ADDRESS_GAP.fullmatch(text, merged[-1][1], start):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], "[adres]"]
        last = end
    return "".join([*out, text[last:]])


def _mask_cued_names(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        words = match.group("name").split()
        if any(_fold(word) in places() for word in words):
            return match.group(0)
        cue, suffix = match.group("cue"), match.group("suffix") or ""
        if _fold(cue.strip()) == "ben" and (suffix or (len(words) == 1 and _fold(words[0]) not in first_names())):
            # "Ben Kızılay'da …", "Ben Burada …": after "ben" only a sure name is masked.
            return match.group(0)
        return cue + "[ad]" + suffix

    return _NAME_CUE.sub(replace, text)


def name_flags(text: str) -> tuple[str, ...]:
    """Fragments of ``text`` that may be a person's name: capitalised pairs in mid-sentence and
    known first names. Places and institutions are left alone."""
    spans: list[list[int]] = []
    for match in _PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        if _fold(first) in places() or _fold(second) in places() or _fold(second) in _PLACE_WORDS:
            continue
        at_start = _SENTENCE_START.search(text[: match.start()]) is not None
        if at_start and _fold(first) not in first_names():
            continue
        start, end = match.start(1), match.end(2)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end  # "Ahmet Can Yılmaz": one fragment
        else:
            spans.append([start, end])
    found = [text[start:end] for start, end in spans]
    for match in _LOWER_NAME.finditer(text):
        first = match.group("first")
        fragment = first + match.group("rest")
        if re.fullmatch(_CAP_WORD, first):
            if _fold(first) not in first_names():
                continue
        elif _fold(first) not in first_names_in_any_case():
            continue
        if not any(first in known.split() for known in found):
            found.append(_name_with_following(fragment))
    return tuple(dict.fromkeys(found))


_WORD = rf"[{_UPPER}{_LOWER}]+"
#: Each word with the (at most two) words after it, word by word: the rest is only looked at.
_LOWER_NAME = re.compile(rf"(?<![\w])(?P<first>{_WORD})(?![\w])(?=(?P<rest>(?:\s+{_WORD}(?![\w])){{0,2}}))")


def _name_with_following(fragment: str) -> str:
    """A first name and the words after it that belong to the name: known first names and
    capitalised words ("mehmet ali", "ahmet Yılmaz"); a lower-case surname cannot be told from
    an ordinary word and stays out."""
    first, *rest = fragment.split()
    words = [first]
    for word in rest:
        if _fold(word) in places() or not (re.fullmatch(_CAP_WORD, word) or _fold(word) in first_names_in_any_case()):
            break
        words.append(word)
    return " ".join(words)


def mask(text: str) -> Masked:
    """Mask e-mails, phones, identity numbers, addresses and cued names; flag possible names."""
    text = _EMAIL.sub("[e-posta]", text)
    text = _PHONE.sub("[telefon]", text)
    text = _LANDLINE.sub("[telefon]", text)
    text = _TCKN.sub("[kimlik no]", text)
    text = _mask_addresses(text)
    text = _mask_cued_names(text)
    return Masked(text=text, flags=name_flags(text))


def scrub(text: str) -> str:
    """``text`` with everything ``mask`` finds reliably masked."""
    return mask(text).text


def mask_fragments(text: str, fragments: tuple[str, ...] | list[str]) -> str:
    """Replace each of ``fragments`` (flags a reviewer confirmed as names) by ``[ad]``."""
    for fragment in sorted(fragments, key=len, reverse=True):
        text = re.sub(rf"(?<![\w]){re.escape(fragment)}(?![\w])", "[ad]", text)
    return text
