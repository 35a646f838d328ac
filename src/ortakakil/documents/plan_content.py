"""What the strategic plan document shows, computed once from plain data for both the DOCX and
the print HTML (``plan_document``).

The structure is the one a municipal council knows, from the Kamu İdareleri İçin Stratejik
Planlama Kılavuzu (3rd edition, 2018) and the Belediyeler İçin Stratejik Planlama Rehberi (2019):
cover, table of contents, foreword (sunuş), 1 the preparation process, 2 the situation analysis
(2.1 institutional history … 2.8 SWOT, 2.9 findings and needs, one row per analysis), 3 looking
ahead (mission, vision, core values), 4 aims, goals and performance indicators with one goal card
(hedef kartı) per goal, 5 costing, 6 monitoring and evaluation. The optional differentiation
strategy (farklılaşma stratejisi) is left out. Each goal card also lists its contribution sources
(katkı kaynakları): the proposals, workshop ideas and survey answers the goal answers, so a reader
can follow an idea into the plan.

The input is plain data, never models: ``plan`` is the plan interchange dict
(``docs/plan-interchange.md``, with the ``organisation``, ``version`` and ``analysis`` an export
adds) and ``extras`` what the interchange does not carry (foreword, preparation programme, board,
participation figures, stakeholders, SWOT counts, monitoring text). Any key may be missing: a
missing section says so («Bu bölüm henüz doldurulmadı.») and keeps its number. Texts are computed
in the active language (the callers render in Turkish); numbers in the Turkish way (1.234,5;
1.500.000 TL).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core.text import turkish_upper
from ortakakil.planning.selectors import KIND_LABELS

#: The situation analysis sections of the interchange (``analysis.sections[].section``), in the
#: guide's order, with their headings.
ANALYSIS_SECTIONS: dict[str, Promise] = {
    "history": gettext_lazy("Institutional history"),
    "mandate": gettext_lazy("Legal mandate analysis"),
    "policy": gettext_lazy("Higher policy documents"),
    "activity": gettext_lazy("Activity areas, products and services"),
    "stakeholders": gettext_lazy("Stakeholder analysis"),
    "internal": gettext_lazy("Internal analysis"),
    "pestle": gettext_lazy("PESTLE analysis"),
    "swot": gettext_lazy("SWOT analysis"),
}

#: Headings of the sections a row of the findings and needs table may come from.
FINDING_SECTIONS: dict[str, Promise] = {
    **ANALYSIS_SECTIONS,
    "evaluation": gettext_lazy("Evaluation of the current plan"),
    "stakeholder": gettext_lazy("Stakeholder analysis"),
    "participation": gettext_lazy("Participation"),
}


_PESTLE_FACTORS: list[tuple[tuple[str, ...], Promise]] = [
    (("p", "political", "politik", "siyasi"), gettext_lazy("Political")),
    (("e", "economic", "ekonomik"), gettext_lazy("Economic")),
    (("s", "social", "sociocultural", "sosyal", "sosyokültürel"), gettext_lazy("Sociocultural")),
    (("t", "t2", "technological", "technology", "teknolojik"), gettext_lazy("Technological")),
    (("l", "legal", "yasal", "hukuki"), gettext_lazy("Legal")),
    (("c", "environmental", "environment", "çevresel", "ekolojik"), gettext_lazy("Environmental")),
]

_INTERNAL_AREAS: dict[str, Promise] = {
    "organisation": gettext_lazy("Organisational structure"),
    "organization": gettext_lazy("Organisational structure"),
    "human_resources": gettext_lazy("Human resources"),
    "hr": gettext_lazy("Human resources"),
    "people": gettext_lazy("Human resources"),
    "culture": gettext_lazy("Organisational culture"),
    "physical": gettext_lazy("Physical resources"),
    "technology": gettext_lazy("Technology and IT infrastructure"),
    "technological": gettext_lazy("Technology and IT infrastructure"),
    "finance": gettext_lazy("Financial resources"),
    "financial": gettext_lazy("Financial resources"),
}

SWOT_QUADRANTS: dict[str, Promise] = {
    "strengths": gettext_lazy("Strengths"),
    "weaknesses": gettext_lazy("Weaknesses"),
    "opportunities": gettext_lazy("Opportunities"),
    "threats": gettext_lazy("Threats"),
}
_SWOT_ALIASES = {
    "g": "strengths",
    "strength": "strengths",
    "güçlü": "strengths",
    "z": "weaknesses",
    "weakness": "weaknesses",
    "zayıf": "weaknesses",
    "f": "opportunities",
    "opportunity": "opportunities",
    "fırsat": "opportunities",
    "t": "threats",
    "threat": "threats",
    "tehdit": "threats",
}

_TASK_STATUSES: dict[str, Promise] = {
    "planned": gettext_lazy("Planned"),
    "in_progress": gettext_lazy("In progress"),
    "done": gettext_lazy("Done"),
    "late": gettext_lazy("Late"),
}

# XML 1.0 (DOCX, XLSX) cannot carry these; an imported plan may.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


# ---------------------------------------------------------------------------------------------
# Numbers and texts
# ---------------------------------------------------------------------------------------------


def format_number(value: Any) -> str:
    """A number in the Turkish way: "." groups thousands, "," before the decimals, at most two
    decimals and no trailing zeros (1234.5 → "1.234,5", 1500000 → "1.500.000"); "—" when missing.
    Text is returned as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        english = f"{value:,}"
    else:
        if not math.isfinite(float(value)):
            return "—"
        number = round(float(value), 2) + 0.0  # no "-0"
        english = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0")
    return english.translate(str.maketrans(",.", ".,"))


