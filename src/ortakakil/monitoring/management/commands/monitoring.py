"""``ortakakil monitoring remind [--dry-run] [--today YYYY-MM-DD]`` — the e-mail reminders about
values not yet entered, now (the periodic task's work, in the foreground).

Prints one line per reminder: the process, unit, period, kind, due date, the missing indicators'
codes and how many managers get it, and whether it was sent («gönderildi»), would be sent
(«gönderilecek», with ``--dry-run``, which sends and records nothing) or has nobody to go to
(«alıcı yok»). A malformed ``--today`` exits with status 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ortakakil.monitoring.reminders import reminders_send


class Command(BaseCommand):
    help = "Monitoring: send the e-mail reminders due today about values not yet entered."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="Send the reminders due today (once each).")
        remind.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
        remind.add_argument("--today", default="", help="the day to act as today (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                self.stderr.write(f"--today: «{options['today']}» bir tarih değil; YYYY-AA-GG yazın.")
                raise SystemExit(2) from None
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
