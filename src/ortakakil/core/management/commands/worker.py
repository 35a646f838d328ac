"""``ortakakil worker [--workers N] [--no-periodic]``: run the huey consumer that executes
background jobs.

With several worker processes (docs/DEPLOYMENT.md), exactly one runs the schedule of periodic
tasks (the nightly retention, the weekly digest, the reminders); the others are started with
``--no-periodic``, or each periodic task would be queued once per worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background job worker (huey consumer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-w", "--workers", type=int, help="Number of worker threads.")
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Do not queue the periodic tasks (start every worker but one with this).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--workers", str(options["workers"])] if options.get("workers") else []
        if options["no_periodic"]:
            extra.append("--no-periodic")
        call_command("run_huey", *extra)
