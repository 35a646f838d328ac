"""Back office for the stakeholder matrices and for running a workshop: invitations, table
assignment, check-in at the door, table settings and printable table cards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page, posted_id, safe_next
from ortakakil.core.selectors import organisation_for_manage

from . import event as event_services
from . import selectors, services
from .forms import PhonesOpenForm
from .models import Invitation, StakeholderOrganisation, Workshop, WorkshopTable, phone_grace

PAGE_SIZE = 50


@backoffice_view
def stakeholder_matrix(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The guide's priority matrix (influence × importance) of the organisation's stakeholders."""
    # Imported here: matplotlib is loaded only by the pages that draw.
    from django.utils.text import capfirst

    from .charts import ChartLabels, priority_chart_svg
    from .matrix import Priority

    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    quadrants = selectors.priority_matrix(organisation.pk)
    stakeholders: list[Any] = [s for quadrant in quadrants for s in quadrant.organisations]
    chart_svg = priority_chart_svg(
        [(s.name, s.influence, s.importance) for s in stakeholders],
        title=_("Stakeholder priority matrix"),
        labels=ChartLabels(
            importance=str(capfirst(_("importance (1–5)"))),  # the model fields' names
            influence=str(capfirst(_("influence (1–5)"))),
            actions={Priority(quadrant.key): quadrant.action for quadrant in quadrants},
        ),
    )
    return render(
        request,
        "workshops/stakeholder_matrix.html",
        {
            "organisation": organisation,
            "quadrants": quadrants,
            "chart_svg": chart_svg,  # drawn by charts.py from counts and escaped labels: safe to inline
            "products": selectors.product_matrix(organisation.pk),
            "breadcrumbs": [(_("Back office"), reverse("manage:dashboard")), (organisation.name, "")],
        },
    )


# --- A workshop in the back office ------------------------------------------------------------


def _workshop_for(request: HttpRequest, slug: str, workshop: str, perm: str = "workshops.manage") -> Workshop:
    return selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop, perm=perm)


def _workshop_url(event: Workshop, name: str = "manage:workshop") -> str:
    return reverse(name, kwargs={"slug": event.process.slug, "workshop": event.slug})


def _crumbs(event: Workshop, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Back office"), reverse("manage:dashboard")),
        (event.process.title, reverse("manage:process", kwargs={"slug": event.process.slug})),
        (event.title, _workshop_url(event)),
        *extra,
    ]


