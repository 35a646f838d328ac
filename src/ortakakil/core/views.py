"""Views of the core app: job progress and results, the back office for units and users."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors, services
from .backoffice import acting_user, backoffice_view, form_page, fresh
from .forms import SearchForm, UnitForm, UserForm
from .models import Role, Unit, User

PAGE_SIZE = 25


@require_GET
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    job = selectors.job_for_user(user=request.user, pk=pk)
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@require_GET
def job_download(request: HttpRequest, pk: str) -> FileResponse:
    if not request.user.is_authenticated:
        raise Http404
    job = selectors.job_for_user(user=request.user, pk=pk)
    if not job.result_file:
        raise Http404(_("This job has no file to download."))
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )


def _org_crumbs(organisation: Any) -> list[tuple[str, str]]:
    return [(_("Back office"), reverse("manage:dashboard")), (organisation.name, "")]


@backoffice_view
def unit_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(selectors.units_of(organisation, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/units.html",
        {
            "organisation": organisation,
            "page": page,
            "search": search,
            "query": query,
            "breadcrumbs": _org_crumbs(organisation),
        },
    )


def _units_url(organisation: Any) -> str:
    return reverse("manage:units", kwargs={"org_slug": organisation.slug})


@backoffice_view
def unit_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    return form_page(
        request,
        form=UnitForm(request.POST or None, instance=Unit(organisation=organisation)),
        save=lambda data: services.unit_create(actor=acting_user(request), organisation=organisation, data=data),
        title=_("New unit"),
        cancel_url=_units_url(organisation),
        success_url=lambda unit: _units_url(organisation),
        success_message=_("The unit was added."),
        breadcrumbs=_org_crumbs(organisation),
    )


@backoffice_view
def unit_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    unit = selectors.unit_for_manage(organisation, pk)
    return form_page(
        request,
        form=UnitForm(request.POST or None, instance=unit),
        save=lambda data: services.unit_update(actor=acting_user(request), unit=fresh(unit), data=data),
        title=_("Edit unit: %(name)s") % {"name": unit.name},
        cancel_url=_units_url(organisation),
        success_url=lambda saved: _units_url(organisation),
        success_message=_("The unit was saved."),
        breadcrumbs=_org_crumbs(organisation),
    )


@backoffice_view
def user_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    role = request.GET.get("role", "")
    role = role if role in Role.values else ""
    users = selectors.users_of(organisation, query=query, role=role)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/users.html",
        {
            "organisation": organisation,
            "page": page,
            "search": search,
            "query": query,
            "role": role,
            "roles": Role.choices,
            "breadcrumbs": _org_crumbs(organisation),
        },
    )


def _users_url(organisation: Any) -> str:
    return reverse("manage:users", kwargs={"org_slug": organisation.slug})


@backoffice_view
def user_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    can_grant = request.user.has_perm("core.grant_platform_admin")
    return form_page(
        request,
        form=UserForm(request.POST or None, instance=User(organisation=organisation), can_grant_admin=can_grant),
        save=lambda data: services.user_create(actor=acting_user(request), organisation=organisation, data=data),
        title=_("New user"),
        cancel_url=_users_url(organisation),
        success_url=lambda user: _users_url(organisation),
        success_message=_("The user was created. They set their password through “Forgot password”."),
        breadcrumbs=_org_crumbs(organisation),
    )


@backoffice_view
def user_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_for_manage(user=request.user, slug=org_slug)
    target = selectors.user_for_manage(user=request.user, organisation=organisation, pk=pk)
    can_grant = request.user.has_perm("core.grant_platform_admin")
    return form_page(
        request,
        form=UserForm(request.POST or None, instance=target, can_grant_admin=can_grant),
        save=lambda data: services.user_update(actor=acting_user(request), user=fresh(target), data=data),
        title=_("Edit user: %(name)s") % {"name": target.display_name},
        cancel_url=_users_url(organisation),
        success_url=lambda saved: _users_url(organisation),
        success_message=_("The user was saved."),
        breadcrumbs=_org_crumbs(organisation),
    )
