"""``ortakakil demo``: load the Ankara Büyükşehir Belediyesi 2020–2024 demo (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from ortakakil.demo.loader import PROCESS_SLUG, demo_accounts, demo_is_loaded, load_demo

LABELS = {
    "organisation": "kurum",
    "units": "birim",
    "phases": "aşama",
    "themes": "tema",
    "preparation tasks": "hazırlık görevi",
    "workshops": "çalıştay",
    "demo accounts": "demo hesabı",
    "proposals": "öneri",
    "supports": "destek",
    "survey responses": "anket yanıtı",
    "stakeholders": "paydaş kurum",
    "workshop ideas": "çalıştay fikri",
    "invitations": "davet",
    "conversations": "görüş haritası",
    "statements": "görüş",
    "opinion votes": "görüş oyu",
    "plan goals": "plan hedefi",
    "plan indicators": "performans göstergesi",
    "plan sources": "hedefe bağlı katkı",
    "projects": "proje",
    "portfolio scenarios": "portföy senaryosu",
    "budget rounds": "katılımcı bütçe oylaması",
    "ballots": "oy pusulası",
    "approved indicator values": "onaylı gösterge değeri",
    "map points": "haritada yeri işaretli öneri",
    "pictures": "öneri resmi",
    "assigned proposals": "birime atanmış öneri",
    "unit answers": "birim yöneticisi yanıtı",
}


class Command(BaseCommand):
    help = "Load the Ankara 2020–2024 demo process (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Do nothing if the demo process already exists (used by make run)."
        )
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("tr")
        # The demo is often the first command run on a fresh checkout (`make install`, then
        # `ortakakil demo`): bring the database up to date first.
        call_command("migrate", interactive=False, verbosity=0)
        if options["once"] and demo_is_loaded():
            self.stdout.write(f"Demo zaten yüklü ({PROCESS_SLUG}); atlanıyor.")
        else:
            ctx = load_demo(progress=lambda step: self.stderr.write(f"… {step}"))
            summary = ", ".join(f"{count} {LABELS.get(name, name)}" for name, count in ctx.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Ankara demosu yüklendi: {summary}."))
        if not options["quiet_accounts"]:
            self.stdout.write("Demo hesapları (kullanıcı adı / parola / rol):")
            for username, password, role in demo_accounts():
                self.stdout.write(f"  {username:<16} {password:<18} {role}")