def format_money(value: Any) -> str:
    """An amount in Turkish lira: 1500000 → "1.500.000 TL"."""
    text = format_number(value)
    return text if text == "—" else f"{text} TL"


def plain(value: Any) -> str:
    """A value as text for the document: without the control characters XML 1.0 (DOCX, XLSX)
    cannot carry, which an imported plan may hold."""
    if value is None:
        return ""
    return _CONTROL_CHARACTERS.sub("", str(value)).strip()


def plain_list(values: Any) -> list[str]:
    """A list of texts without the empty ones (a lone text counts as a list of one)."""
    if isinstance(values, str):
        values = [values]
    return [text for text in (plain(v) for v in values or []) if text]


def paragraphs(text: Any) -> list[str]:
    """A text typed with blank lines between its paragraphs, as paragraphs."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(plain(text).replace("\r\n", "\n")) if p.strip()]


def _date(value: Any, style: str = "SHORT_DATE_FORMAT") -> str:
    """An ISO date ("2020-02-14") or a date in the Turkish format; other text as it is."""
    if isinstance(value, dt.date):
        return date_format(value, style)
    text = plain(value)
    try:
        return date_format(dt.date.fromisoformat(text), style)
    except ValueError:
        return text


def amount(value: Any) -> float:
    """A cost as a number for sums (0 when missing or not a finite number)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0
    return value


def by_year(values: Any, years: Sequence[int]) -> list[Any]:
    """The values of a ``{"2020": …}`` mapping (targets, costs) for each plan year, None when missing."""
    mapping: Mapping[Any, Any] = values if isinstance(values, Mapping) else {}
    return [mapping.get(str(year), mapping.get(year)) for year in years]


# ---------------------------------------------------------------------------------------------
# What the document shows, computed once for both formats
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A numbered heading: its anchor (the PDF's link target), number, text and level (1 chapter,
    2 section, 3 goal card)."""

    anchor: str
    number: str
    text: str
    level: int

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Source:
    """Katkı kaynağı — a contribution a goal answers; ``url`` only when it is a web address."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: str
    unit: str
    weight: str
    baseline: str
    targets: list[str]
    monitoring: str
    reporting: str


@dataclass(frozen=True)
class GoalCard:
    """Hedef kartı — one goal as the guide lays it out."""

    heading: Heading
    aim_code: str
    aim_title: str
    code: str
    title: str
    indicators: list[IndicatorRow]
    rows_before_cost: list[tuple[str, list[str]]]
    costs: list[str]
    cost_total: str
    rows_after_cost: list[tuple[str, list[str]]]
    sources: list[Source]


@dataclass(frozen=True)
class AimOverview:
    code: str
    title: str
    goals: list[tuple[str, str]]
    sources: list[Source]


