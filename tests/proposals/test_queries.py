"""List pages load related data in bulk: their query count does not grow with the rows shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.proposals import services

pytestmark = pytest.mark.django_db


def _propose(process, author, n):
    themes = list(process.themes.all())
    start = process.proposals.count()  # the same author never repeats a text
    for i in range(start, start + n):
        services.proposal_create(
            actor=author,
            process=process,
            theme=themes[i % len(themes)],
            title=f"Öneri başlığı {i}",
            body=f"Önerinin gövde metni {i}, yeterince uzun.",
            district="Çankaya",
        )


def _queries(client, url, params=None):
    from django.core.cache import cache

    cache.clear()  # the district filter's list is cached; measure the uncached page
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True])
def test_proposal_list_page_queries_do_not_grow_with_the_rows(client, process, make_user, signed_in):
    author = make_user(Role.CITIZEN, username="yazar")
    if signed_in:
        client.force_login(make_user(Role.CITIZEN, username="okur"))
    url = reverse("proposal_list", kwargs={"slug": process.slug})
    _propose(process, author, 2)
    few = _queries(client, url)
    _propose(process, author, 18)
    many = _queries(client, url)
    assert many == few
    assert many <= 12


def test_proposal_list_api_queries_do_not_grow_with_the_rows(client, process, make_user):
    author = make_user(Role.CITIZEN, username="yazar")
    _propose(process, author, 2)
    few = _queries(client, "/api/v1/proposals/", {"process": process.slug})
    _propose(process, author, 18)
    many = _queries(client, "/api/v1/proposals/", {"process": process.slug})
    assert many == few
    assert many <= 8


def test_process_and_theme_pages_queries_do_not_grow_with_the_proposals(client, process, make_user):
    author = make_user(Role.CITIZEN, username="yazar")
    _propose(process, author, 2)
    process_few = _queries(client, process.get_absolute_url())
    theme_few = _queries(client, reverse("theme_detail", args=[process.slug, "ULASIM"]))
    _propose(process, author, 18)
    assert _queries(client, process.get_absolute_url()) == process_few
    assert _queries(client, reverse("theme_detail", args=[process.slug, "ULASIM"])) == theme_few
