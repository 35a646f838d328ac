"""Places a proposal can name: the 25 districts (ilçe) of Ankara and their neighbourhoods
(mahalle), shipped as data (``data/ankara_places.json``, see ``data/SOURCE.md``), and the rules a
place must follow.

- A typed district or neighbourhood is matched to its proper spelling whatever the letter case or
  the Turkish letters ("cankaya", "ÇANKAYA" → "Çankaya"; "yukarıçavundur mah." → "Yukarı
  Çavundur"), so the filters find every proposal of a place.
- Neighbourhoods are stored by their proper name ("Kızılay"); people read them as «Kızılay
  Mahallesi» (``neighbourhood_label``).
- ``clean_place`` and ``clean_point`` are the validation the services, the import, the API and the
  web form share: a district must be one of Ankara's, a neighbourhood must belong to the chosen
  district (and needs one), a map point must lie in Ankara's bounding box. Turkish
  ``ValidationError``s keyed by field.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ortakakil.core.tabular import fold
from ortakakil.core.text import sort_key

DATA_FILE = Path(__file__).parent / "data" / "ankara_places.json"

ANKARA_DISTRICTS = [
    "Akyurt",
    "Altındağ",
    "Ayaş",
    "Bala",
    "Beypazarı",
    "Çamlıdere",
    "Çankaya",
    "Çubuk",
    "Elmadağ",
    "Etimesgut",
    "Evren",
    "Gölbaşı",
    "Güdül",
    "Haymana",
    "Kahramankazan",
    "Kalecik",
    "Keçiören",
    "Kızılcahamam",
    "Mamak",
    "Nallıhan",
    "Polatlı",
    "Pursaklar",
    "Sincan",
    "Şereflikoçhisar",
    "Yenimahalle",
]

# Ankara's bounding box (WGS 84), a little generous: a point outside it is not in the province. The
# province reaches south past Şereflikoçhisar (38.94 N) to the Tuz Gölü shore, about 38.6 N.
LAT_MIN, LAT_MAX = Decimal("38.5"), Decimal("40.8")
LON_MIN, LON_MAX = Decimal("30.8"), Decimal("34.2")

_BY_KEY = {fold(name): name for name in ANKARA_DISTRICTS}
_SUFFIXES = ("mahallesi", "mah.", "mah", "mh.", "mh")


def canonical_district(typed: str) -> str:
    """The district's proper spelling when ``typed`` names a known district in any letter case or
    without Turkish letters; otherwise ``typed`` with single spaces."""
    cleaned = " ".join((typed or "").split())
    return _BY_KEY.get(fold(cleaned), cleaned)


@functools.cache
def _places() -> dict[str, tuple[str, ...]]:
    """Each district's neighbourhoods in Turkish alphabetical order."""
    raw: dict[str, list[str]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))["districts"]
    return {name: tuple(sorted(raw[name], key=sort_key)) for name in sorted(raw, key=sort_key)}


def _neighbourhood_key(typed: str) -> str:
    """ "Yukarı Çavundur", "yukarıçavundur mah." and "YUKARI ÇAVUNDUR MAHALLESİ" give the same key."""
    key = fold(typed)
    for suffix in _SUFFIXES:
        if key == suffix:
            return ""
        if key.endswith(" " + suffix):
            key = key[: -len(suffix) - 1]
            break
    return key.replace(" ", "")


@functools.cache
def _neighbourhood_keys() -> dict[str, dict[str, str]]:
    return {district: {_neighbourhood_key(n): n for n in names} for district, names in _places().items()}


def districts() -> list[str]:
    """Ankara's 25 districts in Turkish alphabetical order."""
    return list(_places())


def neighbourhoods(district: str) -> list[str]:
    """The neighbourhoods of ``district`` (spelled any way) in Turkish alphabetical order; none for
    an unknown district."""
    return list(_places().get(canonical_district(district), ()))


def all_neighbourhoods() -> list[tuple[str, list[str]]]:
    """Every district with its neighbourhoods (the form's list without JavaScript)."""
    return [(district, list(names)) for district, names in _places().items()]


def neighbourhood_label(name: str) -> str:
    """How people read a neighbourhood: «Kızılay Mahallesi»."""
    return f"{name} Mahallesi" if name else ""


def canonical_neighbourhood(district: str, typed: str) -> str:
    """The neighbourhood's proper name when ``typed`` names one of ``district``'s neighbourhoods in
    any letter case, without Turkish letters, with or without "Mahallesi"; otherwise ``typed``
    with single spaces."""
    cleaned = " ".join((typed or "").split())
    keys = _neighbourhood_keys().get(canonical_district(district), {})
    return keys.get(_neighbourhood_key(cleaned), cleaned)


def matching_neighbourhoods(typed: str, district: str = "") -> list[str]:
    """The proper names ``typed`` may mean (for a filter): the neighbourhood of ``district``, or
    without a district every district's neighbourhood of that name; ``typed`` itself when none."""
    cleaned = " ".join((typed or "").split())
    key = _neighbourhood_key(cleaned)
    if district:
        return [canonical_neighbourhood(district, cleaned)]
    found = {keys[key] for keys in _neighbourhood_keys().values() if key in keys}
    return sorted(found, key=sort_key) or [cleaned]


def clean_place(district: str, neighbourhood: str) -> tuple[str, str]:
    """The proper district and neighbourhood names, or a Turkish ``ValidationError`` keyed by field:
    an unknown district, a neighbourhood that is not in the district, or one without a district."""
    district = canonical_district(district)
    neighbourhood = " ".join((neighbourhood or "").split())
    if district and district not in _BY_KEY.values():
        raise ValidationError({"district": _("“%(name)s” is not a district of Ankara.") % {"name": district}})
    if neighbourhood and not district:
        raise ValidationError({"neighbourhood": _("Choose the district of the neighbourhood first.")})
    if neighbourhood:
        proper = canonical_neighbourhood(district, neighbourhood)
        if proper not in _places().get(district, ()):
            raise ValidationError(
                {
                    "neighbourhood": _("There is no neighbourhood “%(neighbourhood)s” in %(district)s.")
                    % {"neighbourhood": neighbourhood, "district": district}
                }
            )
        neighbourhood = proper
    return district, neighbourhood


def _decimal(value: object) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError({"location": _("The location must be given as numbers.")})
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if isinstance(value, str) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"location": _("The location must be given as numbers.")}) from None
    if not number.is_finite():
        raise ValidationError({"location": _("The location must be given as numbers.")})
    return number


def clean_point(latitude: object, longitude: object) -> tuple[Decimal | None, Decimal | None]:
    """The map point rounded to six decimals (about 10 cm), or ``(None, None)``; a Turkish
    ``ValidationError`` for half a point, a non-number, or a point outside Ankara."""
    lat, lon = _decimal(latitude), _decimal(longitude)
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise ValidationError({"location": _("Give both the latitude and the longitude, or neither.")})
    if not (LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX):
        raise ValidationError({"location": _("The point on the map is outside Ankara.")})
    step = Decimal("0.000001")
    return lat.quantize(step), lon.quantize(step)
