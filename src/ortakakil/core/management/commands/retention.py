"""``ortakakil retention [--dry-run]``: apply the retention periods of the privacy notice now, as
the worker does every night (``core/retention.py``), or only count what would go."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ortakakil.core import retention


class Command(BaseCommand):
    help = "Delete the personal data whose retention period is over (--dry-run: only count it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count the rows that would go; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        counts = retention.retention_apply(dry_run=dry_run)
        heading = "silinecek" if dry_run else "silindi"
        rows = [
            (
                rule.label,
                f"{getattr(settings, rule.setting)} gün" if rule.setting else "süresi dolunca",
                counts[rule.key],
            )
            for rule in retention.rules()
        ]
        width = max(len(label) for label, _period, _count in rows)
        self.stdout.write(f"{'Veri türü':<{width}}  {'Saklama':>15}  {heading:>9}")
        for label, period, count in rows:
            self.stdout.write(f"{label:<{width}}  {period:>15}  {count:>9}")
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(f"Deneme: {total} satır silinecekti; hiçbir şey değişmedi.")
        else:
            self.stdout.write(f"{total} satır silindi.")
