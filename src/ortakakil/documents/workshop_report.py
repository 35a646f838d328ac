"""The workshop report (çalıştay raporu) as DOCX (python-docx) and PDF (WeasyPrint), and every
idea as XLSX.

Both reports carry, for every table (or for one table: the table report): its theme,
facilitators and summary, participants by organisation type, ideas by kind, the SWOT grid
(Güçlü yönler / Zayıf yönler / Fırsatlar / Tehditler), the PESTLE factors, the proposals and
problems, and the top-voted ideas. Always written in Turkish, the language of the official
record, on A4 paper (Turkish official documents are A4). The PDF is tagged for screen readers
(PDF/UA-1).

Rendering the PDF of a whole workshop takes seconds, and the public downloads are opened by
anonymous visitors, so a rendered PDF is cached under the report's content version
(``selectors.report_version``): any change to what the report shows makes a new version.
``workshops.tasks.reports_warm`` renders it in the background when a table closes or its
summary is saved.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortakakil.documents.cache import document_cache
from ortakakil.opinions.results import ConversationConsensus, consensus_of, consensus_text
from ortakakil.opinions.selectors import conversations_of_workshop
from ortakakil.textmine.topics import DigestView, table_digests
from ortakakil.workshops.models import Workshop, WorkshopTable
from ortakakil.workshops.selectors import (
    TableReport,
    ideas_for_export,
    participants_by_type,
    pestle_headings,
    report_version,
    swot_headings,
    workshop_report,
)

from .paper import A4_MM, MARGIN_MM
from .xlsx import table_xlsx

PDF_CACHE_SECONDS = 7 * 24 * 3600
#: Raise when the report's layout changes, so that no PDF of the old layout is served.
LAYOUT_VERSION = 4


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {n}" for label, n in counts.items()) or "—"


def report_title(workshop: Workshop, table: WorkshopTable | None = None) -> str:
    if table is None:
        return f"{workshop.title} — {_('Workshop report')}"
    return f"{workshop.title} — {_('Table report: %(theme)s') % {'theme': table.theme.name}}"


def report_filename(workshop: Workshop, table: WorkshopTable | None, extension: str) -> str:
    name = f"{workshop.slug}-rapor" if table is None else f"{workshop.slug}-{table.code.lower()}-masa-raporu"
    return f"{name}.{extension}"


def report_docx(workshop: Workshop, table: WorkshopTable | None = None) -> bytes:
    """The workshop report, or with ``table`` that table's report, on A4."""
    from docx import Document
    from docx.shared import Mm, Pt

    with translation.override("tr"):
        tables = workshop_report(workshop, table=table)
        document = Document()
        for section in document.sections:
            section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
            section.left_margin = section.right_margin = Mm(MARGIN_MM)
            section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        document.core_properties.title = report_title(workshop, table)
        document.core_properties.language = "tr-TR"
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
            for block in _consensus(workshop):
                _consensus_docx(document, block)
        digests = table_digests(workshop)
        for report in tables:
            _table_docx(document, report, digests.get(report.table.pk))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _consensus(workshop: Workshop) -> list[ConversationConsensus]:
    """The common ground of the workshop's opinion map (its conversations' latest maps)."""
    return consensus_of(conversations_of_workshop(workshop))


def _consensus_docx(document: Any, block: ConversationConsensus) -> None:
    document.add_heading(_("Common ground of the workshop: %(title)s") % {"title": block.conversation.title}, level=1)
    document.add_paragraph(
        _(
            "Statements a majority of every opinion group agreed (or disagreed) with in the workshop's opinion map,"
            " with each group's share."
        )
    )
    for line in block.lines:
        document.add_paragraph(consensus_text(line), style="List Bullet")
    if not block.lines:
        document.add_paragraph(_("No statement has broad agreement yet."))


def _digest_docx(document: Any, digest: DigestView) -> None:
    """The table's ideas grouped by what they say (``textmine``): label words, size, quotes."""
    document.add_heading(_("Sub-topics"), level=2)
    document.add_paragraph(
        _(
            "The ideas of the table grouped automatically by what they say,"
            " with label words and the most representative ideas."
        )
    )
    if digest.summary:
        document.add_paragraph(_("Summary (the most representative contributions)")).runs[0].bold = True
        for quote in digest.summary:
            document.add_paragraph(quote.text, style="List Bullet")
    for topic in digest.subtopics:
        heading = document.add_paragraph()
        heading.add_run(topic.label or _("(no label words)")).bold = True
        heading.add_run(
            " — " + ngettext("%(count)d contribution", "%(count)d contributions", topic.size) % {"count": topic.size}
        )
        for quote in topic.quotes:
            document.add_paragraph(quote.text, style="List Bullet")


def _table_docx(document: Any, report: TableReport, digest: DigestView | None = None) -> None:
    add_heading, add_paragraph = document.add_heading, document.add_paragraph
    add_heading(_("Table: %(theme)s") % {"theme": report.theme_name}, level=1)
    if report.facilitators:
        add_paragraph(_("Facilitators: %(names)s") % {"names": ", ".join(report.facilitators)})
    if report.table.summary:
        add_paragraph(report.table.summary)
    add_paragraph(_("Participants by organisation type: %(counts)s") % {"counts": _counts(report.organisation_types)})
    add_paragraph(_("Ideas by kind: %(counts)s") % {"counts": _counts(report.by_kind)})
    if digest is not None:
        _digest_docx(document, digest)
    add_heading(_("SWOT"), level=2)
    grid = document.add_table(rows=2, cols=2)
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
    """Every idea on the record of the workshop (or of one table) as a spreadsheet for the
    analysts: table, kind, text, who said it and the type of their organisation, dots, when."""
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
            for idea in ideas_for_export(workshop, table)
        ]
        return table_xlsx(title=_("Ideas"), headers=headers, rows=rows)


def report_html(workshop: Workshop, table: WorkshopTable | None = None) -> str:
    with translation.override("tr"):
        digests = table_digests(workshop)
        return render_to_string(
            "workshops/report_print.html",
            {
                "workshop": workshop,
                "title": report_title(workshop, table),
                "single_table": table is not None,
                "participants": participants_by_type(workshop) if table is None else {},
                "consensus_blocks": [
                    (block.conversation.title, [consensus_text(line) for line in block.lines])
                    for block in (_consensus(workshop) if table is None else [])
                ],
                "tables": [(report, digests.get(report.table.pk)) for report in workshop_report(workshop, table=table)],
                "swot": swot_headings(),
                "pestle": pestle_headings(),
            },
        )


def report_pdf(workshop: Workshop, table: WorkshopTable | None = None) -> bytes:
    """The report as a tagged PDF (PDF/UA-1: headings, lists and tables reach screen readers)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(workshop, table)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def report_pdf_cached(workshop: Workshop, table: WorkshopTable | None = None) -> bytes:
    """The PDF report of the current content version, rendered once per version."""
    version = report_version(workshop, table)
    key = f"workshops:report-pdf:{LAYOUT_VERSION}:{workshop.pk}:{table.pk if table else 'all'}:{version}"
    content: bytes | None = document_cache().get(key)
    if content is None:
        content = report_pdf(workshop, table)
        document_cache().set(key, content, PDF_CACHE_SECONDS)
    return content
