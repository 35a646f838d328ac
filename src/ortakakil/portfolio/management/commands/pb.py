"""``ortakakil pb run FILE.pb --rule greedy|mes [--completion add1] [--json]`` — the outcome of a
participatory budgeting election in a Pabulib file, no database.

Prints ``{"selected": ["<project id>", …], "cost": total, "seconds": t}``: the selected projects in
the order the rule took them, their total cost and the time the rule took (reading the file left
out). ``greedy`` is pabutools' ``greedy_utilitarian_welfare`` with cost satisfaction, ``mes`` its
``method_of_equal_shares`` with cost satisfaction, and ``--completion add1`` its
``exhaustion_by_budget_increase`` raising each voter's share by one unit at a time
(``portfolio/rules/pb.py`` says how ties are broken).

A file that cannot be read exits with status 2 and a Turkish message ``FILE:LINE: …`` on stderr.

``ortakakil pb export PROCESS ROUND [-o FILE]`` writes a participatory-budgeting round of the
database as a Pabulib file (``portfolio/counting.py``: voters numbered, never named; the published
outcome in ``selected``); an unknown process or round exits with status 2.

``ortakakil pb import FILE.pb --process SLUG --round SLUG [--title T] [--rule greedy|mes|mes_add1]
[--user USERNAME]`` brings a vote held elsewhere into the database as a closed round with its
projects and ballots (``portfolio/imports.py``), acting as ``--user`` (default: the first platform
administrator), and prints one line. A file that cannot be read or an import that is refused exits
with status 2 and ``FILE:LINE: …`` or ``FILE: …`` on stderr; nothing is stored.
"""

from __future__ import annotations

import json
import time
from fractions import Fraction
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from ortakakil.portfolio.rules import pabulib, pb


def number(value: Fraction) -> int | float:
    """A JSON number: an integer when the value is whole."""
    return value.numerator if value.denominator == 1 else float(value)


class Command(BaseCommand):
    help = "Participatory budgeting: the outcome of a Pabulib (.pb) election under a rule (no database)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="The projects a rule selects in a .pb file.")
        run.add_argument("file")
        run.add_argument("--rule", choices=("greedy", "mes"), required=True)
        run.add_argument("--completion", choices=("add1",), help="Complete MES by raising each voter's share.")
        run.add_argument("--json", action="store_true", help="Print one JSON object.")
        export = actions.add_parser("export", help="A round of the database as a .pb file.")
        export.add_argument("process", help="The process's slug.")
        export.add_argument("round", help="The round's slug.")
        export.add_argument("-o", "--output", help="The file to write (default: standard output).")
        load = actions.add_parser("import", help="Import a .pb file as a closed round of a process.")
        load.add_argument("file")
        load.add_argument("--process", required=True, help="The process's slug.")
        load.add_argument("--round", required=True, dest="round_slug", help="The new round's address (slug).")
        load.add_argument("--title", help="The round's title (default: the file's description).")
        load.add_argument("--rule", choices=("greedy", "mes", "mes_add1"), help="Default: the file's META rule.")
        load.add_argument("--user", help="Username acting (default: the first platform administrator).")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options["process"], options["round"], options.get("output"))
            return
        if options["action"] == "import":
            self._import(options)
            return
        if options["completion"] and options["rule"] != "mes":
            self._fail("--completion add1 yalnızca --rule mes ile kullanılabilir.")
        try:
            election = pabulib.read(options["file"])
        except pabulib.PabulibError as error:
            self._fail(str(error))
        start = time.perf_counter()
        profile = pb.Profile.build(
            election.project_ids(),
            [p.cost for p in election.projects],
            election.budget,
            [b.projects for b in election.ballots],
        )
        if options["rule"] == "greedy":
            chosen = pb.greedy(profile)
        elif options["completion"] == "add1":
            chosen = pb.equal_shares_add1(profile)
        else:
            chosen = pb.equal_shares(profile)
        seconds = time.perf_counter() - start
        selected = [profile.ids[j] for j in chosen]
        cost = profile.total_cost(chosen)
        if options["json"]:
            payload = {"selected": selected, "cost": number(cost), "seconds": round(seconds, 4)}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            f"{len(selected)} proje seçildi, toplam maliyet {number(cost)} / bütçe {number(profile.budget)}"
        )
        names = {p.id: p.fields.get("name", "") for p in election.projects}
        for pid in selected:
            self.stdout.write(f"  {pid}\t{names.get(pid, '')}")

    def _export(self, process: str, round_slug: str, output: str | None) -> None:
        from pathlib import Path

        from ortakakil.portfolio.counting import round_pb
        from ortakakil.portfolio.models import BudgetRound

        found = (
            BudgetRound.objects.select_related("process__organisation")
            .filter(process__slug=process, slug=round_slug)
            .first()
        )
        if found is None:
            self._fail(f"{process} sürecinde {round_slug} adlı bir katılımcı bütçe oylaması yok.")
        text = round_pb(found)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"{output} yazıldı ({found.ballots.count()} oy pusulası).")
        else:
            self.stdout.write(text, ending="")

    def _import(self, options: dict[str, Any]) -> None:
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.urls import reverse
        from django.utils import translation

        from ortakakil.core.models import Role, User
        from ortakakil.portfolio.imports import round_import
        from ortakakil.processes.models import Process

        translation.activate("tr")
        path = options["file"]
        try:
            election = pabulib.read(path)
        except pabulib.PabulibError as error:
            self._fail(str(error))
        process = Process.objects.filter(slug=options["process"]).first()
        if process is None:
            self._fail(f"{path}: {options['process']} adlı bir süreç yok.")
        users = User.objects.filter(is_active=True)
        username = options.get("user")
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(role=Role.PLATFORM_ADMIN).order_by("pk").first()
        )
        if actor is None:
            self._fail(
                f"{path}: kullanıcı bulunamadı: {username}"
                if username
                else f"{path}: platform yöneticisi yok; --user verin."
            )
        try:
            budget_round = round_import(
                actor=actor,
                process=process,
                election=election,
                slug=options["round_slug"],
                title=options.get("title"),
                rule=options.get("rule"),
            )
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self._fail(f"{path}: " + " ".join(messages) + " Hiçbir şey kaydedilmedi.")
        address = reverse("manage:budget_round_result", kwargs={"slug": process.slug, "pk": budget_round.pk})
        self.stdout.write(
            f"{process.slug}/{budget_round.slug} «{budget_round.title}»: {len(election.projects)} proje, "
            f"{len(election.ballots)} oy pusulası içe aktarıldı (kapalı oylama, kural: {budget_round.rule}); "
            f"sayım ve yayım: {address}"
        )
