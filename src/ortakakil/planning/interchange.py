"""The plan interchange format: read, check and tidy a strategic plan as JSON (docs/plan-interchange.md).

Pure: no Django import, so ``ortakakil plan validate`` and ``plan evaluate`` run without a
database and the rules are tested fast. Every problem is one Turkish line that starts with the
code of the item it concerns, the way staff and the checker read it.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ortakakil.core.text import control_characters, visible

PLAN_YEARS = 5
"""A strategic plan covers five years."""

DIRECTIONS = ("increase", "decrease")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
PERIOD_RE = re.compile(r"^(\d{4})(?:-H1)?$")
WEIGHT_TOLERANCE = 1e-6
MAX_TEXT = 4000
LIMITS = {
    # The longest text each field takes (the database's columns); anything longer is refused.
    "plan.title": 300,
    "title": 500,
    "responsible_unit": 200,
    "unit": 40,
    "monitoring": 40,
    "reporting": 40,
    "data_source": 300,
    "cooperating_units": 200,
}
MAX_ITEMS = 2000
"""Upper bound for every list in a plan (aims, goals, indicators, risks …): a plan is read whole."""

PLAN_KEYS = frozenset(
    {"process", "title", "period", "mission", "vision", "values", "aims", "organisation", "version", "analysis"}
)
AIM_KEYS = frozenset({"code", "title", "weight", "goals", "sources"})
GOAL_KEYS = frozenset(
    {
        "code",
        "title",
        "weight",
        "responsible_unit",
        "cooperating_units",
        "themes",
        "risks",
        "controls",
        "strategies",
        "activities",
        "costs",
        "findings",
        "needs",
        "sources",
        "indicators",
    }
)
INDICATOR_KEYS = frozenset(
    {
        "code",
        "title",
        "unit",
        "direction",
        "weight",
        "baseline",
        "targets",
        "monitoring",
        "reporting",
        "cumulative",
        "data_source",
        "description",
        "actuals",
    }
)
GOAL_LISTS = ("cooperating_units", "themes", "risks", "controls", "strategies", "activities", "findings", "needs")
INDICATOR_TEXTS = ("unit", "monitoring", "reporting", "data_source", "description")
SOURCE_KINDS = ("proposal", "workshop_idea", "survey_answer", "statement")
ANALYSIS_SECTIONS = ("history", "evaluation", "mandate", "policy", "activity", "internal", "pestle", "swot")
FINDING_SECTIONS = (*ANALYSIS_SECTIONS, "stakeholder", "participation")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan: ``where`` is the item's code (or the path to it)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class PlanFormatError(ValueError):
    """The text is not a plan at all (malformed JSON); ``line`` and ``column`` say where."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def loads(text: str) -> Any:
    """Parse ``text`` as JSON, refusing NaN/Infinity and duplicate keys, with a Turkish error."""

    def no_constants(name: str) -> Any:
        raise PlanFormatError(f"JSON'da {name} kullanılamaz; sayı yazın.")

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise PlanFormatError(f"“{key}” anahtarı aynı nesnede iki kez yazılmış.")
            out[key] = value
        return out

    try:
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as error:
        raise PlanFormatError(f"JSON okunamadı: {_json_reason(error.msg)}", error.lineno, error.colno) from None
    except RecursionError:
        raise PlanFormatError("JSON çok derin iç içe geçmiş.") from None


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": "bir değer bekleniyordu",
        "Expecting property name enclosed in double quotes": "çift tırnak içinde bir anahtar bekleniyordu",
        "Expecting ',' delimiter": "virgül bekleniyordu",
        "Expecting ':' delimiter": "iki nokta üst üste bekleniyordu",
        "Extra data": "nesne bittikten sonra fazladan metin var",
        "Unterminated string starting at": "kapanmamış bir metin var",
        "Invalid control character at": "metinde izin verilmeyen bir denetim karakteri var",
    }
    for english, turkish in reasons.items():
        if msg.startswith(english):
            return turkish
    return msg


# --------------------------------------------------------------------------------------------
# Small readers
# --------------------------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def plan_years(data: Mapping[str, Any]) -> list[int]:
    """The plan years of a plan whose period is well-formed ([] otherwise)."""
    period = data.get("period")
    if not isinstance(period, Mapping):
        return []
    start, end = period.get("start"), period.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        return []
    if not 1900 <= start <= end <= 2200:
        return []
    return list(range(start, end + 1))


