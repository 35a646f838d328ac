"""Surveys in English: question texts and option labels, while the answers keep the Turkish options."""

import csv
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ortakakil.core.models import Role
from ortakakil.processes.models import Theme
from ortakakil.surveys import services
from ortakakil.surveys.models import Question, Response, Survey

from .conftest import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_survey(survey):
    Survey.objects.filter(pk=survey.pk).update(
        title_en="Citizens' Expectations Survey", description="Görüşünüz önemli.", description_en="Your view matters."
    )
    Question.objects.filter(survey=survey, key="yas").update(text_en="Your age?", options_en=["18–29", "30 and over"])
    Question.objects.filter(survey=survey, key="ulasim").update(
        text_en="Public transport?", options_en=["None", "Little", "", "Good", "Very good"]
    )
    Question.objects.filter(survey=survey, key="temalar").update(text_en="Rank the themes")
    Theme.objects.filter(process=survey.process, code="ULASIM").update(name_en="Transport Services Management")
    survey.refresh_from_db()
    return survey


def test_option_choices_keep_the_turkish_value_and_label_it_in_the_interface_language(english_survey):
    question = english_survey.questions.get(key="ulasim")

    with translation.override("en"):
        english = question.option_choices()
    with translation.override("tr"):
        turkish = question.option_choices()

    assert english == [("Hiç", "None"), ("Az", "Little"), ("Orta", "Orta"), ("İyi", "Good"), ("Çok iyi", "Very good")]
    assert turkish == [(o, o) for o in ["Hiç", "Az", "Orta", "İyi", "Çok iyi"]]


def test_a_question_without_english_options_shows_the_turkish_ones(english_survey):
    with translation.override("en"):
        assert english_survey.questions.get(key="oncelik").option_choices() == [
            ("Park", "Park"),
            ("Yol", "Yol"),
            ("Su", "Su"),
        ]


@pytest.mark.parametrize(
    ("key", "labels", "message"),
    [
        ("yas", ["Only one"], "one English label per option"),
        ("yas", ["a", "b", "c"], "one English label per option"),
        ("temalar", ["Transport", "Disasters"], "leave the English options empty"),
    ],
)
def test_english_options_must_match_the_turkish_ones(survey, key, labels, message):
    question = survey.questions.get(key=key)
    question.options_en = labels

    with translation.override("en"), pytest.raises(ValidationError, match=message) as error:
        question.full_clean()

    assert list(error.value.message_dict) == ["options_en"]


def test_empty_or_matching_english_options_are_valid(survey):
    question = survey.questions.get(key="yas")
    question.full_clean()
    question.options_en = ["18–29", "30 and over"]
    question.full_clean()


def test_survey_form_in_english_shows_english_texts_and_records_turkish_answers(client, english_survey, citizen):
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = english_survey.get_absolute_url()

    html = client.get(url).content.decode()

    assert "<h1>Citizens&#x27; Expectations Survey</h1>" in html
    assert "Your view matters." in html and "Görüşünüz önemli." not in html
    assert "1. Your age?" in html and "Yaşınız?" not in html
    assert 'value="30+"' in html and "30 and over" in html
    assert 'value="Orta"' in html  # no English label given: the Turkish one shows
    assert "Transport Services Management" in html  # the ranking's theme names
    assert "Öncelikler?" in html  # no English question text: the Turkish one shows

    data = {"yas": "30+", "ulasim": "İyi", "oncelik": ["Yol"], "temalar__1": "ULASIM", "temalar__2": "", "serbest": ""}
    response = client.post(url, data)

    assert response.status_code == 302
    assert Response.objects.get().answers == {"yas": "30+", "ulasim": "İyi", "oncelik": ["Yol"], "temalar": ["ULASIM"]}


def test_survey_form_in_turkish_shows_the_turkish_texts(client, english_survey, citizen):
    client.force_login(citizen)

    html = client.get(english_survey.get_absolute_url()).content.decode()

    assert "<h1>Vatandaş Beklenti Anketi</h1>" in html and "1. Yaşınız?" in html
    assert "Your age?" not in html and "30 and over" not in html and "Transport Services" not in html


def test_results_in_english_label_the_turkish_answers(client, english_survey, citizen):
    services.survey_respond(actor=citizen, survey=english_survey, answers=GOOD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("survey_results", kwargs={"slug": english_survey.process.slug, "survey": "beklenti"}))
    html = html.content.decode()

    assert "1. Your age?" in html
    assert '<th scope="row">Good</th>' in html and '<th scope="row">İyi</th>' not in html
    assert '<th scope="row">Transport Services Management</th>' in html


def test_exports_stay_in_turkish_when_the_interface_is_english(client, english_survey, strategist, make_user):
    services.survey_respond(actor=make_user(Role.CITIZEN, username="anketci"), survey=english_survey, answers=GOOD)
    client.force_login(strategist)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("survey_export", kwargs={"slug": english_survey.process.slug, "survey": "beklenti", "fmt": "csv"})

    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))

    assert rows[0][2:4] == ["yas: Yaşınız?", "ulasim: Toplu taşıma?"]
    assert rows[1][2:4] == ["18-29", "İyi"]
