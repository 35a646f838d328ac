"""``ortakakil import_contacts FILE --organisation SLUG --notice-version V [--dry-run] [--as USERNAME]``.

Imports a contact list into the organisation's stakeholder registry. Errors are printed as
``FILE:LINE: message`` and the command exits with status 2; nothing is written unless every
row is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from ortakakil.core.models import Organisation, Role, User
from ortakakil.workshops.contacts_import import ImportFileError, contacts_import


class Command(BaseCommand):
    help = "Import a contact list (CSV or XLSX) into an organisation's stakeholder registry (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="Organisation slug, e.g. ankara")
        parser.add_argument(
            "--notice-version",
            required=True,
            help="Version of the information notice (aydınlatma metni) the people signed, e.g. 2024-03",
        )
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
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            self._fail(f"{path}: “{options['organisation']}” adında bir kurum yok")
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"]).first()
        else:
            actor = User.objects.filter(role=Role.PLATFORM_ADMIN).order_by("pk").first()
        if actor is None:
            self._fail(f"{path}: içe aktaracak kullanıcı bulunamadı (--as)")
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
            self._fail(f"{path}:1: {error}")
        except PermissionDenied:
            self._fail(f"{path}: {actor} bu kurumun paydaş kaydını değiştiremez")
        except ValidationError as error:
            self._fail(f"{path}: --notice-version: {' '.join(error.messages)}")
        for row in report.errors:
            self.stderr.write(f"{path}:{row.line}: " + "; ".join(row.errors))
        if report.errors:
            self._fail(f"{path}: {len(report.errors)} satırda hata var; hiçbir kişi yazılmadı.")
        counts = (
            f"{report.created_organisations} yeni kurum, {report.created_contacts} yeni kişi, "
            f"{report.updated_contacts} güncellenen kişi"
        )
        if options["dry_run"]:
            self.stdout.write(f"{path}: {len(report.rows)} satır geçerli: {counts} (deneme; hiçbir şey yazılmadı).")
        else:
            self.stdout.write(f"{path}: kişi listesi içe aktarıldı: {counts}.")
