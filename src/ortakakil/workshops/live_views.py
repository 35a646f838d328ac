"""Live workshop pages: the invitation's personal link (RSVP), the facilitator's table mode
(with check-in at the table, the summary and closing), the participants' phone page, the wall.

Everything works without JavaScript (forms post and redirect); htmx swaps the idea list in
place, and ``static/ortakakil/table-mode.js`` keeps a facilitator's unsent ideas in the
browser and resends them when the connection returns (the server ignores repeats by their
client key).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, confirm_page, posted_id

from . import selectors, services
from .models import Idea, Invitation, WorkshopTable

PARTICIPANT_COOKIE = "oa_participant"
COOKIE_SALT = "ortakakil.workshops.participant"
PARTICIPANT_COOKIE_DAYS = 2
PHONE_KINDS = [
    Idea.Kind.PROPOSAL,
    Idea.Kind.PROBLEM,
    Idea.Kind.STRENGTH,
    Idea.Kind.WEAKNESS,
    Idea.Kind.OPPORTUNITY,
    Idea.Kind.THREAT,
]


def _table(code: str) -> WorkshopTable:
    table = WorkshopTable.objects.select_related("theme", "workshop__process").filter(code__iexact=code.strip()).first()
    if table is None or not table.workshop.process.is_published:
        raise Http404(_("No table with this code."))
    return table


def _participant(request: HttpRequest, table: WorkshopTable) -> Invitation | None:
    """The checked-in participant this phone joined as (by their personal link), or None."""
    token = request.get_signed_cookie(PARTICIPANT_COOKIE, default="", salt=COOKIE_SALT) or ""
    return selectors.participant_by_token(token, workshop_id=table.workshop_id)


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _ideas(table: WorkshopTable) -> list[Idea]:
    return list(table.ideas.active().select_related("speaker").order_by("-votes_count", "-created_at", "-pk")[:200])


def _phone_context(table: WorkshopTable, participant: Invitation | None) -> dict[str, Any]:
    workshop = table.workshop
    used = services.dots_used(workshop, participant) if participant else 0
    return {
        "table": table,
        "ideas": _ideas(table),
        "participant": participant,
        "takes_phones": workshop.takes_phones(),
        "is_over": workshop.is_over(),
        "opens_at": workshop.phones_open_from(),
        "dots_left": max(0, workshop.dots_per_participant - used) if participant else 0,
        "kinds": [(k.value, k.label) for k in PHONE_KINDS],
    }


def join(request: HttpRequest) -> HttpResponse:
    """Enter a table code (printed on the table, or in its QR code)."""
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    if code:
        try:
            table = _table(code)
        except Http404:
            messages.error(request, _("No table with this code. Check the code on your table."))
        else:
            return redirect("table_phone", code=table.code)
    return render(request, "workshops/join.html", {"code": code})


def table_phone(request: HttpRequest, code: str) -> HttpResponse:
    """The participants' phone page: the table's ideas; adding ideas and dots once the phone has
    joined as a checked-in participant, while the workshop is running."""
    table = _table(code)
    return render(request, "workshops/phone.html", _phone_context(table, _participant(request, table)))


def _back_to_phone(request: HttpRequest, table: WorkshopTable, error: str = "") -> HttpResponse:
    """The idea list again (htmx), the page again (after a success), or the page with the error (400)."""
    if request.htmx:  # type: ignore[attr-defined]
        context = {**_phone_context(table, _participant(request, table)), "error": error}
        return render(request, "workshops/_phone_ideas.html", context, status=400 if error else 200)
    if error:
        context = {**_phone_context(table, _participant(request, table)), "error": error}
        return render(request, "workshops/phone.html", context, status=400)
    return redirect("table_phone", code=table.code)


@require_POST
def phone_idea(request: HttpRequest, code: str) -> HttpResponse:
    table = _table(code)
    try:
        services.idea_add(
            table=table,
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind", "oneri"),
            participant=_participant(request, table),
            address=_address(request),
        )
    except (ValidationError, PermissionDenied) as error:
        return _back_to_phone(request, table, " ".join(getattr(error, "messages", [str(error)])))
    return _back_to_phone(request, table)


@require_POST
def phone_vote(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    table = _table(code)
    idea = table.ideas.filter(pk=pk).first()
    if idea is None:
        raise Http404(_("No such idea at this table."))
    try:
        services.dot_vote(idea=idea, participant=_participant(request, table))
    except (ValidationError, PermissionDenied) as error:
        return _back_to_phone(request, table, " ".join(getattr(error, "messages", [str(error)])))
    return _back_to_phone(request, table)


@require_POST
def invitation_phone(request: HttpRequest, token: str) -> HttpResponse:
    """Join the workshop from this phone as the invitation's participant (after check-in).

    The signed cookie names the invitation: ideas and dots sent from this phone are the
    participant's, and the dots count against their budget on every phone they use.
    """
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404(_("This invitation link is not valid. Please check the link in your invitation."))
    if not selectors.can_join_from_phone(invitation):
        messages.error(request, _("You can join your table from your phone on the workshop's day, after check-in."))
        return redirect("invitation_rsvp", token=invitation.token)
    response = redirect("table_phone", code=invitation.table.code) if invitation.table else redirect("table_join")
    response.set_signed_cookie(
        PARTICIPANT_COOKIE,
        invitation.token,
        salt=COOKIE_SALT,
        max_age=PARTICIPANT_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    messages.success(request, _("This phone has joined as %(name)s.") % {"name": invitation.name})
    return response


def wall(request: HttpRequest, code: str) -> HttpResponse:
    """The room's screen: the table's ideas by votes, refreshed every few seconds."""
    table = _table(code)
    template = "workshops/_wall_ideas.html" if request.htmx else "workshops/wall.html"  # type: ignore[attr-defined]
    return render(request, template, {"table": table, "ideas": _ideas(table)})


def table_mode(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's fast capture page: type, pick the kind, Enter — no page reload."""
    table = _table(code)
    user: Any = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if not services.can_facilitate(user, table):
        raise PermissionDenied(_("Only the table's facilitators can open table mode."))
    error = ""
    if request.method == "POST":
        speaker = None
        if speaker_id := posted_id(request, "speaker"):
            speaker = table.workshop.process.organisation.stakeholders.filter(pk=speaker_id).first()
        try:
            services.idea_add(
                table=table,
                text=request.POST.get("text", ""),
                kind=request.POST.get("kind", "oneri"),
                actor=acting_user(request),
                speaker=speaker,
                client_key=request.POST.get("client_key", ""),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request,
                "workshops/_table_ideas.html",
                {"table": table, "ideas": _ideas(table), "error": error},
                status=400 if error else 200,
            )
        if not error:
            return redirect("table_mode", code=table.code)
    return _table_page(request, table, error=error)