@dataclass(frozen=True)
class CostRow:
    kind: str  # "aim", "goal" or "total"
    code: str
    title: str
    costs: list[str]
    total: str


@dataclass(frozen=True)
class Table:
    """A plain table: its column headings and rows of cells (a cell is a text or a list of lines)."""

    headers: list[str]
    rows: Sequence[Sequence[str | list[str]]]

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def line_rows(self) -> list[list[list[str]]]:
        """The rows with every cell as a list of lines (the print template lists several)."""
        return [[cell if isinstance(cell, list) else [cell] if cell else [] for cell in row] for row in self.rows]


@dataclass
class PlanView:
    title: str
    organisation: str
    organisation_upper: str
    period: str
    years: list[int]
    status_lines: list[str]
    running_status: str
    headings: dict[str, Heading]
    toc: list[Heading]
    foreword: list[str]
    preparation: Table
    board: list[str]
    participation: Table
    history: list[tuple[str, list[str]]]
    mandate: Table
    policy: Table
    activity: Table
    stakeholder_table: Table
    stakeholder_summary: str
    internal: Table
    pestle: Table
    swot: list[tuple[str, list[str]]]
    swot_has_counts: bool
    findings: Table
    mission: str
    vision: str
    values: list[str]
    aims: list[AimOverview]
    cards: list[GoalCard]
    costing: list[CostRow]
    monitoring: list[str]
    portfolio: list[CostRow] = field(default_factory=list)
    """The projects of the adopted portfolio (``extras["projects"]``) with their costs per year."""
    card_headings: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


def plan_years(plan: Mapping[str, Any]) -> list[int]:
    """The plan's years, first to last (2020 … 2024); empty when the period is missing."""
    period = plan.get("period")
    start, end = (period.get("start"), period.get("end")) if isinstance(period, Mapping) else (None, None)
    if not isinstance(start, int) or not isinstance(end, int) or end < start or end - start > 20:
        return []
    return list(range(start, end + 1))


def _outline(cards: Iterable[tuple[str, str]]) -> list[Heading]:
    preparation = [
        ("preparation_programme", "1.1", _("Preparation programme")),
        ("preparation_board", "1.2", _("Strategy development board and planning team")),
        ("preparation_participation", "1.3", _("Participation")),
    ]
    analysis = [
        (f"analysis_{key}", f"2.{number}", str(heading))
        for number, (key, heading) in enumerate(ANALYSIS_SECTIONS.items(), start=1)
    ] + [("analysis_findings", "2.9", _("Findings and needs"))]
    headings = [
        Heading("foreword", "", _("Foreword"), 1),
        Heading("preparation", "1.", _("Strategic Plan Preparation Process"), 1),
        *(Heading(anchor, number, text, 2) for anchor, number, text in preparation),
        Heading("analysis", "2.", _("Situation Analysis"), 1),
        *(Heading(anchor, number, text, 2) for anchor, number, text in analysis),
        Heading("future", "3.", _("Looking Ahead"), 1),
        Heading("future_mission", "3.1", _("Mission"), 2),
        Heading("future_vision", "3.2", _("Vision"), 2),
        Heading("future_values", "3.3", _("Core values"), 2),
        Heading("strategy", "4.", _("Strategies: Aims, Goals and Performance Indicators"), 1),
        Heading("strategy_overview", "4.1", _("Aims and goals"), 2),
        Heading("strategy_cards", "4.2", _("Goal cards"), 2),
        *(Heading(anchor, "", text, 3) for anchor, text in cards),
        Heading("costing", "5.", _("Costing"), 1),
        Heading("monitoring", "6.", _("Monitoring and Evaluation"), 1),
    ]
    return headings


