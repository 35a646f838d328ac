"""Back office for proposals: official answers, merging, moderation queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import (
    acting_user,
    backoffice_view,
    posted_id,
    safe_next,
    upload_drop,
    upload_keep,
    upload_kept,
)
from ortakakil.processes import traceability
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public

from . import selectors, services, suggestions
from .forms import AnswerForm, MergeForm, ModerationForm
from .importing import ImportFileError, proposals_import


def _process_for(request: HttpRequest, slug: str, perm: str) -> Process:
    process = process_for_public(user=request.user, slug=slug)
    if not request.user.has_perm(perm, process):
        raise PermissionDenied(_("You are not allowed to do this."))
    return process


@backoffice_view
def proposal_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    proposal = selectors.proposal_for_staff(process=process, pk=pk)
    if not request.user.has_perm("proposals.answer", proposal):  # unit managers: their unit's proposals
        raise PermissionDenied(_("You are not allowed to do this."))
    form = AnswerForm(
        request.POST or None,
        initial={"state": proposal.answer_state or "under_review"},
        plan_items=traceability.plan_items(process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_answer(actor=acting_user(request), proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The official answer was published."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/manage/answer.html",
        {"process": process, "proposal": proposal, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@backoffice_view
def proposal_merge(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process_for(request, slug, "proposals.merge")
    initial = {"ids": request.GET.get("ids", "")}
    form = MergeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["ids"]
        originals = selectors.proposals_to_merge(process=process, ids=ids)
        if len(originals) != len(ids):
            form.add_error("ids", _("Some of these numbers are not proposals of this process."))
        else:
            try:
                merged = services.proposal_merge(
                    actor=acting_user(request),
                    originals=originals,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The proposals were merged."))
                return redirect(merged.get_absolute_url())
    return render(
        request,
        "proposals/manage/merge.html",
        {"process": process, "form": form},
        status=400 if request.method == "POST" else 200,
    )


DUPLICATES_PAGE = 20


@backoffice_view
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process_for(request, slug, "proposals.moderate")
    show = request.GET.get("show", "open")
    queue = selectors.moderation_queue(process=process, show=show)
    duplicates = suggestions.duplicate_pairs(process)
    return render(
        request,
        "proposals/manage/moderation.html",
        {
            "process": process,
            "proposals": queue.proposals,
            "comments": queue.comments,
            "log": Paginator(queue.log, 25).get_page(request.GET.get("page")),
            "form": ModerationForm(),
            "show": show,
            "duplicates": duplicates,
            "duplicate_page": (
                Paginator(duplicates.pairs, DUPLICATES_PAGE).get_page(request.GET.get("pairs"))
                if duplicates is not None
                else None
            ),
            "can_merge": request.user.has_perm("proposals.merge", process),
        },
    )


@backoffice_view
@require_POST
def moderate(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process_for(request, slug, "proposals.moderate")
    form = ModerationForm(request.POST)
    back = reverse("proposals_manage:moderation", kwargs={"slug": process.slug})
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect(back)
    hide = request.POST.get("action") == "hide"
    proposal = comment = None
    if "comment" in request.POST:
        comment = selectors.comment_in_process(process=process, pk=posted_id(request, "comment"))
    else:
        proposal = selectors.proposal_in_process(process=process, pk=posted_id(request, "proposal"))
    if proposal is None and comment is None:
        messages.error(request, _("Choose a proposal or a comment of this process to moderate."))
        return redirect(back)
    try:
        services.content_moderate(
            actor=acting_user(request),
            hide=hide,
            reason=form.cleaned_data["reason"],
            proposal=proposal,
            comment=comment,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("Hidden.") if hide else _("Restored."))
    return redirect(safe_next(request, back))


IMPORT_SESSION_KEY = "proposal_import"
IMPORT_MAX_BYTES = 2 * 1024 * 1024


@backoffice_view
def proposal_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → dry-run preview with every row's errors → commit (all or nothing)."""
    process = _process_for(request, slug, "proposals.import")
    report = None
    error = ""
    if request.method == "POST" and request.POST.get("step") == "commit":
        try:
            kept = upload_kept(request, IMPORT_SESSION_KEY, owner=process.pk)
            report = proposals_import(
                actor=acting_user(request), process=process, name=kept.name, content=kept.content, dry_run=False
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ImportFileError as exc:
            error = str(exc)
        else:
            if report.ok:
                upload_drop(request, IMPORT_SESSION_KEY)
                messages.success(request, _("%(n)d proposals were imported.") % {"n": report.created})
                return redirect(reverse("proposal_list", kwargs={"slug": process.slug}) + "?sort=newest")
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to upload.")
        elif upload.size and upload.size > IMPORT_MAX_BYTES:
            error = _("The file is larger than 2 MB.")
        else:
            content = upload.read()
            try:
                report = proposals_import(
                    actor=acting_user(request),
                    process=process,
                    name=upload.name or "",
                    content=content,
                    dry_run=True,
                )
            except ImportFileError as exc:
                error = str(exc)
            else:
                if report.ok:
                    upload_keep(request, IMPORT_SESSION_KEY, owner=process.pk, name=upload.name or "", content=content)
    return render(
        request,
        "proposals/manage/import.html",
        {"process": process, "report": report, "error": error},
        status=400 if (error or (report is not None and not report.ok)) else 200,
    )
