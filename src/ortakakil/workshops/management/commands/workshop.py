"""``ortakakil workshop report <process slug> --format docx|pdf -o OUT``.

Writes the report of the process's first workshop: every table's theme, its SWOT items
grouped as Güçlü yönler / Zayıf yönler / Fırsatlar / Tehditler, PESTLE factors and the
top-voted ideas. Bad input exits with status 2 and a Turkish message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from ortakakil.documents.workshop_report import report_docx, report_pdf
from ortakakil.workshops.selectors import first_workshop


class Command(BaseCommand):
    help = "Workshop tools: `report` writes the workshop report as DOCX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        report = actions.add_parser("report", help="Write the report of the process's first workshop.")
        report.add_argument("process", help="Process slug, e.g. ankara-2020-2024")
        report.add_argument("--format", choices=["docx", "pdf"], default="docx")
        report.add_argument("-o", "--output", required=True, help="File to write.")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("tr")
        workshop = first_workshop(options["process"])
        if workshop is None:
            self._fail(f"“{options['process']}” sürecinde çalıştay bulunamadı (önce `ortakakil demo`).")
        output = Path(options["output"])
        if not output.parent.exists():
            self._fail(f"{output}: klasör yok: {output.parent}")
        content = report_docx(workshop) if options["format"] == "docx" else report_pdf(workshop)
        temporary = output.with_name(output.name + ".part")
        temporary.write_bytes(content)
        temporary.replace(output)  # never leave a half-written report behind
        self.stderr.write(f"{output}: {len(content):,} bayt yazıldı.")
