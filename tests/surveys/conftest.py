import pytest

from ortakakil.surveys.models import Question, Survey


@pytest.fixture
def survey(process):
    process.current_phase.switches = [*process.current_phase.switches, "surveys"]
    process.current_phase.save()
    survey = Survey.objects.create(process=process, slug="beklenti", title="Vatandaş Beklenti Anketi")
    Question.objects.create(
        survey=survey, key="yas", kind="single", text="Yaşınız?", options=["18-29", "30+"], position=1
    )
    Question.objects.create(
        survey=survey,
        key="ulasim",
        kind="likert",
        text="Toplu taşıma?",
        options=["Hiç", "Az", "Orta", "İyi", "Çok iyi"],
        position=2,
    )
    Question.objects.create(
        survey=survey, key="oncelik", kind="multiple", text="Öncelikler?", options=["Park", "Yol", "Su"], position=3
    )
    Question.objects.create(
        survey=survey, key="temalar", kind="ranking", text="Temaları sıralayın", options=["ULASIM", "AFET"], position=4
    )
    Question.objects.create(survey=survey, key="serbest", kind="text", text="Başka?", required=False, position=5)
    return survey


GOOD = {
    "yas": "18-29",
    "ulasim": "İyi",
    "oncelik": ["Park", "Su"],
    "temalar": ["AFET", "ULASIM"],
    "serbest": "Numaram 0532 111 22 33",
}
