"""Reads of the surveys' back office: a process's surveys with their counts, one survey or
question of a process (404 otherwise)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.processes.models import Process

from .models import Question, Survey


def surveys_for_manage(process: Process) -> QuerySet[Survey]:
    """Each survey with ``question_count`` and ``answer_count``, oldest first."""
    return (
        Survey.objects.filter(process=process)
        .annotate(
            question_count=Count("questions", distinct=True),
            answer_count=Count("responses", distinct=True),
        )
        .order_by("pk")
    )


def survey_for_manage(process: Process, pk: int) -> Survey:
    survey = Survey.objects.filter(process=process, pk=pk).first()
    if survey is None:
        raise Http404(_("This process has no such survey."))
    survey.process = process
    return survey


def question_for_manage(survey: Survey, pk: int) -> Question:
    question = Question.objects.filter(survey=survey, pk=pk).first()
    if question is None:
        raise Http404(_("This survey has no such question."))
    question.survey = survey
    return question
