import pytest
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.processes.models import Theme

pytestmark = pytest.mark.django_db


def test_home_lists_published_processes_in_turkish(client, process):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert process.title in html
    assert 'lang="tr"' in html
    assert "Planlama süreçleri" in html


def test_home_empty_state(client, db):
    response = client.get("/")
    assert "Henüz bir planlama süreci yok." in response.content.decode()


def test_process_page_shows_current_phase_and_themes(client, process):
    response = client.get(reverse("process_detail", kwargs={"slug": process.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Güncel aşama" in html
    assert "Katılım ve Çalıştaylar" in html
    assert "Ulaşım Hizmetleri Yönetimi" in html and "Afet Yönetimi" in html
    assert "is-current" in html


def test_theme_page(client, process):
    response = client.get(reverse("theme_detail", kwargs={"slug": process.slug, "code": "ULASIM"}))
    assert response.status_code == 200
    assert "Ulaşım Hizmetleri Yönetimi" in response.content.decode()


def test_theme_code_lookup_ignores_case(client, process):
    assert client.get(f"/processes/{process.slug}/themes/ulasim/").status_code == 200


@pytest.mark.parametrize("path", ["/processes/yok-boyle-bir-surec/", "/processes/ornek-2025-2029/themes/YOK/"])
def test_unknown_slugs_give_a_turkish_404(client, process, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in response.content.decode()


def test_unpublished_process_is_hidden_from_the_public_but_not_from_its_staff(client, process, strategist):
    process.is_published = False
    process.save()
    assert client.get(process.get_absolute_url()).status_code == 404
    client.force_login(strategist)
    assert client.get(process.get_absolute_url()).status_code == 200


def test_english_switch(client, process):
    response = client.post(reverse("set_language"), {"language": "en", "next": process.get_absolute_url()}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Current phase" in html


def test_programme_page_lists_tasks_with_status(client, process, unit):
    from tests.factories import PreparationTaskFactory

    PreparationTaskFactory(process=process, owner_unit=unit, title="Paydaş analizi", status="late")
    html = client.get(reverse("process_programme", kwargs={"slug": process.slug})).content.decode()
    assert "Paydaş analizi" in html and "Gecikti" in html


class TestBackOffice:
    def test_anonymous_is_sent_to_login(self, client, process):
        response = client.get(reverse("manage:process", kwargs={"slug": process.slug}))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_citizen_is_forbidden(self, client, process, citizen):
        client.force_login(citizen)
        assert client.get(reverse("manage:dashboard")).status_code == 403

    def test_strategy_team_of_another_organisation_gets_404(self, client, process):
        from tests.factories import OrganisationFactory, UserFactory

        outsider = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())
        client.force_login(outsider)
        assert client.get(reverse("manage:process", kwargs={"slug": process.slug})).status_code == 404

    def test_a_new_process_in_another_organisation_is_a_turkish_404(self, client, process, organisation):
        from ortakakil.processes.models import Process
        from tests.factories import OrganisationFactory, UserFactory

        outsider = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())
        client.force_login(outsider)
        url = reverse("manage:process_create", kwargs={"org_slug": organisation.slug})
        response = client.post(url, {"title": "Ele geçirilmiş plan", "slug": "ele-gecirilmis"})
        assert response.status_code == 404
        assert "Bu adreste bir kurum bulunamadı." in response.content.decode()
        assert not Process.objects.filter(slug="ele-gecirilmis").exists()

    def test_theme_form_errors_are_turkish_and_nothing_is_saved(self, client, process, strategist):
        client.force_login(strategist)
        response = client.post(
            reverse("manage:theme_create", kwargs={"slug": process.slug}),
            {"code": "küçük harf", "name": "", "colour": "#123456", "position": 3},
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "Bu alan zorunlu." in html
        assert "büyük Latin harfleri" in html
        assert process.themes.count() == 2

    def test_theme_create_and_edit(self, client, process, strategist):
        client.force_login(strategist)
        response = client.post(
            reverse("manage:theme_create", kwargs={"slug": process.slug}),
            {"code": "DIJITAL", "name": "Akıllı Kent", "colour": "#123456", "position": 3},
        )
        assert response.status_code == 302
        theme = process.themes.get(code="DIJITAL")
        response = client.post(
            reverse("manage:theme_edit", kwargs={"slug": process.slug, "pk": theme.pk}),
            {"code": "DIJITAL", "name": "Dijital Dönüşüm", "colour": "#123456", "position": 3},
        )
        assert response.status_code == 302
        theme.refresh_from_db()
        assert theme.name == "Dijital Dönüşüm"
        assert theme.history.count() == 2

    def test_delete_asks_first_and_deletes_only_on_post(self, client, process, strategist):
        client.force_login(strategist)
        theme = process.themes.get(code="AFET")
        url = reverse("manage:theme_delete", kwargs={"slug": process.slug, "pk": theme.pk})
        response = client.get(url)
        assert "Evet, sil" in response.content.decode()
        assert Theme.objects.filter(pk=theme.pk).exists()
        client.post(url)
        assert not Theme.objects.filter(pk=theme.pk).exists()

    def test_make_current_phase(self, client, process, strategist):
        client.force_login(strategist)
        preparation = process.phases.get(kind="hazirlik")
        response = client.post(
            reverse("manage:phase_make_current", kwargs={"slug": process.slug, "pk": preparation.pk})
        )
        assert response.status_code == 302
        process.refresh_from_db()
        assert process.current_phase == preparation

    def test_make_current_refuses_get(self, client, process, strategist):
        client.force_login(strategist)
        preparation = process.phases.get(kind="hazirlik")
        url = reverse("manage:phase_make_current", kwargs={"slug": process.slug, "pk": preparation.pk})
        assert client.get(url).status_code == 405
        process.refresh_from_db()
        assert process.current_phase.kind == "katilim"

    def test_phase_form_with_switches(self, client, process, strategist):
        client.force_login(strategist)
        response = client.post(
            reverse("manage:phase_create", kwargs={"slug": process.slug}),
            {
                "kind": "onay",
                "name": "Onay",
                "starts_on": "2025-01-01",
                "ends_on": "2025-02-01",
                "switches": ["comments"],
            },
        )
        assert response.status_code == 302
        assert process.phases.get(kind="onay").switches == ["comments"]

    def test_unit_manager_changes_own_task_status_with_htmx(self, client, process, make_user, unit):
        from tests.factories import PreparationTaskFactory

        manager = make_user(Role.UNIT_MANAGER, unit=unit)
        task = PreparationTaskFactory(process=process, owner_unit=unit)
        client.force_login(manager)
        response = client.post(
            reverse("manage:task_status", kwargs={"slug": process.slug, "pk": task.pk}),
            {"status": "in_progress"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert "Kaydedildi" in response.content.decode()
        task.refresh_from_db()
        assert task.status == "in_progress"

    def test_unit_manager_cannot_open_process_management(self, client, process, make_user, unit):
        client.force_login(make_user(Role.UNIT_MANAGER, unit=unit))
        assert client.get(reverse("manage:process", kwargs={"slug": process.slug})).status_code == 403


def test_phases_follow_the_regulation_order_and_monitoring_runs_off_the_edge(ankara_demo):
    from django.utils import timezone

    from ortakakil.processes import selectors
    from ortakakil.processes.models import Process

    process = Process.objects.get(slug="ankara-2020-2024")
    line = selectors.phase_timeline(process, today=timezone.localdate())
    kinds = [row.item.kind for row in line.rows]
    assert kinds == ["hazirlik", "durum_analizi", "katilim", "gelecege_bakis", "strateji", "maliyet", "onay", "izleme"]
    assert [row.continues for row in line.rows] == [False] * 7 + [True]
    assert line.rows[0].bar.width > 5
