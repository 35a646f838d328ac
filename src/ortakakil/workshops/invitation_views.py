"""Before the workshop: the invitation's personal link (answer, preferred table, entry QR code)
and the back office of invitations, table assignment and the tables' settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page, posted_id, safe_next
from ortakakil.documents.workshop_lists import invitations_xlsx
from ortakakil.documents.xlsx import XLSX_MIME

from . import invitations, selectors
from .forms import InviteForm, TableForm
from .models import Invitation, Workshop

PAGE_SIZE = 50


def workshop_url(event: Workshop, name: str = "manage:workshop") -> str:
    return reverse(name, kwargs={"slug": event.process.slug, "workshop": event.slug})


def crumbs(event: Workshop, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Back office"), reverse("manage:dashboard")),
        (event.process.title, reverse("manage:process", kwargs={"slug": event.process.slug})),
        (event.title, workshop_url(event)),
        *extra,
    ]


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
        theme = selectors.posted_theme(workshop, posted_id(request, "preferred_theme"))
        try:
            if request.POST.get("preferred_theme") and theme is None:
                raise ValidationError(_("This workshop has no table for that theme."))
            invitations.invitation_respond(
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
    return render(
        request,
        "workshops/rsvp.html",
        {
            "invitation": invitation,
            "workshop": workshop,
            "process": workshop.process,
            "tables": selectors.tables_of(workshop),
            "files": selectors.files_of(workshop),
            "error": error,
            "can_check_in": request.user.has_perm("workshops.check_in", workshop),
            "is_over": timezone.localdate() > workshop.date,
            "can_join_from_phone": selectors.can_join_from_phone(invitation),
        },
        status=400 if error else 200,
    )


@backoffice_view
def invitation_list(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    page = Paginator(selectors.invitations_of(event, query=query, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workshops/manage/invitations.html",
        {
            "workshop": event,
            "process": event.process,
            "page": page,
            "query": query,
            "status": status,
            "statuses": [*Invitation.Status.choices, ("arrived", _("Arrived"))],
            "tables": selectors.tables_of(event),
            "counts": selectors.invitation_counts(event),
            "breadcrumbs": crumbs(event),
        },
    )


@backoffice_view
def invitation_export(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The invitation list with personal links, for a mail merge or the official letters."""
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    content = invitations_xlsx(
        selectors.invitations_of(event), link=lambda i: request.build_absolute_uri(i.get_absolute_url())
    )
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-davetler.xlsx"'
    return response


@backoffice_view
def invitation_create(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Invite organisations from the registry (their consenting contact people get personal links)."""
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    stakeholders = selectors.invitable_stakeholders(event)
    form = InviteForm(request.POST or None, stakeholders=stakeholders)
    if request.method == "POST" and form.is_valid():
        created = invitations.invitations_create(
            actor=acting_user(request), workshop=event, stakeholders=form.cleaned_data["stakeholders"]
        )
        messages.success(request, _("%(n)d invitations were created.") % {"n": len(created)})
        return redirect(workshop_url(event, "manage:workshop_invitations"))
    groups: dict[str, list] = {}
    for stakeholder in stakeholders:
        groups.setdefault(stakeholder.get_type_display(), []).append(stakeholder)
    return render(
        request,
        "workshops/manage/invite.html",
        {
            "workshop": event,
            "process": event.process,
            "form": form,
            "groups": groups,
            "invited": selectors.invited_stakeholder_ids(event),
            "breadcrumbs": crumbs(event, (_("Invitations"), workshop_url(event, "manage:workshop_invitations"))),
        },
        status=400 if request.method == "POST" else 200,
    )


@backoffice_view
def invitation_send(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Ask, then e-mail the personal links in a background job and show its progress."""
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    back = workshop_url(event, "manage:workshop_invitations")
    if request.method == "POST":
        try:
            job = invitations.invitations_send_start(
                actor=acting_user(request),
                workshop=event,
                base_url=settings.SITE_URL or request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        return redirect(job.get_absolute_url())
    if event.date < timezone.localdate():
        messages.info(request, _("The workshop is over; its invitations can no longer be e-mailed."))
        return redirect(back)
    count = selectors.invitations_to_send(event).count()
    if not count:
        messages.info(request, _("There is no invitation left to e-mail."))
        return redirect(back)
    return confirm_page(
        request,
        title=_("E-mail the invitations"),
        question=_(
            "E-mail their personal links to %(n)d people who have given consent and have an e-mail address? "
            "Each person gets one e-mail; organisations without such a person need an official letter."
        )
        % {"n": count},
        action=lambda: None,
        cancel_url=back,
        success_url=back,
        success_message="",
        danger=False,
        confirm_label=_("Yes, send the e-mails"),
    )


@backoffice_view
@require_POST
def invitation_move(request: HttpRequest, slug: str, workshop: str, pk: int) -> HttpResponse:
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    invitation = selectors.invitation_for_manage(event, pk)
    table = selectors.posted_table(event, posted_id(request, "table"))
    try:
        if request.POST.get("table") and table is None:
            raise ValidationError(_("This workshop has no such table."))
        invitations.invitation_move(actor=acting_user(request), invitation=invitation, table=table)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The seat of %(name)s was changed.") % {"name": invitation.name})
    return redirect(safe_next(request, workshop_url(event, "manage:workshop_invitations")))


@backoffice_view
@require_POST
def workshop_assign(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    try:
        seated = invitations.tables_assign(actor=acting_user(request), workshop=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if seated:
            messages.success(request, _("%(n)d people were given a table.") % {"n": seated})
        else:
            messages.info(request, _("Everyone who will attend already has a table."))
    return redirect(workshop_url(event) + "#tables")


@backoffice_view
def table_edit(request: HttpRequest, slug: str, workshop: str, pk: int) -> HttpResponse:
    event = selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)
    table = selectors.table_for_manage(event, pk)
    return form_page(
        request,
        form=TableForm(request.POST or None, instance=table),
        save=lambda data: invitations.table_update(
            actor=acting_user(request), table=table, capacity=data["capacity"], facilitators=data["facilitators"]
        ),
        title=_("Table: %(theme)s") % {"theme": table.theme.name},
        cancel_url=workshop_url(event) + "#tables",
        success_url=lambda _saved: workshop_url(event) + "#tables",
        success_message=_("The table was saved."),
        breadcrumbs=crumbs(event),
    )
