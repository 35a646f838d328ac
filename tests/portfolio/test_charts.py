"""The budget waterline chart (pure): an accessible inline SVG, names drawn as typed and escaped,
selected and left-out projects told apart, the line at the total budget, bounded on long lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from ortakakil.portfolio.rules.charts import (
    MAX_ROWS,
    Bar,
    WaterlineLabels,
    compact_money,
    crossing,
    fit_label,
    format_number,
    waterline_chart_svg,
    window,
)

SVG = "{http://www.w3.org/2000/svg}"

LABELS = WaterlineLabels(
    title="Bütçe su çizgisi",
    description="Projeler lira başına değere göre; ilk 2 proje toplam bütçeye sığıyor.",
    cost_axis="Kümülatif maliyet, tüm yıllar (TL)",
    budget="Toplam bütçe",
    selected="Seçildi",
    left_out="Seçilmedi",
    past_line="Su çizgisinin ötesi",
    units=("bin", "mn", "mr"),
    earlier=lambda n: f"Önceki {format_number(n)} proje",
    later=lambda n: f"Sonraki {format_number(n)} proje",
)

BARS = [
    Bar("P-01 Metro", 600_000_000, True),
    Bar("P-02 Bisiklet yolları", 300_000_000, False),
    Bar("P-03 Şehir İçi ığdır", 500_000_000, True),
    Bar("P-04 Park", 400_000_000, False),
]


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - markup the code under test generated, not outside input


def by_id(root):
    return {element.get("id"): element for element in root.iter() if element.get("id")}


def texts(root):
    return [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def fills(group):
    """The fill colours of the shapes of ``<g id=…>``."""
    return {m for p in group.iter(f"{SVG}path") for m in re.findall(r"fill: ?(#[0-9a-f]{6})", p.get("style", ""))}


def test_turkish_numbers_and_short_amounts():
    assert format_number(1234567) == "1.234.567"
    assert format_number(1234.5, 2) == "1.234,5"
    assert format_number(2.0, 2) == "2"
    assert format_number(1234.5, 2, (",", ".")) == "1,234.5"  # English marks, when the page is English
    assert compact_money(4_150_000_000, ("bin", "mn", "mr")) == "4,15 mr"
    assert compact_money(250_000_000, ("bin", "mn", "mr")) == "250 mn"
    assert compact_money(800_000, ("bin", "mn", "mr")) == "800 bin"
    assert compact_money(0, ("bin", "mn", "mr")) == "0"


def test_the_crossing_is_where_explain_draws_the_line():
    # cumulative 600, 900, 1400, 1800 million
    assert crossing(BARS, 1_000_000_000) == 2
    assert crossing(BARS, 900_000_000) == 2  # exactly on the budget still fits
    assert crossing(BARS, 100_000_000) == 0
    assert crossing(BARS, 5_000_000_000) == 4


def test_a_long_list_is_windowed_around_the_crossing():
    assert window(10, 3) == window(10, 3, max_rows=MAX_ROWS)
    assert (window(10, 3).start, window(10, 3).end) == (0, 10)
    long = window(2000, 950, max_rows=30, before=18)
    assert (long.start, long.end) == (932, 960)
    assert (window(2000, 5, max_rows=30, before=18).start, window(2000, 1999, max_rows=30, before=18).end) == (0, 2000)


def test_the_chart_is_an_inline_svg_image_with_a_title_and_a_description():
    svg = waterline_chart_svg(BARS, budget=1_000_000_000, labels=LABELS, described_by="waterline-table")
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    ids = by_id(root)
    assert ids[root.get("aria-labelledby")].text == "Bütçe su çizgisi"
    desc_id, table_id = root.get("aria-describedby").split()
    assert ids[desc_id].tag == f"{SVG}desc" and ids[desc_id].text == LABELS.description
    assert table_id == "waterline-table"
    # matplotlib's page-wide ``*`` rule is scoped to the chart once inlined.
    assert 'css">*{' not in svg and "#waterline-chart *{" in svg


def test_every_project_is_a_row_selected_and_left_out_told_apart_the_part_past_the_line_faded():
    root = parse(waterline_chart_svg(BARS, budget=1_000_000_000, labels=LABELS))
    ids = by_id(root)
    assert {"waterline-chart-in-1", "waterline-chart-out-2", "waterline-chart-in-3", "waterline-chart-out-4"} <= set(
        ids
    )
    assert fills(ids["waterline-chart-in-1"]) == fills(ids["waterline-chart-in-3"]) == {"#1f4e79"}
    # left out: hatched (not told by colour alone) on the light face colour
    pattern = re.search(r"fill: url\(#(\w+)\)", ids["waterline-chart-out-2"].find(f".//{SVG}path").get("style"))
    assert pattern and pattern[1] == re.search(r"fill: url\(#(\w+)\)", ids["waterline-chart-out-4"][0].get("style"))[1]
    assert ids[pattern[1]].tag == f"{SVG}pattern" and ids[pattern[1]].find(f"{SVG}rect").get("fill") == "#d5dbe1"
    # P-03 straddles the line (900 → 1,400 million against 1,000), P-04 is past it: both faded.
    assert {"waterline-chart-past-3", "waterline-chart-past-4"} <= set(ids)
    assert not {"waterline-chart-past-1", "waterline-chart-past-2"} & set(ids)
    assert "waterline-chart-line" in ids
    words = texts(root)
    assert "Toplam bütçe: 1 mr TL" in words
    assert {"Seçildi", "Seçilmedi", "Su çizgisinin ötesi", "Kümülatif maliyet, tüm yıllar (TL)"} <= set(words)
    assert {"P-01 Metro", "P-02 Bisiklet yolları", "P-03 Şehir İçi ığdır", "P-04 Park"} <= set(words)


def test_hostile_names_are_escaped_and_drawn_as_typed_turkish_letters_kept():
    hostile = [
        Bar("<script>alert(1)</script>", 100, True),
        Bar("Ş İ ı ğ & \"'", 100, False),
        Bar("$x^2$ ]]> <!-- -->", 100, False),
    ]
    svg = waterline_chart_svg(hostile, budget=150, labels=LABELS)
    assert "<script" not in svg and "<!-- -->" not in svg
    words = texts(parse(svg))
    assert "<script>alert(1)</scrip…" in words  # cut to the room, escaped in the markup
    assert "Ş İ ı ğ & \"'" in words
    assert "$x^2$ ]]> <!-- -->" in words  # no mathtext: the dollars stay


def test_a_long_name_is_cut_to_the_room_beside_the_bars():
    assert fit_label("P-1 Kısa", 120) == "P-1 Kısa"
    wide = fit_label("MMMMMMMMMMMMMMMMMMMMMMMMMMMMMM", 120)
    assert wide.endswith("…") and len(wide) < 20


def test_two_thousand_projects_stay_small_and_bounded():
    # Bounded work, not a timing (benchmarks are not tests; docs/benchmarks.md has the time): at
    # most MAX_ROWS bars are drawn, whatever the number of projects.
    bars = [Bar(f"P-{i:04d} Proje {i}", 1_000_000 + (i * 7919) % 5_000_000, i % 3 != 0) for i in range(2000)]
    budget = sum(b.cost for b in bars[:900]) + 1
    svg = waterline_chart_svg(bars, budget=budget, labels=LABELS)
    assert len(svg.encode()) < 300_000
    ids = set(by_id(parse(svg)))
    drawn = {int(i.rsplit("-", 1)[1]) for i in ids if re.fullmatch(r"waterline-chart-(in|out)-\d+", i)}
    assert len(drawn) == MAX_ROWS - 2 and min(drawn) <= 900 < max(drawn)
    assert {"waterline-chart-earlier", "waterline-chart-later"} <= ids
    words = texts(parse(svg))
    assert f"Önceki {format_number(min(drawn) - 1)} proje" in words
    assert f"Sonraki {format_number(2000 - max(drawn))} proje" in words


@pytest.mark.parametrize("budget", [0.0, 10.0**12])
def test_the_line_stays_on_the_chart_when_nothing_or_everything_fits(budget):
    root = parse(waterline_chart_svg(BARS, budget=budget, labels=LABELS))
    assert "waterline-chart-line" in by_id(root)


def test_an_empty_list_still_draws():
    assert parse(waterline_chart_svg([], budget=100, labels=LABELS)).get("role") == "img"
