"""The XSS corpus, submitted through every form that stores people's text, runs nowhere.

The forms are posted with Django's test client as the role that uses them, on the committed demo
the live server serves (``tests/security/xss_submissions.py``); then Chromium opens every page that
shows what was stored, as the user who sees it. Every payload calls ``__xss`` or ``alert`` and
every injected element carries ``data-xss``: no call may be recorded, no dialog opened, and no
``[data-xss]`` element exist — the last catches an escaping failure even where the
Content-Security-Policy would keep the script from running.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.security import xss_payloads as corpus
from tests.security.xss_submissions import _client, submit_corpus

pytestmark = pytest.mark.browser

PROBE = """() => ({
    calls: window.__xssCalls || ['__xss missing: the init script did not run'],
    marked: [...document.querySelectorAll('[data-xss]')].map(e => e.outerHTML.slice(0, 120)),
    frames: [...document.querySelectorAll('iframe[srcdoc], iframe[src^="javascript:"]')].length,
    shows: document.documentElement.outerHTML.includes('__xss')
        || document.documentElement.outerHTML.includes('data-xss'),
})"""


def test_no_payload_of_the_corpus_runs_or_injects_markup_on_any_page(browser, demo_site):
    found = submit_corpus()
    assert len(found.submissions) >= 25

    executed: dict[str, object] = {}
    silent: list[str] = []
    for user, urls in found.pages.items():
        context = browser.new_context(locale="tr-TR", viewport={"width": 1280, "height": 900})
        context.add_init_script(corpus.INIT_SCRIPT)
        if user is not None:
            session = _client(user).cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": demo_site}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in urls:
            response = page.goto(demo_site + url)
            assert response is not None and response.status == 200, f"{user} {url}: {response and response.status}"
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)  # htmx's load triggers and any onload handler have run
            probe = page.evaluate(PROBE)
            if not probe["shows"]:
                silent.append(f"{user} {url}")
            if probe["calls"] or probe["marked"] or probe["frames"] or dialogs:
                executed[f"{user} {url}"] = {**probe, "dialogs": list(dialogs)}
            dialogs.clear()
        context.close()

    assert silent == [], "these pages should show a stored payload"
    assert executed == {}
