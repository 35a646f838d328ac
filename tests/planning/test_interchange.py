"""The plan interchange rules (pure: no database)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ortakakil.planning import interchange

PLAN = json.loads((Path(__file__).parent / "data" / "plan.json").read_text(encoding="utf-8"))


def problems(data):
    return [str(p) for p in interchange.validate(data)]


def plan():
    return copy.deepcopy(PLAN)


def indicator(data, code):
    return next(i for _a, _g, i in interchange.walk(data) if i["code"] == code)


def goal(data, code):
    return next(g for a in data["aims"] for g in a["goals"] if g["code"] == code)


def test_the_fixture_plan_is_valid_and_complete():
    assert problems(PLAN) == []
    assert interchange.approval_gaps(PLAN) == []
    assert interchange.unknown_keys(PLAN) == []


def test_indicator_weights_must_sum_to_100_naming_the_goal():
    data = plan()
    indicator(data, "PG1.1.1")["weight"] = 50
    assert problems(data) == ["H1.1: göstergelerin ağırlıkları toplamı 90; 100 olmalı."]


def test_a_missing_yearly_target_names_the_indicator_and_year():
    data = plan()
    del indicator(data, "PG2.1.2")["targets"]["2028"]
    assert problems(data) == ["PG2.1.2: 2028 yılı hedefi eksik."]


def test_a_decreasing_indicator_whose_targets_rise():
    data = plan()
    indicator(data, "PG1.1.2")["targets"]["2027"] = 12.5
    assert problems(data) == ["PG1.1.2: azalması beklenen göstergenin hedefi 2026–2027 arasında artıyor (12 → 12,5)."]


def test_an_increasing_indicator_whose_targets_fall():
    data = plan()
    indicator(data, "PG1.2.1")["targets"]["2029"] = 75
    assert problems(data) == ["PG1.2.1: artması beklenen göstergenin hedefi 2028–2029 arasında azalıyor (80 → 75)."]


def test_duplicate_codes_anywhere_in_the_plan():
    data = plan()
    indicator(data, "PG2.1.2")["code"] = "PG1.1.1"
    found = problems(data)
    assert any(p.startswith("PG1.1.1: kod birden fazla kez kullanılmış") for p in found)


@pytest.mark.parametrize("value", ["120", True, None, [1]])
def test_non_numeric_baseline(value):
    data = plan()
    indicator(data, "PG1.2.1")["baseline"] = value
    [problem] = problems(data)
    assert problem.startswith("PG1.2.1: ") and "başlangıç değeri" in problem


def test_non_numeric_target_and_unknown_direction():
    data = plan()
    indicator(data, "PG1.2.1")["targets"]["2026"] = "altmış"
    indicator(data, "PG1.2.1")["direction"] = "up"
    found = problems(data)
    assert 'PG1.2.1: 2026 yılı hedefi bir sayı olmalı, "altmış" değil.' in found
    assert any(p.startswith("PG1.2.1: yön (direction)") for p in found)


def test_aim_and_goal_weights_are_all_or_none_and_sum_to_100():
    data = plan()
    del data["aims"][1]["weight"]
    assert problems(data) == ["plan: amaçların ağırlığı eksik: A2 (ağırlıklar ya hepsine ya hiçbirine verilir)."]
    data = plan()
    goal(data, "H1.2")["weight"] = 20
    assert problems(data) == ["A1: hedeflerin ağırlıkları toplamı 90; 100 olmalı."]
    data = plan()
    for aim in data["aims"]:
        del aim["weight"]
    assert problems(data) == []


def test_period_must_be_five_years_and_targets_inside_it():
    data = plan()
    data["period"]["end"] = 2030
    found = problems(data)
    assert found[0] == "plan: plan dönemi beş yıl olmalı; 2025–2030 6 yıl."
    data = plan()
    indicator(data, "PG1.2.1")["targets"]["2031"] = 100
    assert problems(data) == ["PG1.2.1: hedeflerde “2031” plan döneminin bir yılı değil."]


def test_actuals_name_periods_of_the_plan():
    data = plan()
    indicator(data, "PG1.1.1")["actuals"]["2026-H2"] = 3
    indicator(data, "PG1.1.1")["actuals"]["2030"] = 3
    assert len(problems(data)) == 2


def test_not_an_object_and_missing_lists():
    assert problems([]) == ["plan: dosya bir JSON nesnesi ({…}) olmalı."]
    data = plan()
    data["aims"][0]["goals"][0]["indicators"] = []
    assert "H1.1: en az bir gösterge olmalı." in problems(data)


def test_malformed_json_says_where_in_turkish():
    with pytest.raises(interchange.PlanFormatError) as error:
        interchange.loads('{"process": "x",\n "title": }')
    assert (error.value.line, error.value.column) == (2, 11)
    assert "bir değer bekleniyordu" in str(error.value)
    with pytest.raises(interchange.PlanFormatError):
        interchange.loads('{"a": NaN}')
    with pytest.raises(interchange.PlanFormatError, match="iki kez"):
        interchange.loads('{"a": 1, "a": 2}')


def test_unknown_keys_are_named_and_kept():
    data = plan()
    data["aims"][0]["goals"][0]["budget_programme"] = "P1"
    data["owner"] = "SGD"
    assert interchange.unknown_keys(data) == ["plan.owner", "H1.1.budget_programme"]
    assert interchange.extra_of(data["aims"][0]["goals"][0], interchange.GOAL_KEYS) == {"budget_programme": "P1"}
    assert problems(data) == []


def test_approval_gaps_name_what_a_goal_card_lacks():
    data = plan()
    data["mission"] = " "
    goal(data, "H1.2")["responsible_unit"] = ""
    goal(data, "H2.1")["risks"] = []
    del goal(data, "H2.1")["costs"]["2029"]
    assert [str(p) for p in interchange.approval_gaps(data)] == [
        "plan: Misyon yazılmadı.",
        "H1.2: sorumlu birim seçilmedi.",
        "H2.1: en az bir risk yazılmalı.",
        "H2.1: maliyet tahmini eksik: 2029.",
    ]


def test_diff_and_locked_changes_of_an_update():
    after = plan()
    indicator(after, "PG1.2.1")["targets"]["2029"] = 95
    goal(after, "H2.1")["title"] = "Atıkları azaltmak"
    assert [(c.where, c.field, c.kind) for c in interchange.diff(PLAN, after)] == [
        ("PG1.2.1", "targets", "changed"),
        ("H2.1", "title", "changed"),
    ]
    assert interchange.locked_changes(PLAN, after) == []
    after["vision"] = "Başka bir vizyon"
    after["aims"][1]["title"] = "Başka bir amaç"
    assert [str(p) for p in interchange.locked_changes(PLAN, after)] == [
        "A2: amaçlar güncellemede eklenemez, silinemez ve değiştirilemez.",
        "plan: Vizyon güncellemede değiştirilemez.",
    ]


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6))
def test_weights_check_agrees_with_the_sum(weights):
    data = plan()
    g = goal(data, "H1.2")
    template = g["indicators"][0]
    g["indicators"] = [dict(template, code=f"PG1.2.{n}", weight=w) for n, w in enumerate(weights, 1)]
    weight_problems = [p for p in problems(data) if "ağırlıkları toplamı" in p]
    assert bool(weight_problems) == (sum(weights) != 100)


def test_texts_longer_than_their_column_or_with_control_characters_are_refused():
    data = plan()
    goal(data, "H1.2")["title"] = "ş" * 501
    indicator(data, "PG2.1.1")["unit"] = "x" * 41
    indicator(data, "PG2.1.2")["title"] = "Atık\x00miktarı"
    goal(data, "H2.1")["risks"] = ["Bütçe\x1bkısıtı"]
    assert problems(data) == [
        "H1.2: Hedefin adı en fazla 500 karakter olabilir.",
        "H2.1: Riskler izin verilmeyen denetim karakterleri içeriyor.",
        "PG2.1.1: unit en fazla 40 karakter olabilir.",
        "PG2.1.2: Göstergenin adı izin verilmeyen denetim karakterleri içeriyor (U+0000).",
    ]


def test_a_title_of_invisible_characters_is_empty():
    data = plan()
    goal(data, "H1.2")["title"] = "\u200b\u200b\u200b"
    assert problems(data) == ["H1.2: Hedefin adı boş."]
