"""Pictures and PDF documents on proposals and comments: checked by content, size-limited before
anything is stored, re-encoded without metadata, served only to those who may see them, and gone
again when their request fails."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from ortakakil.core.files import atomic_with_files, delete_on_commit
from ortakakil.core.models import Role
from ortakakil.proposals import attachments, services
from ortakakil.proposals.models import Attachment, Comment, Proposal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def png(size=(800, 600), *, exif: Image.Exif | None = None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, "PNG", exif=exif)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def jpeg(size=(640, 480), *, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif if exif is not None else b"")
    return out.getvalue()


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraMarka"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (39.0, 55.0, 30.0)
    gps[3] = "E"
    gps[4] = (32.0, 51.0, 15.0)
    if orientation:
        exif[0x0112] = orientation
    return exif


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def create_url(process) -> str:
    return reverse("proposal_create", kwargs={"slug": process.slug})


def proposal_post(theme, **files) -> dict:
    return {
        "theme": theme.pk,
        "title": "Parktaki kırık bank",
        "body": "Kuğulu Park'taki bank kırık, onarılsın.",
        **files,
    }


# -- checks by content and size ---------------------------------------------------------------


def test_a_20_mb_image_is_refused_in_turkish_before_anything_is_stored(client, process, theme, author, media):
    client.force_login(author)
    big = png() + b"\0" * (20 * 1024 * 1024)
    response = client.post(
        create_url(process), proposal_post(theme, image_1=upload("buyuk.png", big), alt_1="Kırık bank")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“buyuk.png” 8 MB&#x27;tan büyük; kaydedilmedi." in html
    assert "Parktaki kırık bank" in html  # the typed text is kept
    assert not Proposal.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def test_the_upload_handler_stops_reading_a_file_past_its_limit(rf, settings):
    settings.PROPOSAL_IMAGE_MAX_MB = 1
    request = rf.post("/")
    handler = attachments.BoundedUploadHandler(request)
    handler.new_file("image_1", "kocaman.jpg", "image/jpeg", None)
    chunk = b"\xff\xd8\xff" + b"\0" * (64 * 1024 - 3)
    for start in range(0, 1024 * 1024, len(chunk)):
        assert handler.receive_data_chunk(chunk, start) == chunk
    with pytest.raises(attachments.SkipFile):
        handler.receive_data_chunk(chunk, 1024 * 1024)
    assert request.refused_uploads == {"image_1": "“kocaman.jpg” 1 MB'tan büyük; kaydedilmedi."}


def test_a_pdf_gets_the_documents_limit_in_the_upload_handler(rf, settings):
    settings.PROPOSAL_IMAGE_MAX_MB = 1
    settings.PROPOSAL_DOCUMENT_MAX_MB = 2
    request = rf.post("/")
    handler = attachments.BoundedUploadHandler(request)
    handler.new_file("document_1", "rapor.pdf", "application/pdf", None)
    chunk = PDF + b"\0" * (1024 * 1024)
    assert handler.receive_data_chunk(chunk, 0) == chunk  # past the image limit, within the PDF one
    with pytest.raises(attachments.SkipFile):
        handler.receive_data_chunk(b"\0" * (1024 * 1024), len(chunk))


def test_an_oversized_file_is_refused_from_its_size_without_reading_it(settings):
    settings.PROPOSAL_IMAGE_MAX_MB = 1
    file = upload("a.png", png())
    file.size = 5 * 1024 * 1024  # the size alone decides
    with pytest.raises(ValidationError) as error:
        attachments.prepare_image(file, "Bir resim")
    assert error.value.messages == ["“a.png” 1 MB'tan büyük; kaydedilmedi."]


def test_a_text_file_named_jpg_is_refused(client, process, theme, author, media):
    client.force_login(author)
    fake = upload("foto.jpg", b"<html><script>alert(1)</script></html>\n" * 20)
    response = client.post(create_url(process), proposal_post(theme, image_1=fake, alt_1="Bank"))
    assert response.status_code == 400
    assert "“foto.jpg” bir JPEG, PNG ya da WebP resmi değil" in response.content.decode()
    assert not Proposal.objects.exists() and stored_files(media) == []


def test_a_broken_image_with_a_good_signature_is_refused():
    truncated = png()[:200]
    with pytest.raises(ValidationError) as error:
        attachments.prepare_image(upload("yarim.png", truncated), "Bank")
    assert "bir JPEG, PNG ya da WebP resmi değil" in error.value.messages[0]


def test_a_truncated_image_is_refused_also_after_weasyprint_made_pillow_lenient(monkeypatch):
    """WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process when imported."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = png()
    with pytest.raises(ValidationError):
        attachments.prepare_image(upload("yarim.png", whole[: len(whole) // 2]), "Bank")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # given back


def test_a_decompression_bomb_is_refused():
    bomb = png(size=(8000, 6000))  # 48 megapixels of one colour: a small file
    with pytest.raises(ValidationError) as error:
        attachments.prepare_image(upload("bomba.png", bomb), "Bank")
    assert error.value.messages == ["“bomba.png” çok fazla piksel içeriyor (en çok 40 megapiksel)."]


def test_a_pdf_must_start_with_its_signature():
    with pytest.raises(ValidationError) as error:
        attachments.prepare_document(upload("rapor.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))
    assert error.value.messages == ["“rapor.pdf” bir PDF belgesi değil; yalnızca PDF belgeleri eklenebilir."]
    assert attachments.prepare_document(upload("rapor.pdf", PDF)).content == PDF


def test_alt_text_is_required_for_every_image(client, process, theme, author, media):
    client.force_login(author)
    response = client.post(create_url(process), proposal_post(theme, image_1=upload("a.png", png()), alt_1="  "))
    assert response.status_code == 400
    assert "Resim açıklaması boş bırakılamaz." in response.content.decode()
    assert not Proposal.objects.exists() and stored_files(media) == []
    with pytest.raises(ValidationError):
        attachments.prepare_image(upload("a.png", png()), "x" * 201)


# -- re-encoding --------------------------------------------------------------------------------


def test_a_png_with_gps_exif_comes_out_without_any_metadata():
    data = png(exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the GPS position is there
    prepared = attachments.prepare_image(upload("konum.png", data), "Kırık bank")
    cleaned = Image.open(io.BytesIO(prepared.content))
    assert cleaned.format == "PNG"
    assert dict(cleaned.getexif()) == {}
    assert not {"exif", "icc_profile", "XML:com.adobe.xmp"} & set(cleaned.info)
    assert b"KameraMarka" not in prepared.content and b"Exif" not in prepared.content


def test_a_jpeg_is_turned_upright_capped_and_stripped():
    data = jpeg(size=(3000, 1000), exif=gps_exif(orientation=6))  # 6: rotate 90° clockwise to show
    prepared = attachments.prepare_image(upload("yan.jpg", data), "Yol")
    cleaned = Image.open(io.BytesIO(prepared.content))
    assert cleaned.format == "JPEG"
    assert (prepared.width, prepared.height) == (cleaned.width, cleaned.height)
    assert cleaned.height == attachments.LONG_SIDE and cleaned.width < cleaned.height  # upright, capped
    assert dict(cleaned.getexif()) == {}
    thumb = Image.open(io.BytesIO(prepared.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) == attachments.THUMB_SIDE


# -- the proposal form, storage and rollback ------------------------------------------------------


def test_a_proposal_with_a_picture_and_a_pdf(client, process, theme, author, media):
    client.force_login(author)
    response = client.post(
        create_url(process),
        proposal_post(
            theme,
            image_1=upload("bank.png", png(exif=gps_exif())),
            alt_1="Kırık bank, Kuğulu Park",
            document_1=upload("dilekce.pdf", PDF, "application/pdf"),
        ),
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    image, document = sorted(proposal.attachments.all(), key=lambda a: a.kind != "image")
    assert (image.kind, image.alt_text, image.original_name, image.uploaded_by) == (
        "image",
        "Kırık bank, Kuğulu Park",
        "bank.png",
        author,
    )
    assert (image.width, image.height) == (800, 600)
    assert (media / image.file.name).is_file() and (media / image.thumbnail.name).is_file()
    assert Image.open(media / image.thumbnail.name).size == (480, 360)
    assert "bank" not in image.file.name  # stored under a random name
    assert (document.kind, document.size, document.thumbnail.name) == ("document", len(PDF), "")
    assert len(stored_files(media)) == 3
    html = client.get(proposal.get_absolute_url()).content.decode()
    thumb_url = reverse("proposal_attachment_thumb", args=[process.slug, proposal.pk, image.pk])
    assert f'src="{thumb_url}" alt="Kırık bank, Kuğulu Park"' in html
    assert "dilekce.pdf" in html


def test_the_create_form_accepts_files(client, process, author):
    client.force_login(author)
    html = client.get(create_url(process)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="image_4"' in html and 'name="alt_4"' in html and 'name="document_2"' in html
    assert 'name="image_5"' not in html


def test_files_stored_in_a_request_that_fails_are_removed(client, process, theme, author, media, monkeypatch):
    client.force_login(author)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Attachment, "save", fail)  # after the file and its thumbnail are stored
    with pytest.raises(RuntimeError):
        client.post(create_url(process), proposal_post(theme, image_1=upload("a.png", png()), alt_1="Bank"))
    assert stored_files(media) == []
    assert not Proposal.objects.exists()


def test_atomic_with_files_keeps_its_files_when_the_block_succeeds(author, proposal, media):
    prepared = [attachments.prepare_image(upload("a.png", png()), "Bank")]
    with atomic_with_files() as stored:
        attachments.attachments_add(actor=author, proposal=proposal, prepared=prepared, stored=stored)
    assert len(stored_files(media)) == 2
    with pytest.raises(ValidationError), atomic_with_files() as stored:
        attachments.attachments_add(actor=author, proposal=proposal, prepared=prepared, stored=stored)
        raise ValidationError("sonra bir hata")
    assert len(stored_files(media)) == 2 and proposal.attachments.count() == 1


def test_at_most_n_images_and_m_documents(author, proposal, settings, media):
    settings.PROPOSAL_MAX_IMAGES = 2
    settings.PROPOSAL_MAX_DOCUMENTS = 1
    image = attachments.prepare_image(upload("a.png", png()), "Bank")
    document = attachments.prepare_document(upload("r.pdf", PDF))
    with atomic_with_files() as stored:
        attachments.attachments_add(actor=author, proposal=proposal, prepared=[image, document], stored=stored)
    for extra, message in (
        ([image, image], "En çok 2 resim eklenebilir."),
        ([document], "En çok 1 PDF belgesi eklenebilir."),
    ):
        with pytest.raises(ValidationError) as error, atomic_with_files() as stored:
            attachments.attachments_add(actor=author, proposal=proposal, prepared=extra, stored=stored)
        assert error.value.messages == [message]
    assert proposal.attachments.count() == 2 and len(stored_files(media)) == 3


def test_only_the_author_attaches(proposal, citizens):
    image = attachments.prepare_image(upload("a.png", png()), "Bank")
    with pytest.raises(PermissionDenied), atomic_with_files() as stored:
        attachments.attachments_add(actor=citizens[0], proposal=proposal, prepared=[image], stored=stored)
    assert not Attachment.objects.exists()


def test_a_comment_with_a_picture(client, process, proposal, citizens, media):
    client.force_login(citizens[0])
    url = reverse("proposal_comment", kwargs={"slug": process.slug, "pk": proposal.pk})
    response = client.post(
        url, {"body": "Ben de gördüm.", "stance": "for", "image_1": upload("b.jpg", jpeg()), "alt_1": "Bank"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    attachment = comment.attachments.get()
    assert attachment.proposal_id is None and attachment.alt_text == "Bank"
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("proposal_attachment_thumb", args=[process.slug, proposal.pk, attachment.pk]) in html


def test_a_comment_with_a_bad_file_is_not_published(client, process, proposal, citizens, media):
    client.force_login(citizens[0])
    url = reverse("proposal_comment", kwargs={"slug": process.slug, "pk": proposal.pk})
    response = client.post(
        url, {"body": "Ben de gördüm.", "stance": "for", "image_1": upload("b.jpg", b"hello"), "alt_1": "Bank"}
    )
    assert response.status_code == 302
    assert not Comment.objects.exists() and stored_files(media) == []
    html = client.get(response.url).content.decode()
    assert "“b.jpg” bir JPEG, PNG ya da WebP resmi değil" in html


# -- serving ------------------------------------------------------------------------------------


@pytest.fixture
def with_files(author, proposal):
    prepared = [
        attachments.prepare_image(upload("bank.png", png()), "Bank"),
        attachments.prepare_document(upload("dilekçe ek.pdf", PDF)),
    ]
    with atomic_with_files() as stored:
        return attachments.attachments_add(actor=author, proposal=proposal, prepared=prepared, stored=stored)


def file_url(proposal, attachment, thumb=False):
    name = "proposal_attachment_thumb" if thumb else "proposal_attachment"
    return reverse(name, args=[proposal.process.slug, proposal.pk, attachment.pk])


def test_images_are_served_inline_with_nosniff(client, proposal, with_files):
    image, _document = with_files
    response = client.get(file_url(proposal, image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["Cache-Control"] == "private, max-age=3600"
    thumb = client.get(file_url(proposal, image, thumb=True))
    assert thumb["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size == (480, 360)


def test_a_pdf_is_always_downloaded(client, proposal, with_files):
    _image, document = with_files
    response = client.get(file_url(proposal, document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert client.get(file_url(proposal, document, thumb=True)).status_code == 404


def test_a_hidden_proposals_files_are_a_404_for_the_public(client, proposal, with_files, make_user):
    image, document = with_files
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=True)
    for attachment in (image, document):
        assert client.get(file_url(proposal, attachment)).status_code == 404
        assert client.get(file_url(proposal, attachment, thumb=True)).status_code == 404
    client.force_login(make_user(Role.CITIZEN, username="baska"))
    assert client.get(file_url(proposal, image)).status_code == 404
    client.force_login(make_user(Role.PLATFORM_ADMIN, username="moderator"))
    response = client.get(file_url(proposal, image))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_a_file_of_another_proposal_is_a_404(client, process, theme, proposal, with_files, citizens):
    other = services.proposal_create(
        actor=citizens[0], process=process, theme=theme, title="Başka bir öneri", body="Bambaşka bir önerinin metni."
    )
    assert client.get(file_url(other, with_files[0])).status_code == 404


# -- deletion, «Verilerim», API ------------------------------------------------------------------


def test_deleting_an_attachment_deletes_its_files_on_commit(
    proposal, with_files, media, django_capture_on_commit_callbacks
):
    assert len(stored_files(media)) == 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with_files[0].delete()
    assert len(stored_files(media)) == 3  # not before the commit
    for callback in callbacks:
        callback()
    assert len(stored_files(media)) == 1


def test_a_rolled_back_deletion_keeps_the_files(media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("x/keep.txt", ContentFile(b"data"))
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_on_commit([name])
        raise RuntimeError
    assert default_storage.exists(name)


def test_my_data_lists_the_files_and_erasure_removes_them(
    author, proposal, with_files, media, django_capture_on_commit_callbacks
):
    from ortakakil.proposals.personal_data import erase, sections

    section = next(s for s in sections(author) if s.key == "attachments")
    assert [row["name"] for row in section.rows] == ["bank.png", "dilekçe ek.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        erase(author)
    assert not Attachment.objects.exists() and stored_files(media) == []
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_the_api_lists_image_urls(client, process, proposal, with_files):
    image, _document = with_files
    expected = ["http://testserver" + file_url(proposal, image)]
    listed = client.get("/api/v1/proposals/", {"process": process.slug}).json()
    assert listed["results"][0]["images"] == expected
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").json()["images"] == expected


def test_the_api_list_loads_the_pictures_in_one_query(client, process, theme, make_user, media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/proposals/", {"process": process.slug}).status_code == 200
        return len(captured)

    def propose_with_picture(n: int) -> None:
        author = make_user(Role.CITIZEN, username=f"resimli{n}")
        proposal = services.proposal_create(
            actor=author, process=process, theme=theme, title=f"Resimli öneri {n}", body=f"Resimli önerinin metni {n}."
        )
        image = attachments.prepare_image(upload("a.png", png(size=(40, 30))), "Bank")
        with atomic_with_files() as stored:
            attachments.attachments_add(actor=author, proposal=proposal, prepared=[image, image], stored=stored)

    propose_with_picture(0)
    few = count()
    for n in range(1, 6):
        propose_with_picture(n)
    assert count() == few


def test_the_author_adds_a_picture_while_editing_within_the_limits(client, process, proposal, author, settings, media):
    settings.PROPOSAL_MAX_IMAGES = 1
    client.force_login(author)
    url = reverse("proposal_edit", kwargs={"slug": process.slug, "pk": proposal.pk})
    data = {"title": proposal.title, "body": proposal.body, "district": "Sincan"}
    response = client.post(url, {**data, "image_1": upload("a.png", png()), "alt_1": "Otobüs durağı"})
    assert response.status_code == 302
    assert proposal.attachments.get().alt_text == "Otobüs durağı"
    response = client.post(
        url, {**data, "title": "Yeni başlık burada", "image_1": upload("b.png", png()), "alt_1": "İkinci"}
    )
    assert response.status_code == 400
    assert "En çok 1 resim eklenebilir." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title != "Yeni başlık burada"  # nothing half-written
    assert proposal.attachments.count() == 1 and len(stored_files(media)) == 2


def test_no_picture_is_added_after_the_edit_window(client, process, proposal, author, settings, media):
    settings.PROPOSAL_EDIT_MINUTES = 0
    Proposal.objects.filter(pk=proposal.pk).update(created_at=proposal.created_at.replace(year=2020))
    client.force_login(author)
    url = reverse("proposal_edit", kwargs={"slug": process.slug, "pk": proposal.pk})
    response = client.post(
        url, {"title": proposal.title, "body": proposal.body, "image_1": upload("a.png", png()), "alt_1": "Geç"}
    )
    assert response.status_code == 400
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_uploads_are_rate_limited(client, process, theme, author, settings, media):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "attachment_upload": ("1/h", "10/h")}
    client.force_login(author)
    first = client.post(create_url(process), proposal_post(theme, image_1=upload("a.png", png()), alt_1="Bank"))
    assert first.status_code == 302
    data = {
        **proposal_post(theme),
        "title": "Başka bir kırık bank",
        "body": "Kuğulu Park'ın öbür ucundaki bank da kırık.",
    }
    second = client.post(create_url(process), {**data, "image_1": upload("b.png", png()), "alt_1": "Öbür bank"})
    assert second.status_code == 429
    assert "Bu işlemi çok sık yapıyorsunuz" in second.content.decode()
    assert Proposal.objects.count() == 1 and len(stored_files(media)) == 2
