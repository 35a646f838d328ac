"""Turkish text as people type it, made comparable.

* ``fold``: Turkish lower case (I → ı, İ → i) and the Turkish letters without their marks
  (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u; â, î, û and any other combining mark dropped), single spaces:
  "KIZILAY", "Kızılay" and "kizilay" fold alike, as "ÖĞRENCİ" and "ogrenci" do.
* ``tokens``: the words of a text (letters and digits), folded.
* ``stems``: content words only (Turkish stop words left out), each stemmed by the platform's
  one Turkish stemmer, ``core.text.stem`` (snowball's, on the Turkish-lettered form, then folded),
  which proposal search uses too: "öğrencilere" and "ogrenciler" meet at "ogrenci".
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

from ortakakil.core.text import is_stop_word, search_fold, search_lower, stem, turkish_upper

__all__ = ["WORD", "fold", "is_stop_word", "letters_vocabulary", "restore_letters", "stem", "stems", "tokens"]

WORD = re.compile(r"[^\W_]+", re.UNICODE)
"""A word: letters and digits."""

TURKISH_LETTERS = frozenset("çğıöşüÇĞİÖŞÜ")


def fold(text: str) -> str:
    """Turkish lower case, without marks, single spaces: what matching compares (the platform's
    search folding, ``core.text.search_fold``)."""
    return search_fold(text)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``."""
    return WORD.findall(fold(text))


def stems(text: str) -> list[str]:
    """The stems of the content words of ``text`` (stop words and one-letter words left out)."""
    words = WORD.findall(search_lower(text))
    return [stem(w) for w in words if len(w) > 1 and not is_stop_word(w)]


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
