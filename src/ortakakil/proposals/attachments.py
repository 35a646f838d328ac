"""Ekler — pictures and PDF documents on proposals and comments: checking, re-encoding, storing,
deleting.

The type of a file is read from its bytes (``filetype`` and, for images, Pillow opening and fully
decoding it), never from its name or the browser's content type: a text file named ``x.jpg`` is
refused. Sizes are checked before anything is written to storage, and a request's upload handler
(``bounded_uploads``) stops reading a file as soon as it passes its limit, so a 20 MB image
never even fills a temporary file. Images are re-encoded: the camera's orientation applied, every
piece of metadata dropped (EXIF with its GPS position, XMP, ICC profiles, text chunks), the long
side capped at ``LONG_SIDE`` px, plus a ``THUMB_SIDE`` px JPEG thumbnail. PDFs are stored as they
are and always downloaded, never shown inline.

Limits (settings, with these defaults): ``PROPOSAL_MAX_IMAGES`` (4) and ``PROPOSAL_MAX_DOCUMENTS``
(2) per proposal and per comment, ``PROPOSAL_IMAGE_MAX_MB`` (8), ``PROPOSAL_DOCUMENT_MAX_MB`` (10).
Files stored inside a request that then fails are removed (``core.files.atomic_with_files``);
a deleted attachment row loses its files when the deletion commits.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import PurePath
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from PIL import Image, ImageFile, ImageOps

from ortakakil.core import text
from ortakakil.core.files import StoredFiles, delete_on_commit
from ortakakil.core.models import User
from ortakakil.core.personal_data import Section, local_time, section
from ortakakil.core.validation import clean_text

from .models import Attachment, Comment, Proposal, attachment_path

SCOPE = "attachment_upload"
LONG_SIDE = 2560
THUMB_SIDE = 480
MAX_PIXELS = 40_000_000
"""Larger images (a 6,400 × 6,400 "decompression bomb" expands to 160 MB of pixels) are refused."""
ALT_MAX = 200
NAME_MAX = 150
IMAGE_TYPES = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}
PDF_SIGNATURE = b"%PDF-"


def max_images() -> int:
    return int(getattr(settings, "PROPOSAL_MAX_IMAGES", 4))


def max_documents() -> int:
    return int(getattr(settings, "PROPOSAL_MAX_DOCUMENTS", 2))


def image_max_mb() -> int:
    return int(getattr(settings, "PROPOSAL_IMAGE_MAX_MB", 8))


def document_max_mb() -> int:
    return int(getattr(settings, "PROPOSAL_DOCUMENT_MAX_MB", 10))


def _too_large(name: str, limit_mb: int) -> str:
    return _("“%(name)s” is larger than %(limit)d MB; it was not saved.") % {"name": name, "limit": limit_mb}


@dataclass(frozen=True)
class Prepared:
    """A checked file, ready to be stored: the bytes to keep (re-encoded for images)."""

    kind: str
    extension: str
    content: bytes
    original_name: str
    alt_text: str = ""
    width: int | None = None
    height: int | None = None
    thumbnail: bytes = b""


def display_name(name: str | None, default: str) -> str:
    """The uploader's file name as shown (never used to store): its last part, visible
    characters only, at most ``NAME_MAX`` characters."""
    visible = text.visible(PurePath((name or "").replace("\\", "/")).name)
    cleaned = "".join(char for char in visible if char.isprintable()).strip()
    return cleaned[:NAME_MAX] or default


def _read(upload: UploadedFile, limit_mb: int, name: str) -> bytes:
    """The upload's bytes, its size checked first (nothing is read from a too large file)."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    if size > limit_mb * 1024 * 1024:
        raise ValidationError(_too_large(name, limit_mb), code="file_too_large")
    upload.seek(0)
    data = upload.read(limit_mb * 1024 * 1024 + 1)
    if len(data) > limit_mb * 1024 * 1024:  # a size that lied
        raise ValidationError(_too_large(name, limit_mb), code="file_too_large")
    return data


