"""Back office of the workshop event: its overview (answers, arrivals, tables, the phones), its
details and agenda, and the experts' presentation files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page, fresh
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_manage

from . import event, selectors
from .forms import PhonesOpenForm, WorkshopFileForm, WorkshopForm
from .invitation_views import crumbs, workshop_url
from .models import Workshop, phone_grace


def _overview_url(process: Process) -> str:
    return reverse("manage:process", kwargs={"slug": process.slug}) + "#workshops"


def _crumbs(process: Process) -> list[tuple[str, str]]:
    return [(_("Back office"), reverse("manage:dashboard")), (process.title, _overview_url(process))]


def _files_url(workshop: Workshop) -> str:
    return reverse("manage:workshop_files", kwargs={"slug": workshop.process.slug, "workshop": workshop.slug})


def _workshop_for_manage(request: HttpRequest, slug: str, workshop: str) -> Workshop:
    """The workshop at ``workshop`` of a process the user manages; 404 for any other."""
    return selectors.workshop_for_manage(user=request.user, slug=slug, workshop=workshop)


@backoffice_view
def workshop_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_manage(user=request.user, slug=slug)
    return form_page(
        request,
        form=WorkshopForm(request.POST or None, instance=Workshop(process=process)),
        save=lambda data: event.workshop_create(actor=acting_user(request), process=process, data=data),
        title=_("New workshop"),
        cancel_url=_overview_url(process),
        success_url=lambda saved: _overview_url(process),
        success_message=_("The workshop was added. Upload the presentations on its files page."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def workshop_edit(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    current = _workshop_for_manage(request, slug, workshop)
    process = current.process
    return form_page(
        request,
        form=WorkshopForm(request.POST or None, instance=current),
        save=lambda data: event.workshop_update(actor=acting_user(request), workshop=fresh(current), data=data),
        title=_("Edit workshop: %(title)s") % {"title": current.title},
        cancel_url=_overview_url(process),
        success_url=lambda saved: _overview_url(process),
        success_message=_("The workshop was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def workshop_files(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """The workshop's presentations and documents, with the upload form under the list."""
    current = _workshop_for_manage(request, slug, workshop)
    form = WorkshopFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = event.workshop_file_add(
                actor=acting_user(request),
                workshop=current,
                title=form.cleaned_data["title"],
                presenter=form.cleaned_data["presenter"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(title)s” was uploaded.") % {"title": item.title})
            return redirect(_files_url(current))
    return render(
        request,
        "workshops/manage/files.html",
        {
            "process": current.process,
            "workshop": current,
            "files": selectors.files_of(current),
            "form": form,
            "breadcrumbs": [
                *_crumbs(current.process),
                (
                    current.title,
                    reverse("manage:workshop", kwargs={"slug": current.process.slug, "workshop": current.slug}),
                ),
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@backoffice_view
def workshop_file_delete(request: HttpRequest, slug: str, workshop: str, pk: int) -> HttpResponse:
    current = _workshop_for_manage(request, slug, workshop)
    item = selectors.workshop_file(current, pk)
    item.workshop = current
    return confirm_page(
        request,
        title=_("Delete file"),
        question=_("Delete “%(title)s” from the workshop “%(workshop)s”? Participants can no longer download it.")
        % {"title": item.title, "workshop": current.title},
        action=lambda: event.workshop_file_delete(actor=acting_user(request), file=item),
        cancel_url=_files_url(current),
        success_url=_files_url(current),
        success_message=_("The file was deleted."),
    )


@backoffice_view
def workshop_overview(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Before and during the workshop at a glance: answers, arrivals, the phones, tables and their mix."""
    current = _workshop_for_manage(request, slug, workshop)
    return render(
        request,
        "workshops/manage/workshop.html",
        {
            "workshop": current,
            "process": current.process,
            "counts": selectors.invitation_counts(current),
            "participants": selectors.participants_by_type(current),
            "tables": selectors.table_overview(current),
            "takes_phones": current.takes_phones(),
            "phone_grace": int(phone_grace().total_seconds() // 60),
            "phones_form": PhonesOpenForm(),
            "breadcrumbs": crumbs(current)[:-1],
        },
    )


@backoffice_view
@require_POST
def workshop_phones(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    """Open the phones for some hours outside the workshop's own hours, or close them again."""
    current = _workshop_for_manage(request, slug, workshop)
    form = PhonesOpenForm(request.POST)
    try:
        if request.POST.get("close"):
            event.workshop_phones_close(actor=acting_user(request), workshop=current)
            messages.success(request, _("The phones were closed."))
        elif form.is_valid():
            hours = form.cleaned_data["hours"]
            event.workshop_phones_open(actor=acting_user(request), workshop=current, hours=hours)
            messages.success(request, _("The phones are open for %(n)s hours.") % {"n": hours})
        else:
            messages.error(request, _("Choose how many hours to open the phones for."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(workshop_url(current) + "#phones")
