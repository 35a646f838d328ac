"""``ortakakil plan validate|evaluate|import|export`` — the strategic plan on the command line.

* ``plan validate FILE.json`` — exit 0 when the plan is valid; exit 2 with one line per
  problem, each naming the item's code;
* ``plan evaluate FILE.json --period P [--json]`` — the realisation rates in period P
  (``2021`` or ``2021-H1``) from the file's ``actuals``; no database needed;
* ``plan import FILE.json`` — into the process named by the file's ``process`` key (created
  when missing), replacing that process's draft plan; all or nothing;
* ``plan export SLUG --format json|docx|pdf|xlsx -o OUT`` — the process's newest plan version.

Bad input exits with status 2 and a Turkish message naming the file (and the line).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from ortakakil.monitoring import realisation
from ortakakil.planning import interchange

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = "Strategic plan tools: validate, evaluate, import and export a plan (docs/plan-interchange.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser("validate", help="Check a plan file; exit 2 with one line per problem.")
        validate.add_argument("file")
        evaluate = actions.add_parser("evaluate", help="Realisation rates of a plan file in a period.")
        evaluate.add_argument("file")
        evaluate.add_argument("--period", required=True, help="YYYY (year end) or YYYY-H1 (first six months)")
        evaluate.add_argument("--json", action="store_true", help="Print one JSON object.")
        load = actions.add_parser("import", help="Load a plan file as the draft plan of its process.")
        load.add_argument("file")
        load.add_argument("--organisation", help="Organisation slug, when the process is new and several exist.")
        export = actions.add_parser("export", help="Write a process's newest plan version.")
        export.add_argument("process", help="Process slug, e.g. ankara-2020-2024")
        export.add_argument("--format", choices=["json", "docx", "pdf", "xlsx"], default="json")
        export.add_argument("-o", "--output", required=True, help="File to write.")
        export.add_argument("--version", type=int, dest="plan_version", help="Plan version number (default: newest).")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("tr")
        getattr(self, f"_{options['action']}")(options)

    # ----------------------------------------------------------------------------------------

    def _read(self, name: str) -> Any:
        path = Path(name)
        if not path.is_file():
            self._fail(f"{name}: dosya bulunamadı.")
        if path.stat().st_size > MAX_FILE_BYTES:
            self._fail(f"{name}: dosya {MAX_FILE_BYTES // (1024 * 1024)} MB'tan büyük.")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self._fail(f"{name}: UTF-8 değil (bayt {error.start}).")
        try:
            return interchange.loads(text)
        except interchange.PlanFormatError as error:
            where = f"{name}:{error.line}:{error.column}" if error.line else name
            self._fail(f"{where}: {error}")

    def _valid(self, name: str) -> dict[str, Any]:
        data = self._read(name)
        problems = interchange.validate(data)
        if problems:
            for problem in problems:
                self.stdout.write(str(problem))
            self._fail(f"{name}: plan geçerli değil ({len(problems)} sorun).")
        return dict(data)

    def _validate(self, options: dict[str, Any]) -> None:
        data = self._valid(options["file"])
        aims = data["aims"]
        goals = [g for a in aims for g in a["goals"]]
        indicators = [i for g in goals for i in g["indicators"]]
        self.stdout.write(
            f"{options['file']}: plan geçerli ({len(aims)} amaç, {len(goals)} hedef, {len(indicators)} gösterge)."
        )
        for gap in interchange.approval_gaps(data):
            self.stderr.write(f"onaydan önce: {gap}")

    def _evaluate(self, options: dict[str, Any]) -> None:
        data = self._valid(options["file"])
        period = options["period"]
        try:
            year = realisation.period_year(period)
        except ValueError as error:
            self._fail(f"--period: {error}")
        if year not in interchange.plan_years(data):
            self._fail(
                f"--period: {period} plan döneminin ({data['period']['start']}–{data['period']['end']}) içinde değil."
            )
        result = realisation.evaluate(data, period)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"Dönem {period}")
        for code, rate in result.indicators.items():
            self.stdout.write(f"  {code}: {_pct(rate.rate)} (sınırlı {_pct(rate.capped)})")
        for code, value in result.goals.items():
            missing = result.missing.get(code)
            self.stdout.write(f"{code}: {_pct(value)}" + (f" — eksik: {', '.join(missing)}" if missing else ""))
        for code, value in result.aims.items():
            self.stdout.write(f"{code}: {_pct(value)}")
        self.stdout.write(f"Plan: {_pct(result.plan)}")

    def _import(self, options: dict[str, Any]) -> None:
        from ortakakil.core.models import Organisation
        from ortakakil.planning.services import PlanInvalid, plan_import

        data = self._read(options["file"])
        organisation = None
        if options.get("organisation"):
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                self._fail(f"--organisation: “{options['organisation']}” adlı kurum yok.")
        try:
            report = plan_import(data, actor=None, organisation=organisation)
        except PlanInvalid as error:
            for problem in error.problems:
                self.stdout.write(str(problem))
            self._fail(
                f"{options['file']}: plan yüklenmedi ({len(error.problems)} sorun); veritabanında değişiklik yok."
            )
        for line in report.lines():
            self.stdout.write(line)

    def _export(self, options: dict[str, Any]) -> None:
        from ortakakil.planning import selectors
        from ortakakil.processes.models import Process

        process = Process.objects.filter(slug=options["process"]).first()
        if process is None:
            self._fail(f"“{options['process']}” adlı süreç yok.")
        if options.get("plan_version"):
            plan = process.plans.filter(number=options["plan_version"]).first()
        else:
            plan = selectors.latest_plan(process)
        if plan is None:
            self._fail(f"“{process.slug}” sürecinin planı yok (önce `ortakakil plan import`).")
        output = Path(options["output"])
        if not output.parent.exists():
            self._fail(f"{output}: klasör yok: {output.parent}")
        from ortakakil.documents.plan_document import plan_file

        content, _mime, _name = plan_file(plan, options["format"])
        temporary = output.with_name(output.name + ".part")
        temporary.write_bytes(content)
        temporary.replace(output)  # never leave a half-written file behind
        self.stderr.write(f"{output}: {len(content):,} bayt yazıldı.")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"%{value:.1f}".replace(".", ",")
