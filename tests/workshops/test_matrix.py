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


ENGAGEMENT = [Priority.MONITOR, Priority.INVOLVE, Priority.INFORM, Priority.PARTNER]


@given(st.integers(1, 4), st.integers(1, 5))
def test_more_influence_never_lowers_engagement(influence, importance):
    # Monitor < involve < inform < partner: strong influence weighs more than strong importance.
    assert ENGAGEMENT.index(priority(influence + 1, importance)) >= ENGAGEMENT.index(priority(influence, importance))


@given(st.integers(1, 5), st.integers(1, 4))
def test_more_importance_never_lowers_engagement(influence, importance):
    assert ENGAGEMENT.index(priority(influence, importance + 1)) >= ENGAGEMENT.index(priority(influence, importance))


@pytest.mark.django_db
def test_matrix_page_puts_each_stakeholder_in_its_quadrant(client, strategist, organisation):
    from ortakakil.workshops.models import StakeholderOrganisation

    for name, influence, importance in [
        ("Mimarlar Derneği", 4, 5),
        ("Semt Pazarcıları", 1, 2),
        ("Valilik", 5, 1),  # strong influence, weak importance: inform
        ("Mahalle Dayanışma Derneği", 1, 5),  # weak influence, strong importance: involve
    ]:
        StakeholderOrganisation.objects.create(
            organisation=organisation, name=name, type="dernek", influence=influence, importance=importance
        )
    client.force_login(strategist)
    response = client.get(f"/manage/organisations/{organisation.slug}/stakeholders/matrix/")
    assert response.status_code == 200
    quadrants = {q.key: [s.name for s in q.organisations] for q in response.context["quadrants"]}
    assert quadrants == {
        "birlikte_calis": ["Mimarlar Derneği"],
        "bilgilendir": ["Valilik"],
        "dahil_et": ["Mahalle Dayanışma Derneği"],
        "izle": ["Semt Pazarcıları"],
    }
    html = response.content.decode()
    inform = html[html.index('id="q-bilgilendir"') : html.index('id="q-dahil_et"')]
    assert "Valilik" in inform and "Mahalle Dayanışma" not in inform


@pytest.mark.django_db
def test_product_matrix_marks_the_themes_a_stakeholder_is_concerned_with(client, strategist, organisation, process):
    from ortakakil.workshops.models import StakeholderOrganisation

    chamber = StakeholderOrganisation.objects.create(
        organisation=organisation, name="Şehir Plancıları Odası", type="meslek_odasi", influence=4, importance=4
    )
    chamber.themes.set([process.themes.get(code="AFET")])
    other = StakeholderOrganisation.objects.create(
        organisation=organisation, name="Bisiklet Derneği", type="dernek", influence=2, importance=2
    )
    other.themes.set([process.themes.get(code="ULASIM")])
    client.force_login(strategist)
    response = client.get(f"/manage/organisations/{organisation.slug}/stakeholders/matrix/")
    themes, rows = response.context["products"]
    assert [t.code for t in themes] == ["ULASIM", "AFET"]  # by the themes' position
    assert {s.name: marks for s, marks in rows} == {
        "Şehir Plancıları Odası": [False, True],
        "Bisiklet Derneği": [True, False],
    }
    html = response.content.decode()
    table = html[html.index('class="table product-matrix"') :]
    header = table[: table.index("</thead>")]
    # The columns are named by the themes' names, never by their codes.
    assert header.index("Ulaşım Hizmetleri Yönetimi") < header.index("Afet Yönetimi")
    assert "ULASIM" not in header and "AFET" not in header
    row = table[table.index("Şehir Plancıları Odası") :]
    cells = row[: row.index("</tr>")].split("<td>")[1:]
    assert ["●" in cell for cell in cells] == [False, True]


@pytest.mark.django_db
def test_matrix_rows_follow_the_turkish_alphabet(client, strategist, organisation):
    from ortakakil.workshops.models import StakeholderOrganisation

    for name in ("Zabıta Derneği", "Çevre Derneği", "İmar Derneği", "Cadde Derneği", "Işık Derneği", "Şehir Derneği"):
        StakeholderOrganisation.objects.create(organisation=organisation, name=name, type="dernek")
    client.force_login(strategist)
    response = client.get(f"/manage/organisations/{organisation.slug}/stakeholders/matrix/")
    _themes, rows = response.context["products"]
    expected = ["Cadde Derneği", "Çevre Derneği", "Işık Derneği", "İmar Derneği", "Şehir Derneği", "Zabıta Derneği"]
    assert [s.name for s, _marks in rows] == expected
    (partner,) = [q for q in response.context["quadrants"] if q.key == "birlikte_calis"]  # all scored 3/3
    assert [s.name for s in partner.organisations] == expected
