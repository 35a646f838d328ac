"""``ortakakil pb run`` and ``ortakakil portfolio optimize``: the CLI contracts (no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ortakakil.portfolio.rules import pabulib


def run(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORTAKAKIL_VAR_DIR": str(tmp_path / "var")}
    return subprocess.run(
        [sys.executable, "-m", "ortakakil", *args], capture_output=True, text=True, timeout=300, env=env
    )


def test_pb_run_prints_the_published_greedy_outcome(tmp_path, pabulib_files):
    path = next(p for p in pabulib_files if p.name.startswith("Poland_Warszawa"))
    result = run(tmp_path, "pb", "run", str(path), "--rule", "greedy", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"selected", "cost", "seconds"}
    published = {p.id for p in pabulib.read(path).projects if p.fields["selected"] == "1"}
    assert set(out["selected"]) == published
    assert out["cost"] <= 7147577


def test_pb_run_mes_with_add1(tmp_path, pabulib_files):
    path = next(p for p in pabulib_files if p.name.startswith("Poland_Zabrze"))
    result = run(tmp_path, "pb", "run", str(path), "--rule", "mes", "--completion", "add1", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["selected"] == ["P0076"]
    assert json.loads(result.stdout)["cost"] == 24000


def test_pb_run_refuses_a_broken_file_with_its_line(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;on\nVOTES\nvoter_id;vote\n1;1\n")
    result = run(tmp_path, "pb", "run", str(path), "--rule", "mes", "--json")
    assert result.returncode == 2
    assert f"{path}:6:" in result.stderr
    assert "maliyeti bir sayı değil" in result.stderr
    assert result.stdout == ""


def test_portfolio_optimize_prints_the_portfolio(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "budgets": {"2020": 100, "2021": 100},
                "projects": [
                    {"id": "a", "value": 10, "costs": {"2020": 60}, "theme": "t1"},
                    {"id": "b", "value": 8, "costs": {"2020": 50, "2021": 20}, "requires": ["c"]},
                    {"id": "c", "value": 1, "costs": {"2021": 70}},
                    {"id": "d", "value": 5, "costs": {"2020": 40}, "excludes": ["a"]},
                ],
            }
        )
    )
    result = run(tmp_path, "portfolio", "optimize", str(path), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"selected", "objective", "gap", "seconds"}
    assert sorted(out["selected"]) == ["b", "c", "d"]
    assert out["objective"] == 14
    assert out["gap"] == 0


def test_portfolio_optimize_names_what_cannot_hold(tmp_path):
    path = tmp_path / "p.json"
    data = {
        "budgets": {"2020": 10},
        "projects": [{"id": "a", "value": 1, "costs": {"2020": 5}, "theme": "t"}],
        "min_per_theme": {"t": 2},
    }
    path.write_text(json.dumps(data))
    result = run(tmp_path, "portfolio", "optimize", str(path), "--json")
    assert result.returncode == 2
    assert "min_per_theme['t']" in result.stderr and "yalnızca 1 proje var" in result.stderr
    path.write_text('{"budgets": {"2020": 10},\n "projects": [}')
    result = run(tmp_path, "portfolio", "optimize", str(path), "--json")
    assert result.returncode == 2
    assert f"{path}:2:" in result.stderr