def _table_page(request: HttpRequest, table: WorkshopTable, **extra: Any) -> HttpResponse:
    """Table mode, with an error (400) when a form without JavaScript was refused."""
    stakeholders = table.workshop.process.organisation.stakeholders.filter(themes=table.theme).order_by("name")
    return render(
        request,
        "workshops/table_mode.html",
        {
            "table": table,
            "ideas": _ideas(table),
            "kinds": Idea.Kind.choices,
            "stakeholders": stakeholders,
            **_attendance(table),
            **extra,
        },
        status=400 if any(extra.values()) else 200,
    )


def _facilitated(request: HttpRequest, code: str) -> WorkshopTable:
    table = _table(code)
    if not services.can_facilitate(request.user, table):
        raise PermissionDenied(_("Only the table's facilitators can do this."))
    return table


def _attendance(table: WorkshopTable) -> dict[str, Any]:
    """The people expected at the table, and those who arrived at the door but sit nowhere yet."""
    expected = list(
        table.invitations.filter(status=Invitation.Status.ACCEPTED)
        .select_related("stakeholder", "contact")
        .order_by("seated_at", "stakeholder__name", "pk")
    )
    elsewhere = list(
        table.workshop.invitations.filter(checked_in_at__isnull=False, seated_at__isnull=True)
        .exclude(table=table)
        .select_related("stakeholder", "contact")
        .order_by("stakeholder__name", "pk")[:300]
    )
    return {"expected": expected, "arrivals": elsewhere, "seated_count": sum(1 for i in expected if i.seated_at)}


