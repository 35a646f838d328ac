"""Back office for the stakeholder registry: organisations, contact people, contact-list import,
and the priority and product/service matrices drawn from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ortakakil.core.backoffice import (
    acting_user,
    backoffice_view,
    confirm_page,
    form_page,
    fresh,
    upload_drop,
    upload_keep,
    upload_kept,
)
from ortakakil.core.models import Organisation
from ortakakil.core.selectors import organisation_for_manage
from ortakakil.documents.workshop_lists import stakeholders_xlsx
from ortakakil.documents.xlsx import XLSX_MIME

from . import registry, selectors
from .contacts_import import ContactImportReport, ImportFileError, contacts_import
from .forms import ContactForm, ContactImportForm, StakeholderFilterForm, StakeholderForm
from .models import ContactPerson, StakeholderOrganisation

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "contact_import"


def _list_url(organisation: Organisation) -> str:
    return reverse("manage:stakeholder_list", kwargs={"org_slug": organisation.slug})


def _edit_url(stakeholder: StakeholderOrganisation) -> str:
    return reverse("manage:stakeholder_edit", kwargs={"org_slug": stakeholder.organisation.slug, "pk": stakeholder.pk})


def _crumbs(organisation: Organisation, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Back office"), reverse("manage:dashboard")),
        (organisation.name, ""),
        (_("Stakeholder registry"), _list_url(organisation)),
        *extra,
    ]


@backoffice_view
def stakeholder_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    filters = StakeholderFilterForm(request.GET)
    stakeholders = selectors.stakeholders_of(organisation, **filters.filters())
    page = Paginator(stakeholders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/manage/stakeholder_list.html",
        {
            "organisation": organisation,
            "page": page,
            "rows": [
                (stakeholder, selectors.priority_action(stakeholder.influence, stakeholder.importance))
                for stakeholder in page.object_list
            ],
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in ("q", "type", "internal")),
            "total": selectors.registry_size(organisation),
            "breadcrumbs": _crumbs(organisation)[:-1],
        },
    )


@backoffice_view
def stakeholder_export(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The registry (as filtered on the list) as XLSX: one row per contact person with valid
    consent, one row without contact for an organisation that has none. People without
    consent are left out (KVKK: their data is not passed on)."""
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    stakeholders = selectors.registry_export(organisation, **StakeholderFilterForm(request.GET).filters())
    response = HttpResponse(stakeholders_xlsx(stakeholders), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="paydaslar-{organisation.slug}.xlsx"'
    return response


@backoffice_view
def stakeholder_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    return form_page(
        request,
        form=StakeholderForm(request.POST or None, instance=StakeholderOrganisation(organisation=organisation)),
        save=lambda data: registry.stakeholder_create(actor=acting_user(request), organisation=organisation, data=data),
        title=_("New stakeholder organisation"),
        cancel_url=_list_url(organisation),
        success_url=_edit_url,
        success_message=_("The organisation was added to the registry. Add its contact people next."),
        breadcrumbs=_crumbs(organisation),
    )


@backoffice_view
def stakeholder_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    stakeholder = selectors.stakeholder_for_manage(organisation, pk)
    return form_page(
        request,
        form=StakeholderForm(request.POST or None, instance=stakeholder),
        save=lambda data: registry.stakeholder_update(
            actor=acting_user(request), stakeholder=fresh(stakeholder), data=data
        ),
        title=_("Stakeholder: %(name)s") % {"name": stakeholder.name},
        cancel_url=_list_url(organisation),
        success_url=lambda saved: _list_url(organisation),
        success_message=_("The organisation was saved."),
        breadcrumbs=_crumbs(organisation),
        template="workshops/manage/stakeholder_form.html",
    )


@backoffice_view
def contact_create(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    stakeholder = selectors.stakeholder_for_manage(organisation, pk)
    return form_page(
        request,
        form=ContactForm(request.POST or None, instance=ContactPerson(stakeholder=stakeholder)),
        save=lambda data: registry.contact_create(actor=acting_user(request), stakeholder=stakeholder, data=data),
        title=_("New contact person of %(name)s") % {"name": stakeholder.name},
        cancel_url=_edit_url(stakeholder),
        success_url=lambda contact: _edit_url(stakeholder),
        success_message=_("The contact person was added."),
        breadcrumbs=_crumbs(organisation, (stakeholder.name, _edit_url(stakeholder))),
    )


@backoffice_view
def contact_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    contact = selectors.contact_for_manage(organisation, pk)
    stakeholder = contact.stakeholder
    return form_page(
        request,
        form=ContactForm(request.POST or None, instance=contact),
        save=lambda data: registry.contact_update(actor=acting_user(request), contact=fresh(contact), data=data),
        title=_("Contact person: %(name)s") % {"name": contact.full_name},
        cancel_url=_edit_url(stakeholder),
        success_url=lambda saved: _edit_url(stakeholder),
        success_message=_("The contact person was saved."),
        breadcrumbs=_crumbs(organisation, (stakeholder.name, _edit_url(stakeholder))),
        template="workshops/manage/contact_form.html",
    )


@backoffice_view
def contact_withdraw(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Record a withdrawal of consent, after asking."""
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    contact = selectors.contact_for_manage(organisation, pk)
    return confirm_page(
        request,
        title=_("Withdraw consent"),
        question=_(
            "Record that %(name)s (%(organisation)s) withdrew their consent? "
            "From now on they will not be invited or contacted."
        )
        % {"name": contact.full_name, "organisation": contact.stakeholder.name},
        note=_(
            "Their record stays, so that the withdrawal is honoured when a contact list is imported again; "
            "every change is kept in the history."
        ),
        action=lambda: registry.contact_withdraw_consent(actor=acting_user(request), contact=contact),
        cancel_url=reverse("manage:contact_edit", kwargs={"org_slug": organisation.slug, "pk": contact.pk}),
        success_url=_edit_url(contact.stakeholder),
        success_message=_("The withdrawal of consent was recorded; the person will not be invited."),
        confirm_label=_("Yes, record the withdrawal"),
        breadcrumbs=_crumbs(organisation, (contact.stakeholder.name, _edit_url(contact.stakeholder))),
    )


@backoffice_view
def contact_import(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Upload → dry-run preview with every row's errors → commit (all or nothing)."""
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    if request.method != "POST":
        # A file of personal data kept for the confirmation step is dropped when the page is opened afresh.
        upload_drop(request, IMPORT_SESSION_KEY)
        return _import_page(request, organisation, ContactImportForm())
    if request.POST.get("step") == "commit":
        return _import_commit(request, organisation)
    return _import_preview(request, organisation, ContactImportForm(request.POST, request.FILES))


def _import_preview(request: HttpRequest, organisation: Organisation, form: ContactImportForm) -> HttpResponse:
    """Check the uploaded file without writing; a valid file waits in the session for the commit."""
    if not form.is_valid():
        return _import_page(request, organisation, form)
    upload, notice_version = form.cleaned_data["file"], form.cleaned_data["notice_version"]
    content = upload.read()
    try:
        report = contacts_import(
            actor=acting_user(request),
            organisation=organisation,
            name=upload.name or "",
            content=content,
            notice_version=notice_version,
            dry_run=True,
        )
    except ImportFileError as exc:
        return _import_page(request, organisation, form, error=str(exc))
    except ValidationError as exc:
        form.add_error(None, exc)
        return _import_page(request, organisation, form)
    if report.ok:
        upload_keep(
            request,
            IMPORT_SESSION_KEY,
            owner=organisation.pk,
            name=upload.name or "",
            content=content,
            notice_version=notice_version,
        )
    return _import_page(request, organisation, form, report=report)


def _import_commit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Write the file checked in the preview, all rows or none."""
    form = ContactImportForm()
    try:
        kept = upload_kept(request, IMPORT_SESSION_KEY, owner=organisation.pk)
        report = contacts_import(
            actor=acting_user(request),
            organisation=organisation,
            name=kept.name,
            content=kept.content,
            notice_version=kept.extra["notice_version"],
            dry_run=False,
        )
    except ImportFileError as exc:
        return _import_page(request, organisation, form, error=str(exc))
    except ValidationError as exc:
        return _import_page(request, organisation, form, error=" ".join(exc.messages))
    if not report.ok:
        return _import_page(request, organisation, form, report=report)
    upload_drop(request, IMPORT_SESSION_KEY)
    messages.success(
        request,
        _(
            "The contact list was imported: %(organisations)d new organisations, "
            "%(created)d new contact people, %(updated)d updated."
        )
        % {
            "organisations": report.created_organisations,
            "created": report.created_contacts,
            "updated": report.updated_contacts,
        },
    )
    return redirect(_list_url(organisation))


def _import_page(
    request: HttpRequest,
    organisation: Organisation,
    form: ContactImportForm,
    *,
    report: ContactImportReport | None = None,
    error: str = "",
) -> HttpResponse:
    invalid = bool(error or form.errors or (report is not None and not report.ok))
    return render(
        request,
        "workshops/manage/contact_import.html",
        {
            "organisation": organisation,
            "form": form,
            "report": report,
            "error": error,
            "breadcrumbs": _crumbs(organisation),
        },
        status=400 if invalid else 200,
    )


@backoffice_view
def stakeholder_matrix(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The guide's priority matrix (influence × importance) of the organisation's stakeholders,
    and the stakeholder × product/service matrix."""
    # Imported here: matplotlib is loaded only by the pages that draw.
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
