import datetime as dt

import pytest

from ortakakil.core.models import Role
from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(process, make_user):
    workshop = Workshop.objects.create(
        process=process, slug="calistay", title="Çalıştay", venue="Harikalar Diyarı", date=dt.date(2019, 10, 19)
    )
    table = WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT7")
    table.facilitators.add(make_user(Role.FACILITATOR, username="kolay"))
    return table


def test_join_with_an_unknown_code_says_so_in_turkish(client, table):
    html = client.post("/t/", {"code": "YOK1"}, follow=True).content.decode()
    assert "Bu kodla bir masa yok." in html


def test_phone_page_of_the_2019_workshop_reads_but_takes_nothing(client, table):
    Idea.objects.create(table=table, kind="G", text="Güçlü gönüllü ağı", votes_count=4)
    assert client.post("/t/", {"code": "aft7"}).url == "/t/AFT7/"
    html = client.get("/t/AFT7/").content.decode()
    assert "Güçlü gönüllü ağı" in html and "Çalıştay sona erdi" in html
    response = client.post("/t/AFT7/ideas/", {"kind": "oneri", "text": "Çerezsiz fikir"}, follow=True)
    assert "Önce kişisel davet bağlantınızı bu telefonda açın" in response.content.decode()
    assert Idea.objects.count() == 1


def test_table_mode_is_for_the_tables_facilitators(client, table, citizen):
    assert client.get("/t/AFT7/facilitate/").status_code == 302
    client.force_login(citizen)
    assert client.get("/t/AFT7/facilitate/").status_code == 403
    client.force_login(table.facilitators.get())
    response = client.post(
        "/t/AFT7/facilitate/", {"text": "Deprem tatbikatı", "kind": "oneri", "client_key": "a1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Deprem tatbikatı" in response.content.decode()
    client.post(
        "/t/AFT7/facilitate/", {"text": "Deprem tatbikatı", "kind": "oneri", "client_key": "a1"}, HTTP_HX_REQUEST="true"
    )
    assert Idea.objects.count() == 1


def test_wall_fragment_for_htmx(client, table):
    Idea.objects.create(table=table, kind="G", text="Güçlü gönüllü ağı", votes_count=4)
    html = client.get("/t/AFT7/wall/", HTTP_HX_REQUEST="true").content.decode()
    assert html.strip().startswith('<ul id="wall"') and "Güçlü gönüllü ağı" in html