@require_POST
def table_seat(request: HttpRequest, code: str) -> HttpResponse:
    """Check a person in at this table (from the expected list or from the door's arrivals)."""
    table = _facilitated(request, code)
    invitation = table.workshop.invitations.filter(pk=posted_id(request, "invitation")).first()
    error = ""
    if invitation is None:
        error = _("Choose a person first.")
    else:
        try:
            services.checkin_table(actor=acting_user(request), invitation=invitation, table=table)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "workshops/_attendance.html",
            {"table": table, "error": error, **_attendance(table)},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(name)s is at the table.") % {"name": invitation.name if invitation else ""})
    return redirect(reverse("table_mode", kwargs={"code": table.code}) + "#attendance")


@require_POST
def table_summary(request: HttpRequest, code: str) -> HttpResponse:
    table = _facilitated(request, code)
    try:
        services.table_summary_save(actor=acting_user(request), table=table, summary=request.POST.get("summary", ""))
    except ValidationError as exc:
        table.refresh_from_db()
        return _table_page(request, table, summary_error=" ".join(exc.messages))
    messages.success(request, _("The summary was saved."))
    return redirect(reverse("table_mode", kwargs={"code": table.code}) + "#summary")


def table_close(request: HttpRequest, code: str) -> HttpResponse:
    """Close the table (asks first) or reopen it."""
    table = _facilitated(request, code)
    close = not table.is_closed
    back = reverse("table_mode", kwargs={"code": table.code})
    return confirm_page(
        request,
        title=_("Close the table") if close else _("Reopen the table"),
        question=(
            _("Close the %(theme)s table? Ideas and dots will no longer be accepted; the report keeps everything.")
            if close
            else _("Reopen the %(theme)s table? Ideas and dots will be accepted again.")
        )
        % {"theme": table.theme.name},
        action=lambda: services.table_close(actor=acting_user(request), table=table, close=close),
        cancel_url=back,
        success_url=back,
        success_message=_("The table was closed.") if close else _("The table was reopened."),
        danger=close,
        confirm_label=_("Yes, close the table") if close else _("Yes, reopen the table"),
    )


def invitation_rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's personal link: answer (RSVP), choose a table, show the QR code for the door.

    The token is the only credential. Staff who may check people in see a check-in button
    when they open the same link (by scanning the QR code at the door).
    """
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404(_("This invitation link is not valid. Please check the link in your invitation."))
    workshop = invitation.workshop
    error = ""
    if request.method == "POST":
        theme = None
        if request.POST.get("preferred_theme"):
            theme = workshop.process.themes.filter(pk=posted_id(request, "preferred_theme")).first()
        try:
            if request.POST.get("preferred_theme") and theme is None:
                raise ValidationError(_("This workshop has no table for that theme."))
            services.invitation_respond(
                invitation=invitation,
                accept=request.POST.get("answer") == "yes",
                attendee_name=request.POST.get("attendee_name", ""),
                preferred_theme=theme,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Thank you, your answer was saved."))
            return redirect("invitation_rsvp", token=invitation.token)
    user: Any = request.user
    return render(
        request,
        "workshops/rsvp.html",
        {
            "invitation": invitation,
            "workshop": workshop,
            "process": workshop.process,
            "tables": workshop.tables.select_related("theme").order_by("theme__position"),
            "files": workshop.files.all(),
            "error": error,
            "can_check_in": user.is_authenticated and user.has_perm("workshops.check_in", workshop),
            "is_over": timezone.localdate() > workshop.date,
            "can_join_from_phone": selectors.can_join_from_phone(invitation),
        },
        status=400 if error else 200,
    )
