"""The multi-year portfolio MILP: optimal on small instances (checked by brute force), every
constraint respected, and an infeasible instance names the constraint that cannot hold."""

from __future__ import annotations

import itertools
import random

import pytest

from ortakakil.portfolio.rules import milp


def instance_data(seed: int) -> dict:
    rng = random.Random(seed)  # noqa: S311 - test data
    n = rng.randint(3, 10)
    years = ["2020", "2021", "2022"][: rng.randint(1, 3)]
    ids = [f"p{i}" for i in range(n)]
    projects = []
    for i, pid in enumerate(ids):
        run = rng.sample(years, rng.randint(1, len(years)))
        project = {
            "id": pid,
            "value": rng.randint(1, 20),
            "costs": {y: rng.randint(1, 10) for y in run},
            "theme": rng.choice(["ulaşım", "çevre", "kültür"]),
        }
        if i and rng.random() < 0.3:
            project["requires"] = [rng.choice(ids[:i])]
        if i and rng.random() < 0.3:
            project["excludes"] = [rng.choice(ids[:i])]
        projects.append(project)
    data = {"budgets": {y: rng.randint(5, 25) for y in years}, "projects": projects}
    if rng.random() < 0.5:
        data["max_per_theme"] = {"ulaşım": rng.randint(0, 3)}
    if rng.random() < 0.5:
        data["min_per_theme"] = {"çevre": rng.randint(0, 2)}
    return data


def feasible(data: dict, chosen: set[str]) -> bool:
    by_id = {p["id"]: p for p in data["projects"]}
    for year, budget in data["budgets"].items():
        if sum(by_id[p]["costs"].get(year, 0) for p in chosen) > budget:
            return False
    for p in chosen:
        if any(r not in chosen for r in by_id[p].get("requires", [])):
            return False
        if any(x in chosen for x in by_id[p].get("excludes", [])):
            return False
    for theme, top in data.get("max_per_theme", {}).items():
        if sum(by_id[p]["theme"] == theme for p in chosen) > top:
            return False
    for theme, low in data.get("min_per_theme", {}).items():
        if sum(by_id[p]["theme"] == theme for p in chosen) < low:
            return False
    return True


def brute_force(data: dict) -> float | None:
    ids = [p["id"] for p in data["projects"]]
    values = {p["id"]: p["value"] for p in data["projects"]}
    best = None
    for size in range(len(ids) + 1):
        for combo in itertools.combinations(ids, size):
            if feasible(data, set(combo)):
                total = sum(values[p] for p in combo)
                best = total if best is None else max(best, total)
    return best


def test_small_instances_are_solved_to_the_brute_force_optimum():
    solved = infeasible = 0
    for seed in range(120):
        data = instance_data(seed)
        best = brute_force(data)
        if best is None:
            with pytest.raises(milp.PortfolioInfeasible):
                milp.solve(milp.parse(data))
            infeasible += 1
            continue
        result = milp.solve(milp.parse(data))
        assert result.objective == pytest.approx(best), seed
        assert feasible(data, set(result.selected)), seed
        assert result.optimal and result.gap <= 1e-9
        solved += 1
    assert solved > 60 and infeasible > 0


def base() -> dict:
    return {
        "budgets": {"2020": 100, "2021": 100},
        "projects": [
            {"id": "a", "value": 10, "costs": {"2020": 60}, "theme": "t1"},
            {"id": "b", "value": 8, "costs": {"2020": 50, "2021": 20}, "theme": "t1", "requires": ["c"]},
            {"id": "c", "value": 1, "costs": {"2021": 70}, "theme": "t2"},
            {"id": "d", "value": 5, "costs": {"2020": 40}, "theme": "t2", "excludes": ["a"]},
        ],
    }


def test_requires_excludes_and_theme_limits_shape_the_choice():
    assert sorted(milp.solve(milp.parse(base())).selected) == ["b", "c", "d"]
    data = base()
    data["max_per_theme"] = {"t2": 1}
    result = milp.solve(milp.parse(data))
    assert sorted(result.selected) == ["a", "c"]  # b needs c, d excludes a: at most one of c and d
    assert result.objective == 11
    assert result.spent == {"2020": 60.0, "2021": 70.0}


@pytest.mark.parametrize(
    ("limits", "where", "words"),
    [
        ({"min_per_theme": {"t2": 3}}, "min_per_theme['t2']", "yalnızca 2 proje var"),
        ({"min_per_theme": {"t1": 1}, "max_per_theme": {"t1": 0}}, "min_per_theme['t1']", "en çok 0"),
        ({"min_per_theme": {"t1": 2}}, "min_per_theme['t1']", "2020 yılının bütçesiyle"),
        ({"min_per_theme": {"t2": 2}}, "min_per_theme['t2']", "dışlayan"),
    ],
)
def test_an_infeasible_instance_names_the_constraint(limits, where, words):
    data = {**base(), **limits}
    data["projects"][2]["excludes"] = ["d"]
    with pytest.raises(milp.PortfolioInfeasible) as caught:
        milp.solve(milp.parse(data))
    assert caught.value.where == where
    assert words in caught.value.message


def test_minimums_that_hold_alone_but_not_together_are_named_together():
    data = base()
    data["budgets"] = {"2020": 100, "2021": 50}  # c (70 in 2021) cannot be bought, so neither can b
    data["min_per_theme"] = {"t1": 1, "t2": 1}  # t1 needs a, t2 needs d, and d excludes a
    with pytest.raises(milp.PortfolioInfeasible) as caught:
        milp.solve(milp.parse(data))
    assert caught.value.where == "min_per_theme['t1'], min_per_theme['t2']"
    for theme in ("t1", "t2"):
        data["min_per_theme"] = {theme: 1}
        assert milp.solve(milp.parse(data)).selected == ["a" if theme == "t1" else "d"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["projects"][0].update(costs={"2019": 5}), "projects[0].costs['2019']"),
        (lambda d: d["projects"][0].update(costs={"2020": -5}), "projects[0].costs['2020']"),
        (lambda d: d["projects"][1].update(requires=["zz"]), "projects[1].requires"),
        (lambda d: d["projects"][1].update(id="a"), "projects[1].id"),
        (lambda d: d["projects"][2].update(value="çok"), "projects[2].value"),
        (lambda d: d.update(budgets={}), "budgets"),
        (lambda d: d.update(min_per_theme={"t1": -1}), "min_per_theme['t1']"),
    ],
)
def test_a_malformed_instance_names_the_field(change, where):
    data = base()
    change(data)
    with pytest.raises(milp.PortfolioError) as caught:
        milp.parse(data)
    assert caught.value.where == where
