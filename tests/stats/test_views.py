import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.stats import report

pytestmark = pytest.mark.django_db


def _page(client, process):
    response = client.get(reverse("stats_process", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    return response.context, response.content.decode()


def test_public_page_renders_map_charts_and_tables(client, process, world):
    _context, html = _page(client, process)
    assert "Katılım istatistikleri" in html
    assert 'class="district-map"' in html and 'role="img"' in html
    for key in report.PUBLIC_CHARTS:
        assert f'id="stats-{key}-table"' in html
        assert reverse("stats_process_csv", kwargs={"slug": process.slug, "chart": key}) in html
    assert html.count("<caption") == len(report.PUBLIC_CHARTS)
    assert 'tabindex="0"' in html and 'scope="row"' in html
    assert "Nasıl sayıyoruz?" in html
    # the staff-only parts are not on the public page
    assert "stats-answer_state" not in html and "stats-daily" not in html


def test_page_agrees_with_the_command(client, process, world):
    context, _ = _page(client, process)
    out = StringIO()
    call_command("stats", process.slug, "--json", stdout=out)
    data = json.loads(out.getvalue())
    figures = context["figures"]
    for key in ("participants", "proposals", "supports", "comments", "survey_responses", "workshop_ideas"):
        assert getattr(figures, key) == data[key]
    district = {row[0]: {"proposals": row[1], "participants": row[2]} for row in context["parts"]["district"].rows}
    assert district == data["by_district"]
    theme = {row[0]: row[2] for row in context["parts"]["theme"].rows}
    assert theme == data["by_theme"]
    channel = [row[1] for row in context["parts"]["channel"].rows]
    assert channel == list(data["by_channel"].values())


def test_public_page_shows_a_dash_for_small_districts(client, process, world):
    _, html = _page(client, process)
    sincan = html[html.index(">Sincan</th>") :][:120]
    assert "<td>—</td><td>—</td>" in sincan
    cankaya = html[html.index(">Çankaya</th>") :][:120]
    assert "<td>5</td><td>5</td>" in cankaya


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_of_every_public_chart(client, process, world):
    for key in report.PUBLIC_CHARTS:
        rows = _csv(client.get(reverse("stats_process_csv", kwargs={"slug": process.slug, "chart": key})))
        assert len(rows) >= 2
    rows = _csv(client.get(reverse("stats_process_csv", kwargs={"slug": process.slug, "chart": "district"})))
    assert rows[0] == ["İlçe", "Öneriler", "Katılımcılar"]
    assert ["Çankaya", "5", "5"] in rows and ["Sincan", "", ""] in rows
    rows = _csv(client.get(reverse("stats_process_csv", kwargs={"slug": process.slug, "chart": "totals"})))
    assert rows[1] == ["Katılımcılar", "13"]


def test_unknown_chart_and_staff_chart_are_404_on_the_public_side(client, process, world):
    for chart in ("bogus", "answer_state", "unit", "daily"):
        assert (
            client.get(reverse("stats_process_csv", kwargs={"slug": process.slug, "chart": chart})).status_code == 404
        )


def test_staff_page_requires_staff(client, process, world, citizen, make_user, organisation):
    url = reverse("manage:stats_manage", kwargs={"slug": process.slug})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    assert (
        client.get(reverse("manage:stats_manage_csv", kwargs={"slug": process.slug, "chart": "unit"})).status_code
        == 403
    )


def test_staff_page_has_the_richer_parts(client, process, world, strategist):
    client.force_login(strategist)
    response = client.get(reverse("manage:stats_manage", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    for key in report.STAFF_CHARTS:
        assert f'id="stats-{key}-table"' in html
    district = {row[0]: row[1:] for row in response.context["parts"]["district"].rows}
    assert district["Sincan"] == [1, None]  # proposals in full, people still hidden under 5
    rows = _csv(client.get(reverse("manage:stats_manage_csv", kwargs={"slug": process.slug, "chart": "answer_state"})))
    assert rows[1] == ["Henüz yanıtlanmadı", "7"]
    rows = _csv(client.get(reverse("manage:stats_manage_csv", kwargs={"slug": process.slug, "chart": "unit"})))
    assert rows[1] == ["Atanmadı", "7"]


def test_staff_of_another_organisation_gets_404(client, process, world):
    from tests.factories import OrganisationFactory, UserFactory

    other = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory(slug="baska"))
    client.force_login(other)
    assert client.get(reverse("manage:stats_manage", kwargs={"slug": process.slug})).status_code == 404


def test_process_page_links_to_the_statistics(client, process):
    html = client.get(process.get_absolute_url()).content.decode()
    assert reverse("stats_process", kwargs={"slug": process.slug}) in html


def test_figures_are_cached_until_the_data_changes(client, process, world, django_assert_max_num_queries):
    from ortakakil.proposals.models import Proposal
    from ortakakil.stats import counting

    first = counting.cached_figures(process)
    with django_assert_max_num_queries(7):  # the fingerprint only
        assert counting.cached_figures(process) is not None
    Proposal.objects.filter(pk=world["sincan"].pk).update(is_hidden=True)  # updated_at unchanged
    assert counting.cached_figures(process).proposals == first.proposals - 1