def _status_lines(plan: Mapping[str, Any]) -> tuple[list[str], str]:
    """The cover's version lines ("Taslak — sürüm 1", "Meclis kararı: …") and the word the
    running header repeats on every page of a plan the council has not approved."""
    version = plan.get("version") or {}
    if not isinstance(version, Mapping) or not version:
        return [], ""
    number = version.get("number")
    status = version.get("status")
    word = {
        "draft": _("Draft"),
        "submitted": _("Submitted to the council"),
        "approved": _("Approved"),
    }.get(status or "", plain(status))
    lines = []
    if version.get("kind") == "update":
        word = _("%(status)s (update)") % {"status": word}
    if number is not None:
        lines.append(_("%(status)s — version %(number)s") % {"status": word, "number": plain(number)})
    elif word:
        lines.append(word)
    decision = plain(version.get("council_decision"))
    if decision:
        lines.append(_("Council decision: %(decision)s") % {"decision": decision})
    if version.get("approved_at"):
        lines.append(_("Approved on %(date)s") % {"date": _date(version["approved_at"], "DATE_FORMAT")})
    return lines, "" if status == "approved" else word


def _source(item: Any) -> Source | None:
    if not isinstance(item, Mapping):
        return None
    kind = plain(item.get("kind"))
    kind_label = str(KIND_LABELS.get(kind, kind)) or _("Contribution")
    title = plain(item.get("title"))
    identifier = plain(item.get("id"))
    if title:
        label = f"{kind_label}: {title}"
    elif identifier:
        label = f"{kind_label} #{identifier}"
    else:
        label = kind_label
    url = plain(item.get("url"))
    return Source(label, url if url.startswith(("https://", "http://")) else "")


def contribution_sources(items: Any) -> list[Source]:
    return [s for s in (_source(item) for item in items or []) if s is not None]


def _project_line(project: Mapping[str, Any]) -> str:
    total = sum(amount(v) for v in (project.get("costs") or {}).values())
    return f"{plain(project.get('code'))} {plain(project.get('title'))} ({format_money(total)})"


def _card(
    aim: Mapping[str, Any],
    goal: Mapping[str, Any],
    years: list[int],
    anchor: str,
    projects: Sequence[Mapping[str, Any]] = (),
) -> GoalCard:
    code, title = plain(goal.get("code")), plain(goal.get("title"))
    indicators = [
        IndicatorRow(
            code=plain(ind.get("code")),
            title=plain(ind.get("title")),
            unit=plain(ind.get("unit")),
            weight=format_number(ind.get("weight")),
            baseline=format_number(ind.get("baseline")),
            targets=[format_number(v) for v in by_year(ind.get("targets"), years)],
            monitoring=plain(ind.get("monitoring")) or "—",
            reporting=plain(ind.get("reporting")) or "—",
        )
        for ind in goal.get("indicators") or []
        if isinstance(ind, Mapping)
    ]
    costs = by_year(goal.get("costs"), years)
    has_costs = any(c is not None for c in costs)
    unit = plain(goal.get("responsible_unit"))
    return GoalCard(
        heading=Heading(anchor, "", _("Goal card %(code)s: %(title)s") % {"code": code, "title": title}, 3),
        aim_code=plain(aim.get("code")),
        aim_title=plain(aim.get("title")),
        code=code,
        title=title,
        indicators=indicators,
        rows_before_cost=[
            (_("Responsible unit"), [unit] if unit else []),
            (_("Cooperating units"), plain_list(goal.get("cooperating_units"))),
            (_("Risks"), plain_list(goal.get("risks"))),
            (_("Control activities"), plain_list(goal.get("controls"))),
            (_("Strategies"), plain_list(goal.get("strategies"))),
            (
                _("Activities and projects"),
                plain_list(goal.get("activities")) + [_project_line(p) for p in projects if code in p.get("goals", [])],
            ),
        ],
        costs=[format_number(c) for c in costs],
        cost_total=format_money(sum(amount(c) for c in costs)) if has_costs else "—",
        rows_after_cost=[
            (_("Findings"), plain_list(goal.get("findings"))),
            (_("Needs"), plain_list(goal.get("needs"))),
        ],
        sources=contribution_sources(goal.get("sources")),
    )


