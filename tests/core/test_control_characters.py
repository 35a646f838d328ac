"""An address or query string with a NUL (or another control character) gets a 400, never a
server error: PostgreSQL cannot even compare text that holds a NUL."""

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = [
    "/processes/{slug}/proposals/?district=a%00b",
    "/processes/{slug}/proposals/?theme=ULA%00SIM",
    "/processes/{slug}/proposals/?q=a%00b",
    "/processes/{slug}/themes/UL%00ASIM/",
    "/t/AB%00C/",
    "/t/?code=AB%00C",
    "/davet/abc%00def/",
    "/processes/{slug}/proposals/?%00=1",
    "/processes/{slug}/proposals/?sort=%1b",
]


@pytest.mark.parametrize("address", HOSTILE)
def test_pages_answer_400(client, process, address):
    response = client.get(address.format(slug=process.slug))
    assert response.status_code == 400
    assert "Hatalı istek" in response.content.decode()


def test_the_api_names_the_field_in_its_json_400(client, process):
    response = client.get(f"/api/v1/proposals/?process={process.slug}&district=a%00b")
    assert response.status_code == 400
    assert response.json() == {"district": ["district saklanamayan karakterler içeriyor (U+0000)."]}


def test_line_breaks_in_a_query_are_allowed(client, process):
    assert client.get(f"/processes/{process.slug}/proposals/", {"q": "gece\notobüsü"}).status_code == 200
