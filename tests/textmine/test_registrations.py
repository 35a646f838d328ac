"""What textmine hooks into the apps below it: a deleted contribution takes its embedding and its
theme suggestion with it, however it is deleted (one object, a queryset, a cascade)."""

from __future__ import annotations

import pytest

from ortakakil.surveys.models import Response
from ortakakil.textmine import themes
from ortakakil.textmine.models import Embedding, ThemeSuggestion

pytestmark = pytest.mark.django_db


def _rows(model):
    return set(model.objects.values_list("kind", "object_id"))


@pytest.fixture
def computed(process, labelled, fake_embedder):
    """Every contribution of ``labelled`` with an embedding and a theme suggestion."""
    themes.themes_compute(process)
    everything = {("proposal", p.pk) for p in labelled["proposals"]}
    everything |= {("workshop_idea", i.pk) for i in labelled["ideas"]}
    everything |= {("survey_answer", labelled["answer"].pk)}
    assert _rows(Embedding) == _rows(ThemeSuggestion) == everything
    return everything


def test_a_deleted_proposal_takes_its_embedding_and_suggestion_along(labelled, computed):
    gone = labelled["proposals"][0]
    gone_key = ("proposal", gone.pk)

    gone.delete()

    assert _rows(Embedding) == _rows(ThemeSuggestion) == computed - {gone_key}


def test_a_decided_suggestion_goes_with_its_contribution_too(labelled, computed, strategist):
    answer = ThemeSuggestion.objects.get(kind="survey_answer")
    themes.suggestion_confirm(actor=strategist, suggestion=answer)

    Response.objects.filter(pk=labelled["answer"].pk).delete()  # a queryset: one signal per object

    assert _rows(Embedding) == _rows(ThemeSuggestion) == computed - {("survey_answer", labelled["answer"].pk)}


def test_a_deleted_workshop_takes_its_ideas_rows_along(labelled, computed):
    labelled["ideas"][0].table.workshop.delete()  # cascades to its tables and their ideas

    assert _rows(Embedding) == _rows(ThemeSuggestion) == {row for row in computed if row[0] != "workshop_idea"}


def test_a_deleted_survey_takes_its_responses_rows_along(labelled, computed):
    labelled["answer"].survey.delete()

    assert _rows(Embedding) == _rows(ThemeSuggestion) == {row for row in computed if row[0] != "survey_answer"}
