"""The strategic plan (stratejik plan) as DOCX (python-docx) and tagged PDF (WeasyPrint, from
``templates/planning/plan_print.html``), and its goal cards (hedef kartları) as XLSX.

The structure and every text come from ``plan_content.plan_view``; this module lays them out.
Always Turkish, the language of the official record, on A4 portrait paper (a goal card's table
fits its width); the PDF is tagged for screen readers (PDF/UA-1) and its table of contents gives
page numbers; the DOCX's is a Word field that Word fills in when it opens the file. The planning
app calls these functions with plain data (the plan interchange dict and ``extras``, see
``plan_content``); nothing here reads the database.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .paper import A4_MM, DOCX_MIME, MARGIN_MM, PDF_MIME
from .plan_content import (
    GoalCard,
    Heading,
    PlanView,
    Source,
    Table,
    amount,
    by_year,
    contribution_sources,
    paragraphs,
    plain,
    plain_list,
    plan_view,
    plan_years,
)
from .xlsx import XLSX_MIME, Sheet, sheets_xlsx

__all__ = [
    "DOCX_MIME",
    "LAYOUT_VERSION",
    "PDF_MIME",
    "XLSX_MIME",
    "goal_cards_xlsx",
    "plan_docx",
    "plan_filename",
    "plan_html",
    "plan_pdf",
]

#: Raise when the layout changes, so that a cached file of the old layout is not served.
LAYOUT_VERSION = 2

# As the workshop report (not imported from it: that module loads the workshops app).


# ---------------------------------------------------------------------------------------------
# File names
# ---------------------------------------------------------------------------------------------


def plan_filename(plan: Mapping[str, Any], extension: str) -> str:
    """``ankara-2020-2024-stratejik-plan.docx`` (or ``.pdf``); the goal cards' workbook is
    ``ankara-2020-2024-hedef-kartlari.xlsx``."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", plain(plan.get("process"))).strip("-")
    name = "hedef-kartlari" if extension == "xlsx" else "stratejik-plan"
    return f"{slug}-{name}.{extension}" if slug else f"{name}.{extension}"


# ---------------------------------------------------------------------------------------------
# PDF (from the print HTML)
# ---------------------------------------------------------------------------------------------


def plan_html(plan: Mapping[str, Any], extras: Mapping[str, Any] | None = None) -> str:
    """The print HTML the PDF is made from (``templates/planning/plan_print.html``)."""
    with translation.override("tr"):
        view = plan_view(plan, extras)
        return render_to_string(
            "planning/plan_print.html",
            {
                "plan": view,
                "h": view.headings,
                "card_value_columns": 2 + len(view.years),
                # five plan years fit at these widths; a longer period gets narrower columns
                "card_year_mm": _year_width(len(view.years), 16.5, 82.5),
                "costing_year_mm": _year_width(len(view.years), 20, 100),
            },
        )


def _year_width(years: int, width: float, total: float) -> str:
    return f"{width if years <= 5 else max(8.0, total / years):.1f}"


def plan_pdf(plan: Mapping[str, Any], extras: Mapping[str, Any] | None = None) -> bytes:
    """The plan as a tagged PDF (PDF/UA-1): headings, lists and tables reach screen readers, and
    the table of contents gives page numbers."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=plan_html(plan, extras)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

CONTENT_WIDTH_MM = A4_MM[0] - 2 * MARGIN_MM
HEADER_FILL = "D9E2EC"
LABEL_FILL = "F0F3F6"


def plan_docx(plan: Mapping[str, Any], extras: Mapping[str, Any] | None = None) -> bytes:
    """The plan on A4 for Word and LibreOffice. The table of contents is a Word field: it lists
    the headings as they are, and Word adds the page numbers when it updates the field (it asks
    on opening)."""
    from docx import Document
    from docx.shared import Mm, Pt

    with translation.override("tr"):
        view = plan_view(plan, extras)
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        section.different_first_page_header_footer = True
        document.core_properties.title = view.title
        document.core_properties.subject = _("Strategic plan")
        document.core_properties.author = view.organisation
        document.core_properties.language = "tr-TR"
        normal = document.styles["Normal"]
        normal.font.name = "DejaVu Sans"
        normal.font.size = Pt(10)
        _docx_language(normal, "tr-TR")
        _docx_header_footer(section, view)
        _docx_cover(document, view)
        _docx_contents(document, view)
        _docx_body(document, view)
        _docx_update_fields_on_open(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _docx_language(style: Any, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def _docx_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """A simple field (PAGE, NUMPAGES) with the text shown until it is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field_element.append(run)
    paragraph._p.append(field_element)


