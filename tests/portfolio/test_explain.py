"""Why each project is in or out of a multi-year portfolio, and the budget waterline."""

from __future__ import annotations

import math
from itertools import pairwise

from ortakakil.portfolio.rules.explain import explain, waterline
from ortakakil.portfolio.rules.milp import Candidate, Instance, solve


def instance(**kwargs):
    projects = [
        Candidate("metro", 14.0, {"2021": 600.0, "2022": 300.0}, theme="ulasim"),
        Candidate("tramvay", 8.0, {"2021": 500.0}, theme="ulasim", excludes=("metro",)),
        Candidate("durak", 2.0, {"2021": 100.0}, theme="ulasim", requires=("tramvay",)),
        Candidate("park", 3.0, {"2022": 400.0}, theme="cevre"),
        Candidate("arsiv", 1.0, {"2022": 200.0}, theme="kultur"),
        Candidate("kutuphane", 2.5, {"2021": 150.0}, theme="kultur"),
    ]
    return Instance(budgets={"2021": 800.0, "2022": 700.0}, projects=projects, **kwargs)


def test_every_project_gets_its_reason():
    inst = instance()
    result = solve(inst, time_limit=5)
    assert sorted(result.selected) == ["kutuphane", "metro", "park"]
    why = {e.project: e for e in explain(inst, result.selected)}
    assert why["metro"].selected and why["metro"].reason == "in" and why["metro"].years == ("2021", "2022")
    assert (why["tramvay"].reason, why["tramvay"].other) == ("alternative", "metro")
    assert (why["durak"].reason, why["durak"].other) == ("requires", "tramvay")
    assert why["arsiv"].reason == "budget" and why["arsiv"].years == ("2022",)
    assert why["arsiv"].other == ""  # everything spending in 2022 brings more per lira
    assert why["metro"].per_lira == 14.0 / 900.0 * 1_000_000
    assert [why[p].rank for p in ("durak", "kutuphane", "tramvay", "metro", "park", "arsiv")] == [1, 2, 3, 4, 5, 6]
    nothing = Instance({"2021": 100.0}, [Candidate("bos", 0.0, {"2021": 10.0})])
    assert explain(nothing, [])[0].reason == "no_value"
    roomy = Instance({"2021": 100.0}, [Candidate("a", 1.0, {"2021": 10.0})])
    assert explain(roomy, [])[0].reason == "combination"  # it fits: something else kept it out


def test_a_cheaper_better_project_names_what_displaced_it():
    inst = Instance(
        budgets={"2021": 1000.0},
        projects=[
            Candidate("buyuk", 10.0, {"2021": 900.0}),
            Candidate("kucuk", 3.0, {"2021": 200.0}),
        ],
    )
    result = solve(inst, time_limit=5)
    assert result.selected == ["buyuk"]
    [_, small] = explain(inst, result.selected)
    assert (small.reason, small.years, small.other) == ("budget", ("2021",), "buyuk")


def test_theme_max_and_the_waterline():
    inst = instance(max_per_theme={"kultur": 0})
    result = solve(inst, time_limit=5)
    why = {e.project: e for e in explain(inst, result.selected)}
    assert why["kutuphane"].reason == "theme_max"
    rows = waterline(inst, result.selected)
    assert [r.project for r in rows][:3] == ["durak", "kutuphane", "tramvay"]  # 20, 16.7, 16 per million lira
    assert all(a.per_lira >= b.per_lira for a, b in pairwise(rows))
    assert rows[-1].cumulative == sum(sum(p.costs.values()) for p in inst.projects)
    above = [r.above for r in rows]
    assert above == sorted(above, reverse=True) and any(above) and not all(above)
    assert math.isinf(explain(Instance({"2021": 1.0}, [Candidate("x", 1.0, {"2021": 0.0})]), ["x"])[0].per_lira)


def test_district_limits_hold_and_are_explained():
    from ortakakil.portfolio.rules.milp import PortfolioInfeasible

    projects = [
        Candidate("a", 5.0, {"2021": 100.0}, district="Çankaya"),
        Candidate("b", 4.0, {"2021": 100.0}, district="Çankaya"),
        Candidate("c", 1.0, {"2021": 100.0}, district="Mamak"),
    ]
    roomy = {"2021": 1000.0}
    capped = Instance(roomy, projects, max_per_district={"Çankaya": 1})
    result = solve(capped, time_limit=5)
    assert sorted(result.selected) == ["a", "c"]
    why = {e.project: e.reason for e in explain(capped, result.selected)}
    assert why["b"] == "district_max"
    tight = Instance({"2021": 200.0}, projects, min_per_district={"Mamak": 1})
    assert "c" in solve(tight, time_limit=5).selected
    import pytest

    with pytest.raises(PortfolioInfeasible) as caught:
        solve(Instance(roomy, projects, min_per_district={"Mamak": 2}), time_limit=5)
    assert caught.value.where == "min_per_district['Mamak']" and "ilçede" in caught.value.message
