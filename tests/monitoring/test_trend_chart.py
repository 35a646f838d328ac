"""The pure trend chart: inlineable, accessible SVG whose text stays text (Turkish letters intact,
user text escaped) and whose style reaches only the chart."""

from __future__ import annotations

from ortakakil.monitoring.trend_chart import TrendLabels, trend_chart_svg

LABELS = TrendLabels(
    title="PG1.1.1: onaylanan değerler ve hedefler",
    description="İlçe <b>& köy</b> yolları; düz çizgi: değerler",
    actual="Onaylanan değer",
    target="Hedef değer",
    baseline="Başlangıç değeri",
)


def chart(**kwargs):
    arguments = {
        "actuals": [("2025-H1", 38.2), ("2025", 39.0)],
        "targets": [(2025, 39.0), (2026, 41.0)],
        "baseline": 38.0,
        "labels": LABELS,
        "chart_id": "trend-PG1-1-1",
        "described_by": "trend-PG1-1-1-table",
    }
    return trend_chart_svg(**(arguments | kwargs))


def test_the_chart_is_an_accessible_inline_svg():
    svg = chart()

    assert svg.startswith('<svg id="trend-PG1-1-1" role="img" aria-labelledby="trend-PG1-1-1-title"')
    assert 'aria-describedby="trend-PG1-1-1-desc trend-PG1-1-1-table"' in svg
    assert "<?xml" not in svg and "<script" not in svg
    assert '<title id="trend-PG1-1-1-title">PG1.1.1: onaylanan değerler ve hedefler</title>' in svg
    assert "İlçe &lt;b&gt;&amp; köy&lt;/b&gt; yolları" in svg  # escaped, never markup
    assert "Başlangıç değeri" in svg and "Hedef değer" in svg  # the legend as text
    assert '<style type="text/css">#trend-PG1-1-1 *{' in svg  # scoped to the chart


def test_the_lines_are_drawn_and_the_ticks_name_the_years_that_end_there():
    svg = chart()

    assert 'id="trend-PG1-1-1-actual"' in svg and 'id="trend-PG1-1-1-target"' in svg
    assert ">2025<" in svg and ">2026<" in svg  # 2025's year-end value sits on the 2025 tick


def test_the_same_data_draws_the_same_bytes_and_an_empty_history_still_draws():
    assert chart() == chart()
    empty = chart(actuals=[], targets=[], baseline=None)
    assert empty.startswith('<svg id="trend-PG1-1-1"') and 'id="trend-PG1-1-1-actual"' not in empty
