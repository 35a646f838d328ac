import re
import xml.etree.ElementTree as ET

import segno
from django.template import Context, Template
from django.test import RequestFactory

from ortakakil.core.qr import BORDER, qr_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - markup the code under test generated, not outside input


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read the dark modules (row, column) back from segno's path: ``M``/``m`` move, ``h`` draws a run."""
    root = parse(svg)
    path = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "qrline")
    assert 'transform="scale(' in svg  # the path's coordinates are in modules
    assert root.get("width") == root.get("viewBox").split()[2]  # shrinks to fit, keeps its proportions
    x = y = 0.0
    dark = set()
    for command, args in re.findall(r"([Mmh])([-\d. ]+)", path.get("d")):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            dark |= {(int(y - 0.5) - BORDER, int(x) + i - BORDER) for i in range(int(numbers[0]))}
            x += numbers[0]
    return dark


def expected_modules(data: str) -> set[tuple[int, int]]:
    matrix = segno.make(data, error="m").matrix
    return {(r, c) for r, row in enumerate(matrix) for c, module in enumerate(row) if module}


def version_of(svg: str, scale: int) -> int:
    """The QR version the viewBox implies: 17 + 4 × version modules, plus the quiet zone."""
    modules = int(parse(svg).get("viewBox").split()[2]) // scale - 2 * BORDER
    return (modules - 17) // 4


def test_the_svg_encodes_the_data_module_for_module():
    data = "https://ortakakil.example/t/AFT7/"
    svg = qr_svg(data, scale=5)
    assert svg.startswith("<svg ") and "<?xml" not in svg
    assert dark_modules(svg) == expected_modules(data)
    assert version_of(svg, scale=5) == segno.make(data, error="m").version


def test_a_title_names_the_image_and_is_escaped():
    root = parse(qr_svg("x", title='Masa "AFT7" <telefon>'))
    assert (root.get("role"), root.get("aria-label")) == ("img", 'Masa "AFT7" <telefon>')
    assert root.find(f"{SVG}title").text == 'Masa "AFT7" <telefon>'
    assert root.get("class") == "qr"


def test_without_a_title_screen_readers_skip_it():
    root = parse(qr_svg("x"))
    assert root.get("aria-hidden") == "true" and root.find(f"{SVG}title") is None


def test_short_data_still_makes_a_full_qr_code_not_a_micro_one():
    assert version_of(qr_svg("AFT7", scale=4), scale=4) == 1


def test_the_tag_encodes_a_path_as_an_absolute_address_on_the_requests_host():
    request = RequestFactory().get("/t/AFT7/wall/", HTTP_HOST="localhost:8000")
    html = Template("{% load ortakakil %}{% qr_svg path scale=3 %}").render(
        Context({"request": request, "path": "/t/AFT7/"})
    )
    assert dark_modules(html) == expected_modules("http://localhost:8000/t/AFT7/")
    assert version_of(html, scale=3) == segno.make("http://localhost:8000/t/AFT7/", error="m").version


def test_the_tag_keeps_a_full_url_as_given():
    request = RequestFactory().get("/")
    html = Template('{% load ortakakil %}{% qr_svg "https://ortakakil.example/t/" %}').render(
        Context({"request": request})
    )
    assert dark_modules(html) == expected_modules("https://ortakakil.example/t/")
