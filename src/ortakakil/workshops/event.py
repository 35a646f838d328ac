"""Writes for the workshop event (çalıştay) and its presentation files (sunumlar ve belgeler).

The strategy team manages both (``workshops.manage``).
Every service checks the permission, validates, saves inside a transaction and records
the actor, so the back office, the API and the CLI behave identically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortakakil.core.models import User
from ortakakil.core.services import assign, audited_delete, audited_save, require_perm
from ortakakil.processes.models import Process

from . import signatures
from .models import Workshop, WorkshopFile

MANAGE = "workshops.manage"

WORKSHOP_FIELDS = (
    "slug",
    "title",
    "slogan",
    "venue",
    "address",
    "date",
    "starts_at",
    "ends_at",
    "description",
    "agenda",
    "dots_per_participant",
    "title_en",
    "slogan_en",
    "description_en",
    "agenda_en",
)
AGENDA_MAX_ITEMS = 40
AGENDA_ITEM_MAX_CHARS = 200
DOTS_MIN, DOTS_MAX = 1, 20

FILE_EXTENSIONS = ("pdf", "pptx", "ppt", "odp", "docx", "doc", "odt", "xlsx", "ods", "png", "jpg", "jpeg")
DEFAULT_FILE_MAX_MB = 25
# The stored name keeps the start of the original one; the download is named after the title.
STORED_STEM_MAX_CHARS = 60


# --- the event -------------------------------------------------------------------------


def agenda_lines(text: str) -> list[str]:
    """The agenda as the form edits it: one item per line, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def clean_agenda(items: Iterable[Any]) -> list[str]:
    """Strip the items, drop blank ones, and refuse an agenda that is too long."""
    # PostgreSQL cannot store a NUL character in JSON.
    stripped = (str(item).replace("\x00", "").strip() for item in items)
    agenda = [item for item in stripped if item]
    errors = []
    if len(agenda) > AGENDA_MAX_ITEMS:
        errors.append(
            ValidationError(
                ngettext(
                    "The agenda may have at most %(limit)d item.",
                    "The agenda may have at most %(limit)d items.",
                    AGENDA_MAX_ITEMS,
                )
                % {"limit": AGENDA_MAX_ITEMS},
                code="agenda_too_long",
            )
        )
    for number, item in enumerate(agenda, start=1):
        if len(item) > AGENDA_ITEM_MAX_CHARS:
            errors.append(
                ValidationError(
                    _("Agenda item %(number)d is longer than %(limit)d characters.")
                    % {"number": number, "limit": AGENDA_ITEM_MAX_CHARS},
                    code="agenda_item_too_long",
                )
            )
    if errors:
        raise ValidationError({"agenda": errors})
    return agenda


def _check_workshop(workshop: Workshop) -> None:
    """The event's own rules, beyond what the model's fields check."""
    errors: dict[str, ValidationError] = {}
    dots = workshop.dots_per_participant
    if dots is None or not DOTS_MIN <= dots <= DOTS_MAX:
        errors["dots_per_participant"] = ValidationError(
            _("Each participant may have between %(min)d and %(max)d dots.") % {"min": DOTS_MIN, "max": DOTS_MAX},
            code="dots_out_of_range",
        )
    if workshop.ends_at is not None:
        if workshop.starts_at is None:
            errors["starts_at"] = ValidationError(
                _("Give the start time too, or leave the end time empty."), code="ends_without_start"
            )
        elif workshop.ends_at <= workshop.starts_at:
            errors["ends_at"] = ValidationError(_("The workshop must end after it starts."), code="ends_before_start")
    if workshop.slug and workshop.process.workshops.filter(slug=workshop.slug).exclude(pk=workshop.pk).exists():
        errors["slug"] = ValidationError(
            _("Another workshop of this process already uses this address."), code="slug_taken"
        )
    if errors:
        raise ValidationError(errors)


def _workshop_data(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: value for name, value in data.items() if name in WORKSHOP_FIELDS}
    for name in ("agenda", "agenda_en"):
        if name in values:
            agenda = values[name] or []
            try:
                values[name] = clean_agenda(agenda_lines(agenda) if isinstance(agenda, str) else agenda)
            except ValidationError as error:
                raise ValidationError({name: error.error_dict["agenda"]}) from None
    return values


@transaction.atomic
def workshop_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> Workshop:
    """Add a workshop (çalıştay) to ``process``."""
    require_perm(actor, MANAGE, process)
    workshop = Workshop(process=process)
    assign(workshop, _workshop_data(data))
    _check_workshop(workshop)
    return audited_save(workshop, actor=actor)


