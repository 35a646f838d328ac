"""The multi-year investment portfolio as a mixed-integer programme (HiGHS through
``scipy.optimize.milp``).

Choose x_i ∈ {0, 1} for each project to maximise Σ value_i·x_i subject to

* each year's budget: Σ cost_{i,y}·x_i ≤ budget_y (a project costs something in every year it runs);
* dependencies: x_i ≤ x_j when project i requires project j;
* mutually exclusive alternatives: x_i + x_j ≤ 1 when i excludes j (either side may say it);
* per theme: min_t ≤ Σ_{i in theme t} x_i ≤ max_t.

The relative optimality gap is HiGHS's own: |best solution − best bound| / |best solution|, so 0
means proven optimal and a positive gap is what the time limit left open. Choosing nothing meets
every constraint but the theme minimums, so an infeasible instance is one whose minimums cannot
hold; :func:`solve` then says which (a minimum above the theme's project count or above its
maximum, or a minimum that cannot hold together with one year's budget, the dependencies, the
exclusions or the maximums, found by solving with one family of constraints at a time), raising
:class:`PortfolioInfeasible`. Messages are in Turkish, like the CLI's.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp


class PortfolioError(ValueError):
    """The instance is malformed (``where`` names the field, e.g. ``projects[3].costs``)."""

    def __init__(self, where: str, message: str) -> None:
        self.where, self.message = where, message
        super().__init__(f"{where}: {message}" if where else message)


class PortfolioInfeasible(PortfolioError):
    """No portfolio meets the constraints; ``where`` names one that cannot hold."""


@dataclass(frozen=True)
class Candidate:
    id: str
    value: float
    costs: Mapping[str, float]
    theme: str = ""
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    district: str = ""


@dataclass(frozen=True)
class Instance:
    budgets: Mapping[str, float]
    projects: Sequence[Candidate]
    min_per_theme: Mapping[str, int] = field(default_factory=dict)
    max_per_theme: Mapping[str, int] = field(default_factory=dict)
    min_per_district: Mapping[str, int] = field(default_factory=dict)
    max_per_district: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    selected: list[str]
    objective: float
    gap: float
    """Relative optimality gap reported by HiGHS (0: proven optimal)."""
    optimal: bool
    seconds: float
    spent: dict[str, float]
    """Each year's spending by the selected projects."""


def _number(value: Any, where: str, *, non_negative: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PortfolioError(where, f"bir sayı olmalı, {value!r} verilmiş.")
    if non_negative and value < 0:
        raise PortfolioError(where, f"negatif olamaz ({value}).")
    return float(value)


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PortfolioError(where, f"negatif olmayan bir tam sayı olmalı, {value!r} verilmiş.")
    return int(value)


def _ids(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str | int) for x in value):
        raise PortfolioError(where, "proje kimliklerinin listesi olmalı.")
    return tuple(str(x) for x in value)


