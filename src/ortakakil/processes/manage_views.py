"""Back office for processes: settings, phases, themes, preparation programme."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ortakakil.core import jobs, links
from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page, fresh, safe_next
from ortakakil.core.selectors import organisations_to_manage

from . import sections, selectors, services
from .forms import PhaseForm, PreparationTaskForm, ProcessForm, TaskStatusForm, ThemeForm
from .models import Phase, PreparationTask, Process, Theme


def _overview_url(process: Process, anchor: str = "") -> str:
    return reverse("manage:process", kwargs={"slug": process.slug}) + (f"#{anchor}" if anchor else "")


def _crumbs(process: Process) -> list[tuple[str, str]]:
    return [(_("Back office"), reverse("manage:dashboard")), (process.title, _overview_url(process))]


@backoffice_view
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "processes": selectors.processes_for_dashboard(user),
            "organisations": [
                (o, links.links_for(links.ORGANISATION_BACKOFFICE, org_slug=o.slug))
                for o in organisations_to_manage(user)
            ],
            "my_tasks": selectors.tasks_of_my_unit(user),
            "unit_manager": bool(getattr(user, "unit_id", None)),
            "my_work": links.personal_links(user),
            "status_choices": PreparationTask.Status.choices,
        },
    )


@backoffice_view
def process_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_new_process(user=request.user, slug=org_slug)
    form = ProcessForm(request.POST or None, instance=Process(organisation=organisation))
    return form_page(
        request,
        form=form,
        save=lambda data: services.process_create(actor=acting_user(request), organisation=organisation, data=data),
        title=_("New planning process"),
        cancel_url=reverse("manage:dashboard"),
        success_url=_overview_url,
        success_message=_("The process was created. Add its phases and themes next."),
        breadcrumbs=[(_("Back office"), reverse("manage:dashboard"))],
    )


@backoffice_view
def process_overview(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    return render(
        request,
        "backoffice/process.html",
        {
            "process": process,
            "sections": sections.render_sections(request, sections.MANAGE_PROCESS_PAGE, process),
            "phases": selectors.phases_of(process),
            "themes": selectors.themes_with_counts(process),
            "tasks": selectors.tasks_with_units(process),
            "summary": selectors.programme_summary(process),
            "status_choices": PreparationTask.Status.choices,
            "breadcrumbs": [(_("Back office"), reverse("manage:dashboard"))],
        },
    )


@backoffice_view
def process_edit(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    return form_page(
        request,
        form=ProcessForm(request.POST or None, instance=process),
        save=lambda data: services.process_update(actor=acting_user(request), process=fresh(process), data=data),
        title=_("Process settings"),
        cancel_url=_overview_url(process),
        success_url=_overview_url,
        success_message=_("The process was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def phase_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    return form_page(
        request,
        form=PhaseForm(request.POST or None, instance=Phase(process=process)),
        save=lambda data: services.phase_create(actor=acting_user(request), process=process, data=data),
        title=_("New phase"),
        cancel_url=_overview_url(process, "phases"),
        success_url=lambda phase: _overview_url(process, "phases"),
        success_message=_("The phase was added."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def phase_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    phase = get_object_or_404(process.phases, pk=pk)
    return form_page(
        request,
        form=PhaseForm(request.POST or None, instance=phase),
        save=lambda data: services.phase_update(actor=acting_user(request), phase=fresh(phase), data=data),
        title=_("Edit phase: %(name)s") % {"name": phase.name},
        cancel_url=_overview_url(process, "phases"),
        success_url=lambda saved: _overview_url(process, "phases"),
        success_message=_("The phase was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def phase_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    phase = get_object_or_404(process.phases, pk=pk)
    return confirm_page(
        request,
        title=_("Delete phase"),
        question=_("Delete the phase “%(name)s”? Preparation tasks in it stay, without a phase.")
        % {"name": phase.name},
        action=lambda: services.phase_delete(actor=acting_user(request), phase=phase),
        cancel_url=_overview_url(process, "phases"),
        success_url=_overview_url(process, "phases"),
        success_message=_("The phase was deleted."),
    )


@backoffice_view
@require_POST
def phase_make_current(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    phase = get_object_or_404(process.phases, pk=pk)
    services.phase_make_current(actor=acting_user(request), phase=phase)
    messages.success(request, _("“%(name)s” is now the current phase.") % {"name": phase.name})
    return redirect(_overview_url(process, "phases"))


@backoffice_view
def theme_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    initial = {"position": process.themes.count() + 1}
    return form_page(
        request,
        form=ThemeForm(request.POST or None, instance=Theme(process=process), initial=initial),
        save=lambda data: services.theme_create(actor=acting_user(request), process=process, data=data),
        title=_("New theme"),
        cancel_url=_overview_url(process, "themes"),
        success_url=lambda theme: _overview_url(process, "themes"),
        success_message=_("The theme was added."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def theme_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    theme = get_object_or_404(process.themes, pk=pk)
    return form_page(
        request,
        form=ThemeForm(request.POST or None, instance=theme),
        save=lambda data: services.theme_update(actor=acting_user(request), theme=fresh(theme), data=data),
        title=_("Edit theme: %(name)s") % {"name": theme.name},
        cancel_url=_overview_url(process, "themes"),
        success_url=lambda saved: _overview_url(process, "themes"),
        success_message=_("The theme was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def theme_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    theme = get_object_or_404(process.themes, pk=pk)
    return confirm_page(
        request,
        title=_("Delete theme"),
        question=_("Delete the theme “%(name)s” (%(code)s)? Its public page disappears.")
        % {"name": theme.name, "code": theme.code},
        action=lambda: services.theme_delete(actor=acting_user(request), theme=theme),
        cancel_url=_overview_url(process, "themes"),
        success_url=_overview_url(process, "themes"),
        success_message=_("The theme was deleted."),
    )


@backoffice_view
def task_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    return form_page(
        request,
        form=PreparationTaskForm(request.POST or None, instance=PreparationTask(process=process)),
        save=lambda data: services.task_create(actor=acting_user(request), process=process, data=data),
        title=_("New preparation task"),
        cancel_url=_overview_url(process, "programme"),
        success_url=lambda task: _overview_url(process, "programme"),
        success_message=_("The task was added to the preparation programme."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def task_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    task = get_object_or_404(process.preparation_tasks, pk=pk)
    return form_page(
        request,
        form=PreparationTaskForm(request.POST or None, instance=task),
        save=lambda data: services.task_update(actor=acting_user(request), task=fresh(task), data=data),
        title=_("Edit task: %(title)s") % {"title": task.title},
        cancel_url=_overview_url(process, "programme"),
        success_url=lambda saved: _overview_url(process, "programme"),
        success_message=_("The task was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def task_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process_for_manage(user=request.user, slug=slug)
    task = get_object_or_404(process.preparation_tasks, pk=pk)
    return confirm_page(
        request,
        title=_("Delete task"),
        question=_("Delete the task “%(title)s” from the preparation programme?") % {"title": task.title},
        action=lambda: services.task_delete(actor=acting_user(request), task=task),
        cancel_url=_overview_url(process, "programme"),
        success_url=_overview_url(process, "programme"),
        success_message=_("The task was deleted."),
    )


@backoffice_view
@require_POST
def task_set_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a task's status. Unit managers reach this for their own unit's tasks."""
    process = selectors.process_for_public(user=request.user, slug=slug)
    task = get_object_or_404(process.preparation_tasks.select_related("owner_unit"), pk=pk)
    if not request.user.has_perm("processes.update_task_status", task):
        raise PermissionDenied(_("Only the strategy team or the responsible unit can change this task."))
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown status."), status=400)
    try:
        services.task_set_status(actor=acting_user(request), task=task, status=form.cleaned_data["status"])
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "backoffice/_task_status.html",
            {"task": task, "saved": True, "status_choices": PreparationTask.Status.choices},
        )
    messages.success(request, _("The task's status was saved."))
    return redirect(safe_next(request, _overview_url(process, "programme")))


@backoffice_view
@require_POST
def programme_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the XLSX export of the preparation programme as a background job."""
    process = selectors.process_for_manage(user=request.user, slug=slug)
    job = jobs.job_start(
        kind="processes.programme_xlsx",
        label=_("Preparation programme of %(process)s (XLSX)") % {"process": process.title},
        actor=acting_user(request),
        params={"process_id": process.pk},
    )
    return redirect(job.get_absolute_url())
