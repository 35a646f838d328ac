"""The authorisation matrix (issue 15): docs/AUTHORISATION.md is the single source of truth.

The tables of that document are parsed here and walked with the Django test client against the
Ankara demo, once per role: every route named in a row is visited with the row's method, and the
answer must be the documented one. A denied POST must leave the database exactly as it was
(``fingerprint``). Every answer must carry the security headers. ``test_every_route_is_in_the_matrix``
fails when the resolver has a pattern that is neither in the document nor in ``EXEMPT``.

A failing cell prints the row as the code answers it now, in the document's own syntax: to add a
route, add its row to the document (after checking every cell against the rules, never by
pasting blindly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

DOC = Path(__file__).resolve().parents[2] / "docs" / "AUTHORISATION.md"

ROLES = ("anonymous", "citizen", "stakeholder", "facilitator", "unit manager", "strategy team", "admin")
# The demo account that plays each role (src/ortakakil/demo/content/ankara.toml).
USERNAMES = {
    "anonymous": None,
    "citizen": "vatandas",
    "stakeholder": "paydas",
    "facilitator": "kolaylastirici",
    "unit manager": "birim",
    "strategy team": "strateji",
    "admin": "admin",
}
# Cells that mean "refused": the request must change nothing.
DENIED = {"login", "401", "403", "404", "405"}
CELL = re.compile(r"^(login|[1-5]\d\d)$")

# Patterns the matrix does not walk, each with its reason (a prefix of the pattern's route).
EXEMPT = {
    "admin/": "Django's admin site: AdminSite.has_permission lets in active is_staff accounts only, "
    "which the platform gives platform admins only; the row `admin:index` walks its door.",
    "accounts/^confirm-email/": "allauth's e-mail confirmation: needs a signed key from an e-mail.",
    "accounts/^password/reset/key/": "allauth's password reset: needs a signed key from an e-mail.",
    "accounts/password/reset/key/done/": "allauth's static 'password changed' page.",
}


@dataclass(frozen=True)
class Row:
    names: tuple[str, ...]
    method: str
    cells: dict[str, str]
    line: int

    @property
    def id(self) -> str:
        return f"{self.method} {self.names[0]}" + (f" (+{len(self.names) - 1})" if len(self.names) > 1 else "")


def read_matrix(text: str | None = None) -> list[Row]:
    """Every row of the document's matrix tables: ``| `name`, `name` | GET | cell × 7 |``."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("| `"):
            continue
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        assert len(parts) == 2 + len(ROLES), f"AUTHORISATION.md:{number}: expected {2 + len(ROLES)} cells: {line}"
        names = tuple(re.findall(r"`([^`]+)`", parts[0]))
        method = parts[1]
        assert method in ("GET", "POST"), f"AUTHORISATION.md:{number}: method must be GET or POST: {method}"
        cells = [part.split()[0] if part else "" for part in parts[2:]]
        for cell in cells:
            assert CELL.match(cell), f"AUTHORISATION.md:{number}: unknown cell {cell!r} (a status code or login)"
        rows.append(Row(names, method, dict(zip(ROLES, cells, strict=True)), number))
    return rows


