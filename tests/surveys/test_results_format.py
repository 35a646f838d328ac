"""Shares on the results page read as each language writes them: %28,8 in Turkish, 28.8% in English."""

import pytest
from django.urls import reverse

from ortakakil.surveys.models import Response

pytestmark = pytest.mark.django_db


def test_shares_follow_the_language(client, survey):
    question = survey.questions.get(kind="single")
    option = question.options[0]
    for n in range(3):
        Response.objects.create(
            survey=survey, respondent_key=f"k{n}", answers={question.key: option if n else question.options[1]}
        )
    url = reverse("survey_results", args=[survey.process.slug, survey.slug])
    assert "%66,7 (2)" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "66.7% (2)" in client.get(url).content.decode()
