"""The workshop's public pages name themes by their names, never by internal codes such as
KENT_DUZENI (issue 8, point 10); the short table codes people type (ANK04KEN) may show."""

import re

import pytest

from ortakakil.workshops.models import Idea, WorkshopTable

from ..factories import ThemeFactory

pytestmark = pytest.mark.django_db


def visible_text(html):
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)  # tags and their attributes (URLs may keep codes)


def test_public_pages_show_theme_names_not_codes(client, strategist, workshop, settings):
    from .conftest import invite, stakeholder

    theme = ThemeFactory(
        process=workshop.process, code="KENT_DUZENI", name="Kent ve Toplum Düzeni Yönetimi", position=3
    )
    table = WorkshopTable.objects.create(workshop=workshop, theme=theme, code="ANK04KEN")
    Idea.objects.create(table=table, kind="sorun", text="Kaldırım işgalleri", votes_count=2)
    (person,) = invite(strategist, workshop, stakeholder(workshop.process.organisation, "Esnaf Odası"))
    base = f"/processes/{workshop.process.slug}/workshops/{workshop.slug}/"
    pages = [
        base,
        base + "report/",
        base + "tables/ANK04KEN/report/",
        "/t/ANK04KEN/wall/",
        "/t/ANK04KEN/",
        "/t/",
        f"/davet/{person.token}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert "KENT_DUZENI" not in text and "ULASIM" not in text and "AFET" not in text, url
    assert "Kent ve Toplum Düzeni Yönetimi" in visible_text(client.get("/t/ANK04KEN/wall/").content.decode())
    assert "ANK04KEN" in visible_text(client.get("/t/ANK04KEN/").content.decode())