@transaction.atomic
def workshop_update(*, actor: User, workshop: Workshop, data: Mapping[str, Any]) -> Workshop:
    """Change the event's title, slogan, venue, date and times, agenda or dot budget."""
    require_perm(actor, MANAGE, workshop)
    changed = assign(workshop, _workshop_data(data))
    if not changed:
        return workshop
    _check_workshop(workshop)
    return audited_save(workshop, actor=actor, update_fields=[*changed, "updated_at"])


PHONES_OPEN_MAX_HOURS = 24


@transaction.atomic
def workshop_phones_open(*, actor: User, workshop: Workshop, hours: int) -> Workshop:
    """Let participants' phones write for ``hours`` from now, outside the workshop's own hours
    (e.g. a session that overran, or a workshop whose date was entered wrongly). Logged."""
    require_perm(actor, MANAGE, workshop)
    if not 1 <= hours <= PHONES_OPEN_MAX_HOURS:
        raise ValidationError({"hours": _("Open the phones for 1 to %(max)d hours.") % {"max": PHONES_OPEN_MAX_HOURS}})
    workshop.phones_open_until = timezone.now() + dt.timedelta(hours=hours)
    return audited_save(workshop, actor=actor, update_fields=["phones_open_until", "updated_at"])


@transaction.atomic
def workshop_phones_close(*, actor: User, workshop: Workshop) -> Workshop:
    """End an explicit opening: from now on only the workshop's own hours let phones write. Logged."""
    require_perm(actor, MANAGE, workshop)
    workshop.phones_open_until = None
    return audited_save(workshop, actor=actor, update_fields=["phones_open_until", "updated_at"])


# --- presentation files -----------------------------------------------------------------


def file_max_bytes() -> int:
    return int(getattr(settings, "WORKSHOP_FILE_MAX_MB", DEFAULT_FILE_MAX_MB)) * 1024 * 1024


def file_extension(name: str) -> str:
    """The lower-case extension of ``name`` without the dot ("" when there is none)."""
    return PurePath(name).suffix.lower().lstrip(".")


def _check_upload(upload: File) -> str:
    """Refuse a file of another type, an empty one or one that is too large; return its extension."""
    extension = file_extension(upload.name or "")
    if extension not in FILE_EXTENSIONS:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("This type of file cannot be uploaded. Allowed: %(extensions)s.")
                    % {"extensions": ", ".join(FILE_EXTENSIONS)},
                    code="file_type",
                )
            }
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": ValidationError(_("The file is empty."), code="file_empty")})
    if size > file_max_bytes():
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(limit)d MB.") % {"limit": file_max_bytes() // (1024 * 1024)},
                    code="file_too_large",
                )
            }
        )
    if not signatures.content_matches(extension, upload):  # type: ignore[arg-type]
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The content of this file is not a %(type)s file. Upload the file itself, not a renamed one.")
                    % {"type": extension.upper()},
                    code="file_content",
                )
            }
        )
    return extension


@transaction.atomic
def workshop_file_add(
    *, actor: User, workshop: Workshop, title: str, presenter: str = "", upload: File
) -> WorkshopFile:
    """Store a presentation or document of the workshop; without a title, the file's name is used."""
    require_perm(actor, MANAGE, workshop)
    extension = _check_upload(upload)
    stem = PurePath(upload.name or "").stem
    item = WorkshopFile(
        workshop=workshop,
        title=(title or "").strip() or stem[:200],
        presenter=(presenter or "").strip(),
        size=upload.size or 0,
        uploaded_by=actor,
    )
    # The storage makes the name safe (and unique); a short stem keeps it within the field.
    item.file = File(upload, name=f"{stem[:STORED_STEM_MAX_CHARS] or 'file'}.{extension}")
    try:
        return audited_save(item, actor=actor)
    except Exception:
        if item.file.name and item.file._committed:
            item.file.storage.delete(item.file.name)
        raise


@transaction.atomic
def workshop_file_delete(*, actor: User, file: WorkshopFile) -> None:
    """Remove the file from the workshop; the stored file goes once the removal is committed."""
    require_perm(actor, MANAGE, file.workshop)
    storage, name = file.file.storage, file.file.name
    audited_delete(file, actor=actor)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def download_filename(item: WorkshopFile) -> str:
    """The name a download is saved under: the file's title with the stored file's extension."""
    title = " ".join(_UNSAFE_IN_FILENAME.sub(" ", item.title).split()).strip(" .")[:150] or "belge"
    extension = file_extension(item.file.name or "")
    return f"{title}.{extension}" if extension else title