def walk(data: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """Every (aim, goal, indicator) of a plan, skipping what is not shaped as expected."""
    for aim in _dicts(data.get("aims")):
        for goal in _dicts(aim.get("goals")):
            for indicator in _dicts(goal.get("indicators")):
                yield aim, goal, indicator


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _code(item: Mapping[str, Any], fallback: str) -> str:
    code = item.get("code")
    return code.strip() if isinstance(code, str) and code.strip() else fallback


def fmt(value: float) -> str:
    """A number the way Turkish readers write it in a message: 1.5 → "1,5", 100.0 → "100"."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(
        self, where: str, item: Mapping[str, Any], key: str, label: str, *, required: bool, limit: int = 0
    ) -> None:
        value = item.get(key)
        if value is None:
            if required:
                self.add(where, f"{label} eksik.")
            return
        limit = limit or LIMITS.get(key, MAX_TEXT)
        if not isinstance(value, str):
            self.add(where, f"{label} metin olmalı.")
        elif required and not visible(value).strip():
            self.add(where, f"{label} boş.")
        elif len(value) > limit:
            self.add(where, f"{label} en fazla {limit} karakter olabilir.")
        elif control_characters(value):
            self.add(
                where,
                f"{label} izin verilmeyen denetim karakterleri içeriyor ({', '.join(control_characters(value))}).",
            )

    def texts(self, where: str, item: Mapping[str, Any], key: str, label: str) -> None:
        value = item.get(key)
        if value is None:
            return
        limit = LIMITS.get(key, MAX_TEXT)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, f"{label} bir metin listesi olmalı.")
        elif len(value) > MAX_ITEMS:
            self.add(where, f"{label} en fazla {MAX_ITEMS} öğe içerebilir.")
        elif any(len(v) > limit for v in value):
            self.add(where, f"{label} içindeki her öğe en fazla {limit} karakter olabilir.")
        elif any(control_characters(v) for v in value):
            self.add(where, f"{label} izin verilmeyen denetim karakterleri içeriyor.")

    def list_of_dicts(self, where: str, item: Mapping[str, Any], key: str, label: str) -> list[dict[str, Any]]:
        value = item.get(key)
        if value is None:
            self.add(where, f"{label} eksik.")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add(where, f"{label} bir nesne listesi olmalı.")
            return []
        if len(value) > MAX_ITEMS:
            self.add(where, f"{label} en fazla {MAX_ITEMS} öğe içerebilir.")
            return []
        if not value:
            self.add(where, f"en az bir {label.lower()} olmalı.")
        return value

    def weights(self, where: str, items: list[dict[str, Any]], what: str, *, required: bool) -> None:
        """Weights of ``items`` sum to 100 (all given), or none is given when not ``required``."""
        given = [item.get("weight") for item in items if item.get("weight") is not None]
        if not given and not required:
            return
        bad = [
            _code(item, f"{n}.")
            for n, item in enumerate(items, 1)
            if item.get("weight") is not None and not (is_number(item["weight"]) and 0 <= item["weight"] <= 100)
        ]
        missing = [_code(item, f"{n}.") for n, item in enumerate(items, 1) if item.get("weight") is None]
        for code in bad:
            self.add(code, "ağırlık 0 ile 100 arasında bir sayı olmalı.")
        if missing:
            self.add(
                where, f"{what} ağırlığı eksik: {', '.join(missing)} (ağırlıklar ya hepsine ya hiçbirine verilir)."
            )
        if bad or missing or not items:
            return
        total = sum(float(item["weight"]) for item in items)
        if abs(total - 100) > WEIGHT_TOLERANCE:
            self.add(where, f"{what} ağırlıkları toplamı {fmt(total)}; 100 olmalı.")

    def sources(self, where: str, item: Mapping[str, Any]) -> None:
        value = item.get("sources")
        if value is None:
            return
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            self.add(where, "kaynaklar (sources) bir liste olmalı.")
            return
        for n, source in enumerate(value, 1):
            if not isinstance(source, dict):
                self.add(where, f"{n}. kaynak bir nesne olmalı.")
                continue
            if source.get("kind") not in SOURCE_KINDS:
                self.add(
                    where,
                    f"{n}. kaynağın türü ({source.get('kind')!r}) bilinmiyor; "
                    f"şunlardan biri olmalı: {', '.join(SOURCE_KINDS)}.",
                )
            ident = source.get("id")
            if ident is not None and not (isinstance(ident, int) and not isinstance(ident, bool) and ident > 0):
                self.add(where, f"{n}. kaynağın numarası (id) pozitif bir tam sayı olmalı.")


def validate(data: Any) -> list[Problem]:
    """Every problem of ``data`` as a plan, in reading order ([] when the plan is valid)."""
    check = _Checker()
    if not isinstance(data, dict):
        return [Problem("plan", "dosya bir JSON nesnesi ({…}) olmalı.")]

    process = data.get("process")
    if not isinstance(process, str) or not SLUG_RE.match(process):
        check.add("plan", "“process” süreç kısa adı olmalı (harf, rakam, - ve _; en fazla 80 karakter).")
    check.text("plan", data, "title", "Planın adı (title)", required=True, limit=LIMITS["plan.title"])
    years = plan_years(data)
    if not years:
        check.add("plan", '“period” {"start": yıl, "end": yıl} biçiminde olmalı.')
    elif len(years) != PLAN_YEARS:
        check.add("plan", f"plan dönemi beş yıl olmalı; {years[0]}–{years[-1]} {len(years)} yıl.")
    check.text("plan", data, "mission", "Misyon", required=False)
    check.text("plan", data, "vision", "Vizyon", required=False)
    for key, label in (("mission", "Misyon"), ("vision", "Vizyon")):
        if key not in data:
            check.add("plan", f"{label} ({key}) anahtarı eksik (taslakta boş bırakılabilir).")
    if "values" not in data:
        check.add("plan", "Temel değerler (values) anahtarı eksik.")
    check.texts("plan", data, "values", "Temel değerler")

    seen: dict[str, str] = {}

    def claim(code_value: Any, where: str, what: str) -> str:
        if not isinstance(code_value, str) or not code_value.strip():
            check.add(where, f"{what} kodu eksik.")
            return where
        code = code_value.strip()
        if len(code) > 20:
            check.add(code[:20], f"{what} kodu en fazla 20 karakter olabilir.")
        if code in seen:
            check.add(code, f"kod birden fazla kez kullanılmış ({seen[code]} ve {what}).")
        else:
            seen[code] = what
        return code

    aims = check.list_of_dicts("plan", data, "aims", "Amaç")
    for a, aim in enumerate(aims, 1):
        aim_code = claim(aim.get("code"), f"{a}. amaç", "amaç")
        check.text(aim_code, aim, "title", "Amacın adı", required=True)
        check.sources(aim_code, aim)
        goals = check.list_of_dicts(aim_code, aim, "goals", "Hedef")
        for g, goal in enumerate(goals, 1):
            goal_code = claim(goal.get("code"), f"{aim_code} > {g}. hedef", "hedef")
            _check_goal(check, goal_code, goal, years)
            indicators = check.list_of_dicts(goal_code, goal, "indicators", "Gösterge")
            for i, indicator in enumerate(indicators, 1):
                indicator_code = claim(indicator.get("code"), f"{goal_code} > {i}. gösterge", "gösterge")
                _check_indicator(check, indicator_code, indicator, years)
            if indicators:
                check.weights(goal_code, indicators, "göstergelerin", required=True)
        if goals:
            check.weights(aim_code, goals, "hedeflerin", required=False)
    if aims:
        check.weights("plan", aims, "amaçların", required=False)
    _check_analysis(check, data.get("analysis"))
    return check.problems


def _check_goal(check: _Checker, code: str, goal: Mapping[str, Any], years: list[int]) -> None:
    check.text(code, goal, "title", "Hedefin adı", required=True)
    check.text(code, goal, "responsible_unit", "Sorumlu birim", required=False)
    for key in GOAL_LISTS:
        check.texts(code, goal, key, _GOAL_LABELS[key])
    check.sources(code, goal)
    costs = goal.get("costs")
    if costs is None:
        return
    if not isinstance(costs, dict):
        check.add(code, 'maliyet tahmini (costs) {"yıl": tutar} biçiminde olmalı.')
        return
    for year, amount in costs.items():
        if years and year not in {str(y) for y in years}:
            check.add(code, f"maliyet tahmininde “{year}” plan döneminin bir yılı değil.")
        elif not is_number(amount) or amount < 0:
            check.add(code, f"{year} yılı maliyet tahmini negatif olmayan bir sayı olmalı.")


_GOAL_LABELS = {
    "cooperating_units": "İşbirliği yapılacak birimler",
    "themes": "Temalar",
    "risks": "Riskler",
    "controls": "Kontrol faaliyetleri",
    "strategies": "Stratejiler",
    "activities": "Faaliyet ve projeler",
    "findings": "Tespitler",
    "needs": "İhtiyaçlar",
}


def _check_indicator(check: _Checker, code: str, indicator: Mapping[str, Any], years: list[int]) -> None:
    check.text(code, indicator, "title", "Göstergenin adı", required=True)
    for key in INDICATOR_TEXTS:
        check.text(code, indicator, key, key, required=False)
    direction = indicator.get("direction")
    if direction not in DIRECTIONS:
        check.add(code, "yön (direction) “increase” (artış) ya da “decrease” (azalış) olmalı.")
    if "cumulative" in indicator and not isinstance(indicator["cumulative"], bool):
        check.add(code, "kümülatif (cumulative) true ya da false olmalı.")
    baseline = indicator.get("baseline")
    if baseline is None:
        check.add(code, "plan dönemi başlangıç değeri (baseline) eksik.")
    elif not is_number(baseline):
        check.add(
            code, f"başlangıç değeri (baseline) bir sayı olmalı, {json.dumps(baseline, ensure_ascii=False)} değil."
        )
    targets = indicator.get("targets")
    if not isinstance(targets, dict):
        check.add(code, 'yıllık hedefler (targets) {"yıl": değer} biçiminde olmalı.')
        return
    wanted = [str(y) for y in years]
    for year in wanted:
        if year not in targets or targets[year] is None:
            check.add(code, f"{year} yılı hedefi eksik.")
        elif not is_number(targets[year]):
            check.add(
                code, f"{year} yılı hedefi bir sayı olmalı, {json.dumps(targets[year], ensure_ascii=False)} değil."
            )
    for year in targets:
        if wanted and year not in wanted:
            check.add(code, f"hedeflerde “{year}” plan döneminin bir yılı değil.")
    series = [(y, targets[y]) for y in wanted if is_number(targets.get(y))]
    for (year_a, a), (year_b, b) in itertools.pairwise(series):
        if direction == "decrease" and b > a:
            check.add(
                code, f"azalması beklenen göstergenin hedefi {year_a}–{year_b} arasında artıyor ({fmt(a)} → {fmt(b)})."
            )
        if direction == "increase" and b < a:
            check.add(
                code, f"artması beklenen göstergenin hedefi {year_a}–{year_b} arasında azalıyor ({fmt(a)} → {fmt(b)})."
            )
    actuals = indicator.get("actuals")
    if actuals is None:
        return
    if not isinstance(actuals, dict):
        check.add(code, 'gerçekleşmeler (actuals) {"dönem": değer} biçiminde olmalı.')
        return
    for period, value in actuals.items():
        match = PERIOD_RE.match(period)
        if not match or (years and int(match.group(1)) not in years):
            check.add(code, f"gerçekleşmelerde “{period}” plan döneminin bir dönemi değil (YYYY ya da YYYY-H1).")
        elif value is not None and not is_number(value):
            check.add(code, f"{period} gerçekleşmesi bir sayı olmalı.")


def _check_analysis(check: _Checker, analysis: Any) -> None:
    if analysis is None:
        return
    if not isinstance(analysis, dict):
        check.add("analysis", "durum analizi (analysis) bir nesne olmalı.")
        return
    sections = analysis.get("sections", [])
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        check.add("analysis", "“sections” bir nesne listesi olmalı.")
        sections = []
    for section in sections:
        key = section.get("section")
        if key not in ANALYSIS_SECTIONS:
            check.add("analysis", f"bölüm “{key}” bilinmiyor; şunlardan biri olmalı: {', '.join(ANALYSIS_SECTIONS)}.")
            continue
        items = section.get("items", [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items) or len(items) > MAX_ITEMS:
            check.add(f"analysis.{key}", "“items” bir nesne listesi olmalı.")
            continue
        for n, item in enumerate(items, 1):
            for field in ("title", "detail", "finding", "need", "category"):
                check.text(f"analysis.{key} > {n}.", item, field, field, required=field == "title")
    findings = analysis.get("findings", [])
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings) or len(findings) > MAX_ITEMS:
        check.add("analysis", "“findings” bir nesne listesi olmalı.")
        return
    for n, finding in enumerate(findings, 1):
        if finding.get("section") not in FINDING_SECTIONS:
            check.add(f"analysis.findings > {n}.", f"bölüm “{finding.get('section')}” bilinmiyor.")
        check.text(f"analysis.findings > {n}.", finding, "finding", "Tespit", required=True)
        check.text(f"analysis.findings > {n}.", finding, "need", "İhtiyaç", required=False)


def approval_gaps(data: Mapping[str, Any]) -> list[Problem]:
    """What a valid draft still lacks before it can be submitted to the council (goal cards complete)."""
    gaps: list[Problem] = []
    for key, label in (("mission", "Misyon"), ("vision", "Vizyon")):
        if not str(data.get(key) or "").strip():
            gaps.append(Problem("plan", f"{label} yazılmadı."))
    if not data.get("values"):
        gaps.append(Problem("plan", "Temel değerler yazılmadı."))
    years = [str(y) for y in plan_years(data)]
    for aim in _dicts(data.get("aims")):
        for goal in _dicts(aim.get("goals")):
            code = _code(goal, "?")
            if not str(goal.get("responsible_unit") or "").strip():
                gaps.append(Problem(code, "sorumlu birim seçilmedi."))
            if not goal.get("risks"):
                gaps.append(Problem(code, "en az bir risk yazılmalı."))
            if not goal.get("strategies"):
                gaps.append(Problem(code, "en az bir strateji yazılmalı."))
            costs = goal.get("costs") or {}
            missing = [y for y in years if y not in costs]
            if missing:
                gaps.append(Problem(code, f"maliyet tahmini eksik: {', '.join(missing)}."))
    return gaps


def unknown_keys(data: Mapping[str, Any]) -> list[str]:
    """Where ``data`` carries keys the platform does not know (they are kept, and named)."""
    found = [f"plan.{key}" for key in data if key not in PLAN_KEYS]
    for aim in _dicts(data.get("aims")):
        found += [f"{_code(aim, '?')}.{key}" for key in aim if key not in AIM_KEYS]
        for goal in _dicts(aim.get("goals")):
            found += [f"{_code(goal, '?')}.{key}" for key in goal if key not in GOAL_KEYS]
            for indicator in _dicts(goal.get("indicators")):
                found += [f"{_code(indicator, '?')}.{key}" for key in indicator if key not in INDICATOR_KEYS]
    return found


def extra_of(item: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The keys of ``item`` outside ``known``, kept as they are."""
    return {key: value for key, value in item.items() if key not in known}


# --------------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a plan."""

    where: str
    """The item's code (``plan`` for the plan's own texts)."""
    field: str
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


def _items(data: Mapping[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    items: dict[str, tuple[str, dict[str, Any]]] = {}
    for aim in _dicts(data.get("aims")):
        items[_code(aim, "?")] = ("aim", {k: v for k, v in aim.items() if k != "goals"})
        for goal in _dicts(aim.get("goals")):
            items[_code(goal, "?")] = (
                "goal",
                {k: v for k, v in goal.items() if k != "indicators"} | {"aim": _code(aim, "?")},
            )
            for indicator in _dicts(goal.get("indicators")):
                items[_code(indicator, "?")] = ("indicator", dict(indicator) | {"goal": _code(goal, "?")})
    return items


IGNORED_IN_DIFF = frozenset({"version", "organisation", "actuals"})


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """What changed from ``before`` to ``after``: plan texts, then items by code (added, removed, fields)."""
    changes: list[Change] = []
    for key in ("title", "mission", "vision", "values", "period"):
        if before.get(key) != after.get(key):
            changes.append(Change("plan", key, before.get(key), after.get(key)))
    old, new = _items(before), _items(after)
    for code in [*old, *(c for c in new if c not in old)]:
        if code not in new:
            changes.append(Change(code, "", old[code][1].get("title"), None))
        elif code not in old:
            changes.append(Change(code, "", None, new[code][1].get("title")))
        else:
            a, b = old[code][1], new[code][1]
            for key in [*a, *(k for k in b if k not in a)]:
                if key in IGNORED_IN_DIFF or a.get(key) == b.get(key):
                    continue
                changes.append(Change(code, key, a.get(key), b.get(key)))
    return changes


def locked_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Problem]:
    """An update (güncelleme) keeps the mission, the vision and the aims (the regulation):
    the changes of ``after`` that touch them."""
    problems = []
    for key, label in (("mission", "Misyon"), ("vision", "Vizyon")):
        if (before.get(key) or "") != (after.get(key) or ""):
            problems.append(Problem("plan", f"{label} güncellemede değiştirilemez."))
    old = {_code(a, "?"): a.get("title") for a in _dicts(before.get("aims"))}
    new = {_code(a, "?"): a.get("title") for a in _dicts(after.get("aims"))}
    for code in old.keys() | new.keys():
        if old.get(code) != new.get(code):
            problems.append(Problem(code, "amaçlar güncellemede eklenemez, silinemez ve değiştirilemez."))
    return sorted(problems, key=lambda p: p.where)
