"""The strategic plan's monitoring and evaluation reports as DOCX (python-docx) and tagged PDF
(WeasyPrint, from ``templates/monitoring/reports/print.html``).

Three reports, as the regulation (Kamu İdarelerinde Stratejik Planlamaya İlişkin Yönetmelik,
art. 12) and the municipal strategic planning guide lay them out:

* the **monitoring report** (izleme raporu) for the first six months of a year, period
  ``"2025-H1"``;
* the **evaluation report** (değerlendirme raporu) for the whole year, period ``"2025"``, with the
  early warnings (indicators whose trend misses a coming target);
* the **completion report** (tamamlanma raporu) at the end of the plan, period ``"plan"``: every
  year of the plan.

Per aim and goal the guide's goal table (hedef izleme / değerlendirme tablosu): for each
indicator its effect on the goal, the plan-start value (A), the year's target (B), the period's
actual value (C), the realisation rate and the capped rate (``monitoring.realisation``), then the
goal's realisation, the responsible and cooperating units and the evaluation parts (what went
well, deviations and their reasons, what to change), each generated from the numbers and followed
by an empty «Açıklama» for the strategy team. Only approved values count; a value that is missing
is listed with its reason. Charts: each indicator's approved values against its targets and the
goals' realisation bars (``monitoring.charts``), PNG in Word and SVG in the PDF and the page.

Always Turkish, the language of the official record, on A4. Rendered files are cached under the
report's fingerprint (``report_version``: everything the report shows), so that a download does not
wait for WeasyPrint again until a value is approved.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.documents.cache import document_cache
from ortakakil.monitoring import charts, realisation
from ortakakil.monitoring import selectors as monitoring
from ortakakil.monitoring.models import Measurement
from ortakakil.planning.models import Indicator, Plan

from .paper import A4_MM, DOCX_MIME, MARGIN_MM, PDF_MIME

#: Raise when the layout changes, so that a cached file of the old layout is not served.
LAYOUT_VERSION = 2
REPORT_CACHE_SECONDS = 7 * 24 * 3600
FORMATS = {"docx": DOCX_MIME, "pdf": PDF_MIME}
MONITORING, EVALUATION, COMPLETION = "monitoring", "evaluation", "completion"
PLAN_PERIOD = "plan"


class ReportPeriodError(ValueError):
    """A period the plan has no report for (the message is Turkish, for people)."""


# ---------------------------------------------------------------------------------------------
# What the report shows (plain data, fingerprinted)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One indicator in one reported period."""

    period: str
    target: float | None
    actual: float | None
    rate: float | None
    capped: float | None
    reason: str = ""
    """Why there is no rate ("" when there is one)."""


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    title: str
    unit: str
    weight: float
    baseline: float | None
    targets: dict[str, float]
    actuals: dict[str, float]
    """Every approved value of the plan period (the trend chart draws them)."""
    cells: list[Cell]


@dataclass(frozen=True)
class GoalBlock:
    code: str
    title: str
    responsible_unit: str
    cooperating_units: list[str]
    indicators: list[IndicatorLine]
    realisation: list[tuple[str, float | None]]
    went_well: list[str]
    deviations: list[str]
    changes: list[str]


@dataclass(frozen=True)
class AimBlock:
    code: str
    title: str
    realisation: list[tuple[str, float | None]]
    goals: list[GoalBlock]


@dataclass(frozen=True)
class MissingRow:
    goal: str
    indicator: str
    period: str
    reason: str


@dataclass(frozen=True)
class WarningRow:
    indicator: str
    title: str
    year: int
    projection: float
    target: float


@dataclass
class Report:
    kind: str
    period: str
    periods: list[str]
    title: str
    period_label: str
    organisation: str
    process: str
    plan_title: str
    plan_note: str
    aims: list[AimBlock]
    plan_realisation: list[tuple[str, float | None]]
    missing: list[MissingRow]
    warnings: list[WarningRow] = field(default_factory=list)


