"""Back office of surveys (``/manage/processes/<slug>/surveys/…``): the list, a survey's page
with its questions, the forms, the preview, deletion. The strategy team of the process's
organisation only (``surveys.manage``): another organisation's staff get 404, everyone else the
Turkish 403 page. Every write is a POST through ``manage_services``, which enforces the lock
once the survey has answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ortakakil.core.backoffice import acting_user, backoffice_view, confirm_page, form_page
from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_manage

from . import manage_selectors as selectors
from . import manage_services as services
from .forms import SurveyForm
from .manage_forms import QuestionForm, SurveySettingsForm
from .models import Question, Survey
from .rules import MANAGE
from .selectors import theme_names


def _for_form(form: forms.BaseForm, error: ValidationError) -> ValidationError:
    """The service's error on the form's field of that name, else on the whole form."""
    if not hasattr(error, "error_dict"):
        return error
    mapped: dict[str, list[str]] = {}
    for name, texts in error.message_dict.items():
        mapped.setdefault(name if name in form.fields else NON_FIELD_ERRORS, []).extend(texts)
    return ValidationError(mapped)


def surveys_process(request: HttpRequest, slug: str) -> Process:
    process = process_for_manage(user=request.user, slug=slug)
    if not request.user.has_perm(MANAGE, process):
        raise PermissionDenied(_("Only the strategy team builds surveys."))
    return process


def _list_url(process: Process) -> str:
    return reverse("manage:surveys", kwargs={"slug": process.slug})


def _survey_url(survey: Survey) -> str:
    return reverse("manage:survey", kwargs={"slug": survey.process.slug, "pk": survey.pk})


def _crumbs(process: Process, survey: Survey | None = None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Back office"), reverse("manage:dashboard")),
        (process.title, reverse("manage:process", kwargs={"slug": process.slug})),
        (_("Surveys"), _list_url(process)),
    ]
    if survey is not None:
        crumbs.append((survey.title, _survey_url(survey)))
    return crumbs


@backoffice_view
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = surveys_process(request, slug)
    return render(
        request,
        "surveys/manage/survey_list.html",
        {
            "process": process,
            "surveys": list(selectors.surveys_for_manage(process)),
            "breadcrumbs": _crumbs(process)[:2],
        },
    )


@backoffice_view
def survey_overview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = surveys_process(request, slug)
    survey = selectors.survey_for_manage(process, pk)
    count = services.answer_count(survey)
    return render(
        request,
        "surveys/manage/survey.html",
        {
            "process": process,
            "survey": survey,
            "questions": list(survey.questions.all()),
            "answers": count,
            "lock_message": services.lock_message(count) if count else "",
            "breadcrumbs": _crumbs(process),
        },
    )


def _survey_form_page(request: HttpRequest, process: Process, survey: Survey | None) -> HttpResponse:
    locked = survey is not None and services.answer_count(survey) > 0
    initial = SurveySettingsForm.initial_of(survey) if survey is not None else {"is_anonymous": True}
    form = SurveySettingsForm(request.POST or None, initial=initial, locked=locked)
    actor = acting_user(request)

    def save(data: dict[str, Any]) -> Survey:
        try:
            if survey is None:
                return services.survey_create(actor=actor, process=process, data=data)
            return services.survey_update(actor=actor, survey=survey, data=data)
        except ValidationError as error:
            raise _for_form(form, error) from error

    return form_page(
        request,
        form=form,
        save=save,
        title=_("New survey") if survey is None else _("Edit survey: %(title)s") % {"title": survey.title},
        cancel_url=_list_url(process) if survey is None else _survey_url(survey),
        success_url=lambda saved: _survey_url(saved),
        success_message=_("The survey was saved."),
        breadcrumbs=_crumbs(process, survey),
    )


@backoffice_view
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _survey_form_page(request, surveys_process(request, slug), None)


@backoffice_view
def survey_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = surveys_process(request, slug)
    return _survey_form_page(request, process, selectors.survey_for_manage(process, pk))


@backoffice_view
def survey_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = surveys_process(request, slug)
    survey = selectors.survey_for_manage(process, pk)
    return confirm_page(
        request,
        title=_("Delete the survey"),
        question=_("Delete the survey “%(title)s” and its questions?") % {"title": survey.title},
        action=lambda: services.survey_delete(actor=acting_user(request), survey=survey),
        cancel_url=_survey_url(survey),
        success_url=_list_url(process),
        success_message=_("The survey was deleted."),
        breadcrumbs=_crumbs(process, survey),
    )


@require_safe
@backoffice_view
def survey_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The survey as respondents see it, with a banner and no button that stores anything (the
    page answers a POST with 405)."""
    process = surveys_process(request, slug)
    survey = selectors.survey_for_manage(process, pk)
    form = SurveyForm(survey=survey, theme_names=theme_names(process))
    return render(
        request,
        "surveys/manage/preview.html",
        {"process": process, "survey": survey, "form": form, "breadcrumbs": _crumbs(process, survey)},
    )


