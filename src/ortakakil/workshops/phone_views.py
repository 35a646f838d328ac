"""The participants' pages during the workshop: joining a table from a phone (the table code,
and the personal link that makes the phone a participant's), the phone page, the wall.

A phone adds ideas and puts dots for the checked-in participant whose personal link it opened
(a signed cookie carries the invitation), only while the workshop is running. Everything
works without JavaScript (forms post and redirect, or answer 400 with the error); htmx swaps
the idea list in place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ortakakil.core import ratelimit

from . import live, selectors
from .models import Idea, Invitation, WorkshopTable
from .phone_links import phone_links

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

#: The wall's colour bars: (the CSS class of the kind, what it means). PESTLE factors share one colour.
WALL_LEGEND = [
    (Idea.Kind.PROPOSAL.value, Idea.Kind.PROPOSAL.label),
    (Idea.Kind.PROBLEM.value, Idea.Kind.PROBLEM.label),
    (Idea.Kind.STRENGTH.value, Idea.Kind.STRENGTH.label),
    (Idea.Kind.WEAKNESS.value, Idea.Kind.WEAKNESS.label),
    (Idea.Kind.OPPORTUNITY.value, Idea.Kind.OPPORTUNITY.label),
    (Idea.Kind.THREAT.value, Idea.Kind.THREAT.label),
    (Idea.Kind.POLITICAL.value, gettext_lazy("PESTLE factor")),
]


def phone_participant(request: HttpRequest, workshop_id: int) -> Invitation | None:
    """The checked-in participant of workshop ``workshop_id`` this phone joined as (by their
    personal link, carried in a signed cookie), or None. Other apps' phone pages (the opinions
    app's voting by table code) identify the phone with it."""
    token = request.get_signed_cookie(PARTICIPANT_COOKIE, default="", salt=COOKIE_SALT) or ""
    return selectors.participant_by_token(token, workshop_id=workshop_id)


def _participant(request: HttpRequest, table: WorkshopTable) -> Invitation | None:
    """The checked-in participant this phone joined as (by their personal link), or None."""
    return phone_participant(request, table.workshop_id)


def _phone_context(table: WorkshopTable, participant: Invitation | None, error: str = "") -> dict[str, Any]:
    workshop = table.workshop
    return {
        "table": table,
        "ideas": selectors.ideas_by_votes(table),
        "participant": participant,
        "takes_phones": workshop.takes_phones(),
        "is_over": workshop.is_over(),
        "opens_at": workshop.phones_open_from(),
        "dots_left": selectors.dots_left(workshop, participant),
        "kinds": [(k.value, k.label) for k in PHONE_KINDS],
        "error": error,
        "phone_links": phone_links(table),
    }


def join(request: HttpRequest) -> HttpResponse:
    """Enter a table code (printed on the table, or in its QR code)."""
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    if code:
        try:
            table = selectors.table_by_code(code)
        except Http404:
            messages.error(request, _("No table with this code. Check the code on your table."))
        else:
            return redirect("table_phone", code=table.code)
    return render(request, "workshops/join.html", {"code": code})


def table_phone(request: HttpRequest, code: str) -> HttpResponse:
    """The phone page: the table's ideas; adding ideas and dots once the phone has joined as a
    checked-in participant, while the workshop is running."""
    table = selectors.table_by_code(code)
    return render(request, "workshops/phone.html", _phone_context(table, _participant(request, table)))


def _after_phone_write(request: HttpRequest, table: WorkshopTable, error: str = "", done: str = "") -> HttpResponse:
    """The idea list again (htmx) saying what was done, the page again after a success (with the
    same words as a message), or the page with the error (400)."""
    if request.htmx or error:  # type: ignore[attr-defined]
        template = "workshops/_phone_ideas.html" if request.htmx else "workshops/phone.html"  # type: ignore[attr-defined]
        context = {**_phone_context(table, _participant(request, table), error), "done": done}
        return render(request, template, context, status=400 if error else 200)
    if done:
        messages.success(request, done)
    return redirect("table_phone", code=table.code)


def _message(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


@require_POST
def phone_idea(request: HttpRequest, code: str) -> HttpResponse:
    table = selectors.table_by_code(code)
    try:
        ratelimit.check(live.PHONE_IDEA_SCOPE, request, per=f"table:{table.pk}")
        live.idea_add(
            table=table,
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind", "oneri"),
            participant=_participant(request, table),
        )
    except ratelimit.RateLimited as limited:
        return _after_phone_write(request, table, limited.message)
    except (ValidationError, PermissionDenied) as error:
        return _after_phone_write(request, table, _message(error))
    return _after_phone_write(request, table, done=_("Thank you, your idea was added to the table."))


@require_POST
def phone_vote(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    table = selectors.table_by_code(code)
    idea = selectors.idea_at(table, pk)
    try:
        live.dot_vote(idea=idea, participant=_participant(request, table))
    except (ValidationError, PermissionDenied) as error:
        return _after_phone_write(request, table, _message(error))
    return _after_phone_write(request, table)


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
    """The room's screen: the table's ideas by dots, refreshed every few seconds, with the
    full address and QR code of the phone page."""
    table = selectors.table_by_code(code)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workshops/_wall_ideas.html", {"table": table, "ideas": selectors.ideas_by_votes(table)})
    return render(
        request,
        "workshops/wall.html",
        {
            "table": table,
            "ideas": selectors.ideas_by_votes(table),
            "site_url": (settings.SITE_URL or request.build_absolute_uri("/")).rstrip("/"),
            "legend": WALL_LEGEND,
            "takes_phones": table.workshop.takes_phones() and not table.is_closed,
        },
    )
