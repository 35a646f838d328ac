"""Turkish search and alphabetical order in the workshop app (issue 8, points 1 and 2; issue 11):
the registry, invitation and door searches fold Turkish case and accents ("ÇANKAYA" and
"cankaya" find "Çankaya"; "ılık" and "ilik" find both "Ilık" and "İlik", as people type on phones
without Turkish letters); organisation and people lists follow the Turkish alphabet. Run on SQLite
and on PostgreSQL (the ``__tr_contains`` lookup and ``turkish_order`` differ per database)."""

import pytest

from ortakakil.core.models import Role, User
from ortakakil.workshops import invitations, live, selectors
from ortakakil.workshops.forms import TableForm
from ortakakil.workshops.models import ContactPerson, StakeholderOrganisation

from .conftest import invite, stakeholder

pytestmark = pytest.mark.django_db

NAMES = ["Zafer Derneği", "Çankaya Esnaf Odası", "Ilık Su Derneği", "İlik Derneği", "Cebeci Derneği", "Şişli Odası"]
TURKISH_ORDER = [
    "Cebeci Derneği",
    "Çankaya Esnaf Odası",
    "Ilık Su Derneği",
    "İlik Derneği",
    "Şişli Odası",
    "Zafer Derneği",
]


@pytest.fixture
def registry(organisation):
    return [stakeholder(organisation, name, "dernek") for name in NAMES]


def names(items):
    return [item.name for item in items]


def test_registry_search_folds_turkish_case_and_accents(organisation, registry):
    assert names(selectors.stakeholders_of(organisation, query="ÇANKAYA")) == ["Çankaya Esnaf Odası"]
    assert names(selectors.stakeholders_of(organisation, query="cankaya")) == ["Çankaya Esnaf Odası"]
    assert names(selectors.stakeholders_of(organisation, query="ılık")) == ["Ilık Su Derneği", "İlik Derneği"]
    assert names(selectors.stakeholders_of(organisation, query="İLİK")) == ["Ilık Su Derneği", "İlik Derneği"]
    assert names(selectors.stakeholders_of(organisation, query="ılık su")) == ["Ilık Su Derneği"]
    assert names(selectors.stakeholders_of(organisation, query="şişli")) == ["Şişli Odası"]
    assert names(selectors.stakeholders_of(organisation, query="SISLI")) == ["Şişli Odası"]


def test_registry_page_search_and_order(client, strategist, organisation, registry):
    client.force_login(strategist)
    url = f"/manage/organisations/{organisation.slug}/stakeholders/"
    assert names(row for row, _action in client.get(url).context["rows"]) == TURKISH_ORDER
    found = client.get(url, {"q": "ÇANKAYA"}).context["rows"]
    assert names(row for row, _action in found) == ["Çankaya Esnaf Odası"]


def test_invitation_list_and_door_search_fold_turkish_case(client, strategist, workshop, registry):
    invite(strategist, workshop, *registry)
    assert names(i.stakeholder for i in selectors.invitations_of(workshop, query="ılık su")) == ["Ilık Su Derneği"]
    people = selectors.invitations_of(workshop, query="ilik su dernegi kisi")
    assert [i.name for i in people] == ["Ilık Su Derneği Kişi 0"]
    assert names(i.stakeholder for i in selectors.invitations_of(workshop)) == TURKISH_ORDER
    client.force_login(strategist)
    base = f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/"
    listing = client.get(base + "invitations/", {"q": "çankaya"})
    assert [i.stakeholder.name for i in listing.context["page"].object_list] == ["Çankaya Esnaf Odası"]
    door = client.get(base + "checkin/", {"q": "sisli"})
    assert [i.stakeholder.name for i in door.context["results"]] == ["Şişli Odası"]


