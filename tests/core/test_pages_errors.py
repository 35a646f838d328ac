"""Point 14: in production mode (DEBUG off) a 404 or a 500 is a styled Turkish page with a way
back; the 500 page renders without a request context or a database."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path

from ortakakil import urls as project_urls

pytestmark = pytest.mark.django_db


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*project_urls.urlpatterns, path("test-boom/", broken_view)]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_a_missing_page_is_a_styled_turkish_404_with_a_way_back(production):
    response = production.get("/boyle-bir-sayfa-yok/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="tr">' in html and "/static/ortakakil/site.css" in html
    assert "Sayfa bulunamadı" in html and "Aradığınız sayfa" in html
    assert 'href="/"' in html and 'href="/contact/"' in html
    assert "Traceback" not in html and "Resolver404" not in html


def test_a_server_error_is_a_styled_bilingual_500_with_a_way_back(production):
    response = production.get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="tr">' in html and 'href="/static/ortakakil/site.css"' in html
    assert "Bir hata oluştu" in html and "Server error" in html
    assert 'href="/"' in html and "Ana sayfaya dön" in html
    assert "a bug" not in html and "Traceback" not in html


def test_the_500_page_needs_neither_a_request_nor_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Bir hata oluştu" in html and "ortakakil/site.css" in html


def test_make_run_says_it_is_development_mode():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "GELİŞTİRME KİPİ" in run and "DEVELOPMENT MODE" in run
    assert "ORTAKAKIL_ENV=production" in run


def test_a_404_with_a_reason_says_it(production, process):
    html = production.get(f"/processes/{process.slug}/proposals/999999/").content.decode()
    assert "Bu adreste bir öneri bulunamadı." in html and "Sayfa bulunamadı" in html
