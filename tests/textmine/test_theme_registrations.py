"""A survey response gets its theme suggestion on arrival, as a proposal or a workshop idea does:
from the latest model, in the light task enqueued after the commit (huey runs immediately in
tests), for the text the full computation reads (its free-text answers joined)."""

from __future__ import annotations

import hashlib

import pytest

from ortakakil.surveys import services as surveys
from ortakakil.surveys.models import Question
from ortakakil.textmine import themes
from ortakakil.textmine.models import Embedding, ThemeSuggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(process, labelled, fake_embedder):
    """The labelled process's survey, open, with a second free-text question and a choice, and a
    theme model computed."""
    process.current_phase.switches = [*process.current_phase.switches, "surveys"]
    process.current_phase.save()
    survey = labelled["answer"].survey
    Question.objects.create(survey=survey, key="ikinci", kind="text", text="Başka ne?", required=False, position=2)
    Question.objects.create(survey=survey, key="yas", kind="single", text="Yaşınız?", options=["18-29", "30+"])
    themes.themes_compute(process)
    return survey


def _suggestion(response):
    return ThemeSuggestion.objects.filter(kind="survey_answer", object_id=response.pk).first()


def test_a_submitted_response_gets_its_suggestion_from_its_answers_joined(
    process, survey, citizen, fake_embedder, django_capture_on_commit_callbacks
):
    answers = {"serbest": "Deprem tatbikatı yapılsın", "ikinci": "Afet çantası dağıtılsın", "yas": "30+"}
    with django_capture_on_commit_callbacks(execute=True):
        response = surveys.survey_respond(actor=citizen, survey=survey, answers=answers)

    suggestion = _suggestion(response)
    assert suggestion is not None
    assert (suggestion.theme.code, suggestion.run, suggestion.status) == (
        "AFET",
        themes.latest_run(process),
        "suggested",
    )
    joined = "Deprem tatbikatı yapılsın\nAfet çantası dağıtılsın"  # in question order, whatever jsonb keeps
    stored = Embedding.objects.get(kind="survey_answer", object_id=response.pk)
    assert stored.text_hash == hashlib.sha256(joined.encode()).hexdigest()

    fake_embedder.texts.clear()
    themes.themes_compute(process)
    assert fake_embedder.texts == []  # the full computation reads the same text: nothing to embed again


def test_a_response_without_free_text_gets_no_suggestion(survey, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = surveys.survey_respond(actor=citizen, survey=survey, answers={"yas": "30+"})

    assert _suggestion(response) is None
    assert not Embedding.objects.filter(kind="survey_answer", object_id=response.pk).exists()


def test_a_response_waiting_for_review_gets_its_suggestion_once_reviewed(
    survey, citizen, strategist, django_capture_on_commit_callbacks
):
    text = "Mehmet Demir diyor ki deprem toplanma alanı belli değil"
    with django_capture_on_commit_callbacks(execute=True):
        response = surveys.survey_respond(actor=citizen, survey=survey, answers={"serbest": text, "yas": "18-29"})
    assert response.needs_review
    assert _suggestion(response) is None  # analysis does not read it before the review

    with django_capture_on_commit_callbacks(execute=True):
        surveys.response_review(actor=strategist, response=response, mask_names=True)

    response.refresh_from_db()
    assert "Mehmet" not in response.answers["serbest"]
    assert _suggestion(response).theme.code == "AFET"
    stored = Embedding.objects.get(kind="survey_answer", object_id=response.pk)
    assert stored.text_hash == hashlib.sha256(response.answers["serbest"].encode()).hexdigest()  # the masked text
