"""Two layout fixes, measured in the browser at a phone's and a desktop's width: each survey
radio button sits on one line with its answer (point 3), and timeline labels never overlap
(point 12)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

PROCESS = "/processes/ankara-2020-2024"
WIDTHS = (390, 1366)

# For every choice: the box of the input and of its answer's text (a Range over the label's text).
CHOICES_JS = """
(type) => [...document.querySelectorAll(`.survey-form input[type=${type}]`)].map((input) => {
  const label = input.closest('label');
  const range = document.createRange();
  range.selectNodeContents(label);
  range.setStartAfter(input);
  const text = range.getClientRects()[0];
  const box = input.getBoundingClientRect();
  return {value: input.value, input: [box.left, box.top, box.right, box.bottom],
          text: [text.left, text.top, text.right, text.bottom]};
})
"""

TICKS_JS = """
() => [...document.querySelectorAll('.timeline-axis .tick')]
  .filter((tick) => getComputedStyle(tick).display !== 'none')
  .map((tick) => {
    const r = tick.getBoundingClientRect();
    const axis = tick.parentElement.getBoundingClientRect();
    return {label: tick.textContent, box: [r.left, r.top, r.right, r.bottom], axis: [axis.left, axis.right]};
  })
"""


def _same_line(choice) -> bool:
    _left, top, right, bottom = choice["input"]
    t_left, t_top, _t_right, t_bottom = choice["text"]
    middle = (top + bottom) / 2
    return t_top <= middle <= t_bottom and 0 <= t_left - right <= 16


def test_each_survey_choice_shares_a_line_with_its_answer(browser, demo_site):
    for width in WIDTHS:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        login(page, demo_site, "vatandas")
        page.goto(demo_site + PROCESS + "/surveys/vatandas-beklenti-anketi/")
        radios = page.evaluate(CHOICES_JS, "radio")
        checkboxes = page.evaluate(CHOICES_JS, "checkbox")
        assert len(radios) > 20 and len(checkboxes) > 3
        assert [c["value"] for c in radios if not _same_line(c)] == [], width
        assert [c["value"] for c in checkboxes if not _same_line(c)] == [], width
        # Each question's legend stays inside its box.
        legends = page.evaluate(
            "[...document.querySelectorAll('.question')].map((q) => [q.getBoundingClientRect().top,"
            " q.querySelector('legend').getBoundingClientRect().top])"
        )
        assert all(legend >= box for box, legend in legends)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert serious_violations(page) == []
        context.close()


def _overlaps(ticks) -> list[tuple[str, str]]:
    boxes = sorted(ticks, key=lambda t: t["box"][0])
    return [(a["label"], b["label"]) for a, b in pairwise(boxes) if a["box"][2] > b["box"][0]]


def test_timeline_labels_never_overlap(browser, demo_site):
    for width in WIDTHS:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in (PROCESS + "/", PROCESS + "/programme/"):
            page.goto(demo_site + path)
            ticks = page.evaluate(TICKS_JS)
            assert len(ticks) >= 3, (width, path)
            assert _overlaps(ticks) == [], (width, path)
            # The labels stay on the axis and on the screen.
            assert all(t["axis"][0] - 1 <= t["box"][0] and t["box"][2] <= t["axis"][1] + 1 for t in ticks), (
                width,
                path,
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert serious_violations(page) == []
        context.close()
