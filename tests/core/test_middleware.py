"""The language of a visit: Turkish first, the browser's English followed on the first visit,
an explicit choice remembered (``core/middleware.py``)."""

import pytest
from django.conf import settings

from ortakakil.core.middleware import is_crawler

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
ENGLISH_BROWSER = "en-US,en;q=0.9"


def _page(client, **headers):
    response = client.get("/", **headers)
    assert response.status_code == 200
    return response, response.content.decode()


def test_first_visit_with_an_english_browser_answers_in_english_and_remembers_it(client):
    response, html = _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert '<html lang="en">' in html
    assert "Planning processes" in html and "Planlama süreçleri" not in html
    assert response["Content-Language"] == "en"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "en"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE == 365 * 24 * 60 * 60
    assert cookie["path"] == "/"


def test_the_remembered_english_holds_when_the_header_changes(client):
    _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    response, html = _page(client, HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9")

    assert '<html lang="en">' in html
    assert COOKIE not in response.cookies  # nothing new to remember


@pytest.mark.parametrize("header", ["de", "de-DE,de;q=0.9", "tr-TR,tr;q=0.9,en;q=0.8", "fr;q=0.9, tr;q=0.8, en;q=0.5"])
def test_browsers_that_do_not_prefer_english_get_turkish_and_no_cookie(client, header):
    response, html = _page(client, HTTP_ACCEPT_LANGUAGE=header)

    assert '<html lang="tr">' in html
    assert "Planlama süreçleri" in html
    assert response["Content-Language"] == "tr"
    assert COOKIE not in response.cookies


def test_no_header_gets_turkish_and_no_cookie(client):
    response, html = _page(client)

    assert '<html lang="tr">' in html
    assert COOKIE not in response.cookies


def test_english_before_turkish_in_the_browser_order_wins(client):
    """A German reader who also reads English gets English, the nearer of our two languages."""
    response, html = _page(client, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.8,tr;q=0.5")

    assert '<html lang="en">' in html
    assert response.cookies[COOKIE].value == "en"


def test_an_explicit_turkish_choice_wins_over_an_english_browser(client):
    client.cookies[COOKIE] = "tr"

    response, html = _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert '<html lang="tr">' in html
    assert COOKIE not in response.cookies


def test_an_explicit_english_choice_wins_over_a_turkish_browser(client):
    client.cookies[COOKIE] = "en"

    _, html = _page(client, HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9")

    assert '<html lang="en">' in html


def test_the_language_switch_overrides_what_the_first_visit_remembered(client):
    _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    client.post("/i18n/setlang/", {"language": "tr", "next": "/"}, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    _, html = _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert '<html lang="tr">' in html


def test_an_unknown_cookie_value_is_ignored_and_replaced(client):
    client.cookies[COOKIE] = "xx"

    response, html = _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert '<html lang="en">' in html
    assert response.cookies[COOKIE].value == "en"


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    ],
)
def test_crawlers_get_turkish_and_no_cookie_whatever_they_accept(client, agent):
    response, html = _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER, HTTP_USER_AGENT=agent)

    assert '<html lang="tr">' in html
    assert COOKIE not in response.cookies


def test_people_are_not_taken_for_crawlers():
    assert not is_crawler(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    )
    assert not is_crawler("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148")
    assert not is_crawler("")


def test_caches_keep_the_languages_apart(client):
    response, _ = _page(client, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