def _docx_header_footer(section: Any, view: PlanView) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    header = section.header.paragraphs[0]
    header.text = view.title + (f" — {view.running_status}" if view.running_status else "")
    for run in header.runs:
        run.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_field(footer, "PAGE")
    footer.add_run(" / ")
    _docx_field(footer, "NUMPAGES")


def _docx_cover(document: Any, view: PlanView) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    def line(text: str, size: int, *, bold: bool = False, space_before: int = 0) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space_before)
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size), bold

    line("T.C.", 14, bold=True, space_before=120)
    if view.organisation:
        line(view.organisation_upper, 16, bold=True)
    title = document.add_paragraph(view.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(60)
    if view.period:
        line(_("Plan period: %(period)s") % {"period": view.period}, 13)
    for index, status in enumerate(view.status_lines):
        line(status, 12, bold=index == 0, space_before=40 if index == 0 else 0)
    document.add_page_break()


def _docx_contents(document: Any, view: PlanView) -> None:
    """İçindekiler: a TOC field whose current result lists the headings (indented by level)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    heading = document.add_paragraph()
    run = heading.add_run(_("Contents"))
    run.bold, run.font.size = True, Pt(16)

    def char(kind: str) -> Any:
        element = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        element.append(fld)
        return element

    entries = [h for h in view.toc if h.anchor != "foreword" or view.foreword]
    for index, entry in enumerate(entries):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(6 * (entry.level - 1))
        paragraph.paragraph_format.space_after = Pt(1 if entry.level > 1 else 3)
        if index == 0:
            paragraph._p.append(char("begin"))
            instruction = OxmlElement("w:r")
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = ' TOC \\o "1-3" \\h \\z \\u '
            instruction.append(text)
            paragraph._p.append(instruction)
            paragraph._p.append(char("separate"))
        entry_run = paragraph.add_run(entry.label)
        entry_run.bold = entry.level == 1
        if entry.level == 3:
            entry_run.font.size = Pt(9)
        if index == len(entries) - 1:
            paragraph._p.append(char("end"))
    document.add_page_break()


def _docx_update_fields_on_open(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # CT_Settings is a sequence: updateFields comes before these.
    later = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids")
    settings.insert_element_before(update, *later, "m:mathPr", "w:themeFontLang", "w:clrSchemeMapping")


def _docx_heading(document: Any, heading: Heading, *, new_page: bool = False) -> None:
    paragraph = document.add_heading(heading.label, level=heading.level)
    paragraph.paragraph_format.page_break_before = new_page


def _docx_paragraphs(document: Any, texts: Iterable[str], *, empty: str = "") -> None:
    texts = list(texts)
    for text in texts:
        paragraph = document.add_paragraph()
        for number, line in enumerate(text.split("\n")):
            if number:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
    if not texts and empty:
        document.add_paragraph(empty).runs[0].italic = True


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _fill(cell: Any, content: str | list[str], *, size: float = 9, bold: bool = False, align: Any = None) -> None:
    """Write a text, or lines (bulleted when more than one), into a table cell."""
    from docx.shared import Pt

    lines = content if isinstance(content, list) else [content]
    lines = lines or ["—"]
    bullet = "• " if len(lines) > 1 else ""
    cell.text = ""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run(f"{bullet}{line}")
        run.font.size, run.bold = Pt(size), bold


def _cell(table: Any, row: int, column: int) -> Any:
    """``table.cell(row, column)`` without python-docx's walk over every cell on each call (which
    made a plan of 25 goal cards take 20 s): the grid is read once, before any merge. A merge
    keeps the first cell and drops the ones after it in the same span, which are never filled
    afterwards, so the cells read before it stay the right ones."""
    cells = getattr(table, "_ortakakil_cells", None)
    if cells is None:
        cells = table._cells
        table._ortakakil_cells = cells
    return cells[row * table._column_count + column]


def _merge(table: Any, first: Any, last: Any) -> Any:
    return first.merge(last)


def _new_table(document: Any, rows: int, widths_mm: Sequence[float]) -> Any:
    from docx.shared import Mm

    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = "Table Grid"
    table.autofit = False
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)
    return table


def _docx_table(document: Any, table: Table, widths: Sequence[float], *, size: float = 9, empty: str = "") -> None:
    """A table with a shaded header row repeated on every page; widths are shares of the line."""
    if not table:
        _docx_paragraphs(document, [], empty=empty)
        return
    total = sum(widths)
    grid = _new_table(document, 1 + len(table.rows), [CONTENT_WIDTH_MM * w / total for w in widths])
    for index, heading in enumerate(table.headers):
        _fill(_cell(grid, 0, index), heading, size=size, bold=True)
        _shade(_cell(grid, 0, index), HEADER_FILL)
    _repeat_as_header(grid.rows[0])
    for row_index, row in enumerate(table.rows, start=1):
        for index, value in enumerate(row):
            _fill(_cell(grid, row_index, index), value or "—", size=size)
    document.add_paragraph()


def _docx_body(document: Any, view: PlanView) -> None:
    h, empty = view.headings, view.notes["empty"]
    if view.foreword:
        _docx_heading(document, h["foreword"])
        _docx_paragraphs(document, view.foreword)

    _docx_heading(document, h["preparation"], new_page=bool(view.foreword))
    _docx_heading(document, h["preparation_programme"])
    _docx_table(document, view.preparation, [5, 3.2, 1.4, 1.4, 1.4], empty=empty)
    _docx_heading(document, h["preparation_board"])
    if view.board:
        for member in view.board:
            document.add_paragraph(member, style="List Bullet")
    else:
        _docx_paragraphs(document, [], empty=empty)
    _docx_heading(document, h["preparation_participation"])
    if view.participation:
        document.add_paragraph(view.notes["participation"])
    _docx_table(document, view.participation, [4, 1.5], empty=empty)

    _docx_heading(document, h["analysis"], new_page=True)
    _docx_heading(document, h["analysis_history"])
    for title, texts in view.history:
        if title:
            document.add_paragraph().add_run(title).bold = True
        _docx_paragraphs(document, texts)
    if not view.history:
        _docx_paragraphs(document, [], empty=empty)
    analysis_tables: list[tuple[str, Table, list[float]]] = [
        ("mandate", view.mandate, [3, 2, 3, 3]),
        ("policy", view.policy, [3, 2.5, 3, 3]),
        ("activity", view.activity, [2.5, 4, 3.5]),
    ]
    for key, table, widths in analysis_tables:
        _docx_heading(document, h[f"analysis_{key}"])
        _docx_table(document, table, widths, empty=empty)
    _docx_heading(document, h["analysis_stakeholders"])
    if view.stakeholder_table:
        document.add_paragraph(view.notes["stakeholders"])
    _docx_table(document, view.stakeholder_table, [4, 2.5, 2.5], empty=empty)
    if view.stakeholder_summary:
        document.add_paragraph(view.stakeholder_summary)
    _docx_heading(document, h["analysis_internal"])
    _docx_table(document, view.internal, [2.2, 2.5, 4, 3.3], empty=empty)
    _docx_heading(document, h["analysis_pestle"])
    _docx_table(document, view.pestle, [2, 2.5, 4, 3.5], empty=empty)
    _docx_heading(document, h["analysis_swot"])
    grid = _new_table(document, 2, [CONTENT_WIDTH_MM / 2] * 2)
    for cell, (heading, entries) in zip(
        [_cell(grid, 0, 0), _cell(grid, 0, 1), _cell(grid, 1, 0), _cell(grid, 1, 1)], view.swot, strict=True
    ):
        _fill(cell, heading, bold=True)
        for entry in entries:
            cell.add_paragraph(f"• {entry}")
    if view.swot_has_counts:
        document.add_paragraph(view.notes["swot"])
    _docx_heading(document, h["analysis_findings"])
    _docx_table(document, view.findings, [2.2, 5, 5], empty=empty)

    _docx_heading(document, h["future"], new_page=True)
    for key, text in [("future_mission", view.mission), ("future_vision", view.vision)]:
        _docx_heading(document, h[key])
        _docx_paragraphs(document, paragraphs(text), empty=empty)
    _docx_heading(document, h["future_values"])
    for value in view.values:
        document.add_paragraph(value, style="List Bullet")
    if not view.values:
        _docx_paragraphs(document, [], empty=empty)

    _docx_heading(document, h["strategy"], new_page=True)
    _docx_heading(document, h["strategy_overview"])
    _docx_overview(document, view)
    _docx_heading(document, h["strategy_cards"])
    document.add_paragraph(view.notes["cards"])
    for card in view.cards:
        _docx_heading(document, card.heading, new_page=True)
        _docx_card(document, card, view.years, view.card_headings)

    _docx_heading(document, h["costing"], new_page=True)
    document.add_paragraph(view.notes["costing"])
    _docx_costing(document, view)
    _docx_portfolio(document, view)

    _docx_heading(document, h["monitoring"], new_page=True)
    _docx_paragraphs(document, view.monitoring)
    for key in ("monitoring_rule", "realisation"):
        document.add_paragraph(view.notes[key])


def _docx_overview(document: Any, view: PlanView) -> None:
    """Amaçlar ve hedefler: an aim's cell spans its goals' rows."""
    rows = sum(max(1, len(aim.goals)) for aim in view.aims)
    table = _new_table(document, 1 + rows, [CONTENT_WIDTH_MM * 0.42, CONTENT_WIDTH_MM * 0.58])
    _fill(_cell(table, 0, 0), _("Aims"), bold=True)
    _fill(_cell(table, 0, 1), _("Goals"), bold=True)
    for cell in table.rows[0].cells:
        _shade(cell, HEADER_FILL)
    _repeat_as_header(table.rows[0])
    row = 1
    for aim in view.aims:
        span = max(1, len(aim.goals))
        first = _cell(table, row, 0)
        if span > 1:
            first = _merge(table, first, _cell(table, row + span - 1, 0))
        _fill(first, f"{aim.code} {aim.title}", bold=True)
        if aim.sources:
            _docx_sources(first.add_paragraph(), aim.sources, size=7.5)
        for offset, (code, title) in enumerate(aim.goals or [("", "—")]):
            _fill(_cell(table, row + offset, 1), f"{code} {title}".strip())
        row += span
    document.add_paragraph()


def _docx_sources(paragraph: Any, sources: Sequence[Source], *, size: float = 8) -> None:
    from docx.shared import Pt

    label = paragraph.add_run(f"{_('Contribution sources')}: ")
    label.bold, label.font.size = True, Pt(size)
    if not sources:
        paragraph.add_run("—").font.size = Pt(size)
    for index, source in enumerate(sources):
        if index:
            paragraph.add_run("; ").font.size = Pt(size)
        if source.url:
            _docx_hyperlink(paragraph, source.label, source.url, size=size)
        else:
            paragraph.add_run(source.label).font.size = Pt(size)


def _docx_hyperlink(paragraph: Any, text: str, url: str, *, size: float) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for tag, attribute, value in (("w:color", "w:val", "1F4E79"), ("w:u", "w:val", "single")):
        element = OxmlElement(tag)
        element.set(qn(attribute), value)
        properties.append(element)
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(round(size * 2)))
    properties.append(font_size)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _card_widths(years: int) -> list[float]:
    """Indicator, effect, baseline, one column per year, monitoring, reporting (mm, A4 portrait)."""
    year = 13.0 if years <= 5 else max(9.0, 65.0 / years)
    fixed = [0.0, 12.0, 15.0] + [year] * years + [15.0, 15.0]
    fixed[0] = CONTENT_WIDTH_MM - sum(fixed)
    return fixed


def _docx_card(document: Any, card: GoalCard, years: list[int], headings: list[str]) -> None:
    """Hedef kartı: Amaç, Hedef, the indicator table, then Sorumlu birim … İhtiyaçlar, with the
    cost estimate under the year columns."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    size = 7.5
    columns = 5 + len(years)
    label_span = 3  # the label spans indicator, effect and baseline

    rows = 2 + 1 + len(card.indicators) + len(card.rows_before_cost) + 1 + len(card.rows_after_cost)
    table = _new_table(document, rows, _card_widths(len(years)))
    row = 0

    def labelled(label: str, content: str | list[str], *, bold: bool = False) -> None:
        nonlocal row
        label_cell = _merge(table, _cell(table, row, 0), _cell(table, row, label_span - 1))
        _fill(label_cell, label, size=size, bold=True)
        _shade(label_cell, LABEL_FILL)
        _fill(
            _merge(table, _cell(table, row, label_span), _cell(table, row, columns - 1)), content, size=size, bold=bold
        )
        row += 1

    labelled(_("Aim"), f"{card.aim_code} {card.aim_title}".strip(), bold=True)
    labelled(_("Goal"), f"{card.code} {card.title}".strip(), bold=True)
    for index, heading in enumerate(headings):
        _fill(_cell(table, row, index), heading, size=size, bold=True)
        _shade(_cell(table, row, index), HEADER_FILL)
    row += 1
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for indicator in card.indicators:
        name = f"{indicator.code} {indicator.title}" + (f" ({indicator.unit})" if indicator.unit else "")
        values = [indicator.weight, indicator.baseline, *indicator.targets]
        _fill(_cell(table, row, 0), name, size=size)
        for index, value in enumerate(values, start=1):
            _fill(_cell(table, row, index), value, size=size, align=right)
        _fill(_cell(table, row, columns - 2), indicator.monitoring, size=size)
        _fill(_cell(table, row, columns - 1), indicator.reporting, size=size)
        row += 1
    for label, lines in card.rows_before_cost:
        labelled(label, lines)
    cost_label = _merge(table, _cell(table, row, 0), _cell(table, row, label_span - 1))
    _fill(cost_label, f"{_('Cost estimate')} (TL)", size=size, bold=True)
    _shade(cost_label, LABEL_FILL)
    for index, cost in enumerate(card.costs, start=label_span):
        _fill(_cell(table, row, index), cost, size=size, align=right)
    total = _merge(table, _cell(table, row, columns - 2), _cell(table, row, columns - 1))
    _fill(total, f"{_('Total')}: {card.cost_total}", size=size, bold=True)
    row += 1
    for label, lines in card.rows_after_cost:
        labelled(label, lines)
    _docx_sources(document.add_paragraph(), card.sources)


