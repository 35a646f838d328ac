"""The process API keeps its Turkish fields whatever the request's language and adds the English twins."""

import pytest

from ortakakil.processes.models import Process, Theme

pytestmark = pytest.mark.django_db


def test_existing_fields_stay_turkish_and_english_twins_are_added(client, process):
    Process.objects.filter(pk=process.pk).update(
        title_en="Sample Strategic Plan", slogan="Birlikte", slogan_en="Together"
    )
    Theme.objects.filter(process=process, code="ULASIM").update(name_en="Transport", summary_en="Buses and rail")
    process.phases.filter(kind="katilim").update(name_en="Participation")

    detail = client.get(f"/api/v1/processes/{process.slug}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").json()

    assert (detail["title"], detail["slogan"]) == ("Örnek 2025–2029 Stratejik Planı", "Birlikte")
    assert (detail["title_en"], detail["slogan_en"], detail["summary_en"]) == ("Sample Strategic Plan", "Together", "")
    themes = {t["code"]: t for t in detail["themes"]}
    assert (themes["ULASIM"]["name"], themes["ULASIM"]["name_en"]) == ("Ulaşım Hizmetleri Yönetimi", "Transport")
    assert themes["ULASIM"]["summary_en"] == "Buses and rail"
    assert (themes["AFET"]["name"], themes["AFET"]["name_en"]) == ("Afet Yönetimi", "")
    phases = {p["kind"]: p for p in detail["phases"]}
    assert (phases["katilim"]["name"], phases["katilim"]["name_en"]) == ("Katılım ve Çalıştaylar", "Participation")


def test_the_schema_documents_the_english_fields(client, db):
    schema = client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]

    assert {"title_en", "slogan_en", "summary_en"} <= set(components["Process"]["properties"])
    assert {"name_en", "summary_en", "description_en"} <= set(components["Theme"]["properties"])
    assert {"name_en", "description_en"} <= set(components["Phase"]["properties"])
