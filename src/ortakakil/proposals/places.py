"""Places a proposal can name: the districts (ilçe) of the demo city, and how a typed district is
matched to its proper spelling ("cankaya", "ÇANKAYA" → "Çankaya"), so the district filter finds
every proposal of a district whatever the letters people typed. (Issue 14 brings the full list of
districts and neighbourhoods as data.)"""

from __future__ import annotations

from ortakakil.core.tabular import fold

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

_BY_KEY = {fold(name): name for name in ANKARA_DISTRICTS}


def canonical_district(typed: str) -> str:
    """The district's proper spelling when ``typed`` names a known district in any letter case or
    without Turkish letters; otherwise ``typed`` with single spaces."""
    cleaned = " ".join((typed or "").split())
    return _BY_KEY.get(fold(cleaned), cleaned)
