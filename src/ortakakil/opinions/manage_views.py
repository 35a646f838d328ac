"""Back office of the opinion map (``/manage/processes/<slug>/conversations/…``): the process's
conversations, one conversation with its statements and moderation queue, the seed picker, the
Pol.is import and export. The strategy team of the process's organisation only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page
from ortakakil.documents.polis_export import polis_export_zip, zip_folder
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_manage

from . import selectors, services
from .forms import ConversationForm, ModerationForm, QueueFilterForm, StatementForm
from .models import Conversation, Statement

PAGE_SIZE = 25
BULK_MAX = 200
UPLOAD_MAX_BYTES = services.POLIS_MAX_TOTAL_BYTES


def _process(request: HttpRequest, slug: str) -> Process:
    process = process_for_manage(user=request.user, slug=slug)
    if not request.user.has_perm("opinions.manage", process):
        raise PermissionDenied(_("Only the strategy team manages conversations."))
    return process


def _crumbs(process: Process, conversation: Conversation | None = None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Back office"), reverse("manage:dashboard")),
        (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
        (_("Opinion maps"), reverse("manage:conversation_list", kwargs={"slug": process.slug})),
    ]
    if conversation is not None:
        crumbs.append((conversation.title, _detail_url(conversation)))
    return crumbs


def _detail_url(conversation: Conversation) -> str:
    return reverse("manage:conversation_detail", kwargs={"slug": conversation.process.slug, "pk": conversation.pk})


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@backoffice_view
def conversation_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    return render(
        request,
        "opinions/manage/conversation_list.html",
        {
            "process": process,
            "conversations": selectors.conversations_for_manage(process),
            "breadcrumbs": _crumbs(process)[:2],
        },
    )


def _conversation_form_page(request: HttpRequest, process: Process, conversation: Conversation | None) -> HttpResponse:
    initial: dict[str, Any] = {"accepts_statements": True}
    if conversation is not None:
        initial = {
            "title": conversation.title,
            "description": conversation.description,
            "theme": conversation.theme,
            "workshop": conversation.workshop,
            "accepts_statements": conversation.accepts_statements,
        }
    form = ConversationForm(request.POST or None, initial=initial, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            if conversation is None:
                saved = services.conversation_create(actor=acting_user(request), process=process, **form.cleaned_data)
            else:
                saved = services.conversation_edit(
                    actor=acting_user(request), conversation=conversation, **form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The conversation was saved."))
            return redirect(_detail_url(saved))
    title = (
        _("New conversation")
        if conversation is None
        else _("Edit conversation: %(title)s") % {"title": conversation.title}
    )
    return render(
        request,
        "backoffice/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": _detail_url(conversation)
            if conversation
            else reverse("manage:conversation_list", kwargs={"slug": process.slug}),
            "breadcrumbs": _crumbs(process, conversation),
        },
        status=400 if request.method == "POST" else 200,
    )


@backoffice_view
def conversation_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _conversation_form_page(request, _process(request, slug), None)


@backoffice_view
def conversation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    return _conversation_form_page(request, conversation.process, conversation)


@backoffice_view
def conversation_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    filters = QueueFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    statements = selectors.statements_for_manage(
        conversation,
        status=wanted.get("status") or "",
        origin=wanted.get("origin") or "all",
        query=wanted.get("q") or "",
    )
    return render(
        request,
        "opinions/manage/conversation_detail.html",
        {
            "process": conversation.process,
            "conversation": conversation,
            "counts": selectors.conversation_counts(conversation),
            "analysis": selectors.latest_analysis(conversation),
            "page": Paginator(statements, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filters,
            "statement_form": StatementForm(),
            "moderation_form": ModerationForm(),
            "moderation_choices": ModerationForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "breadcrumbs": _crumbs(conversation.process),
        },
    )


@backoffice_view
def conversation_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    closing = not conversation.is_closed
    return confirm_page(
        request,
        title=_("Close the conversation") if closing else _("Reopen the conversation"),
        question=(
            _("Close “%(title)s”? Nobody can vote or write statements any more, and nothing in it can be changed.")
            if closing
            else _("Reopen “%(title)s”? People can vote again while the opinion map phase is open.")
        )
        % {"title": conversation.title},
        action=lambda: (services.conversation_close if closing else services.conversation_reopen)(
            actor=acting_user(request), conversation=conversation
        ),
        cancel_url=_detail_url(conversation),
        success_url=_detail_url(conversation),
        success_message=_("The conversation was closed.") if closing else _("The conversation was reopened."),
        danger=closing,
        confirm_label=_("Yes, close it") if closing else _("Yes, reopen it"),
        breadcrumbs=_crumbs(conversation.process, conversation),
    )


@backoffice_view
@require_POST
def statement_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    form = StatementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a statement of at most 280 characters."))
        return redirect(_detail_url(conversation))
    try:
        services.statement_add(actor=acting_user(request), conversation=conversation, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The statement was added."))
    return redirect(_detail_url(conversation))


@backoffice_view
@require_POST
def statement_moderate(request: HttpRequest, slug: str, pk: int, statement: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    target = selectors.statement_in(conversation, statement)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, reject or meta."))
        return redirect(_detail_url(conversation))
    try:
        services.statement_moderate(actor=acting_user(request), statement=target, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        state = Statement.Status(form.cleaned_data["status"]).label
        messages.success(request, _("Statement #%(pk)d: %(state)s.") % {"pk": target.pk, "state": state})
    return redirect(_detail_url(conversation))


@backoffice_view
@require_POST
def statements_moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Several statements at once: first a confirmation page listing them, then the decision."""
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    ids = sorted({int(v) for v in request.POST.getlist("statements") if v.isascii() and v.isdecimal() and len(v) < 19})
    form = ModerationForm(request.POST)
    if not ids or len(ids) > BULK_MAX or not form.is_valid():
        messages.error(request, _("Choose between 1 and %(max)d statements and a decision.") % {"max": BULK_MAX})
        return redirect(_detail_url(conversation))
    statements = selectors.statements_by_ids(conversation, ids)
    error = ""
    if request.POST.get("confirm") == "yes":
        try:
            changed = services.statements_moderate(
                actor=acting_user(request), conversation=conversation, statement_ids=ids, **form.cleaned_data
            )
        except ValidationError as exc:
            error = _messages_of(exc)
        else:
            messages.success(request, _("%(n)d statements were changed.") % {"n": changed})
            return redirect(_detail_url(conversation))
    return render(
        request,
        "opinions/manage/bulk_confirm.html",
        {
            "process": conversation.process,
            "conversation": conversation,
            "statements": statements,
            "status": form.cleaned_data["status"],
            "status_label": Statement.Status(form.cleaned_data["status"]).label,
            "reason": form.cleaned_data["reason"],
            "error": error,
            "breadcrumbs": _crumbs(conversation.process, conversation),
        },
        status=400 if error else 200,
    )


