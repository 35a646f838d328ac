"""Turkish text as people type it, made comparable.

* ``fold``: Turkish lower case (I → ı, İ → i) and the Turkish letters without their marks
  (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u; â, î, û and any other combining mark dropped), single spaces:
  "KIZILAY", "Kızılay" and "kizilay" fold alike, as "ÖĞRENCİ" and "ogrenci" do.
* ``tokens``: the words of a text (letters and digits), folded.
* ``stems``: content words only (Turkish stop words left out), each stemmed by the platform's
  one Turkish stemmer, ``core.text.stem`` (snowball's, on the Turkish-lettered form, then folded),
  which proposal search uses too: "öğrencilere" and "ogrenciler" meet at "ogrenci".
"""

from __future__ import annotations

import re

from ortakakil.core.text import is_stop_word, search_fold, search_lower, stem

__all__ = ["WORD", "fold", "is_stop_word", "stem", "stems", "tokens"]

WORD = re.compile(r"[^\W_]+", re.UNICODE)
"""A word: letters and digits."""


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
