"""Reads for surveys: results and the data of exports (aggregates and anonymous answers only).

Free-text answers waiting for a staff review (``Response.needs_review``: they may hold a name)
are left out of the published texts and of the exports until they are reviewed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.processes.models import Process

from .aggregate import QuestionResult, aggregate
from .models import Question, Response, Survey


def survey_for_public(*, process: Process, slug: str) -> Survey:
    survey = Survey.objects.filter(process=process, slug=slug).first()
    if survey is None:
        raise Http404(_("This process has no survey with this address."))
    survey.process = process
    return survey


def theme_names(process: Process) -> dict[str, str]:
    """Theme codes and the names people read (a ranking question orders the themes)."""
    return {theme.code: theme.localized.name for theme in process.themes.all()}


@dataclass(frozen=True)
class ResultRow:
    question: Question
    result: QuestionResult
    labels: dict[str, str]


def survey_results(survey: Survey) -> tuple[int, list[ResultRow]]:
    questions = list(survey.questions.all())
    responses = list(survey.responses.values_list("answers", "needs_review"))
    themes = theme_names(survey.process)
    rows = []
    for question in questions:
        published = [
            answers for answers, needs_review in responses if not (needs_review and question.kind == Question.Kind.TEXT)
        ]
        result = aggregate(question.kind, list(question.options), (a.get(question.key) for a in published))
        labels = themes if question.kind == Question.Kind.RANKING else dict(question.option_choices())
        rows.append(ResultRow(question=question, result=result, labels=labels))
    return len(responses), rows


def responses_waiting_for_review(survey: Survey) -> QuerySet[Response]:
    return survey.responses.filter(needs_review=True).order_by("created_at", "pk")


REVIEW_PAGE_SIZE = 100


class ReviewItem(NamedTuple):
    """An answer waiting for review: per flagged question its text, the answer and the flagged words."""

    response: Response
    flagged: list[tuple[str, str, list[str]]]


def review_queue(survey: Survey) -> list[ReviewItem]:
    """The first answers waiting for a staff review, oldest first."""
    questions = {question.key: question.text for question in survey.questions.all()}
    return [
        ReviewItem(
            response=response,
            flagged=[
                (questions.get(key, key), response.answers.get(key, ""), fragments)
                for key, fragments in response.review_flags.items()
            ],
        )
        for response in responses_waiting_for_review(survey)[:REVIEW_PAGE_SIZE]
    ]


def response_for_review(*, survey: Survey, pk: int) -> Response:
    response = survey.responses.filter(pk=pk).first()
    if response is None:
        raise Http404(_("This survey has no such answer."))
    response.survey = survey
    return response


@dataclass(frozen=True)
class ExportData:
    """What an export holds: the questions, the reviewed answers (with their date only, in a
    fixed but meaningless order) and how many answers still wait for a review."""

    questions: list[Question]
    answers: Iterator[tuple[dict[str, Any], dt.date]]
    waiting: int


def survey_export_data(survey: Survey) -> ExportData:
    questions = list(survey.questions.all())
    reviewed = survey.responses.filter(needs_review=False).order_by("respondent_key")

    def answers() -> Iterator[tuple[dict[str, Any], dt.date]]:
        for values, created_at in reviewed.values_list("answers", "created_at").iterator():
            yield values, created_at.date()

    return ExportData(
        questions=questions, answers=answers(), waiting=survey.responses.filter(needs_review=True).count()
    )
