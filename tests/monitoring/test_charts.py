"""The monitoring charts (pure): text stays text with its Turkish letters, the Turkish number marks,
a missing goal drawn as a dash, PNG for Word; the trend chart inlined in a page is accessible SVG
whose user text is escaped and whose style reaches only the chart."""

from __future__ import annotations

import re

from ortakakil.monitoring import charts

TREND = charts.TrendLabels(
    title="PG1.1.2 Ortalama bekleme süresi", actual="Onaylı değer", target="Hedef", baseline="Başlangıç", unit="dakika"
)
BARS = charts.BarLabels(title="Hedeflerin gerçekleşmesi", axis="Gerçekleşme (%)", missing="— eksik")
INLINE = charts.TrendLabels(
    title="PG1.1.1: onaylanan değerler ve hedefler",
    description="İlçe <b>& köy</b> yolları; düz çizgi: değerler",
    actual="Onaylanan değer",
    target="Hedef değer",
    baseline="Başlangıç değeri",
)


def inline_chart(**kwargs):
    arguments = {
        "actuals": {"2025-H1": 38.2, "2025": 39.0},
        "targets": {"2025": 39.0, "2026": 41.0},
        "baseline": 38.0,
        "labels": INLINE,
        "fmt": "svg",
        "title_on_chart": False,
        "chart_id": "trend-PG1-1-1",
        "described_by": "trend-PG1-1-1-table",
    }
    return charts.trend_chart(**(arguments | kwargs))


def test_format_number_is_turkish():
    assert charts.format_number(1234.5) == "1.234,5"
    assert charts.format_number(70.0) == "70"
    assert charts.format_number(38.25) == "38,25"


def test_the_trend_chart_keeps_its_words_and_draws_each_year():
    svg = charts.trend_chart(
        actuals={"2025-H1": 1200, "2025": 1400},
        targets={"2025": 1500, "2026": 2500},
        baseline=1000,
        labels=TREND,
        fmt="svg",
    )
    assert isinstance(svg, str) and svg.startswith("<svg")
    for text in ("PG1.1.2 Ortalama bekleme süresi", "Onaylı değer", "Başlangıç", "dakika", "2025", "2026", "1.500"):
        assert text in svg
    assert "2027" not in svg
    assert 'role="img"' not in svg and 'id="trend-' not in svg  # a file of its own, not inlined


def test_the_trend_chart_names_a_year_without_a_target_where_a_value_was_approved():
    svg = charts.trend_chart(
        actuals={"2024": 3, "2026-H1": 5}, targets={"2025": 4}, baseline=None, labels=TREND, fmt="svg"
    )
    for year in ("2024", "2025", "2026"):
        assert f">{year}<" in svg


def test_the_trend_chart_is_a_png_for_word():
    png = charts.trend_chart(actuals={}, targets={"2025": 1}, baseline=None, labels=TREND, fmt="png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")


def test_goal_bars_show_each_rate_and_the_missing_ones():
    svg = charts.goal_bars([("H1.1", 70.0), ("H1.2", 12.5), ("H2.1", None)], labels=BARS, fmt="svg")
    assert isinstance(svg, str)
    for text in ("H1.1", "%70", "%12,5", "H2.1", "— eksik", "Gerçekleşme (%)"):
        assert text in svg


def test_format_percent_puts_the_sign_first():
    assert charts.format_percent(45.5) == "%45,5"
    assert charts.format_percent(-40) == "-%40"


def test_a_long_title_is_wrapped_in_two_lines_at_most():
    long = charts.TrendLabels(title="PG1.1.1 " + "çok uzun bir gösterge adı " * 6, actual="a", target="t", baseline="b")
    svg = charts.trend_chart(actuals={}, targets={"2025": 1}, baseline=None, labels=long, fmt="svg")
    assert isinstance(svg, str) and "PG1.1.1 çok uzun" in svg and "…" in svg


def test_the_inline_trend_chart_is_an_accessible_svg():
    svg = inline_chart()

    assert svg.startswith('<svg id="trend-PG1-1-1" role="img" aria-labelledby="trend-PG1-1-1-title"')
    assert 'aria-describedby="trend-PG1-1-1-desc trend-PG1-1-1-table"' in svg
    assert "<?xml" not in svg and "<script" not in svg
    assert '<title id="trend-PG1-1-1-title">PG1.1.1: onaylanan değerler ve hedefler</title>' in svg
    assert "İlçe &lt;b&gt;&amp; köy&lt;/b&gt; yolları" in svg  # escaped, never markup
    assert "Başlangıç değeri" in svg and "Hedef değer" in svg  # the legend as text
    assert svg.count("PG1.1.1: onaylanan") == 1  # the page's heading names it: not drawn again
    assert '<style type="text/css">#trend-PG1-1-1 *{' in svg  # scoped to the chart


def test_the_inline_lines_are_drawn_and_the_ticks_name_each_year():
    svg = inline_chart()

    assert 'id="trend-PG1-1-1-actual"' in svg and 'id="trend-PG1-1-1-target"' in svg
    assert ">2025<" in svg and ">2026<" in svg and ">2027<" not in svg


def ids(svg):
    return {part.split('"')[0] for part in svg.split(' id="')[1:]}


def test_two_inline_charts_share_no_ids_and_the_same_data_draws_the_same_bytes():
    assert inline_chart() == inline_chart()
    other = inline_chart(chart_id="trend-PG1-1-2", described_by="")
    assert not ids(inline_chart()) & ids(other)
    assert 'aria-describedby="trend-PG1-1-2-desc"' in other


def test_an_empty_history_still_draws():
    empty = inline_chart(actuals={}, targets={}, baseline=None)
    assert empty.startswith('<svg id="trend-PG1-1-1"') and 'id="trend-PG1-1-1-actual"' not in empty


def legend_rows(svg, words):
    return {re.search(rf'y="([\d.]+)"[^>]*>{re.escape(word)}</text>', svg).group(1) for word in words}


def test_the_legend_takes_a_second_row_rather_than_being_cut_off():
    words = ("Onaylanan değer", "Hedef değer", "Başlangıç değeri")
    assert len(legend_rows(inline_chart(), words)) == 1
    long = ("Onaylanan değer (gerçekleşen, birimin bildirdiği)", "Hedef değer", "Başlangıç değeri")
    labels = charts.TrendLabels(title="t", actual=long[0], target=long[1], baseline=long[2])
    assert len(legend_rows(inline_chart(labels=labels), long)) > 1
