"""The surveys' back office: who may open it, building a survey and its questions of every kind
through the pages, the option checks (Turkish messages), reordering, the preview (stores
nothing) and the lock once a survey has answers (direct POSTs refused, nothing changed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ortakakil.core.models import Organisation, Role
from ortakakil.processes.models import Process
from ortakakil.surveys import manage_services
from ortakakil.surveys.models import Question, Response, Survey
from tests.factories import OrganisationFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(process, name="surveys", **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": process.slug, **kwargs})


def survey_data(**overrides):
    data = {
        "title": "Ulaşım Memnuniyet Anketi",
        "description": "Toplu taşıma hakkında.",
        "title_en": "Transport survey",
        "description_en": "",
        "is_anonymous": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def question_data(**overrides):
    data = {"kind": "single", "text": "Yaşınız?", "required": "on", "options": "18-29\n30-49\n50+", "key": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def draft(process):
    survey = Survey.objects.create(process=process, slug="taslak", title="Taslak anket", is_active=False)
    Question.objects.create(survey=survey, key="a", kind="single", text="Birinci", options=["X", "Y"], position=1)
    Question.objects.create(survey=survey, key="b", kind="text", text="İkinci", required=False, position=2)
    Question.objects.create(survey=survey, key="c", kind="multiple", text="Üçüncü", options=["P", "R"], position=3)
    return survey


def keys(survey):
    return list(survey.questions.order_by("position", "pk").values_list("key", flat=True))


def test_pages_are_for_the_strategy_team_only(client, process, draft, citizen, make_user, strategist):
    question = draft.questions.first()
    pages = [
        url(process),
        url(process, "survey_create"),
        url(process, "survey", pk=draft.pk),
        url(process, "survey_edit", pk=draft.pk),
        url(process, "survey_delete", pk=draft.pk),
        url(process, "survey_preview", pk=draft.pk),
        url(process, "question_create", pk=draft.pk),
        url(process, "question_edit", pk=draft.pk, question=question.pk),
        url(process, "question_delete", pk=draft.pk, question=question.pk),
    ]
    other_org = OrganisationFactory(slug="baska", name="Başka Belediye")
    outsider = UserFactory(role=Role.STRATEGY_TEAM, organisation=other_org, username="baska")
    client.force_login(outsider)
    assert [client.get(page).status_code for page in pages] == [404] * len(pages)
    facilitator = make_user(Role.FACILITATOR, username="kolaylastirici")
    for someone in (citizen, facilitator):
        client.force_login(someone)
        assert [client.get(page).status_code for page in pages] == [403] * len(pages)
        client.post(url(process, "survey_delete", pk=draft.pk))
        client.post(url(process, "question_create", pk=draft.pk), question_data())
        client.post(url(process, "question_move", pk=draft.pk, question=question.pk), {"direction": "down"})
    assert Survey.objects.filter(pk=draft.pk).exists() and draft.questions.count() == 3
    assert keys(draft) == ["a", "b", "c"]
    client.logout()
    assert client.get(url(process)).status_code == 302  # to the login page
    client.force_login(strategist)
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    # Moving is POST only.
    assert client.get(url(process, "question_move", pk=draft.pk, question=question.pk)).status_code == 405


def test_another_process_survey_is_not_found(client, process, draft, strategist, organisation):
    other = ProcessFactory(organisation=organisation, slug="baska-plan", title="Başka plan")
    client.force_login(strategist)
    assert client.get(url(other, "survey", pk=draft.pk)).status_code == 404
    question = draft.questions.first()
    assert client.get(url(process, "question_edit", pk=draft.pk, question=question.pk + 999)).status_code == 404


def test_the_process_back_office_links_to_the_surveys(client, process, strategist):
    client.force_login(strategist)
    html = client.get(reverse("manage:process", args=[process.slug])).content.decode()
    assert url(process) in html


def test_build_a_survey_with_every_kind_of_question(client, process, strategist):
    client.force_login(strategist)
    answer = client.post(url(process, "survey_create"), survey_data())
    survey = Survey.objects.get(process=process)
    assert answer.status_code == 302 and answer["Location"] == url(process, "survey", pk=survey.pk)
    assert survey.slug == "ulasim-memnuniyet-anketi"
    assert survey.is_anonymous and not survey.is_active  # a draft
    assert survey.title_en == "Transport survey"
    assert survey.history.first().history_user == strategist
    add = url(process, "question_create", pk=survey.pk)
    assert client.post(add, question_data(options_en="18-29\n30-49\n50 and over")).status_code == 302
    assert (
        client.post(
            add, question_data(kind="multiple", text="Hangi hatlar?", options="Metro\nOtobüs\nAnkaray")
        ).status_code
        == 302
    )
    assert client.post(add, question_data(kind="likert", text="Memnun musunuz?", options="")).status_code == 302
    assert (
        client.post(
            add, question_data(kind="ranking", text="Sıralayın", options="", themes=["AFET", "ULASIM"])
        ).status_code
        == 302
    )
    assert (
        client.post(
            add, question_data(kind="text", text="Başka?", required=None, options="", key="serbest")
        ).status_code
        == 302
    )
    questions = list(survey.questions.all())
    assert [q.kind for q in questions] == ["single", "multiple", "likert", "ranking", "text"]
    assert [q.position for q in questions] == [1, 2, 3, 4, 5]
    single, multiple, likert, ranking, free = questions
    assert single.options == ["18-29", "30-49", "50+"] and single.options_en[2] == "50 and over"
    assert single.key == "yasiniz" and single.required
    assert multiple.options == ["Metro", "Otobüs", "Ankaray"]
    assert likert.options == manage_services.LIKERT_DEFAULT
    assert ranking.options == ["AFET", "ULASIM"]
    assert free.options == [] and free.key == "serbest" and not free.required
    assert single.history.first().history_user == strategist
    page = client.get(url(process, "survey", pk=survey.pk)).content.decode()
    assert "Hangi hatlar?" in page and "taslak" in page
    listing = client.get(url(process)).content.decode()
    assert "Ulaşım Memnuniyet Anketi" in listing and '<td class="num">5</td>' in listing
    # Edit a question: its kind and options change while there are no answers.
    edit = url(process, "question_edit", pk=survey.pk, question=multiple.pk)
    assert client.get(edit).status_code == 200
    assert (
        client.post(
            edit, question_data(kind="single", text="Hangi hat?", options="Metro\nOtobüs", key="hat")
        ).status_code
        == 302
    )
    multiple.refresh_from_db()
    assert (multiple.kind, multiple.text, multiple.options, multiple.key) == (
        "single",
        "Hangi hat?",
        ["Metro", "Otobüs"],
        "hat",
    )
    # Open it for answers.
    answer = client.post(url(process, "survey_edit", pk=survey.pk), survey_data(is_active="on"))
    assert answer.status_code == 302
    survey.refresh_from_db()
    assert survey.is_active
    assert "açık" in client.get(url(process)).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"options": "Tek"}, "2 ile 20 arasında"),
        ({"options": "\n".join(f"Seçenek {n}" for n in range(21))}, "2 ile 20 arasında"),
        ({"options": "IŞIK\nışık\nSu"}, "iki kez"),
        ({"options": "İzmir\nizmir"}, "iki kez"),
        ({"options": "A\n" + "b" * 201}, "en fazla 200"),
        ({"options": "A\nB", "options_en": "Only one"}, "aynı sırayla"),
        ({"kind": "ranking", "themes": ["AFET"]}, "en az iki tema"),
        ({"kind": "ranking", "themes": ["AFET", "YOK"]}, None),
        ({"text": "\u200b\u200b"}, "boş"),
        ({"key": "Büyük Harf"}, "küçük harf"),
        ({"key": "a"}, "a anahtarı"),
        ({"kind": "uzay"}, None),
    ],
)
def test_bad_questions_are_refused_in_turkish(client, process, draft, strategist, overrides, message):
    client.force_login(strategist)
    before = list(draft.questions.values())
    answer = client.post(url(process, "question_create", pk=draft.pk), question_data(**overrides))
    assert answer.status_code == 400
    if message:
        assert message in answer.content.decode()
    assert list(draft.questions.values()) == before


def test_a_survey_title_is_required_in_turkish(client, process, strategist):
    client.force_login(strategist)
    answer = client.post(url(process, "survey_create"), survey_data(title="\u200b"))
    assert answer.status_code == 400 and "boş" in answer.content.decode()
    assert not Survey.objects.exists()


def test_reorder_with_up_and_down_buttons(client, process, draft, strategist):
    client.force_login(strategist)
    a, b, c = draft.questions.all()
    page = client.get(url(process, "survey", pk=draft.pk)).content.decode()
    assert url(process, "question_move", pk=draft.pk, question=b.pk) in page
    client.post(url(process, "question_move", pk=draft.pk, question=c.pk), {"direction": "up"})
    assert keys(draft) == ["a", "c", "b"]
    client.post(url(process, "question_move", pk=draft.pk, question=a.pk), {"direction": "down"})
    assert keys(draft) == ["c", "a", "b"]
    client.post(url(process, "question_move", pk=draft.pk, question=c.pk), {"direction": "up"})  # already first
    client.post(url(process, "question_move", pk=draft.pk, question=b.pk), {"direction": "sideways"})
    assert keys(draft) == ["c", "a", "b"]
    assert list(draft.questions.values_list("position", flat=True)) == [1, 2, 3]


def test_delete_a_question_after_confirmation_and_renumber(client, process, draft, strategist):
    client.force_login(strategist)
    b = draft.questions.get(key="b")
    page = client.get(url(process, "question_delete", pk=draft.pk, question=b.pk))
    assert "İkinci" in page.content.decode() and draft.questions.count() == 3
    client.post(url(process, "question_delete", pk=draft.pk, question=b.pk))
    assert keys(draft) == ["a", "c"]
    assert list(draft.questions.values_list("position", flat=True)) == [1, 2]


def test_preview_renders_the_public_form_and_stores_nothing(client, process, draft, strategist):
    client.force_login(strategist)
    page = client.get(url(process, "survey_preview", pk=draft.pk)).content.decode()
    assert "Önizleme — yanıtlar kaydedilmez" in page
    assert "Birinci" in page and 'name="a"' in page and 'name="b"' in page
    assert '<form method="post"' not in page.split("Önizleme", 1)[1].split("</main>", 1)[0]
    answer = client.post(url(process, "survey_preview", pk=draft.pk), {"a": "X", "b": "metin"})
    assert answer.status_code == 405
    assert not Response.objects.exists()


def test_delete_a_survey_without_answers(client, process, draft, strategist):
    client.force_login(strategist)
    assert client.post(url(process, "survey_delete", pk=draft.pk)).status_code == 302
    assert not Survey.objects.filter(pk=draft.pk).exists() and not Question.objects.exists()


@pytest.fixture
def answered(draft):
    draft.is_active = True
    draft.save()
    Response.objects.create(survey=draft, respondent_key="k1", answers={"a": "X"})
    Response.objects.create(survey=draft, respondent_key="k2", answers={"a": "Y"})
    return draft


def test_the_lock_refuses_every_question_write_once_answers_exist(client, process, answered, strategist):
    client.force_login(strategist)
    before = list(answered.questions.order_by("pk").values())
    a, b, _c = answered.questions.all()
    page = client.get(url(process, "survey", pk=answered.pk)).content.decode()
    assert "Bu ankete 2 yanıt geldi; sorular kilitlendi." in page
    assert url(process, "question_create", pk=answered.pk) not in page
    assert url(process, "question_move", pk=answered.pk, question=a.pk) not in page
    refused = [
        client.post(url(process, "question_create", pk=answered.pk), question_data()),
        client.post(url(process, "question_edit", pk=answered.pk, question=a.pk), question_data(text="Değişti")),
        client.post(url(process, "question_delete", pk=answered.pk, question=b.pk)),
    ]
    assert [answer.status_code for answer in refused] == [400, 400, 400]
    assert all("sorular kilitlendi" in answer.content.decode() for answer in refused)
    client.post(url(process, "question_move", pk=answered.pk, question=b.pk), {"direction": "up"})
    assert list(answered.questions.order_by("pk").values()) == before
    # The anonymity is fixed; deleting the survey is refused.
    answer = client.post(
        url(process, "survey_edit", pk=answered.pk),
        survey_data(title="Taslak anket", is_active="on", is_anonymous=None),
    )
    answered.refresh_from_db()
    assert answered.is_anonymous
    answer = client.post(url(process, "survey_delete", pk=answered.pk))
    assert answer.status_code == 400 and "silinemez" in answer.content.decode()
    assert Survey.objects.filter(pk=answered.pk).exists()


def test_the_lock_in_the_services_too(process, answered, strategist):
    from django.core.exceptions import ValidationError

    question = answered.questions.first()
    with pytest.raises(ValidationError, match="sorular kilitlendi"):
        manage_services.question_move(actor=strategist, question=question, up=False)
    with pytest.raises(ValidationError) as error:
        manage_services.survey_update(
            actor=strategist,
            survey=answered,
            data={"title": "Taslak anket", "is_anonymous": False, "is_active": True},
        )
    assert "is_anonymous" in error.value.message_dict


def test_a_locked_survey_may_still_close_and_fix_its_texts(client, process, answered, strategist):
    client.force_login(strategist)
    answer = client.post(
        url(process, "survey_edit", pk=answered.pk),
        survey_data(title="Taslak anket (düzeltildi)", description="Yazım düzeltmesi", title_en="Draft survey"),
    )
    assert answer.status_code == 302
    answered.refresh_from_db()
    assert not answered.is_active and answered.is_anonymous
    assert answered.title == "Taslak anket (düzeltildi)" and answered.title_en == "Draft survey"
    assert "kapalı" in client.get(url(process)).content.decode()
    client.post(url(process, "survey_edit", pk=answered.pk), survey_data(title="Taslak anket", is_active="on"))
    answered.refresh_from_db()
    assert answered.is_active


def test_services_check_the_permission(process, draft, citizen):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        manage_services.survey_create(actor=citizen, process=process, data=survey_data())
    with pytest.raises(PermissionDenied):
        manage_services.question_delete(actor=citizen, question=draft.questions.first())
    assert isinstance(process, Process) and not isinstance(process, Organisation)


def test_a_locked_question_may_still_fix_its_english_texts(client, process, answered, strategist):
    client.force_login(strategist)
    a = answered.questions.get(key="a")
    edit = url(process, "question_edit", pk=answered.pk, question=a.pk)
    page = client.get(edit).content.decode()
    assert "sorular kilitlendi" in page and "readonly" in page
    same = question_data(text="Birinci", options="X\nY", key="a", text_en="First", options_en="Ex\nWhy")
    assert client.post(edit, same).status_code == 302
    a.refresh_from_db()
    assert (a.text, a.options, a.text_en, a.options_en) == ("Birinci", ["X", "Y"], "First", ["Ex", "Why"])
    unticked = {key: value for key, value in same.items() if key != "required"}
    for changed in (same | {"options": "X\nY\nZ"}, same | {"kind": "multiple"}, same | {"key": "yeni"}, unticked):
        answer = client.post(edit, changed)
        assert answer.status_code == 400 and "Yalnızca İngilizce" in answer.content.decode()
    answer = client.post(edit, same | {"options_en": "Only one"})
    assert answer.status_code == 400
    a.refresh_from_db()
    assert (a.kind, a.required, a.key, a.options, a.options_en) == ("single", True, "a", ["X", "Y"], ["Ex", "Why"])


def test_the_preview_shows_the_questions_exactly_as_the_public_page(client, process, survey, strategist):
    client.force_login(strategist)

    def questions(html):
        return html[html.index('<fieldset class="question">') : html.rindex("</fieldset>")]

    public = client.get(survey.get_absolute_url()).content.decode()
    preview = client.get(url(process, "survey_preview", pk=survey.pk)).content.decode()
    assert questions(preview) == questions(public)
    assert "Temaları sıralayın" in questions(preview) and 'name="temalar__1"' in questions(preview)
