"""Back office: the triage list («Öneri değerlendirme»), its saved views, exports, bulk actions and
duplicate suggestions. Each view parses, calls one selector or service, renders."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core import ratelimit
from ortakakil.core.backoffice import acting_user, backoffice_view
from ortakakil.core.jobs import job_start
from ortakakil.documents.csv_files import csv_bytes
from ortakakil.documents.xlsx import table_xlsx
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public

from . import suggestions, triage
from . import triage_selectors as selectors
from .models import AnswerState, Proposal
from .selectors import districts_of
from .triage_forms import ACTIONS, BulkActionForm, SavedViewForm
from .triage_jobs import ANSWER_JOB

SIMILAR_SHOWN = 8


def _process_for(request: HttpRequest, slug: str, perm: str = "proposals.triage") -> Process:
    process = process_for_public(user=request.user, slug=slug)
    if not request.user.has_perm(perm, process):
        raise PermissionDenied(_("You are not allowed to do this."))
    return process


def _list_url(process: Process, query: str = "") -> str:
    url = reverse("proposals_manage:triage", kwargs={"slug": process.slug})
    return f"{url}?{query}" if query else url


def _query_of(request: HttpRequest) -> str:
    """The filter part of the posted ``query`` (the list's query string), bounded."""
    return (request.POST.get("query") or "")[:2000].lstrip("?")


@backoffice_view
def triage_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process_for(request, slug)
    user = acting_user(request)
    filters = selectors.TriageFilters.from_query(request.GET)
    page = selectors.triage_page(user=user, process=process, filters=filters, page=request.GET.get("page"))
    query = urlencode(filters.as_query())
    return render(
        request,
        "proposals/triage/list.html",
        {
            "process": process,
            "page": page,
            "filters": filters,
            "query": query,
            "themes": process.themes.order_by("position", "code"),
            "districts": districts_of(process),
            "units": selectors.assignable_units(process),
            "evaluators": selectors.assignable_evaluators(process),
            "states": [(s.value, s.label) for s in AnswerState if s.value],
            "sorts": [
                ("newest", _("Newest")),
                ("oldest", _("Oldest")),
                ("most_supported", _("Most supported")),
                ("most_reported", _("Most reported")),
            ],
            "saved_views": selectors.saved_views_of(user=user, process=process),
            "save_form": SavedViewForm(initial={"query": query}),
            "actions": ACTIONS.items()
            if selectors.can_see_all(user, process)
            else [(key, label) for key, label in ACTIONS.items() if key in ("answer", "state")],
            "can_merge": user.has_perm("proposals.merge", process),
            "has_similar": suggestions.has_similar_finder(),
            "bulk_max": triage.BULK_MAX,
            # Each row links to its proposal, its answer page and its similar ones: the prefixes are
            # reversed once per page ("…/<pk>/" is appended), not three times per row.
            **_row_bases(process),
        },
        status=400 if filters.errors else 200,
    )


def _row_bases(process: Process) -> dict[str, str]:
    def base(name: str) -> str:
        return reverse(name, kwargs={"slug": process.slug, "pk": 1}).rsplit("/1/", 1)[0] + "/"

    return {
        "public_base": base("proposal_detail"),
        "manage_base": base("proposals_manage:answer"),
        "triage_base": base("proposals_manage:triage_similar"),
    }


@backoffice_view
def triage_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The current filter as CSV or XLSX (``documents``), at most ``EXPORT_MAX`` rows."""
    process = _process_for(request, slug)
    user = acting_user(request)
    filters = selectors.TriageFilters.from_query(request.GET)
    kind = request.GET.get("format", "csv")
    if filters.errors or kind not in ("csv", "xlsx"):
        messages.error(request, " ".join(filters.errors) or _("Choose CSV or XLSX."))
        return redirect(_list_url(process, urlencode(filters.as_query())))
    rows = selectors.export_rows(user=user, process=process, filters=filters)
    headers = selectors.export_headers()
    name = f"oneriler-{process.slug}"
    if kind == "xlsx":
        content = table_xlsx(title=_("Proposals"), headers=headers, rows=rows)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(csv_bytes(headers=headers, rows=rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _chosen(request: HttpRequest, user: Any, process: Process) -> tuple[list[Proposal], str]:
    """The proposals a bulk action is about: the ticked ones, or all that the posted filter matches
    (at most ``BULK_MAX``); an error message instead when there are too many or none."""
    if request.POST.get("scope") == "all":
        filters = selectors.TriageFilters.from_query(QueryDict(_query_of(request)))
        if filters.errors:
            return [], " ".join(filters.errors)
        ids = selectors.triage_ids(user=user, process=process, filters=filters, limit=triage.BULK_MAX)
        if len(ids) > triage.BULK_MAX:
            return [], _("The filter matches more than %(n)d proposals: narrow it down first.") % {"n": triage.BULK_MAX}
    else:
        raw = request.POST.getlist("ids")[: selectors.PAGE_SIZE * 2]
        ids = [int(value) for value in raw if value.isascii() and value.isdecimal() and len(value) < 19]
    proposals = list(selectors.proposals_for_triage(user=user, process=process, ids=ids).order_by("pk"))
    if not proposals:
        return [], _("Choose at least one proposal.")
    return proposals, ""


@backoffice_view
@require_POST
def triage_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1 (no ``confirm``): the confirmation page, with how many proposals will change and the
    action's fields. Step 2 (``confirm``): the action, all or nothing (the answer: a job)."""
    process = _process_for(request, slug)
    user = acting_user(request)
    back = _list_url(process, _query_of(request))
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("Choose an action."))
        return redirect(back)
    proposals, error = _chosen(request, user, process)
    if error:
        messages.error(request, error)
        return redirect(back)
    confirmed = request.POST.get("confirm") == "1"
    form = BulkActionForm(request.POST if confirmed else None, process=process, action=action)
    expected = request.POST.get("count", "")
    if confirmed and expected != str(len(proposals)):
        form.add_error(None, _("The list changed since you looked at it: please check the number again."))
    elif confirmed and form.is_valid():
        try:
            ratelimit.check(triage.TRIAGE_SCOPE, request)
            return _perform(request, user, process, action, proposals, form.cleaned_data, back)
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
        except ValidationError as exc:
            form.add_error(None, exc)
    skipped = 0
    if action == "answer":
        skipped = len(proposals) - len(triage.answerable(proposals)[0])
    return render(
        request,
        "proposals/triage/confirm.html",
        {
            "process": process,
            "form": form,
            "action": action,
            "action_label": ACTIONS[action],
            "count": len(proposals),
            "skipped": skipped,
            "ids": [p.pk for p in proposals] if request.POST.get("scope") != "all" else [],
            "scope": request.POST.get("scope", ""),
            "query": _query_of(request),
            "cancel_url": back,
        },
        status=400 if confirmed else 200,
    )