def route_patterns() -> list[tuple[str, str, list[str]]]:
    """(route as written, qualified name, keyword argument names) of every pattern."""
    found: list[tuple[str, str, list[str]]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                keywords = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
                names = [a or b for a, b in keywords]
                found.append((route, f"{namespace}{entry.name}" if entry.name else "", names))

    walk(get_resolver(), "", "")
    return found


def exemption(route: str) -> str | None:
    return next((reason for prefix, reason in EXEMPT.items() if route.startswith(prefix)), None)


# ---------------------------------------------------------------------------------------------
# Completeness: the document and the resolver agree.


def test_every_route_is_in_the_matrix():
    documented = {name for row in read_matrix() for name in row.names}
    missing = [
        f"  {route}  (name {name or '—'}): add the row  | `{name}` | GET | … |  to docs/AUTHORISATION.md "
        "(and a POST row if the view takes writes), or a reasoned entry to EXEMPT"
        for route, name, _ in route_patterns()
        if name not in documented and exemption(route) is None
    ]
    assert not missing, "URL patterns neither in the authorisation matrix nor exempted:\n" + "\n".join(missing)


def test_every_matrix_row_names_a_route():
    known = {name for _, name, _ in route_patterns()}
    unknown = [
        f"AUTHORISATION.md:{row.line}: {name}" for row in read_matrix() for name in row.names if name not in known
    ]
    assert not unknown, "Rows naming routes the resolver does not have:\n" + "\n".join(unknown)


def test_each_route_and_method_has_one_row():
    seen: dict[tuple[str, str], int] = {}
    twice = []
    for row in read_matrix():
        for name in row.names:
            if (name, row.method) in seen:
                twice.append(f"{row.method} {name}: lines {seen[name, row.method]} and {row.line}")
            seen[name, row.method] = row.line
    assert not twice, "\n".join(twice)


def test_the_parser_refuses_a_malformed_row():
    with pytest.raises(AssertionError, match="unknown cell"):
        read_matrix("| `home` | GET | 200 | yes | 200 | 200 | 200 | 200 | 200 |")
    with pytest.raises(AssertionError, match="expected 9 cells"):
        read_matrix("| `home` | GET | 200 | 200 |")


# ---------------------------------------------------------------------------------------------
# The walk.


@pytest.fixture(scope="module")
def world(_ankara_demo_module, django_db_blocker):
    """The demo's objects each route needs, plus the few kinds the demo has none of (a workshop
    file, a theme suggestion, a saved triage view, a job), made inside the module's transaction."""
    from ortakakil.core.emails import unsubscribe_token
    from ortakakil.core.models import Job, User
    from ortakakil.monitoring.models import Measurement
    from ortakakil.opinions.models import Conversation, Statement
    from ortakakil.planning.models import AnalysisItem, Finding, Goal, Indicator, Source
    from ortakakil.portfolio.models import BudgetRound, Project, Scenario
    from ortakakil.processes.models import Phase, PreparationTask, Process, Theme
    from ortakakil.proposals.models import Attachment, SavedView
    from ortakakil.surveys.models import Question, Survey
    from ortakakil.textmine.models import ThemeSuggestion
    from ortakakil.workshops.models import ContactPerson, Idea, Invitation, WorkshopFile, WorkshopTable

    with django_db_blocker.unblock(), translation.override("tr"):
        users = {role: User.objects.get(username=name) for role, name in USERNAMES.items() if name}
        process = Process.objects.get(slug="ankara-2020-2024")
        table = WorkshopTable.objects.filter(workshop__process=process).order_by("is_closed", "pk").first()
        table.facilitators.add(users["facilitator"])  # the facilitator of the table the walk visits
        workshop = table.workshop
        idea = Idea.objects.filter(table=table).order_by("pk").first()
        attachment = Attachment.objects.filter(proposal__process=process, comment=None).order_by("pk").first()
        proposal = attachment.proposal
        survey = Survey.objects.filter(process=process).first()
        goal = Goal.objects.filter(aim__plan__process=process, responsible_unit=users["unit manager"].unit).first()
        goal = goal or Goal.objects.filter(aim__plan__process=process).first()
        indicator = Indicator.objects.filter(goal=goal).first()
        measurement = Measurement.objects.filter(indicator__goal__aim__plan__process=process).order_by("pk").first()
        conversation = Conversation.objects.filter(process=process).order_by("pk").first()
        budget_round = BudgetRound.objects.filter(process=process).first()
        staff_file = WorkshopFile.objects.create(
            workshop=workshop, title="Sunum", file=ContentFile(b"%PDF-1.4\n", name="sunum.pdf"), size=9
        )
        suggestion = ThemeSuggestion.objects.create(
            kind="proposal",
            object_id=proposal.pk,
            process=process,
            theme=Theme.objects.filter(process=process).first(),
            confidence=0.9,
        )
        saved_view = SavedView.objects.create(user=users["strategy team"], process=process, name="Görünüm", query="")
        job = Job.objects.create(kind="test", label="Deneme", created_by=users["strategy team"])
        invitation = Invitation.objects.filter(workshop=workshop).order_by("pk").first()
        aim = goal.aim
        aim_source = Source.objects.filter(plan=aim.plan, aim__isnull=False).order_by("pk").first()
        values: dict[str, Any] = {
            "slug": process.slug,
            "org_slug": process.organisation.slug,
            "workshop": workshop.slug,
            "code": table.code,
            "token": invitation.token,
            "survey": survey.slug,
            "round_slug": budget_round.slug,
            "attachment_id": attachment.pk,
            "chart": "totals",
            "format": "json",
            "table": "amaclar",
            "period": measurement.period,
            "section": "pestle",
            "target": "goal",
            "item": goal.pk,
            "indicator": indicator.code,
            "question": Question.objects.filter(survey=survey).order_by("pk").first().pk,
            "statement": Statement.objects.filter(conversation=conversation).order_by("pk").first().pk,
        }
        # ``pk`` (and ``code`` where it is not the table's) by route.
        by_route: dict[str, dict[str, Any]] = {
            "theme_detail": {"code": Theme.objects.filter(process=process).first().code},
            "table_phone_vote": {"pk": idea.pk},
            "table_idea_edit": {"pk": idea.pk},
            "table_idea_withdraw": {"pk": idea.pk},
            "table_idea_merge": {"pk": idea.pk},
            "workshop_file": {"pk": staff_file.pk},
            "plan_goal": {"code": goal.code},
            "monitoring_scoreboard_goal": {"code": goal.code},
            "unsubscribe": {},
            "email_unsubscribe": {"token": unsubscribe_token(users["citizen"], "proposal_answer")},
            "job_detail": {"pk": job.pk},
            "job_download": {"pk": job.pk},
            "manage:unit_edit": {"pk": users["unit manager"].unit_id},
            "manage:user_edit": {"pk": users["unit manager"].pk},
            "manage:stakeholder_edit": {"pk": invitation.stakeholder_id},
            "manage:contact_create": {"pk": invitation.stakeholder_id},
            "manage:contact_edit": {"pk": ContactPerson.objects.order_by("pk").first().pk},
            "manage:contact_withdraw": {"pk": ContactPerson.objects.order_by("pk").first().pk},
            "manage:workshop_file_delete": {"pk": staff_file.pk},
            "manage:workshop_invitation_move": {"pk": invitation.pk},
            "manage:workshop_checkin_do": {"pk": invitation.pk},
            "manage:workshop_table_edit": {"pk": table.pk},
            "manage:plan_aim_edit": {"code": aim.code},
            "manage:plan_aim_delete": {"code": aim.code},
            "manage:plan_aim_source_add": {"code": aim.code},
            "manage:plan_aim_source_remove": {
                "code": aim_source.aim.code if aim_source else aim.code,
                "pk": aim_source.pk if aim_source else 0,
            },
            "manage:plan_goal_create": {"code": aim.code},
            "manage:plan_goal_source_remove": {
                "code": goal.code,
                "pk": getattr(Source.objects.filter(goal=goal).first(), "pk", 0),
            },
            "manage:plan_source_remove": {"pk": Source.objects.filter(plan=aim.plan).order_by("pk").first().pk},
            "manage:plan_analysis_item_edit": {"pk": AnalysisItem.objects.filter(plan=aim.plan).first().pk},
            "manage:plan_analysis_item_delete": {"pk": AnalysisItem.objects.filter(plan=aim.plan).first().pk},
            "manage:plan_analysis_finding_edit": {"pk": Finding.objects.filter(plan=aim.plan).first().pk},
            "manage:plan_analysis_finding_delete": {"pk": Finding.objects.filter(plan=aim.plan).first().pk},
            "manage:theme_suggestion_confirm": {"pk": suggestion.pk},
            "manage:theme_suggestion_correct": {"pk": suggestion.pk},
            "manage:monitoring_report_chart": {"code": indicator.code},
            "manage:monitoring_report_download": {"fmt": "xlsx"},
            "manage:monitoring_bulk_template": {"fmt": "xlsx"},
            "manage:project_export": {"fmt": "csv"},
            "manage:budget_round_state": {"pk": budget_round.pk, "action": "close"},
            "proposals_manage:triage_view": {"pk": saved_view.pk},
            "proposals_manage:triage_view_delete": {"pk": saved_view.pk},
            "plan_download": {"fmt": "json"},
            "survey_export": {"fmt": "csv"},
            "table_report_download": {"fmt": "xlsx"},
            "workshop_report_download": {"fmt": "xlsx"},
        }
        pk_by_prefix = [
            ("manage:phase", Phase.objects.filter(process=process).first().pk),
            ("manage:theme_", Theme.objects.filter(process=process).first().pk),
            (
                "manage:task_",
                PreparationTask.objects.filter(process=process, owner_unit=users["unit manager"].unit).first().pk,
            ),
            ("manage:survey", survey.pk),
            ("manage:question", survey.pk),
            ("manage:plan_goal", goal.code),
            ("manage:plan_indicator", goal.code),
            ("manage:conversation", conversation.pk),
            ("manage:statement", conversation.pk),
            ("manage:polis", conversation.pk),
            ("manage:budget_round", budget_round.pk),
            ("manage:project", Project.objects.filter(process=process).first().pk),
            ("manage:scenario", Scenario.objects.filter(process=process).first().pk),
            ("manage:monitoring_entry", indicator.pk),
            ("manage:monitoring", measurement.pk),
            ("proposals_manage:", proposal.pk),
            ("proposal", proposal.pk),
            ("conversation", conversation.pk),
            ("api:", None),
        ]
        api_pk = {
            "budget-round": budget_round.pk,
            "conversation": conversation.pk,
            "idea": idea.pk,
            "proposal": proposal.pk,
        }
        return {
            "users": users,
            "values": values,
            "by_route": by_route,
            "pk_by_prefix": pk_by_prefix,
            "api_pk": api_pk,
            "goal": goal,
        }


def _api_basename(world: dict[str, Any], name: str) -> str | None:
    """The router's basename of an API route (``budget-round-detail`` → ``budget-round``)."""
    route = name.split(":")[-1]
    return next((base for base in world["api_pk"] if route.startswith(base + "-")), None)


def url_for(world: dict[str, Any], name: str, keywords: list[str]) -> str:
    given = world["by_route"].get(name, {})
    if name == "manage:plan_source_attach" and "item" not in keywords:
        given = {"target": "mission"}  # the plan's own statements; aims, goals … name their item
    kwargs: dict[str, Any] = {}
    for keyword in keywords:
        if keyword in given:
            kwargs[keyword] = given[keyword]
        elif keyword == "pk" and (api := _api_basename(world, name)) is not None:
            kwargs[keyword] = world["api_pk"][api]
        elif keyword == "code" and name.startswith("manage:plan_"):
            kwargs[keyword] = world["goal"].code
        elif keyword == "pk":
            kwargs[keyword] = next(value for prefix, value in world["pk_by_prefix"] if name.startswith(prefix))
        elif keyword == "fmt":
            kwargs[keyword] = "csv"
        else:
            kwargs[keyword] = world["values"][keyword]
    return reverse(name, kwargs=kwargs)


# A plausible write: the fields most forms here take, filled in. A refused request must not
# store any of it.
PAYLOAD = {
    "title": "Yetki denemesi",
    "name": "Yetki denemesi",
    "text": "Yetki denemesi metni",
    "body": "Yetki denemesi metni, yeterince uzun bir gövde.",
    "summary": "Özet",
    "description": "Açıklama",
    "value": "1",
    "status": "done",
    "state": "accepted",
    "kind": "idea",
    "code": "YD1",
    "reason": "Deneme",
    "confirm": "1",
    # no proposal has id 0: the same answer on either database (ids 1 and 2 exist only on SQLite,
    # where the demo's rows start at 1; PostgreSQL's sequences go on from earlier tests)
    "ids": ["0"],
    "action": "hide",
    "vote": "1",
    "stance": "for",
    "language": "en",
    "approved_at": "2020-02-14",
    "council_decision": "Büyükşehir Belediye Meclisi, 14.02.2020 tarih ve 412 sayılı karar",
}


def fingerprint() -> dict[str, tuple[Any, ...]]:
    """Rows per table of every model (and many-to-many table), with the latest ``updated_at``
    where a table has one; sessions aside (logging a client in writes them)."""
    parts, labels = [], []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table == "django_session":
            continue
        quoted = connection.ops.quote_name(table)
        has_updated = any(field.column == "updated_at" for field in model._meta.concrete_fields)
        # As text: PostgreSQL will not unite an untyped NULL column with a timestamp one.
        latest = (
            f"CAST(MAX({connection.ops.quote_name('updated_at')}) AS TEXT)" if has_updated else "CAST(NULL AS TEXT)"
        )
        parts.append(f"SELECT %s, COUNT(*), {latest} FROM {quoted}")  # noqa: S608 — names from the models
        labels.append(table)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), labels)
        return {table: tuple(rest) for table, *rest in cursor.fetchall()}


