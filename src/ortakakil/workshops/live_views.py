"""Live workshop pages: the facilitator's table mode, the participants' phone page, the wall.

Everything works without JavaScript (forms post and redirect); htmx swaps the idea list in
place, and ``static/ortakakil/table-mode.js`` keeps a facilitator's unsent ideas in the
browser and resends them when the connection returns (the server ignores repeats by their
client key).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user

from . import services
from .models import Idea, WorkshopTable

PARTICIPANT_COOKIE = "oa_participant"
COOKIE_SALT = "ortakakil.workshops.participant"
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


def _participant(request: HttpRequest) -> str:
    return request.get_signed_cookie(PARTICIPANT_COOKIE, default="", salt=COOKIE_SALT) or ""


def _ideas(table: WorkshopTable) -> list[Idea]:
    return list(table.ideas.select_related("speaker").order_by("-votes_count", "-created_at", "-pk")[:200])


def _dots_left(table: WorkshopTable, participant: str) -> int:
    used = table.workshop.dot_votes.filter(participant_key=participant).count() if participant else 0
    return max(0, table.workshop.dots_per_participant - used)


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
    table = _table(code)
    participant = _participant(request)
    response = render(
        request,
        "workshops/phone.html",
        {
            "table": table,
            "ideas": _ideas(table),
            "dots_left": _dots_left(table, participant),
            "kinds": [(k.value, k.label) for k in PHONE_KINDS],
        },
    )
    if not participant:
        response.set_signed_cookie(
            PARTICIPANT_COOKIE,
            secrets.token_urlsafe(24),
            salt=COOKIE_SALT,
            max_age=7 * 24 * 3600,
            httponly=True,
            samesite="Lax",
        )
    return response


def _back_to_phone(request: HttpRequest, table: WorkshopTable, error: str = "") -> HttpResponse:
    if error:
        messages.error(request, error)
    if request.htmx:  # type: ignore[attr-defined]
        participant = _participant(request)
        return render(
            request,
            "workshops/_phone_ideas.html",
            {"table": table, "ideas": _ideas(table), "dots_left": _dots_left(table, participant), "error": error},
            status=400 if error else 200,
        )
    return redirect("table_phone", code=table.code)


@require_POST
def phone_idea(request: HttpRequest, code: str) -> HttpResponse:
    table = _table(code)
    participant = _participant(request)
    try:
        services.idea_add(
            table=table,
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind", "oneri"),
            participant_key=participant,
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
        services.dot_vote(idea=idea, participant_key=_participant(request))
    except (ValidationError, PermissionDenied) as error:
        return _back_to_phone(request, table, " ".join(getattr(error, "messages", [str(error)])))
    return _back_to_phone(request, table)


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
        if request.POST.get("speaker"):
            speaker = table.workshop.process.organisation.stakeholders.filter(pk=request.POST["speaker"]).first()
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
        if error:
            messages.error(request, error)
        return redirect("table_mode", code=table.code)
    stakeholders = table.workshop.process.organisation.stakeholders.filter(themes=table.theme).order_by("name")
    return render(
        request,
        "workshops/table_mode.html",
        {"table": table, "ideas": _ideas(table), "kinds": Idea.Kind.choices, "stakeholders": stakeholders},
    )
