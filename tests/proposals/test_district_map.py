"""The shipped district map: every Ankara district once, no two tiles on one spot, an accessible
SVG, and a choropleth that hides suppressed districts."""

from __future__ import annotations

import re

from ortakakil.proposals.district_map import BLUES, TILES, choropleth_fills, district_map_svg
from ortakakil.proposals.places import ANKARA_DISTRICTS


def test_every_district_has_one_tile_of_its_own():
    assert sorted(tile.district for tile in TILES) == sorted(ANKARA_DISTRICTS)
    assert len({(tile.col, tile.row) for tile in TILES}) == len(TILES)


def test_the_map_is_an_accessible_image_with_escaped_text():
    svg = district_map_svg(title="Öneriler <ilçe>", description="İlçelere göre", values={"Çankaya": "12"})
    assert 'role="img"' in svg and 'aria-labelledby="ilce-title"' in svg
    assert "Öneriler &lt;ilçe&gt;" in svg and "<ilçe>" not in svg
    assert ">12<" in svg


def test_linked_tiles_are_named_links():
    svg = district_map_svg(title="t", description="d", values={"Mamak": "7"}, links={"Mamak": "/x?district=Mamak&a=1"})
    assert 'role="group"' in svg
    assert re.search(r'<a href="/x\?district=Mamak&amp;a=1" aria-label="Mamak: 7">', svg)


def test_choropleth_steps_up_to_the_largest_count_and_skips_suppressed():
    fills = choropleth_fills({"Çankaya": 100, "Mamak": 0, "Evren": None, "Bala": 50})
    assert fills["Çankaya"] == BLUES[-1] and fills["Mamak"] == BLUES[0]
    assert BLUES[0] != fills["Bala"] != BLUES[-1]
    assert "Evren" not in fills