def outcome(response: Any) -> str:
    if response.status_code in (301, 302):
        login = reverse(settings.LOGIN_URL)
        if response["Location"].startswith(login) or response["Location"].startswith("/admin/login/"):
            return "login"
    return str(response.status_code)


def header_problems(response: Any, where: str) -> list[str]:
    """What is missing of the security headers every answer carries."""
    policy = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    problems = []
    # A file served as it was uploaded gets a stricter policy: nothing runs at all.
    scripts_blocked = directives.get("script-src") == "'self'" or (
        "script-src" not in directives and directives.get("default-src") == "'none'"
    )
    if not scripts_blocked or directives.get("frame-ancestors") != "'none'":
        problems.append(f"{where}: Content-Security-Policy {policy!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: X-Content-Type-Options {response.get('X-Content-Type-Options')!r}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"{where}: X-Frame-Options {response.get('X-Frame-Options')!r}")
    return problems


ROWS = read_matrix()


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_the_matrix(row, world, ankara_demo):
    patterns = [(name, keywords) for _, name, keywords in route_patterns() if name in row.names]
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world["users"].get(role) is not None:
            client.force_login(world["users"][role])
        clients[role] = client
    problems = []
    for name, keywords in patterns:
        url = url_for(world, name, keywords)
        seen = {}
        for role in ROLES:
            expected = row.cells[role]
            # Each request in its own savepoint, rolled back: an allowed write does not change
            # what the next role finds.
            with transaction.atomic():
                before = fingerprint() if row.method == "POST" else None
                if row.method == "GET":
                    response = clients[role].get(url)
                else:
                    response = clients[role].post(url, PAYLOAD)
                got = outcome(response)
                check = row.method == "POST" and (expected in DENIED or got in DENIED)
                after = fingerprint() if check else None
                transaction.set_rollback(True)
            seen[role] = got
            where = f"{row.method} {url} as {role}"
            problems += header_problems(response, where)
            if got != expected:
                problems.append(f"{where}: documented {expected}, answered {got}")
            if check and before != after:
                changed = sorted(t for t in after if before.get(t) != after[t])
                problems.append(f"{where}: refused ({got}) but changed {changed}")
        if problems:
            cells = " | ".join(seen[role] for role in ROLES)
            problems.append(f"the code answers now (line {row.line}): | `{name}` | {row.method} | {cells} |")
    assert not problems, "\n".join(problems)


def test_the_fingerprint_sees_one_stored_row_and_one_update(world, ankara_demo):
    """A refusal that stores a row, or changes one, cannot pass unnoticed."""
    from ortakakil.proposals.models import Follow, Proposal

    citizen = world["users"]["citizen"]
    before = fingerprint()
    proposal = Proposal.objects.exclude(follows__user=citizen).first()
    Follow.objects.create(proposal=proposal, user=citizen)
    assert fingerprint() != before

    before = fingerprint()
    proposal.title += " (düzeltildi)"
    proposal.save(update_fields=["title", "updated_at"])
    assert fingerprint() != before


def test_a_missing_header_is_named():
    from django.http import HttpResponse

    assert len(header_problems(HttpResponse(), "GET /")) == 3
