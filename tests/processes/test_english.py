"""Process texts in English when the interface is English; Turkish stays the default and the record."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ortakakil.processes.models import Phase, PreparationTask, Process, Theme
from tests.factories import PreparationTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_process(process, unit):
    """The sample process with English texts, except the AFET theme (it stays Turkish only)."""
    Process.objects.filter(pk=process.pk).update(
        slogan="Birlikte planlıyoruz",
        description="Beş yıllık yol haritası.",
        title_en="Sample Strategic Plan 2025–2029",
        slogan_en="Planning together",
        description_en="A five-year road map.",
    )
    Phase.objects.filter(process=process, kind="katilim").update(name_en="Participation and Workshops")
    Phase.objects.filter(process=process, kind="hazirlik").update(name_en="Preparation")
    Theme.objects.filter(process=process, code="ULASIM").update(
        name_en="Transport Services Management",
        summary="Erişilebilir ulaşım.",
        summary_en="Accessible transport.",
        description="Raylı sistem ve otobüs.",
        description_en="Rail and buses.",
    )
    PreparationTaskFactory(process=process, owner_unit=unit, title="Paydaş analizi", title_en="Stakeholder analysis")
    process.refresh_from_db()
    return process


@pytest.fixture
def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_process_page_in_english_shows_the_english_texts(in_english, english_process):
    html = _html(in_english, english_process.get_absolute_url())

    assert "<h1>Sample Strategic Plan 2025–2029</h1>" in html
    assert "“Planning together”" in html
    assert "A five-year road map." in html
    assert "Transport Services Management" in html and "Accessible transport." in html
    for turkish in (
        "Örnek 2025–2029 Stratejik Planı",
        "Birlikte planlıyoruz",
        "Beş yıllık yol haritası.",
        "Erişilebilir",
    ):
        assert turkish not in html


def test_the_phase_box_and_timeline_in_english(in_english, english_process):
    html = _html(in_english, english_process.get_absolute_url())

    assert "<strong>Current phase:</strong> Participation and Workshops" in html
    assert "<strong>Preparation</strong>" in html
    assert "Katılım ve Çalıştaylar" not in html and "Hazırlık" not in html


def test_process_page_in_turkish_shows_the_turkish_texts(client, english_process):
    html = _html(client, english_process.get_absolute_url())

    assert "<h1>Örnek 2025–2029 Stratejik Planı</h1>" in html
    assert "Beş yıllık yol haritası." in html
    assert "<strong>Güncel aşama:</strong> Katılım ve Çalıştaylar" in html
    assert "Ulaşım Hizmetleri Yönetimi" in html
    for english in ("Sample Strategic Plan", "Planning together", "A five-year road map.", "Transport Services"):
        assert english not in html


def test_an_empty_english_text_falls_back_to_turkish(in_english, english_process):
    html = _html(in_english, english_process.get_absolute_url())

    assert "Afet Yönetimi" in html  # the AFET theme has no English name


def test_theme_page_in_english(in_english, english_process):
    html = _html(in_english, reverse("theme_detail", kwargs={"slug": english_process.slug, "code": "ULASIM"}))

    assert "<h1>Transport Services Management</h1>" in html
    assert '<p class="lead">Accessible transport.</p>' in html
    assert "Rail and buses." in html
    assert "Sample Strategic Plan 2025–2029" in html  # the breadcrumb
    assert "Afet Yönetimi →" in html  # the next theme, which has no English name
    assert "Raylı sistem" not in html


def test_theme_page_in_turkish(client, english_process):
    html = _html(client, reverse("theme_detail", kwargs={"slug": english_process.slug, "code": "ULASIM"}))

    assert "<h1>Ulaşım Hizmetleri Yönetimi</h1>" in html
    assert "Raylı sistem ve otobüs." in html
    assert "Rail and buses." not in html


def test_home_and_programme_in_english(in_english, english_process):
    home = _html(in_english, "/")
    programme = _html(in_english, reverse("process_programme", kwargs={"slug": english_process.slug}))

    assert "Sample Strategic Plan 2025–2029" in home and "Participation and Workshops" in home
    assert "<strong>Stakeholder analysis</strong>" in programme
    assert "Paydaş analizi" not in programme


def test_the_programme_export_stays_turkish_when_the_interface_is_english(english_process):
    from ortakakil.processes.jobs import programme_xlsx

    with translation.override("en"):
        _, content = programme_xlsx(lambda *args: None, process_id=english_process.pk)

    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    cells = {str(cell) for row in rows for cell in row if cell}
    assert "Paydaş analizi" in cells and "Görev" in cells
    assert "Stakeholder analysis" not in cells


def test_str_follows_the_interface_and_unknown_names_are_refused(english_process):
    theme = english_process.themes.get(code="ULASIM")
    with translation.override("en"):
        assert str(theme) == "Transport Services Management"
        assert str(english_process) == "Sample Strategic Plan 2025–2029"
    with translation.override("tr"):
        assert str(theme) == "Ulaşım Hizmetleri Yönetimi"
    with pytest.raises(AttributeError):
        _ = theme.localized.colour


class TestBackOffice:
    """Staff write the English texts next to the Turkish ones; Turkish stays what the services validate."""

    def test_process_settings_take_the_english_texts(self, client, process, strategist):
        client.force_login(strategist)
        data = {
            "title": process.title,
            "slug": process.slug,
            "start_year": 2025,
            "end_year": 2029,
            "is_published": "on",
            "title_en": "Sample Strategic Plan",
            "slogan_en": "Planning together",
            "summary_en": "Five years, together.",
            "description_en": "A road map.",
        }

        response = client.post(reverse("manage:process_edit", kwargs={"slug": process.slug}), data)

        assert response.status_code == 302
        process.refresh_from_db()
        assert (process.title, process.title_en, process.slogan_en, process.summary_en, process.description_en) == (
            "Örnek 2025–2029 Stratejik Planı",
            "Sample Strategic Plan",
            "Planning together",
            "Five years, together.",
            "A road map.",
        )
        assert process.history.first().title_en == "Sample Strategic Plan"  # the audit trail has it too

    def test_the_forms_show_the_english_fields_labelled_in_turkish(self, client, process, strategist):
        client.force_login(strategist)
        theme = process.themes.get(code="ULASIM")

        html = _html(client, reverse("manage:theme_edit", kwargs={"slug": process.slug, "pk": theme.pk}))

        assert 'name="name_en"' in html and 'name="summary_en"' in html and 'name="description_en"' in html
        assert "İngilizce ad" in html
        assert "Arayüz İngilizce olduğunda gösterilir." in html

    def test_phase_theme_and_task_take_their_english_texts(self, client, process, strategist, unit):
        client.force_login(strategist)
        phase = process.phases.get(kind="hazirlik")
        theme = process.themes.get(code="AFET")
        task = PreparationTaskFactory(process=process, owner_unit=unit, title="Mevzuat analizi")

        responses = [
            client.post(
                reverse("manage:phase_edit", kwargs={"slug": process.slug, "pk": phase.pk}),
                {
                    "kind": "hazirlik",
                    "name": "Hazırlık",
                    "starts_on": "2024-05-01",
                    "ends_on": "2024-08-31",
                    "name_en": "Preparation",
                    "description_en": "The plan is launched.",
                },
            ),
            client.post(
                reverse("manage:theme_edit", kwargs={"slug": process.slug, "pk": theme.pk}),
                {"code": "AFET", "name": "Afet Yönetimi", "colour": "#123456", "position": 2, "name_en": "Disasters"},
            ),
            client.post(
                reverse("manage:task_edit", kwargs={"slug": process.slug, "pk": task.pk}),
                {
                    "title": "Mevzuat analizi",
                    "owner_unit": unit.pk,
                    "starts_on": "2024-06-01",
                    "due_on": "2024-06-30",
                    "status": "planned",
                    "title_en": "Legislation analysis",
                },
            ),
        ]

        assert [r.status_code for r in responses] == [302, 302, 302]
        assert Phase.objects.get(pk=phase.pk).name_en == "Preparation"
        assert Phase.objects.get(pk=phase.pk).description_en == "The plan is launched."
        assert Theme.objects.get(pk=theme.pk).name_en == "Disasters"
        assert PreparationTask.objects.get(pk=task.pk).title_en == "Legislation analysis"

    def test_an_english_text_that_is_too_long_is_refused_and_nothing_changes(self, client, process, strategist):
        client.force_login(strategist)
        theme = process.themes.get(code="AFET")

        response = client.post(
            reverse("manage:theme_edit", kwargs={"slug": process.slug, "pk": theme.pk}),
            {"code": "AFET", "name": "Afet", "colour": "#123456", "position": 2, "name_en": "x" * 201},
        )

        assert response.status_code == 400
        assert "en fazla 200 karakter" in response.content.decode()
        theme.refresh_from_db()
        assert (theme.name, theme.name_en) == ("Afet Yönetimi", "")
