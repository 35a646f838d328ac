"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import shutil
import threading

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium for the session. It asks for the live server so that it closes first: its open
    keep-alive connections end while the server still shares the test database's connection."""
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class _OneRequestAtATime:
    """A WSGI application that lets one request at a time through ``app``, body included.

    On SQLite the tests' database lives in memory, and the live server's request threads share
    the test's one connection (pytest-django passes it to them): two requests at once — the
    proposal form's «Benzer öneriler» request while the form is sent — would interleave their
    transactions on it («no such savepoint»). A browser never needs two requests served at once."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            result = self.app(environ, start_response)
            try:
                return list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, serving one request at a time when the database is an
    in-memory SQLite shared with its threads (see ``_OneRequestAtATime``)."""
    if live_server.thread.connections_override:
        httpd = live_server.thread.httpd
        httpd.set_app(_OneRequestAtATime(httpd.get_app()))
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="tr-TR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, live_server, demo_snapshot):
    """The Ankara demo, committed for the live server's threads: the session's snapshot of it put
    back (``tests/snapshots.py``); the test's own writes go with Django's flush after it."""
    demo_snapshot.restore()
    return live_server.url


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def login(page, base, username):
    from ortakakil.demo.loader import DEMO_PASSWORD

    page.goto(base + "/accounts/login/")
    page.get_by_label("Kullanıcı adı veya e-posta").fill(username)
    page.get_by_label("Parola").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Giriş Yap").click()
    page.wait_for_load_state()


@pytest.fixture
def reopened_demo_site(demo_site):
    """The demo with its Ulaşım table reopened by the strategy team (logged), as a newcomer does to
    try table mode: the demo's workshop of 19 October 2019 is over and its tables are closed."""
    from ortakakil.core.models import User
    from ortakakil.workshops import reporting
    from ortakakil.workshops.models import WorkshopTable

    table = WorkshopTable.objects.get(code="ANK07ULA")
    reporting.table_close(actor=User.objects.get(username="strateji"), table=table, close=False)
    return demo_site