def _not_an_image(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP image; only such pictures can be attached.") % {"name": name},
        code="file_content",
    )


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _without_metadata(image: Image.Image) -> Image.Image:
    """The pixels alone: a new image built from the raw bytes carries no EXIF, XMP, ICC profile
    or text chunk, whatever the encoder would otherwise copy from ``info``."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


_STRICT = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode with Pillow's refusal of truncated files on. WeasyPrint turns
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` on for the whole process when it is imported (it is lenient
    with pictures in documents), after which a truncated upload would load padded with grey; the
    documents we render embed only pictures we drew, so the strict setting is kept while an upload
    is decoded and the previous one given back after."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def prepare_image(upload: UploadedFile, alt_text: str | None, *, field: str = "image") -> Prepared:
    """Check and re-encode an uploaded picture; a Turkish ``ValidationError`` when it is empty,
    too large, not an image, a decompression bomb, or has no description (``alt_text``)."""
    name = display_name(upload.name, "resim")
    alt = clean_text(alt_text, field=field, label=_("Image description"), max_length=ALT_MAX)
    data = _read(upload, image_max_mb(), name)
    kind = filetype.guess(data[:8192])
    if kind is None or kind.extension not in IMAGE_TYPES:
        raise _not_an_image(name)
    extension = kind.extension
    try:
        with _strict_decoding(), warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[IMAGE_TYPES[extension]]) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                opened.load()
                image = ImageOps.exif_transpose(opened) or opened
                image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
                clean = _without_metadata(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("“%(name)s” has too many pixels (at most %(max)d megapixels).")
            % {"name": name, "max": MAX_PIXELS // 10**6},
            code="file_bomb",
        ) from None
    except (OSError, SyntaxError, ValueError, TypeError, EOFError):  # truncated or malformed data
        raise _not_an_image(name) from None
    if clean.mode == "RGBA" and extension == "jpg":
        extension = "png"  # JPEG has no transparency; cannot happen for a real JPEG, but be safe
    content = _encode(clean, IMAGE_TYPES[extension])
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    if thumb.mode == "RGBA":
        background = Image.new("RGB", thumb.size, (255, 255, 255))
        background.paste(thumb, mask=thumb.getchannel("A"))
        thumb = background
    return Prepared(
        kind=Attachment.Kind.IMAGE,
        extension=extension,
        content=content,
        original_name=name,
        alt_text=alt,
        width=clean.width,
        height=clean.height,
        thumbnail=_encode(thumb, "JPEG"),
    )


def prepare_document(upload: UploadedFile) -> Prepared:
    """Check an uploaded PDF (its signature and size); it is kept byte for byte."""
    name = display_name(upload.name, "belge.pdf")
    data = _read(upload, document_max_mb(), name)
    if not data.startswith(PDF_SIGNATURE):
        raise ValidationError(
            _("“%(name)s” is not a PDF document; only PDF documents can be attached.") % {"name": name},
            code="file_content",
        )
    return Prepared(kind=Attachment.Kind.DOCUMENT, extension="pdf", content=data, original_name=name)


def _require_room(existing: QuerySet[Attachment], prepared: Sequence[Prepared]) -> None:
    images = sum(1 for item in prepared if item.kind == Attachment.Kind.IMAGE)
    documents = len(prepared) - images
    had_images = existing.filter(kind=Attachment.Kind.IMAGE).count() if images else 0
    had_documents = existing.filter(kind=Attachment.Kind.DOCUMENT).count() if documents else 0
    if images and had_images + images > max_images():
        raise ValidationError(_("At most %(n)d images can be attached.") % {"n": max_images()}, code="too_many")
    if documents and had_documents + documents > max_documents():
        raise ValidationError(
            _("At most %(n)d PDF documents can be attached.") % {"n": max_documents()}, code="too_many"
        )


@transaction.atomic
def attachments_add(
    *,
    actor: User,
    prepared: Sequence[Prepared],
    stored: StoredFiles,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
) -> list[Attachment]:
    """Attach checked files to the actor's own proposal or comment (exactly one of them), within
    the limits per kind. Call it inside ``core.files.atomic_with_files()`` (``stored``): when the
    request fails later, the files go with the rows."""
    if (proposal is None) == (comment is None):
        raise ValueError("attach to a proposal or to a comment")
    target: Proposal | Comment = proposal if proposal is not None else comment  # type: ignore[assignment]
    if not actor.is_authenticated or target.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can attach files."))
    if target.is_hidden:
        raise ValidationError(_("Files cannot be attached to hidden content."))
    if not prepared:
        return []
    # Lock the target so that two requests cannot both pass the count check.
    type(target).objects.select_for_update().filter(pk=target.pk).first()
    existing = Attachment.objects.filter(proposal=proposal) if proposal else Attachment.objects.filter(comment=comment)
    _require_room(existing, prepared)
    created = []
    for item in prepared:
        attachment = Attachment(
            proposal=proposal,
            comment=comment,
            kind=item.kind,
            alt_text=item.alt_text,
            original_name=item.original_name,
            size=len(item.content),
            width=item.width,
            height=item.height,
            uploaded_by=actor,
        )
        attachment.file.name = stored.save(
            attachment_path(attachment, f"file.{item.extension}"), ContentFile(item.content)
        )
        if item.thumbnail:
            attachment.thumbnail.name = stored.save(
                attachment_path(attachment, "thumb.jpg"), ContentFile(item.thumbnail)
            )
        attachment.save()
        created.append(attachment)
    return created


def forget_files(sender: Any, instance: Attachment, **kwargs: Any) -> None:
    """``post_delete`` of an attachment (erasure, a deleted proposal's cascade): its files are
    deleted when the deletion commits."""
    delete_on_commit([instance.file.name, instance.thumbnail.name])


def content_type(attachment: Attachment, *, thumbnail: bool = False) -> str:
    name = attachment.thumbnail.name if thumbnail else attachment.file.name
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def images_prefetch(to_attr: str = "image_attachments") -> Prefetch[Any]:
    """Load the image attachments of many proposals in one query (``proposal.<to_attr>``)."""
    return Prefetch("attachments", queryset=Attachment.objects.filter(kind=Attachment.Kind.IMAGE), to_attr=to_attr)


# -- uploads ------------------------------------------------------------------------------------


class BoundedUploadHandler(FileUploadHandler):
    """Stops reading an uploaded file as soon as it passes its limit (a PDF's when its bytes
    start with ``%PDF-``, an image's otherwise): the rest of the file is skipped, never written
    to a temporary file, and the refusal is kept on ``request.refused_uploads`` (field name →
    Turkish message) for the form to show."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.limit_mb = image_max_mb()
        if request is not None and not hasattr(request, "refused_uploads"):
            request.refused_uploads = {}  # type: ignore[attr-defined]

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit_mb = image_max_mb()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self.received == 0 and raw_data.startswith(PDF_SIGNATURE):
            self.limit_mb = document_max_mb()
        self.received += len(raw_data)
        if self.received > self.limit_mb * 1024 * 1024:
            if self.request is not None:
                name = display_name(self.file_name, "dosya")
                self.request.refused_uploads[self.field_name] = _too_large(name, self.limit_mb)  # type: ignore[attr-defined]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def bounded_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give ``view`` the ``BoundedUploadHandler``. The handlers must be set before the request's
    body is read, and the CSRF check reads it: the check moves inside (Django's documented way,
    «Modifying upload handlers on the fly»)."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not hasattr(request, "_files"):
            # A list until the body is read (Django makes it immutable only then).
            request.upload_handlers = [BoundedUploadHandler(request), *request.upload_handlers]
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


# -- the form -----------------------------------------------------------------------------------


class AttachmentsForm(forms.Form):
    """Up to ``max_images()`` picture + description pairs and ``max_documents()`` PDFs; ``clean``
    checks and re-encodes them (``prepared``), with the errors next to their field."""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: dict[str, str] = dict(getattr(request, "refused_uploads", {}) or {})
        self.prepared: list[Prepared] = []
        self.image_mb = image_max_mb()
        self.document_mb = document_max_mb()
        self.image_slots = []
        for number in range(1, max_images() + 1):
            self.fields[f"image_{number}"] = forms.FileField(
                label=gettext_lazy("Picture %(n)d") % {"n": number},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=gettext_lazy("What picture %(n)d shows") % {"n": number},
                required=False,
                max_length=ALT_MAX,
                help_text=gettext_lazy("Required with a picture: a short description for people who cannot see it."),
            )
            self.image_slots.append((self[f"image_{number}"], self[f"alt_{number}"]))
        self.document_slots = []
        for number in range(1, max_documents() + 1):
            self.fields[f"document_{number}"] = forms.FileField(
                label=gettext_lazy("PDF document %(n)d") % {"n": number},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
            )
            self.document_slots.append(self[f"document_{number}"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field, message in self.refused.items():
            if field in self.fields:
                self.add_error(field, message)
        for number in range(1, max_images() + 1):
            upload = cleaned.get(f"image_{number}")
            if upload:
                try:
                    self.prepared.append(prepare_image(upload, cleaned.get(f"alt_{number}"), field=f"alt_{number}"))
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        self.add_error(None, error)
                    else:
                        self.add_error(f"image_{number}", error)
        for number in range(1, max_documents() + 1):
            upload = cleaned.get(f"document_{number}")
            if upload:
                try:
                    self.prepared.append(prepare_document(upload))
                except ValidationError as error:
                    self.add_error(f"document_{number}", error)
        return cleaned


# -- reads --------------------------------------------------------------------------------------


def of_proposal(proposal: Proposal) -> list[Attachment]:
    """The proposal's own attachments (not its comments'), pictures first."""
    return sorted(Attachment.objects.filter(proposal=proposal), key=lambda a: (a.kind != Attachment.Kind.IMAGE, a.pk))


def with_comment_attachments(tree: list[tuple[Comment, list[Comment]]]) -> list[tuple[Comment, list[Comment]]]:
    """Give every comment of a comment tree its ``files`` (one query for all of them)."""
    comments = [comment for top, replies in tree for comment in (top, *replies)]
    files: dict[int, list[Attachment]] = {comment.pk: [] for comment in comments}
    if comments:
        for attachment in Attachment.objects.filter(comment__in=comments).order_by("kind", "pk"):
            files[attachment.comment_id or 0].append(attachment)
    for comment in comments:
        comment.files = files.get(comment.pk, [])  # type: ignore[attr-defined]
    return tree


def image_urls(proposal: Proposal) -> list[str]:
    """The addresses of the proposal's pictures (full size), from ``images_prefetch()`` when it
    was used."""
    images = getattr(proposal, "image_attachments", None)
    if images is None:
        images = list(Attachment.objects.filter(proposal=proposal, kind=Attachment.Kind.IMAGE))
    return [
        reverse(
            "proposal_attachment", kwargs={"slug": proposal.process.slug, "pk": proposal.pk, "attachment_id": image.pk}
        )
        for image in images
    ]


# -- «Verilerim» --------------------------------------------------------------------------------


def personal_section(user: User) -> Section:
    """The pictures and documents the person attached (their names, sizes, descriptions)."""
    return section(
        "attachments",
        _("Your pictures and documents"),
        [
            ("name", _("File name")),
            ("kind", _("Kind")),
            ("attached_to", _("Attached to")),
            ("alt_text", _("Image description")),
            ("size", _("Size in bytes")),
            ("created_at", _("Date")),
        ],
        Attachment.objects.filter(uploaded_by=user)
        .select_related("proposal", "comment__proposal")
        .order_by("created_at", "pk"),
        lambda a: {
            "name": a.original_name,
            "kind": a.get_kind_display(),
            "attached_to": a.proposal.title if a.proposal is not None else a.comment.proposal.title,
            "alt_text": a.alt_text,
            "size": a.size,
            "created_at": local_time(a.created_at),
        },
    )


def erase_of(user: User) -> None:
    """On erasure the person's pictures and documents go: rows now, files when it commits."""
    Attachment.objects.filter(uploaded_by=user).delete()


def with_photo_flag(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """``has_photo`` on each proposal (a subquery, no extra query), for the list's cards."""
    return proposals.annotate(
        has_photo=Exists(Attachment.objects.filter(proposal=OuterRef("pk"), kind=Attachment.Kind.IMAGE))
    )
