"""``ortakakil import_proposals FILE --process SLUG [--dry-run] [--as USERNAME]``.

Errors are printed as ``FILE:LINE: message`` and the command exits with status 2; nothing
is written unless every row is valid.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandParser

from ortakakil.core.management.importing import ImportCommand
from ortakakil.processes.models import Process
from ortakakil.proposals.importing import ImportFileError, proposals_import


class Command(ImportCommand):
    help = "Import proposals from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--process", required=True, help="Process slug, e.g. ankara-2020-2024")

    def handle(self, *args: Any, **options: Any) -> None:
        path, actor = self.start(options)
        process = Process.objects.filter(slug=options["process"]).first()
        if process is None:
            self.fail(f"{path}: “{options['process']}” adında bir süreç yok")
        try:
            report = proposals_import(
                actor=actor,
                process=process,
                name=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            self.fail(f"{path}:1: {error}")
        except PermissionDenied:
            self.fail(f"{path}: {actor} bu süreçte öneri içe aktaramaz")
        self.fail_on_row_errors(path, report, "hiçbir öneri yazılmadı.")
        if options["dry_run"]:
            self.stdout.write(f"{path}: {len(report.rows)} satır geçerli (deneme; hiçbir şey yazılmadı).")
        else:
            self.stdout.write(f"{path}: {report.created} öneri içe aktarıldı.")