def plan_years(plan: Plan) -> list[int]:
    """The years some indicator of ``plan`` has a target for."""
    years: set[int] = set()
    for targets in Indicator.objects.filter(goal__aim__plan=plan).values_list("targets", flat=True):
        years.update(int(y) for y in (targets or {}) if str(y).isdigit())
    return sorted(years)


def report_periods(plan: Plan) -> list[str]:
    """The periods a report exists for: each plan year's first six months and its end, then the
    whole plan."""
    return [p for year in plan_years(plan) for p in (f"{year}-H1", str(year))] + [PLAN_PERIOD]


def report_kind(period: str) -> str:
    if period == PLAN_PERIOD:
        return COMPLETION
    return MONITORING if period.endswith("-H1") else EVALUATION


def check_period(plan: Plan, period: str) -> str:
    """``period`` when the plan has a report for it, else ``ReportPeriodError``."""
    if period not in report_periods(plan):
        with translation.override("tr"):
            raise ReportPeriodError(
                _("The plan has no report for period “%(period)s”; choose one of: %(periods)s.")
                % {"period": period[:20], "periods": ", ".join(report_periods(plan))}
            )
    return period


def period_label(period: str) -> str:
    if period == PLAN_PERIOD:
        return _("the whole plan period")
    if period.endswith("-H1"):
        return _("first six months of %(year)s") % {"year": period[:4]}
    return _("year %(year)s") % {"year": period}


def report_title(kind: str) -> str:
    return {
        MONITORING: _("Strategic plan monitoring report"),
        EVALUATION: _("Strategic plan evaluation report"),
        COMPLETION: _("Strategic plan completion report"),
    }[kind]


