"""Exports are the municipality's record: Turkish whatever the interface language, and a survey
title that Excel would refuse as a sheet name still gives a file."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ortakakil.documents.survey_export import survey_csv, survey_xlsx
from ortakakil.documents.xlsx import sheet_title

pytestmark = pytest.mark.django_db


def test_the_csv_export_is_turkish_under_an_english_interface(survey):
    with translation.override("en"):
        content = survey_csv(survey).decode("utf-8-sig")
    assert content.splitlines()[0].startswith("Yanıt,Tarih,")


def test_a_title_excel_refuses_as_a_sheet_name_still_exports(survey):
    survey.title = "Anket 2020/2024: ulaşım [taslak]?"
    survey.save()
    sheet = load_workbook(io.BytesIO(survey_xlsx(survey))).active
    assert sheet.title == "Anket 2020-2024- ulaşım -taslak"


def test_sheet_titles_are_never_empty():
    assert sheet_title("///") == "---"
    assert sheet_title("''") == "Sayfa"
