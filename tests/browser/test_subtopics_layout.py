"""Sub-topics and summaries («Katkılar ne diyor») on a phone (390 px) and a laptop (1366 px): the
theme page, the workshop report and the plan's situation analysis never scroll sideways, each
quote links to its contribution, and axe finds nothing serious."""

from __future__ import annotations

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

SLUG = "ankara-2020-2024"
WORKSHOP = "stratejik-plan-calistayi"


@pytest.fixture
def digests(demo_site):
    """Digests of one theme and of its workshop table, written directly (the layout is tested
    here, the computation in tests/textmine), quoting the demo's own proposals and ideas."""
    from ortakakil.processes import contributions
    from ortakakil.processes.models import Process
    from ortakakil.textmine.models import TopicDigest
    from ortakakil.workshops.models import WorkshopTable

    process = Process.objects.get(slug=SLUG)
    table = WorkshopTable.objects.filter(workshop__slug=WORKSHOP).select_related("theme").order_by("pk").first()
    theme = table.theme
    public = contributions.kind("proposal").public(process, theme=theme)
    proposals = list(public.order_by("pk")[:9])
    ideas = list(contributions.kind("workshop_idea").public(process).filter(table=table).order_by("pk")[:9])

    def quotes(kind, items):
        return [{"kind": kind, "pk": item.pk} for item in items]

    def data(kind, items):
        return {
            "summary": quotes(kind, items[:5]),
            "subtopics": [
                {
                    "keywords": ["toplanma", "alanı", "tabela", "deprem"],
                    "size": 40,
                    "kinds": {kind: 30, "survey_answer": 10},
                    "summary": quotes(kind, items[i : i + 3]),
                }
                for i in (0, 3, 6)
            ]
            + [{"keywords": ["yıllık", "kontrol"], "size": 6, "kinds": {"survey_answer": 6}, "summary": []}],
        }

    TopicDigest.objects.create(process=process, theme=theme, size=126, data=data("proposal", proposals))
    TopicDigest.objects.create(process=process, theme=theme, table=table, size=40, data=data("workshop_idea", ideas))
    return theme, proposals


PAGES = [
    ("theme", None, "section[aria-labelledby=theme-subtopics]"),
    ("report", None, "section[aria-labelledby=report-subtopics]"),
    ("analysis", "strateji", "#contribution-topics"),
]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_sub_topics_fit_the_screen_and_pass_axe(browser, demo_site, digests, width):
    theme, proposals = digests
    urls = {
        "theme": f"/processes/{SLUG}/themes/{theme.code}/",
        "report": f"/processes/{SLUG}/workshops/{WORKSHOP}/report/",
        "analysis": f"/manage/processes/{SLUG}/plan/analysis/?theme={theme.code}",
    }
    for name, user, selector in PAGES:
        context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
        page = context.new_page()
        if user:
            login(page, demo_site, user)
        response = page.goto(demo_site + urls[name])
        assert response is not None and response.status == 200, name
        section = page.locator(selector)
        page.evaluate("document.querySelectorAll('#contribution-topics details').forEach(d => d.open = true)")
        assert section.locator(".subtopic").count() == 4, name
        assert section.get_by_text("Alıntılanacak katkı yok").count() == 1, name
        if name == "theme":
            assert section.locator(f"a[href='{proposals[0].get_absolute_url()}']").count() >= 1
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), name
        assert serious_violations(page) == [], name
        context.close()
