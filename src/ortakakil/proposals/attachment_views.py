"""The files of proposals and comments, served to those who may see them: a hidden proposal's or
comment's files are a 404 for the public (moderators see them), like its page."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from ortakakil.processes.selectors import process_for_public

from . import selectors
from .attachments import content_type
from .models import Attachment


def _attachment(request: HttpRequest, slug: str, pk: int, attachment_id: int) -> Attachment:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_public(process=process, pk=pk, include_hidden=True)
    user: Any = request.user
    moderator = user.has_perm("proposals.moderate", process)
    attachment = (
        Attachment.objects.select_related("comment")
        .filter(Q(proposal=proposal) | Q(comment__proposal=proposal), pk=attachment_id)
        .first()
    )
    if attachment is None:
        raise Http404(_("No file with this address."))
    hidden = proposal.is_hidden or (attachment.comment is not None and attachment.comment.is_hidden)
    if hidden and not moderator:
        raise Http404(_("No file with this address."))
    attachment.hidden = hidden  # type: ignore[attr-defined]
    return attachment


def _respond(attachment: Attachment, *, thumbnail: bool) -> FileResponse:
    name = attachment.thumbnail.name if thumbnail else attachment.file.name
    if not name:
        raise Http404(_("No file with this address."))
    try:
        stream = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404(_("No file with this address.")) from None
    document = attachment.kind == Attachment.Kind.DOCUMENT
    response = FileResponse(
        stream,
        content_type=content_type(attachment, thumbnail=thumbnail),
        as_attachment=document,
        filename=attachment.original_name if document else "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    # Files never change (a new upload gets a new address), but hiding must take effect.
    hidden = getattr(attachment, "hidden", False)
    response["Cache-Control"] = "private, no-store" if hidden else "private, max-age=3600"
    return response


def attachment_file(request: HttpRequest, slug: str, pk: int, attachment_id: int) -> FileResponse:
    """The full picture (inline) or the PDF (always downloaded)."""
    return _respond(_attachment(request, slug, pk, attachment_id), thumbnail=False)


def attachment_thumbnail(request: HttpRequest, slug: str, pk: int, attachment_id: int) -> FileResponse:
    """A picture's small version for pages."""
    return _respond(_attachment(request, slug, pk, attachment_id), thumbnail=True)