def parse(data: Any) -> Instance:
    """The instance in the JSON object ``data`` (the shape of ``ortakakil portfolio optimize``)."""
    if not isinstance(data, dict):
        raise PortfolioError("", "dosya bir JSON nesnesi olmalı.")
    raw_budgets = data.get("budgets")
    if not isinstance(raw_budgets, dict) or not raw_budgets:
        raise PortfolioError("budgets", 'yıllara göre bütçeler verilmeli, örneğin {"2020": 1000000}.')
    budgets = {str(y): _number(v, f"budgets[{y!r}]", non_negative=True) for y, v in raw_budgets.items()}
    raw_projects = data.get("projects")
    if not isinstance(raw_projects, list) or not raw_projects:
        raise PortfolioError("projects", "en az bir proje verilmeli.")
    projects: list[Candidate] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_projects):
        where = f"projects[{n}]"
        if not isinstance(raw, dict):
            raise PortfolioError(where, "bir JSON nesnesi olmalı.")
        if not isinstance(raw.get("id"), str | int) or str(raw.get("id")) == "":
            raise PortfolioError(f"{where}.id", "proje kimliği verilmeli.")
        pid = str(raw["id"])
        if pid in seen:
            raise PortfolioError(f"{where}.id", f"{pid} kimliği iki kez kullanılmış.")
        seen.add(pid)
        costs = raw.get("costs")
        if not isinstance(costs, dict):
            raise PortfolioError(f"{where}.costs", "yıllara göre maliyetler verilmeli.")
        for year in costs:
            if str(year) not in budgets:
                raise PortfolioError(f"{where}.costs[{year!r}]", f"{year} yılı için bütçe (budgets) verilmemiş.")
        theme = raw.get("theme") or ""
        if not isinstance(theme, str):
            raise PortfolioError(f"{where}.theme", "bir metin olmalı.")
        district = raw.get("district") or ""
        if not isinstance(district, str):
            raise PortfolioError(f"{where}.district", "bir metin olmalı.")
        projects.append(
            Candidate(
                id=pid,
                value=_number(raw.get("value"), f"{where}.value"),
                costs={str(y): _number(c, f"{where}.costs[{y!r}]", non_negative=True) for y, c in costs.items()},
                theme=theme,
                requires=_ids(raw.get("requires"), f"{where}.requires"),
                excludes=_ids(raw.get("excludes"), f"{where}.excludes"),
                district=district,
            )
        )
    for n, p in enumerate(projects):
        for kind, others in (("requires", p.requires), ("excludes", p.excludes)):
            for other in others:
                if other not in seen:
                    raise PortfolioError(f"projects[{n}].{kind}", f"{other} diye bir proje yok.")
                if other == p.id:
                    raise PortfolioError(f"projects[{n}].{kind}", "bir proje kendisine bağlanamaz.")
    limits: dict[str, dict[str, int]] = {}
    for key in ("min_per_theme", "max_per_theme", "min_per_district", "max_per_district"):
        raw_limits = data.get(key) or {}
        if not isinstance(raw_limits, dict):
            raise PortfolioError(key, 'temalara ya da ilçelere göre sayılar olmalı, örneğin {"ulaşım": 2}.')
        limits[key] = {str(t): _count(v, f"{key}[{t!r}]") for t, v in raw_limits.items()}
    return Instance(
        budgets,
        projects,
        limits["min_per_theme"],
        limits["max_per_theme"],
        limits["min_per_district"],
        limits["max_per_district"],
    )


Rows = list[tuple[str, sparse.csr_array, npt.NDArray[np.float64], npt.NDArray[np.float64]]]


def _families(instance: Instance) -> dict[str, Rows]:
    """The constraints by family, each family a list of (name, A, lower, upper) blocks."""
    index = {p.id: i for i, p in enumerate(instance.projects)}
    n = len(instance.projects)
    years = list(instance.budgets)
    families: dict[str, Rows] = {}
    budget_rows: Rows = []
    for year in years:
        costs = np.array([p.costs.get(year, 0.0) for p in instance.projects])
        row = sparse.csr_array(costs.reshape(1, n))
        budget_rows.append((f"budgets[{year!r}]", row, np.array([-np.inf]), np.array([instance.budgets[year]])))
    families["budget"] = budget_rows

    def pairs(kind: str) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for i, p in enumerate(instance.projects):
            for other in getattr(p, kind):
                j = index[other]
                found.add((i, j) if kind == "requires" else (min(i, j), max(i, j)))
        return sorted(found)

    for kind, coef, upper in (("requires", -1.0, 0.0), ("excludes", 1.0, 1.0)):
        found = pairs(kind)
        if found:
            m = len(found)
            rows = np.repeat(np.arange(m), 2)
            cols = np.array([x for pair in found for x in pair])
            vals = np.tile([1.0, coef], m)
            a = sparse.csr_array((vals, (rows, cols)), shape=(m, n))
            families[kind] = [(kind, a, np.full(m, -np.inf), np.full(m, upper))]
        else:
            families[kind] = []
    for key, lower in GROUP_LIMITS:
        rows_: Rows = []
        group = key.split("_per_")[1]
        for name, limit in getattr(instance, key).items():
            member = np.array([1.0 if getattr(p, group) == name else 0.0 for p in instance.projects]).reshape(1, n)
            lo, hi = (float(limit), np.inf) if lower else (-np.inf, float(limit))
            rows_.append((f"{key}[{name!r}]", sparse.csr_array(member), np.array([lo]), np.array([hi])))
        families[key] = rows_
    return families


GROUP_LIMITS = (
    ("max_per_theme", False),
    ("min_per_theme", True),
    ("max_per_district", False),
    ("min_per_district", True),
)
"""The limits on how many projects of a theme or a district, and whether each is a minimum."""


def _run(values: npt.NDArray[np.float64], blocks: Rows, *, time_limit: float, gap: float) -> Any:
    n = values.shape[0]
    constraints = [LinearConstraint(a, lo, hi) for _, a, lo, hi in blocks]
    return milp(
        c=-values,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=constraints or None,
        options={"time_limit": time_limit, "mip_rel_gap": gap, "presolve": True},
    )


