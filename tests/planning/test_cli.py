"""`ortakakil plan validate|evaluate|import|export` as a user runs them (exit codes, Turkish lines)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ortakakil.planning.models import Plan

DATA = Path(__file__).parent / "data" / "plan.json"


def run(*args, cwd=None):
    """The console script in a fresh process (no database is touched by validate/evaluate)."""
    return subprocess.run(
        [sys.executable, "-m", "ortakakil", "plan", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def write(tmp_path, data, name="plan.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def test_validate_a_valid_plan_exits_0():
    result = run("validate", str(DATA))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "plan geçerli (2 amaç, 3 hedef, 5 gösterge)" in result.stdout


def test_validate_exits_2_with_one_line_per_problem_naming_the_code(tmp_path):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["aims"][0]["goals"][0]["indicators"][0]["weight"] = 10
    del data["aims"][1]["goals"][0]["indicators"][1]["targets"]["2027"]
    result = run("validate", write(tmp_path, data))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        "H1.1: göstergelerin ağırlıkları toplamı 50; 100 olmalı.",
        "PG2.1.2: 2027 yılı hedefi eksik.",
    ]


def test_malformed_json_names_the_file_and_line(tmp_path):
    path = write(tmp_path, '{"process": "x",\n  "aims": [}')
    result = run("validate", path)
    assert result.returncode == 2
    assert f"{path}:2:" in result.stderr and "JSON okunamadı" in result.stderr


def test_evaluate_prints_one_json_object(tmp_path):
    result = run("evaluate", str(DATA), "--period", "2026-H1", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["period"] == "2026-H1"
    assert out["indicators"]["PG1.1.1"] == {"rate": pytest.approx(2 / 3 * 100), "capped": pytest.approx(2 / 3 * 100)}
    assert out["goals"]["H1.1"] is None and out["plan"] is None
    bad = run("evaluate", str(DATA), "--period", "2031", "--json")
    assert bad.returncode == 2 and "plan döneminin" in bad.stderr


def test_import_and_export_round_trip(process, tmp_path, capsys):
    call_command("plan", "import", str(DATA))
    assert "sürüm 1 taslağı yüklendi (2 amaç, 3 hedef, 5 gösterge)" in capsys.readouterr().out
    first = tmp_path / "first.json"
    call_command("plan", "export", process.slug, "--format", "json", "-o", str(first))
    call_command("plan", "import", str(first))
    second = tmp_path / "second.json"
    call_command("plan", "export", process.slug, "--format", "json", "-o", str(second))
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert exported["version"]["status"] == "draft" and Plan.objects.count() == 1


def test_import_of_a_broken_plan_exits_2_and_writes_nothing(process, tmp_path, capsys):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["aims"][0]["goals"][0]["indicators"][1]["direction"] = "yukarı"
    with pytest.raises(SystemExit) as exit_:
        call_command("plan", "import", write(tmp_path, data))
    assert exit_.value.code == 2
    out = capsys.readouterr()
    assert out.out.startswith("PG1.1.2: yön (direction)") and "veritabanında değişiklik yok" in out.err
    assert not Plan.objects.exists()


def test_export_of_an_unknown_process_exits_2(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("plan", "export", "yok", "-o", str(tmp_path / "x.json"))
    assert exit_.value.code == 2 and "süreç yok" in capsys.readouterr().err
