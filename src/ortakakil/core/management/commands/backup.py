"""``ortakakil backup -o FILE``: the whole database and the uploaded files in one ZIP archive,
readable by ``ortakakil restore`` into SQLite or PostgreSQL (``core/backup.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ortakakil.core import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files to a ZIP archive (restore with `ortakakil restore`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="The archive to write (.zip).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"{path}: klasör yok / no such folder: {path.parent}", returncode=2)
        summary = backup.backup(path)
        self.stdout.write(
            f"{path}: {summary.tables} tablo, {summary.rows} satır, {summary.media_files} dosya yedeklendi."
        )
