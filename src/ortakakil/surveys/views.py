"""Survey pages: answer, results (public aggregates), exports (CSV, XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ortakakil.core.backoffice import acting_user
from ortakakil.processes.selectors import process_for_public

from . import selectors, services
from .forms import SurveyForm


def survey_detail(request: HttpRequest, slug: str, survey: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    item = selectors.survey_for_public(process=process, slug=survey)
    open_now = item.is_active and process.is_open("surveys")
    answered = services.has_answered(item, request.user)
    theme_names = {theme.code: theme.localized.name for theme in process.themes.all()}
    form = SurveyForm(request.POST or None, survey=item, theme_names=theme_names)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():
            try:
                services.survey_respond(actor=acting_user(request), survey=item, answers=form.answers())
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for key, errors in error.message_dict.items():
                        target = (
                            key
                            if key in form.fields
                            else next((name for name in form.fields if name.startswith(f"{key}__")), None)
                        )
                        for message in errors:
                            form.add_error(target, message)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Thank you! Your answers were recorded."))
                return redirect("survey_results", slug=process.slug, survey=item.slug)
        status = 400
    return render(
        request,
        "surveys/detail.html",
        {"process": process, "survey": item, "form": form, "open": open_now, "answered": answered},
        status=status,
    )


def survey_results(request: HttpRequest, slug: str, survey: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    item = selectors.survey_for_public(process=process, slug=survey)
    total, rows = selectors.survey_results(item)
    return render(
        request,
        "surveys/results.html",
        {
            "process": process,
            "survey": item,
            "total": total,
            "rows": rows,
            "can_export": request.user.has_perm("processes.manage_process", process),
        },
    )


def survey_export(request: HttpRequest, slug: str, survey: str, fmt: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    if not request.user.has_perm("processes.manage_process", process):
        raise PermissionDenied(_("Exports are for the strategy team."))
    item = selectors.survey_for_public(process=process, slug=survey)
    if fmt == "csv":
        content, mime = selectors.survey_csv(item), "text/csv; charset=utf-8"
    else:
        content, mime = selectors.survey_xlsx(item), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.{fmt}"'
    return response
