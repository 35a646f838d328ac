"""The stakeholder registry: its services (permissions, scores, KVKK consent) and back-office pages."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from ortakakil.core.models import Role
from ortakakil.workshops import registry, selectors
from ortakakil.workshops.models import ContactPerson, StakeholderOrganisation
from tests.factories import (
    ContactPersonFactory,
    OrganisationFactory,
    ProcessFactory,
    StakeholderFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ISTANBUL = dt.timezone(dt.timedelta(hours=3))
CONSENT = {
    "consent_purpose": "Çalıştay davetleri",
    "consent_given_at": dt.datetime(2024, 3, 1, tzinfo=ISTANBUL),
    "notice_version": "2024-01",
}


@pytest.fixture
def other_org_strategist():
    other = OrganisationFactory(slug="baska", name="Başka Belediyesi")
    return UserFactory(role=Role.STRATEGY_TEAM, organisation=other, username="baskastrateji")


@pytest.fixture
def chamber(organisation):
    return StakeholderFactory(organisation=organisation, name="Şehir Plancıları Odası", type="meslek_odasi")


# --- services: organisations ------------------------------------------------------------------


def test_strategy_team_adds_an_organisation_with_its_products_and_services(strategist, organisation, process):
    transport = process.themes.get(code="ULASIM")
    stakeholder = registry.stakeholder_create(
        actor=strategist,
        organisation=organisation,
        data={
            "name": "  Mimarlar Derneği ",
            "type": "dernek",
            "is_internal": False,
            "influence": 4,
            "importance": 5,
            "themes": [transport],
        },
    )
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.influence, stakeholder.importance) == ("Mimarlar Derneği", 4, 5)
    assert list(stakeholder.themes.all()) == [transport]
    assert stakeholder.history.first().history_user == strategist


@pytest.mark.parametrize("actor_fixture", ["citizen", "other_org_strategist"])
def test_only_the_organisations_strategy_team_adds_organisations(request, actor_fixture, organisation):
    actor = request.getfixturevalue(actor_fixture)
    with pytest.raises(PermissionDenied):
        registry.stakeholder_create(
            actor=actor, organisation=organisation, data={"name": "Mimarlar Derneği", "type": "dernek"}
        )
    assert not StakeholderOrganisation.objects.exists()


@pytest.mark.parametrize(("influence", "importance"), [(0, 3), (3, 6), (-1, 9)])
def test_scores_must_be_one_to_five(strategist, organisation, influence, importance):
    with pytest.raises(ValidationError) as error:
        registry.stakeholder_create(
            actor=strategist,
            organisation=organisation,
            data={"name": "Kent Konseyi", "type": "stk", "influence": influence, "importance": importance},
        )
    wrong = {name for name, value in [("influence", influence), ("importance", importance)] if not 1 <= value <= 5}
    assert set(error.value.message_dict) == wrong
    assert not StakeholderOrganisation.objects.exists()


def test_the_same_name_in_another_case_is_the_same_organisation(strategist, organisation, chamber):
    with pytest.raises(ValidationError) as error:
        registry.stakeholder_create(
            actor=strategist, organisation=organisation, data={"name": "şehir plancıları odası", "type": "dernek"}
        )
    assert "name" in error.value.message_dict
    assert StakeholderOrganisation.objects.count() == 1


def test_themes_of_another_organisations_process_are_refused(strategist, organisation):
    foreign_theme = ThemeFactory(process=ProcessFactory())
    with pytest.raises(ValidationError):
        registry.stakeholder_create(
            actor=strategist,
            organisation=organisation,
            data={"name": "Kent Konseyi", "type": "stk", "themes": [foreign_theme]},
        )
    assert not StakeholderOrganisation.objects.exists()


def test_another_organisations_strategist_cannot_change_an_entry(other_org_strategist, chamber):
    with pytest.raises(PermissionDenied):
        registry.stakeholder_update(actor=other_org_strategist, stakeholder=chamber, data={"influence": 5})
    chamber.refresh_from_db()
    assert chamber.influence == 3


def test_update_changes_scores_and_keeps_the_history(strategist, chamber):
    registry.stakeholder_update(actor=strategist, stakeholder=chamber, data={"influence": 5, "is_internal": True})
    chamber.refresh_from_db()
    assert (chamber.influence, chamber.is_internal) == (5, True)
    assert chamber.history.first().history_user == strategist


# --- services: contact people and consent -------------------------------------------------------


def test_contact_with_complete_consent(strategist, chamber):
    contact = registry.contact_create(
        actor=strategist, stakeholder=chamber, data={"full_name": "Ayşe Demir", "email": "ayse@example.org", **CONSENT}
    )
    assert contact.has_consent
    assert contact.notice_version == "2024-01"


def test_contact_without_consent_is_kept_but_has_none(strategist, chamber):
    contact = registry.contact_create(actor=strategist, stakeholder=chamber, data={"full_name": "Ayşe Demir"})
    assert not contact.has_consent


@pytest.mark.parametrize("missing", ["consent_purpose", "consent_given_at", "notice_version"])
def test_consent_needs_purpose_date_and_notice_version_together(strategist, chamber, missing):
    data = {"full_name": "Ayşe Demir", **CONSENT, missing: None if missing == "consent_given_at" else ""}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        registry.contact_create(actor=strategist, stakeholder=chamber, data=data)
    assert "together" in " ".join(error.value.messages)
    assert not ContactPerson.objects.exists()


def test_consent_cannot_be_dated_in_the_future(strategist, chamber):
    future = {**CONSENT, "consent_given_at": timezone.now() + dt.timedelta(days=2)}
    with pytest.raises(ValidationError):
        registry.contact_create(actor=strategist, stakeholder=chamber, data={"full_name": "Ayşe Demir", **future})
    assert not ContactPerson.objects.exists()


def test_a_citizen_cannot_add_contact_people(citizen, chamber):
    with pytest.raises(PermissionDenied):
        registry.contact_create(actor=citizen, stakeholder=chamber, data={"full_name": "Ayşe Demir", **CONSENT})
    assert not ContactPerson.objects.exists()


def test_a_recorded_consent_is_withdrawn_not_erased(strategist, chamber):
    contact = ContactPersonFactory(stakeholder=chamber)
    with pytest.raises(ValidationError):
        registry.contact_update(
            actor=strategist,
            contact=contact,
            data={"consent_purpose": "", "consent_given_at": None, "notice_version": ""},
        )
    contact.refresh_from_db()
    assert contact.has_consent


def test_withdrawal_keeps_the_address_and_stops_invitations(strategist, chamber):
    contact = ContactPersonFactory(stakeholder=chamber, email="ayse@example.org", phone="0312 000 00 00")
    registry.contact_withdraw_consent(actor=strategist, contact=contact)
    contact.refresh_from_db()
    assert not contact.has_consent
    assert contact.consent_withdrawn_at is not None
    assert (contact.email, contact.phone) == ("ayse@example.org", "0312 000 00 00")
    with pytest.raises(ValidationError):
        registry.contact_withdraw_consent(actor=strategist, contact=contact)


def test_another_organisations_strategist_cannot_withdraw(other_org_strategist, chamber):
    contact = ContactPersonFactory(stakeholder=chamber)
    with pytest.raises(PermissionDenied):
        registry.contact_withdraw_consent(actor=other_org_strategist, contact=contact)
    contact.refresh_from_db()
    assert contact.has_consent


def test_new_consent_after_a_withdrawal_makes_the_person_contactable_again(strategist, chamber):
    contact = ContactPersonFactory(stakeholder=chamber)
    registry.contact_withdraw_consent(
        actor=strategist, contact=contact, at=dt.datetime(2024, 5, 1, 12, tzinfo=ISTANBUL)
    )
    registry.contact_update(
        actor=strategist, contact=contact, data={"consent_given_at": dt.datetime(2024, 4, 1, tzinfo=ISTANBUL)}
    )
    contact.refresh_from_db()
    assert not contact.has_consent  # older than the withdrawal
    registry.contact_update(
        actor=strategist, contact=contact, data={"consent_given_at": dt.datetime(2024, 6, 1, tzinfo=ISTANBUL)}
    )
    contact.refresh_from_db()
    assert contact.has_consent


# --- back-office pages ------------------------------------------------------------------------


def list_url(organisation, **params):
    return reverse("manage:stakeholder_list", kwargs={"org_slug": organisation.slug})


def test_list_shows_only_this_organisations_registry_with_consent_counts(client, strategist, organisation, chamber):
    ContactPersonFactory(stakeholder=chamber)
    ContactPersonFactory(stakeholder=chamber, no_consent=True)
    withdrawn = ContactPersonFactory(stakeholder=chamber)
    withdrawn.consent_withdrawn_at = timezone.now()
    withdrawn.save()
    StakeholderFactory(name="Başka Şehrin Odası")  # another organisation's registry
    client.force_login(strategist)
    response = client.get(list_url(organisation))
    assert response.status_code == 200
    [(row, action)] = response.context["rows"]
    assert (row.name, row.consented_count, row.contacts_count) == ("Şehir Plancıları Odası", 1, 3)
    assert "Başka Şehrin Odası" not in response.content.decode()
    assert action == selectors.priority_action(chamber.influence, chamber.importance)
    with translation.override("en"):
        assert selectors.priority_action(chamber.influence, chamber.importance) == "Work together"


def test_list_search_and_filters(client, strategist, organisation, chamber):
    StakeholderFactory(organisation=organisation, name="Mimarlar Derneği", type="dernek")
    StakeholderFactory(organisation=organisation, name="Fen İşleri Dairesi", type="kamu", is_internal=True)
    client.force_login(strategist)

    def names(**params):
        return [s.name for s, _action in client.get(list_url(organisation), params).context["rows"]]

    assert names(q="mimar") == ["Mimarlar Derneği"]
    assert names(type="meslek_odasi") == ["Şehir Plancıları Odası"]
    assert names(internal="internal") == ["Fen İşleri Dairesi"]
    assert names(internal="external") == ["Mimarlar Derneği", "Şehir Plancıları Odası"]
    assert names(q="yok böyle") == []


def test_list_paginates_by_25(client, strategist, organisation):
    for n in range(30):
        StakeholderFactory(organisation=organisation, name=f"Dernek {n:02d}", type="dernek")
    client.force_login(strategist)
    first = client.get(list_url(organisation), {"type": "dernek"})
    assert len(first.context["rows"]) == 25
    second = client.get(list_url(organisation), {"type": "dernek", "page": 2})
    assert [s.name for s, _a in second.context["rows"]] == [f"Dernek {n:02d}" for n in range(25, 30)]
    assert "type=dernek&amp;page=2" in first.content.decode()


def test_another_organisations_registry_and_entries_are_not_found(client, strategist, organisation):
    foreign = StakeholderFactory(name="Başka Şehrin Odası")
    foreign_contact = ContactPersonFactory(stakeholder=foreign)
    client.force_login(strategist)
    kwargs = {"org_slug": organisation.slug}
    assert (
        client.get(reverse("manage:stakeholder_list", kwargs={"org_slug": foreign.organisation.slug})).status_code
        == 404
    )
    assert client.get(reverse("manage:stakeholder_edit", kwargs={**kwargs, "pk": foreign.pk})).status_code == 404
    assert client.get(reverse("manage:contact_create", kwargs={**kwargs, "pk": foreign.pk})).status_code == 404
    assert client.get(reverse("manage:contact_edit", kwargs={**kwargs, "pk": foreign_contact.pk})).status_code == 404
    response = client.post(reverse("manage:contact_withdraw", kwargs={**kwargs, "pk": foreign_contact.pk}))
    assert response.status_code == 404
    foreign_contact.refresh_from_db()
    assert foreign_contact.has_consent


def test_citizens_do_not_get_the_registry(client, citizen, organisation):
    client.force_login(citizen)
    assert client.get(list_url(organisation)).status_code == 403


def test_create_and_edit_an_organisation_through_the_back_office(client, strategist, organisation, process):
    client.force_login(strategist)
    transport = process.themes.get(code="ULASIM")
    response = client.post(
        reverse("manage:stakeholder_create", kwargs={"org_slug": organisation.slug}),
        {"name": "Kent Konseyi", "type": "stk", "influence": 2, "importance": 4, "themes": [transport.pk]},
    )
    assert response.status_code == 302
    created = StakeholderOrganisation.objects.get(name="Kent Konseyi")
    assert list(created.themes.all()) == [transport]
    edit_url = reverse("manage:stakeholder_edit", kwargs={"org_slug": organisation.slug, "pk": created.pk})
    assert response["Location"] == edit_url
    refused = client.post(edit_url, {"name": "Kent Konseyi", "type": "stk", "influence": 7, "importance": 4})
    assert refused.status_code == 400
    saved = client.post(edit_url, {"name": "Kent Konseyi", "type": "stk", "influence": 5, "importance": 4})
    assert saved.status_code == 302
    created.refresh_from_db()
    assert (created.influence, created.themes.count()) == (5, 0)


def test_edit_page_lists_the_contact_people(client, strategist, organisation, chamber):
    ContactPersonFactory(stakeholder=chamber, full_name="Ayşe Demir")
    client.force_login(strategist)
    html = client.get(
        reverse("manage:stakeholder_edit", kwargs={"org_slug": organisation.slug, "pk": chamber.pk})
    ).content.decode()
    assert "Ayşe Demir" in html
    assert reverse("manage:contact_create", kwargs={"org_slug": organisation.slug, "pk": chamber.pk}) in html


def test_add_edit_and_withdraw_a_contact_person(client, strategist, organisation, chamber):
    client.force_login(strategist)
    response = client.post(
        reverse("manage:contact_create", kwargs={"org_slug": organisation.slug, "pk": chamber.pk}),
        {
            "full_name": "Ayşe Demir",
            "email": "ayse@example.org",
            "consent_purpose": "Çalıştay davetleri",
            "consent_given_at": "2024-03-01",
            "notice_version": "2024-01",
        },
    )
    assert response.status_code == 302
    contact = ContactPerson.objects.get()
    assert contact.has_consent
    assert timezone.localtime(contact.consent_given_at) == dt.datetime(2024, 3, 1, tzinfo=ISTANBUL)

    edit_url = reverse("manage:contact_edit", kwargs={"org_slug": organisation.slug, "pk": contact.pk})
    page = client.get(edit_url)
    assert 'value="2024-03-01"' in page.content.decode()
    partial = client.post(edit_url, {"full_name": "Ayşe Demir", "consent_purpose": "Davet"})
    assert partial.status_code == 400
    saved = client.post(
        edit_url,
        {
            "full_name": "Ayşe Demir",
            "position": "Başkan",
            "email": "ayse@example.org",
            "consent_purpose": "Çalıştay davetleri",
            "consent_given_at": "2024-03-01",
            "notice_version": "2024-01",
        },
    )
    assert saved.status_code == 302
    contact.refresh_from_db()
    assert contact.position == "Başkan"
    assert timezone.localtime(contact.consent_given_at).date() == dt.date(2024, 3, 1)

    withdraw_url = reverse("manage:contact_withdraw", kwargs={"org_slug": organisation.slug, "pk": contact.pk})
    assert client.get(withdraw_url).status_code == 200
    contact.refresh_from_db()
    assert contact.has_consent  # asking changes nothing
    assert client.post(withdraw_url).status_code == 302
    contact.refresh_from_db()
    assert not contact.has_consent
    assert client.post(withdraw_url).status_code == 400


def test_export_leaves_out_people_without_consent(client, strategist, organisation, chamber):
    ContactPersonFactory(stakeholder=chamber, full_name="Ayşe Demir", email="ayse@example.org")
    ContactPersonFactory(stakeholder=chamber, full_name="Gizli Kişi", email="gizli@example.org", no_consent=True)
    StakeholderFactory(organisation=organisation, name="Kişisiz Dernek")
    client.force_login(strategist)
    response = client.get(reverse("manage:stakeholder_export", kwargs={"org_slug": organisation.slug}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    flat = {str(cell) for row in cells for cell in row if cell is not None}
    assert "ayse@example.org" in flat
    assert "Gizli Kişi" not in flat and "gizli@example.org" not in flat
    assert [row[0] for row in cells] == ["Kişisiz Dernek", "Şehir Plancıları Odası"]


def test_dashboard_and_matrix_link_to_the_registry(client, strategist, organisation):
    client.force_login(strategist)
    url = list_url(organisation)
    assert url in client.get(reverse("manage:dashboard")).content.decode()
    matrix = reverse("manage:stakeholder_matrix", kwargs={"org_slug": organisation.slug})
    assert url in client.get(matrix).content.decode()
