"""``/api/v1/ideas/``: the workshop ideas the public sees — filters, search, sorting, pagination,
Turkish JSON errors, a bounded number of queries, and nothing about the people who said them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from ortakakil.core.models import Role
from ortakakil.workshops import live
from ortakakil.workshops.models import Idea, Workshop, WorkshopTable
from ortakakil.workshops.registrations import WorkshopIdeaKind
from tests.factories import ProcessFactory, ThemeFactory
from tests.workshops.conftest import checked_in

pytestmark = pytest.mark.django_db

NOT_FOUND = {"Bu adreste bir çalıştay fikri bulunamadı.", "No workshop idea with this address."}


@pytest.fixture
def api():
    return APIClient(raise_request_exception=False)


@pytest.fixture
def facilitator(make_user):
    return make_user(Role.FACILITATOR, username="kolay", first_name="Kolay", last_name="Laştıran")


@pytest.fixture
def workshop(process, facilitator):
    """A workshop held today with a transport and a disaster table."""
    workshop = Workshop.objects.create(
        process=process,
        slug="calistay",
        title="Stratejik Plan Çalıştayı",
        venue="Harikalar Diyarı",
        date=timezone.localdate(),
    )
    for code, theme in (("ULS1", "ULASIM"), ("AFT1", "AFET")):
        _new_table(workshop, theme, code, facilitator)
    return workshop


def _new_table(workshop, theme, code, facilitator):
    table = WorkshopTable.objects.create(workshop=workshop, theme=workshop.process.themes.get(code=theme), code=code)
    table.facilitators.add(facilitator)
    return table


def _table(workshop, code):
    return workshop.tables.get(code=code)


def _idea(workshop, facilitator, text, *, table="ULS1", kind=Idea.Kind.PROPOSAL, dots=0, **extra):
    idea = live.idea_add(actor=facilitator, table=_table(workshop, table), text=text, kind=kind, **extra)
    if dots:
        Idea.objects.filter(pk=idea.pk).update(votes_count=dots)
    return idea


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_an_idea_is_listed_and_read_with_its_public_fields(api, process, workshop, facilitator):
    idea = _idea(workshop, facilitator, "Gece otobüsü seferleri artırılsın", dots=4)
    listed = api.get("/api/v1/ideas/").json()
    detail = api.get(f"/api/v1/ideas/{idea.pk}/").json()
    assert listed["count"] == 1 and listed["results"] == [detail]
    assert detail == {
        "id": idea.pk,
        "process": "ornek-2025-2029",
        "workshop": "calistay",
        "workshop_title": "Stratejik Plan Çalıştayı",
        "workshop_date": timezone.localdate().isoformat(),
        "table": "ULS1",
        "theme": "ULASIM",
        "theme_name": "Ulaşım Hizmetleri Yönetimi",
        "kind": "oneri",
        "text": "Gece otobüsü seferleri artırılsın",
        "dots_count": 4,
        "created_at": detail["created_at"],
        "html_url": "http://testserver/processes/ornek-2025-2029/workshops/calistay/tables/ULS1/report/",
    }
    assert dt.datetime.fromisoformat(detail["created_at"]) == idea.created_at
    assert api.get(detail["html_url"]).status_code == 200


def test_withdrawn_and_merged_ideas_are_neither_listed_nor_readable(api, workshop, facilitator):
    kept = _idea(workshop, facilitator, "Metro Pursaklar'a uzatılsın", dots=2)
    merged = _idea(workshop, facilitator, "Keçiören metrosu uzasın", dots=3)
    withdrawn = _idea(workshop, facilitator, "Yanlışlıkla yazılan fikir")
    live.idea_merge(actor=facilitator, keep=kept, others=[merged])
    live.idea_withdraw(actor=facilitator, idea=withdrawn)

    assert _ids(api.get("/api/v1/ideas/")) == [kept.pk]
    assert api.get(f"/api/v1/ideas/{kept.pk}/").json()["dots_count"] == 5
    for hidden in (merged, withdrawn):
        response = api.get(f"/api/v1/ideas/{hidden.pk}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"] in NOT_FOUND


def test_the_list_is_what_the_contribution_registry_calls_public(api, process, workshop, facilitator):
    ideas = [_idea(workshop, facilitator, f"Fikir numarası {n}", table="AFT1" if n % 2 else "ULS1") for n in range(6)]
    live.idea_withdraw(actor=facilitator, idea=ideas[0])
    live.idea_merge(actor=facilitator, keep=ideas[3], others=[ideas[1]])
    kind = WorkshopIdeaKind()
    assert sorted(_ids(api.get("/api/v1/ideas/", {"process": process.slug}))) == sorted(
        kind.public(process).values_list("pk", flat=True)
    )
    afet = process.themes.get(code="AFET")
    assert sorted(_ids(api.get("/api/v1/ideas/", {"theme": "AFET"}))) == sorted(
        kind.public(process, theme=afet).values_list("pk", flat=True)
    )


def test_ideas_of_an_unpublished_process_stay_hidden_from_the_public(api, process, workshop, facilitator, strategist):
    idea = _idea(workshop, facilitator, "Afet toplanma alanları işaretlensin", table="AFT1")
    process.is_published = False
    process.save()

    assert api.get("/api/v1/ideas/").json()["count"] == 0
    assert api.get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    response = api.get("/api/v1/ideas/", {"process": process.slug})
    assert response.status_code == 400
    assert response.json() == {"process": ["Bu adreste bir planlama süreci bulunamadı."]}
    # The process's own staff see it, as on the pages.
    api.force_authenticate(strategist)
    assert _ids(api.get("/api/v1/ideas/", {"process": process.slug})) == [idea.pk]


def test_filters_by_process_theme_workshop_and_kind(api, organisation, process, workshop, facilitator):
    transport = _idea(workshop, facilitator, "Bisiklet yolu yapılsın")
    threat = _idea(workshop, facilitator, "Deprem riski yüksek", table="AFT1", kind=Idea.Kind.THREAT)
    later = Workshop.objects.create(
        process=process, slug="ikinci", title="İkinci Çalıştay", venue="Kent Konseyi", date=timezone.localdate()
    )
    _new_table(later, "ULASIM", "ULS2", facilitator)
    second = _idea(later, facilitator, "Toplu taşıma ücretsiz olsun", table="ULS2")
    other = ProcessFactory(organisation=organisation, slug="baska-2030")
    ThemeFactory(process=other, code="ULASIM", name="Ulaşım")
    other_workshop = Workshop.objects.create(
        process=other, slug="calistay", title="Başka", venue="Salon", date=timezone.localdate()
    )
    _new_table(other_workshop, "ULASIM", "BSK1", facilitator)
    elsewhere = _idea(other_workshop, facilitator, "Başka süreçte bir fikir", table="BSK1")

    def ids(**params):
        return set(_ids(api.get("/api/v1/ideas/", params)))

    assert ids() == {transport.pk, threat.pk, second.pk, elsewhere.pk}
    assert ids(process=process.slug) == {transport.pk, threat.pk, second.pk}
    assert ids(process=process.slug, theme="ulasim") == {transport.pk, second.pk}
    assert ids(theme="ULASIM") == {transport.pk, second.pk, elsewhere.pk}
    assert ids(process=process.slug, workshop="calistay") == {transport.pk, threat.pk}
    assert ids(workshop="calistay") == {transport.pk, threat.pk, elsewhere.pk}
    assert ids(process=process.slug, workshop="ikinci", theme="AFET") == set()
    assert ids(kind="T") == {threat.pk}
    assert ids(process="", theme="", workshop="", kind="", q="", sort="") == ids()


def test_search_ignores_turkish_case_and_leaves_out_minus_words(api, workshop, facilitator):
    trash = _idea(workshop, facilitator, "ÇÖP konteynerleri artırılsın")
    separated = _idea(workshop, facilitator, "Çöp ayrıştırma İstasyonları kurulsun")
    _idea(workshop, facilitator, "Işıklı yaya geçidi")

    def found(q):
        return set(_ids(api.get("/api/v1/ideas/", {"q": q})))

    assert found("çöp") == {trash.pk, separated.pk}
    assert found("istasyon") == {separated.pk}
    assert found("ışık") == found("IŞIK") != set()
    assert found("çöp -istasyonları") == {trash.pk}
    assert found("çöp metro") == set()
    assert found("100%_") == set()  # LIKE wildcards are plain characters


def test_newest_first_by_default_most_voted_and_oldest_on_request(api, workshop, facilitator):
    first = _idea(workshop, facilitator, "İlk fikir burada", dots=1)
    second = _idea(workshop, facilitator, "İkinci fikir burada", dots=9)
    third = _idea(workshop, facilitator, "Üçüncü fikir burada", dots=5)
    Idea.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    Idea.objects.filter(pk=second.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    assert _ids(api.get("/api/v1/ideas/")) == [third.pk, second.pk, first.pk]
    assert _ids(api.get("/api/v1/ideas/", {"sort": "most_voted"})) == [second.pk, third.pk, first.pk]
    assert _ids(api.get("/api/v1/ideas/", {"sort": "oldest"})) == [first.pk, second.pk, third.pk]


def test_the_list_is_paginated_like_the_others(api, workshop, facilitator):
    for n in range(25):
        _idea(workshop, facilitator, f"Fikir numarası {n}")
    page = api.get("/api/v1/ideas/").json()
    assert page["count"] == 25 and len(page["results"]) == 20 and page["next"].endswith("?page=2")
    assert len(api.get(page["next"]).json()["results"]) == 5
    beyond = api.get("/api/v1/ideas/", {"page": 9})
    assert beyond.status_code == 404 and "detail" in beyond.json()


@pytest.mark.parametrize(
    ("params", "field", "messages"),
    [
        ({"process": "yok"}, "process", {"Bu adreste bir planlama süreci bulunamadı."}),
        ({"process": "ornek-2025-2029", "theme": "YOK"}, "theme", {"Bu süreçte bu koda sahip bir tema yok."}),
        ({"theme": "YOK"}, "theme", {"Bu koda sahip bir tema yok.", "No theme with this code."}),
        (
            {"process": "ornek-2025-2029", "workshop": "yok"},
            "workshop",
            {"Bu süreçte bu adrese sahip bir çalıştay yok."},
        ),
        ({"workshop": "yok"}, "workshop", {"Bu adreste bir çalıştay bulunamadı.", "No workshop with this address."}),
        ({"kind": "X"}, "kind", {'"X" geçerli bir seçim değil.'}),
        ({"sort": "-dots"}, "sort", {'"-dots" geçerli bir seçim değil.'}),
        ({"q": "a\x00b"}, "q", {"q saklanamayan karakterler içeriyor (U+0000)."}),
        ({"process": "x\x00"}, "process", {"process saklanamayan karakterler içeriyor (U+0000)."}),
        ({"q": "ç" * 201}, "q", {"q en fazla 200 karakter olabilir (şu anda 201 karakter)."}),
    ],
)
def test_a_bad_filter_is_a_json_400_in_turkish_naming_it(api, workshop, facilitator, params, field, messages):
    _idea(workshop, facilitator, "Bir fikir var burada")
    response = api.get("/api/v1/ideas/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [field] and len(body[field]) == 1 and body[field][0] in messages


@pytest.mark.parametrize("pk", ["abc", "null,null", "99999999999999999999", "²", "999999"])
def test_an_id_that_names_no_idea_is_a_json_404(api, settings, db, pk):
    settings.DEBUG = False
    response = api.get(f"/api/v1/ideas/{pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] in NOT_FOUND


def test_writes_are_not_allowed(api, workshop, facilitator, strategist):
    idea = _idea(workshop, facilitator, "Bir fikir var burada")
    api.force_authenticate(strategist)
    assert api.post("/api/v1/ideas/", {"text": "Yeni"}, format="json").status_code == 405
    assert api.delete(f"/api/v1/ideas/{idea.pk}/").status_code == 405
    assert Idea.objects.filter(pk=idea.pk, withdrawn_at__isnull=True).exists()


def test_nothing_about_the_people_is_shown(api, workshop, facilitator, strategist):
    """A phone participant's idea and a facilitator's idea naming its speaker: the answer holds
    neither the participant's name, e-mail or invitation, nor the speaking organisation, nor the
    facilitator."""
    participant = checked_in(strategist, workshop, name="Mimarlar Odası Ankara Şubesi", kind="meslek_odasi")
    participant.attendee_name = "Zeynep Karaca"
    participant.table = _table(workshop, "ULS1")
    participant.save()
    phone = live.idea_add(table=participant.table, text="Kavşaklar yeniden düzenlensin", participant=participant)
    said = _idea(workshop, facilitator, "Otopark sorunu çözülsün", speaker=participant.stakeholder)
    assert phone.participant_id == participant.pk and said.speaker_id == participant.stakeholder_id

    body = api.get("/api/v1/ideas/").content.decode() + api.get(f"/api/v1/ideas/{phone.pk}/").content.decode()
    assert "Kavşaklar yeniden düzenlensin" in body and "Otopark sorunu çözülsün" in body
    contact = participant.contact
    for secret in (
        "Zeynep Karaca",
        contact.full_name,
        contact.email,
        participant.token,
        participant.stakeholder.name,
        "Laştıran",
        facilitator.username,
    ):
        assert secret and secret not in body


def test_the_list_does_not_query_per_idea(api, process, workshop, facilitator, django_assert_max_num_queries):
    def measured():
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/ideas/", {"process": process.slug, "theme": "ULASIM", "q": "fikir"})
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    for n in range(2):
        _idea(workshop, facilitator, f"Fikir {n}", table="ULS1")
    few = measured()
    for n in range(2, 20):
        _idea(workshop, facilitator, f"Fikir {n}", table="ULS1")
        _idea(workshop, facilitator, f"Afet fikri {n}", table="AFT1")
    many = measured()
    assert (few[1], many[1]) == (2, 20)
    assert few[0] == many[0]
    # One check per filter (process, theme, workshop), the count, the page, and the request's savepoint.
    with django_assert_max_num_queries(7):
        api.get("/api/v1/ideas/", {"process": process.slug, "theme": "ULASIM", "workshop": "calistay"})


def test_the_endpoints_are_in_the_openapi_schema_with_their_parameters(client, db):
    schema = client.get("/api/schema/?format=json").json()
    listing = schema["paths"]["/api/v1/ideas/"]["get"]
    assert "/api/v1/ideas/{id}/" in schema["paths"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert set(parameters) == {"page", "process", "theme", "workshop", "kind", "q", "sort"}
    assert parameters["sort"]["schema"]["enum"] == ["newest", "most_voted", "oldest"]
    assert set(listing["responses"]) >= {"200", "400", "404"}
    fields = set(schema["components"]["schemas"]["Idea"]["properties"])
    assert {"id", "text", "theme", "theme_name", "workshop", "table", "dots_count", "html_url"} <= fields
    assert not fields & {"speaker", "participant", "participant_key", "client_key", "author"}


# --- the Ankara demo: 2019's workshop ------------------------------------------------------------


def test_the_demo_workshop_ideas_come_out_whole_and_without_personal_data(api, ankara_demo):
    from ortakakil.core.models import User
    from ortakakil.demo.loader import PROCESS_SLUG
    from ortakakil.processes.models import Process
    from ortakakil.workshops.models import ContactPerson, Invitation

    process = Process.objects.get(slug=PROCESS_SLUG)
    expected = set(WorkshopIdeaKind().public(process).values_list("pk", flat=True))
    assert len(expected) > 100
    bodies, seen = [], []
    url = f"/api/v1/ideas/?process={PROCESS_SLUG}"
    while url:
        response = api.get(url)
        assert response.status_code == 200
        bodies.append(response.content.decode())
        seen += [item["id"] for item in response.json()["results"]]
        url = response.json()["next"]
    assert len(seen) == len(set(seen)) and set(seen) == expected
    body = "\n".join(bodies)

    workshops = process.workshops.all()
    invitations = Invitation.objects.filter(workshop__in=workshops)
    people = set(invitations.exclude(attendee_name="").values_list("attendee_name", flat=True))
    contacts = ContactPerson.objects.filter(invitations__in=invitations).distinct()
    people |= set(contacts.values_list("full_name", flat=True)) | set(contacts.values_list("email", flat=True))
    facilitators = User.objects.filter(facilitated_tables__workshop__in=workshops).distinct()
    people |= {name for user in facilitators for name in (user.get_full_name(), user.email, user.username) if name}
    people |= set(invitations.values_list("token", flat=True))
    assert len(people) > 50
    assert sorted(person for person in people if person in body) == []
