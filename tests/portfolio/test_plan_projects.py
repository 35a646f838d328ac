"""The adopted portfolio in the stored plan's document: the selected projects by goal code, and
the document's cache key changes when the portfolio does."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from docx import Document

from ortakakil.documents import plan_document
from ortakakil.planning import services as planning_services
from ortakakil.planning.models import Goal
from ortakakil.portfolio.models import Project, Scenario
from ortakakil.portfolio.plan_projects import adopted_projects, adopted_version

pytestmark = pytest.mark.django_db

PLAN = json.loads((Path(__file__).parents[1] / "planning" / "data" / "plan.json").read_text(encoding="utf-8"))


@pytest.fixture
def stored_plan(process):
    planning_services.plan_import(copy.deepcopy(PLAN), actor=None)
    return process.plans.order_by("-pk").first()


def test_the_adopted_scenario_s_projects_reach_the_plan_document(process, stored_plan):
    goal = Goal.objects.filter(aim__plan=stored_plan).order_by("position", "pk").first()
    chosen = Project.objects.create(process=process, code="P01", title="Akıllı kavşak sistemi", costs={"2025": 900000})
    chosen.goals.add(goal)
    left_out = Project.objects.create(process=process, code="P02", title="Teleferik hattı", costs={"2026": 5000000})
    left_out.goals.add(goal)
    assert adopted_projects(process) == [] and adopted_version(process) == ""
    key_before = plan_document._cache_key(stored_plan, "docx")

    Scenario.objects.create(process=process, name="Temel", is_adopted=True, result={"selected": [chosen.pk]})
    [found] = adopted_projects(process)
    assert (found.code, found.goals, found.costs, found.total) == ("P01", [goal.code], {"2025": 900000}, 900000)
    assert plan_document._cache_key(stored_plan, "docx") != key_before

    content, _mime, _name = plan_document.plan_file(stored_plan, "docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    cells = "\n".join(c.text for t in Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells)
    assert "P01 Akıllı kavşak sistemi (900.000 TL)" in cells
    assert "Teleferik" not in cells + text
