"""The XSS corpus, submitted through every form that stores people's text, comes back escaped on
every page that shows it (rendered by Django's test client; ``tests/browser/test_xss_corpus.py``
opens the same pages in Chromium)."""

from __future__ import annotations

from django.test import Client

from .xss_forms import injected
from .xss_payloads import shows_payload
from .xss_submissions import _client, submit_corpus


def test_every_submitted_payload_is_shown_escaped(ankara_demo):
    found = submit_corpus()

    assert len(found.submissions) >= 25
    failures: dict[str, list[str]] = {}
    silent: list[str] = []
    for user, urls in found.pages.items():
        client = Client() if user is None else _client(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, f"{user} GET {url}: {response.status_code}"
            page = response.content.decode()
            if not shows_payload(page):
                silent.append(f"{user} {url}")
            if bad := injected(page):
                failures[f"{user} {url}"] = bad
    assert silent == [], "these pages should show a stored payload"
    assert failures == {}
