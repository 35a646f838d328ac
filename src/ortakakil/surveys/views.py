"""Survey pages: answer, results (public aggregates), exports (CSV, XLSX), the staff review of
answers that may hold names."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ortakakil.core.backoffice import acting_user, posted_id
from ortakakil.documents import survey_export as survey_export_files
from ortakakil.documents.xlsx import XLSX_MIME
from ortakakil.processes.selectors import process_for_public

from . import selectors, services
from .forms import SurveyForm
from .models import Survey


def survey_detail(request: HttpRequest, slug: str, survey: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    item = selectors.survey_for_public(process=process, slug=survey)
    open_now = item.is_active and process.is_open("surveys")
    answered = services.has_answered(item, request.user)
    form = SurveyForm(request.POST or None, survey=item, theme_names=selectors.theme_names(process))
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
    can_export = request.user.has_perm("processes.manage_process", process)
    return render(
        request,
        "surveys/results.html",
        {
            "process": process,
            "survey": item,
            "total": total,
            "rows": rows,
            "can_export": can_export,
            "waiting": selectors.responses_waiting_for_review(item).count() if can_export else 0,
        },
    )


def _survey_for_staff(request: HttpRequest, slug: str, survey: str, message: str) -> Survey:
    process = process_for_public(user=request.user, slug=slug)
    if not request.user.has_perm("processes.manage_process", process):
        raise PermissionDenied(message)
    return selectors.survey_for_public(process=process, slug=survey)


def survey_export(request: HttpRequest, slug: str, survey: str, fmt: str) -> HttpResponse:
    item = _survey_for_staff(request, slug, survey, _("Exports are for the strategy team."))
    if fmt == "csv":
        content, mime = survey_export_files.survey_csv(item), "text/csv; charset=utf-8"
    else:
        content = survey_export_files.survey_xlsx(item)
        mime = XLSX_MIME
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.{fmt}"'
    return response


def survey_review(request: HttpRequest, slug: str, survey: str) -> HttpResponse:
    """Answers that may hold a person's name: staff mask the flagged words or approve each one
    before it is published and exported."""
    item = _survey_for_staff(request, slug, survey, _("Reviewing answers is for the strategy team."))
    if request.method == "POST":
        response = selectors.response_for_review(survey=item, pk=posted_id(request, "response"))
        mask_names = request.POST.get("action") == "mask"
        try:
            services.response_review(actor=acting_user(request), response=response, mask_names=mask_names)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The names were masked.") if mask_names else _("The answer was approved."))
        return redirect("survey_review", slug=item.process.slug, survey=item.slug)
    return render(
        request,
        "surveys/review.html",
        {
            "process": item.process,
            "survey": item,
            "waiting": selectors.review_queue(item),
            "total": selectors.responses_waiting_for_review(item).count(),
        },
    )
