"""The workshop in English when the interface is English; its report stays the Turkish record."""

import io
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ortakakil.documents.workshop_report import report_docx, report_html
from ortakakil.processes.models import Process, Theme
from ortakakil.workshops.models import Idea, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_workshop(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        title="Stratejik Plan Çalıştayı",
        slogan="Ankara'yı Sen Planla",
        description="Kamu kurumları ve dernekler 13 masada buluşuyor.",
        agenda=["10:00 Açılış", "12:45 Öğle arası"],
        title_en="Strategic Plan Workshop",
        slogan_en="You Plan Ankara",
        description_en="Public institutions and associations meet at 13 tables.",
        agenda_en=["10:00 Opening", "12:45 Lunch break"],
    )
    Process.objects.filter(pk=workshop.process_id).update(title_en="Sample Strategic Plan")
    Theme.objects.filter(process=workshop.process, code="ULASIM").update(name_en="Transport Services Management")
    Idea.objects.create(table=workshop.tables.get(code="ULS1"), kind="G", text="Güçlü bir metro ağı", votes_count=3)
    workshop.refresh_from_db()
    return workshop


def _page(client, workshop):
    response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_workshop_page_in_english(client, english_workshop):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = _page(client, english_workshop)

    assert "<h1>Strategic Plan Workshop</h1>" in html
    assert "“You Plan Ankara”" in html
    assert "Public institutions and associations meet at 13 tables." in html
    assert "<li>10:00 Opening</li>" in html and "<li>12:45 Lunch break</li>" in html
    assert "Transport Services Management</a>" in html  # the table's theme
    assert "Afet Yönetimi</a>" in html  # a theme without an English name falls back to Turkish
    assert "Sample Strategic Plan</a>" in html  # the breadcrumb
    for turkish in ("Stratejik Plan Çalıştayı", "Sen Planla", "13 masada", "Açılış", "Öğle arası"):
        assert turkish not in html


def test_workshop_page_in_turkish(client, english_workshop):
    html = _page(client, english_workshop)

    assert "<h1>Stratejik Plan Çalıştayı</h1>" in html
    assert "<li>10:00 Açılış</li>" in html
    assert "Ulaşım Hizmetleri Yönetimi</a>" in html
    for english in ("Strategic Plan Workshop", "You Plan Ankara", "Opening", "Transport Services"):
        assert english not in html


def test_an_empty_english_agenda_shows_the_turkish_one(client, english_workshop):
    Workshop.objects.filter(pk=english_workshop.pk).update(agenda_en=[], slogan_en="")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = _page(client, english_workshop)

    assert "<li>10:00 Açılış</li>" in html
    assert "“Ankara&#x27;yı Sen Planla”" in html


def test_the_report_stays_turkish_when_the_interface_is_english(client, english_workshop):
    """The report is the official record: always Turkish, whatever language the reader chose."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    slug = english_workshop.process.slug
    docx = client.get(reverse("workshop_report_download", args=[slug, "calistay", "docx"]))
    text = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()

    with translation.override("en"):
        html = report_html(english_workshop)
        direct = zipfile.ZipFile(io.BytesIO(report_docx(english_workshop))).read("word/document.xml").decode()

    for document in (text, html, direct):
        assert "Stratejik Plan Çalıştayı — Çalıştay raporu" in document
        assert "Ulaşım Hizmetleri Yönetimi" in document and "Güçlü yönler" in document
        assert "Ankara&#x27;yı Sen Planla" in document or "Ankara'yı Sen Planla" in document
        for english in ("Strategic Plan Workshop", "You Plan Ankara", "Transport Services", "Strengths"):
            assert english not in document


def test_the_pdf_download_works_in_english_too(client, english_workshop):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("workshop_report_download", args=[english_workshop.process.slug, "calistay", "pdf"]))

    assert response.status_code == 200 and response.content.startswith(b"%PDF")


class TestBackOffice:
    def _data(self, workshop, **overrides):
        data = {
            "title": workshop.title,
            "slug": workshop.slug,
            "date": workshop.date.isoformat(),
            "venue": workshop.venue,
            "agenda": "10:00 Açılış",
            "dots_per_participant": "3",
            "title_en": "Strategic Plan Workshop",
            "slogan_en": "You Plan Ankara",
            "description_en": "We meet at 13 tables.",
            "agenda_en": "10:00 Opening\r\n\r\n  12:45 Lunch break  \r\n",
        }
        return data | overrides

    def test_the_event_form_takes_the_english_texts(self, client, workshop, strategist):
        client.force_login(strategist)
        url = reverse("manage:workshop_edit", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug})

        response = client.post(url, self._data(workshop))

        assert response.status_code == 302
        workshop.refresh_from_db()
        assert (workshop.title, workshop.agenda) == ("Çalıştay", ["10:00 Açılış"])
        assert (workshop.title_en, workshop.slogan_en, workshop.description_en) == (
            "Strategic Plan Workshop",
            "You Plan Ankara",
            "We meet at 13 tables.",
        )
        assert workshop.agenda_en == ["10:00 Opening", "12:45 Lunch break"]
        assert workshop.history.first().agenda_en == ["10:00 Opening", "12:45 Lunch break"]
        form = client.get(url).content.decode()
        assert "10:00 Opening\n12:45 Lunch break</textarea>" in form

    def test_the_english_agenda_has_the_same_limits_and_nothing_changes(self, client, workshop, strategist):
        client.force_login(strategist)
        url = reverse("manage:workshop_edit", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug})

        response = client.post(url, self._data(workshop, agenda_en="x" * 201))

        assert response.status_code == 400
        assert "Gündemin 1. maddesi 200 karakterden uzun." in response.content.decode()
        workshop.refresh_from_db()
        assert (workshop.title_en, workshop.agenda_en, workshop.agenda) == ("", [], [])

    def test_the_service_names_the_english_agenda_in_its_error(self, workshop, strategist):
        from django.core.exceptions import ValidationError

        from ortakakil.workshops import event

        with pytest.raises(ValidationError) as error:
            event.workshop_update(actor=strategist, workshop=workshop, data={"agenda_en": ["x" * 201]})

        assert list(error.value.message_dict) == ["agenda_en"]
        workshop.refresh_from_db()
        assert workshop.agenda_en == []


def test_the_table_report_page_and_the_wall_name_the_theme_in_english(client, process):
    from ortakakil.workshops.models import Workshop, WorkshopTable

    theme = process.themes.get(code="ULASIM")
    theme.name_en = "Transport Services"
    theme.save()
    workshop = Workshop.objects.create(
        process=process, slug="w", title="Çalıştay", title_en="The Workshop", venue="Salon", date="2024-10-19"
    )
    WorkshopTable.objects.create(workshop=workshop, theme=theme, code="ULS8")
    client.cookies["django_language"] = "en"
    report = client.get(f"/processes/{process.slug}/workshops/w/tables/ULS8/report/").content.decode()
    wall = client.get("/t/ULS8/wall/").content.decode()
    assert "Table report: Transport Services" in report and "The Workshop" in report
    assert "Transport Services" in wall and "Ulaşım Hizmetleri Yönetimi" not in wall
