"""«Tema önerileri» on a phone (390 px) and a laptop (1366 px): the page never scrolls sideways
(its tables scroll inside themselves), axe finds nothing serious, and «Onayla» swaps the row."""

from __future__ import annotations

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

SLUG = "ankara-2020-2024"
PATH = f"/manage/processes/{SLUG}/theme-suggestions/"


@pytest.fixture
def suggested(demo_site, monkeypatch):
    """A model run and suggestions for the demo's proposals, written directly (no model: the
    layout is tested here, the computation in tests/textmine); retraining is only recorded."""
    from ortakakil.processes.models import Process
    from ortakakil.proposals.models import Proposal
    from ortakakil.textmine import themes
    from ortakakil.textmine.models import ThemeModelRun, ThemeSuggestion

    requested: list[int] = []
    monkeypatch.setattr(themes, "themes_request", lambda process: requested.append(process.pk))
    process = Process.objects.get(slug=SLUG)
    codes = list(process.themes.order_by("position").values_list("code", flat=True))[:3]
    run = ThemeModelRun.objects.create(
        process=process,
        labels_count=120,
        prior_count=400,
        macro_f1=0.91,
        evaluation={"themes": codes, "confusion": [[30, 2, 1], [3, 40, 0], [0, 4, 40]], "labels_per_theme": {}},
    )
    themes_by_code = {t.code: t for t in process.themes.all()}
    for i, proposal in enumerate(Proposal.objects.filter(process=process).order_by("pk")[:30]):
        ThemeSuggestion.objects.create(
            kind="proposal",
            object_id=proposal.pk,
            process=process,
            theme=themes_by_code[codes[i % 3]],
            confidence=0.35 + (i % 6) / 10,
            run=run,
            suspect=i % 7 == 0,
        )
    return requested


@pytest.mark.parametrize("width", [390, 1366])
def test_the_page_fits_the_screen_and_confirms_a_row(browser, demo_site, suggested, width):
    from ortakakil.textmine.models import ThemeSuggestion

    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, demo_site, "strateji")
    response = page.goto(demo_site + PATH)
    assert response is not None and response.status == 200
    assert page.locator("tbody tr[id^=suggestion-]").count() == 25
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert serious_violations(page) == []

    first = ThemeSuggestion.objects.order_by("-suspect", "confidence", "kind", "object_id").first()
    row = page.locator(f"#suggestion-{first.pk}")
    row.locator("form[action$='/confirm/'] button").click()
    row = page.locator(f"#suggestion-{first.pk}")
    row.locator(".saved").wait_for()  # htmx swapped the row in place
    first.refresh_from_db()
    assert first.status == "confirmed" and first.label_id == first.theme_id
    assert suggested == [first.process_id]
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
