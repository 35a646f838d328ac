"""Açık veri — the public scoreboard's data as tables: the plan (aims, goals, indicators with their
baselines and targets), the approved values with their rates per period, the realisation of goals,
aims and plan, the contributions the public sees and the surveys' aggregated results.

Nothing personal leaves: no names, e-mail addresses, user ids, network addresses or personal
fields. A contribution keeps its kind, id, theme, title and text (as the public pages show them,
with what ``surveys.privacy.scrub`` finds masked), the author's stakeholder type and the day it
arrived; survey answers are given only as aggregates, and a question answered by fewer than
``SMALL_COUNT`` people is published without its breakdown (small counts could single someone
out). Every column of every table is described in the data dictionary (``DICTIONARY``), in
Turkish and English. ``documents/open_data.py`` writes the tables as a ZIP of CSV and JSON; the
API serves the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ortakakil.planning.models import Indicator, Plan, Source
from ortakakil.planning.selectors import aims_with_goals
from ortakakil.processes import contributions
from ortakakil.processes.models import Process
from ortakakil.surveys.aggregate import aggregate
from ortakakil.surveys.models import Question, Survey
from ortakakil.surveys.privacy import scrub

from . import forecast, realisation, scoreboard, selectors

SMALL_COUNT = 5
"""A survey question answered by fewer people is published without its counts."""


@dataclass(frozen=True)
class Column:
    name: str
    tr: str
    en: str


@dataclass(frozen=True)
class Table:
    name: str
    tr: str
    en: str
    columns: tuple[Column, ...]


def _c(name: str, tr: str, en: str) -> Column:
    return Column(name, tr, en)


TABLES: tuple[Table, ...] = (
    Table(
        "amaclar",
        "Stratejik planın amaçları",
        "The strategic plan's aims",
        (
            _c("plan_surumu", "Planın sürüm numarası", "The plan's version number"),
            _c("amac_kodu", "Amacın kodu (A1 …)", "The aim's code (A1 …)"),
            _c("amac", "Amacın metni", "The aim's text"),
            _c("agirlik", "Planın içindeki ağırlığı (%; boşsa eşit)", "Its weight in the plan (%; empty: equal)"),
        ),
    ),
    Table(
        "hedefler",
        "Amaçların hedefleri",
        "The aims' goals",
        (
            _c("amac_kodu", "Hedefin bağlı olduğu amaç", "The aim the goal belongs to"),
            _c("hedef_kodu", "Hedefin kodu (H1.1 …)", "The goal's code (H1.1 …)"),
            _c("hedef", "Hedefin metni", "The goal's text"),
            _c("agirlik", "Amacın içindeki ağırlığı (%; boşsa eşit)", "Its weight in the aim (%; empty: equal)"),
            _c("sorumlu_birim", "Sorumlu birim", "The responsible unit"),
        ),
    ),
    Table(
        "gostergeler",
        "Hedeflerin performans göstergeleri",
        "The goals' performance indicators",
        (
            _c("hedef_kodu", "Göstergenin bağlı olduğu hedef", "The goal the indicator belongs to"),
            _c("gosterge_kodu", "Göstergenin kodu (PG1.1.1 …)", "The indicator's code (PG1.1.1 …)"),
            _c("gosterge", "Göstergenin adı", "The indicator's name"),
            _c("birim", "Ölçü birimi", "The unit of measure"),
            _c("yon", "İstenen yön: increase (artmalı) ya da decrease (azalmalı)", "Desired direction"),
            _c("agirlik", "Hedefe etkisi (%)", "Its effect on the goal (%)"),
            _c("baslangic", "Başlangıç değeri (plan dönemi başı)", "The baseline (start of the plan period)"),
        ),
    ),
    Table(
        "hedef_degerler",
        "Göstergelerin yıllık hedef değerleri",
        "The indicators' yearly targets",
        (
            _c("gosterge_kodu", "Göstergenin kodu", "The indicator's code"),
            _c("yil", "Plan yılı", "The plan year"),
            _c("hedef", "O yılın sonu için hedef değer", "The target for the end of that year"),
        ),
    ),
    Table(
        "olcumler",
        "Onaylanmış gerçekleşme değerleri ve gerçekleşme oranları",
        "Approved actual values and realisation rates",
        (
            _c("gosterge_kodu", "Göstergenin kodu", "The indicator's code"),
            _c("donem", "Dönem: YYYY-H1 ilk altı ay, YYYY yıl sonu", "Period: YYYY-H1 first half, YYYY year end"),
            _c("gerceklesen", "Onaylanmış gerçekleşme değeri", "The approved actual value"),
            _c("hedef", "Dönemin yılının hedefi", "The target of the period's year"),
            _c(
                "oran",
                "Gerçekleşme oranı (%): (gerçekleşen − başlangıç) / (hedef − başlangıç) × 100, yuvarlanmadan",
                "Realisation rate (%): (actual − baseline) / (target − baseline) × 100, unrounded",
            ),
            _c("sinirli_oran", "0 ile 100 arasına sınırlanmış oran", "The rate capped between 0 and 100"),
        ),
    ),
    Table(
        "gerceklesme",
        "Hedef, amaç ve plan düzeyinde gerçekleşme",
        "Realisation of goals, aims and the plan",
        (
            _c("donem", "Dönem", "Period"),
            _c("duzey", "Düzey: plan, amac ya da hedef", "Level: plan, aim (amac) or goal (hedef)"),
            _c("kod", "Amacın ya da hedefin kodu (planda boş)", "The aim's or goal's code (empty for the plan)"),
            _c(
                "gerceklesme",
                "Gerçekleşme (%); eksik değer varsa boş",
                "Realisation (%); empty when a value is missing",
            ),
            _c("durum", "on_track (≥ %90), attention (%50–90), behind (< %50), no_data", "Status band"),
        ),
    ),
    Table(
        "katkilar",
        "Kamuya açık katkılar (anonim)",
        "Public contributions (anonymous)",
        (
            _c("tur", "Katkının türü: proposal, workshop_idea, statement …", "The contribution's kind"),
            _c(
                "kimlik", "Katkının platformdaki numarası (türün içinde)", "The contribution's number (within its kind)"
            ),
            _c("tema", "Temanın kodu", "The theme's code"),
            _c("baslik", "Başlığı (varsa)", "Its title (if any)"),
            _c("metin", "Metni (kişisel bilgiler maskelenmiş)", "Its text (personal details masked)"),
            _c(
                "paydas_turu",
                "Yazanın paydaş türü: citizen (vatandaş) ya da kurum türü; kişi bilgisi yok",
                "The author's stakeholder type (citizen or an organisation type); nothing about the person",
            ),
            _c("tarih", "Geldiği gün", "The day it arrived"),
            _c(
                "sayilar",
                "Sayıları, ad=sayı biçiminde ; ile ayrılmış: öneride supports (destek) ve comments (yorum), "
                "çalıştay fikrinde dots (nokta oyu), görüş ifadesinde agree/disagree/pass",
                "Its counts as name=number separated by ;: supports and comments of a proposal, dots of a "
                "workshop idea, agree/disagree/pass of a statement",
            ),
            _c("yanitlayan_hedefler", "Bu katkıyı yanıtlayan hedef ve amaç kodları", "The goals and aims answering it"),
        ),
    ),
    Table(
        "anket_sonuclari",
        "Anketlerin toplu sonuçları",
        "The surveys' aggregated results",
        (
            _c("anket", "Anketin kısa adı", "The survey's slug"),
            _c("soru", "Sorunun anahtarı", "The question's key"),
            _c("soru_metni", "Sorunun metni", "The question's text"),
            _c("soru_turu", "single, multiple, likert, ranking", "The question's kind"),
            _c("yanitlayan", "Soruyu yanıtlayan kişi sayısı", "How many people answered the question"),
            _c("secenek", "Seçenek", "The option"),
            _c("sayi", "Seçeneği seçen sayısı (az yanıtta boş)", "How many chose it (empty with few answers)"),
            _c("pay", "Yanıtlayanlar içindeki payı (%)", "Its share among those who answered (%)"),
            _c("puan", "Sıralama sorusunda Borda puanı", "The Borda score of a ranking question"),
            _c(
                "gizlendi",
                f"1: {SMALL_COUNT} kişiden az yanıtladığı için dağılım yayımlanmadı",
                f"1: fewer than {SMALL_COUNT} answered, so the breakdown is withheld",
            ),
        ),
    ),
)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _plan_rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"amaclar": [], "hedefler": [], "gostergeler": [], "hedef_degerler": []}
    for aim in aims_with_goals(plan):
        out["amaclar"].append(
            {"plan_surumu": plan.number, "amac_kodu": aim.code, "amac": aim.title, "agirlik": _number(aim.weight)}
        )
        for goal in aim.goals.all():
            out["hedefler"].append(
                {
                    "amac_kodu": aim.code,
                    "hedef_kodu": goal.code,
                    "hedef": goal.title,
                    "agirlik": _number(goal.weight),
                    "sorumlu_birim": goal.responsible_unit.name if goal.responsible_unit else "",
                }
            )
            for indicator in goal.indicators.all():
                out["gostergeler"].append(
                    {
                        "hedef_kodu": goal.code,
                        "gosterge_kodu": indicator.code,
                        "gosterge": indicator.title,
                        "birim": indicator.unit,
                        "yon": indicator.direction,
                        "agirlik": _number(indicator.weight),
                        "baslangic": _number(indicator.baseline),
                    }
                )
                for year, target in sorted((indicator.targets or {}).items()):
                    out["hedef_degerler"].append(
                        {"gosterge_kodu": indicator.code, "yil": int(year), "hedef": _number(target)}
                    )
    return out


def _value_rows(plan: Plan) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    values: list[dict[str, Any]] = []
    levels: list[dict[str, Any]] = []
    indicators = list(
        Indicator.objects.filter(goal__aim__plan=plan).order_by(
            "goal__aim__position", "goal__position", "position", "pk"
        )
    )
    for period in scoreboard.periods(plan):
        evaluation = selectors.evaluation(plan, period)
        year = str(realisation.period_year(period))
        for indicator in indicators:
            actual = (indicator.actuals or {}).get(period)
            if actual is None:
                continue
            rate = evaluation.indicators.get(indicator.code)
            values.append(
                {
                    "gosterge_kodu": indicator.code,
                    "donem": period,
                    "gerceklesen": _number(actual),
                    "hedef": _number((indicator.targets or {}).get(year)),
                    "oran": rate.rate if rate else None,
                    "sinirli_oran": rate.capped if rate else None,
                }
            )
        rows = [("plan", "", evaluation.plan)]
        rows += [("amac", code, value) for code, value in evaluation.aims.items()]
        rows += [("hedef", code, value) for code, value in evaluation.goals.items()]
        for level, code, value in rows:
            levels.append(
                {
                    "donem": period,
                    "duzey": level,
                    "kod": code,
                    "gerceklesme": value,
                    "durum": scoreboard.status_of(value),
                }
            )
    values.sort(key=lambda row: (row["gosterge_kodu"], forecast.period_time(row["donem"])))
    return values, levels


def _contribution_rows(process: Process, plan: Plan) -> Iterator[dict[str, Any]]:
    answered: dict[tuple[str, int], list[str]] = {}
    for source in Source.objects.filter(plan=plan).select_related("goal", "aim").order_by("pk"):
        owner = source.goal or source.aim
        if owner is not None:
            answered.setdefault((source.kind, source.object_id), []).append(owner.code)
    for item in contributions.read_all(process):
        if not item.is_public:
            continue  # e.g. survey answers: published only as aggregates
        yield {
            "tur": item.kind,
            "kimlik": item.pk,
            "tema": item.theme_code,
            "baslik": scrub(item.title),
            "metin": scrub(item.text),
            "paydas_turu": item.author_type,
            "tarih": item.created_at.date().isoformat(),
            "sayilar": ";".join(f"{key}={int(value)}" for key, value in item.counts.items()),
            "yanitlayan_hedefler": " ".join(sorted(set(answered.get((item.kind, item.pk), [])))),
        }


def _survey_rows(process: Process) -> Iterator[dict[str, Any]]:
    for survey in Survey.objects.filter(process=process).order_by("pk"):
        answers = [
            a
            for a, needs_review in survey.responses.values_list("answers", "needs_review").order_by("pk")
            if not needs_review
        ]
        for question in survey.questions.exclude(kind=Question.Kind.TEXT):
            result = aggregate(question.kind, list(question.options), ((a or {}).get(question.key) for a in answers))
            withheld = result.answered < SMALL_COUNT
            base = {
                "anket": survey.slug,
                "soru": question.key,
                "soru_metni": question.text,
                "soru_turu": question.kind,
                "yanitlayan": result.answered,
            }
            for option in result.options:
                yield base | {
                    "secenek": option.label,
                    "sayi": None if withheld else option.count,
                    "pay": None if withheld else option.share,
                    "puan": None if withheld or question.kind != Question.Kind.RANKING else option.score,
                    "gizlendi": 1 if withheld else 0,
                }


def tables(process: Process, plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Every open-data table of ``plan`` (the scoreboard's approved plan), keyed by table name,
    each row keyed by the columns of ``TABLES``."""
    out = _plan_rows(plan)
    out["olcumler"], out["gerceklesme"] = _value_rows(plan)
    out["katkilar"] = list(_contribution_rows(process, plan))
    out["anket_sonuclari"] = list(_survey_rows(process))
    return out


def dictionary_rows() -> list[dict[str, str]]:
    """The data dictionary: one row per column of every table."""
    return [
        {"dosya": f"{table.name}.csv", "sutun": column.name, "aciklama": column.tr, "description": column.en}
        for table in TABLES
        for column in table.columns
    ]
