"""The demo strategic plan (content/plan.json) is complete and consistent with the rest of the demo content.

Plain checks on the files, no database: counts, weights, targets, units, themes, and that every
contribution a goal names as its source exists in the demo's proposals and workshop notes.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CONTENT = Path(__file__).resolve().parents[2] / "src" / "ortakakil" / "demo" / "content"
SECTIONS = {"history", "mandate", "policy", "activity", "internal", "pestle"}
FINDING_SECTIONS = SECTIONS | {"stakeholder", "swot", "participation"}
INTERNAL = {"organisation", "people", "culture", "physical", "technology", "finance"}
PESTLE = {"political", "economic", "social", "technological", "legal", "environmental"}
FREQUENCIES = {"6 ay", "12 ay"}


@cache
def _plan() -> dict[str, Any]:
    return json.loads((CONTENT / "plan.json").read_text(encoding="utf-8"))


@cache
def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((CONTENT / name).read_text(encoding="utf-8"))


def _goals() -> list[dict[str, Any]]:
    return [goal for aim in _plan()["aims"] for goal in aim["goals"]]


def _indicators() -> list[dict[str, Any]]:
    return [indicator for goal in _goals() for indicator in goal["indicators"]]


def _years() -> list[str]:
    period = _plan()["period"]
    return [str(year) for year in range(period["start"], period["end"] + 1)]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def test_header_matches_the_demo_process():
    plan, process = _plan(), _toml("ankara.toml")["process"]
    assert plan["process"] == process["slug"]
    assert plan["period"] == {"start": 2020, "end": 2024}
    assert plan["title"].strip() and plan["mission"].strip() and plan["vision"].strip()
    assert 5 <= len(plan["values"]) <= 7
    assert all(isinstance(value, str) and value.strip() for value in plan["values"])


def test_counts():
    assert len(_plan()["aims"]) >= 6
    assert len(_goals()) >= 18
    assert len(_indicators()) >= 50
    for aim in _plan()["aims"]:
        assert aim["goals"], aim["code"]
    for goal in _goals():
        assert goal["indicators"], goal["code"]


def test_codes_are_unique_and_nested():
    codes = []
    for a, aim in enumerate(_plan()["aims"], start=1):
        assert aim["code"] == f"A{a}"
        codes.append(aim["code"])
        for g, goal in enumerate(aim["goals"], start=1):
            assert goal["code"] == f"H{a}.{g}"
            codes.append(goal["code"])
            for i, indicator in enumerate(goal["indicators"], start=1):
                assert indicator["code"] == f"PG{a}.{g}.{i}"
                codes.append(indicator["code"])
    assert len(codes) == len(set(codes))


def test_weights_sum_to_100_at_every_level():
    aims = _plan()["aims"]
    assert sum(aim["weight"] for aim in aims) == 100
    for aim in aims:
        assert all(_is_number(goal.get("weight")) for goal in aim["goals"]), aim["code"]
        assert sum(goal["weight"] for goal in aim["goals"]) == 100, aim["code"]
    for goal in _goals():
        assert all(_is_number(ind.get("weight")) and ind["weight"] > 0 for ind in goal["indicators"]), goal["code"]
        assert sum(ind["weight"] for ind in goal["indicators"]) == 100, goal["code"]


def test_indicators_have_a_baseline_and_a_monotonic_target_for_every_year():
    years = _years()
    for ind in _indicators():
        code = ind["code"]
        assert ind["title"].strip() and ind["unit"].strip(), code
        assert ind["data_source"].strip() and ind["description"].strip(), code
        assert ind["direction"] in {"increase", "decrease"}, code
        assert _is_number(ind["baseline"]), code
        assert sorted(ind["targets"]) == years, code
        targets = [ind["targets"][year] for year in years]
        assert all(_is_number(target) for target in targets), code
        steps = list(itertools.pairwise(targets))
        if ind["direction"] == "increase":
            assert all(later >= earlier for earlier, later in steps), code
            assert targets[-1] > ind["baseline"], code
        else:
            assert all(later <= earlier for earlier, later in steps), code
            assert targets[-1] < ind["baseline"], code
        assert ind["monitoring"] in FREQUENCIES and ind["reporting"] in FREQUENCIES, code
        assert isinstance(ind["cumulative"], bool), code


def test_actuals_name_plan_periods():
    years = set(_years())
    with_actuals = [ind for ind in _indicators() if ind.get("actuals")]
    assert with_actuals, "some indicators should carry measured values for the monitoring demo"
    assert len({ind["code"].rsplit(".", 1)[0] for ind in with_actuals}) < len(_goals())
    for ind in with_actuals:
        for period, value in ind["actuals"].items():
            match = re.fullmatch(r"(\d{4})(-H1)?", period)
            assert match and match.group(1) in years, (ind["code"], period)
            assert _is_number(value), (ind["code"], period)


def test_goal_cards_are_complete():
    years = _years()
    for goal in _goals():
        code = goal["code"]
        assert goal["title"].strip(), code
        assert goal["responsible_unit"], code
        assert 1 <= len(goal["cooperating_units"]) <= 3, code
        assert goal["responsible_unit"] not in goal["cooperating_units"], code
        assert 1 <= len(goal["risks"]) <= 3 and len(goal["controls"]) >= 1, code
        assert 2 <= len(goal["strategies"]) <= 4 and 2 <= len(goal["activities"]) <= 4, code
        assert 1 <= len(goal["findings"]) <= 3 and 1 <= len(goal["needs"]) <= 3, code
        assert sorted(goal["costs"]) == years, code
        assert all(isinstance(cost, int) and not isinstance(cost, bool) and cost > 0 for cost in goal["costs"].values())
        assert 2 <= len(goal["sources"]) <= 6, code


def test_unit_names_exist_in_the_organisation():
    units = {unit["name"] for unit in _toml("ankara.toml")["units"]}
    for goal in _goals():
        assert goal["responsible_unit"] in units, goal["code"]
        for name in goal["cooperating_units"]:
            assert name in units, (goal["code"], name)


def test_every_theme_is_answered_by_a_goal():
    themes = {theme["code"] for theme in _toml("ankara.toml")["themes"]}
    used = set()
    for goal in _goals():
        assert 1 <= len(goal["themes"]) <= 2, goal["code"]
        assert set(goal["themes"]) <= themes, goal["code"]
        used |= set(goal["themes"])
    assert used == themes


def test_sources_exist_in_the_demo_content():
    proposals = {p["key"] for name in ("proposals_a.toml", "proposals_b.toml") for p in _toml(name)["proposals"]}
    ideas = {
        (idea["table"], idea["text"].strip())
        for name in ("workshop_a.toml", "workshop_b.toml")
        for idea in _toml(name)["ideas"]
    }
    for goal in _goals():
        for source in goal["sources"]:
            if source["kind"] == "proposal":
                assert source["key"] in proposals, (goal["code"], source)
            else:
                assert source["kind"] == "workshop_idea", (goal["code"], source)
                assert (source["table"], source["text"]) in ideas, (goal["code"], source)


def test_situation_analysis():
    analysis = _plan()["analysis"]
    sections = {section["section"]: section["items"] for section in analysis["sections"]}
    assert set(sections) == SECTIONS
    assert 2 <= len(sections["history"]) <= 3
    assert 6 <= len(sections["mandate"]) <= 10
    assert all({"title", "detail", "finding", "need"} <= set(item) for item in sections["mandate"])
    assert 5 <= len(sections["policy"]) <= 8
    assert all({"title", "detail", "need"} <= set(item) for item in sections["policy"])
    assert 8 <= len(sections["activity"]) <= 12
    assert 6 <= len(sections["internal"]) <= 10
    assert all(item["category"] in INTERNAL for item in sections["internal"])
    categories = [item["category"] for item in sections["pestle"]]
    assert sorted(categories) == sorted(2 * list(PESTLE))
    for items in sections.values():
        assert all(item["title"].strip() and item["detail"].strip() for item in items)
    assert 10 <= len(analysis["findings"]) <= 15
    for row in analysis["findings"]:
        assert row["section"] in FINDING_SECTIONS and row["finding"].strip() and row["need"].strip()
