"""``ortakakil opinion_map recompute ID [ID …]`` — recompute conversations' opinion maps now.

For the operators (after an import, or when the background worker was down): runs the same
``opinions.recompute.recompute`` as the background job, in the foreground, and prints what it
stored. ``--all`` recomputes every conversation that has votes. An unknown id exits with status 2.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from ortakakil.opinions.models import Conversation
from ortakakil.opinions.recompute import recompute


class Command(BaseCommand):
    help = "Opinion maps: recompute conversations now (the background job's work, in the foreground)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("recompute", help="Recompute the named conversations' maps.")
        run.add_argument("ids", nargs="*", type=int, help="conversation ids")
        run.add_argument("--all", action="store_true", help="every conversation with votes")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            conversations = list(Conversation.objects.filter(votes__isnull=False).distinct().order_by("pk"))
        else:
            if not options["ids"]:
                self._fail("Bir görüş alışverişi numarası ya da --all verin.")
            found = {c.pk: c for c in Conversation.objects.filter(pk__in=options["ids"])}
            missing = [str(pk) for pk in options["ids"] if pk not in found]
            if missing:
                self._fail(f"Böyle bir görüş alışverişi yok: {', '.join(missing)}")
            conversations = [found[pk] for pk in options["ids"]]
        for conversation in conversations:
            analysis = recompute(conversation)
            groups = len(analysis.result.get("groups", []))
            self.stdout.write(
                f"{conversation.pk}\t{conversation.title}\t{analysis.votes_count} oy\t"
                f"{analysis.participants_count} katılımcı\t{groups} grup\t{analysis.seconds:.2f} sn"
            )
