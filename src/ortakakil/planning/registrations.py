"""What the plan registers into the apps below it: what became of each contribution, the goals
an official answer may cite and the link the plan records when an answer cites one, the plan's
section on the process and theme pages, and its button on the process's back-office page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ortakakil.core import links
from ortakakil.processes import sections, traceability

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import aims_with_goals, public_plan

    plan = public_plan(process)
    if plan is None:
        return None
    aims = list(aims_with_goals(plan))
    return {"plan": plan, "aims": aims, "goal_count": sum(len(aim.goals.all()) for aim in aims)}


def _theme_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import goals_for_theme, public_plan

    plan = public_plan(process)
    if plan is None or theme is None:
        return None
    goals = goals_for_theme(plan, theme)
    return {"plan": plan, "goals": goals} if goals else None


def _manage_actions(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    return {} if request.user.has_perm("planning.view_plan", process) else None


def _my_goals(user: Any) -> list[links.ShownLink]:
    """The goal cards of the latest plans whose responsible unit is this person's unit (a unit
    manager's goals, which their unit will report on)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .selectors import goals_of_unit

    if not getattr(user, "unit_id", None) or not user.has_perm("core.access_backoffice"):
        return []
    return [
        links.ShownLink(
            key=f"goal-{goal.pk}",
            label=_("Goal card %(code)s: %(title)s") % {"code": goal.code, "title": goal.title},
            url=reverse("manage:plan_goal_edit", kwargs={"slug": goal.aim.plan.process.slug, "code": goal.code}),
        )
        for goal in goals_of_unit(user.unit_id)
    ]


def register() -> None:
    from . import audit_sources
    from .editing import answer_cites_goal
    from .selectors import fates, plan_items

    traceability.register(fates)
    audit_sources.register()
    links.register_personal_links("planning", _my_goals)
    traceability.register_plan_items(plan_items)
    traceability.register_citation(answer_cites_goal)
    sections.register_section(
        sections.Section(
            key="plan",
            page=sections.PROCESS_PAGE,
            template="planning/_process_section.html",
            context=_process_section,
            order=5,
        )
    )
    sections.register_section(
        sections.Section(
            key="plan",
            page=sections.THEME_PAGE,
            template="planning/_theme_section.html",
            context=_theme_section,
            order=5,
        )
    )
    sections.register_section(
        sections.Section(
            key="plan",
            page=sections.MANAGE_PROCESS_PAGE,
            template="planning/manage/_process_actions.html",
            context=_manage_actions,
            slot=sections.ACTIONS,
            order=5,
        )
    )
