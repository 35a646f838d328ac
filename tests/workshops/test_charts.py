import re
import xml.etree.ElementTree as ET

import pytest

from ortakakil.workshops.charts import ChartLabels, priority_chart_svg
from ortakakil.workshops.matrix import Priority

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - markup the code under test generated, not outside input


LABELS = ChartLabels(
    importance="Önem (1–5)",
    influence="Etki (1–5)",
    actions={
        Priority.MONITOR: "İzle",
        Priority.INFORM: "Bilgilendir",
        Priority.INVOLVE: "Çıkarlarını gözet ve çalışmalara dahil et",
        Priority.PARTNER: "Birlikte çalış",
    },
)
# (name, influence, importance)
POINTS = [
    ("Mimarlar Derneği", 4, 5),
    ("Şehir Plancıları Odası", 4, 5),
    ("Ticaret Odası", 4, 5),
    ("Esnaf Odası", 4, 5),
    ("Semt Pazarcıları", 1, 2),
    ("Muhtarlar Derneği", 2, 4),
]


def chart(points=POINTS, title="Paydaş önceliklendirme matrisi"):
    return priority_chart_svg(points, title=title, labels=LABELS)


def groups(root, prefix):
    """The text of each ``<g id="prefix…">``, by the rest of its id."""
    return {
        g.get("id")[len(prefix) :]: " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        for g in root.iter(f"{SVG}g")
        if g.get("id", "").startswith(prefix)
    }


def half_width(path_d):
    xs = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", path_d)[::2]]
    return (max(xs) - min(xs)) / 2


def test_the_chart_is_an_inline_svg_image_named_by_its_title():
    svg = chart()
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title = next(t for t in root.iter(f"{SVG}title") if t.get("id") == root.get("aria-labelledby"))
    assert title.text == "Paydaş önceliklendirme matrisi"
    # matplotlib's page-wide ``*`` rule is scoped to the chart once inlined.
    assert "<style" in svg and 'css">*{' not in svg and f"#{root.get('id')} *{{" in svg


def test_each_quadrant_carries_its_action_as_text():
    quadrants = groups(parse(chart()), "priority-chart-")
    assert {key: quadrants[key] for key in ("izle", "bilgilendir", "dahil_et", "birlikte_calis")} == {
        "izle": "İzle",
        "bilgilendir": "Bilgilendir",
        "dahil_et": "Çıkarlarını gözet ve çalışmalara dahil et",
        "birlikte_calis": "Birlikte çalış",
    }


def test_one_bubble_per_occupied_cell_with_its_count_and_an_area_proportional_to_it():
    root = parse(chart())
    # cells are (importance, influence)
    assert groups(root, "priority-chart-count-") == {"5-4": "4", "2-1": "1", "4-2": "1"}
    bubbles = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("priority-chart-cell-")}
    assert set(bubbles) == {"priority-chart-cell-5-4", "priority-chart-cell-2-1", "priority-chart-cell-4-2"}
    radius = {key: half_width(g.find(f"{SVG}path").get("d")) for key, g in bubbles.items()}
    assert (radius["priority-chart-cell-5-4"] / radius["priority-chart-cell-2-1"]) ** 2 == pytest.approx(4, rel=1e-3)


def test_the_same_stakeholders_draw_the_same_markup():
    first = chart()
    assert 'clipPath id="' in first  # ids matplotlib derives from a salt, random unless fixed
    assert chart(list(POINTS)) == first


def test_without_stakeholders_the_empty_quadrants_are_drawn():
    root = parse(chart([]))
    assert groups(root, "priority-chart-count-") == {}
    assert groups(root, "priority-chart-")["birlikte_calis"] == "Birlikte çalış"


def test_turkish_letters_stay_text_not_glyph_outlines():
    svg = chart()
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "Önem (1–5)" in texts and "Etki (1–5)" in texts and "İzle" in texts
    assert "DejaVu Sans" in svg and "glyph" not in svg


def test_the_title_is_escaped_and_names_stay_out_of_the_markup():
    svg = chart([('<script>alert("x")</script> & Co', 3, 3)], title="<b> & </b>")
    assert "<script>" not in svg and "alert" not in svg and "<b>" not in svg
    assert parse(svg).find(f"{SVG}title").text == "<b> & </b>"


def test_scores_outside_one_to_five_are_refused():
    with pytest.raises(ValueError):
        chart([("Yanlış", 6, 3)])


@pytest.mark.django_db
def test_matrix_page_shows_the_chart_above_the_lists(client, strategist, organisation):
    from ortakakil.workshops.models import StakeholderOrganisation

    StakeholderOrganisation.objects.create(
        organisation=organisation, name="Mimarlar Derneği", type="dernek", influence=4, importance=5
    )
    client.force_login(strategist)
    html = client.get(f"/manage/organisations/{organisation.slug}/stakeholders/matrix/").content.decode()
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert "<figcaption>" in figure and '<svg id="priority-chart" role="img"' in figure
    assert 'id="priority-chart-cell-5-4"' in figure and "Mimarlar Derneği" not in figure  # names: in the lists
    assert ">Birlikte çalış</text>" in figure  # the quadrant's action, translated
    assert html.index("</figure>") < html.index('id="q-birlikte_calis"')
