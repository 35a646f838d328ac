"""``ortakakil polis analyze DIR --json [--seed N]`` — the opinion map of a Pol.is export.

Reads a Pol.is export directory (comments.csv plus votes.csv, or participants-votes.csv when
votes.csv is absent) without touching the database, replays the conversation in vote order as
Pol.is computed it, and prints one JSON object on stdout::

    {"participants": {"<id>": <group index or null>},
     "groups": [{"id": 0, "size": n, "repness": [{"comment_id": c, "direction": "agree", "score": x}]}],
     "consensus": {"agree": [ids], "disagree": [ids]},
     "stats": {"participants": n, "comments": m, "votes": v, "seconds": t}}

Bad input exits with status 2 and a Turkish message ``FILE:LINE: …`` on stderr.

Two more actions move conversations between Pol.is and the database (through the same services
as the back office, acting as ``--user``, default the first platform administrator):

* ``ortakakil polis import DIR --conversation ID`` (an empty conversation) or
  ``ortakakil polis import DIR --process SLUG --title "…"`` (creates one) — all or nothing;
* ``ortakakil polis export ID DIR`` — comments.csv, votes.csv, participants-votes.csv and
  summary.csv in Pol.is' format.

Bad input (files, ids, a conversation that is not empty) exits with status 2 and a Turkish
message on stderr, nothing imported.
"""

from __future__ import annotations

import json
import time
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from ortakakil.opinions import polis_io
from ortakakil.opinions.math import pipeline


class Command(BaseCommand):
    help = "Pol.is tools: analyze an export directory (the opinion map's groups, repness and consensus)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        analyze = actions.add_parser("analyze", help="Groups, representative statements and consensus of an export.")
        analyze.add_argument("directory", help="Pol.is export directory")
        analyze.add_argument("--json", action="store_true", help="Print one JSON object (the only output today).")
        analyze.add_argument("--seed", type=int, default=0, help="Seed for the deterministic parts (default 0).")
        load = actions.add_parser("import", help="Import a Pol.is export directory into a conversation.")
        load.add_argument("directory", help="Pol.is export directory")
        target = load.add_mutually_exclusive_group(required=True)
        target.add_argument("--conversation", type=int, help="Id of an empty conversation.")
        target.add_argument("--process", help="Slug of the process in which to create a conversation.")
        load.add_argument("--title", help="Title of the conversation to create (with --process).")
        load.add_argument("--user", help="Username acting (default: the first platform administrator).")
        dump = actions.add_parser("export", help="Export a conversation in Pol.is' format.")
        dump.add_argument("conversation", type=int, help="Conversation id")
        dump.add_argument("directory", help="Directory to write (created if missing)")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        elif options["action"] == "export":
            self._export(options)
        else:
            self._analyze(options)

    def _actor(self, username: str | None) -> Any:
        from ortakakil.core.models import Role, User

        users = User.objects.filter(is_active=True)
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(role=Role.PLATFORM_ADMIN).order_by("pk").first()
        )
        if actor is None:
            self._fail(f"Kullanıcı bulunamadı: {username}" if username else "Platform yöneticisi yok; --user verin.")
        return actor

    def _import(self, options: dict[str, Any]) -> None:
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.db import transaction

        from ortakakil.opinions import services
        from ortakakil.opinions.models import Conversation
        from ortakakil.processes.models import Process

        actor = self._actor(options["user"])
        try:
            with transaction.atomic():
                if options["conversation"] is not None:
                    conversation = (
                        Conversation.objects.select_related("process").filter(pk=options["conversation"]).first()
                    )
                    if conversation is None:
                        self._fail(f"Görüş haritası bulunamadı: {options['conversation']}")
                else:
                    process = Process.objects.filter(slug=options["process"]).first()
                    if process is None:
                        self._fail(f"Süreç bulunamadı: {options['process']}")
                    if not (options["title"] or "").strip():
                        self._fail("--process ile --title da verin.")
                    conversation = services.conversation_create(actor=actor, process=process, title=options["title"])
                report = services.polis_import(actor=actor, conversation=conversation, directory=options["directory"])
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self._fail(" ".join(messages))
        self.stdout.write(
            f"Görüş haritası {conversation.pk}: {report.statements} görüş, {report.participants} katılımcı, "
            f"{report.votes} oy aktarıldı."
        )

    def _export(self, options: dict[str, Any]) -> None:
        from pathlib import Path

        from ortakakil.documents.polis_export import polis_export
        from ortakakil.opinions.models import Conversation

        conversation = Conversation.objects.select_related("process").filter(pk=options["conversation"]).first()
        if conversation is None:
            self._fail(f"Görüş haritası bulunamadı: {options['conversation']}")
        folder = Path(options["directory"])
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, content in polis_export(conversation).items():
                (folder / name).write_bytes(content)
        except OSError as error:
            self._fail(f"{folder}: yazılamadı ({error.strerror}).")
        self.stdout.write(f"{folder}: Pol.is dışa aktarımı yazıldı.")

    def _analyze(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            conversation = polis_io.read_export(options["directory"])
        except polis_io.PolisFormatError as error:
            self._fail(str(error))
        result = pipeline.replay(conversation.votes, seed=options["seed"])
        seconds = time.perf_counter() - started
        out = {
            "participants": {str(p): g for p, g in sorted(result.participants.items())},
            "groups": [
                {
                    "id": g.id,
                    "size": len(g.members),
                    "repness": [
                        {"comment_id": r.comment_id, "direction": r.direction, "score": round(r.score, 6)}
                        for r in g.repness
                    ],
                }
                for g in result.groups
            ],
            "consensus": {"agree": result.consensus.agree, "disagree": result.consensus.disagree},
            "stats": {
                "participants": result.n_participants,
                "comments": result.n_comments,
                "votes": result.n_votes,
                "seconds": round(seconds, 3),
            },
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
