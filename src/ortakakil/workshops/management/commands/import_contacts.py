"""``ortakakil import_contacts FILE --organisation SLUG --notice-version V [--dry-run] [--as USERNAME]``.

Imports a contact list into the organisation's stakeholder registry. Errors are printed as
``FILE:LINE: message`` and the command exits with status 2; nothing is written unless every
row is valid.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandParser

from ortakakil.core.management.importing import ImportCommand
from ortakakil.core.models import Organisation
from ortakakil.workshops.contacts_import import ImportFileError, contacts_import


class Command(ImportCommand):
    help = "Import a contact list (CSV or XLSX) into an organisation's stakeholder registry (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--organisation", required=True, help="Organisation slug, e.g. ankara")
        parser.add_argument(
            "--notice-version",
            required=True,
            help="Version of the information notice (aydınlatma metni) the people signed, e.g. 2024-03",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path, actor = self.start(options)
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            self.fail(f"{path}: “{options['organisation']}” adında bir kurum yok")
        try:
            report = contacts_import(
                actor=actor,
                organisation=organisation,
                name=path.name,
                content=path.read_bytes(),
                notice_version=options["notice_version"],
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            self.fail(f"{path}:1: {error}")
        except PermissionDenied:
            self.fail(f"{path}: {actor} bu kurumun paydaş kaydını değiştiremez")
        except ValidationError as error:
            self.fail(f"{path}: --notice-version: {' '.join(error.messages)}")
        self.fail_on_row_errors(path, report, "hiçbir kişi yazılmadı.")
        counts = (
            f"{report.created_organisations} yeni kurum, {report.created_contacts} yeni kişi, "
            f"{report.updated_contacts} güncellenen kişi"
        )
        if options["dry_run"]:
            self.stdout.write(f"{path}: {len(report.rows)} satır geçerli: {counts} (deneme; hiçbir şey yazılmadı).")
        else:
            self.stdout.write(f"{path}: kişi listesi içe aktarıldı: {counts}.")
