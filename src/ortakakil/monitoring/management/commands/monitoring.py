"""``ortakakil monitoring <action>`` — monitoring and evaluation on the command line.

* ``monitoring report PROCESS PERIOD --format docx|pdf -o FILE`` — the report of the process's
  plan in force: ``2025-H1`` the monitoring report (izleme raporu), ``2025`` the evaluation report
  (değerlendirme raporu), ``plan`` the completion report (tamamlanma raporu).
* ``monitoring remind [--dry-run] [--today YYYY-MM-DD]`` — the e-mail reminders about values not
  yet entered, now (the periodic task's work, in the foreground). Prints one line per reminder:
  the process, unit, period, kind, due date, the missing indicators' codes and how many managers
  get it, and whether it was sent («gönderildi»), would be sent («gönderilecek», with
  ``--dry-run``, which sends and records nothing) or has nobody to go to («alıcı yok»).

Each action is a method ``_<action>`` with its parser in ``ACTIONS``: adding one is a parser
function and a method. Bad input exits with status 2 and a Turkish message.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("process", help="Process slug, e.g. ankara-2025-2029")
    parser.add_argument("period", help="2025-H1 (monitoring), 2025 (evaluation) or plan (completion)")
    parser.add_argument("--format", choices=["docx", "pdf"], default="pdf")
    parser.add_argument("-o", "--output", required=True, help="File to write.")


def _remind_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
    parser.add_argument("--today", default="", help="the day to act as today (YYYY-MM-DD)")


#: action → (help, arguments)
ACTIONS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "report": ("Write a monitoring, evaluation or completion report as DOCX or PDF.", _report_arguments),
    "remind": ("Send the reminders due today (once each).", _remind_arguments),
}


class Command(BaseCommand):
    help = "Monitoring and evaluation: reports of the plan in force, reminders about values not entered."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for name, (text, arguments) in ACTIONS.items():
            arguments(actions.add_parser(name, help=text))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("tr")
        getattr(self, f"_{options['action']}")(options)

    def _report(self, options: dict[str, Any]) -> None:
        from ortakakil.documents import monitoring_report
        from ortakakil.planning.selectors import approved_plan
        from ortakakil.processes.models import Process

        process = Process.objects.select_related("organisation").filter(slug=options["process"]).first()
        if process is None:
            self._fail(f"{options['process']}: böyle bir süreç yok.")
        plan = approved_plan(process)
        if plan is None:
            self._fail(
                f"{process.slug}: onaylanmış bir stratejik plan yok; raporlar yürürlükteki plan için hazırlanır."
            )
        plan.process = process
        try:
            content, _mime, _name = monitoring_report.report_file(plan, options["period"], options["format"])
        except monitoring_report.ReportPeriodError as error:
            self._fail(f"{process.slug}: {error}")
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as error:
            self._fail(f"{output}: yazılamadı ({error.strerror}).")
        self.stdout.write(f"{output}: {len(content)} bayt yazıldı.")

    def _remind(self, options: dict[str, Any]) -> None:
        from ortakakil.monitoring.reminders import reminders_send

        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                self._fail(f"--today: «{options['today']}» bir tarih değil; YYYY-AA-GG yazın.")
        rows = reminders_send(today=today, dry_run=options["dry_run"])
        for row in rows:
            if not row.recipients:
                state = "alıcı yok"
            elif options["dry_run"]:
                state = "gönderilecek"
            else:
                state = "gönderildi" if row.sent else "zaten gönderilmiş"
            codes = ", ".join(indicator.code for indicator in row.missing)
            self.stdout.write(
                f"{row.process.slug}\t{row.unit.name}\t{row.period}\t{row.kind}\t{row.due.isoformat()}\t"
                f"{codes}\t{len(row.recipients)} alıcı\t{state}"
            )
        if not rows:
            self.stdout.write(f"{today.isoformat()}: gönderilecek hatırlatma yok.")