def _docx_costing(document: Any, view: PlanView) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    years = len(view.years)
    year_width = 17.0 if years <= 5 else max(11.0, 85.0 / years)
    widths = [12.0, 0.0, *([year_width] * years), 20.0]
    widths[1] = CONTENT_WIDTH_MM - sum(widths)
    table = _new_table(document, 1 + len(view.costing), widths)
    for index, heading in enumerate([_("Code"), _("Aim / goal"), *map(str, view.years), _("Total")]):
        _fill(_cell(table, 0, index), heading, size=8, bold=True)
        _shade(_cell(table, 0, index), HEADER_FILL)
    _repeat_as_header(table.rows[0])
    for row_index, cost in enumerate(view.costing, start=1):
        bold = cost.kind != "goal"
        cells = [cost.code, cost.title, *cost.costs, cost.total]
        for index, value in enumerate(cells):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index >= 2 else None
            _fill(_cell(table, row_index, index), value, size=8, bold=bold, align=align)
            if cost.kind != "goal":
                _shade(_cell(table, row_index, index), LABEL_FILL)


def _docx_portfolio(document: Any, view: PlanView) -> None:
    """Seçilen projeler, under the costing table (nothing without an adopted portfolio)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not view.portfolio:
        return
    document.add_paragraph(view.notes.get("portfolio", ""))
    years = len(view.years)
    year_width = 17.0 if years <= 5 else max(11.0, 85.0 / years)
    widths = [12.0, 0.0, *([year_width] * years), 20.0]
    widths[1] = CONTENT_WIDTH_MM - sum(widths)
    table = _new_table(document, 1 + len(view.portfolio), widths)
    for index, heading in enumerate([_("Code"), _("Project (goals)"), *map(str, view.years), _("Total")]):
        _fill(_cell(table, 0, index), heading, size=8, bold=True)
        _shade(_cell(table, 0, index), HEADER_FILL)
    _repeat_as_header(table.rows[0])
    for row_index, cost in enumerate(view.portfolio, start=1):
        bold = cost.kind == "total"
        for index, value in enumerate([cost.code, cost.title, *cost.costs, cost.total]):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index >= 2 else None
            _fill(_cell(table, row_index, index), value, size=8, bold=bold, align=align)
            if bold:
                _shade(_cell(table, row_index, index), LABEL_FILL)


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------


def goal_cards_xlsx(plan: Mapping[str, Any]) -> bytes:
    """The goal cards as a workbook for the units: «Göstergeler», one row per performance
    indicator with its aim and goal, and «Hedefler», one row per goal with the rest of its card
    (units, risks, strategies, costs per year, findings, needs, contribution sources). Two sheets
    whatever the size of the plan; numbers stay numbers."""
    with translation.override("tr"):
        years = plan_years(plan)
        aims = [a for a in plan.get("aims") or [] if isinstance(a, Mapping)]
        indicator_rows: list[list[Any]] = []
        goal_rows: list[list[Any]] = []
        directions = {"increase": _("Increase"), "decrease": _("Decrease")}

        def joined(values: Any) -> str:
            return "\n".join(plain_list(values))

        def number(value: Any) -> Any:
            return value if isinstance(value, int | float) and not isinstance(value, bool) else plain(value)

        for aim in aims:
            aim_cells = [plain(aim.get("code")), plain(aim.get("title"))]
            for goal in aim.get("goals") or []:
                if not isinstance(goal, Mapping):
                    continue
                goal_cells = [*aim_cells, plain(goal.get("code")), plain(goal.get("title"))]
                unit = plain(goal.get("responsible_unit"))
                for ind in goal.get("indicators") or []:
                    if not isinstance(ind, Mapping):
                        continue
                    indicator_rows.append(
                        [
                            *goal_cells,
                            plain(ind.get("code")),
                            plain(ind.get("title")),
                            plain(ind.get("unit")),
                            directions.get(plain(ind.get("direction")), plain(ind.get("direction"))),
                            number(ind.get("weight")),
                            number(ind.get("baseline")),
                            *(number(v) for v in by_year(ind.get("targets"), years)),
                            plain(ind.get("monitoring")),
                            plain(ind.get("reporting")),
                            _("Yes") if ind.get("cumulative") else _("No"),
                            plain(ind.get("data_source")),
                            unit,
                            plain(ind.get("description")),
                        ]
                    )
                costs = by_year(goal.get("costs"), years)
                goal_rows.append(
                    [
                        *goal_cells,
                        number(goal.get("weight")),
                        unit,
                        joined(goal.get("cooperating_units")),
                        joined(goal.get("risks")),
                        joined(goal.get("controls")),
                        joined(goal.get("strategies")),
                        joined(goal.get("activities")),
                        *(number(c) for c in costs),
                        sum(amount(c) for c in costs),
                        joined(goal.get("findings")),
                        joined(goal.get("needs")),
                        "\n".join(
                            source.label + (f" <{source.url}>" if source.url else "")
                            for source in contribution_sources(goal.get("sources"))
                        ),
                    ]
                )
        plan_columns = [_("Aim code"), _("Aim"), _("Goal code"), _("Goal")]
        year_columns = [str(year) for year in years]
        return sheets_xlsx(
            [
                Sheet(
                    _("Indicators"),
                    [
                        *plan_columns,
                        _("Indicator code"),
                        _("Performance indicator"),
                        _("Unit of measure"),
                        _("Direction"),
                        _("Effect on the goal (%)"),
                        _("Plan period starting value"),
                        *(_("Target %(year)s") % {"year": year} for year in year_columns),
                        _("Monitoring frequency"),
                        _("Reporting frequency"),
                        _("Cumulative"),
                        _("Data source"),
                        _("Responsible unit"),
                        _("Description"),
                    ],
                    indicator_rows,
                ),
                Sheet(
                    _("Goals"),
                    [
                        *plan_columns,
                        _("Goal weight (%)"),
                        _("Responsible unit"),
                        _("Cooperating units"),
                        _("Risks"),
                        _("Control activities"),
                        _("Strategies"),
                        _("Activities and projects"),
                        *(_("Cost %(year)s (TL)") % {"year": year} for year in year_columns),
                        _("Total cost (TL)"),
                        _("Findings"),
                        _("Needs"),
                        _("Contribution sources"),
                    ],
                    goal_rows,
                ),
            ]
        )


# --------------------------------------------------------------------------------------------
# Delivering the files of a stored plan (views, jobs and commands call these)
# --------------------------------------------------------------------------------------------

PLAN_CACHE_SECONDS = 7 * 24 * 3600
FORMATS = {"docx": DOCX_MIME, "pdf": PDF_MIME, "xlsx": XLSX_MIME, "json": "application/json"}


def plan_file(plan: Any, fmt: str) -> tuple[bytes, str, str]:
    """``(content, MIME type, filename)`` of a stored plan (a ``planning.Plan``) in ``fmt``."""
    import json

    from ortakakil.planning.selectors import document_data, plan_as_dict

    if fmt == "json":
        data = plan_as_dict(plan, meta=True)
        content = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    elif fmt == "xlsx":
        data, extras = document_data(plan)
        content = goal_cards_xlsx(data)
    else:
        data, extras = document_data(plan)
        extras["projects"] = _adopted_projects(plan)
        content = plan_docx(data, extras) if fmt == "docx" else plan_pdf(data, extras)
    return content, FORMATS[fmt], plan_filename(data, fmt)


def _adopted_projects(plan: Any) -> list[dict[str, Any]]:
    """The adopted portfolio's projects (``portfolio``) as plain data for ``plan_view``."""
    from dataclasses import asdict

    from ortakakil.portfolio.plan_projects import adopted_projects

    return [asdict(project) for project in adopted_projects(plan.process)]


def _cache_key(plan: Any, fmt: str) -> str:
    from ortakakil.planning.selectors import content_version
    from ortakakil.portfolio.plan_projects import adopted_version

    version = f"{content_version(plan)}:{adopted_version(plan.process)}"
    return f"planning:file:{LAYOUT_VERSION}:{plan.pk}:{fmt}:{version}"


def plan_file_cached(plan: Any, fmt: str, *, render: bool = True) -> tuple[bytes, str, str] | None:
    """``plan_file``, rendered once per content version of the plan (any change to what the
    document shows makes a new version), so that downloads do not wait for WeasyPrint again.
    With ``render`` False, None when this version is not rendered yet."""
    from .cache import document_cache

    cache = document_cache()

    key = _cache_key(plan, fmt)
    cached: tuple[bytes, str, str] | None = cache.get(key)
    if cached is None and render:
        cached = plan_file(plan, fmt)
        cache.set(key, cached, PLAN_CACHE_SECONDS)
    return cached
