import pytest

from ortakakil.core.models import Role
from ortakakil.proposals import services


@pytest.fixture
def theme(process):
    return process.themes.get(code="ULASIM")


@pytest.fixture
def author(make_user):
    return make_user(Role.CITIZEN, username="yazar", first_name="Zeynep", last_name="Kaya")


@pytest.fixture
def proposal(process, theme, author):
    return services.proposal_create(
        actor=author,
        process=process,
        theme=theme,
        title="Gece otobüsü seferleri artırılsın",
        body="Kızılay ile Sincan arasında gece seferi yok, artırılmalı.",
        district="Sincan",
    )


@pytest.fixture
def citizens(make_user):
    return [make_user(Role.CITIZEN, username=f"v{n}") for n in range(5)]
