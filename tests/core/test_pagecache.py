"""The public pages' short cache for visitors without cookies (core/pagecache.py): a second
visitor is served without a query, with a CSRF token of their own that the server accepts; a
visitor with a cookie or an account always gets the page rendered for them; nothing personal is
ever stored."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ortakakil.core import pagecache
from ortakakil.proposals import services
from ortakakil.proposals.models import Proposal

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
HX_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30
    return settings


def _page(process):
    return f"/processes/{process.slug}/proposals/"


def _get(url, client=None):
    client = client or Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # the request's own transaction shows as a savepoint in the tests; no statement reads or writes
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    return client, response, len(statements)


def test_off_unless_configured(settings):
    assert settings.PUBLIC_PAGE_CACHE_SECONDS == 0  # the tests and development see every change at once


def test_a_second_visitor_without_cookies_is_served_without_a_query(cached, process, citizen):
    services.proposal_create(
        actor=citizen, process=process, theme=process.themes.get(code="ULASIM"), title="Gece otobüsü", body="x" * 40
    )
    _c1, first, first_queries = _get(_page(process))
    _c2, second, second_queries = _get(_page(process))
    assert first.status_code == second.status_code == 200
    assert first_queries > 0 and second_queries == 0
    assert "Gece otobüsü" in second.content.decode()
    assert "\x00" not in second.content.decode()
    strip = lambda html: HX_TOKEN.sub("", TOKEN.sub("", html))  # noqa: E731
    assert strip(first.content.decode()) == strip(second.content.decode())
    assert second["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in second  # the middleware's headers are added to a served page too


def test_each_served_visitor_gets_a_token_of_their_own_that_the_server_accepts(cached, process):
    _get(_page(process))
    client, served, queries = _get(_page(process))
    assert queries == 0
    html = served.content.decode()
    tokens = set(TOKEN.findall(html)) | set(HX_TOKEN.findall(html))
    assert len(tokens) == 1
    assert "csrftoken" in served.cookies  # the cookie that goes with the token
    _other, other_served, _ = _get(_page(process))
    assert set(TOKEN.findall(other_served.content.decode())).isdisjoint(tokens)
    # the language switch on that page, posted with the page's token and its cookie: accepted
    posted = client.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens.pop()})
    assert posted.status_code == 302


def test_a_change_reaches_visitors_with_a_cookie_at_once_and_others_within_the_period(cached, process, citizen):
    _get(_page(process))
    theme = process.themes.get(code="AFET")
    services.proposal_create(actor=citizen, process=process, theme=theme, title="Deprem toplanma alanı", body="y" * 40)
    _c, stale, _ = _get(_page(process))
    assert "Deprem toplanma alanı" not in stale.content.decode()
    with_cookie = Client()
    with_cookie.cookies["django_language"] = "tr"
    assert "Deprem toplanma alanı" in with_cookie.get(_page(process)).content.decode()
    logged_in = Client()
    logged_in.force_login(citizen)
    assert "Deprem toplanma alanı" in logged_in.get(_page(process)).content.decode()
    pagecache.cache.clear()  # the period ends
    assert "Deprem toplanma alanı" in _get(_page(process))[1].content.decode()


def test_a_logged_in_page_is_never_stored(cached, process, citizen):
    logged_in = Client()
    logged_in.force_login(citizen)
    logout = reverse("account_logout").encode()  # the header's logout form: only for a logged-in person
    assert logout in logged_in.get(_page(process)).content
    _c, anonymous, queries = _get(_page(process))
    assert queries > 0
    assert logout not in anonymous.content


def test_languages_and_queries_are_kept_apart(cached, process):
    _get(_page(process))
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    _c, page, queries = _get(_page(process), english)
    assert queries > 0 and page["Content-Language"] == "en"
    for _ in range(2):  # an address with a query is rendered every time: random queries cannot fill the cache
        _c, filtered, queries = _get(_page(process) + "?theme=AFET")
        assert queries > 0 and filtered.status_code == 200


def test_errors_and_htmx_requests_are_not_stored(cached, process):
    assert _get(f"/processes/{process.slug}/proposals/999999/")[1].status_code == 404
    assert _get(f"/processes/{process.slug}/proposals/999999/")[2] > 0
    htmx = Client(HTTP_HX_REQUEST="true")
    _get(_page(process), htmx)
    assert _get(_page(process), htmx)[2] > 0
    assert Proposal.objects.count() == 0
