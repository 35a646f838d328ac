"""The district map the platform ships for the demo city: Ankara's 25 districts (ilçe) as a tile
map — one tile per district, placed roughly where the district lies (north up, west left) — drawn
as SVG. Pages use it without any tile server: the proposals map shows counts on it, the statistics
page colours it as a choropleth. Pure: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Tile:
    district: str
    col: int
    row: int


# Rows north to south, columns west to east; the city's core (Çankaya, Yenimahalle, Keçiören,
# Altındağ, Mamak, Etimesgut) sits in the middle, as on the real map.
TILES: tuple[Tile, ...] = (
    Tile("Çamlıdere", 2, 0),
    Tile("Kızılcahamam", 3, 0),
    Tile("Çubuk", 4, 0),
    Tile("Kalecik", 5, 0),
    Tile("Nallıhan", 0, 1),
    Tile("Beypazarı", 1, 1),
    Tile("Güdül", 2, 1),
    Tile("Kahramankazan", 3, 1),
    Tile("Pursaklar", 4, 1),
    Tile("Akyurt", 5, 1),
    Tile("Ayaş", 1, 2),
    Tile("Sincan", 2, 2),
    Tile("Yenimahalle", 3, 2),
    Tile("Keçiören", 4, 2),
    Tile("Altındağ", 5, 2),
    Tile("Elmadağ", 6, 2),
    Tile("Polatlı", 1, 3),
    Tile("Etimesgut", 2, 3),
    Tile("Çankaya", 3, 3),
    Tile("Mamak", 4, 3),
    Tile("Haymana", 2, 4),
    Tile("Gölbaşı", 3, 4),
    Tile("Bala", 4, 4),
    Tile("Evren", 4, 5),
    Tile("Şereflikoçhisar", 5, 5),
)

TILE_W, TILE_H, GAP = 112, 62, 6
COLS = 1 + max(t.col for t in TILES)
ROWS = 1 + max(t.row for t in TILES)
WIDTH = COLS * (TILE_W + GAP) - GAP
HEIGHT = ROWS * (TILE_H + GAP) - GAP


def district_map_svg(
    *,
    title: str,
    description: str,
    values: Mapping[str, str] | None = None,
    fills: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    id_prefix: str = "ilce",
    empty_fill: str = "#eef1f4",
) -> str:
    """The map as one ``<svg>`` element: ``values`` is the text under each district's name (a count,
    «—» when suppressed), ``fills`` each tile's colour (a choropleth), ``links`` where a tile leads
    (a filtered list). The title and description make it an accessible image (``role="img"`` when
    it has no links; a group of links otherwise, each link named by its district and value)."""
    values = values or {}
    fills = fills or {}
    links = links or {}
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    role = 'role="group"' if links else 'role="img"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="district-map" '
        f'{role} aria-labelledby="{title_id}" aria-describedby="{desc_id}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for tile in TILES:
        x, y = tile.col * (TILE_W + GAP), tile.row * (TILE_H + GAP)
        value = values.get(tile.district, "")
        fill = fills.get(tile.district, empty_fill)
        text_fill = "#ffffff" if _is_dark(fill) else "#1b1f24"
        label = f"{tile.district}: {value}" if value else tile.district
        tile_svg = (
            f'<rect x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" rx="6" fill="{escape(fill)}" '
            f'stroke="#5b6570" stroke-width="1"/>'
            f'<text x="{x + TILE_W / 2}" y="{y + 26}" text-anchor="middle" font-size="13" fill="{text_fill}" '
            f'font-family="sans-serif">{escape(tile.district)}</text>'
        )
        if value:
            tile_svg += (
                f'<text x="{x + TILE_W / 2}" y="{y + 47}" text-anchor="middle" font-size="15" font-weight="bold" '
                f'fill="{text_fill}" font-family="sans-serif">{escape(value)}</text>'
            )
        link = links.get(tile.district)
        if link:
            parts.append(f'<a href="{escape(link)}" aria-label="{escape(label)}">{tile_svg}</a>')
        else:
            parts.append(f"<g>{tile_svg}</g>")
    parts.append("</svg>")
    return "".join(parts)


def _is_dark(colour: str) -> bool:
    """Whether white text reads better than black on ``colour`` (``#rrggbb``; WCAG luminance)."""
    if not (len(colour) == 7 and colour.startswith("#")):
        return False
    try:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except ValueError:
        return False

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return luminance < 0.18


# Sequential blues for choropleths, light to dark (ColorBrewer "Blues"; the two dark steps chosen so
# that white text on them keeps a 4.5:1 contrast).
BLUES = ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5", "#08306b")


def choropleth_fills(counts: Mapping[str, int | None], palette: tuple[str, ...] = BLUES) -> dict[str, str]:
    """Each district's colour by its count in ``len(palette)`` equal steps up to the largest count;
    a district without a figure (None: too few to show) keeps the map's empty colour."""
    shown = [c for c in counts.values() if c is not None]
    top = max(shown, default=0)
    fills: dict[str, str] = {}
    for district, count in counts.items():
        if count is None:
            continue
        step = 0 if top == 0 else min(len(palette) - 1, int(count * len(palette) / (top + 1)))
        fills[district] = palette[step]
    return fills