def _perform(
    request: HttpRequest,
    user: Any,
    process: Process,
    action: str,
    proposals: list[Proposal],
    data: dict[str, Any],
    back: str,
) -> HttpResponse:
    if action == "answer":
        template = triage.answer_template_clean(
            state=data["answer_state"], text=data["text"], reason=data.get("reason", "")
        )
        triage.triage_answer_check(actor=user, process=process, proposals=proposals)
        kept, skipped = triage.answerable(proposals)
        job = job_start(
            kind=ANSWER_JOB,
            label=_("Official answer to %(n)d proposals") % {"n": len(kept)},
            actor=user,
            params={
                "actor_id": user.pk,
                "process_id": process.pk,
                "proposal_ids": [p.pk for p in kept],
                "state": template.state,
                "text": template.text,
                "reason": template.reason,
                "batch": triage.new_batch(),
                "skipped": skipped,
            },
        )
        return redirect("job_detail", pk=job.pk)
    if action == "assign":
        result = triage.triage_assign(
            actor=user, process=process, proposals=proposals, unit=data["unit"], evaluator=data["evaluator"]
        )
    elif action == "state":
        result = triage.triage_change_state(actor=user, process=process, proposals=proposals, state=data["state"])
    else:
        result = triage.triage_hide(actor=user, process=process, proposals=proposals, reason=data["hide_reason"])
    message = _("%(n)d proposals changed.") % {"n": result.changed}
    if result.skipped:
        message += " " + _("%(n)d skipped.") % {"n": result.skipped}
    messages.success(request, message)
    return redirect(back)


@backoffice_view
@require_POST
def saved_view_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process_for(request, slug)
    form = SavedViewForm(request.POST)
    query = _query_of(request)
    if form.is_valid():
        try:
            ratelimit.check(triage.TRIAGE_SCOPE, request)
            triage.saved_view_save(
                actor=acting_user(request), process=process, name=form.cleaned_data["name"], query=query
            )
        except ratelimit.RateLimited as limited:
            messages.error(request, limited.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The view was saved."))
    else:
        messages.error(request, _("Give the view a name (at most 80 characters)."))
    return redirect(_list_url(process, query))


@backoffice_view
def saved_view_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = _process_for(request, slug)
    view = selectors.saved_view_of(user=acting_user(request), process=process, pk=pk)
    if view is None:
        messages.error(request, _("No saved view with this number."))
        return redirect(_list_url(process))
    return redirect(_list_url(process, view.query))


@backoffice_view
def saved_view_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = _process_for(request, slug)
    user = acting_user(request)
    view = selectors.saved_view_of(user=user, process=process, pk=pk)
    if view is None:
        messages.error(request, _("No saved view with this number."))
        return redirect(_list_url(process))
    if request.method == "POST":
        try:
            ratelimit.check(triage.TRIAGE_SCOPE, request)
        except ratelimit.RateLimited as limited:
            messages.error(request, limited.message)
            return redirect(_list_url(process))
        triage.saved_view_delete(actor=user, view=view)
        messages.success(request, _("The view was deleted."))
        return redirect(_list_url(process))
    return render(
        request,
        "backoffice/confirm.html",
        {
            "title": _("Delete the saved view"),
            "question": _("Delete the saved view “%(name)s”?") % {"name": view.name},
            "note": _("Only the view is deleted; no proposal changes."),
            "danger": True,
            "cancel_url": _list_url(process),
        },
    )


@backoffice_view
def triage_similar(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """«Benzerleri»: the proposals text analysis finds most like this one, with a link to merge."""
    process = _process_for(request, slug)
    proposal = selectors.proposal_for_triage(user=acting_user(request), process=process, pk=pk)
    if proposal is None:
        messages.error(request, _("No proposal with this number in your list."))
        return redirect(_list_url(process))
    found = suggestions.similar_proposals(
        process, suggestions.typed_text(proposal.title, proposal.body), limit=SIMILAR_SHOWN + 1
    )
    similar = [other for other in found if other.pk != proposal.pk][:SIMILAR_SHOWN]
    return render(
        request,
        "proposals/triage/similar.html",
        {
            "process": process,
            "proposal": proposal,
            "similar": similar,
            "analysed": suggestions.has_similar_finder(),
            "can_merge": request.user.has_perm("proposals.merge", process),
            "back": _list_url(process, request.GET.get("back", "")[:2000]),
        },
    )
