import itertools
import xml.etree.ElementTree as ET

from ortakakil.stats.charts import bar_chart, format_count, time_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - markup the code under test generated, not outside input


def test_bar_chart_is_an_accessible_image_with_escaped_text():
    svg = bar_chart(
        [("Web <script>", 1200), ("Telefon", None)],
        chart_id="c1",
        title="Kanallar",
        description="Çubuklar",
        described_by="t1",
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title"
    assert root.get("aria-describedby") == "c1-desc t1"
    assert root.find(f"{SVG}title").text == "Kanallar"
    assert root.find(f"{SVG}desc").text == "Çubuklar"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Web <script>" in texts and "1.200" in texts and "—" in texts
    assert len(root.findall(f"{SVG}rect")) == 1  # no bar for the missing figure


def test_time_chart_draws_one_line_per_series():
    svg = time_chart(
        ["01.01", "08.01", "15.01"],
        [("Öneriler", [1, 4, 2]), ("Destekler", [0, 9, 3])],
        chart_id="t",
        title="Zaman",
        description="Çizgiler",
    )
    root = _parse(svg)
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert root.get("role") == "img"


def test_empty_time_chart_says_so():
    svg = time_chart([], [("Öneriler", [])], chart_id="t", title="Zaman", description="", empty="Henüz yok")
    assert "Henüz yok" in svg
    _parse(svg)


def test_format_count():
    assert format_count(1234567) == "1.234.567"


def test_period_names_under_the_axis_never_touch_each_other():
    """15 weeks (the demo's autumn) named «dd.mm.yyyy»: the names drawn never overlap, the first
    and the last are there (the last one wins over a neighbour it would touch)."""
    periods = [f"{day:02d}.09.2019" for day in range(1, 16)]
    svg = time_chart(periods, [("Öneriler", list(range(15)))], chart_id="t", title="Zaman", description="")
    root = _parse(svg)
    names = [t for t in root.iter(f"{SVG}text") if t.text in periods]
    assert names[0].text == periods[0] and names[-1].text == periods[-1]
    width = 6.3 * len(periods[0])
    spans = []
    for text in names:
        x = float(text.get("x"))
        anchor = text.get("text-anchor")
        start = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        spans.append((start, start + width))
    assert all(right + 8 <= left for (_l, right), (left, _r) in itertools.pairwise(spans))
    assert 4 <= len(names) <= 8
