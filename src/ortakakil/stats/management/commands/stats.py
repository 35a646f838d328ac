"""``ortakakil stats SLUG [--json]`` — the participation figures of a process, as its public
statistics page counts them.

With ``--json`` it prints the contract of issue 14 (item 8), exactly::

    {"participants": n, "proposals": n, "supports": n, "comments": n, "survey_responses": n,
     "workshop_ideas": n,
     "by_district": {"<district>": {"participants": n|null, "proposals": n|null}},
     "by_channel": {"<channel>": n}, "by_theme": {"<theme code>": n}}

(UTF-8, Turkish district names as keys, every district figure under 5 as ``null``). Without it,
a readable Turkish table. An unknown process exits with status 2 and a Turkish message.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ortakakil.processes.models import Process

from ... import counting, report


class Command(BaseCommand):
    help = "Participation statistics of a process (what the public sees), as a table or as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Process slug, e.g. ankara-2025-2029")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("tr")
        process = Process.objects.filter(slug=options["slug"]).first()
        if process is None:
            self._fail(_("No planning process with the address «%(slug)s».") % {"slug": options["slug"]})
        found = counting.figures(process)
        if options["json"]:
            self.stdout.write(json.dumps(counting.contract(found), ensure_ascii=False))
            return
        self.stdout.write(process.title)
        for key, part in report.parts(found).items():
            if key == "time":
                continue  # a week per line is for the page and its CSV
            self.stdout.write("")
            self.stdout.write(part.caption)
            widths = [max(len(str(h)), *(len(_cell(row[i])) for row in part.rows)) for i, h in enumerate(part.headers)]
            self.stdout.write("  ".join(str(h).ljust(w) for h, w in zip(part.headers, widths, strict=True)))
            for row in part.rows:
                cells = [_cell(c) for c in row]
                self.stdout.write(
                    "  ".join(
                        c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                    )
                )


def _cell(value: object) -> str:
    return "—" if value is None else str(value)
