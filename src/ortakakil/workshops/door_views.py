"""During the workshop, at the door: find a person by name or organisation (or scan the QR code
of their personal link) and check them in; register walk-ins; print the tables' cards."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, safe_next

from . import live, selectors
from .forms import WalkInForm
from .invitation_views import crumbs, workshop_url

CHECK_IN = "workshops.check_in"


@backoffice_view
def checkin(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The door. Also registers walk-ins: people who came without an invitation."""
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop, perm=CHECK_IN)
    query = request.GET.get("q", "").strip()[:200]
    walk_in = WalkInForm(request.POST or None, organisation_id=event.process.organisation_id)
    if request.method == "POST" and walk_in.is_valid():
        try:
            person = live.walk_in_register(
                actor=acting_user(request),
                workshop=event,
                stakeholder=walk_in.cleaned_data["stakeholder"],
                attendee_name=walk_in.cleaned_data["attendee_name"],
            )
        except ValidationError as error:
            walk_in.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was registered and checked in.") % {"name": person.name})
            return redirect(workshop_url(event, "manage:workshop_checkin"))
    context = {
        "workshop": event,
        "process": event.process,
        "query": query,
        "results": selectors.door_results(event, query),
        "counts": selectors.invitation_counts(event),
        "walk_in": walk_in,
        "breadcrumbs": crumbs(event),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workshops/manage/_checkin_results.html", context)
    return render(request, "workshops/manage/checkin.html", context, status=400 if request.method == "POST" else 200)


@backoffice_view
@require_POST
def checkin_person(request: HttpRequest, slug: str, workshop: str, pk: int) -> HttpResponse:
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop, perm=CHECK_IN)
    invitation = selectors.invitation_for_manage(event, pk)
    error = ""
    try:
        invitation = live.checkin_door(actor=acting_user(request), invitation=invitation)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "workshops/manage/_checkin_row.html",
            {"person": invitation, "workshop": event, "process": event.process, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        table = f" → {invitation.table.theme.name}" if invitation.table else ""
        messages.success(request, _("%(name)s checked in.") % {"name": invitation.name} + table)
    return redirect(safe_next(request, workshop_url(event, "manage:workshop_checkin")))


@backoffice_view
def table_cards(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """One printable card per table: theme, code and the QR code of the phone link."""
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop, perm=CHECK_IN)
    return render(
        request,
        "workshops/manage/table_cards.html",
        {
            "workshop": event,
            "process": event.process,
            "tables": selectors.tables_of(event),
            "breadcrumbs": crumbs(event),
        },
    )
