import pytest
from django.core.management import call_command

from ortakakil.core.models import Role, Unit, User
from ortakakil.processes.models import Phase, PreparationTask, Process, Theme
from ortakakil.workshops.models import Workshop

pytestmark = pytest.mark.django_db

ANKARA_THEMES = [
    "AFET",
    "CEVRE",
    "IMAR",
    "KENT_DUZENI",
    "KULTUR",
    "SAGLIK",
    "ULASIM",
    "KIRSAL",
    "CINSIYET",
    "DIJITAL",
    "CANLI_DOSTU",
    "MAHALLE",
    "TURIZM",
]


def _counts():
    return [m.objects.count() for m in (Unit, Process, Phase, Theme, PreparationTask, Workshop, User)]


def test_demo_loads_the_ankara_process(ankara_demo):
    process = Process.objects.get(slug="ankara-2020-2024")
    assert (process.start_year, process.end_year) == (2020, 2024)
    assert list(process.themes.values_list("code", flat=True)) == ANKARA_THEMES
    assert process.current_phase.kind == "katilim"
    assert process.is_open("proposals")
    assert [p.kind for p in process.phases.order_by("starts_on")][:3] == ["hazirlik", "durum_analizi", "katilim"]
    assert 20 <= process.organisation.units.count() <= 30
    assert process.preparation_tasks.count() >= 10
    workshop = process.workshops.get()
    assert (workshop.title, workshop.venue, workshop.slogan) == (
        "Stratejik Plan Çalıştayı",
        "Harikalar Diyarı",
        "Ankara'yı Sen Planla",
    )
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_every_theme_has_a_written_description(ankara_demo):
    for theme in Theme.objects.all():
        assert len(theme.description) > 200, theme.code
        assert theme.lead_unit is not None


def test_demo_is_idempotent(ankara_demo):
    before = _counts()
    call_command("demo", "--quiet-accounts")
    assert _counts() == before


def test_demo_once_leaves_edits_alone(ankara_demo, capsys):
    Process.objects.filter(slug="ankara-2020-2024").update(slogan="Değiştirildi")
    call_command("demo", "--once")
    assert Process.objects.get(slug="ankara-2020-2024").slogan == "Değiştirildi"
    output = capsys.readouterr().out
    assert "atlanıyor" in output
    assert "strateji" in output


def test_demo_accounts_can_log_in(ankara_demo, client):
    from ortakakil.demo.loader import DEMO_PASSWORD

    assert client.login(username="strateji", password=DEMO_PASSWORD)


def test_demo_workshop_has_tables_stakeholders_and_ideas(ankara_demo):
    from ortakakil.workshops.models import PESTLE_KINDS, SWOT_KINDS, Idea, StakeholderOrganisation, Workshop

    workshop = Workshop.objects.get(process__slug="ankara-2020-2024")
    tables = list(workshop.tables.select_related("theme"))
    assert sorted(t.theme.code for t in tables) == sorted(ANKARA_THEMES)
    assert StakeholderOrganisation.objects.count() >= 60
    assert {o.type for o in StakeholderOrganisation.objects.all()} == set(StakeholderOrganisation.Type.values)
    assert Idea.objects.filter(table__workshop=workshop).count() >= 300
    for table in tables:
        kinds = set(table.ideas.values_list("kind", flat=True))
        assert set(SWOT_KINDS) <= kinds, table.theme.code
        assert kinds & set(PESTLE_KINDS), table.theme.code
        assert table.ideas.filter(votes_count__gt=0).exists()
        assert table.facilitators.exists()


def test_workshop_report_contract_on_the_demo(ankara_demo, tmp_path):
    import html
    import re
    import zipfile

    out = tmp_path / "rapor.docx"
    call_command("workshop", "report", "ankara-2020-2024", "--format", "docx", "-o", str(out))
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    text = html.unescape(re.sub(r"<[^>]+>", "", xml)).casefold()
    for needed in ("güçlü yönler", "zayıf yönler", "fırsatlar", "tehditler", "afet yönetimi", "canlı dostu"):
        assert needed in text


def test_what_the_statistics_count_is_dated_in_the_preparation_not_at_loading(ankara_demo):
    """Supports, workshop ideas and the rest fall in the autumn of 2019 (the participation phase and
    the workshop day), so the statistics' chart over time spans weeks, not the years to today."""
    from ortakakil.stats.counting import figures

    days = sorted(figures(Process.objects.get(slug="ankara-2020-2024")).daily)
    assert days[0].year == days[-1].year == 2019
    assert (days[-1] - days[0]).days < 120


def test_the_statistics_page_writes_numbers_the_turkish_way(ankara_demo, client):
    from ortakakil.stats.counting import figures

    process = Process.objects.get(slug="ankara-2020-2024")
    participants = figures(process).participants
    assert participants >= 1000
    html = client.get(f"/processes/{process.slug}/statistics/").content.decode()
    grouped = f"{participants:,}".replace(",", ".")
    assert f"<strong>{grouped}</strong>" in html  # as the charts write it: 1.288, not 1288
