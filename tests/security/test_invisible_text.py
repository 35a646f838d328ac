"""Point 30 and the NUL part of 26: text that a reader cannot see is no text, and control
characters are refused — through the web pages, the API and the services alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.proposals.models import Answer, Comment, Proposal
from ortakakil.surveys import services as survey_services
from ortakakil.surveys.models import Question, Response, Survey

pytestmark = pytest.mark.django_db

ZERO_WIDTH_TITLE = "\u200b" * 6
BODY = "Kızılay ile Sincan arasında gece seferi yok, artırılmalı."


@pytest.fixture
def api(make_user):
    user = make_user(Role.CITIZEN, username="apici")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def proposal(process, make_user):
    return services.proposal_create(
        actor=make_user(username="yazar"),
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü seferleri",
        body=BODY,
    )


def test_api_refuses_a_title_of_six_zero_width_spaces(api, process):
    response = api.post(
        "/api/v1/proposals/",
        {"process": process.slug, "theme": "ULASIM", "title": ZERO_WIDTH_TITLE, "body": BODY},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"title": ["Başlık boş bırakılamaz."]}
    assert not Proposal.objects.exists()


def test_api_refuses_a_title_padded_with_invisible_characters_to_pass_the_minimum(api, process):
    response = api.post(
        "/api/v1/proposals/",
        {"process": process.slug, "theme": "ULASIM", "title": "ab\u200b\u200c\u200d\ufeff", "body": BODY},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"title": ["Başlık en az 5 karakter olmalıdır."]}
    assert not Proposal.objects.exists()


def test_web_form_refuses_a_title_of_six_zero_width_spaces(client, process, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("proposal_create", kwargs={"slug": process.slug}),
        {"theme": process.themes.get(code="ULASIM").pk, "title": ZERO_WIDTH_TITLE, "body": BODY},
    )
    assert response.status_code == 400
    assert "Başlık boş bırakılamaz." in response.content.decode()
    assert not Proposal.objects.exists()


def test_api_comment_of_zero_width_spaces_is_refused(api, proposal):
    response = api.post(f"/api/v1/proposals/{proposal.pk}/comments/", {"body": "\u200b\u200b\u200b"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"body": ["Yorum boş bırakılamaz."]}
    assert not Comment.objects.exists()


def test_web_comment_of_zero_width_spaces_is_refused(client, proposal, citizen):
    client.force_login(citizen)
    url = reverse("proposal_comment", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    response = client.post(url, {"body": "\u200b\u200b\u200b", "stance": "neutral"})
    assert [str(m) for m in response.wsgi_request._messages] == ["Yorum boş bırakılamaz."]
    assert not Comment.objects.exists()


def test_services_refuse_nul(proposal, strategist, make_user):
    with pytest.raises(ValidationError) as refused:
        services.comment_create(actor=make_user(username="k"), proposal=proposal, body="Katılıyorum\x00")
    assert refused.value.message_dict == {"body": ["Yorum saklanamayan karakterler içeriyor (U+0000)."]}
    with pytest.raises(ValidationError) as refused:
        services.proposal_answer(actor=strategist, proposal=proposal, state="accepted", text="\u200b\u200b")
    assert refused.value.message_dict == {"text": ["Yanıt boş bırakılamaz."]}
    with pytest.raises(ValidationError) as refused:
        services.proposal_answer(
            actor=strategist, proposal=proposal, state="rejected", text="Yapılamaz.", reason="\u2060"
        )
    assert refused.value.message_dict == {"reason": ["Ret için bir gerekçe gereklidir."]}
    assert not Comment.objects.exists() and not Answer.objects.exists()


def test_merge_refuses_an_invisible_title(process, strategist, make_user):
    theme = process.themes.get(code="ULASIM")
    author = make_user(username="yazar3")
    originals = [
        services.proposal_create(actor=author, process=process, theme=theme, title=f"Öneri {n}", body=f"{BODY} {n}")
        for n in range(2)
    ]
    with pytest.raises(ValidationError) as refused:
        services.proposal_merge(actor=strategist, originals=originals, title="\u200b" * 8, body=BODY)
    assert refused.value.message_dict == {"title": ["Başlık boş bırakılamaz."]}
    assert Proposal.objects.count() == 2


def test_invisible_district_is_stored_empty(process, citizen):
    proposal = services.proposal_create(
        actor=citizen,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü",
        body=BODY,
        district="\u200bSincan\u200b",
    )
    assert proposal.district == "Sincan"


def test_a_required_free_text_answer_of_zero_width_spaces_is_no_answer(process, citizen):
    process.current_phase.switches = [*process.current_phase.switches, "surveys"]
    process.current_phase.save()
    survey = Survey.objects.create(process=process, slug="s", title="Anket")
    Question.objects.create(survey=survey, key="fikir", kind="text", text="Fikriniz?", required=True)
    with pytest.raises(ValidationError) as refused:
        survey_services.survey_respond(actor=citizen, survey=survey, answers={"fikir": "\u200b\u200b\u200b"})
    assert refused.value.message_dict == {"fikir": ["Bu soru yanıt gerektiriyor."]}
    with pytest.raises(ValidationError) as refused:
        survey_services.survey_respond(actor=citizen, survey=survey, answers={"fikir": "Park\x00"})
    assert refused.value.message_dict == {"fikir": ["Yanıt saklanamayan karakterler içeriyor (U+0000)."]}
    assert not Response.objects.exists()
