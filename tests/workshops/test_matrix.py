import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.workshops.matrix import Priority, priority


@pytest.mark.parametrize(
    ("influence", "importance", "expected"),
    [(1, 1, Priority.MONITOR), (5, 2, Priority.INFORM), (2, 5, Priority.INVOLVE), (3, 3, Priority.PARTNER)],
)
def test_the_guides_four_quadrants(influence, importance, expected):
    assert priority(influence, importance) == expected


def test_scores_outside_one_to_five_are_refused():
    with pytest.raises(ValueError):
        priority(0, 3)


@given(st.integers(1, 5), st.integers(1, 5))
def test_more_influence_never_lowers_engagement(influence, importance):
    order = [Priority.MONITOR, Priority.INVOLVE, Priority.INFORM, Priority.PARTNER]
    if influence < 5:
        assert order.index(priority(influence + 1, importance)) >= order.index(priority(influence, importance)) or (
            priority(influence, importance) == Priority.INVOLVE
        )


@pytest.mark.django_db
def test_matrix_page_puts_each_stakeholder_in_its_quadrant(client, strategist, organisation):
    from ortakakil.workshops.models import StakeholderOrganisation

    StakeholderOrganisation.objects.create(
        organisation=organisation, name="Mimarlar Derneği", type="dernek", influence=4, importance=5
    )
    StakeholderOrganisation.objects.create(
        organisation=organisation, name="Semt Pazarcıları", type="ozel_sektor", influence=1, importance=2
    )
    client.force_login(strategist)
    html = client.get(f"/manage/organisations/{organisation.slug}/stakeholders/matrix/").content.decode()
    partner = html.index('id="q-birlikte_calis"')
    monitor = html.index('id="q-izle"')
    assert partner < html.index("Mimarlar Derneği") < html.index('id="q-bilgilendir"')
    assert monitor < html.index("Semt Pazarcıları")


@pytest.mark.django_db
def test_product_matrix_marks_the_themes_a_stakeholder_is_concerned_with(client, strategist, organisation, process):
    from ortakakil.workshops.models import StakeholderOrganisation

    chamber = StakeholderOrganisation.objects.create(
        organisation=organisation, name="Şehir Plancıları Odası", type="meslek_odasi", influence=4, importance=4
    )
    chamber.themes.set([process.themes.get(code="ULASIM")])
    client.force_login(strategist)
    html = client.get(f"/manage/organisations/{organisation.slug}/stakeholders/matrix/").content.decode()
    table = html[html.index('class="table product-matrix"') :]
    row = table[table.index("Şehir Plancıları Odası") :]
    row = row[: row.index("</tr>")]
    assert row.count("●") == 1
