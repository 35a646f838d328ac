import copy
import json
from pathlib import Path

import pytest

from ortakakil.core.models import Role
from ortakakil.proposals import services as proposal_services

PLAN = json.loads((Path(__file__).parent / "data" / "plan.json").read_text(encoding="utf-8"))


@pytest.fixture
def plan_data():
    """A complete plan for the ``process`` fixture (ornek-2025-2029), as the interchange dict."""
    return copy.deepcopy(PLAN)


@pytest.fixture
def proposal(process, make_user):
    author = make_user(Role.CITIZEN, username="yazar", first_name="Zeynep", last_name="Kaya")
    return proposal_services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü seferleri artırılsın",
        body="Kızılay ile Sincan arasında gece seferi yok, artırılmalı.",
        district="Sincan",
    )
