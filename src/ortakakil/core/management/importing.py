"""The shared shape of the ``ortakakil import_*`` commands.

Each reads one CSV/XLSX file, lets a service check it (and, unless ``--dry-run``, write all
rows or none), prints every problem as ``FILE:LINE: message`` in Turkish and exits with
status 2 when anything is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from ortakakil.core.models import Role, User
from ortakakil.core.tabular import ImportReport


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file.")
        parser.add_argument("--as", dest="actor", help="Username of the staff member importing (default: an admin).")

    def fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def start(self, options: dict[str, Any]) -> tuple[Path, User]:
        """Turkish messages; the file to read and the user who imports it."""
        translation.activate("tr")
        path = Path(options["file"])
        if not path.is_file():
            self.fail(f"{path}: dosya bulunamadı")
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"]).first()
        else:
            actor = User.objects.filter(role=Role.PLATFORM_ADMIN).order_by("pk").first()
        if actor is None:
            self.fail(f"{path}: içe aktaracak kullanıcı bulunamadı (--as)")
        return path, actor

    def fail_on_row_errors(self, path: Path, report: ImportReport, nothing_written: str) -> None:
        for row in report.errors:
            self.stderr.write(f"{path}:{row.line}: " + "; ".join(row.errors))
        if report.errors:
            self.fail(f"{path}: {len(report.errors)} satırda hata var; {nothing_written}")
