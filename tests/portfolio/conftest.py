"""Fixtures of the portfolio tests: a plan with two goals, a few projects (back office), and the
workplace's real Pabulib files (rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ortakakil.core.models import Role
from ortakakil.planning.models import Aim, Goal, Plan
from ortakakil.portfolio.models import Project


@pytest.fixture
def goals(process):
    plan = Plan.objects.create(process=process, title="Örnek Stratejik Planı")
    aim = Aim.objects.create(plan=plan, code="A1", title="Ulaşımı iyileştirmek", position=1)
    return [
        Goal.objects.create(aim=aim, code="H1.1", title="Toplu taşımayı yaygınlaştırmak", position=1),
        Goal.objects.create(aim=aim, code="H1.2", title="Bisiklet yollarını artırmak", position=2),
    ]


@pytest.fixture
def projects(process, goals):
    ulasim = process.themes.get(code="ULASIM")
    afet = process.themes.get(code="AFET")
    made = [
        Project.objects.create(
            process=process,
            code="P1",
            title="Metro hattı uzatma",
            theme=ulasim,
            district="Çankaya",
            costs={"2025": 100_000_000, "2026": 200_000_000},
            goal_value=8,
        ),
        Project.objects.create(
            process=process,
            code="P2",
            title="Bisiklet yolu ağı",
            theme=ulasim,
            district="Yenimahalle",
            costs={"2025": 5_000_000},
            kind=Project.Kind.INVESTMENT,
        ),
        Project.objects.create(
            process=process,
            code="P3",
            title="Afet toplanma alanları",
            theme=afet,
            district="Çankaya",
            costs={"2027": 3_000_000},
            kind=Project.Kind.CURRENT,
        ),
    ]
    made[0].goals.set([goals[0]])
    made[1].goals.set([goals[1]])
    return made


@pytest.fixture
def outsider(db):
    from tests.factories import OrganisationFactory, UserFactory

    other = OrganisationFactory(slug="baska", name="Başka Belediye")
    return UserFactory(role=Role.STRATEGY_TEAM, organisation=other, username="baska-strateji")


@pytest.fixture
def unit_staff(make_user, other_unit):
    return make_user(Role.UNIT_MANAGER, username="birim", unit=other_unit)


def _pabulib_folder() -> Path:
    """../shared/data/pabulib next to the project, else the workplace's /work/shared."""
    beside = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "pabulib").resolve()
    return beside if beside.is_dir() else Path("/work/shared/data/pabulib")


PABULIB = _pabulib_folder()


@pytest.fixture(scope="session")
def pabulib_files() -> list[Path]:
    files = sorted(PABULIB.glob("*.pb"))
    assert files, f"no .pb files in {PABULIB}: the shared data must sit next to the project"
    return files
