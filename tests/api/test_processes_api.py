import pytest

pytestmark = pytest.mark.django_db


def test_process_list_and_detail(client, process):
    listing = client.get("/api/v1/processes/").json()
    assert listing["count"] == 1
    detail = client.get(f"/api/v1/processes/{process.slug}/").json()
    assert detail["current_phase"] == "katilim"
    assert [t["code"] for t in detail["themes"]] == ["ULASIM", "AFET"]
    assert detail["html_url"].endswith(f"/processes/{process.slug}/")


def test_unknown_process_gives_a_json_404_in_turkish(client, db):
    response = client.get("/api/v1/processes/yok/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Bu adreste bir planlama süreci bulunamadı."}


def test_every_endpoint_is_documented_in_the_openapi_schema(client, db):
    from django.urls import get_resolver

    schema = client.get("/api/schema/?format=json").json()
    documented = set(schema["paths"])
    assert "/api/v1/processes/" in documented
    assert "/api/v1/processes/{slug}/" in documented
    routes = {str(p.pattern) for p in get_resolver().url_patterns}
    assert "api/" in routes


def test_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().count("/api/v1/") >= 6