def _costing(aims: list[Mapping[str, Any]], years: list[int]) -> list[CostRow]:
    """Maliyetlendirme: each aim with the sum of its goals, each goal, and the plan's total."""
    rows: list[CostRow] = []
    grand = [0.0] * len(years)
    for aim in aims:
        goal_rows, aim_sum = [], [0.0] * len(years)
        for goal in aim.get("goals") or []:
            if not isinstance(goal, Mapping):
                continue
            given = by_year(goal.get("costs"), years)
            costs = [amount(c) for c in given]
            aim_sum = [a + c for a, c in zip(aim_sum, costs, strict=True)]
            goal_rows.append(
                CostRow(
                    "goal",
                    plain(goal.get("code")),
                    plain(goal.get("title")),
                    [format_number(c) for c in given],  # "—" where no estimate was given
                    format_number(sum(costs)) if any(c is not None for c in given) else "—",
                )
            )
        grand = [g + a for g, a in zip(grand, aim_sum, strict=True)]
        rows.append(
            CostRow(
                "aim",
                plain(aim.get("code")),
                plain(aim.get("title")),
                [format_number(c) for c in aim_sum],
                format_number(sum(aim_sum)),
            )
        )
        rows.extend(goal_rows)
    rows.append(CostRow("total", "", _("Total"), [format_number(c) for c in grand], format_number(sum(grand))))
    return rows


def _portfolio(projects: Sequence[Mapping[str, Any]], years: list[int]) -> list[CostRow]:
    """Seçilen projeler: each project of the adopted portfolio with the goals it serves, its cost per
    plan year and in total, and the sum of all (empty without an adopted portfolio)."""
    if not projects:
        return []
    rows, grand = [], [0.0] * len(years)
    for project in projects:
        given = by_year(project.get("costs"), years)
        costs = [amount(c) for c in given]
        grand = [g + c for g, c in zip(grand, costs, strict=True)]
        goals = ", ".join(plain(code) for code in project.get("goals") or [])
        title = f"{plain(project.get('title'))} ({goals})" if goals else plain(project.get("title"))
        rows.append(
            CostRow(
                "goal", plain(project.get("code")), title, [format_number(c) for c in given], format_number(sum(costs))
            )
        )
    rows.append(CostRow("total", "", _("Total"), [format_number(c) for c in grand], format_number(sum(grand))))
    return rows


