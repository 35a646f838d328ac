"""Back office: a vote held elsewhere brought in from a Pabulib file
(``/manage/processes/<slug>/budget-rounds/import/``). Upload → dry run (what would be created:
projects, voters, budget, ballot type, the file's rule) → confirm → the new closed round's result
page, where it is counted and published with the usual buttons. The strategy team only.

The file is checked by content, not by name: UTF-8 text without NUL bytes, at most
``UPLOAD_MAX_BYTES``, read by ``rules/pabulib.py`` (its refusals name the line). Between the
preview and the confirmation the file waits in the session like every import's
(``core.backoffice.upload_keep``), compressed: Pabulib's files shrink three to five times."""

from __future__ import annotations

import zlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ortakakil.core import ratelimit
from ortakakil.core.backoffice import acting_user, backoffice_view, upload_drop, upload_keep, upload_kept
from ortakakil.processes.models import Process

from . import imports
from .forms import PbImportForm
from .manage_views import _crumbs, portfolio_process
from .registrations import PB_IMPORT_SCOPE
from .result_views import round_back
from .rules import pabulib

SESSION_KEY = "portfolio_pb_import"
UPLOAD_MAX_BYTES = 20 * 2**20


class UploadRefused(Exception):
    """The uploaded file is not a readable .pb file; the message says why, in Turkish."""


def _text(content: bytes) -> str:
    """The upload as text, refused unless it is UTF-8 text (a picture renamed .pb is not)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise UploadRefused(
            _("Line %(line)d: the file is not UTF-8 text; save it as UTF-8 and upload it again.") % {"line": line}
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise UploadRefused(_("Line %(line)d: the file is not a text file.") % {"line": line})
    return text


def _election(content: bytes, name: str) -> pabulib.Election:
    try:
        return pabulib.loads(_text(content), path=name)
    except pabulib.PabulibError as error:
        if error.line:
            raise UploadRefused(
                _("Line %(line)d: %(message)s") % {"line": error.line, "message": error.message}
            ) from None
        raise UploadRefused(error.message) from None


def _options(data: dict[str, Any]) -> dict[str, Any]:
    return {"slug": data["slug"], "title": data.get("title") or None, "rule": data.get("rule") or None}


def _page(
    request: HttpRequest, process: Process, form: PbImportForm, *, plan: Any = None, error: str = ""
) -> HttpResponse:
    return render(
        request,
        "portfolio/manage/round_import.html",
        {
            "process": process,
            "form": form,
            "plan": plan,
            "error": error,
            "max_mb": UPLOAD_MAX_BYTES // 2**20,
            "breadcrumbs": _crumbs(process, rounds=True),
        },
        status=400 if (error or form.errors) else 200,
    )


def _preview(request: HttpRequest, process: Process) -> HttpResponse:
    form = PbImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, process, form)
    try:
        ratelimit.check(PB_IMPORT_SCOPE, request)
    except ratelimit.RateLimited as limited:
        return _page(request, process, form, error=limited.message)
    upload = form.cleaned_data["file"]
    if upload.size and upload.size > UPLOAD_MAX_BYTES:
        return _page(
            request, process, form, error=_("The file is larger than %(mb)d MB.") % {"mb": UPLOAD_MAX_BYTES // 2**20}
        )
    content = upload.read(UPLOAD_MAX_BYTES + 1)
    name = upload.name or "dosya.pb"
    options = _options(form.cleaned_data)
    try:
        election = _election(content, name)
        plan = imports.import_preview(actor=acting_user(request), process=process, election=election, **options)
    except UploadRefused as refused:
        return _page(request, process, form, error=str(refused))
    except ValidationError as refused:
        return _page(request, process, form, error=" ".join(refused.messages))
    upload_keep(request, SESSION_KEY, owner=process.pk, name=name, content=zlib.compress(content, 9), **options)
    return _page(request, process, PbImportForm(initial=options), plan=plan)


def _commit(request: HttpRequest, process: Process) -> HttpResponse:
    form = PbImportForm()
    try:
        kept = upload_kept(request, SESSION_KEY, owner=process.pk)
        decompressor = zlib.decompressobj()
        content = decompressor.decompress(kept.content, UPLOAD_MAX_BYTES + 1)
        election = _election(content, kept.name)
        budget_round = imports.round_import(
            actor=acting_user(request), process=process, election=election, **kept.extra
        )
    except UploadRefused as refused:
        return _page(request, process, form, error=str(refused))
    except ValidationError as refused:
        return _page(request, process, form, error=" ".join(refused.messages))
    upload_drop(request, SESSION_KEY)
    messages.success(
        request,
        _("The vote was imported: %(projects)d projects, %(ballots)d ballots. Count it, then publish the result.")
        % {"projects": len(election.projects), "ballots": len(election.ballots)},
    )
    return redirect(round_back(budget_round))


@backoffice_view
def round_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a .pb file (preview), then confirm (``step=commit``) to import it."""
    process = portfolio_process(request, slug)
    if request.method == "POST" and request.POST.get("step") == "commit":
        return _commit(request, process)
    if request.method == "POST":
        return _preview(request, process)
    upload_drop(request, SESSION_KEY)
    return _page(request, process, PbImportForm())
