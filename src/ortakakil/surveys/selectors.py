"""Reads for surveys: results and exports (aggregates only, no personal data)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from ortakakil.documents.xlsx import table_xlsx
from ortakakil.processes.models import Process

from .aggregate import QuestionResult, aggregate
from .models import Question, Survey


def survey_for_public(*, process: Process, slug: str) -> Survey:
    survey = Survey.objects.filter(process=process, slug=slug).first()
    if survey is None:
        raise Http404(_("This process has no survey with this address."))
    survey.process = process
    return survey


@dataclass(frozen=True)
class ResultRow:
    question: Question
    result: QuestionResult
    labels: dict[str, str]


def survey_results(survey: Survey) -> tuple[int, list[ResultRow]]:
    questions = list(survey.questions.all())
    answers = list(survey.responses.values_list("answers", flat=True))
    themes = {theme.code: theme.localized.name for theme in survey.process.themes.all()}
    rows = []
    for question in questions:
        result = aggregate(question.kind, list(question.options), (a.get(question.key) for a in answers))
        labels = themes if question.kind == Question.Kind.RANKING else dict(question.option_choices())
        rows.append(ResultRow(question=question, result=result, labels=labels))
    return len(answers), rows


def _export_rows(survey: Survey) -> tuple[list[str], Iterator[list[str]]]:
    questions = list(survey.questions.all())
    headers = [_("Response"), _("Date"), *[f"{q.key}: {q.text}" for q in questions]]

    def rows() -> Iterator[list[str]]:
        # Responses are numbered in a fixed but meaningless order, dates only: no one is identifiable.
        responses = survey.responses.order_by("respondent_key").values_list("answers", "created_at")
        for number, (answers, created_at) in enumerate(responses.iterator(), start=1):
            cells = []
            for question in questions:
                value = answers.get(question.key)
                cells.append("; ".join(value) if isinstance(value, list) else (value or ""))
            yield [str(number), created_at.date().isoformat(), *cells]

    return headers, rows()


def survey_csv(survey: Survey) -> bytes:
    headers, rows = _export_rows(survey)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Turkish letters correctly


def survey_xlsx(survey: Survey) -> bytes:
    headers, rows = _export_rows(survey)
    return table_xlsx(title=survey.title, headers=headers, rows=rows)
