"""Point 24 (no formula in a CSV cell) and point 31 (answers that may hold names wait for a staff
review before they are published or exported)."""

import csv
import io

import pytest
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.documents.csv_files import csv_bytes, safe_cell
from ortakakil.surveys import services
from ortakakil.surveys.models import Response

from .conftest import GOOD

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","tıkla")', "+90 312 000", "-2+3", "@SUM(A1)", "\tsekme", "\rsatır"]


def _csv_rows(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Park", "", "12", "Ulaşım = öncelik", None])
def test_ordinary_cells_are_unchanged(value):
    assert safe_cell(value) == ("" if value is None else value)


def test_csv_bytes_neutralises_headers_and_rows():
    rows = _csv_rows(csv_bytes(headers=["=başlık"], rows=[["=1+1"], ["Çankaya"]]))
    assert rows == [["'=başlık"], ["'=1+1"], ["Çankaya"]]


def _url(survey, name, **extra):
    return reverse(name, kwargs={"slug": survey.process.slug, "survey": survey.slug, **extra})


def test_survey_csv_export_neutralises_formulas(client, survey, strategist, make_user):
    hostile = HOSTILE[:4]  # tabs and line breaks at the ends are stripped when an answer is stored
    for n, text in enumerate(hostile):
        services.survey_respond(
            actor=make_user(Role.CITIZEN, username=f"k{n}"), survey=survey, answers=GOOD | {"serbest": text}
        )
    client.force_login(strategist)
    rows = _csv_rows(client.get(_url(survey, "survey_export", fmt="csv")).content)
    assert sorted(row[-1] for row in rows[1:]) == sorted("'" + text for text in hostile)


def test_an_answer_with_a_possible_name_waits_for_review(client, survey, citizen, strategist, make_user):
    text = "Muhtarımız Hasan Çelik hiç ilgilenmiyor."
    flagged = services.survey_respond(actor=citizen, survey=survey, answers=GOOD | {"serbest": text})
    services.survey_respond(actor=make_user(username="diger"), survey=survey, answers=GOOD | {"serbest": "Park az."})
    assert (flagged.needs_review, flagged.review_flags) == (True, {"serbest": ["Hasan Çelik"]})
    # The public results and the exports leave it out, and say so to the staff.
    public = client.get(_url(survey, "survey_results")).content.decode()
    assert "Hasan Çelik" not in public and "Park az." in public
    client.force_login(strategist)
    results = client.get(_url(survey, "survey_results")).content.decode()
    assert "1 yanıt bir kişinin adını içeriyor olabilir" in results
    rows = _csv_rows(client.get(_url(survey, "survey_export", fmt="csv")).content)
    assert [row[-1] for row in rows[1:]] == ["Park az."]
    # The review page shows it; masking replaces the flagged words.
    page = client.get(_url(survey, "survey_review")).content.decode()
    assert "<mark>Hasan Çelik</mark>" in page
    response = client.post(_url(survey, "survey_review"), {"response": flagged.pk, "action": "mask"})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.needs_review, flagged.answers["serbest"]) == (False, "Muhtarımız [ad] hiç ilgilenmiyor.")
    rows = _csv_rows(client.get(_url(survey, "survey_export", fmt="csv")).content)
    assert sorted(row[-1] for row in rows[1:]) == ["Muhtarımız [ad] hiç ilgilenmiyor.", "Park az."]


def test_approving_keeps_the_text(client, survey, citizen, strategist):
    flagged = services.survey_respond(
        actor=citizen, survey=survey, answers=GOOD | {"serbest": "Parkta Cemal Süreya şiirleri okunsun."}
    )
    assert flagged.needs_review
    client.force_login(strategist)
    client.post(_url(survey, "survey_review"), {"response": flagged.pk, "action": "approve"})
    flagged.refresh_from_db()
    assert (flagged.needs_review, flagged.answers["serbest"]) == (False, "Parkta Cemal Süreya şiirleri okunsun.")


def test_only_the_strategy_team_reviews(client, survey, citizen):
    flagged = services.survey_respond(actor=citizen, survey=survey, answers=GOOD | {"serbest": "Mehmet Demir"})
    client.force_login(citizen)
    assert client.get(_url(survey, "survey_review")).status_code == 403
    assert client.post(_url(survey, "survey_review"), {"response": flagged.pk, "action": "approve"}).status_code == 403
    assert Response.objects.get().needs_review


def test_a_tampered_response_id_is_a_404(client, survey, strategist):
    client.force_login(strategist)
    assert client.post(_url(survey, "survey_review"), {"response": "abc", "action": "mask"}).status_code == 404


def test_an_answer_with_a_lowercase_name_waits_for_review(survey, citizen):
    answered = services.survey_respond(
        actor=citizen, survey=survey, answers=GOOD | {"serbest": "ahmet yılmaz beni aradı"}
    )
    assert (answered.needs_review, answered.review_flags) == (True, {"serbest": ["ahmet"]})


def test_answers_waiting_for_review_are_not_read_as_contributions(survey, citizen, strategist, make_user):
    from ortakakil.processes import contributions

    flagged = services.survey_respond(
        actor=citizen, survey=survey, answers=GOOD | {"serbest": "Muhtarımız Hasan Çelik hiç ilgilenmiyor."}
    )
    services.survey_respond(actor=make_user(username="diger"), survey=survey, answers=GOOD | {"serbest": "Park az."})

    def texts():
        return sorted(c.text for c in contributions.read_all(survey.process) if c.kind == "survey_answer")

    assert texts() == ["Park az."]
    services.response_review(actor=strategist, response=flagged, mask_names=True)
    assert texts() == ["Muhtarımız [ad] hiç ilgilenmiyor.", "Park az."]


def test_the_review_is_recorded_with_the_reviewer_but_not_the_text_or_the_person(client, survey, citizen, strategist):
    survey.is_anonymous = True
    survey.save()
    client.force_login(citizen)
    answered = client.post(
        _url(survey, "survey_detail"),
        {
            "yas": "18-29",
            "ulasim": "İyi",
            "oncelik": ["Park"],
            "temalar__1": "AFET",
            "temalar__2": "ULASIM",
            "serbest": "Komşum Hasan Çelik",
        },
    )
    assert answered.status_code == 302
    flagged = Response.objects.get()
    assert flagged.needs_review and flagged.respondent is None
    assert not flagged.history.exists()  # answering leaves no trace of who answered
    client.force_login(strategist)
    client.post(_url(survey, "survey_review"), {"response": flagged.pk, "action": "mask"})
    (entry,) = flagged.history.all()
    assert (entry.history_user, entry.history_type, entry.needs_review) == (strategist, "~", False)
    kept = {field.name for field in entry._meta.fields}
    assert not kept & {"answers", "review_flags", "respondent", "respondent_key"}
