"""The workshop report (çalıştay raporu) as DOCX (python-docx) and PDF (WeasyPrint).

Both carry, for every table (or for one table: the table report): its theme, facilitators and
summary, participants by organisation type, ideas by kind, the SWOT grid (Güçlü yönler /
Zayıf yönler / Fırsatlar / Tehditler), the PESTLE factors, the proposals and problems, and the
top-voted ideas. Always written in Turkish, the language of the official record.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ortakakil.workshops.models import Idea, Workshop, WorkshopTable
from ortakakil.workshops.selectors import TableReport, participants_by_type, workshop_report


def swot_headings() -> dict[str, str]:
    return {"G": _("Strengths"), "Z": _("Weaknesses"), "F": _("Opportunities"), "T": _("Threats")}


def pestle_headings() -> dict[str, str]:
    return {kind.value: str(kind.label) for kind in Idea.Kind if kind.value in {"P", "E", "S", "T2", "L", "C"}}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {n}" for label, n in counts.items()) or "—"


def report_title(workshop: Workshop, table: WorkshopTable | None = None) -> str:
    if table is None:
        return f"{workshop.title} — {_('Workshop report')}"
    return f"{workshop.title} — {_('Table report: %(theme)s') % {'theme': table.theme.name}}"


def report_docx(workshop: Workshop, table: WorkshopTable | None = None) -> bytes:
    """The workshop report, or with ``table`` that table's report."""
    from docx import Document
    from docx.shared import Pt

    with translation.override("tr"):
        tables = workshop_report(workshop, table=table)
        document = Document()
        style = document.styles["Normal"]
        style.font.name = "DejaVu Sans"
        style.font.size = Pt(10)
        document.add_heading(report_title(workshop, table), level=0)
        if workshop.slogan:
            document.add_paragraph(f"“{workshop.slogan}”")
        document.add_paragraph(
            f"{workshop.process.title} · {date_format(workshop.date, 'DATE_FORMAT')} · {workshop.venue}"
        )
        if table is None:
            total = sum(sum(t.by_kind.values()) for t in tables)
            document.add_paragraph(_("%(tables)d tables, %(ideas)d ideas.") % {"tables": len(tables), "ideas": total})
            document.add_paragraph(
                _("Participants by organisation type: %(counts)s") % {"counts": _counts(participants_by_type(workshop))}
            )
        for report in tables:
            _table_docx(document, report)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _table_docx(document: object, report: TableReport) -> None:
    add_heading = document.add_heading  # type: ignore[attr-defined]
    add_paragraph = document.add_paragraph  # type: ignore[attr-defined]
    add_heading(_("Table: %(theme)s") % {"theme": report.theme_name}, level=1)
    if report.facilitators:
        add_paragraph(_("Facilitators: %(names)s") % {"names": ", ".join(report.facilitators)})
    if report.table.summary:
        add_paragraph(report.table.summary)
    add_paragraph(_("Participants by organisation type: %(counts)s") % {"counts": _counts(report.organisation_types)})
    add_paragraph(_("Ideas by kind: %(counts)s") % {"counts": _counts(report.by_kind)})
    add_heading(_("SWOT"), level=2)
    grid = document.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for cell, (kind, heading) in zip(
        [grid.cell(0, 0), grid.cell(0, 1), grid.cell(1, 0), grid.cell(1, 1)], swot_headings().items(), strict=True
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
        for idea in report.swot[kind]:
            cell.add_paragraph(f"• {idea.text}")
    pestle = pestle_headings()
    if any(report.pestle.values()):
        add_heading(_("PESTLE factors"), level=2)
        for kind, ideas in report.pestle.items():
            for idea in ideas:
                add_paragraph(f"{pestle[kind]}: {idea.text}", style="List Bullet")
    add_heading(_("Top-voted ideas"), level=2)
    for idea in report.top_voted:
        add_paragraph(f"{idea.text} ({idea.votes_count} {_('dots')})", style="List Number")
    if report.proposals:
        add_heading(_("Proposals"), level=2)
        for idea in report.proposals:
            add_paragraph(idea.text, style="List Bullet")
    if report.problems:
        add_heading(_("Problems"), level=2)
        for idea in report.problems:
            add_paragraph(idea.text, style="List Bullet")


def ideas_xlsx(workshop: Workshop, table: WorkshopTable | None = None) -> bytes:
    """Every idea of the workshop (or of one table) as a spreadsheet for the analysts: table,
    kind, text, the type of the organisation that said it, dots and when it was captured."""
    from .xlsx import table_xlsx

    ideas = Idea.objects.active().filter(table__workshop=workshop).select_related("table__theme", "speaker")
    if table is not None:
        ideas = ideas.filter(table=table)
    with translation.override("tr"):
        headers = [_("Table"), _("Kind"), _("Idea"), _("Said by"), _("Type"), _("Dots"), _("Captured at")]
        rows = [
            [
                idea.table.theme.name,
                idea.get_kind_display(),
                idea.text,
                idea.speaker.name if idea.speaker else "",
                idea.speaker.get_type_display() if idea.speaker else "",
                idea.votes_count,
                timezone.localtime(idea.created_at).replace(tzinfo=None),
            ]
            for idea in ideas.order_by("table__theme__position", "-votes_count", "pk")
        ]
        return table_xlsx(title=_("Ideas"), headers=headers, rows=rows)


def report_html(workshop: Workshop, table: WorkshopTable | None = None) -> str:
    with translation.override("tr"):
        return render_to_string(
            "workshops/report_print.html",
            {
                "workshop": workshop,
                "title": report_title(workshop, table),
                "single_table": table is not None,
                "participants": participants_by_type(workshop) if table is None else {},
                "tables": workshop_report(workshop, table=table),
                "swot": swot_headings(),
                "pestle": pestle_headings(),
            },
        )


def report_pdf(workshop: Workshop, table: WorkshopTable | None = None) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(workshop, table)).write_pdf()
    return pdf
