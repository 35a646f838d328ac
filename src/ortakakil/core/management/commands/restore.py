"""``ortakakil restore FILE``: load an ``ortakakil backup`` archive into a freshly migrated, empty
database of either kind, all or nothing (``core/backup.py``); a refusal exits with status 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ortakakil.core import backup


class Command(BaseCommand):
    help = "Restore an `ortakakil backup` archive into a freshly migrated, empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive `ortakakil backup` wrote.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"{path}: dosya yok / no such file", returncode=2)
        try:
            summary = backup.restore(path)
        except backup.RestoreError as error:
            raise CommandError(f"{path}: {error}", returncode=2) from None
        self.stdout.write(
            f"{path}: {summary.tables} tablo, {summary.rows} satır, {summary.media_files} dosya geri yüklendi."
        )
