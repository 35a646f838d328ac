"""What monitoring adds to the pages below it: the ``monitoring_public`` phase switch (the public
scoreboard and the public read of approved values), its write limits (pages and the values' API),
the dashboard's «My work» links (a unit manager's «Gösterge değerleri», the strategy team's «Onay
bekleyen değerler» with their count) and the two buttons on the process's back-office page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from ortakakil.core import links, ratelimit
from ortakakil.processes import sections
from ortakakil.processes.switches import register_switch

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme

PUBLIC_SWITCH = "monitoring_public"
WRITE_SCOPE = "measurement_write"
API_SCOPE = "measurement_api"


def api_rates() -> tuple[str, str]:
    """Other municipal systems push a period's values in one go: hundreds of indicators, from one
    server address."""
    return "1200/h", "6000/h"


def write_rates() -> tuple[str, str]:
    """A unit enters a few dozen values a period; a reviewer approves a queue one by one."""
    return "300/h", "1200/h"


def _my_work(user: Any) -> list[links.ShownLink]:
    """Per process with an approved plan: the entry page for whoever has indicators to report on,
    the review queue (with its count) for the strategy team."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from ortakakil.core.models import Role
    from ortakakil.planning.models import Plan
    from ortakakil.processes.models import Process

    from .selectors import queue_count, returned_count

    if not user.has_perm("core.access_backoffice"):
        return []
    reviewer = user.is_superuser or user.role in (Role.PLATFORM_ADMIN, Role.STRATEGY_TEAM)
    if not reviewer and not (user.role == Role.UNIT_MANAGER and user.unit_id):
        return []
    processes = Process.objects.filter(plans__status=Plan.Status.APPROVED).distinct().order_by("-pk")
    if not user.is_superuser and user.role != Role.PLATFORM_ADMIN:
        processes = processes.filter(organisation_id=user.organisation_id)
    if not reviewer:
        processes = processes.filter(
            plans__status=Plan.Status.APPROVED, plans__aims__goals__responsible_unit_id=user.unit_id
        )
    shown = []
    for process in processes[:10]:
        returned = 0 if reviewer else returned_count(process, user.unit_id)
        label = (
            _("Indicator values (%(n)d returned): %(process)s") % {"n": returned, "process": process.title}
            if returned
            else _("Indicator values: %(process)s") % {"process": process.title}
        )
        shown.append(
            links.ShownLink(
                key=f"monitoring-entries-{process.pk}",
                label=label,
                url=reverse("manage:monitoring_entries", kwargs={"slug": process.slug}),
            )
        )
        if reviewer:
            shown.append(
                links.ShownLink(
                    key=f"monitoring-review-{process.pk}",
                    label=_("Values awaiting approval (%(n)d): %(process)s")
                    % {"n": queue_count(process), "process": process.title},
                    url=reverse("manage:monitoring_review", kwargs={"slug": process.slug}),
                )
            )
    return shown


def _manage_actions(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from ortakakil.planning.selectors import approved_plan

    from .selectors import queue_count

    if approved_plan(process) is None:
        return None
    can_review = request.user.has_perm("core.manage_organisation", process)
    return {"can_review": can_review, "queue_count": queue_count(process) if can_review else 0}


def _target_hint(indicator: Any) -> Any:
    from .selectors import target_hint

    return target_hint(indicator)


def register() -> None:
    from ortakakil.core.personal_data import register_personal_data
    from ortakakil.planning.target_hints import register_provider

    from . import audit_sources
    from .personal_data import SOURCE

    register_switch(PUBLIC_SWITCH, gettext_lazy("Monitoring results in public"))
    register_personal_data(SOURCE)
    audit_sources.register()
    ratelimit.register_scope(WRITE_SCOPE, write_rates)
    ratelimit.register_scope(API_SCOPE, api_rates)
    links.register_personal_links("monitoring", _my_work)
    register_provider("monitoring", _target_hint)
    sections.register_section(
        sections.Section(
            key="monitoring",
            page=sections.MANAGE_PROCESS_PAGE,
            template="monitoring/_process_actions.html",
            context=_manage_actions,
            slot=sections.ACTIONS,
            order=6,
        )
    )
