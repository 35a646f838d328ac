"""A survey's answers as CSV or XLSX for the strategy team: one row per answer, numbered, with
its date only, no names, accounts or times (``surveys.selectors.survey_export_data``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.surveys.models import Survey
from ortakakil.surveys.selectors import ExportData, survey_export_data

from .csv_files import csv_bytes
from .xlsx import table_xlsx


def _table(data: ExportData) -> tuple[list[str], Iterator[list[str]]]:
    headers = [_("Response"), _("Date"), *[f"{q.key}: {q.text}" for q in data.questions]]

    def rows() -> Iterator[list[str]]:
        for number, (answers, day) in enumerate(data.answers, start=1):
            cells = []
            for question in data.questions:
                value = answers.get(question.key)
                cells.append("; ".join(value) if isinstance(value, list) else (value or ""))
            yield [str(number), day.isoformat(), *cells]

    return headers, rows()


@translation.override("tr")  # exports are the official record: always Turkish
def survey_csv(survey: Survey) -> bytes:
    headers, rows = _table(survey_export_data(survey))
    return csv_bytes(headers=headers, rows=rows)


@translation.override("tr")
def survey_xlsx(survey: Survey) -> bytes:
    headers, rows = _table(survey_export_data(survey))
    return table_xlsx(title=survey.title, headers=headers, rows=rows)