@backoffice_view
def workshop_overview(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Before and during the workshop at a glance: answers, arrivals, tables and their mix."""
    event = _workshop_for(request, slug, workshop)
    return render(
        request,
        "workshops/manage/workshop.html",
        {
            "workshop": event,
            "process": event.process,
            "counts": selectors.invitation_counts(event),
            "participants": selectors.participants_by_type(event),
            "tables": selectors.table_overview(event),
            "takes_phones": event.takes_phones(),
            "phone_grace": int(phone_grace().total_seconds() // 60),
            "phone_hours": PhonesOpenForm.base_fields["hours"].choices,  # type: ignore[attr-defined]
            "breadcrumbs": _crumbs(event)[:-1],
        },
    )


@backoffice_view
@require_POST
def workshop_phones(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Open the phones for some hours outside the workshop's own hours, or close them again."""
    event = _workshop_for(request, slug, workshop)
    form = PhonesOpenForm(request.POST)
    try:
        if request.POST.get("close"):
            event_services.workshop_phones_close(actor=acting_user(request), workshop=event)
            messages.success(request, _("The phones were closed."))
        elif form.is_valid():
            event_services.workshop_phones_open(
                actor=acting_user(request), workshop=event, hours=int(form.cleaned_data["hours"])
            )
            messages.success(request, _("The phones are open for %(n)s hours.") % {"n": form.cleaned_data["hours"]})
        else:
            messages.error(request, _("Choose how many hours to open the phones for."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_workshop_url(event) + "#phones")


@backoffice_view
@require_POST
def workshop_assign(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    event = _workshop_for(request, slug, workshop)
    try:
        seated = services.tables_assign(actor=acting_user(request), workshop=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if seated:
            messages.success(request, _("%(n)d people were given a table.") % {"n": seated})
        else:
            messages.info(request, _("Everyone who will attend already has a table."))
    return redirect(_workshop_url(event) + "#tables")


def _invitations(event: Workshop, query: str, status: str) -> QuerySet[Invitation]:
    invitations = event.invitations.select_related("stakeholder", "contact", "table__theme").order_by(
        "stakeholder__name", "pk"
    )
    if status in Invitation.Status.values:
        invitations = invitations.filter(status=status)
    elif status == "arrived":
        invitations = invitations.filter(checked_in_at__isnull=False)
    if query:
        invitations = invitations.filter(
            Q(stakeholder__name__icontains=query)
            | Q(contact__full_name__icontains=query)
            | Q(attendee_name__icontains=query)
        )
    return invitations


@backoffice_view
def invitation_list(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    event = _workshop_for(request, slug, workshop)
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    page = Paginator(_invitations(event, query, status), PAGE_SIZE).get_page(request.GET.get("page"))
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
            "tables": event.tables.select_related("theme").order_by("theme__position"),
            "counts": selectors.invitation_counts(event),
            "breadcrumbs": _crumbs(event),
        },
    )


@backoffice_view
def invitation_export(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The invitation list with personal links, for a mail merge or the official letters."""
    from ortakakil.documents.xlsx import table_xlsx

    event = _workshop_for(request, slug, workshop)
    rows = [
        [
            i.stakeholder.name,
            i.stakeholder.get_type_display(),
            i.name,
            i.contact.email if i.contact and i.contact.has_consent else "",
            i.get_status_display(),
            i.table.theme.name if i.table else "",
            request.build_absolute_uri(i.get_absolute_url()),
        ]
        for i in _invitations(event, "", "")
    ]
    header = [_("Organisation"), _("Type"), _("Attendee"), _("E-mail"), _("Answer"), _("Table"), _("Personal link")]
    response = HttpResponse(
        table_xlsx(title=_("Invitations"), headers=header, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-davetler.xlsx"'
    return response


class InviteForm(forms.Form):
    stakeholders = forms.ModelMultipleChoiceField(
        queryset=StakeholderOrganisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Organisations to invite"),
        error_messages={"required": _("Choose at least one organisation.")},
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = StakeholderOrganisation.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).order_by("type", "name")


@backoffice_view
def invitation_create(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Invite organisations from the registry (their consenting contact people get personal links)."""
    event = _workshop_for(request, slug, workshop)
    form = InviteForm(request.POST or None, organisation_id=event.process.organisation_id)
    invited = set(event.invitations.values_list("stakeholder_id", flat=True))
    if request.method == "POST" and form.is_valid():
        created = services.invitations_create(
            actor=acting_user(request), workshop=event, stakeholders=form.cleaned_data["stakeholders"]
        )
        messages.success(request, _("%(n)d invitations were created.") % {"n": len(created)})
        return redirect(_workshop_url(event, "manage:workshop_invitations"))
    groups: dict[str, list[StakeholderOrganisation]] = {}
    for stakeholder in form.fields["stakeholders"].queryset:  # type: ignore[attr-defined]
        groups.setdefault(stakeholder.get_type_display(), []).append(stakeholder)
    return render(
        request,
        "workshops/manage/invite.html",
        {
            "workshop": event,
            "process": event.process,
            "form": form,
            "groups": groups,
            "invited": invited,
            "breadcrumbs": _crumbs(event, (_("Invitations"), _workshop_url(event, "manage:workshop_invitations"))),
        },
        status=400 if request.method == "POST" else 200,
    )


@backoffice_view
def invitation_send(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Ask, then e-mail the personal links in a background job and show its progress."""
    event = _workshop_for(request, slug, workshop)
    back = _workshop_url(event, "manage:workshop_invitations")
    if request.method == "POST":
        try:
            job = services.invitations_send_start(
                actor=acting_user(request),
                workshop=event,
                base_url=settings.SITE_URL or request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        return redirect(job.get_absolute_url())
    count = services.invitations_to_send(event).count()
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
    event = _workshop_for(request, slug, workshop)
    invitation = event.invitations.filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    table = event.tables.select_related("theme").filter(pk=posted_id(request, "table")).first()
    try:
        if request.POST.get("table") and table is None:
            raise ValidationError(_("This workshop has no such table."))
        services.invitation_move(actor=acting_user(request), invitation=invitation, table=table)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The seat of %(name)s was changed.") % {"name": invitation.name})
    return redirect(safe_next(request, _workshop_url(event, "manage:workshop_invitations")))


def _door_results(event: Workshop, query: str) -> list[Invitation]:
    token = selectors.token_from(query)
    if token:
        return list(_invitations(event, "", "").filter(token=token))
    if len(query) < 2:
        return list(_invitations(event, "", "").filter(checked_in_at__isnull=False).order_by("-checked_in_at")[:10])
    return list(_invitations(event, query, "")[:30])


class WalkInForm(forms.Form):
    stakeholder = forms.ModelChoiceField(queryset=StakeholderOrganisation.objects.none(), label=_("Organisation"))
    attendee_name = forms.CharField(label=_("Full name"), min_length=3, max_length=120)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = StakeholderOrganisation.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )


@backoffice_view
def checkin(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The door: find a person by name or organisation (or scan their QR code) and check them in.

    Also registers walk-ins: people who came without an invitation.
    """
    event = _workshop_for(request, slug, workshop, "workshops.check_in")
    query = request.GET.get("q", "").strip()[:200]
    walk_in = WalkInForm(request.POST or None, organisation_id=event.process.organisation_id)
    if request.method == "POST" and walk_in.is_valid():
        try:
            person = services.walk_in_register(
                actor=acting_user(request),
                workshop=event,
                stakeholder=walk_in.cleaned_data["stakeholder"],
                attendee_name=walk_in.cleaned_data["attendee_name"],
            )
        except ValidationError as error:
            walk_in.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was registered and checked in.") % {"name": person.name})
            return redirect(_workshop_url(event, "manage:workshop_checkin"))
    context = {
        "workshop": event,
        "process": event.process,
        "query": query,
        "results": _door_results(event, query),
        "counts": selectors.invitation_counts(event),
        "walk_in": walk_in,
        "breadcrumbs": _crumbs(event),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workshops/manage/_checkin_results.html", context)
    return render(request, "workshops/manage/checkin.html", context, status=400 if request.method == "POST" else 200)


@backoffice_view
@require_POST
def checkin_person(request: HttpRequest, slug: str, workshop: str, pk: int) -> HttpResponse:
    event = _workshop_for(request, slug, workshop, "workshops.check_in")
    invitation = event.invitations.filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    error = ""
    try:
        services.checkin_door(actor=acting_user(request), invitation=invitation)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        invitation.refresh_from_db()
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
    return redirect(safe_next(request, _workshop_url(event, "manage:workshop_checkin")))


class TableForm(forms.ModelForm):
    class Meta:
        model = WorkshopTable
        fields = ["capacity", "facilitators"]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ortakakil.core.models import STAFF_ROLES, User

        self.fields["facilitators"].label = _("Facilitators")
        self.fields["facilitators"].label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation_id=self.instance.workshop.process.organisation_id, role__in=STAFF_ROLES, is_active=True
        ).order_by("first_name", "last_name", "username")


@backoffice_view
def table_edit(request: HttpRequest, slug: str, workshop: str, pk: int) -> HttpResponse:
    event = _workshop_for(request, slug, workshop)
    table = event.tables.select_related("theme").filter(pk=pk).first()
    if table is None:
        raise Http404(_("This workshop has no such table."))
    form = TableForm(request.POST or None, instance=table)
    return form_page(
        request,
        form=form,
        save=lambda data: services.table_update(
            actor=acting_user(request), table=table, capacity=data["capacity"], facilitators=data["facilitators"]
        ),
        title=_("Table: %(theme)s") % {"theme": table.theme.name},
        cancel_url=_workshop_url(event) + "#tables",
        success_url=lambda _saved: _workshop_url(event) + "#tables",
        success_message=_("The table was saved."),
        breadcrumbs=_crumbs(event),
    )


@backoffice_view
def table_cards(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """One printable card per table: theme, code and the QR code of the phone link."""
    event = _workshop_for(request, slug, workshop, "workshops.check_in")
    return render(
        request,
        "workshops/manage/table_cards.html",
        {
            "workshop": event,
            "process": event.process,
            "tables": event.tables.select_related("theme").order_by("theme__position"),
            "breadcrumbs": _crumbs(event),
        },
    )
