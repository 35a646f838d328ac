import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ortakakil.core import services
from ortakakil.core.models import Role, User

pytestmark = pytest.mark.django_db


def test_strategy_team_creates_a_unit_manager(strategist, organisation, unit):
    user = services.user_create(
        actor=strategist,
        organisation=organisation,
        data={"username": "birimci", "email": "b@example.org", "role": Role.UNIT_MANAGER, "unit": unit},
    )
    assert user.organisation == organisation
    assert not user.has_usable_password()


def test_strategy_team_cannot_grant_platform_admin(strategist, organisation):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=strategist,
            organisation=organisation,
            data={"username": "guclu", "email": "g@example.org", "role": Role.PLATFORM_ADMIN},
        )
    assert not User.objects.filter(username="guclu").exists()


def test_unit_manager_needs_a_unit(strategist, organisation):
    with pytest.raises(ValidationError):
        services.user_create(
            actor=strategist,
            organisation=organisation,
            data={"username": "birimsiz", "email": "x@example.org", "role": Role.UNIT_MANAGER},
        )


def test_cannot_deactivate_oneself(strategist):
    with pytest.raises(ValidationError):
        services.user_update(actor=strategist, user=strategist, data={"is_active": False})


def test_user_list_search_and_pagination(client, strategist, organisation, make_user):
    for n in range(30):
        make_user(Role.FACILITATOR, username=f"kolay{n:02d}")
    client.force_login(strategist)
    url = reverse("manage:users", kwargs={"org_slug": organisation.slug})
    html = client.get(url).content.decode()
    assert "Sayfa 1 / 2" in html
    html = client.get(url, {"q": "kolay07"}).content.decode()
    assert "kolay07" in html and "kolay08" not in html


def test_unit_and_user_lists_find_kizilay_and_ogrenci_however_they_were_typed(
    client, strategist, organisation, make_user
):
    """Issue 11: people type without Turkish letters ("kizilay"), or with them for a name that was
    typed without ("öğrenci" for "ogrenci"); the back office finds both ways."""
    from ortakakil.core.models import Unit

    Unit.objects.create(organisation=organisation, code="KZL", name="Kızılay Öğrenci Yurdu Müdürlüğü")
    Unit.objects.create(organisation=organisation, code="OGR", name="Ogrenci Isleri Mudurlugu")
    make_user(Role.FACILITATOR, username="sukru", first_name="Şükrü", last_name="Kızılay", email="s@example.org")
    make_user(Role.FACILITATOR, username="ogrenci.isleri", first_name="Gulsen", last_name="Ogrenci")
    client.force_login(strategist)
    units_url = reverse("manage:units", kwargs={"org_slug": organisation.slug})
    users_url = reverse("manage:users", kwargs={"org_slug": organisation.slug})

    def units(q):
        return [unit.name for unit in client.get(units_url, {"q": q}).context["page"].object_list]

    def users(q):
        return [user.username for user in client.get(users_url, {"q": q}).context["page"].object_list]

    for typed in ["kizilay", "KIZILAY", "Kızılay"]:
        assert units(typed) == ["Kızılay Öğrenci Yurdu Müdürlüğü"], typed
        assert users(typed) == ["sukru"], typed
    for typed in ["ogrenci", "Öğrenci", "ÖĞRENCİ"]:
        assert units(typed) == ["Kızılay Öğrenci Yurdu Müdürlüğü", "Ogrenci Isleri Mudurlugu"], typed
        assert users(typed) == ["ogrenci.isleri"], typed
    assert units("öğrenci işleri") == ["Ogrenci Isleri Mudurlugu"]
    assert users("Gülşen") == ["ogrenci.isleri"]
    assert users("SUKRU") == ["sukru"]


def test_unit_create_through_the_back_office(client, strategist, organisation):
    client.force_login(strategist)
    response = client.post(
        reverse("manage:unit_create", kwargs={"org_slug": organisation.slug}),
        {"code": "KSD", "name": "Kültür ve Sosyal İşler Dairesi Başkanlığı", "kind": "department", "is_active": "on"},
    )
    assert response.status_code == 302
    assert organisation.units.filter(code="KSD").exists()


def test_units_of_another_organisation_are_not_found(client, strategist):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory()
    client.force_login(strategist)
    assert client.get(reverse("manage:units", kwargs={"org_slug": other.slug})).status_code == 404


def test_platform_admins_get_the_django_admin_and_lose_it_with_the_role(platform_admin, organisation):
    user = services.user_create(
        actor=platform_admin,
        organisation=organisation,
        data={"username": "yeniyonetici", "email": "y@example.org", "role": Role.PLATFORM_ADMIN},
    )
    assert (user.is_staff, user.is_superuser) == (True, True)
    services.user_update(actor=platform_admin, user=user, data={"role": Role.STRATEGY_TEAM})
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_a_unit_or_user_of_another_organisation_is_a_turkish_404(client, strategist, organisation):
    from tests.factories import OrganisationFactory, UnitFactory, UserFactory

    other = OrganisationFactory()
    foreign_unit = UnitFactory(organisation=other)
    foreign_user = UserFactory(role=Role.STRATEGY_TEAM, organisation=other)
    client.force_login(strategist)
    unit_page = client.get(reverse("manage:unit_edit", args=[organisation.slug, foreign_unit.pk]))
    user_page = client.get(reverse("manage:user_edit", args=[organisation.slug, foreign_user.pk]))
    assert unit_page.status_code == user_page.status_code == 404
    assert "Bu kurumun bu adreste bir birimi yok." in unit_page.content.decode()
    assert "Bu kurumun bu adreste bir kullanıcısı yok." in user_page.content.decode()


def test_the_strategy_team_cannot_open_a_platform_administrator(client, strategist, organisation, make_user):
    admin = make_user(Role.PLATFORM_ADMIN, username="yonetici", is_superuser=True)
    client.force_login(strategist)
    response = client.post(
        reverse("manage:user_edit", args=[organisation.slug, admin.pk]),
        {"username": "ele-gecirildi", "email": "x@example.org", "role": Role.CITIZEN},
    )
    assert response.status_code == 404
    admin.refresh_from_db()
    assert (admin.username, admin.role) == ("yonetici", Role.PLATFORM_ADMIN)
