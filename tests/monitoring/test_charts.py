"""The reports' charts (pure): text stays text with its Turkish letters, the Turkish number marks,
a missing goal drawn as a dash, PNG for Word."""

from __future__ import annotations

from ortakakil.monitoring import charts

TREND = charts.TrendLabels(
    title="PG1.1.2 Ortalama bekleme süresi", actual="Onaylı değer", target="Hedef", baseline="Başlangıç", unit="dakika"
)
BARS = charts.BarLabels(title="Hedeflerin gerçekleşmesi", axis="Gerçekleşme (%)", missing="— eksik")


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