def test_invite_form_lists_organisations_in_turkish_order(client, strategist, workshop, registry):
    client.force_login(strategist)
    groups = client.get(f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/invitations/new/")
    assert names(groups.context["groups"]["Dernek"]) == TURKISH_ORDER


def test_speakers_priority_matrix_and_walk_in_form_in_turkish_order(workshop, registry, process):
    table = workshop.tables.get(code="ULS1")
    for organisation in registry:
        organisation.themes.add(table.theme)
    assert names(selectors.speakers_for(table)) == TURKISH_ORDER
    (partner,) = [q for q in selectors.priority_matrix(process.organisation_id) if q.key == "birlikte_calis"]
    assert names(partner.organisations) == TURKISH_ORDER


def test_contact_people_and_facilitators_in_turkish_order(organisation, workshop, make_user):
    org = StakeholderOrganisation.objects.create(organisation=organisation, name="Kent Derneği", type="dernek")
    for full_name in ("Zeynep Ak", "Çağla Un", "Ömer Tan", "Cem Er", "Oya Su", "Ümit Eş", "Ufuk Ay"):
        ContactPerson.objects.create(stakeholder=org, full_name=full_name)
    assert [c.full_name for c in org.contacts.alphabetical()] == [
        "Cem Er",
        "Çağla Un",
        "Oya Su",
        "Ömer Tan",
        "Ufuk Ay",
        "Ümit Eş",
        "Zeynep Ak",
    ]
    User.objects.filter(role=Role.FACILITATOR).delete()
    for first in ("Şule", "Sevgi", "Ğ", "Gül", "İpek", "Irmak"):
        make_user(Role.FACILITATOR, username=f"f-{first}", first_name=first, last_name="Yılmaz")
    form = TableForm(instance=workshop.tables.get(code="ULS1"))
    firsts = [u.first_name for u in form.fields["facilitators"].queryset]
    assert firsts == ["Gül", "Ğ", "Irmak", "İpek", "Sevgi", "Şule"]


def test_people_at_the_table_in_turkish_order(strategist, workshop):
    organisation = workshop.process.organisation
    people = []
    for name in ("Şeyma Kara", "Selin Ak", "Çınar Öz", "Can Er"):
        (person,) = invite(strategist, workshop, stakeholder(organisation, f"{name} Kurumu", "stk", people=0))
        invitations.invitation_respond(invitation=person, accept=True, attendee_name=name)
        people.append(person)
    table = workshop.tables.get(code="ULS1")
    table.capacity = 10
    table.save()
    for person in people:
        invitations.invitation_move(actor=strategist, invitation=person, table=table)
    assert [p.name for p in selectors.attendance(table)["expected"]] == [
        "Can Er",
        "Çınar Öz",
        "Selin Ak",
        "Şeyma Kara",
    ]
    live.checkin_door(actor=strategist, invitation=people[0])  # Şeyma arrives; sits nowhere yet
    invitations.invitation_move(actor=strategist, invitation=people[0], table=None)
    assert [p.name for p in selectors.attendance(workshop.tables.get(code="AFT1"))["arrivals"]] == ["Şeyma Kara"]


def test_registry_page_finds_kizilay_and_ogrenci_however_they_were_typed(client, strategist, organisation):
    """Issue 11: "kizilay" finds "Kızılay", and "öğrenci" finds a name typed "Ogrenci"."""
    for name in ["Kızılay Gençlik Derneği", "Ogrenci Kulubu Dernegi", "Zafer Derneği"]:
        stakeholder(organisation, name, "dernek")
    client.force_login(strategist)
    url = f"/manage/organisations/{organisation.slug}/stakeholders/"

    def found(q):
        return names(row for row, _action in client.get(url, {"q": q}).context["rows"])

    for typed in ["kizilay", "KIZILAY", "Kızılay", "kızılay genclik"]:
        assert found(typed) == ["Kızılay Gençlik Derneği"], typed
    for typed in ["ogrenci", "Öğrenci", "ÖĞRENCİ", "öğrenci kulübü"]:
        assert found(typed) == ["Ogrenci Kulubu Dernegi"], typed
    assert found("DERNEĞİ") == ["Kızılay Gençlik Derneği", "Ogrenci Kulubu Dernegi", "Zafer Derneği"]
