"""``ortakakil portfolio optimize FILE.json [--time-limit S] [--gap G] [--json]`` — the multi-year
investment portfolio that maximises total value within each year's budget, no database.

FILE.json: ``{"budgets": {"2020": amount, …}, "projects": [{"id": "…", "value": x, "costs":
{"2020": amount, …}, "theme": "…", "requires": ["<id>", …], "excludes": ["<id>", …]}],
"min_per_theme": {"<theme>": n}, "max_per_theme": {"<theme>": n}}`` (the last two optional).
Prints ``{"selected": ["<id>", …], "objective": total value, "gap": relative optimality gap,
"seconds": t}`` (``portfolio/rules/milp.py`` has the model).

A malformed file or an infeasible instance exits with status 2 and a Turkish message naming the
file and the field or the constraint that cannot hold.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from ortakakil.portfolio.rules import milp

MAX_FILE_BYTES = 50 * 2**20


@contextlib.contextmanager
def solver_output_to_stderr() -> Iterator[None]:
    """HiGHS sometimes writes to the process's standard output from C++ (past Python's
    ``sys.stdout``); the JSON contract keeps stdout for one object, so the solver's lines go to
    stderr."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


class Command(BaseCommand):
    help = "Multi-year investment portfolio: the projects that maximise value within each year's budget (no database)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        optimize = actions.add_parser("optimize", help="Choose the portfolio of a JSON instance.")
        optimize.add_argument("file")
        optimize.add_argument("--time-limit", type=float, default=10.0, help="Seconds (default 10).")
        optimize.add_argument("--gap", type=float, default=0.0, help="Stop at this relative gap (default 0: optimal).")
        optimize.add_argument("--json", action="store_true", help="Print one JSON object.")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            self._fail(f"{path}: dosya bulunamadı.")
        if path.stat().st_size > MAX_FILE_BYTES:
            self._fail(f"{path}: dosya çok büyük (en çok {MAX_FILE_BYTES // 2**20} MB).")
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            self._fail(f"{path}: dosya UTF-8 değil.")
        except json.JSONDecodeError as error:
            self._fail(f"{path}:{error.lineno}: geçerli bir JSON değil ({error.msg}).")
        if options["time_limit"] <= 0 or not 0 <= options["gap"] < 1:
            self._fail("--time-limit pozitif, --gap 0 ile 1 arasında olmalı.")
        try:
            instance = milp.parse(data)
            with solver_output_to_stderr():
                result = milp.solve(instance, time_limit=options["time_limit"], gap=options["gap"])
        except milp.PortfolioInfeasible as error:
            self._fail(f"{path}: çözüm yok — {error.where}: {error.message}")
        except milp.PortfolioError as error:
            self._fail(f"{path}: {error}")
        if options["json"]:
            payload = {
                "selected": result.selected,
                "objective": result.objective,
                "gap": result.gap,
                "seconds": round(result.seconds, 4),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        state = "kanıtlanmış en iyi" if result.optimal else "süre sınırında bulunan en iyi"
        self.stdout.write(
            f"{len(result.selected)} proje seçildi ({state}); toplam değer {result.objective:g}, "
            f"göreli fark {result.gap:.2e}, {result.seconds:.2f} s"
        )
        for year, spent in result.spent.items():
            self.stdout.write(f"  {year}: {spent:,.0f} harcanıyor (bütçe {data['budgets'][year]:,.0f})")