def _missing_reasons(plan: Plan, periods: list[str]) -> dict[tuple[str, str], str]:
    """Per (indicator code, period) a value that exists but is not approved yet."""
    states: dict[str, str] = {
        Measurement.State.DRAFT: _("a value is entered but not submitted"),
        Measurement.State.SUBMITTED: _("the value awaits the strategy team's approval"),
        Measurement.State.RETURNED: _("the value was returned for correction"),
    }
    rows = Measurement.objects.filter(indicator__goal__aim__plan=plan, period__in=periods).exclude(
        state=Measurement.State.APPROVED
    )
    return {
        (code, period): states[state] for code, period, state in rows.values_list("indicator__code", "period", "state")
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else charts.format_percent(value)


def report_data(plan: Plan, period: str) -> Report:
    """Everything the report of ``plan`` for ``period`` shows (``check_period`` first)."""
    with translation.override("tr"):
        check_period(plan, period)
        kind = report_kind(period)
        periods = [str(y) for y in plan_years(plan)] if kind == COMPLETION else [period]
        evaluations = {p: monitoring.evaluation(plan, p) for p in periods}
        pending = _missing_reasons(plan, periods)
        # What was known at the end of the period: a report of 2021 shows no value of 2022.
        until = None if kind == COMPLETION else period
        suggested = monitoring.suggested_targets(plan, until=until) if kind != MONITORING else {}
        missing: list[MissingRow] = []
        aims: list[AimBlock] = []
        for aim in plan.aims.prefetch_related("goals__indicators", "goals__cooperating_units").select_related():
            goals: list[GoalBlock] = []
            for goal in aim.goals.select_related("responsible_unit").prefetch_related("indicators"):
                lines: list[IndicatorLine] = []
                went_well: list[str] = []
                deviations: list[str] = []
                changes: list[str] = []
                for ind in goal.indicators.all():
                    targets = {str(y): float(v) for y, v in (ind.targets or {}).items() if v is not None}
                    actuals = monitoring.measured(ind, until=until)
                    cells: list[Cell] = []
                    for p in periods:
                        rate = evaluations[p].indicators[ind.code]
                        target = targets.get(str(realisation.period_year(p)))
                        reason = ""
                        if rate.rate is None:
                            if ind.baseline is None or target is None:
                                reason = _("the plan gives no baseline or no target for this year")
                            else:
                                reason = pending.get((ind.code, p), _("no approved value for this period"))
                            missing.append(MissingRow(goal.code, ind.code, p, reason))
                        cells.append(Cell(p, target, actuals.get(p), rate.rate, rate.capped, reason))
                    rated = [cell for cell in cells if cell.rate is not None]
                    latest = rated[-1] if rated else cells[-1]
                    name = f"{ind.code} {ind.title}"
                    words = {"indicator": name, "period": latest.period, "rate": _percent(latest.rate)}
                    if latest.rate is not None and latest.rate >= 100:
                        went_well.append(
                            _("%(indicator)s reached its target (%(period)s: realisation %(rate)s).") % words
                        )
                        if latest.rate > 150:
                            deviations.append(
                                _(
                                    "%(indicator)s went far beyond its target (%(period)s: %(rate)s):"
                                    " the target may not be ambitious enough."
                                )
                                % words
                            )
                    elif latest.rate is not None:
                        deviations.append(
                            _(
                                "%(indicator)s is behind its target"
                                " (%(period)s: realisation %(rate)s, deviation %(gap)s)."
                            )
                            % (words | {"gap": _percent(100 - (latest.capped or 0))})
                        )
                        if ind.code in suggested:
                            changes.append(
                                _("%(indicator)s: targets the trend supports: %(targets)s.")
                                % {
                                    "indicator": ind.code,
                                    "targets": ", ".join(
                                        f"{y}: {charts.format_number(v)}" for y, v in suggested[ind.code].items()
                                    ),
                                }
                            )
                    else:
                        deviations.append(
                            _("%(indicator)s cannot be assessed: %(reason)s.")
                            % {"indicator": name, "reason": latest.reason}
                        )
                    lines.append(
                        IndicatorLine(
                            ind.code,
                            ind.title,
                            ind.unit,
                            float(ind.weight),
                            None if ind.baseline is None else float(ind.baseline),
                            targets,
                            actuals,
                            cells,
                        )
                    )
                goals.append(
                    GoalBlock(
                        goal.code,
                        goal.title,
                        goal.responsible_unit.name if goal.responsible_unit else "",
                        sorted(unit.name for unit in goal.cooperating_units.all()),
                        lines,
                        [(p, evaluations[p].goals.get(goal.code)) for p in periods],
                        went_well,
                        deviations,
                        changes,
                    )
                )
            aims.append(AimBlock(aim.code, aim.title, [(p, evaluations[p].aims.get(aim.code)) for p in periods], goals))
        warnings = []
        if kind == EVALUATION:
            warnings = [
                WarningRow(
                    w.indicator.code, w.indicator.title, w.projection.year, w.projection.value, w.projection.target
                )
                for w in monitoring.projections(plan, until=until)
                if w.projection.misses
            ]
        process = plan.process
        approved = plan.approved_at.strftime("%d.%m.%Y") if plan.approved_at else ""
        return Report(
            kind=kind,
            period=period,
            periods=periods,
            title=report_title(kind),
            period_label=period_label(period),
            organisation=process.organisation.name,
            process=str(process.title),
            plan_title=plan.title,
            plan_note=_("Version %(number)s, adopted by the council on %(date)s (%(decision)s).")
            % {"number": plan.number, "date": approved, "decision": plan.council_decision or "—"},
            aims=aims,
            plan_realisation=[(p, evaluations[p].plan) for p in periods],
            missing=missing,
            warnings=warnings,
        )


def indicator_line(plan: Plan, code: str, *, until: str | None = None) -> IndicatorLine | None:
    """The indicator ``code`` of ``plan`` with its targets and approved values (up to ``until``;
    no periods): what its trend chart draws. None when the plan has no such indicator."""
    ind = Indicator.objects.filter(goal__aim__plan=plan, code=code).first()
    if ind is None:
        return None
    return IndicatorLine(
        ind.code,
        ind.title,
        ind.unit,
        float(ind.weight),
        None if ind.baseline is None else float(ind.baseline),
        {str(y): float(v) for y, v in (ind.targets or {}).items() if v is not None},
        monitoring.measured(ind, until=until),
        [],
    )


def report_version(report: Report) -> str:
    """A fingerprint of everything ``report`` shows; its files are cached under it."""
    text = json.dumps([LAYOUT_VERSION, asdict(report)], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def report_filename(plan: Plan, period: str, extension: str) -> str:
    """``ankara-2025-2029-izleme-raporu-2025-h1.pdf`` (ASCII: every browser and mail client keeps it)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", plan.process.slug).strip("-")
    name = {MONITORING: "izleme-raporu", EVALUATION: "degerlendirme-raporu", COMPLETION: "tamamlanma-raporu"}[
        report_kind(period)
    ]
    suffix = "" if period == PLAN_PERIOD else f"-{period.lower()}"
    return f"{slug}-{name}{suffix}.{extension}"


# ---------------------------------------------------------------------------------------------
# Numbers, labels and charts shared by the layouts
# ---------------------------------------------------------------------------------------------


def number(value: float | None) -> str:
    return "—" if value is None else charts.format_number(value)


def percent(value: float | None) -> str:
    return _percent(value)


def headings() -> dict[str, str]:
    """The goal table's column headings and the evaluation parts, in the guide's words."""
    return {
        "aim": _("Aim"),
        "goal": _("Goal"),
        "indicator": _("Performance indicators"),
        "effect": _("Effect on the goal (%)"),
        "baseline": _("Plan-start value (A)"),
        "target": _("Target of the year (B)"),
        "actual": _("Actual value in the period (C)"),
        "rate": _("Realisation rate (%)"),
        "capped": _("Counted rate (%, 0–100)"),
        "year": _("Year"),
        "goal_rate": _("Realisation of the goal (%)"),
        "aim_rate": _("Realisation of the aim (%)"),
        "responsible": _("Responsible unit"),
        "cooperating": _("Cooperating units"),
        "went_well": _("What went well"),
        "deviations": _("Deviations and their reasons"),
        "changes": _("What to change"),
        "explanation": _("Explanation"),
        "explanation_hint": _("(to be filled in by the strategy team)"),
        "missing": _("Missing values"),
        "warnings": _("Early warning: indicators predicted to miss their target"),
        "projection": _("Projected year-end value"),
        "summary": _("Summary"),
        "plan_rate": _("Realisation of the plan (%)"),
        "formula": _(
            "Realisation rate = (C − A) / (B − A) × 100. The goal's realisation weighs each indicator's rate by its"
            " effect on the goal, counting the rate only between 0 and 100. Only values approved by the strategy team"
            " count; “—” marks a value that is missing."
        ),
        "none_missing": _("Every indicator has an approved value for the period."),
        "none_warning": _("No indicator is predicted to miss its target."),
        "nothing": _("Nothing to report."),
        "trend": _("Indicators against their targets"),
        "bars": _("Realisation of the goals"),
        "period": _("Period"),
        "reason": _("Reason"),
    }


@dataclass(frozen=True)
class Chart:
    title: str
    data: bytes | str


def _trend_labels(line: IndicatorLine) -> charts.TrendLabels:
    return charts.TrendLabels(
        title=f"{line.code} {line.title}",
        actual=_("Approved value"),
        target=_("Target"),
        baseline=_("Start"),
        unit=line.unit,
    )


def trend_charts(goal: GoalBlock, fmt: charts.Format) -> list[Chart]:
    return [
        Chart(
            f"{line.code} {line.title}",
            charts.trend_chart(
                actuals=line.actuals, targets=line.targets, baseline=line.baseline, labels=_trend_labels(line), fmt=fmt
            ),
        )
        for line in goal.indicators
    ]


def bars_chart(report: Report, fmt: charts.Format) -> Chart:
    last = report.periods[-1]
    goals = [(g.code, dict(g.realisation)[last]) for aim in report.aims for g in aim.goals]
    title = _("Realisation of the goals, %(period)s") % {"period": period_label(last)}
    labels = charts.BarLabels(title=title, axis=_("Realisation (%)"), missing=_("— missing"))
    return Chart(title, charts.goal_bars(goals, labels=labels, fmt=fmt))


def _data_uri(svg: bytes | str) -> str:
    text = svg if isinstance(svg, str) else svg.decode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def trend_svg(line: IndicatorLine) -> str:
    """One indicator's trend chart as SVG (the page loads each one by its own address)."""
    with translation.override("tr"):
        return charts.trend_chart(
            actuals=line.actuals, targets=line.targets, baseline=line.baseline, labels=_trend_labels(line), fmt="svg"
        )


def report_context(report: Report, trend_uri: Callable[[IndicatorLine], str] | None = None) -> dict[str, Any]:
    """What ``templates/monitoring/reports/_report.html`` shows. The PDF embeds every chart; the
    page passes ``trend_uri`` to load the indicators' charts by address (lazily: a large plan has
    a hundred of them)."""
    bars = bars_chart(report, "svg")
    goal_charts: dict[str, list[dict[str, str]]] = {}
    for aim in report.aims:
        for goal in aim.goals:
            if trend_uri is None:
                goal_charts[goal.code] = [
                    {"title": c.title, "uri": _data_uri(c.data)} for c in trend_charts(goal, "svg")
                ]
            else:
                goal_charts[goal.code] = [
                    {"title": f"{line.code} {line.title}", "uri": trend_uri(line)} for line in goal.indicators
                ]
    return {
        "report": report,
        "h": headings(),
        "several_periods": len(report.periods) > 1,
        "bars": {"title": bars.title, "uri": _data_uri(bars.data)},
        "goal_charts": goal_charts,
    }


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def report_html(report: Report) -> str:
    with translation.override("tr"):
        return render_to_string("monitoring/reports/print.html", report_context(report))


def report_pdf(report: Report) -> bytes:
    """The report as a tagged PDF (PDF/UA-1): headings and tables reach screen readers."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

HEADER_FILL = "D9E2EC"
LABEL_FILL = "F0F3F6"
CONTENT_WIDTH_MM = A4_MM[0] - 2 * MARGIN_MM


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell(cell: Any, text: str, *, bold: bool = False, fill: str = "", right: bool = False, size: float = 8) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.text = ""
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if fill:
        _shade(cell, fill)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _goal_table_docx(document: Any, report: Report, aim: AimBlock, goal: GoalBlock, h: dict[str, str]) -> None:
    from docx.shared import Mm

    several = len(report.periods) > 1
    columns = [h["indicator"], h["effect"], h["baseline"]]
    columns += [h["year"]] if several else []
    columns += [h["target"], h["actual"], h["rate"], h["capped"]]
    table = document.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for label, value in ((h["aim"], f"{aim.code} {aim.title}"), (h["goal"], f"{goal.code} {goal.title}")):
        row = table.add_row().cells
        _cell(row[0], label, bold=True, fill=LABEL_FILL)
        merged = row[1].merge(row[-1])
        _cell(merged, value, bold=True)
    head = table.add_row()
    for cell, label in zip(head.cells, columns, strict=True):
        _cell(cell, label, bold=True, fill=HEADER_FILL, size=7)
    _repeat_header(head)
    for line in goal.indicators:
        for index, item in enumerate(line.cells):
            cells = table.add_row().cells
            first = index == 0
            _cell(cells[0], f"{line.code} {line.title}" + (f" ({line.unit})" if line.unit else "") if first else "")
            _cell(cells[1], number(line.weight) if first else "", right=True)
            _cell(cells[2], number(line.baseline) if first else "", right=True)
            values = [item.period] if several else []
            values += [number(item.target), number(item.actual), percent(item.rate), percent(item.capped)]
            for cell, text in zip(cells[3:], values, strict=True):
                _cell(cell, text, right=True)
            if item.reason and not several:
                cells[-1].add_paragraph(item.reason).runs[0].font.size = cells[-1].paragraphs[0].runs[0].font.size
    row = table.add_row().cells
    _cell(row[0], h["goal_rate"], bold=True, fill=LABEL_FILL)
    rates = [(f"{period}: " if several else "") + percent(value) for period, value in goal.realisation]
    _cell(row[1].merge(row[-1]), " · ".join(rates), bold=True)
    for label, value in (
        (h["responsible"], goal.responsible_unit),
        (h["cooperating"], ", ".join(goal.cooperating_units)),
    ):
        row = table.add_row().cells
        _cell(row[0], label, bold=True, fill=LABEL_FILL)
        _cell(row[1].merge(row[-1]), value or "—")
    for key, items in (("went_well", goal.went_well), ("deviations", goal.deviations), ("changes", goal.changes)):
        row = table.add_row().cells
        _cell(row[0], h[key], bold=True, fill=LABEL_FILL)
        target = row[1].merge(row[-1])
        _cell(target, "\n".join(f"• {item}" for item in items) or h["nothing"])
        note = target.add_paragraph()
        note.add_run(f"{h['explanation']}: ").bold = True
        note.add_run(h["explanation_hint"]).italic = True
    widths = [58.0, 14.0, 16.0] + ([14.0] if several else []) + [18.0, 18.0, 20.0, 20.0]
    scale = CONTENT_WIDTH_MM / sum(widths)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width * scale)


def report_docx(report: Report) -> bytes:
    """The report on A4 for Word and LibreOffice."""
    from docx import Document
    from docx.shared import Mm, Pt

    with translation.override("tr"):
        h = headings()
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        document.core_properties.title = f"{report.title} — {report.period_label}"
        document.core_properties.author = report.organisation
        document.core_properties.language = "tr-TR"
        normal = document.styles["Normal"]
        normal.font.name = "DejaVu Sans"
        normal.font.size = Pt(9.5)
        section.header.paragraphs[0].text = f"{report.organisation} · {report.title} · {report.period_label}"
        section.header.paragraphs[0].runs[0].font.size = Pt(7.5)

        document.add_heading(report.title, level=0)
        document.add_paragraph(f"{report.organisation} — {report.plan_title}").runs[0].bold = True
        document.add_paragraph(f"{h['period']}: {report.period_label}")
        document.add_paragraph(report.plan_note)
        document.add_paragraph(h["formula"]).runs[0].italic = True

        document.add_heading(h["summary"], level=1)
        summary = document.add_table(rows=1, cols=1 + len(report.periods))
        summary.style = "Table Grid"
        _cell(summary.rows[0].cells[0], "", fill=HEADER_FILL)
        for cell, period in zip(summary.rows[0].cells[1:], report.periods, strict=True):
            _cell(cell, period, bold=True, fill=HEADER_FILL, right=True)
        for aim in report.aims:
            cells = summary.add_row().cells
            _cell(cells[0], f"{aim.code} {aim.title}", bold=True)
            for cell, (_period, value) in zip(cells[1:], aim.realisation, strict=True):
                _cell(cell, percent(value), right=True, bold=True)
            for goal in aim.goals:
                cells = summary.add_row().cells
                _cell(cells[0], f"    {goal.code} {goal.title}")
                for cell, (_period, value) in zip(cells[1:], goal.realisation, strict=True):
                    _cell(cell, percent(value), right=True)
        cells = summary.add_row().cells
        _cell(cells[0], h["plan_rate"], bold=True, fill=LABEL_FILL)
        for cell, (_period, value) in zip(cells[1:], report.plan_realisation, strict=True):
            _cell(cell, percent(value), right=True, bold=True, fill=LABEL_FILL)
        bars = bars_chart(report, "png")
        document.add_paragraph()
        document.add_picture(io.BytesIO(bars.data if isinstance(bars.data, bytes) else b""), width=Mm(160))
        document.paragraphs[-1].runs[0]._r.xpath(".//wp:docPr")[0].set("descr", bars.title)

        for aim in report.aims:
            document.add_heading(f"{h['aim']} {aim.code}: {aim.title}", level=1)
            for goal in aim.goals:
                document.add_heading(f"{h['goal']} {goal.code}: {goal.title}", level=2)
                _goal_table_docx(document, report, aim, goal, h)
                document.add_paragraph(h["trend"]).runs[0].bold = True
                pictures = trend_charts(goal, "png")
                grid = document.add_table(rows=(len(pictures) + 1) // 2, cols=2)
                for index, chart in enumerate(pictures):
                    paragraph = grid.cell(index // 2, index % 2).paragraphs[0]
                    data = chart.data if isinstance(chart.data, bytes) else b""
                    paragraph.add_run().add_picture(io.BytesIO(data), width=Mm(82))
                    paragraph.runs[-1]._r.xpath(".//wp:docPr")[0].set("descr", chart.title)

        document.add_heading(h["missing"], level=1)
        if report.missing:
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, label in zip(
                table.rows[0].cells, [h["goal"], h["indicator"], h["period"], h["reason"]], strict=True
            ):
                _cell(cell, label, bold=True, fill=HEADER_FILL)
            _repeat_header(table.rows[0])
            for row in report.missing:
                for cell, text in zip(
                    table.add_row().cells, [row.goal, row.indicator, row.period, row.reason], strict=True
                ):
                    _cell(cell, text)
        else:
            document.add_paragraph(h["none_missing"])

        if report.kind == EVALUATION:
            document.add_heading(h["warnings"], level=1)
            if report.warnings:
                table = document.add_table(rows=1, cols=4)
                table.style = "Table Grid"
                labels = [h["indicator"], h["year"], h["projection"], h["target"]]
                for cell, label in zip(table.rows[0].cells, labels, strict=True):
                    _cell(cell, label, bold=True, fill=HEADER_FILL)
                for warning in report.warnings:
                    cells = table.add_row().cells
                    _cell(cells[0], f"{warning.indicator} {warning.title}")
                    _cell(cells[1], str(warning.year), right=True)
                    _cell(cells[2], number(warning.projection), right=True)
                    _cell(cells[3], number(warning.target), right=True)
            else:
                document.add_paragraph(h["none_warning"])
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Delivering the files (views and commands call these)
# ---------------------------------------------------------------------------------------------


def _cache_key(plan: Plan, period: str, fmt: str, report: Report) -> str:
    return f"monitoring:report:{LAYOUT_VERSION}:{plan.pk}:{period}:{fmt}:{report_version(report)}"


def report_file_cached(plan: Plan, period: str, fmt: str, *, render: bool = True) -> tuple[bytes, str, str] | None:
    """``(content, MIME type, filename)`` of the report of ``plan`` for ``period`` in ``fmt``,
    rendered once per fingerprint (``report_version``: a newly approved value makes a new one).
    With ``render`` False, None when this version is not rendered yet (the back office then
    renders it as a background job: a large plan's PDF takes a minute)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    report = report_data(plan, period)
    key = _cache_key(plan, period, fmt, report)
    content: bytes | None = document_cache().get(key)
    if content is None:
        if not render:
            return None
        content = report_docx(report) if fmt == "docx" else report_pdf(report)
        document_cache().set(key, content, REPORT_CACHE_SECONDS)
    return content, FORMATS[fmt], report_filename(plan, period, fmt)


def report_file(plan: Plan, period: str, fmt: str) -> tuple[bytes, str, str]:
    """``report_file_cached``, rendering when needed."""
    found = report_file_cached(plan, period, fmt)
    assert found is not None  # noqa: S101  (render=True always gives a file)
    return found
