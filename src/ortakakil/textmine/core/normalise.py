"""Turkish text as people type it, made comparable.

* ``fold``: Turkish lower case (I → ı, İ → i) and the Turkish letters without their marks
  (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u; â, î, û and any other combining mark dropped), single spaces:
  "KIZILAY", "Kızılay" and "kizilay" fold alike, as "ÖĞRENCİ" and "ogrenci" do.
* ``tokens``: the words of a text (letters and digits), folded.
* ``stems``: content words only (Turkish stop words left out), each stemmed by snowball's Turkish
  stemmer on its Turkish-lettered form and then folded, so that "öğrencilere" and "ogrenciler"
  meet at "ogrenci".
* ``restore_letters``: a text typed without any Turkish letter ("ogrenciler icin gece acik
  kutuphane") gets them back word by word from a vocabulary of correctly written text
  (``letters_vocabulary``: each folded word's most frequent written form), so that it reaches the
  embedding model in the register the model knows ("öğrenciler için gece açık kütüphane"). A word
  the vocabulary does not know stays as typed; a text with any Turkish letter is left alone (it
  was typed with them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import snowballstemmer

from ortakakil.core.text import search_fold, search_lower, turkish_upper

WORD = re.compile(r"[^\W_]+", re.UNICODE)
"""A word: letters and digits."""

TURKISH_LETTERS = frozenset("çğıöşüÇĞİÖŞÜ")

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


def fold(text: str) -> str:
    """Turkish lower case, without marks, single spaces: what matching compares (the platform's
    search folding, ``core.text.search_fold``)."""
    return search_fold(text)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``."""
    return WORD.findall(fold(text))


_FOLDED_STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("turkish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One Turkish word's stem, folded (the word in Turkish lower case, with or without its marks)."""
    return fold(_stemmer().stemWord(word))


def is_stop_word(word: str) -> bool:
    return fold(word) in _FOLDED_STOP_WORDS


def stems(text: str) -> list[str]:
    """The stems of the content words of ``text`` (stop words and one-letter words left out)."""
    words = WORD.findall(search_lower(text))
    return [stem(w) for w in words if len(w) > 1 and fold(w) not in _FOLDED_STOP_WORDS]


def letters_vocabulary(texts: Iterable[str]) -> dict[str, str]:
    """Each folded word's most frequent written form (Turkish lower case) in those of ``texts``
    that were typed with Turkish letters; ties by first appearance."""
    counts: Counter[str] = Counter()
    for text in texts:
        if not TURKISH_LETTERS.isdisjoint(text):
            counts.update(WORD.findall(search_lower(text)))
    vocabulary: dict[str, str] = {}
    for word, _ in counts.most_common():
        vocabulary.setdefault(fold(word), word)
    return vocabulary


def restore_letters(text: str, vocabulary: dict[str, str]) -> str:
    """``text`` with the Turkish letters of the words ``vocabulary`` knows, when it was typed
    without any Turkish letter; otherwise ``text`` itself. A word keeps its capital first letter;
    a word in capitals, or one the vocabulary does not know, stays as typed."""
    if not TURKISH_LETTERS.isdisjoint(text):
        return text

    def written(match: re.Match[str]) -> str:
        word = match.group(0)
        known = vocabulary.get(fold(word))
        if known is None or len(known) != len(word):
            return word
        if word == word.lower():
            return known
        if word[0].isupper() and word[1:] == word[1:].lower():
            return turkish_upper(known[0]) + known[1:]
        return word

    return WORD.sub(written, text)
