"""The opinion map as people read it: the results page (map, groups, common ground, cross-tab),
the theme page, the process page and the workshop report with the common ground; at 390 px and
1366 px, with axe and without sideways scrolling; the signed-in voter sees their own point."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client

from ortakakil.opinions import recompute as rc
from ortakakil.opinions.models import Participant
from ortakakil.workshops.models import Workshop, WorkshopTable

from ..opinions.builders import conversation_with_camps
from .conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def opinion_site(transactional_db, live_server, process, citizen):
    theme = process.themes.get(code="ULASIM")
    workshop = Workshop.objects.create(
        process=process,
        slug="calistay",
        title="Stratejik Plan Çalıştayı",
        venue="Harikalar Diyarı",
        date=dt.date(2019, 10, 19),
    )
    WorkshopTable.objects.create(workshop=workshop, theme=theme, code="T1")
    conversation, statements, participants = conversation_with_camps(
        process, per_group=60, n_statements=16, theme=theme, workshop=workshop
    )
    Participant.objects.filter(pk=participants[5].pk).update(user=citizen)
    rc.recompute(conversation)
    return live_server.url, conversation, statements, workshop


def _sign_in(context, base, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


@pytest.mark.parametrize("width", [390, 1366])
def test_the_results_and_the_common_ground_fit_the_screen_and_pass_axe(browser, opinion_site, citizen, width):
    base, conversation, statements, workshop = opinion_site
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    process = conversation.process
    pages = [
        conversation.get_absolute_url(),
        process.get_absolute_url(),
        conversation.theme.get_absolute_url(),
        f"/processes/{process.slug}/workshops/{workshop.slug}/report/",
    ]
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        page.locator("h1").first.wait_for()
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (path, width)
        assert serious_violations(page) == [], path

    page.goto(base + conversation.get_absolute_url())
    svg = page.locator("figure.opinion-map > svg")
    svg.wait_for()
    box = svg.bounding_box()
    assert box is not None and box["width"] <= width and box["height"] > 100
    assert page.locator("figure.opinion-map > svg path").count() >= 120  # every participant drawn
    legend = page.locator("#map-legend").inner_text()
    assert "A" in legend and "B" in legend and "60" in legend
    assert statements[0].text in page.locator("section", has=page.locator("#consensus-title")).inner_text()
    assert page.locator(".opinion-crosstab caption").count() == 1
    assert page.locator(".opinion-map-you").count() == 0  # nobody signed in

    _sign_in(context, base, citizen)
    page.goto(base + conversation.get_absolute_url())
    page.locator(".opinion-map-you").wait_for()
    assert page.locator(".opinion-you").count() == 1
    assert serious_violations(page) == []
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
