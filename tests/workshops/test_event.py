"""The workshop event's back office (details, agenda) and its presentation files."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.workshops import event
from ortakakil.workshops.models import Workshop, WorkshopFile
from tests.factories import OrganisationFactory, ProcessFactory, UserFactory, WorkshopFactory

from .files import CONTENT, PDF, PNG

pytestmark = pytest.mark.django_db

SLIDES = PDF


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def workshop(process):
    return WorkshopFactory(
        process=process,
        slug="calistay",
        title="Stratejik Plan Çalıştayı",
        slogan="Birlikte planlıyoruz",
        agenda=["Açılış", "Masa çalışmaları"],
    )


@pytest.fixture
def outsider():
    return UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())


def upload(name="ulasim-sunumu.pdf", content=None):
    """An upload named ``name``; by default with content of the type its extension names."""
    if content is None:
        content = CONTENT.get(event.file_extension(name), SLIDES)
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def error_codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


def add_file(actor, workshop, **kwargs):
    kwargs.setdefault("title", "Ulaşım Ana Planı")
    kwargs.setdefault("presenter", "Prof. Dr. Ali Kaya")
    kwargs.setdefault("upload", upload())
    return event.workshop_file_add(actor=actor, workshop=workshop, **kwargs)


def workshop_data(**overrides):
    data = {
        "slug": "ikinci-calistay",
        "title": "İkinci Çalıştay",
        "slogan": "",
        "venue": "Kongre Merkezi",
        "address": "",
        "date": dt.date(2024, 11, 2),
        "starts_at": dt.time(10, 0),
        "ends_at": dt.time(17, 0),
        "description": "",
        "agenda": [],
        "dots_per_participant": 3,
    }
    return data | overrides


class TestWorkshopServices:
    def test_create_normalises_the_agenda_and_records_the_author(self, process, strategist):
        created = event.workshop_create(
            actor=strategist, process=process, data=workshop_data(agenda=["  Açılış ", "", "   ", "Kapanış"])
        )
        created.refresh_from_db()
        assert created.agenda == ["Açılış", "Kapanış"]
        assert created.history.get().history_user == strategist

    def test_update_saves_the_changed_fields(self, workshop, strategist):
        event.workshop_update(
            actor=strategist, workshop=workshop, data={"title": "Büyük Çalıştay", "venue": "Kongre Merkezi"}
        )
        workshop.refresh_from_db()
        assert (workshop.title, workshop.venue, workshop.slogan) == (
            "Büyük Çalıştay",
            "Kongre Merkezi",
            "Birlikte planlıyoruz",
        )
        assert workshop.history.first().history_user == strategist

    def test_citizen_and_other_organisation_change_nothing(self, process, workshop, citizen, outsider):
        for actor in (citizen, outsider):
            with pytest.raises(PermissionDenied):
                event.workshop_create(actor=actor, process=process, data=workshop_data())
            with pytest.raises(PermissionDenied):
                event.workshop_update(actor=actor, workshop=workshop, data={"title": "Ele geçirildi"})
        assert list(Workshop.objects.values_list("slug", flat=True)) == ["calistay"]
        workshop.refresh_from_db()
        assert workshop.title == "Stratejik Plan Çalıştayı"

    @pytest.mark.parametrize(
        ("agenda", "code"),
        [
            ([f"Madde {n}" for n in range(41)], "agenda_too_long"),
            (["Açılış", "x" * 201], "agenda_item_too_long"),
        ],
    )
    def test_agenda_limits(self, workshop, strategist, agenda, code):
        with pytest.raises(ValidationError) as caught:
            event.workshop_update(actor=strategist, workshop=workshop, data={"agenda": agenda})
        assert error_codes(caught.value, "agenda") == [code]
        workshop.refresh_from_db()
        assert workshop.agenda == ["Açılış", "Masa çalışmaları"]

    def test_agenda_at_the_limits_is_accepted(self, workshop, strategist):
        agenda = [f"{n:02d} " + "x" * 197 for n in range(40)]
        event.workshop_update(actor=strategist, workshop=workshop, data={"agenda": agenda})
        workshop.refresh_from_db()
        assert workshop.agenda == agenda

    def test_agenda_as_text_is_one_item_per_line(self, workshop, strategist):
        event.workshop_update(actor=strategist, workshop=workshop, data={"agenda": "Açılış\r\n\r\n  Kayıt \nKapanış"})
        workshop.refresh_from_db()
        assert workshop.agenda == ["Açılış", "Kayıt", "Kapanış"]

    @pytest.mark.parametrize(
        ("starts_at", "ends_at", "field", "code"),
        [
            (dt.time(14, 0), dt.time(10, 0), "ends_at", "ends_before_start"),
            (dt.time(10, 0), dt.time(10, 0), "ends_at", "ends_before_start"),
            (None, dt.time(17, 0), "starts_at", "ends_without_start"),
        ],
    )
    def test_workshop_must_end_after_it_starts(self, workshop, strategist, starts_at, ends_at, field, code):
        with pytest.raises(ValidationError) as caught:
            event.workshop_update(
                actor=strategist, workshop=workshop, data={"starts_at": starts_at, "ends_at": ends_at}
            )
        assert error_codes(caught.value, field) == [code]
        workshop.refresh_from_db()
        assert (workshop.starts_at, workshop.ends_at) == (None, None)

    @pytest.mark.parametrize(("dots", "valid"), [(0, False), (1, True), (20, True), (21, False)])
    def test_dots_per_participant_between_1_and_20(self, workshop, strategist, dots, valid):
        if valid:
            event.workshop_update(actor=strategist, workshop=workshop, data={"dots_per_participant": dots})
        else:
            with pytest.raises(ValidationError) as caught:
                event.workshop_update(actor=strategist, workshop=workshop, data={"dots_per_participant": dots})
            assert error_codes(caught.value, "dots_per_participant") == ["dots_out_of_range"]
        workshop.refresh_from_db()
        assert workshop.dots_per_participant == (dots if valid else 3)

    def test_slug_is_unique_within_the_process_only(self, process, workshop, strategist, platform_admin):
        with pytest.raises(ValidationError) as caught:
            event.workshop_create(actor=strategist, process=process, data=workshop_data(slug="calistay"))
        assert error_codes(caught.value, "slug") == ["slug_taken"]
        other = ProcessFactory(organisation=process.organisation)
        event.workshop_create(actor=strategist, process=other, data=workshop_data(slug="calistay"))
        assert Workshop.objects.filter(slug="calistay").count() == 2


class TestFileServices:
    def test_add_stores_the_file_with_its_size_and_uploader(self, media, workshop, strategist):
        item = add_file(strategist, workshop)
        item.refresh_from_db()
        assert (item.title, item.presenter, item.size, item.uploaded_by) == (
            "Ulaşım Ana Planı",
            "Prof. Dr. Ali Kaya",
            len(SLIDES),
            strategist,
        )
        assert item.file.name.startswith("workshops/")
        assert item.file.name.endswith(".pdf")
        assert (media / item.file.name).read_bytes() == SLIDES

    def test_stored_name_is_sanitised_and_short(self, media, workshop, strategist):
        item = add_file(strategist, workshop, upload=upload('Sunum "son" hali; ' + "ç" * 120 + ".PDF"))
        stored = item.file.name.rsplit("/", 1)[-1]
        assert stored == "Sunum_son_hali_" + "ç" * 42 + ".pdf"
        assert (media / item.file.name).exists()

    def test_without_a_title_the_file_name_is_used(self, media, workshop, strategist):
        item = add_file(strategist, workshop, title="  ", upload=upload("Afet Planı.pptx"))
        assert item.title == "Afet Planı"

    @pytest.mark.parametrize("name", ["kurulum.exe", "sunum.pdf.exe", "notlar", "sayfa.html", "betik.svg"])
    def test_other_file_types_are_refused(self, media, workshop, strategist, name):
        with pytest.raises(ValidationError) as caught:
            add_file(strategist, workshop, upload=upload(name))
        assert error_codes(caught.value, "file") == ["file_type"]
        assert not WorkshopFile.objects.exists()
        assert stored_files(media) == []

    @pytest.mark.parametrize(
        "name",
        ["a.pdf", "a.PPTX", "a.ppt", "a.odp", "a.docx", "a.doc", "a.odt", "a.xlsx", "a.ods", "a.png", "a.JPG"],
    )
    def test_allowed_file_types(self, media, workshop, strategist, name):
        add_file(strategist, workshop, upload=upload(name))
        assert WorkshopFile.objects.count() == 1

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("evil.html.pdf", b"<!doctype html><script>alert(1)</script>"),
            ("x.php.png", b"<?php system($_GET['c']); ?>"),
            ("sunum.pptx", CONTENT["docx"]),  # a Word file renamed
            ("tablo.xlsx", CONTENT["odt"]),
            ("metin.odt", CONTENT["ods"]),
            ("eski.doc", PDF),
            ("resim.jpg", PNG),
            ("bozuk.docx", b"PK\x03\x04 not really a zip"),
        ],
    )
    def test_content_that_does_not_match_the_extension_is_refused(self, media, workshop, strategist, name, content):
        with pytest.raises(ValidationError) as caught:
            add_file(strategist, workshop, upload=upload(name, content))
        assert error_codes(caught.value, "file") == ["file_content"]
        assert not WorkshopFile.objects.exists()
        assert stored_files(media) == []

    def test_empty_file_is_refused(self, media, workshop, strategist):
        with pytest.raises(ValidationError) as caught:
            add_file(strategist, workshop, upload=upload(content=b""))
        assert error_codes(caught.value, "file") == ["file_empty"]
        assert not WorkshopFile.objects.exists()

    def test_size_limit_comes_from_the_setting(self, media, settings, workshop, strategist):
        settings.WORKSHOP_FILE_MAX_MB = 1
        with pytest.raises(ValidationError) as caught:
            add_file(strategist, workshop, upload=upload("buyuk.png", PNG + b"x" * (1024 * 1024 + 1 - len(PNG))))
        assert error_codes(caught.value, "file") == ["file_too_large"]
        assert stored_files(media) == []
        add_file(strategist, workshop, upload=upload("tam.png", PNG + b"x" * (1024 * 1024 - len(PNG))))
        assert WorkshopFile.objects.count() == 1

    def test_default_size_limit_is_25_mb(self, settings):
        if hasattr(settings, "WORKSHOP_FILE_MAX_MB"):
            del settings.WORKSHOP_FILE_MAX_MB
        assert event.file_max_bytes() == 25 * 1024 * 1024

    def test_citizen_and_other_organisation_cannot_add_or_delete(self, media, workshop, strategist, citizen, outsider):
        item = add_file(strategist, workshop)
        for actor in (citizen, outsider):
            with pytest.raises(PermissionDenied):
                add_file(actor, workshop, upload=upload("baska.pdf"))
            with pytest.raises(PermissionDenied):
                event.workshop_file_delete(actor=actor, file=item)
        assert list(WorkshopFile.objects.all()) == [item]
        assert stored_files(media) == [item.file.name.rsplit("/", 1)[-1]]

    def test_delete_removes_the_stored_file_after_commit(
        self, media, workshop, strategist, django_capture_on_commit_callbacks
    ):
        item = add_file(strategist, workshop)
        path = media / item.file.name
        with django_capture_on_commit_callbacks() as callbacks:
            event.workshop_file_delete(actor=strategist, file=item)
        assert not WorkshopFile.objects.exists()
        assert path.exists()  # not yet committed
        for callback in callbacks:
            callback()
        assert not path.exists()

    def test_download_name_is_the_title_with_the_extension(self, media, workshop, strategist):
        item = add_file(strategist, workshop, title='Ulaşım / "Ana"\r\nPlan ', upload=upload("x.PPTX"))
        assert event.download_filename(item) == "Ulaşım Ana Plan.pptx"


def manage_url(name, workshop, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug, **kwargs})


def agenda_textarea(html):
    start = html.index('name="agenda"')
    return html[html.index(">", start) + 1 : html.index("</textarea>", start)]


def form_data(workshop, **overrides):
    data = {
        "title": workshop.title,
        "slug": workshop.slug,
        "slogan": workshop.slogan,
        "date": workshop.date.isoformat(),
        "starts_at": "10:00",
        "ends_at": "17:00",
        "venue": workshop.venue,
        "address": "",
        "description": "",
        "agenda": "\n".join(workshop.agenda),
        "dots_per_participant": "3",
    }
    return data | overrides


class TestBackOfficeViews:
    @pytest.mark.parametrize(
        ("name", "kwargs"),
        [
            ("workshop_create", {}),
            ("workshop_edit", {"workshop": "calistay"}),
            ("workshop_files", {"workshop": "calistay"}),
            ("workshop_file_delete", {"workshop": "calistay", "pk": 1}),
        ],
    )
    def test_anonymous_is_sent_to_login(self, client, workshop, name, kwargs):
        response = client.get(reverse(f"manage:{name}", kwargs={"slug": workshop.process.slug, **kwargs}))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_strategy_team_of_another_organisation_gets_404(self, client, workshop, outsider):
        client.force_login(outsider)
        assert client.get(manage_url("workshop_edit", workshop)).status_code == 404
        response = client.post(manage_url("workshop_edit", workshop), form_data(workshop, title="Ele geçirildi"))
        assert response.status_code == 404
        workshop.refresh_from_db()
        assert workshop.title == "Stratejik Plan Çalıştayı"

    def test_overview_lists_workshops_with_their_links(self, client, workshop, strategist):
        client.force_login(strategist)
        html = client.get(reverse("manage:process", kwargs={"slug": workshop.process.slug})).content.decode()
        assert "Stratejik Plan Çalıştayı" in html
        assert manage_url("workshop_edit", workshop) in html
        assert manage_url("workshop_files", workshop) in html
        assert reverse("manage:workshop_create", kwargs={"slug": workshop.process.slug}) in html

    def test_create_form(self, client, process, strategist):
        client.force_login(strategist)
        url = reverse("manage:workshop_create", kwargs={"slug": process.slug})
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "title": "Gençlik Çalıştayı",
                "slug": "genclik",
                "date": "2024-11-09",
                "venue": "Gençlik Merkezi",
                "agenda": "Açılış\nMasa çalışmaları",
                "dots_per_participant": "5",
            },
        )
        assert response.status_code == 302
        created = process.workshops.get(slug="genclik")
        assert (created.title, created.agenda, created.dots_per_participant) == (
            "Gençlik Çalıştayı",
            ["Açılış", "Masa çalışmaları"],
            5,
        )

    def test_edit_form_saves_and_the_agenda_round_trips(self, client, workshop, strategist):
        client.force_login(strategist)
        url = manage_url("workshop_edit", workshop)
        assert agenda_textarea(client.get(url).content.decode()).strip() == "Açılış\nMasa çalışmaları"
        agenda = "09.30 Kayıt\r\n\r\n10.00 Açılış konuşmaları\r\n   \r\n11.00 Masa çalışmaları  \r\n"
        response = client.post(url, form_data(workshop, title="Stratejik Plan Çalıştayı 2024", agenda=agenda))
        assert response.status_code == 302
        workshop.refresh_from_db()
        assert workshop.title == "Stratejik Plan Çalıştayı 2024"
        assert workshop.agenda == ["09.30 Kayıt", "10.00 Açılış konuşmaları", "11.00 Masa çalışmaları"]
        assert (workshop.starts_at, workshop.ends_at) == (dt.time(10, 0), dt.time(17, 0))
        html = client.get(url).content.decode()
        assert agenda_textarea(html).strip() == "09.30 Kayıt\n10.00 Açılış konuşmaları\n11.00 Masa çalışmaları"
        public = client.get(workshop.get_absolute_url()).content.decode()
        assert "<li>10.00 Açılış konuşmaları</li>" in public

    @pytest.mark.parametrize(
        "overrides",
        [
            {"agenda": "\n".join(f"Madde {n}" for n in range(41))},
            {"agenda": "x" * 201},
            {"starts_at": "17:00", "ends_at": "10:00"},
            {"dots_per_participant": "21"},
        ],
    )
    def test_invalid_edit_is_refused_and_nothing_changes(self, client, workshop, strategist, overrides):
        client.force_login(strategist)
        response = client.post(manage_url("workshop_edit", workshop), form_data(workshop, title="Yeni", **overrides))
        assert response.status_code == 400
        assert 'class="field has-error"' in response.content.decode()
        workshop.refresh_from_db()
        assert (workshop.title, workshop.agenda) == ("Stratejik Plan Çalıştayı", ["Açılış", "Masa çalışmaları"])

    def test_files_page_empty_state_and_multipart_form(self, client, workshop, strategist):
        client.force_login(strategist)
        html = client.get(manage_url("workshop_files", workshop)).content.decode()
        assert 'class="empty-state"' in html
        assert 'enctype="multipart/form-data"' in html

    def test_upload_shows_in_the_list_and_on_the_public_page(self, client, media, workshop, strategist):
        client.force_login(strategist)
        url = manage_url("workshop_files", workshop)
        response = client.post(url, {"title": "Ulaşım Ana Planı", "presenter": "Prof. Dr. Ali Kaya", "file": upload()})
        assert response.status_code == 302 and response.url == url
        item = WorkshopFile.objects.get()
        download = reverse(
            "workshop_file", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug, "pk": item.pk}
        )
        html = client.get(url).content.decode()
        assert 'class="empty-state"' not in html
        assert "Ulaşım Ana Planı" in html and "Prof. Dr. Ali Kaya" in html
        assert strategist.display_name in html
        assert f"{len(SLIDES)}\xa0bayt" in html
        assert download in html
        client.logout()
        public = client.get(workshop.get_absolute_url()).content.decode()
        assert "Ulaşım Ana Planı" in public and "Prof. Dr. Ali Kaya" in public and download in public

    def test_public_page_without_files_has_no_files_section(self, client, workshop):
        response = client.get(workshop.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200 and "<h1>Stratejik Plan Çalıştayı</h1>" in html
        assert 'id="workshop-files"' not in html

    def test_upload_of_a_renamed_page_shows_the_turkish_error(self, client, media, workshop, strategist):
        client.force_login(strategist)
        response = client.post(
            manage_url("workshop_files", workshop), {"title": "Kötü", "file": upload("evil.html.pdf", b"<html>")}
        )
        assert response.status_code == 400
        assert "Bu dosyanın içeriği bir PDF dosyası değil." in response.content.decode()
        assert not WorkshopFile.objects.exists()
        assert stored_files(media) == []

    def test_upload_of_a_refused_type_shows_the_error(self, client, media, workshop, strategist):
        client.force_login(strategist)
        response = client.post(manage_url("workshop_files", workshop), {"title": "Kötü", "file": upload("a.exe")})
        assert response.status_code == 400
        assert 'class="field has-error"' in response.content.decode()
        assert not WorkshopFile.objects.exists()
        assert stored_files(media) == []

    def test_delete_asks_then_deletes_the_row_and_the_stored_file(
        self, client, media, workshop, strategist, django_capture_on_commit_callbacks
    ):
        item = add_file(strategist, workshop)
        path = media / item.file.name
        client.force_login(strategist)
        url = manage_url("workshop_file_delete", workshop, pk=item.pk)
        response = client.get(url)
        assert response.status_code == 200 and "Ulaşım Ana Planı" in response.content.decode()
        assert WorkshopFile.objects.filter(pk=item.pk).exists() and path.exists()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302 and response.url == manage_url("workshop_files", workshop)
        assert not WorkshopFile.objects.filter(pk=item.pk).exists()
        assert not path.exists()

    def test_another_process_workshop_and_file_give_404(self, client, media, process, workshop, strategist):
        other = WorkshopFactory(process=ProcessFactory(organisation=process.organisation), slug="baska")
        theirs = add_file(strategist, other)
        client.force_login(strategist)
        # The other process's workshop under this process's address.
        edit = reverse("manage:workshop_edit", kwargs={"slug": process.slug, "workshop": other.slug})
        assert client.get(edit).status_code == 404
        # The other workshop's file under this workshop's address.
        delete = manage_url("workshop_file_delete", workshop, pk=theirs.pk)
        assert client.get(delete).status_code == 404
        assert client.post(delete).status_code == 404
        public = reverse("workshop_file", kwargs={"slug": process.slug, "workshop": workshop.slug, "pk": theirs.pk})
        response = client.get(public)
        assert response.status_code == 404 and "Bu çalıştayın bu adreste bir dosyası yok." in response.content.decode()
        assert WorkshopFile.objects.filter(pk=theirs.pk).exists()
        assert (media / theirs.file.name).exists()


class TestDownload:
    def test_download_returns_the_bytes_as_an_attachment(self, client, media, workshop, strategist):
        item = add_file(strategist, workshop, title="Ulaşım Ana Planı")
        url = reverse("workshop_file", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug, "pk": item.pk})
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == SLIDES
        assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("Ulaşım Ana Planı.pdf")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_images_download_as_attachments_too(self, client, media, workshop, strategist):
        item = add_file(strategist, workshop, title="Kroki", upload=upload("kroki.png"))
        url = reverse("workshop_file", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug, "pk": item.pk})
        response = client.get(url)
        assert response["Content-Disposition"] == 'attachment; filename="Kroki.png"'
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_uploads_are_not_served_from_the_media_address_even_in_development(
        self, client, media, settings, workshop, strategist
    ):
        import importlib

        from django.urls import clear_url_caches

        import ortakakil.urls

        item = add_file(strategist, workshop)
        settings.DEBUG = True
        try:
            importlib.reload(ortakakil.urls)  # the URLs as development builds them
            clear_url_caches()
            assert client.get(settings.MEDIA_URL + item.file.name).status_code == 404
        finally:
            settings.DEBUG = False
            importlib.reload(ortakakil.urls)
            clear_url_caches()

    def test_ascii_title_gives_a_plain_filename(self, client, media, workshop, strategist):
        item = add_file(strategist, workshop, title="Sunum 1", upload=upload("s.docx"))
        url = reverse("workshop_file", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug, "pk": item.pk})
        assert client.get(url)["Content-Disposition"] == 'attachment; filename="Sunum 1.docx"'

    def test_unpublished_process_files_are_hidden_from_the_public(self, client, media, process, workshop, strategist):
        item = add_file(strategist, workshop)
        process.is_published = False
        process.save()
        url = reverse("workshop_file", kwargs={"slug": process.slug, "workshop": workshop.slug, "pk": item.pk})
        assert client.get(url).status_code == 404
        client.force_login(strategist)
        assert client.get(url).status_code == 200

    def test_missing_stored_file_gives_404(self, client, media, workshop, strategist):
        item = add_file(strategist, workshop)
        (media / item.file.name).unlink()
        url = reverse("workshop_file", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug, "pk": item.pk})
        response = client.get(url)
        assert response.status_code == 404 and "Bu çalıştayın bu adreste bir dosyası yok." in response.content.decode()
