"""Back office of projects and participatory-budgeting rounds
(``/manage/processes/<slug>/projects/…``, ``…/budget-rounds/…``). The strategy team of the
process's organisation only (``portfolio.manage``); everyone else gets the Turkish 403 page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page
from ortakakil.documents.csv_files import csv_bytes
from ortakakil.documents.xlsx import XLSX_MIME, table_xlsx
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_manage

from . import manage_selectors as selectors
from . import services
from .forms import PbImportForm, ProjectFilterForm, ProjectForm, RoundForm
from .models import BudgetRound, Project
from .permissions import MANAGE

PAGE_SIZE = 25


def _for_form(form: forms.BaseForm, error: ValidationError) -> ValidationError:
    """The service's error with each message on the form's field of that name, or on the whole
    form when the form has no such field (``costs`` are typed in one field per year)."""
    if not hasattr(error, "error_dict"):
        return error
    mapped: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        key = name if name in form.fields else NON_FIELD_ERRORS
        if name == "proposal" and "proposal_number" in form.fields:
            key = "proposal_number"
        mapped.setdefault(key, []).extend(messages)
    return ValidationError(mapped)


def portfolio_process(request: HttpRequest, slug: str) -> Process:
    """The process, for its strategy team only (every back-office page of the portfolio)."""
    process = process_for_manage(user=request.user, slug=slug)
    if not request.user.has_perm(MANAGE, process):
        raise PermissionDenied(_("Only the strategy team manages projects and participatory budgeting."))
    return process


def _projects_url(process: Process) -> str:
    return reverse("manage:projects", kwargs={"slug": process.slug})


def _rounds_url(process: Process) -> str:
    return reverse("manage:budget_rounds", kwargs={"slug": process.slug})


def _crumbs(process: Process, *, rounds: bool = False) -> list[tuple[str, str]]:
    crumbs = [
        (_("Back office"), reverse("manage:dashboard")),
        (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
    ]
    if rounds:
        crumbs.append((_("Participatory budgeting"), _rounds_url(process)))
    else:
        crumbs.append((_("Projects"), _projects_url(process)))
    return crumbs


# --- projects ------------------------------------------------------------------------------------


def _filters(request: HttpRequest, process: Process) -> tuple[ProjectFilterForm, selectors.ProjectFilters]:
    form = ProjectFilterForm(request.GET or None, process=process)
    if not form.is_valid():
        return form, selectors.ProjectFilters()
    data = form.cleaned_data
    return form, selectors.ProjectFilters(
        q=data.get("q") or "",
        theme=data["theme"].pk if data.get("theme") else None,
        goal=data["goal"].pk if data.get("goal") else None,
        kind=data.get("kind") or "",
        district=data.get("district") or "",
        sort=data.get("sort") or "code",
    )


@backoffice_view
def project_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = portfolio_process(request, slug)
    form, filters = _filters(request, process)
    table = selectors.projects_for_manage(process, filters)
    page = Paginator(table.projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/manage/project_list.html",
        {
            "process": process,
            "filters": form,
            "table": table,
            "page": page,
            "breadcrumbs": _crumbs(process)[:2],
        },
    )


def _export_rows(table: selectors.ProjectTable) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Code"),
        _("Title"),
        _("Kind"),
        _("Theme"),
        _("Goals"),
        _("Responsible unit"),
        _("District"),
        *[_("Cost in %(year)s (TL)") % {"year": year} for year in table.years],
        _("Total cost (TL)"),
        _("Contribution to the goals"),
        _("Vision"),
        _("Urgency"),
        _("Requires"),
        _("Alternatives"),
        _("From the proposal no."),
    ]
    rows = [
        [
            p.code,
            p.title,
            p.get_kind_display(),
            p.theme.name if p.theme else "",
            ", ".join(goal.code for goal in p.goals.all()),
            p.responsible_unit.name if p.responsible_unit else "",
            p.district,
            *[int(p.costs.get(str(year), 0)) for year in table.years],
            p.total_cost,
            p.goal_value,
            p.vision,
            p.urgency,
            ", ".join(sorted(other.code for other in p.requires.all())),
            ", ".join(sorted(other.code for other in p.excludes.all())),
            p.proposal_id or "",
        ]
        for p in table.projects
    ]
    return headers, rows


@backoffice_view
def project_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX (the list's own filters, every page)."""
    process = portfolio_process(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("No such file format."))
    _form, filters = _filters(request, process)
    headers, rows = _export_rows(selectors.projects_for_manage(process, filters))
    if fmt == "csv":
        response = HttpResponse(csv_bytes(headers=headers, rows=rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(title=_("Projects"), headers=headers, rows=rows), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-projeler.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _project_form_page(request: HttpRequest, process: Process, project: Project | None) -> HttpResponse:
    initial = ProjectForm.initial_of(project) if project is not None else {"goal_value": 0, "vision": 0, "urgency": 0}
    form = ProjectForm(request.POST or None, initial=initial, process=process, project=project)
    actor = acting_user(request)

    def save(_data: dict[str, Any]) -> Project:
        try:
            if project is None:
                return services.project_create(actor=actor, process=process, data=form.project_data())
            return services.project_update(actor=actor, project=project, data=form.project_data())
        except ValidationError as error:
            raise _for_form(form, error) from error

    return form_page(
        request,
        form=form,
        save=save,
        title=_("New project") if project is None else _("Edit project: %(code)s") % {"code": project.code},
        cancel_url=_projects_url(process),
        success_url=lambda _saved: _projects_url(process),
        success_message=_("The project was saved."),
        breadcrumbs=_crumbs(process),
    )


@backoffice_view
def project_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _project_form_page(request, portfolio_process(request, slug), None)


@backoffice_view
def project_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    return _project_form_page(request, process, selectors.project_for_manage(process, pk))


@backoffice_view
def project_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    project = selectors.project_for_manage(process, pk)
    return confirm_page(
        request,
        title=_("Delete the project"),
        question=_("Delete the project “%(code)s %(title)s”?") % {"code": project.code, "title": project.title},
        action=lambda: services.project_delete(actor=acting_user(request), project=project),
        cancel_url=_projects_url(process),
        success_url=_projects_url(process),
        success_message=_("The project was deleted."),
        breadcrumbs=_crumbs(process),
    )


# --- participatory-budgeting rounds -------------------------------------------------------------


@backoffice_view
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = portfolio_process(request, slug)
    return render(
        request,
        "portfolio/manage/round_list.html",
        {
            "process": process,
            "rounds": selectors.rounds_for_manage(process),
            "themes": process.themes.order_by("position", "code"),
            "import_form": PbImportForm(),
            "breadcrumbs": _crumbs(process)[:2],
        },
    )


def _round_form_page(request: HttpRequest, process: Process, budget_round: BudgetRound | None) -> HttpResponse:
    if budget_round is not None:
        initial = RoundForm.initial_of(budget_round)
    else:
        initial = {"vote_type": BudgetRound.VoteType.APPROVAL, "rule": BudgetRound.Rule.GREEDY}
        theme = process.themes.filter(code=request.GET.get("theme", "")).first()
        if theme is not None:
            # The theme's projects are on the ballot by default.
            initial |= {"theme": theme, "projects": list(Project.objects.filter(process=process, theme=theme))}
    form = RoundForm(request.POST or None, initial=initial, process=process)
    actor = acting_user(request)

    def save(data: dict[str, Any]) -> BudgetRound:
        data = {**data, "projects": list(data["projects"])}
        try:
            if budget_round is None:
                return services.round_create(actor=actor, process=process, data=data)
            return services.round_update(actor=actor, budget_round=budget_round, data=data)
        except ValidationError as error:
            raise _for_form(form, error) from error

    return form_page(
        request,
        form=form,
        save=save,
        title=_("New participatory budgeting round")
        if budget_round is None
        else _("Edit round: %(title)s") % {"title": budget_round.title},
        cancel_url=_rounds_url(process),
        success_url=lambda _saved: _rounds_url(process),
        success_message=_("The round was saved."),
        breadcrumbs=_crumbs(process, rounds=True),
    )


@backoffice_view
def round_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _round_form_page(request, portfolio_process(request, slug), None)


@backoffice_view
def round_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = portfolio_process(request, slug)
    return _round_form_page(request, process, selectors.round_for_manage(process, pk))


def _state_actions() -> dict[str, tuple[Callable[..., Any], str, str, str, bool]]:
    """action → (service, title, question, success message, danger)."""
    return {
        "open": (
            services.round_open,
            _("Open the round for voting"),
            _("Open “%(title)s” for voting? Citizens vote while the current phase allows participatory budgeting."),
            _("The round is open for voting."),
            False,
        ),
        "close": (
            services.round_close,
            _("Close the round"),
            _("Close “%(title)s”? Nobody can vote or change a ballot any more."),
            _("The round was closed."),
            True,
        ),
        "reopen": (
            services.round_reopen,
            _("Reopen the round"),
            _("Reopen “%(title)s”? Citizens can vote and change their ballots again."),
            _("The round was reopened."),
            False,
        ),
        "draft": (
            services.round_to_draft,
            _("Back to draft"),
            _("Take “%(title)s” back to draft? It disappears from voting until it is opened again."),
            _("The round is a draft again."),
            True,
        ),
        "delete": (
            services.round_delete,
            _("Delete the round"),
            _("Delete the draft round “%(title)s”?"),
            _("The round was deleted."),
            True,
        ),
    }


@backoffice_view
def round_state(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    process = portfolio_process(request, slug)
    budget_round = selectors.round_for_manage(process, pk)
    found = _state_actions().get(action)
    if found is None:
        raise Http404(_("No such action."))
    service, title, question, done, danger = found
    return confirm_page(
        request,
        title=title,
        question=question % {"title": budget_round.title},
        action=lambda: service(actor=acting_user(request), budget_round=budget_round),
        cancel_url=_rounds_url(process),
        success_url=_rounds_url(process),
        success_message=done,
        danger=danger,
        confirm_label=title if action != "delete" else "",
        note=_("Ballots so far: %(count)s.") % {"count": budget_round.ballot_count},  # type: ignore[attr-defined]
        breadcrumbs=_crumbs(process, rounds=True),
    )