def _feasible(values: npt.NDArray[np.float64], blocks: Rows, time_limit: float) -> bool:
    # Feasibility alone: a zero objective stops at the first solution.
    res = _run(np.zeros_like(values), blocks, time_limit=time_limit, gap=1.0)
    return bool(res.status != 2)


def _culprit(instance: Instance, families: dict[str, Rows], values: npt.NDArray[np.float64], time_limit: float) -> None:
    """Raise :class:`PortfolioInfeasible` naming a constraint that cannot hold."""
    for group, word in (("theme", "temada"), ("district", "ilçede")):
        sizes: dict[str, int] = {}
        for p in instance.projects:
            name = getattr(p, group)
            sizes[name] = sizes.get(name, 0) + 1
        highs = getattr(instance, f"max_per_{group}")
        for name, low in getattr(instance, f"min_per_{group}").items():
            available = sizes.get(name, 0) if name else 0
            if low > available:
                raise PortfolioInfeasible(
                    f"min_per_{group}[{name!r}]",
                    f"en az {low} proje isteniyor ama bu {word} yalnızca {available} proje var.",
                )
            high = highs.get(name)
            if high is not None and low > high:
                raise PortfolioInfeasible(
                    f"min_per_{group}[{name!r}]",
                    f"en az {low} proje isteniyor ama max_per_{group} en çok {high} diyor.",
                )
    minimums = families["min_per_theme"] + families["min_per_district"]
    others = [b for fam, blocks in families.items() if fam not in ("min_per_theme", "min_per_district") for b in blocks]
    labels = {
        "requires": "bağımlılıklar (requires)",
        "excludes": "birbirini dışlayan projeler (excludes)",
        "max_per_theme": "tema üst sınırları (max_per_theme)",
        "max_per_district": "ilçe üst sınırları (max_per_district)",
    }
    for block in minimums:
        name = block[0]
        for year_block in families["budget"]:
            if not _feasible(values, [block, year_block], time_limit):
                year = year_block[0]
                raise PortfolioInfeasible(
                    name, f"bu alt sınır {year[9:-2]} yılının bütçesiyle ({year}) birlikte sağlanamıyor."
                )
        for kind, label in labels.items():
            if not _feasible(values, [block, *families[kind]], time_limit):
                raise PortfolioInfeasible(name, f"bu alt sınır {label} ile birlikte sağlanamıyor.")
        if not _feasible(values, [block, *others], time_limit):
            raise PortfolioInfeasible(
                name, "bu alt sınır bütçeler, bağımlılıklar, dışlamalar ve üst sınırlarla birlikte sağlanamıyor."
            )
    # each minimum holds on its own: keep only the minimums needed to make the whole infeasible
    needed = list(minimums)
    for block in list(needed):
        trial = [b for b in needed if b is not block]
        if not _feasible(values, [*others, *trial], time_limit):
            needed = trial
    names = ", ".join(b[0] for b in needed)
    raise PortfolioInfeasible(names, "bu alt sınırlar bütçeler ve diğer kısıtlarla birlikte aynı anda sağlanamıyor.")


def solve(instance: Instance, *, time_limit: float = 10.0, gap: float = 0.0) -> Result:
    """The best portfolio HiGHS finds within ``time_limit`` seconds, stopping early once the
    relative gap is at most ``gap`` (0: prove optimality)."""
    start = time.perf_counter()
    values = np.array([p.value for p in instance.projects], dtype=np.float64)
    families = _families(instance)
    blocks = [b for fam in families.values() for b in fam]
    res = _run(values, blocks, time_limit=time_limit, gap=gap)
    if res.status == 2:
        _culprit(instance, families, values, time_limit)
    if res.x is None:
        raise PortfolioError("", f"çözücü süre sınırında ({time_limit} s) bir çözüm bulamadı: {res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    selected = [instance.projects[i].id for i in chosen.tolist()]
    objective = float(values[chosen].sum())
    reported = getattr(res, "mip_gap", None)
    relative = float(reported) if reported is not None and math.isfinite(reported) else 0.0
    spent = {y: float(sum(instance.projects[i].costs.get(y, 0.0) for i in chosen.tolist())) for y in instance.budgets}
    return Result(
        selected=selected,
        objective=objective,
        gap=max(relative, 0.0),
        optimal=bool(res.status == 0),
        seconds=time.perf_counter() - start,
        spent=spent,
    )
