"""Writes of the portfolio's back office: projects and participatory-budgeting rounds.

Every service checks ``portfolio.manage`` on the process, validates (Turkish messages), saves
inside a transaction and leaves an audit entry (simple-history records the actor).

* A project's dependencies must be satisfiable: it cannot require itself, the projects it requires
  (directly or through others) cannot require it back (a cycle), and it cannot require a project it
  excludes — the MILP would then have to drop it whatever the budget.
* A round's ballot rules (budget, projects, ballot type, limits, points) are frozen once a ballot
  is cast: changing them would change what voters agreed to. A round opens with at least two
  projects, closes, reopens, and goes back to draft only while nobody has voted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import assign, audited_delete, audited_save, require_perm
from ortakakil.processes.models import Process

from .models import Ballot, BudgetRound, Project
from .permissions import MANAGE

PROJECT_FIELDS = (
    "code",
    "title",
    "description",
    "kind",
    "theme",
    "responsible_unit",
    "district",
    "costs",
    "proposal",
    "goal_value",
    "vision",
    "urgency",
)
ROUND_FIELDS = (
    "title",
    "slug",
    "description",
    "theme",
    "budget",
    "vote_type",
    "min_selections",
    "max_selections",
    "voter_budget_limit",
    "points",
    "rule",
)
BALLOT_RULES = ("budget", "vote_type", "min_selections", "max_selections", "voter_budget_limit", "points")
"""What a voter agreed to (with the round's projects): frozen once a ballot exists."""
LOCKED_STATES = (BudgetRound.State.OPEN, BudgetRound.State.CLOSED, BudgetRound.State.PUBLISHED)
MIN_PROJECTS_TO_OPEN = 2


def plan_years(process: Process) -> list[int]:
    """The plan's years (start_year … end_year): a project's cost is given per year."""
    return list(range(process.start_year, process.end_year + 1))


# --- projects ------------------------------------------------------------------------------------


def _clean_costs(process: Process, costs: Mapping[str, Any]) -> dict[str, int]:
    years = {str(year) for year in plan_years(process)}
    cleaned: dict[str, int] = {}
    for year, amount in costs.items():
        if str(year) not in years:
            raise ValidationError(
                {"costs": _("Costs are given for the plan's years (%(period)s).") % {"period": process.period_label}}
            )
        if amount is None or amount == "":
            continue
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ValidationError({"costs": _("A cost is a whole number of lira, zero or more.")})
        if amount:
            cleaned[str(year)] = amount
    return dict(sorted(cleaned.items()))


def _check_belongs(process: Process, data: Mapping[str, Any]) -> None:
    theme = data.get("theme")
    if theme is not None and theme.process_id != process.pk:
        raise ValidationError({"theme": _("Choose a theme of this process.")})
    unit = data.get("responsible_unit")
    if unit is not None and unit.organisation_id != process.organisation_id:
        raise ValidationError({"responsible_unit": _("Choose a unit of the process's organisation.")})
    proposal = data.get("proposal")
    if proposal is not None and proposal.process_id != process.pk:
        raise ValidationError({"proposal": _("Choose a proposal of this process.")})
    for goal in data.get("goals") or ():
        if goal.aim.plan.process_id != process.pk:
            raise ValidationError({"goals": _("Choose goals of this process's plan.")})
    for name in ("requires", "excludes"):
        if any(other.process_id != process.pk for other in data.get(name) or ()):
            raise ValidationError({name: _("Choose projects of this process.")})


def _requires_graph(process: Process) -> dict[int, set[int]]:
    graph: dict[int, set[int]] = {}
    through = Project.requires.through.objects.filter(from_project__process=process)
    for source, target in through.values_list("from_project_id", "to_project_id"):
        graph.setdefault(source, set()).add(target)
    return graph


def _reachable(graph: Mapping[int, set[int]], start: Iterable[int]) -> set[int]:
    seen: set[int] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(graph.get(node, ()))
    return seen


def _check_dependencies(
    process: Process, project: Project | None, requires: list[Project], excludes: list[Project]
) -> None:
    """Refuse dependencies no portfolio could satisfy: a project requiring itself, a cycle of
    requirements, or requiring (directly or through others) a project it excludes."""
    if project is not None and any(other.pk == project.pk for other in requires):
        raise ValidationError({"requires": _("A project cannot require itself.")})
    if project is not None and any(other.pk == project.pk for other in excludes):
        raise ValidationError({"excludes": _("A project cannot exclude itself.")})
    graph = _requires_graph(process)
    needed = _reachable(graph, (other.pk for other in requires))
    if project is not None and project.pk in needed:
        raise ValidationError(
            {"requires": _("These requirements make a cycle: a project it requires already requires it.")}
        )
    excluded = {other.pk for other in excludes}
    clash = needed & excluded
    if clash:
        titles = ", ".join(sorted(Project.objects.filter(pk__in=clash).values_list("code", flat=True)))
        raise ValidationError(
            {"excludes": _("A project cannot exclude a project it requires: %(codes)s.") % {"codes": titles}}
        )


CODE_RE = re.compile(r"^[\w.\-/]+$")
"""Letters (Turkish ones included), digits and ``. - _ /``: a code is a project's id in the
exported .pb file, whose vote lists are separated by commas."""


def _check_code(process: Process, code: str, project: Project | None) -> None:
    if not CODE_RE.match(code):
        raise ValidationError(
            {"code": _("A project code may contain only letters, digits and . - _ / (no spaces or commas).")}
        )
    taken = Project.objects.filter(process=process, code=code)
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        raise ValidationError({"code": _("Another project of this process has the code %(code)s.") % {"code": code}})


def _project_write(*, actor: User, process: Process, project: Project | None, data: Mapping[str, Any]) -> Project:
    require_perm(actor, MANAGE, process)
    _check_belongs(process, data)
    values = {name: data[name] for name in PROJECT_FIELDS if name in data}
    values["code"] = str(values.get("code", "")).strip()
    values["costs"] = _clean_costs(process, data.get("costs") or {})
    requires = list(data.get("requires") or ())
    excludes = list(data.get("excludes") or ())
    _check_code(process, values["code"], project)
    _check_dependencies(process, project, requires, excludes)
    if project is None:
        project = Project(process=process)
        assign(project, values)
        audited_save(project, actor=actor)
    else:
        changed = assign(project, values)
        if changed:
            audited_save(project, actor=actor, update_fields=[*changed, "updated_at"])
    if "goals" in data:
        project.goals.set(data["goals"] or [])
    project.requires.set(requires)
    project.excludes.set(excludes)
    return project


@transaction.atomic
def project_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> Project:
    """A new project of ``process``; ``data`` holds the model's fields and ``goals``,
    ``requires``, ``excludes`` (lists)."""
    return _project_write(actor=actor, process=process, project=None, data=data)


@transaction.atomic
def project_update(*, actor: User, project: Project, data: Mapping[str, Any]) -> Project:
    return _project_write(actor=actor, process=project.process, project=project, data=data)


@transaction.atomic
def project_delete(*, actor: User, project: Project) -> None:
    """Delete a project, unless a round that voters saw holds it (the ballots name it)."""
    require_perm(actor, MANAGE, project.process)
    held = project.budget_rounds.filter(state__in=LOCKED_STATES).values_list("title", flat=True)
    if held:
        raise ValidationError(
            _("This project is in a participatory budgeting round that has been opened: %(rounds)s.")
            % {"rounds": ", ".join(held)}
        )
    audited_delete(project, actor=actor)


# --- participatory-budgeting rounds -------------------------------------------------------------


def _check_round(process: Process, values: Mapping[str, Any], projects: list[Project]) -> None:
    theme = values.get("theme")
    if theme is not None and theme.process_id != process.pk:
        raise ValidationError({"theme": _("Choose a theme of this process.")})
    if any(project.process_id != process.pk for project in projects):
        raise ValidationError({"projects": _("Choose projects of this process.")})
    if not values.get("budget") or values["budget"] <= 0:
        raise ValidationError({"budget": _("The budget must be more than zero.")})
    low, high = values.get("min_selections"), values.get("max_selections")
    if low is not None and high is not None and low > high:
        raise ValidationError({"max_selections": _("The most projects cannot be fewer than the least.")})
    if high is not None and high < 1:
        raise ValidationError({"max_selections": _("A voter must be able to choose at least one project.")})
    if values.get("vote_type") == BudgetRound.VoteType.CUMULATIVE and not values.get("points"):
        raise ValidationError({"points": _("A cumulative ballot needs the points each voter shares.")})


def _check_slug(process: Process, slug: str, budget_round: BudgetRound | None) -> None:
    taken = BudgetRound.objects.filter(process=process, slug=slug)
    if budget_round is not None:
        taken = taken.exclude(pk=budget_round.pk)
    if taken.exists():
        raise ValidationError({"slug": _("Another round of this process has this address.")})


@transaction.atomic
def round_create(*, actor: User, process: Process, data: Mapping[str, Any]) -> BudgetRound:
    """A new round of ``process``, as a draft; ``data`` holds the fields and ``projects``."""
    require_perm(actor, MANAGE, process)
    values = {name: data[name] for name in ROUND_FIELDS if name in data}
    projects = list(data.get("projects") or ())
    _check_round(process, values, projects)
    _check_slug(process, values.get("slug", ""), None)
    budget_round = BudgetRound(process=process, state=BudgetRound.State.DRAFT)
    assign(budget_round, values)
    audited_save(budget_round, actor=actor)
    budget_round.projects.set(projects)
    return budget_round


def _locked(budget_round: BudgetRound) -> BudgetRound:
    """The round, locked for the rest of the transaction (a ballot cast meanwhile waits)."""
    return BudgetRound.objects.select_for_update().get(pk=budget_round.pk)


@transaction.atomic
def round_update(*, actor: User, budget_round: BudgetRound, data: Mapping[str, Any]) -> BudgetRound:
    """Edit a round; its ballot rules and projects only while nobody has voted."""
    process = budget_round.process
    require_perm(actor, MANAGE, process)
    budget_round = _locked(budget_round)
    values = {name: data[name] for name in ROUND_FIELDS if name in data}
    projects = list(data["projects"]) if "projects" in data else list(budget_round.projects.all())
    merged = {name: getattr(budget_round, name) for name in ROUND_FIELDS} | values
    _check_round(process, merged, projects)
    _check_slug(process, merged["slug"], budget_round)
    rules_change = any(merged[name] != getattr(budget_round, name) for name in BALLOT_RULES) or {
        p.pk for p in projects
    } != set(budget_round.projects.values_list("pk", flat=True))
    if rules_change and Ballot.objects.filter(round=budget_round).exists():
        raise ValidationError(
            _("Ballots have been cast: the budget, the projects and the ballot rules can no longer change.")
        )
    if budget_round.state == BudgetRound.State.OPEN and len(projects) < MIN_PROJECTS_TO_OPEN:
        raise ValidationError({"projects": _("An open round needs at least two projects.")})
    changed = assign(budget_round, values)
    if changed:
        audited_save(budget_round, actor=actor, update_fields=[*changed, "updated_at"])
    budget_round.projects.set(projects)
    return budget_round


def _set_state(actor: User, budget_round: BudgetRound, state: str) -> BudgetRound:
    budget_round.state = state
    return audited_save(budget_round, actor=actor, update_fields=["state", "updated_at"])


@transaction.atomic
def round_open(*, actor: User, budget_round: BudgetRound) -> BudgetRound:
    """Open a draft round for voting (voters also need the ``budget_voting`` phase)."""
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state != BudgetRound.State.DRAFT:
        raise ValidationError(_("Only a draft round can be opened."))
    if budget_round.projects.count() < MIN_PROJECTS_TO_OPEN:
        raise ValidationError(_("A round opens with at least two projects to choose from."))
    return _set_state(actor, budget_round, BudgetRound.State.OPEN)


@transaction.atomic
def round_close(*, actor: User, budget_round: BudgetRound) -> BudgetRound:
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state != BudgetRound.State.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    return _set_state(actor, budget_round, BudgetRound.State.CLOSED)


@transaction.atomic
def round_reopen(*, actor: User, budget_round: BudgetRound) -> BudgetRound:
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state != BudgetRound.State.CLOSED:
        raise ValidationError(_("Only a closed round can be reopened."))
    return _set_state(actor, budget_round, BudgetRound.State.OPEN)


@transaction.atomic
def round_to_draft(*, actor: User, budget_round: BudgetRound) -> BudgetRound:
    """Back to draft, to change the rules: only while nobody has voted."""
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state not in (BudgetRound.State.OPEN, BudgetRound.State.CLOSED):
        raise ValidationError(_("Only an open or closed round can go back to draft."))
    if Ballot.objects.filter(round=budget_round).exists():
        raise ValidationError(_("Ballots have been cast: the round cannot go back to draft."))
    return _set_state(actor, budget_round, BudgetRound.State.DRAFT)


@transaction.atomic
def round_delete(*, actor: User, budget_round: BudgetRound) -> None:
    """Delete a draft round nobody voted in."""
    require_perm(actor, MANAGE, budget_round.process)
    budget_round = _locked(budget_round)
    if budget_round.state != BudgetRound.State.DRAFT or Ballot.objects.filter(round=budget_round).exists():
        raise ValidationError(_("Only a draft round without ballots can be deleted."))
    audited_delete(budget_round, actor=actor)
