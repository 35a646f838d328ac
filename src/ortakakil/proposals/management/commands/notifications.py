"""``ortakakil notifications send [--digest] [--dry-run]`` — the notification e-mails now (the
periodic task's work, in the foreground); with ``--digest`` the weekly digest of the current week
instead (once per person and week). ``--dry-run`` sends and records nothing and prints what would
go. Prints Turkish counts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation


class Command(BaseCommand):
    help = "Send the pending notification e-mails, or the weekly digest."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="Send the pending notification e-mails (each once).")
        send.add_argument("--digest", action="store_true", help="send this week's digest instead")
        send.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        from ortakakil.proposals import emails

        translation.activate("tr")
        dry_run = options["dry_run"]
        if options["digest"]:
            digest = emails.digest_send(dry_run=dry_run)
            verb = "gönderilecek" if dry_run else "gönderildi"
            self.stdout.write(
                f"Haftalık özet: {digest.sent} e-posta {verb}, {digest.already} kişiye bu hafta zaten gönderilmişti"
                + (f", {digest.failed} gönderilemedi (sonra yeniden denenecek)" if digest.failed else "")
                + "."
            )
            return
        result = emails.send_pending(dry_run=dry_run)
        verb = "gönderilecek" if dry_run else "gönderildi"
        self.stdout.write(
            f"Bildirimler: {result.emails} e-posta {verb} ({result.notifications} bildirim), "
            f"{result.skipped} bildirim e-postasız işaretlen{'ecek' if dry_run else 'di'}"
            + (f", {result.failed} bildirim gönderilemedi (sonra yeniden denenecek)" if result.failed else "")
            + "."
        )