# --- questions ---------------------------------------------------------------------------------


def _question_form_page(
    request: HttpRequest, process: Process, survey: Survey, question: Question | None
) -> HttpResponse:
    count = services.answer_count(survey)
    initial = QuestionForm.initial_of(question) if question is not None else {"kind": "single", "required": True}
    form = QuestionForm(request.POST or None, initial=initial, process=process, locked=bool(count and question))
    actor = acting_user(request)

    def save(data: dict[str, Any]) -> Question:
        try:
            if question is None:
                return services.question_create(actor=actor, survey=survey, data=data)
            return services.question_update(actor=actor, question=question, data=data)
        except ValidationError as error:
            raise _for_form(form, error) from error

    if count and request.method != "POST":
        note = _("Only the English texts can still be corrected.") if question is not None else ""
        messages.warning(request, f"{services.lock_message(count)} {note}".strip())
    return form_page(
        request,
        form=form,
        save=save,
        title=_("New question") if question is None else _("Edit question: %(text)s") % {"text": question.text},
        cancel_url=_survey_url(survey),
        success_url=lambda _saved: _survey_url(survey),
        success_message=_("The question was saved."),
        breadcrumbs=_crumbs(process, survey),
    )


@backoffice_view
def question_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = surveys_process(request, slug)
    return _question_form_page(request, process, selectors.survey_for_manage(process, pk), None)


@backoffice_view
def question_edit(request: HttpRequest, slug: str, pk: int, question: int) -> HttpResponse:
    process = surveys_process(request, slug)
    survey = selectors.survey_for_manage(process, pk)
    return _question_form_page(request, process, survey, selectors.question_for_manage(survey, question))


@backoffice_view
def question_delete(request: HttpRequest, slug: str, pk: int, question: int) -> HttpResponse:
    process = surveys_process(request, slug)
    survey = selectors.survey_for_manage(process, pk)
    item = selectors.question_for_manage(survey, question)
    return confirm_page(
        request,
        title=_("Delete the question"),
        question=_("Delete the question “%(text)s”?") % {"text": item.text},
        action=lambda: services.question_delete(actor=acting_user(request), question=item),
        cancel_url=_survey_url(survey),
        success_url=_survey_url(survey),
        success_message=_("The question was deleted."),
        breadcrumbs=_crumbs(process, survey),
    )


@require_POST
@backoffice_view
def question_move(request: HttpRequest, slug: str, pk: int, question: int) -> HttpResponse:
    """Move a question one place up or down (``direction`` = ``up`` or ``down``), then back to
    the survey's page, at the question."""
    process = surveys_process(request, slug)
    survey = selectors.survey_for_manage(process, pk)
    item = selectors.question_for_manage(survey, question)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, _("Move the question up or down."))
    else:
        try:
            services.question_move(actor=acting_user(request), question=item, up=direction == "up")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The question was moved."))
    return redirect(f"{_survey_url(survey)}#question-{item.pk}")
