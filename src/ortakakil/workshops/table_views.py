"""Table mode (masa modu): the facilitator's page during the workshop.

Capture ideas fast (type, pick the kind, Enter — no page reload; ``static/ortakakil/table-mode.js``
keeps unsent ideas in the browser and resends them, the server ignores repeats by their client
key), the newest first; correct, withdraw or merge captured ideas; seat people; write the
summary; close the table. Everything works without JavaScript: forms post and redirect, answer
400 with the error, and withdrawing or merging asks on a page of its own first.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, confirm_page, posted_id

from . import live, reporting, selectors
from .forms import IdeaForm, MergeForm
from .models import Idea, WorkshopTable
from .rules import table_open_or_managed


def _table_url(table: WorkshopTable, anchor: str = "") -> str:
    return reverse("table_mode", kwargs={"code": table.code}) + anchor


def _can_correct(request: HttpRequest, table: WorkshopTable) -> bool:
    return table_open_or_managed(request.user, table)


def _ideas_fragment(request: HttpRequest, table: WorkshopTable, error: str = "") -> HttpResponse:
    return render(
        request,
        "workshops/_table_ideas.html",
        {"table": table, "ideas": selectors.ideas_newest_first(table), "error": error, **_rights(request, table)},
        status=400 if error else 200,
    )


def _rights(request: HttpRequest, table: WorkshopTable) -> dict[str, bool]:
    return {"can_correct": _can_correct(request, table)}


def _table_page(request: HttpRequest, table: WorkshopTable, **errors: str) -> HttpResponse:
    """Table mode, with an error (400) when a form sent without JavaScript was refused."""
    return render(
        request,
        "workshops/table_mode.html",
        {
            "table": table,
            "ideas": selectors.ideas_newest_first(table),
            "kinds": Idea.Kind.choices,
            "stakeholders": selectors.speakers_for(table),
            **selectors.attendance(table),
            **_rights(request, table),
            **errors,
        },
        status=400 if any(errors.values()) else 200,
    )


def table_mode(request: HttpRequest, code: str) -> HttpResponse:
    """The capture page; a POST adds an idea (htmx answers with the idea list)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    table = selectors.table_to_facilitate(user=request.user, code=code)
    if request.method != "POST":
        if request.htmx:  # type: ignore[attr-defined]
            return _ideas_fragment(request, table)
        return _table_page(request, table)
    error = ""
    try:
        live.idea_add(
            table=table,
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind", "oneri"),
            actor=acting_user(request),
            speaker=selectors.speaker_of(table, posted_id(request, "speaker")),
            client_key=request.POST.get("client_key", ""),
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        return _ideas_fragment(request, table, error)
    if error:
        return _table_page(request, table, error=error)
    return redirect(_table_url(table))


def idea_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Correct a captured idea (inline with htmx, or on its own page)."""
    table = selectors.table_to_facilitate(user=request.user, code=code)
    idea = selectors.idea_at(table, pk)
    form = IdeaForm(
        request.POST or None,
        speakers=selectors.speakers_for(table),
        initial={"text": idea.text, "kind": idea.kind, "speaker": idea.speaker},
    )
    if request.method == "POST" and form.is_valid():
        try:
            live.idea_edit(
                actor=acting_user(request),
                idea=idea,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                speaker=form.cleaned_data["speaker"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _ideas_fragment(request, table)
            messages.success(request, _("The idea was corrected."))
            return redirect(_table_url(table, f"#idea-{idea.pk}"))
    template = "workshops/_idea_edit.html" if request.htmx else "workshops/idea_edit.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"table": table, "idea": idea, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def idea_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Withdraw an idea captured by mistake or twice, after asking."""
    table = selectors.table_to_facilitate(user=request.user, code=code)
    idea = selectors.idea_at(table, pk)
    back = _table_url(table)
    return confirm_page(
        request,
        title=_("Withdraw the idea"),
        question=_("Withdraw “%(text)s” from the %(theme)s table?") % {"text": idea.text, "theme": table.theme.name},
        note=_(
            "It leaves the lists and the reports but is not deleted: its history is kept. "
            "The dots on it go back to the participants who put them."
        ),
        action=lambda: live.idea_withdraw(actor=acting_user(request), idea=idea),
        cancel_url=back,
        success_url=back,
        success_message=_("The idea was withdrawn."),
        confirm_label=_("Yes, withdraw it"),
    )


def idea_merge(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Merge other ideas of the table into this one: choose them, then confirm."""
    table = selectors.table_to_facilitate(user=request.user, code=code)
    keep = selectors.idea_at(table, pk)
    form = MergeForm(request.POST or None, candidates=selectors.merge_candidates(keep))
    confirmed = request.POST.get("confirm") == "yes"
    error = ""
    if request.method == "POST" and form.is_valid() and confirmed:
        try:
            live.idea_merge(actor=acting_user(request), keep=keep, others=list(form.cleaned_data["others"]))
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("The ideas were merged."))
            return redirect(_table_url(table, f"#idea-{keep.pk}"))
    return render(
        request,
        "workshops/idea_merge.html",
        {
            "table": table,
            "keep": keep,
            "form": form,
            "chosen": list(form.cleaned_data["others"]) if form.is_bound and form.is_valid() else [],
            "error": error,
        },
        status=400 if error or (form.is_bound and not form.is_valid()) else 200,
    )


@require_POST
def table_seat(request: HttpRequest, code: str) -> HttpResponse:
    """Check a person in at this table (from the expected list or from the door's arrivals)."""
    table = selectors.table_to_facilitate(user=request.user, code=code)
    invitation = selectors.posted_invitation(table.workshop, posted_id(request, "invitation"))
    error = ""
    if invitation is None:
        error = _("Choose a person first.")
    else:
        try:
            live.checkin_table(actor=acting_user(request), invitation=invitation, table=table)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        context: dict[str, Any] = {"table": table, "error": error, **selectors.attendance(table)}
        return render(request, "workshops/_attendance.html", context, status=400 if error else 200)
    if error:
        return _table_page(request, table, seat_error=error)
    messages.success(request, _("%(name)s is at the table.") % {"name": invitation.name if invitation else ""})
    return redirect(_table_url(table, "#attendance"))


@require_POST
def table_summary(request: HttpRequest, code: str) -> HttpResponse:
    table = selectors.table_to_facilitate(user=request.user, code=code)
    try:
        reporting.table_summary_save(actor=acting_user(request), table=table, summary=request.POST.get("summary", ""))
    except (ValidationError, PermissionDenied) as exc:
        table.refresh_from_db()
        return _table_page(request, table, summary_error=" ".join(getattr(exc, "messages", [str(exc)])))
    messages.success(request, _("The summary was saved."))
    return redirect(_table_url(table, "#summary"))


def table_close(request: HttpRequest, code: str) -> HttpResponse:
    """Close the table (asks first); the strategy team may reopen it."""
    table = selectors.table_to_facilitate(user=request.user, code=code)
    close = not table.is_closed
    back = _table_url(table)
    return confirm_page(
        request,
        title=_("Close the table") if close else _("Reopen the table"),
        question=(
            _(
                "Close the %(theme)s table? Ideas and dots will no longer be accepted, and only the strategy team "
                "can correct its record afterwards; the report keeps everything."
            )
            if close
            else _("Reopen the %(theme)s table? Ideas and dots will be accepted again.")
        )
        % {"theme": table.theme.name},
        action=lambda: reporting.table_close(actor=acting_user(request), table=table, close=close),
        cancel_url=back,
        success_url=back,
        success_message=_("The table was closed.") if close else _("The table was reopened."),
        danger=close,
        confirm_label=_("Yes, close the table") if close else _("Yes, reopen the table"),
    )
