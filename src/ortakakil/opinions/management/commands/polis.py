"""``ortakakil polis analyze DIR --json [--seed N]`` — the opinion map of a Pol.is export.

Reads a Pol.is export directory (comments.csv plus votes.csv, or participants-votes.csv when
votes.csv is absent) without touching the database, replays the conversation in vote order as
Pol.is computed it, and prints one JSON object on stdout::

    {"participants": {"<id>": <group index or null>},
     "groups": [{"id": 0, "size": n, "repness": [{"comment_id": c, "direction": "agree", "score": x}]}],
     "consensus": {"agree": [ids], "disagree": [ids]},
     "stats": {"participants": n, "comments": m, "votes": v, "seconds": t}}

Bad input exits with status 2 and a Turkish message ``FILE:LINE: …`` on stderr.
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

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
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
