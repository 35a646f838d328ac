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