def _analysis_items(plan: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    analysis = plan.get("analysis")
    sections = (analysis.get("sections") or []) if isinstance(analysis, Mapping) else []
    items: dict[str, list[Mapping[str, Any]]] = {}
    for section in sections:
        if isinstance(section, Mapping):
            kind = plain(section.get("section"))
            items.setdefault(kind, []).extend(i for i in section.get("items") or [] if isinstance(i, Mapping))
    return items


def _pestle_factor(category: str) -> tuple[int, str]:
    folded = category.strip().lower()
    for order, (aliases, label) in enumerate(_PESTLE_FACTORS):
        if folded in aliases:
            return order, str(label)
    return len(_PESTLE_FACTORS), category


def _swot(plan_items: list[Mapping[str, Any]], extras: Mapping[str, Any]) -> tuple[list[tuple[str, list[str]]], bool]:
    """The GZFT grid: ``extras['swot']`` (texts with how often they were said) or, without it,
    the SWOT items of the situation analysis."""
    quadrants: dict[str, list[tuple[str, Any]]] = {key: [] for key in SWOT_QUADRANTS}
    given = extras.get("swot") or {}
    if isinstance(given, Mapping) and any(given.get(key) for key in SWOT_QUADRANTS):
        for key in SWOT_QUADRANTS:
            for item in given.get(key) or []:
                if isinstance(item, Mapping) and plain(item.get("text")):
                    quadrants[key].append((plain(item.get("text")), item.get("count")))
    else:
        for item in plan_items:
            key = plain(item.get("category")).lower()
            key = key if key in quadrants else _SWOT_ALIASES.get(key, "")
            if key and plain(item.get("title")):
                quadrants[key].append((plain(item.get("title")), None))
    has_counts = any(count is not None for entries in quadrants.values() for _t, count in entries)
    grid = [
        (
            str(heading),
            [f"{text} ({format_number(count)})" if count is not None else text for text, count in quadrants[key]],
        )
        for key, heading in SWOT_QUADRANTS.items()
    ]
    return grid, has_counts


def _findings(plan: Mapping[str, Any], items: Mapping[str, list[Mapping[str, Any]]]) -> Table:
    """Tespitler ve ihtiyaçlar: one row per analysis, from ``analysis.findings`` or, without it,
    from the findings and needs written on the analysis items."""
    analysis = plan.get("analysis") or {}
    pairs: list[tuple[str, str, str]] = []
    listed = analysis.get("findings") if isinstance(analysis, Mapping) else None
    if listed:
        pairs = [
            (plain(f.get("section")), plain(f.get("finding")), plain(f.get("need")))
            for f in listed
            if isinstance(f, Mapping)
        ]
    else:
        pairs = [
            (kind, plain(item.get("finding")), plain(item.get("need")))
            for kind, section_items in items.items()
            for item in section_items
        ]
    order = list(FINDING_SECTIONS)
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for kind, finding, need in sorted(pairs, key=lambda p: order.index(p[0]) if p[0] in order else len(order)):
        if finding or need:
            found, needed = grouped.setdefault(kind, ([], []))
            if finding and finding not in found:
                found.append(finding)
            if need and need not in needed:
                needed.append(need)
    return Table(
        [_("Analysis"), _("Findings"), _("Needs")],
        [[str(FINDING_SECTIONS.get(kind, kind)), found, needed] for kind, (found, needed) in grouped.items()],
    )


def plan_view(plan: Mapping[str, Any], extras: Mapping[str, Any] | None = None) -> PlanView:
    """Everything the document shows, in the active language, with numbers formatted: the one
    source of both the DOCX and the print HTML."""
    extras = extras or {}
    years = plan_years(plan)
    projects = [p for p in extras.get("projects") or [] if isinstance(p, Mapping)]
    aims = [a for a in plan.get("aims") or [] if isinstance(a, Mapping)]
    cards: list[GoalCard] = []
    overview: list[AimOverview] = []
    for aim in aims:
        goals = [g for g in aim.get("goals") or [] if isinstance(g, Mapping)]
        for goal in goals:
            cards.append(_card(aim, goal, years, f"card-{len(cards) + 1}", projects))
        overview.append(
            AimOverview(
                plain(aim.get("code")),
                plain(aim.get("title")),
                [(plain(g.get("code")), plain(g.get("title"))) for g in goals],
                contribution_sources(aim.get("sources")),
            )
        )
    toc = _outline((card.heading.anchor, card.heading.text) for card in cards)
    status_lines, running_status = _status_lines(plan)
    items = _analysis_items(plan)

    preparation = Table(
        [_("Activity"), _("Responsible unit"), _("Start"), _("End"), _("Status")],
        [
            [
                plain(task.get("title")),
                plain(task.get("unit")),
                _date(task.get("start")),
                _date(task.get("end")),
                str(_TASK_STATUSES.get(plain(task.get("status")), plain(task.get("status")))),
            ]
            for task in extras.get("preparation") or []
            if isinstance(task, Mapping)
        ],
    )
    participation_rows = [
        (plain(row.get("label")), row.get("count"))
        for row in extras.get("participation") or []
        if isinstance(row, Mapping)
    ]
    participation = Table(
        [_("Channel"), _("Contributions")],
        [[label, format_number(count)] for label, count in participation_rows]
        + ([[_("Total"), format_number(sum(amount(c) for _l, c in participation_rows))]] if participation_rows else []),
    )

    stakeholder_rows = [
        [plain(s.get("name")), plain(s.get("type")), plain(s.get("priority"))]
        for s in extras.get("stakeholders") or []
        if isinstance(s, Mapping)
    ]
    priorities: dict[str, int] = {}
    for row in stakeholder_rows:
        if row[2]:
            priorities[row[2]] = priorities.get(row[2], 0) + 1
    swot, swot_has_counts = _swot(items.get("swot", []), extras)
    pestle_items = sorted(items.get("pestle", []), key=lambda i: _pestle_factor(plain(i.get("category")))[0])

    def area(item: Mapping[str, Any]) -> str:
        category = plain(item.get("category"))
        return str(_INTERNAL_AREAS.get(category.lower(), category))

    def finding_and_need(item: Mapping[str, Any]) -> list[str]:
        return plain_list([item.get("finding"), item.get("need")])

    return PlanView(
        title=plain(plan.get("title")),
        organisation=plain(plan.get("organisation")),
        organisation_upper=turkish_upper(plain(plan.get("organisation"))),
        period=f"{years[0]}–{years[-1]}" if years else "",
        years=years,
        status_lines=status_lines,
        running_status=running_status,
        headings={h.anchor: h for h in toc},
        toc=toc,
        foreword=paragraphs(extras.get("foreword")),
        preparation=preparation,
        board=plain_list(extras.get("board")),
        participation=participation,
        history=[(plain(i.get("title")), paragraphs(i.get("detail"))) for i in items.get("history", [])],
        mandate=Table(
            [_("Legal obligation"), _("Basis"), _("Findings"), _("Needs")],
            [
                [plain(i.get("title")), plain(i.get("detail")), plain(i.get("finding")), plain(i.get("need"))]
                for i in items.get("mandate", [])
            ],
        ),
        policy=Table(
            [_("Higher policy document"), _("Related section or reference"), _("Findings"), _("Task or need")],
            [
                [plain(i.get("title")), plain(i.get("detail")), plain(i.get("finding")), plain(i.get("need"))]
                for i in items.get("policy", [])
            ],
        ),
        activity=Table(
            [_("Activity area"), _("Products and services"), _("Findings and needs")],
            [[plain(i.get("title")), plain(i.get("detail")), finding_and_need(i)] for i in items.get("activity", [])],
        ),
        stakeholder_table=Table([_("Stakeholder"), _("Type"), _("Priority")], stakeholder_rows),
        stakeholder_summary=(
            _("Stakeholders by priority: %(counts)s")
            % {"counts": ", ".join(f"{label} {format_number(n)}" for label, n in priorities.items())}
            if priorities
            else ""
        ),
        internal=Table(
            [_("Area"), _("Subject"), _("Assessment"), _("Findings and needs")],
            [
                [area(i), plain(i.get("title")), plain(i.get("detail")), finding_and_need(i)]
                for i in items.get("internal", [])
            ],
        ),
        pestle=Table(
            [_("Factor"), _("Subject"), _("Assessment"), _("Findings and needs")],
            [
                [
                    _pestle_factor(plain(i.get("category")))[1],
                    plain(i.get("title")),
                    plain(i.get("detail")),
                    finding_and_need(i),
                ]
                for i in pestle_items
            ],
        ),
        swot=swot,
        swot_has_counts=swot_has_counts,
        findings=_findings(plan, items),
        mission=plain(plan.get("mission")),
        vision=plain(plan.get("vision")),
        values=plain_list(plan.get("values")),
        aims=overview,
        cards=cards,
        costing=_costing(aims, years),
        portfolio=_portfolio(projects, years),
        monitoring=paragraphs(extras.get("monitoring_text")),
        card_headings=[
            _("Performance indicators"),
            _("Effect on the goal (%)"),
            _("Plan period starting value"),
            *(str(year) for year in years),
            _("Monitoring frequency"),
            _("Reporting frequency"),
        ],
        notes={
            "empty": _("This section has not been filled in yet."),
            "participation": _("The plan was prepared with the contributions received through these channels."),
            "stakeholders": _(
                "Each stakeholder's priority follows from its influence and importance: monitor, inform, "
                "protect their interests and involve them, or work together."
            ),
            "swot": _("The figure after an item is how many times it was raised during participation."),
            "cards": _(
                "A goal card shows the goal's performance indicators with their effect on the goal, the "
                "plan period's starting value and the target for every plan year (the last is the "
                "end-of-plan target). Contribution sources are the proposals, workshop ideas and survey "
                "answers the goal answers."
            ),
            "costing": _("Cost estimates of the aims and goals per plan year, in Turkish lira (TL)."),
            "portfolio": _(
                "The projects of the adopted portfolio, with the goals they serve and their costs per plan year (TL)."
            ),
            "monitoring_rule": _(
                "The plan is monitored every six months and evaluated every year: a monitoring report "
                "covers the first six months of each year and an evaluation report the whole year; the "
                "evaluation report is attached to the annual activity report. At the end of the plan "
                "period a plan completion report is prepared."
            ),
            "realisation": _(
                "The realisation rate of an indicator is (C − A) / (B − A) × 100, where A is the plan "
                "period's starting value, B the target of the year and C the value reached; the "
                "realisation of a goal is the sum of its indicators' rates weighted by their effect on "
                "the goal."
            ),
        },
    )
