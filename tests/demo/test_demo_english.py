"""The Ankara demo carries English texts for its main content, and a reload brings them to an
older demo without touching the Turkish texts or the answers."""

import pytest
from django.utils import translation

from ortakakil.demo.loader import load_demo
from ortakakil.processes.models import Phase, PreparationTask, Process, Theme
from ortakakil.surveys.models import Question, Response, Survey
from ortakakil.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def test_the_main_texts_have_english(ankara_demo):
    process = Process.objects.get(slug="ankara-2020-2024")
    assert process.title_en == "Ankara Metropolitan Municipality Strategic Plan 2020–2024"
    assert process.slogan_en and process.summary_en and len(process.description_en) > 1000
    assert Phase.objects.filter(process=process, name_en="").count() == 0
    assert Phase.objects.filter(process=process, description_en="").count() == 0
    assert Theme.objects.filter(process=process).count() == 13
    for theme in Theme.objects.filter(process=process):
        assert theme.name_en and theme.summary_en and len(theme.description_en) > 200, theme.code
    assert PreparationTask.objects.filter(process=process, title_en="").count() == 0
    workshop = Workshop.objects.get(process=process)
    assert (workshop.title_en, workshop.slogan_en) == ("Strategic Plan Workshop", "You Plan Ankara")
    assert len(workshop.agenda_en) == len(workshop.agenda) and workshop.description_en


def test_the_survey_has_english_questions_and_one_label_per_option(ankara_demo):
    survey = Survey.objects.get(slug="vatandas-beklenti-anketi")
    assert survey.title_en == "Citizens' Expectations Survey" and survey.description_en
    for question in survey.questions.all():
        assert question.text_en, question.key
        question.full_clean()
        if question.kind in {"single", "likert", "multiple"}:
            assert len(question.options_en) == len(question.options), question.key
    with translation.override("en"):
        assert survey.questions.get(key="q3").option_choices()[-1] == ("Çok memnunum", "Very satisfied")


def test_a_reload_brings_english_to_an_older_demo_and_keeps_the_rest(ankara_demo):
    """A demo loaded before the English texts existed: the reload fills them in place."""
    Process.objects.update(title_en="", description_en="")
    Theme.objects.update(name_en="")
    Workshop.objects.update(agenda_en=[])
    Survey.objects.update(title_en="")
    Question.objects.update(text_en="", options_en=[])
    answers = list(Response.objects.order_by("pk").values_list("answers", flat=True))
    turkish = list(Question.objects.order_by("pk").values_list("text", "options"))

    load_demo()

    assert Process.objects.get().title_en.startswith("Ankara Metropolitan Municipality")
    assert not Theme.objects.filter(name_en="").exists()
    assert Workshop.objects.get().agenda_en[0] == "10:00 Opening and welcome speeches"
    assert Survey.objects.get().title_en == "Citizens' Expectations Survey"
    assert Question.objects.get(key="q1").options_en[-1] == "65 and over"
    assert list(Response.objects.order_by("pk").values_list("answers", flat=True)) == answers
    assert list(Question.objects.order_by("pk").values_list("text", "options")) == turkish
