"""``ortakakil import_proposals FILE --process SLUG [--dry-run] [--as USERNAME]``.

Errors are printed as ``FILE:LINE: message`` and the command exits with status 2; nothing
is written unless every row is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from ortakakil.core.models import Role, User
from ortakakil.processes.models import Process
from ortakakil.proposals.importing import ImportFileError, proposals_import


class Command(BaseCommand):
    help = "Import proposals from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--process", required=True, help="Process slug, e.g. ankara-2020-2024")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file.")
        parser.add_argument("--as", dest="actor", help="Username of the staff member importing (default: an admin).")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("tr")
        path = Path(options["file"])
        if not path.is_file():
            self._fail(f"{path}: dosya bulunamadı")
        process = Process.objects.filter(slug=options["process"]).first()
        if process is None:
            self._fail(f"{path}: “{options['process']}” adında bir süreç yok")
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"]).first()
        else:
            actor = User.objects.filter(role=Role.PLATFORM_ADMIN).order_by("pk").first()
        if actor is None:
            self._fail(f"{path}: içe aktaracak kullanıcı bulunamadı (--as)")
        try:
            report = proposals_import(
                actor=actor,
                process=process,
                name=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            self._fail(f"{path}:1: {error}")
        except PermissionDenied:
            self._fail(f"{path}: {actor} bu süreçte öneri içe aktaramaz")
        for row in report.errors:
            self.stderr.write(f"{path}:{row.line}: " + "; ".join(row.errors))
        if report.errors:
            self._fail(f"{path}: {len(report.errors)} satırda hata var; hiçbir öneri yazılmadı.")
        if options["dry_run"]:
            self.stdout.write(f"{path}: {len(report.rows)} satır geçerli (deneme; hiçbir şey yazılmadı).")
        else:
            self.stdout.write(f"{path}: {report.created} öneri içe aktarıldı.")
