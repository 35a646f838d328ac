"""``ortakakil serve [--host H] [--port P] [--workers N]``: the production web server.

gunicorn with several worker processes serves the project on the configured database
(``DATABASE_URL``, else the embedded SQLite file); WhiteNoise serves the static files from
``STATIC_ROOT``, which ``collectstatic`` fills first (hashed and compressed in production mode).
Pending migrations are applied first unless ``--no-migrate`` (with several machines, migrate once
from one of them and start the others with ``--no-migrate``). The background worker is a separate
process: ``ortakakil worker``.

The command replaces itself with gunicorn (``exec``), so a process manager's signals reach it:
TERM stops it gracefully, HUP reloads the workers.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

WORKERS_MAX = 64


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, at most 9 (each worker holds its own connections)."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def _gunicorn_knows(flag: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(flag in (setting.cli or []) for setting in KNOWN_SETTINGS)


def gunicorn_argv(*, host: str, port: int, workers: int, timeout: int) -> list[str]:
    # gunicorn ≥ 24 opens a control socket in the home directory; two servers on one machine
    # (or a read-only home) would trip over it, and nothing here uses it.
    extra = ["--no-control-socket"] if _gunicorn_knows("--no-control-socket") else []
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "ortakakil.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "20",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        *extra,
    ]


class Command(BaseCommand):
    help = "Run the production web server (gunicorn, several workers, static files served)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument(
            "--workers", type=int, default=None, help="Worker processes (default 2 × CPU cores + 1, at most 9)."
        )
        parser.add_argument("--timeout", type=int, default=60, help="Seconds before a stuck worker is restarted.")
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply pending migrations first.")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        workers = default_workers() if options["workers"] is None else options["workers"]
        if not 0 < port < 65536:
            raise CommandError("--port 1 ile 65535 arasında bir sayı olmalı. / --port must be 1–65535.", returncode=2)
        if not 1 <= workers <= WORKERS_MAX:
            raise CommandError(
                f"--workers 1 ile {WORKERS_MAX} arasında olmalı. / --workers must be 1–{WORKERS_MAX}.", returncode=2
            )
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = gunicorn_argv(host=options["host"], port=port, workers=workers, timeout=options["timeout"])
        self.stdout.write(f"Ortak Akıl: http://{options['host']}:{port}  ({workers} worker)", ending="\n")
        self.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)  # noqa: S606 — our own interpreter and fixed arguments