@backoffice_view
def seed_picker(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The top dot-voted workshop ideas and most supported proposals, to pick as statements."""
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    error = ""
    if request.method == "POST":
        sources: list[tuple[str, int]] = []
        texts: dict[tuple[str, int], str] = {}
        for value in request.POST.getlist("pick"):
            kind, _sep, number = value.partition(":")
            if not (number.isascii() and number.isdecimal() and len(number) < 19):
                continue
            key = (kind, int(number))
            sources.append(key)
            texts[key] = request.POST.get(f"text-{kind}-{number}", "")
        try:
            created = services.statements_seed_from(
                actor=acting_user(request), conversation=conversation, sources=sources, texts=texts
            )
        except ValidationError as exc:
            error = _messages_of(exc)
        else:
            messages.success(request, _("%(n)d statements were added.") % {"n": len(created)})
            return redirect(_detail_url(conversation))
    return render(
        request,
        "opinions/manage/seed.html",
        {
            "process": conversation.process,
            "conversation": conversation,
            "candidates": selectors.seed_candidates(conversation),
            "error": error,
            "posted": request.POST,
            "breadcrumbs": _crumbs(conversation.process, conversation),
        },
        status=400 if error else 200,
    )


@backoffice_view
@require_POST
def polis_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, _("Choose the export's files (comments.csv and votes.csv) or one .zip."))
        return redirect(_detail_url(conversation))
    if len(uploads) > len(services.POLIS_FILES) or sum(u.size or 0 for u in uploads) > UPLOAD_MAX_BYTES:
        messages.error(request, _("The files are too large to import here; use the command line."))
        return redirect(_detail_url(conversation))
    try:
        files = services.polis_files_from_upload({u.name or "": u.read() for u in uploads})
        report = services.polis_import(actor=acting_user(request), conversation=conversation, files=files)
    except ValidationError as error:
        messages.error(request, _("Nothing was imported: %(error)s") % {"error": _messages_of(error)})
    else:
        messages.success(
            request,
            _("Imported from Pol.is: %(statements)d statements, %(participants)d participants, %(votes)d votes.")
            % {"statements": report.statements, "participants": report.participants, "votes": report.votes},
        )
    return redirect(_detail_url(conversation))


@backoffice_view
def polis_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = selectors.conversation_for_manage(user=request.user, slug=slug, pk=pk)
    response = HttpResponse(polis_export_zip(conversation), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{zip_folder(conversation)}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
