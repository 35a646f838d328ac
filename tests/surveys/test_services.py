import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from ortakakil.core.models import Role
from ortakakil.surveys import services
from ortakakil.surveys.models import Response

from .conftest import GOOD

pytestmark = pytest.mark.django_db


def test_anonymous_response_stores_no_person_and_masks_personal_data(survey, citizen):
    response = services.survey_respond(actor=citizen, survey=survey, answers=GOOD)
    assert response.respondent is None
    assert response.answers["serbest"] == "Numaram [telefon]"
    assert services.has_answered(survey, citizen)


def test_one_answer_per_person(survey, citizen):
    services.survey_respond(actor=citizen, survey=survey, answers=GOOD)
    with pytest.raises(ValidationError, match="zaten"):
        services.survey_respond(actor=citizen, survey=survey, answers=GOOD)
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"yas": "99"}, "yas"),
        ({"ulasim": None}, "ulasim"),
        ({"oncelik": ["Uzay"]}, "oncelik"),
        ({"temalar": ["AFET", "AFET"]}, "temalar"),
        ({"serbest": "x" * 2001}, "serbest"),
    ],
)
def test_invalid_answers_are_refused_whole(survey, citizen, change, key):
    with pytest.raises(ValidationError) as error:
        services.survey_respond(actor=citizen, survey=survey, answers=GOOD | change)
    assert key in error.value.message_dict
    assert not Response.objects.exists()


def test_closed_survey(survey, citizen):
    survey.is_active = False
    survey.save()
    with pytest.raises(ValidationError):
        services.survey_respond(actor=citizen, survey=survey, answers=GOOD)


def test_answer_through_the_page_then_see_results(client, survey, citizen):
    client.force_login(citizen)
    url = survey.get_absolute_url()
    assert "Yaşınız?" in client.get(url).content.decode()
    data = {"yas": "30+", "ulasim": "Orta", "oncelik": ["Yol"], "temalar__1": "ULASIM", "temalar__2": "", "serbest": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    results = client.get(response.url).content.decode()
    assert "1 yanıt" in results
    assert "Ulaşım Hizmetleri Yönetimi" in results


def test_missing_required_answer_shows_the_error_on_the_page(client, survey, citizen):
    client.force_login(citizen)
    response = client.post(survey.get_absolute_url(), {"yas": "30+"})
    assert response.status_code == 400
    assert "Bu soru yanıt gerektiriyor." in response.content.decode()
    assert not Response.objects.exists()


def test_exports_hold_no_personal_data_and_need_staff(client, survey, citizen, strategist, make_user):
    for n in range(3):
        services.survey_respond(actor=make_user(Role.CITIZEN, username=f"anketci{n}"), survey=survey, answers=GOOD)
    csv_url = reverse("survey_export", kwargs={"slug": survey.process.slug, "survey": survey.slug, "fmt": "csv"})
    client.force_login(citizen)
    assert client.get(csv_url).status_code == 403
    client.force_login(strategist)
    text = client.get(csv_url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[1][2:] == ["18-29", "İyi", "Park; Su", "AFET; ULASIM", "Numaram [telefon]"]
    assert not any("anketci" in cell for row in rows for cell in row)
    xlsx = client.get(csv_url.replace("export.csv", "export.xlsx")).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 4
